"""Land parsed documents in the `raw` schema: one row per printed table row, with provenance.

Each parsed document is written once as Parquet — one file per raw table, in a folder of its
own (`write_document`, run by the worker that parsed it) — and a build lands every document's
files with one bulk insert per raw table (`land_documents`): the folders are the parse cache
(fiscal/cache.py). Amounts travel as their exact decimal text and are cast by DuckDB to
DECIMAL(20,6), in the unit the table prints (conversion to 万元 happens in dbt staging).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from ingest.model import ParsedDocument
from ingest.names import LineageLink
from ingest.tables.kinds import FAMILY

V, INT, B, D, LIST = "varchar", "integer", "boolean", "decimal(20, 6)", "varchar[]"
# Each raw table's columns and types; the tables a document fills, then the build's own.
RAW: dict[str, tuple[tuple[str, str], ...]] = {
    "documents": (
        ("document_id", V), ("source_path", V), ("source_format", V), ("status", V), ("status_reason", V),
        ("district", V), ("city", V), ("region_code", V), ("department_name", V), ("department_key", V),
        ("department_id", V), ("fiscal_year", INT), ("document_kind", V), ("amount_units", V), ("table_count", INT),
        ("row_count", INT), ("figures_printed", INT), ("figures_landed", INT), ("figures_reported", INT), ("province", V),
        ("admin_level", V), ("budget_scope", V),
    ),
    "tables": (
        ("document_id", V), ("table_no", INT), ("table_kind", V), ("title", V), ("title_line", INT), ("page_no", INT),
        ("unit", V), ("unit_line", INT), ("header_rows", INT), ("header_method", V), ("row_count", INT), ("notes", V),
        ("table_family", V), ("table_layout", V), ("figures_printed", INT), ("figures_landed", INT),
    ),
    "columns": (("document_id", V), ("table_no", INT), ("col_no", INT), ("header_path", V), ("field", V), ("block_no", INT)),
    "table_rows": (
        ("document_id", V), ("table_no", INT), ("row_no", INT), ("line_no", INT), ("page_no", INT), ("is_header", B),
        ("cells", LIST), ("printed_text", V),
    ),
    "line_items": (
        ("document_id", V), ("table_no", INT), ("row_no", INT), ("block_no", INT), ("role", V), ("name", V),
        ("printed_code", V), ("code", V), ("unit_code", V), ("row_key", V), ("block_label", V),
        ("gov_printed_code", V), ("gov_code", V), ("gov_name", V), ("project_type", V), ("project_unit", V),
        ("name_key", V), ("series_key", V),
    ),
    "line_item_values": (
        ("document_id", V), ("table_no", INT), ("row_no", INT), ("block_no", INT), ("field", V), ("printed_text", V),
        ("amount", D), ("col_no", INT),
    ),
    "prose_figures": (
        ("document_id", V), ("figure", V), ("amount", D), ("line_no", INT), ("sentence", V), ("phase", V),
        ("percent", D), ("percent_decimals", INT), ("subject", V), ("unit", V), ("decimals_printed", INT),
    ),
    "ingest_issues": (
        ("document_id", V), ("source_path", V), ("rule_id", V), ("severity", V), ("table_no", INT), ("row_no", INT),
        ("line_no", INT), ("page_no", INT), ("message", V), ("col_no", INT),
    ),
    "department_lineage": (
        ("seed_row", INT), ("predecessor_department_id", V), ("predecessor_key", V), ("successor_department_id", V),
        ("successor_key", V), ("year", INT),
    ),
    "duplicate_files": (("document_id", V), ("source_path", V), ("duplicate_of", V)),
}  # fmt: skip
DOCUMENT_TABLES = ("documents", "tables", "columns", "table_rows", "line_items", "line_item_values", "prose_figures", "ingest_issues")
_POLARS: dict[str, Any] = {V: pl.Utf8, INT: pl.Int32, B: pl.Boolean, D: pl.Utf8, LIST: pl.List(pl.Utf8)}  # decimals as exact text
SUMMARY_FILE = "summary.json"


@dataclass(frozen=True)
class DocumentSummary:
    """What a build reports of a parsed document, kept beside its Parquet files."""

    document_id: str
    source_path: str
    status: str
    status_reason: str | None
    tables: int
    rows: int
    figures_printed: int
    figures_landed: int
    warnings: int
    errors: int

    @classmethod
    def of(cls, doc: ParsedDocument) -> DocumentSummary:
        severities = [i.severity for i in doc.issues]
        return cls(
            doc.document_id, doc.source_path, doc.status, doc.status_reason, len(doc.tables), doc.row_count,
            doc.figures_printed, doc.figures_landed, severities.count("warning"), severities.count("error"),
        )  # fmt: skip

    @property
    def figures_reported(self) -> int:
        return self.figures_printed - self.figures_landed


def create_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema if not exists raw")
    for table, columns in RAW.items():
        key = " primary key" if table == "documents" else ""
        body = ", ".join(f"{name} {kind}{key if name == 'document_id' else ''}" for name, kind in columns)
        con.execute(f"create table if not exists raw.{table} ({body})")


def write_document(doc: ParsedDocument, folder: Path) -> DocumentSummary:
    """The document's rows as one Parquet file per raw table in `folder` (replaced whole: written
    beside it, then renamed), and its summary."""
    summary = DocumentSummary.of(doc)
    partial = folder.with_name(f".{folder.name}.{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    for table, rows in _rows(doc):
        schema = {name: _POLARS[kind] for name, kind in RAW[table]}
        pl.DataFrame(rows, schema=schema, orient="row").write_parquet(partial / f"{table}.parquet")
    (partial / SUMMARY_FILE).write_text(json.dumps(asdict(summary), ensure_ascii=False), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return summary


def read_summary(folder: Path) -> DocumentSummary | None:
    """The summary a document's folder holds, or None where it holds none (never written, or cut short)."""
    try:
        return DocumentSummary(**json.loads((folder / SUMMARY_FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def land_documents(con: duckdb.DuckDBPyConnection, folders: Sequence[Path]) -> None:
    """Every document's rows, one bulk insert per raw table over all their Parquet files."""
    for table in DOCUMENT_TABLES:
        files = [str(folder / f"{table}.parquet") for folder in folders]
        for start in range(0, len(files), _FILES_PER_INSERT):
            columns = ", ".join(f"cast({name} as {kind}) as {name}" for name, kind in RAW[table])
            con.execute(f"insert into raw.{table} select {columns} from read_parquet(?)", [files[start : start + _FILES_PER_INSERT]])


_FILES_PER_INSERT = 2000


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[Sequence[Any]]) -> None:
    """A build's own small tables (lineage, duplicates): all rows in one statement, as one JSON text."""
    if not rows:
        return
    names = [name for name, _ in RAW[table]]
    shape = ", ".join(f'"{name}": "{"VARCHAR" if kind == D else kind.upper()}"' for name, kind in RAW[table])
    payload = json.dumps([dict(zip(names, row, strict=True)) for row in rows], ensure_ascii=False)
    con.execute(f"insert into raw.{table} select unnest(json_transform(?::json, '[{{{shape}}}]'), recursive := true)", [payload])


def land_duplicate(con: duckdb.DuckDBPyConnection, document_id: str, source_path: str, duplicate_of: str) -> None:
    """A byte-identical copy of a document already landed: its name is kept, its facts are not loaded twice."""
    con.execute("delete from raw.duplicate_files where source_path = ?", [source_path])
    _insert(con, "duplicate_files", [(document_id, source_path, duplicate_of)])


def land_lineage(con: duckdb.DuckDBPyConnection, links: Sequence[LineageLink]) -> None:
    """The lineage seed's rows with the department_id of each side (names normalised in Python)."""
    con.execute("delete from raw.department_lineage")
    _insert(
        con,
        "department_lineage",
        [(k.seed_row, k.predecessor_id, k.predecessor_key, k.successor_id, k.successor_key, k.year) for k in links],
    )


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _decimals(value: Decimal | None) -> int | None:
    """Decimals a figure is printed with (`97.88` -> 2, `142` -> 0)."""
    if value is None:
        return None
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _rows(doc: ParsedDocument) -> Iterable[tuple[str, list[tuple[Any, ...]]]]:
    d, m = doc.document_id, doc.metadata
    yield "documents", [(
        d, doc.source_path, doc.source_format, doc.status, doc.status_reason, m.district, m.city, m.region_code,
        m.department_name, m.department_key, m.department_id, m.fiscal_year, m.document_kind, doc.amount_units,
        len(doc.tables), doc.row_count, doc.figures_printed, doc.figures_landed, doc.figures_reported,
        m.province, m.admin_level, m.budget_scope,
    )]  # fmt: skip
    yield "tables", [
        (d, t.table_no, t.kind, t.printed.title, t.printed.title_line, t.printed.page, t.printed.unit, t.printed.unit_line,
         t.header_rows, t.header_method, len(t.printed.rows), "\n".join(n.text for n in t.printed.notes) or None,
         FAMILY.get(t.kind, "text"), t.layout, t.figures_printed, t.figures_landed)
        for t in doc.tables
    ]  # fmt: skip
    yield "columns", [(d, t.table_no, c.col_no, c.header_path, c.field, c.block_no) for t in doc.tables for c in t.columns]
    yield "table_rows", [
        (d, t.table_no, n, r.line, r.page, n < t.header_rows, r.cells, r.raw)
        for t in doc.tables for n, r in enumerate(t.printed.rows)
    ]  # fmt: skip
    yield "line_items", [
        (d, t.table_no, i.row_no, i.block_no, i.role, i.name, i.printed_code, i.code, i.unit_code, i.key, i.block_label,
         i.attrs.get("gov_printed_code"), i.attrs.get("gov_code") or None, i.attrs.get("gov_name"),
         i.attrs.get("project_type"), i.attrs.get("project_unit"), i.attrs.get("name_key"), i.attrs.get("series_key"))
        for t in doc.tables for i in t.items
    ]  # fmt: skip
    yield "line_item_values", [
        (d, t.table_no, i.row_no, i.block_no, name, cell.text, str(cell.amount) if cell.amount is not None else None, cell.col_no)
        for t in doc.tables for i in t.items for name, cell in i.values.items()
    ]  # fmt: skip
    yield (
        "prose_figures",
        [
            (
                d,
                f.figure,
                _text(f.amount),
                f.line,
                f.sentence,
                f.phase,
                _text(f.percent),
                _decimals(f.percent),
                f.subject,
                f.unit,
                _decimals(f.amount),
            )
            for f in doc.prose_figures
        ],
    )
    yield (
        "ingest_issues",
        [(d, doc.source_path, i.rule_id, i.severity, i.table_no, i.row_no, i.line, i.page, i.message, i.col_no) for i in doc.issues],
    )
