"""`fiscal query`: one read-only SELECT on the marts; everything else refused with a clear line."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from fiscal.query import Limits, QueryFailed, QueryRefused, check, connect, relations, run

FISCAL = str(Path(sys.executable).with_name("fiscal"))

REFUSED = {
    "DROP TABLE marts.dim_document": "only a SELECT (or WITH … SELECT) query is allowed, not DROP",
    "COPY (select * from marts.dim_document) TO '/tmp/leak.csv'": "only a SELECT (or WITH … SELECT) query is allowed, not COPY",
    "SELECT * FROM read_csv('/etc/passwd')": "function read_csv() reads files: not allowed, query the marts",
    "select * from read_text('/etc/passwd')": "function read_text() reads files: not allowed, query the marts",
    "select * from '/etc/passwd'": "'\"/etc/passwd\"' is not a table of the warehouse",
    "ATTACH 'other.duckdb'": "only a SELECT (or WITH … SELECT) query is allowed, not ATTACH",
    "INSTALL httpfs": "only a SELECT (or WITH … SELECT) query is allowed, not INSTALL",
    "LOAD httpfs": "only a SELECT (or WITH … SELECT) query is allowed, not LOAD",
    "PRAGMA database_list": "only a SELECT (or WITH … SELECT) query is allowed, not PRAGMA",
    "SET threads = 1": "only a SELECT (or WITH … SELECT) query is allowed, not SET",
    "insert into marts.dim_document select * from marts.dim_document": "only a SELECT (or WITH … SELECT) query is allowed, not INSERT",
    "select 1; drop table marts.dim_document": "one statement only, got 2",
    "select * from other.main.t": "names another database",
    # table functions by the name written, never the parser's class (`anonymous()`, `generate_series()`)
    "select * from range(10)": "table function range() is not allowed: query the marts",
    "select * from duckdb_settings()": "table function duckdb_settings() is not allowed: query the marts",
    "select * from read_csv_auto('/etc/passwd')": "function read_csv_auto() reads files: not allowed, query the marts",
    "select * from main.duckdb_columns()": "write duckdb_columns() as it is, without a schema or arguments",
    # in plain words: no `<class 'sqlglot.expressions.core.Mul'>`, no token dumps, no traceback
    "select 1 *": "not valid SQL: something is missing after '*' (line 1, column 10)",
    "select * from marts.dim_document where": "not valid SQL: something is missing after 'where' (line 1, column 38)",
    "select * from": "not valid SQL: expected table name near 'from' (line 1, column 13)",
    "select fiscal_year from marts.dim_document d e": "not valid SQL: unexpected 'e' (line 1, column 46)",
    "select 'abc": "not valid SQL: a quote or a comment is not closed",
    "1*2": "only a SELECT (or WITH … SELECT) query is allowed, not a bare expression (start with SELECT)",
    "marts.dim_document": "only a SELECT (or WITH … SELECT) query is allowed, not a bare expression (start with SELECT)",
    "truncate marts.dim_document": "only a SELECT (or WITH … SELECT) query is allowed, not TRUNCATE",
    "select " + "(" * 200 + "1" + ")" * 200: "query too deeply nested",
    # DuckDB's own errors, on one line
    "select fiscal_yeer from marts.dim_document": 'Binder Error: Referenced column "fiscal_yeer" not found in FROM clause!',
    "select floar(1.5)": 'Catalog Error: Scalar Function with name floar does not exist! Did you mean "floor"?',
}


def _fiscal(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([FISCAL, "query", *args], capture_output=True, text=True, check=False)


@pytest.mark.parametrize("sql", sorted(REFUSED))
def test_a_query_that_is_not_a_plain_select_is_refused(warehouse: Path, sql: str) -> None:
    done = _fiscal(sql, "--db", str(warehouse))
    assert done.returncode == 1
    assert REFUSED[sql] in done.stderr
    assert done.stderr.startswith("fiscal query: ") and done.stderr.count("\n") == 1
    assert not any(leak in done.stderr for leak in ("<class", "sqlglot", "Token", "\x1b", "anonymous"))
    assert done.stdout == ""


def test_with_and_set_operations_are_allowed(con: duckdb.DuckDBPyConnection) -> None:
    known = relations(con)
    check("with d as (select * from marts.dim_document) select count(*) from d", known)
    check("select fiscal_year from marts.dim_fiscal_year union all select fiscal_year from marts.dim_document", known)


def test_a_file_cannot_be_read_even_past_the_parser(warehouse: Path) -> None:
    con = connect(warehouse)
    try:
        with pytest.raises(duckdb.PermissionException):
            con.execute("select * from read_csv('/etc/passwd')")
        with pytest.raises(duckdb.Error):
            con.execute("create table marts.x as select 1")
    finally:
        con.close()


def test_an_unknown_table_is_refused() -> None:
    with pytest.raises(QueryRefused, match="not a table of the warehouse"):
        check("select * from secrets", {("marts", "dim_document")})


def test_output_as_csv_and_json(warehouse: Path) -> None:
    sql = "select fiscal_year, budget_documents from marts.dim_fiscal_year where fiscal_year in (2021, 2022) order by 1"
    csv_out = _fiscal(sql, "--db", str(warehouse), "--format", "csv").stdout
    assert csv_out == "fiscal_year,budget_documents\n2021,1\n2022,0\n"
    amount = "select amount_total from marts.fct_expenditure_by_function where function_code = '2012901'"
    [row] = json.loads(_fiscal(amount, "--db", str(warehouse), "--format", "json").stdout)
    assert row == {"amount_total": "749.170000"}  # 003's 行政运行, exact, as text
    table = _fiscal(sql, "--db", str(warehouse)).stdout.splitlines()
    assert table[0].split() == ["fiscal_year", "budget_documents"] and table[1].split() == ["2021", "1"]


def _timed(*args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.monotonic()
    done = subprocess.run([FISCAL, "query", *args], capture_output=True, text=True, check=False, timeout=60)
    return done, time.monotonic() - start


# a 5-way cross join of a mart: 37 rows of the samples make 69 million combinations
CROSS5 = ", ".join(f"marts.fct_expenditure_by_function {t}" for t in "abcde")
NEVER_ENDING = {
    "recursive CTE": "with recursive r(n) as (select 1 union all select n + 1 from r) select count(*) from r",
    "5-way cross join": f"select count(*) from {CROSS5} where a.function_code || b.function_code || c.function_code"
    " || d.function_code || e.function_code = 'x'",
}


@pytest.mark.parametrize("name", sorted(NEVER_ENDING))
def test_a_runaway_query_is_stopped_at_the_timeout(warehouse: Path, name: str) -> None:
    done, seconds = _timed(NEVER_ENDING[name], "--db", str(warehouse), "--timeout", "1")
    assert (done.returncode, done.stdout, done.stderr) == (1, "", "fiscal query: query stopped after 1 s (--timeout)\n")
    assert seconds < 3


def test_a_query_deaf_to_the_interrupt_is_ended_with_the_process(warehouse: Path) -> None:
    # one levenshtein of two 80,000-character strings: ~11 s inside one scalar call, where DuckDB never looks at the interrupt
    sql = "select levenshtein(repeat('a', 80000), repeat('b', 80000))"
    done, seconds = _timed(sql, "--db", str(warehouse), "--timeout", "1")
    assert (done.returncode, done.stdout, done.stderr) == (1, "", "fiscal query: query stopped after 1 s (--timeout)\n")
    assert seconds < 4.5  # the timeout and 2 s of grace


def test_the_timeout_in_process_raises_and_keeps_the_process(warehouse: Path) -> None:
    with pytest.raises(QueryFailed, match=r"^query stopped after 0\.5 s \(--timeout\)$"):
        run(warehouse, NEVER_ENDING["recursive CTE"], Limits(timeout_s=0.5))


def test_rows_are_capped_without_fetching_the_whole_result(warehouse: Path) -> None:
    sql = f"select a.function_code, b.function_code from {CROSS5}"  # 69 million rows: only 4 are fetched
    done, seconds = _timed(sql, "--db", str(warehouse), "--max-rows", "3", "--format", "csv")
    assert done.returncode == 0 and seconds < 3
    assert len(done.stdout.splitlines()) == 1 + 3
    assert done.stderr == "fiscal query: result truncated at 3 rows (--max-rows N to see more)\n"
    result = run(warehouse, sql, Limits(max_rows=2))
    assert len(result.rows) == 2 and result.truncated
    exact = run(warehouse, "select fiscal_year from marts.dim_fiscal_year", Limits(max_rows=1000))
    assert not exact.truncated and exact.rows
    assert not run(warehouse, "select fiscal_year from marts.dim_fiscal_year", Limits(max_rows=len(exact.rows))).truncated


def _peak(*args: str) -> tuple[subprocess.CompletedProcess[str], float, float]:
    """Run `fiscal query` from a fresh parent: its peak resident memory (MB) is the command's alone."""
    script = (
        "import json, resource, subprocess, sys, time\n"
        "start = time.monotonic()\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=60)\n"
        "print(json.dumps([done.returncode, done.stdout, done.stderr, time.monotonic() - start,"
        " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024]))\n"
    )
    out = subprocess.run([sys.executable, "-c", script, FISCAL, "query", *args], capture_output=True, text=True, check=True).stdout
    code, stdout, stderr, seconds, peak_mb = json.loads(out)
    return subprocess.CompletedProcess(args, code, stdout, stderr), seconds, peak_mb


