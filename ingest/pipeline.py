"""One document in, one ParsedDocument out: read, find metadata, classify and parse tables.

Never raises for a bad document: a file that cannot be read comes back `failed` with a
one-line reason naming what is wrong, so the rest of the corpus still builds.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

from ingest.metadata import read_metadata
from ingest.model import DocumentMetadata, Issue, ParsedDocument, ParsedTable
from ingest.prose import read_figures
from ingest.readers import MISSING_READER_REASON, UnreadableDocument, get_reader, sniff_format
from ingest.tables.kinds import UNKNOWN, classify
from ingest.tables.parsers import parse_table

REQUIRED_METADATA = ("district", "department_name", "fiscal_year", "document_kind")


def failed_document(path: Path, source_path: str, reason: str, data: bytes | None = None) -> ParsedDocument:
    """A document that could not be read: `failed`, with its one-line reason."""
    data = path.read_bytes() if data is None else data
    issue = Issue("unreadable_document", "error", f"{source_path}: {reason}")
    document_id, source_format = hashlib.sha256(data).hexdigest(), sniff_format(path, data)
    return ParsedDocument(document_id, source_path, source_format, "failed", reason, DocumentMetadata(), issues=[issue])


def ingest_file(path: Path, source_path: str) -> ParsedDocument:
    data = path.read_bytes()
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
        return failed("no tables found (is this a budget or final-account disclosure?)")

    tables = [parse_table(n, printed, classify(printed.title)) for n, printed in enumerate(result.tables)]
    issues = list(result.issues)
    issues += [i for t in tables for i in t.issues]
    issues += _unit_defaults(tables)
    issues += [
        Issue("unknown_table", "warning", f"table titled '{t.printed.title}' is not a known kind: landed as printed rows only",
              line=t.printed.title_line or t.printed.rows[0].line, table_no=t.table_no)
        for t in tables if t.kind == UNKNOWN
    ]  # fmt: skip
    meta = read_metadata(result.lines, result.tables)
    missing = [name for name in REQUIRED_METADATA if getattr(meta, name) is None]
    issues += [Issue("metadata_not_found", "error", f"{name} not found in the document") for name in missing]
    status = "partial" if missing else "ingested"
    reason = f"not found in the document: {', '.join(missing)}" if missing else None
    doc = ParsedDocument(document_id, source_path, source_format, status, reason, meta, tables, read_figures(result.lines), issues)
    return doc


def _unit_defaults(tables: list[ParsedTable]) -> list[Issue]:
    """A table with figures but no printed unit takes the unit the document's other tables print."""
    units = Counter(t.printed.unit for t in tables if t.printed.unit)
    issues = []
    for t in tables:
        if t.printed.unit is None and t.has_amounts:
            if not units:
                issues.append(
                    Issue(
                        "unit_not_printed",
                        "error",
                        f"table '{t.printed.title}' prints no unit and no other table does",
                        table_no=t.table_no,
                    )
                )
                continue
            t.printed.unit = units.most_common(1)[0][0]
            message = f"table '{t.printed.title}' prints no unit: read in {t.printed.unit}, the unit of the other tables"
            issues.append(Issue("unit_not_printed", "info", message, table_no=t.table_no, line=t.printed.title_line))
    return issues
