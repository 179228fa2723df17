"""One document in, one ParsedDocument out: read, find metadata, classify and parse tables.

Never raises for a bad document: a file that cannot be read comes back `failed` with a
one-line reason naming what is wrong, so the rest of the corpus still builds.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

from ingest.metadata import read_metadata
from ingest.model import DocumentMetadata, Issue, ParsedDocument, ParsedTable, PrintedTable, ProseFigure, SourceLine
from ingest.prose import read_figures
from ingest.readers import MISSING_READER_REASON, UnreadableDocument, get_reader, sniff_format
from ingest.tables.coverage import account
from ingest.tables.kinds import UNKNOWN, classify, classify_header
from ingest.tables.parsers import parse_table
from ingest.tables.unruled import place_unruled

REQUIRED_METADATA = ("admin_level", "department_name", "fiscal_year", "document_kind")
UNIT_OF_PROSE = "万元"  # the unit prose figures are stated in (seeds/narrative_figures.csv)
FACT_LAYOUTS = frozenset({"function", "economic"})  # the tables whose coded lines are the warehouse's facts
TOTAL_FIGURES = frozenset({"income_total", "expenditure_total", "general_public_budget"})


def failed_document(path: Path, source_path: str, reason: str, data: bytes | None = None) -> ParsedDocument:
    """A document that could not be read: `failed`, with its one-line reason. Never raises: a
    file that cannot be read (again) is identified by its path instead of its bytes."""
    issue = Issue("unreadable_document", f"{source_path}: {reason}")
    if data is None:  # hashed in chunks: a file too big for the memory cap is still identified
        head, document_id = _head_and_digest(path)
        document_id = document_id or unreadable_id(source_path)
    else:
        head, document_id = data[:4096], hashlib.sha256(data).hexdigest()
    source_format = sniff_format(path, head)
    return ParsedDocument(document_id, source_path, source_format, "failed", reason, DocumentMetadata(), issues=[issue])


def file_id(path: Path) -> str | None:
    """The document_id of a file (SHA-256 of its bytes, read in chunks), or None if it cannot be read."""
    return _head_and_digest(path)[1]


def _head_and_digest(path: Path) -> tuple[bytes, str | None]:
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
            fh.seek(0)
            return head, hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return b"", None


def unreadable_id(source_path: str) -> str:
    """The id of a path whose bytes cannot be read (a hash of its path, never a file's content hash)."""
    return hashlib.sha256(f"unreadable:{source_path}".encode()).hexdigest()


def ingest_file(path: Path, source_path: str) -> ParsedDocument:
    try:
        data = path.read_bytes()
    except OSError as exc:  # unreadable (mode 000), deleted mid-build, a folder's name reused…
        return failed_document(path, source_path, f"cannot be read: {exc.strerror or exc}")
    document_id = hashlib.sha256(data).hexdigest()
    source_format = sniff_format(path, data)

    def failed(reason: str) -> ParsedDocument:
        return failed_document(path, source_path, reason, data)

    reader = get_reader(source_format)
    if reader is None:
        return failed(MISSING_READER_REASON[source_format])
    try:
        result = reader(path, data)
    except UnreadableDocument as exc:
        return failed(str(exc))
    if not result.tables:
        return _prose_only(document_id, source_path, source_format, result.lines, list(result.issues)) or failed(
            "no tables found (is this a budget or final-account disclosure?)"
        )

    kinds = [_kind(printed) for printed in result.tables]
    separated, unruled_issues = place_unruled(result.tables, kinds)
    tables = [parse_table(n, printed, kind) for n, (printed, kind) in enumerate(zip(separated, kinds, strict=True))]
    figures = read_figures(result.lines)
    issues = list(result.issues) + unruled_issues
    issues += [i for t in tables for i in t.issues]
    issues += _units(tables, figures)
    issues += _stray_signs(figures)
    issues += [
        Issue("unknown_table", f"table titled '{t.printed.title}' is not a known kind: landed as printed rows only",
              line=t.printed.title_line or t.printed.rows[0].line, table_no=t.table_no)
        for t in tables if t.kind == UNKNOWN
    ]  # fmt: skip
    for table in tables:
        issues += account(table, issues)
    meta = read_metadata(result.lines, result.tables)
    missing = [name for name in REQUIRED_METADATA if getattr(meta, name) is None]
    issues += [Issue("metadata_not_found", f"{name} not found in the document") for name in missing]
    reasons = [f"not found in the document: {', '.join(missing)}"] if missing else []
    if not any(_gave_facts(t) for t in tables):
        reasons.append("no table of a modelled kind gave figures (contents pages or text read as tables?)")
        issues.append(Issue("no_facts", reasons[-1]))
    status = "partial" if reasons else "ingested"
    reason = "; ".join(reasons) or None
    return ParsedDocument(document_id, source_path, source_format, status, reason, meta, tables, figures, issues)


def _gave_facts(table: ParsedTable) -> bool:
    """A 类/款/项 or 经济分类 table with at least one coded line and its figure: what makes a document read."""
    return table.layout in FACT_LAYOUTS and any(
        i.role == "detail" and i.code and any(c.amount is not None for c in i.values.values()) for i in table.items
    )


def _prose_only(
    document_id: str, source_path: str, source_format: str, lines: list[SourceLine], issues: list[Issue]
) -> ParsedDocument | None:
    """The prose half of a disclosure published as a prose file and a tables file: ingested when
    it names its body, year and kind and states figures (checked against the tables of its
    filing's other half), else None (the document fails: no tables)."""
    meta = read_metadata(lines, [])
    figures = read_figures(lines)
    if not figures or any(getattr(meta, name) is None for name in REQUIRED_METADATA):
        return None
    reason = "prose only, no table: ingested with its filing's tables file, when one is built with it"
    issues.append(Issue("prose_only", f"{source_path}: {reason}; its figures are checked against that file's tables"))
    return ParsedDocument(document_id, source_path, source_format, "partial", reason, meta, [], figures, issues)


def _kind(printed: PrintedTable) -> str:
    """By its title; a table printed without one, by its header."""
    if printed.title or not printed.rows:
        return classify(printed.title)
    return classify_header(printed.header_paths or printed.rows[0].cells)


def _units(tables: list[ParsedTable], figures: list[ProseFigure]) -> list[Issue]:
    """The unit of a table that prints none, only where the document settles it, never by default.

    - every other table prints one and the same unit: that unit (`info`);
    - no table prints a unit, and the prose states one of the table's totals in 万元: 万元 (`info`);
    - otherwise the unit stays unknown and the table's figures NULL (`error`).
    """
    units = {t.printed.unit for t in tables if t.printed.unit}
    stated = {f.amount for f in figures if f.unit == UNIT_OF_PROSE and f.amount is not None and f.figure in TOTAL_FIGURES}
    issues = []
    for t in tables:
        if t.printed.unit is not None or not t.has_amounts:
            continue
        line = t.printed.title_line
        if len(units) == 1:
            t.printed.unit = next(iter(units))
            message = f"table '{t.printed.title}' prints no unit: read in {t.printed.unit}, the unit every other table prints"
            issues.append(Issue("unit_inferred", message, line=line, table_no=t.table_no))
        elif not units and stated & _totals(t):
            t.printed.unit = UNIT_OF_PROSE
            message = f"no table prints a unit: '{t.printed.title}' read in 万元, the unit in which the prose states its total"
            issues.append(Issue("unit_inferred", message, line=line, table_no=t.table_no))
        else:
            why = "the other tables print different units" if units else "no table prints one and the prose states none of its totals"
            message = f"table '{t.printed.title}' prints no unit and {why}: its figures are left NULL"
            issues.append(Issue("unit_not_printed", message, line=line, table_no=t.table_no))
    return issues


def _stray_signs(figures: list[ProseFigure]) -> list[Issue]:
    """A prose figure printed with a sign between it and its unit (`954.72%万元`): read as the
    amount in that unit, and said so (the register's prose checks then confirm or contradict it)."""
    offsets = {(f.line, f.offset): f for f in figures if f.stray}  # `收、支总计均为`: one printed figure, two figures read
    return [
        Issue(
            "prose_stray_sign",
            f"'{f.amount}{f.stray}{f.unit}' has a stray '{f.stray}' before its unit: read as {f.amount} {f.unit}",
            line=f.line,
        )
        for f in offsets.values()
    ]


def _totals(table: ParsedTable) -> set[Decimal]:
    return {c.amount for i in table.items if i.role == "total" for c in i.values.values() if c.amount is not None}
