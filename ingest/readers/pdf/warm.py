"""Imported by the worker fork server: loads once what every PDF parse would load again in
each fresh worker (pdfminer's Chinese CMaps, the catalogs), so a worker starts warm."""

from __future__ import annotations

from pdfminer.cmapdb import CMapDB

from ingest.tables.fields import _field_patterns
from ingest.tables.header import header_groups

for name in ("UniGB-UCS2-H", "UniGB-UTF16-H", "GBK-EUC-H"):
    CMapDB.get_cmap(name)
CMapDB.get_unicode_map("Adobe-GB1", False)
_field_patterns()
header_groups()
