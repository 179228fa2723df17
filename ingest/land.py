"""Land parsed documents in the `raw` schema: one row per printed table row, with provenance.

Landing is idempotent per document: a document's rows are deleted before they are written.
Amounts are written as their exact decimal text and cast by DuckDB to DECIMAL(20,6), in the
unit the table prints (conversion to 万元 happens in dbt staging).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import duckdb

from ingest.model import ParsedDocument
from ingest.names import LineageLink
from ingest.tables.kinds import FAMILY

DDL = """
create schema if not exists raw;
create table if not exists raw.documents (
    document_id varchar primary key, source_path varchar, source_format varchar, status varchar,
    status_reason varchar, district varchar, city varchar, region_code varchar, department_name varchar,
    department_key varchar, department_id varchar, fiscal_year integer, document_kind varchar,
    amount_units varchar, table_count integer, row_count integer,
    figures_printed integer, figures_landed integer, figures_reported integer,
    province varchar, admin_level varchar, budget_scope varchar);
create table if not exists raw.tables (
    document_id varchar, table_no integer, table_kind varchar, title varchar, title_line integer,
    page_no integer, unit varchar, unit_line integer, header_rows integer, header_method varchar,
    row_count integer, notes varchar, table_family varchar, table_layout varchar,
    figures_printed integer, figures_landed integer);
create table if not exists raw.columns (
    document_id varchar, table_no integer, col_no integer, header_path varchar, field varchar, block_no integer);
create table if not exists raw.table_rows (
    document_id varchar, table_no integer, row_no integer, line_no integer, page_no integer,
    is_header boolean, cells varchar[], printed_text varchar);
create table if not exists raw.line_items (
    document_id varchar, table_no integer, row_no integer, block_no integer, role varchar, name varchar,
    printed_code varchar, code varchar, unit_code varchar, row_key varchar, block_label varchar,
    gov_printed_code varchar, gov_code varchar, gov_name varchar, project_type varchar, project_unit varchar,
    name_key varchar, series_key varchar);
create table if not exists raw.line_item_values (
    document_id varchar, table_no integer, row_no integer, block_no integer, field varchar,
    printed_text varchar, amount decimal(20, 6), col_no integer);
create table if not exists raw.prose_figures (
    document_id varchar, figure varchar, amount decimal(20, 6), line_no integer, sentence varchar,
    phase varchar, percent decimal(20, 6), percent_decimals integer, subject varchar, unit varchar, decimals_printed integer);
create table if not exists raw.department_lineage (
    seed_row integer, predecessor_department_id varchar, predecessor_key varchar,
    successor_department_id varchar, successor_key varchar, year integer);
create table if not exists raw.duplicate_files (
    document_id varchar, source_path varchar, duplicate_of varchar);
create table if not exists raw.ingest_issues (
    document_id varchar, source_path varchar, rule_id varchar, severity varchar, table_no integer,
    row_no integer, line_no integer, page_no integer, message varchar, col_no integer);
"""

RAW_TABLES = ("documents", "tables", "columns", "table_rows", "line_items", "line_item_values", "prose_figures", "ingest_issues")


def create_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(DDL)


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[Sequence[Any]]) -> None:
    """All rows of a table in one statement, as one JSON text DuckDB parses itself.

    Binding Python values one by one costs ~30 µs each; this is ~20x faster. Decimals travel
    as their exact text and are cast by the insert into DECIMAL(20, 6).
    """
    if not rows:
        return
    columns = con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = 'raw' and table_name = ? order by ordinal_position",
        [table],
    ).fetchall()
    names = [name for name, _ in columns]
    shape = ", ".join(f'"{name}": "{"VARCHAR" if kind.startswith("DECIMAL") else kind}"' for name, kind in columns)
    payload = json.dumps([dict(zip(names, row, strict=True)) for row in rows], ensure_ascii=False)
    con.execute(f"insert into raw.{table} select unnest(json_transform(?::json, '[{{{shape}}}]'), recursive := true)", [payload])


def land_document(con: duckdb.DuckDBPyConnection, doc: ParsedDocument) -> None:
    con.execute("begin transaction")
    try:
        for table in RAW_TABLES:
            con.execute(f"delete from raw.{table} where document_id = ?", [doc.document_id])
        for table, rows in _rows(doc):
            _insert(con, table, rows)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


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
