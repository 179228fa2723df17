"""Test-only PDF fixtures: the person-typed expected values drawn as PDFs, and hostile files.

`python -m tests.pdfgen OUT_DIR` writes every rendering (the `fixtures` make target).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.pdfgen import excel_style, reportlab_style, sheets


def kind_word(doc: dict[str, Any]) -> str:
    return "决算" if doc["metadata"]["document_kind"] == "final_account" else "预算"


def render_pdf(doc: dict[str, Any], style: str, path: Path) -> Path:
    """Draw `doc` (an expected yml) as a PDF in `style` (reportlab | excel)."""
    sheet_doc = sheets.document(doc)
    if style == "reportlab":
        return reportlab_style.render(sheet_doc, path, kind_word(doc))
    if style == "excel":
        return excel_style.render(sheet_doc, path, kind_word(doc))
    raise ValueError(f"unknown PDF style {style!r}")