def test_memory_stays_bounded_and_the_message_plain(warehouse: Path) -> None:
    # the allow-list lets it through (unnest and range read no file); DuckDB's memory_limit does not
    # see the 4 GB list range() builds: the capped address space stops it
    sql = "select unnest(range(500000000))"
    check(sql, {("marts", "dim_document")})
    done, seconds, peak_mb = _peak(sql, "--db", str(warehouse))
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == "fiscal query: query needs more memory than the limit of 1GB (--memory-limit)\n"
    assert seconds < 5 and peak_mb < 1600
    # what DuckDB tracks itself (a sort) stops at --memory-limit, without DuckDB's SET advice
    sorted_ = "select x from (select unnest(range(30000000)) x) order by random()"
    done, seconds, peak_mb = _peak(sorted_, "--db", str(warehouse), "--memory-limit", "100MB")
    assert done.stderr == "fiscal query: query needs more memory than the limit of 100MB (--memory-limit)\n"
    assert seconds < 5 and peak_mb < 800


def test_limits_are_checked_on_the_command_line(warehouse: Path) -> None:
    for flag, value in (("--timeout", "0"), ("--max-rows", "-1"), ("--memory-limit", "lots")):
        done = _fiscal("select 1", "--db", str(warehouse), flag, value)
        assert done.returncode == 2 and f"argument {flag}" in done.stderr


