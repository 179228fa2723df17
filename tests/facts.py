"""Compare a built warehouse's facts for one document with its person-typed expected values.

Shared by the rendering tests (plain text, PDF): each renders tests/expected/*.yml in some
form, builds the renders into one warehouse and checks every fact here.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

FUNCTION_AMOUNTS = ("total", "basic", "wages_benefits", "household_transfers", "goods_services", "capital", "project")
THREE_PUBLIC_ITEMS = ("total", "overseas_travel", "vehicle_purchase", "vehicle_operation", "reception")


def dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def rows(db: Path, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        result = con.execute(sql, params)
        names = [d[0] for d in result.description or []]
        return [dict(zip(names, r, strict=True)) for r in result.fetchall()]
    finally:
        con.close()


def function_facts(db: Path, document_id: str, doc: dict[str, Any], ambiguous: bool = False) -> None:
    """`ambiguous`: the form cannot decide basic/project; amounts must be NULL with reasons."""
    section = doc["expenditure_by_function"]
    got = rows(db, "select * from marts.fct_expenditure_by_function where document_id = ? order by line_no", [document_id])
    expected = [dict(zip(section["columns"], r, strict=True)) for r in section["rows"]]
    assert [r["function_code"] for r in got] == [e["function_code"] for e in expected]
    assert [r["function_name"] for r in got] == [e["function_name"] for e in expected]
    if ambiguous:
        issues = rows(db, "select count(*) as n from marts.dq_discrepancies where rule_id = 'figures_not_placed' and document_id = ?",
                      [document_id])  # fmt: skip
        assert issues[0]["n"] >= len(expected)
        assert all(r["amount_basic"] is None and r["amount_project"] is None for r in got)
        return
    for row, exp in zip(got, expected, strict=True):
        for field in FUNCTION_AMOUNTS:
            assert row[f"amount_{field}"] == dec(exp[field]), f"{exp['function_code']} {field}"


def economic_facts(db: Path, document_id: str, doc: dict[str, Any]) -> None:
    for section in doc["expenditure_by_economic"]:
        got = rows(
            db,
            "select * from marts.fct_expenditure_by_economic where document_id = ? and scope = ? order by line_no",
            [document_id, section["scope"]],
        )
        expected = [dict(zip(section["columns"], r, strict=True)) for r in section["rows"]]
        assert len(got) == len(expected), section["scope"]
        for row, exp in zip(got, expected, strict=True):
            where = f"{section['scope']} {exp['dept_economic_code']}"
            for key in ("dept_economic_code", "dept_economic_name", "gov_economic_code", "gov_economic_name"):
                assert row[key] == exp[key], f"{where} {key}"
            assert (row["amount"], row["amount_personnel"], row["amount_public"]) == (
                dec(exp["amount"]), dec(exp["personnel"]), dec(exp["public"]),
            ), where  # fmt: skip


def project_facts(db: Path, document_id: str, doc: dict[str, Any]) -> None:
    got = rows(db, "select * from marts.fct_project_expenditure where document_id = ? order by line_no", [document_id])
    section = doc["project_expenditure"]
    expected = [] if section is None else [(t, n, dec(a)) for t, n, a in section["rows"]]
    assert [(r["project_type"], r["project_name"], r["amount"]) for r in got] == expected


def three_public_facts(db: Path, document_id: str, doc: dict[str, Any]) -> None:
    got = {r["phase"]: r for r in rows(db, "select * from marts.fct_three_public where document_id = ?", [document_id])}
    for exp in doc["three_public"]:
        for item in THREE_PUBLIC_ITEMS:
            assert got[exp["phase"]][item] == dec(exp[item]), f"{exp['phase']} {item}"
