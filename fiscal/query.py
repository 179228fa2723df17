"""`fiscal query`: one read-only SELECT on the warehouse, for people without a SQL client.

Two walls. First, the SQL is parsed (sqlglot, DuckDB dialect) and allowed only when it is a single
SELECT / WITH … SELECT (set operations of selects included) whose every table is a relation of
the warehouse, a CTE of the query, or one of the read-only catalog views and functions
(`information_schema.tables`, `duckdb_columns()`, …): an allow-list of statement types and of
tables, so DDL, DML, ATTACH, INSTALL/LOAD, COPY, PRAGMA, SET and table functions
(`read_csv('/etc/passwd')`, `FROM '/etc/passwd'`) are refused with a one-line reason in plain
words. Second, the connection is read-only with `enable_external_access = false` and its
configuration locked, so nothing that slips past the parser can read a file or lift a limit.

And bounds, so that one query cannot hang the command or the machine (`Limits`): a wall-clock
timeout (DuckDB's interrupt from a watchdog thread; when DuckDB does not heed it, e.g. inside one
long scalar function, the command line ends the process), a cap on the rows fetched (never the
whole result: at most max_rows + 1 are fetched, to know whether there were more), DuckDB's
`memory_limit` and `threads`, no spilling to disk, and, for the command line, the address space
of the process capped just above the memory limit, since DuckDB's limit does not track every
allocation (`range(500000000)` builds a 4 GB list outside it).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import re
import resource
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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
# the read-only catalog: DuckDB's table functions (without arguments) and information_schema views
_CATALOG_FUNCTIONS = frozenset({"duckdb_columns", "duckdb_tables", "duckdb_views", "duckdb_schemas"})
_CATALOG_VIEWS = frozenset(("information_schema", name) for name in ("tables", "columns", "views", "schemata"))
_GRACE_S = 2.0  # after the interrupt, how long DuckDB has to stop before the command line ends the process
_HEADROOM = 512 * 1024 * 1024  # address space above the memory limit: Python's rows, DuckDB outside its buffer pool
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|tb|kib|mib|gib|tib)\s*$", re.IGNORECASE)
_UNITS = {"b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12, "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}


@dataclass(frozen=True)
class Limits:
    """What one query may take: wall-clock seconds, rows fetched, DuckDB's memory_limit and threads."""

    timeout_s: float = 30.0
    max_rows: int = 10_000
    memory_limit: str = "1GB"
    threads: int = 2


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Result:
    names: list[str]
    rows: list[tuple[object, ...]]
    truncated: bool  # the query had more than max_rows rows: `rows` holds the first max_rows


class QueryRefused(Exception):
    """The query is not a single read-only SELECT on the warehouse's relations (one plain line)."""


class QueryFailed(QueryRefused):
    """The query was allowed but did not finish: over a limit, or an error from DuckDB (one plain line)."""


def seconds(text: str) -> float:
    """`--timeout`: a positive number of seconds."""
    value = float(text)
    if not value > 0:
        raise ValueError(text)
    return value


def row_count(text: str) -> int:
    """`--max-rows`: a positive whole number."""
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


def memory_size(text: str) -> str:
    """`--memory-limit`: a size as DuckDB writes it ('1GB', '512MB', '2GiB')."""
    _bytes(text)
    return text.strip()


def _bytes(size: str) -> int:
    match = _SIZE.match(size)
    if not match:
        raise ValueError(f"not a memory size (e.g. 1GB, 512MB): {size!r}")
    return int(float(match[1]) * _UNITS[match[2].lower()])


def connect(db: Path, limits: Limits = DEFAULT_LIMITS) -> duckdb.DuckDBPyConnection:
    """A read-only connection that cannot reach the file system or the network, within the memory
    and thread limits, that never spills to disk, and whose configuration cannot be changed."""
    if not db.exists():
        raise QueryRefused(f"{db} does not exist: run `make build` first")
    config: dict[str, str | bool | int | float | list[str]] = {
        "enable_external_access": False,
        "memory_limit": limits.memory_limit,
        "threads": limits.threads,
        "temp_directory": "",  # no spilling into a folder beside the warehouse
        "lock_configuration": True,
    }
    return duckdb.connect(str(db), read_only=True, config=config)