def test_the_connection_is_bounded_and_locked(warehouse: Path) -> None:
    con = connect(warehouse, Limits(memory_limit="300MB", threads=2))
    try:
        limit, threads, temp = (
            con.execute("select current_setting('memory_limit'), current_setting('threads'), current_setting('temp_directory')").fetchone()
            or ()
        )
        assert (limit, threads, temp) == ("286.1 MiB", 2, "")  # 300 MB; never spills beside the warehouse
        with pytest.raises(duckdb.Error, match="locked"):
            con.execute("set memory_limit = '100GB'")
    finally:
        con.close()


def test_deep_nesting_is_refused_in_one_line(con: duckdb.DuckDBPyConnection, warehouse: Path) -> None:
    nested = "select " + "(" * 45 + "1" + ")" * 45
    with pytest.raises(QueryRefused, match=r"^query too deeply nested"):
        check(nested, relations(con))
    done = _fiscal(nested, "--db", str(warehouse))
    assert done.returncode == 1 and done.stderr.startswith("fiscal query: query too deeply nested")
    assert done.stderr.count("\n") == 1


CATALOG = [
    "select comment from duckdb_columns() where schema_name = 'marts'",  # as the README shows
    "select table_name from duckdb_tables() where schema_name = 'marts'",
    "select view_name from duckdb_views() where not internal",
    "select schema_name from duckdb_schemas()",
    "select table_name from information_schema.tables where table_schema = 'marts'",
    "select column_name, data_type from information_schema.columns where table_name = 'dim_document'",
    "(select count(*) from marts.dim_document)",
]


@pytest.mark.parametrize("sql", CATALOG)
def test_the_catalog_can_be_read(con: duckdb.DuckDBPyConnection, warehouse: Path, sql: str) -> None:
    check(sql, relations(con))
    done = _fiscal(sql, "--db", str(warehouse), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)
