"""The README's example queries, run exactly as written against the sample warehouse, give what a
person read in the documents (tests/expected/reference/comparisons.yml)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import duckdb
import pytest
import yaml

from tests.conftest import EXPECTED, ROOT

QUERIES = dict(re.findall(r"<!-- query: (\w+) -->\n```sql\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S))
with open(EXPECTED / "reference" / "comparisons.yml", encoding="utf-8") as fh:
    EXPECT: dict[str, list[list[Any]]] = yaml.safe_load(fh)


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _run(con: duckdb.DuckDBPyConnection, name: str) -> list[dict[str, Any]]:
    result = con.execute(QUERIES[name])
    names = [d[0] for d in result.description or []]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def test_the_readme_has_its_queries() -> None:
    assert set(QUERIES) >= {"lineage_years", "budget_vs_actual", "districts", "function_tree", "register"}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_readme_query_runs(con: duckdb.DuckDBPyConnection, name: str) -> None:
    assert _run(con, name)


def test_luolong_2023_and_2025_as_one_lineage(con: duckdb.DuckDBPyConnection) -> None:
    rows = {(r["fiscal_year"], r["code"]): r for r in _run(con, "lineage_years")}
    for year, department, code, amount, previous_year, previous_amount in EXPECT["lineage_years"]:
        row = rows[(year, code)]
        assert (row["department_name"], row["amount"], row["previous_year"], row["previous_amount"]) == (
            department, _dec(amount), previous_year, _dec(previous_amount)
        )  # fmt: skip


def test_mengjin_budget_and_actual_side_by_side(con: duckdb.DuckDBPyConnection) -> None:
    rows = [(r["function_code"], r["budget"], r["actual"], r["budget_source"]) for r in _run(con, "budget_vs_actual")]
    assert rows == [(code, _dec(budget), _dec(actual), source) for code, budget, actual, source in EXPECT["budget_vs_actual"]]


def test_districts_side_by_side(con: duckdb.DuckDBPyConnection) -> None:
    rows = {(r["fiscal_year"], r["district"]): r["amount"] for r in _run(con, "districts")}
    assert rows == {(year, district): _dec(amount) for year, district, amount in EXPECT["districts"]}
