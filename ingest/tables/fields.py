"""Header path -> semantic field, through one alias table (catalog/column_fields.csv).

A field that appears again further right starts a new block: tables printed as
side-by-side copies (收支总表: income | expenditure; 基本支出决算明细表: three
code/name/amount blocks) become one record per block.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources

from ingest.model import Column


@cache
def _field_patterns() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    text = resources.files("ingest.catalog").joinpath("column_fields.csv").read_text(encoding="utf-8")
    patterns: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for row in csv.DictReader(text.splitlines()):
        patterns.setdefault(row["family"], []).append((row["field"], re.compile(row["pattern"])))
    return patterns


def field_for(family: str, path: str) -> str | None:
    for name, pattern in _field_patterns().get(family, []):
        if path and pattern.search(path):
            return name
    return None


def assign_fields(family: str, paths: list[str]) -> list[Column]:
    columns: list[Column] = []
    block = 0
    seen: set[str] = set()
    for col_no, path in enumerate(paths):
        name = field_for(family, path)
        if name is not None and name in seen:
            block += 1
            seen = set()
        if name is not None:
            seen.add(name)
        columns.append(Column(col_no=col_no, header_path=path, field=name, block_no=block))
    return columns


def block_label(columns: list[Column], block_no: int) -> str | None:
    """The top header label shared by a block's columns (人员经费, 预算数, 收入…), if any."""
    paths = [c.header_path for c in columns if c.block_no == block_no and c.field]
    tops = {p.split("/")[0] for p in paths}
    return tops.pop() if len(tops) == 1 and all("/" in p for p in paths) else None
