"""`fiscal query`: one read-only SELECT on the warehouse, for people without a SQL client.

Two walls. First, the SQL is parsed (sqlglot, DuckDB dialect) and allowed only when it is a single
SELECT / WITH … SELECT (set operations of selects included) whose every table is a relation of
the warehouse or a CTE of the query: an allow-list of statement types and of tables, so DDL, DML,
ATTACH, INSTALL/LOAD, COPY, PRAGMA, SET and table functions (`read_csv('/etc/passwd')`,
`FROM '/etc/passwd'`) are refused with a one-line reason. Second, the connection is read-only
with `enable_external_access = false`, so nothing that slips past the parser can read a file.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import sqlglot
from sqlglot import exp

FORMATS = ("table", "csv", "json")
_ALLOWED = (exp.Select, exp.Union, exp.Intersect, exp.Except)
# functions that read or list files or the environment, wherever they appear
_FILE_FUNCTIONS = re.compile(r"^(read_\w+|glob|sniff_csv|parquet_\w+|getenv|load_\w+|\w+_scan)$", re.IGNORECASE)


class QueryRefused(Exception):
    """The query is not a single read-only SELECT on the warehouse's relations."""


def connect(db: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection that cannot reach the file system or the network."""
    if not db.exists():
        raise QueryRefused(f"{db} does not exist: run `make build` first")
    return duckdb.connect(str(db), read_only=True, config={"enable_external_access": False})


def relations(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    """(schema, name) of every table and view of the warehouse."""
    rows = con.execute("select table_schema, table_name from information_schema.tables").fetchall()
    return {(str(schema).lower(), str(name).lower()) for schema, name in rows}


def check(sql: str, known: set[tuple[str, str]]) -> None:
    """Raise QueryRefused unless `sql` is one SELECT over `known` relations and its own CTEs."""
    logging.getLogger("sqlglot").setLevel(logging.ERROR)  # not its "falling back to Command" notes
    try:
        statements = [s for s in sqlglot.parse(sql, read="duckdb") if s is not None]
    except sqlglot.errors.ParseError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "syntax error"
        raise QueryRefused(f"not valid SQL: {first}") from None
    if len(statements) != 1:
        raise QueryRefused(f"one statement only, got {len(statements)}")
    [statement] = statements
    if not isinstance(statement, _ALLOWED):
        kind = str(statement.this).split()[0] if isinstance(statement, exp.Command) else statement.key
        raise QueryRefused(f"only a SELECT (or WITH … SELECT) query is allowed, not {kind.upper()}")
    ctes = {cte.alias_or_name.lower() for cte in statement.find_all(exp.CTE)}
    for function in statement.find_all(exp.Func):
        name = function.sql_name() if not isinstance(function, exp.Anonymous) else str(function.this)
        if _FILE_FUNCTIONS.match(name):
            raise QueryRefused(f"function {name.lower()}() reads files: not allowed, query the marts")
    for table in statement.find_all(exp.Table):
        _check_table(table, known, ctes)


def _check_table(table: exp.Table, known: set[tuple[str, str]], ctes: set[str]) -> None:
    if not isinstance(table.this, exp.Identifier):
        name = table.this.sql_name() if isinstance(table.this, exp.Func) else table.this.sql(dialect="duckdb")
        raise QueryRefused(f"table function {name.lower()}() is not allowed: query the marts")
    name, schema = table.name.lower(), (table.db or "").lower()
    if table.catalog:
        raise QueryRefused(f"'{table.sql(dialect='duckdb')}' names another database: query the marts")
    if (not schema and name in ctes) or (schema, name) in known:
        return
    raise QueryRefused(f"'{table.sql(dialect='duckdb')}' is not a table of the warehouse (e.g. marts.dim_document)")


def run(db: Path, sql: str) -> tuple[list[str], list[tuple[object, ...]]]:
    """Check `sql` and run it on `db`: column names and rows."""
    con = connect(db)
    try:
        check(sql, relations(con))
        result = con.execute(sql)
        return [d[0] for d in result.description or []], result.fetchall()
    finally:
        con.close()


def render(names: Sequence[str], rows: Sequence[Sequence[object]], fmt: str) -> str:
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(names)
        writer.writerows([[_text(v) for v in row] for row in rows])
        return out.getvalue()
    if fmt == "json":
        records = [{n: _json(v) for n, v in zip(names, row, strict=True)} for row in rows]
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    table = [list(names), *[[_text(v) for v in row] for row in rows]]
    widths = [max(_width(line[i]) for line in table) for i in range(len(names))]
    lines = ["  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(line, widths, strict=True)).rstrip() for line in table]
    return "\n".join(lines) + "\n"


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _json(value: object) -> object:
    """Exact amounts stay exact (as text); dates as ISO text."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _width(text: str) -> int:
    """Terminal columns: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
