"""What a BI tool sees: SQLAlchemy with duckdb-engine (what Superset uses) reads the marts and their
column descriptions through a read-only connection; `make docs` writes the dbt docs as one page."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import DBAPIError

from tests.conftest import ROOT


def test_sqlalchemy_reads_the_marts_with_their_descriptions(warehouse: Path) -> None:
    engine = create_engine(f"duckdb:///{warehouse}", connect_args={"read_only": True})
    try:
        inspector = inspect(engine)
        tables = set(inspector.get_table_names(schema="marts"))
        assert {"cmp_budget_vs_actual", "cmp_department_years", "cmp_districts", "dim_function", "dq_discrepancies"} <= tables
        comment = inspector.get_table_comment("cmp_budget_vs_actual", schema="marts")["text"] or ""
        assert comment.startswith("One row per department")
        columns = {c["name"]: c.get("comment") for c in inspector.get_columns("cmp_budget_vs_actual", schema="marts")}
        assert all(columns.values()), columns
        with engine.connect() as con:
            rows = con.execute(text("select budget, actual from marts.cmp_budget_vs_actual where function_code = '2080505'")).fetchall()
            assert [tuple(map(str, r)) for r in rows] == [("53.750000", "53.070000")]
            with pytest.raises(DBAPIError, match="read-only"):
                con.execute(text("create table marts.scratch (a integer)"))
    finally:
        engine.dispose()


def test_make_docs_writes_one_static_page(warehouse: Path) -> None:
    done = subprocess.run(["make", "docs", f"DB={warehouse}"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    page = (ROOT / "build" / "docs" / "index.html").read_text(encoding="utf-8")
    assert "cmp_budget_vs_actual" in page and "execution_rate" in page


def test_make_docs_without_a_warehouse_says_so(tmp_path: Path) -> None:
    done = subprocess.run(["make", "docs", f"DB={tmp_path / 'none.duckdb'}"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode != 0 and "does not exist: run make build first" in done.stderr