def relations(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    """(schema, name) of every table and view of the warehouse."""
    rows = con.execute("select table_schema, table_name from information_schema.tables").fetchall()
    return {(str(schema).lower(), str(name).lower()) for schema, name in rows}


def check(sql: str, known: set[tuple[str, str]]) -> None:
    """Raise QueryRefused unless `sql` is one SELECT over `known` relations, its own CTEs and the
    read-only catalog."""
    logging.getLogger("sqlglot").setLevel(logging.ERROR)  # not its "falling back to Command" notes
    try:
        _check(sql, known)
    except RecursionError:  # sqlglot's parser recurses: some 45 nested parentheses are enough
        raise QueryRefused("query too deeply nested: fewer nested parentheses or subqueries, please") from None


def _check(sql: str, known: set[tuple[str, str]]) -> None:
    try:
        statements = [s for s in sqlglot.parse(sql, read="duckdb") if s is not None]
    except sqlglot.errors.ParseError as exc:
        raise QueryRefused(f"not valid SQL: {_parse_error(exc)}") from None
    except sqlglot.errors.TokenError:
        raise QueryRefused("not valid SQL: a quote or a comment is not closed") from None
    except RecursionError:
        raise
    except Exception:  # an error inside the parser: refuse, never run what could not be read
        raise QueryRefused("not valid SQL: the query could not be read") from None
    if len(statements) != 1:
        raise QueryRefused(f"one statement only, got {len(statements)}")
    [statement] = statements
    query = statement
    while isinstance(query, exp.Subquery) and not query.alias:  # (SELECT …)
        query = query.this
    if not isinstance(query, _ALLOWED):
        raise QueryRefused(f"only a SELECT (or WITH … SELECT) query is allowed, not {_kind(statement)}")
    ctes = {cte.alias_or_name.lower() for cte in statement.find_all(exp.CTE)}
    for function in statement.find_all(exp.Func):
        name = function.sql_name() if not isinstance(function, exp.Anonymous) else str(function.this)
        if _FILE_FUNCTIONS.match(name):
            raise QueryRefused(f"function {name.lower()}() reads files: not allowed, query the marts")
    for table in statement.find_all(exp.Table):
        _check_table(table, known, ctes)


def _kind(statement: exp.Expr) -> str:
    """What the statement is, in the words the person typed (never a parser class name)."""
    if isinstance(statement, exp.Command):
        return str(statement.this).split()[0].upper()
    if isinstance(statement, exp.Condition | exp.Star):  # `1*2`, `marts.dim_document`, `x > 1`
        return "a bare expression (start with SELECT)"
    words = {"truncatetable": "TRUNCATE", "transaction": "BEGIN", "subquery": "a subquery with an alias"}
    return words.get(statement.key, statement.key.upper())


def _parse_error(exc: sqlglot.errors.ParseError) -> str:
    """sqlglot's message, in plain words: no class names, no token dumps, no terminal colours."""
    error = exc.errors[0] if exc.errors else {}
    description = str(error.get("description") or "syntax error")
    near = " ".join(str(error.get("highlight") or "").split())[:40]
    where = f" (line {error['line']}, column {error['col']})" if error.get("line") else ""
    if description.startswith("Required keyword"):
        text = f"something is missing after '{near}'" if near else "something is missing"
    elif description.startswith("Invalid expression / Unexpected token"):
        text = f"unexpected '{near}'" if near else "unexpected end of the query"
    else:
        text = re.sub(r"\s*but got <Token[^>]*>", "", description)
        text = re.sub(r"<class '[\w.]*?(\w+)'>", lambda m: m[1].lower(), text)
        text = re.sub(r"<Token[^>]*>|TokenType\.\w+", "a word", text)
        text = text[:1].lower() + text[1:]
        if near:
            text += f" near '{near}'"
    return text + where


def _check_table(table: exp.Table, known: set[tuple[str, str]], ctes: set[str]) -> None:
    if not isinstance(table.this, exp.Identifier):
        if _is_catalog_function(table):
            return
        name = _function_name(table.this)
        if name in _CATALOG_FUNCTIONS:
            raise QueryRefused(f"write {name}() as it is, without a schema or arguments")
        raise QueryRefused(f"table function {name}() is not allowed: query the marts")
    name, schema = table.name.lower(), (table.db or "").lower()
    if table.catalog:
        raise QueryRefused(f"'{table.sql(dialect='duckdb')}' names another database: query the marts")
    if (not schema and name in ctes) or (schema, name) in known or (schema, name) in _CATALOG_VIEWS:
        return
    raise QueryRefused(f"'{table.sql(dialect='duckdb')}' is not a table of the warehouse (e.g. marts.dim_document)")


def _function_name(function: exp.Expr) -> str:
    """The name as written (`range`, `duckdb_settings`), never the parser's class (`anonymous`)."""
    if isinstance(function, exp.Anonymous):
        return str(function.this).lower()
    written = function.sql(dialect="duckdb").split("(")[0].strip()
    if re.fullmatch(r"\w+", written):
        return written.lower()
    return function.sql_name().lower() if isinstance(function, exp.Func) else "this"


def _is_catalog_function(table: exp.Table) -> bool:
    """`duckdb_columns()` and the like: read-only lists of the catalog, without arguments."""
    function = table.this
    return (
        isinstance(function, exp.Anonymous)
        and str(function.this).lower() in _CATALOG_FUNCTIONS
        and not function.expressions
        and not table.db
        and not table.catalog
    )


def run(
    db: Path,
    sql: str,
    limits: Limits = DEFAULT_LIMITS,
    *,
    cap_address_space: bool = False,
    on_stuck: Callable[[str], object] | None = None,
) -> Result:
    """Check `sql` and run it on `db` within `limits`: column names, at most max_rows rows, and
    whether there were more. QueryFailed when a limit is reached or DuckDB raises an error.

    For the command line, whose process is the query's: `cap_address_space` caps the process's
    address space while the query runs (just above the memory limit), and `on_stuck` is called
    with the timeout's message when DuckDB has not stopped `_GRACE_S` after the interrupt (it
    should end the process)."""
    con = connect(db, limits)
    try:
        check(sql, relations(con))
        done, fired = threading.Event(), threading.Event()
        stopped = f"query stopped after {limits.timeout_s:g} s (--timeout)"

        def watchdog() -> None:
            if done.wait(limits.timeout_s):
                return
            fired.set()
            con.interrupt()
            if not done.wait(_GRACE_S) and on_stuck is not None:
                on_stuck(stopped)

        watcher = threading.Thread(target=watchdog, name="fiscal-query-timeout", daemon=True)
        watcher.start()
        previous = _cap_address_space(limits.memory_limit) if cap_address_space else None
        try:
            result = con.execute(sql)
            names = [d[0] for d in result.description or []]
            rows = result.fetchmany(limits.max_rows + 1)
        except (duckdb.OutOfMemoryException, MemoryError):
            if fired.is_set():
                raise QueryFailed(stopped) from None
            raise QueryFailed(f"query needs more memory than the limit of {limits.memory_limit} (--memory-limit)") from None
        except duckdb.Error as exc:
            if fired.is_set():
                raise QueryFailed(stopped) from None
            raise QueryFailed(_duckdb_error(exc)) from None
        finally:
            if previous is not None:
                resource.setrlimit(resource.RLIMIT_AS, previous)
            done.set()
            watcher.join()  # before closing: the watchdog may be interrupting this connection
        return Result(names, [tuple(row) for row in rows[: limits.max_rows]], len(rows) > limits.max_rows)
    finally:
        con.close()


def _cap_address_space(memory_limit: str) -> tuple[int, int] | None:
    """Lower the soft RLIMIT_AS to the present size plus the memory limit and some headroom, so an
    allocation DuckDB's memory_limit does not see fails (as out of memory) instead of swapping the
    machine. Returns the limits to put back (None where there is no /proc to measure, not Linux)."""
    previous = resource.getrlimit(resource.RLIMIT_AS)
    try:
        with open("/proc/self/statm") as fh:
            present = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return None
    cap = present + _bytes(memory_limit) + _HEADROOM
    if previous[0] != resource.RLIM_INFINITY:  # never above a cap already set (`ulimit -v`)
        cap = min(cap, previous[0])
    resource.setrlimit(resource.RLIMIT_AS, (cap, previous[1]))
    return previous


def _duckdb_error(exc: duckdb.Error) -> str:
    """DuckDB's message on one line: its first line, and its "Did you mean …" hint if any."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    hint = [line for line in lines[1:] if line.startswith("Did you mean")]
    return " ".join((lines or [type(exc).__name__])[:1] + hint[:1])


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
