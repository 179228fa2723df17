"""`fiscal query`: one read-only SELECT on the marts; everything else refused with a clear line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from ingest.query import QueryRefused, check, connect, relations

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
}


def _fiscal(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([FISCAL, "query", *args], capture_output=True, text=True, check=False)


@pytest.mark.parametrize("sql", sorted(REFUSED))
def test_a_query_that_is_not_a_plain_select_is_refused(warehouse: Path, sql: str) -> None:
    done = _fiscal(sql, "--db", str(warehouse))
    assert done.returncode == 1
    assert REFUSED[sql] in done.stderr
    assert done.stderr.startswith("fiscal query: ") and done.stderr.count("\n") == 1
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
