"""Plain-text dumps of a PDF as real tools write them, and what the plain reader makes of them
compared with what the PDF reader makes of the PDF itself.

Three tools: pdfplumber's `extract_text()` (default settings), poppler's `pdftotext -layout`
and `pdftotext` without `-layout`. The dumps are written by the tests, never committed. A
figure is a fact of a modelled table (类/款/项, 经济分类, 三公, 收支总表, 项目), keyed by the table
kind, the line (code, key or name, unit) and the column's field; the comparison says, per PDF
figure, whether the dump gives the same value, a NULL, a different value, or nothing.
"""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pdfplumber

from ingest.model import ParsedDocument
from ingest.tables.coverage import LANDING_ROLES, MODELLED
from tests.conftest import REALWORLD, expected_documents
from tests.pdfgen import kind_word, reportlab_style, sheets

TOOLS = ("pdfplumber", "pdftotext-layout", "pdftotext")
Key = tuple[str, str, str, str, str, str]


def pdfs(folder: Path) -> list[Path]:
    """The real PDFs of data/realworld, then samples 001-004 rendered as PDFs into `folder` (`render-…`)."""
    renders = [
        reportlab_style.render(sheets.document(doc), folder / f"render-{doc['_name']}.pdf", kind_word(doc))
        for doc in expected_documents()
        if doc["_name"] != "000"
    ]
    return sorted(REALWORLD.glob("*.pdf")) + renders


def available(tool: str) -> bool:
    return tool == "pdfplumber" or shutil.which("pdftotext") is not None


def dump(pdf: Path, tool: str) -> str:
    """The text `tool` extracts from `pdf`, pages one after another."""
    if tool == "pdfplumber":
        with pdfplumber.open(pdf) as document:
            return "\n".join(page.extract_text() or "" for page in document.pages)
    flags = ["-layout"] if tool == "pdftotext-layout" else []
    return subprocess.run(["pdftotext", *flags, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def figures(doc: ParsedDocument) -> Counter[tuple[Key, Decimal | None]]:
    """Every value of a fact (a line item of a role that lands), keyed by table kind, line and field."""
    found: Counter[tuple[Key, Decimal | None]] = Counter()
    for table in doc.tables:
        if table.layout not in MODELLED:
            continue
        for item in table.items:
            if item.role not in LANDING_ROLES[table.layout]:
                continue  # not a fact (a row read as neither a line nor a total is reported instead)
            line = "" if item.role == "total" else item.code or item.key or item.name or ""  # a total is its role
            for name, cell in item.values.items():
                found[((table.kind, item.role, line, item.unit_code or "", item.block_label or "", name), cell.amount)] += 1
    return found


@dataclass
class Comparison:
    same: list[Key] = field(default_factory=list)
    null: list[Key] = field(default_factory=list)  # the dump's reading left it NULL
    different: list[tuple[Key, Decimal, set[Decimal | None]]] = field(default_factory=list)
    missing: list[Key] = field(default_factory=list)  # no such line or field in the dump's reading
    # a figure the dump's reading gives where the PDF's prints a blank, or has no such line or field
    extra: list[tuple[Key, Decimal]] = field(default_factory=list)

    @property
    def printed(self) -> int:
        return len(self.same) + len(self.null) + len(self.different) + len(self.missing)


def compare(pdf: ParsedDocument, text: ParsedDocument) -> Comparison:
    """Per figure the PDF gives (a value, not a blank), what the dump's reading gives; and the
    figures the dump's reading gives where the PDF gives none (`extra`: a blank filled, or a line
    the PDF does not have)."""
    read: dict[Key, set[Decimal | None]] = {}
    for (key, amount), _ in figures(text).items():
        read.setdefault(key, set()).add(amount)
    result = Comparison()
    printed: dict[Key, set[Decimal | None]] = {}
    for (key, amount), _ in figures(pdf).items():
        printed.setdefault(key, set()).add(amount)
    for (key, amount), count in figures(text).items():
        if amount is not None and not (printed.get(key, set()) - {None}):
            result.extra += [(key, amount)] * count
    for (key, amount), count in figures(pdf).items():
        if amount is None:
            continue
        got = read.get(key)
        if not got:
            result.missing += [key] * count
        elif amount in got:
            result.same += [key] * count
        elif got == {None}:
            result.null += [key] * count
        else:
            result.different += [(key, amount, got)] * count
    return result
