"""Docs are part of the work: every model states its grain and describes every column."""

import json
from pathlib import Path

import duckdb

from fiscal.build import dbt_folder
from tests.conftest import ROOT


def test_mart_descriptions_are_persisted(warehouse: Path) -> None:
    con = duckdb.connect(str(warehouse), read_only=True)
    tables = dict(con.execute("select table_name, comment from duckdb_tables() where schema_name = 'marts'").fetchall())
    undocumented = con.execute(
        "select table_name, column_name from duckdb_columns() where schema_name = 'marts' and (comment is null or comment = '')"
    ).fetchall()
    con.close()
    assert all(tables.values()), tables
    assert tables["fct_expenditure_by_function"].startswith("One row per document × budget unit")
    assert undocumented == []


def test_every_column_of_every_model_is_described(warehouse: Path) -> None:
    manifest = json.loads((dbt_folder(ROOT, warehouse) / "target" / "manifest.json").read_text(encoding="utf-8"))
    con = duckdb.connect(str(warehouse), read_only=True)
    missing = []
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model":
            continue
        assert node["description"].startswith("One row per"), node["name"]
        described = {name for name, column in node["columns"].items() if column.get("description")}
        actual = con.execute(
            "select column_name from information_schema.columns where table_schema = ? and table_name = ?",
            [node["schema"], node["name"]],
        ).fetchall()
        assert actual, node["name"]
        missing += [f"{node['name']}.{c}" for (c,) in actual if c not in described]
    con.close()
    assert missing == []


def test_the_docs_open_on_the_project_and_dbt_sends_nothing_and_logs_plainly(warehouse: Path) -> None:
    folder = dbt_folder(ROOT, warehouse)
    manifest = json.loads((folder / "target" / "manifest.json").read_text(encoding="utf-8"))
    overview = manifest["docs"]["doc.fiscal.__overview__"]["block_contents"]
    assert "marts" in overview and "dq_discrepancies" in overview and "cmp_budget_vs_actual" in overview
    assert manifest["metadata"]["send_anonymous_usage_stats"] is False
    log = (folder / "dbt-build.log").read_text(encoding="utf-8")
    assert "\x1b[" not in log and "Done. PASS=" in log
