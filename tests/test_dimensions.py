"""Dimensions and code lists against what a person read (tests/expected/reference/dimensions.yml)."""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from fiscal.build import build
from ingest.names import identify_department, project_series_key
from seeds.generators import regions as region_seed
from tests.conftest import EXPECTED, ROOT, SAMPLES
from tests.facts import rows

with open(EXPECTED / "reference" / "dimensions.yml", encoding="utf-8") as fh:
    REF: dict[str, Any] = yaml.safe_load(fh)


def sample(name: str) -> Path:
    [path] = SAMPLES.glob(f"{name}_*")
    return path


def sample_id(name: str) -> str:
    return hashlib.sha256(sample(name).read_bytes()).hexdigest()


def department_of(con: duckdb.DuckDBPyConnection, name: str) -> str:
    row = con.execute("select department_id from marts.dim_document where document_id = ?", [sample_id(name)]).fetchone()
    assert row is not None
    return str(row[0])


@pytest.mark.parametrize("code, name, level, parent, category, category_name", REF["function_tree"])
def test_dim_function_is_a_tree(con: duckdb.DuckDBPyConnection, code: str, name: str, level: str, parent: str | None,
                                category: str, category_name: str) -> None:  # fmt: skip
    row = con.execute(
        "select function_name, level, parent_code, category_code, category_name from marts.dim_function where function_code = ?", [code]
    ).fetchone()
    assert row == (name, level, parent, category, category_name)


def test_every_function_code_under_201_has_its_parent(con: duckdb.DuckDBPyConnection) -> None:
    orphans = con.execute(
        "select function_code from marts.dim_function f where function_code like '201%' and parent_code is not null "
        "and parent_code not in (select function_code from marts.dim_function)"
    ).fetchall()
    assert orphans == []
    levels = dict(con.execute("select level, count(*) from marts.dim_function where function_code like '201%' group by level").fetchall())
    assert levels["类"] == 1 and levels["款"] > 10 and levels["项"] > 40


@pytest.mark.parametrize("code, name, valid_from, valid_to", REF["function_renames"])
def test_a_renamed_function_keeps_each_name_with_its_years(code: str, name: str, valid_from: int | None, valid_to: int | None) -> None:
    with open(ROOT / "seeds" / "function_codes.csv", encoding="utf-8", newline="") as fh:
        listed = [
            (r["valid_from_year"], r["valid_to_year"])
            for r in csv.DictReader(fh)
            if (r["function_code"], r["function_name"]) == (code, name)
        ]
    assert listed == [(str(valid_from or ""), str(valid_to or ""))]


@pytest.mark.parametrize("code, name, scheme, level, parent", REF["economic_tree"])
def test_dim_economic(con: duckdb.DuckDBPyConnection, code: str, name: str, scheme: str, level: str, parent: str) -> None:
    row = con.execute("select economic_name, scheme, level, parent_code from marts.dim_economic where economic_code = ?", [code]).fetchone()
    assert row == (name, scheme, level, parent)


@pytest.mark.parametrize("dept, gov, unit_type", REF["economic_mapping"])
def test_the_mapping_holds_the_pairs_the_documents_print(con: duckdb.DuckDBPyConnection, dept: str, gov: str, unit_type: str) -> None:
    found = con.execute(
        "select unit_type from seeds.economic_code_mapping where dept_economic_code = ? and gov_economic_code = ?", [dept, gov]
    ).fetchall()
    assert (unit_type,) in found


def test_every_code_of_every_fact_resolves_to_a_listed_code(con: duckdb.DuckDBPyConnection) -> None:
    unlisted = con.execute(
        "select function_code from marts.fct_expenditure_by_function join marts.dim_function using (function_code) "
        "where source = 'unlisted' union all select economic_code from marts.fct_expenditure_by_economic e join marts.dim_economic d "
        "on d.economic_code in (e.dept_economic_code, e.gov_economic_code) where d.source = 'unlisted'"
    ).fetchall()
    assert unlisted == []
    missing = con.execute(
        "select count(*) from marts.fct_expenditure_by_function where function_code is not null "
        "and function_code not in (select function_code from marts.dim_function)"
    ).fetchone()
    assert missing == (0,)


def test_code_findings_on_the_samples_are_exactly_the_listed_ones(con: duckdb.DuckDBPyConnection) -> None:
    rules = ("unknown_function_code", "unknown_economic_code", "function_name_mismatch", "economic_name_mismatch", "project_code_unmatched")
    found = con.execute(
        f"select d.source_path, q.rule_id, q.message from marts.dq_discrepancies q join marts.dim_document d using (document_id) "
        f"where q.rule_id in {rules}"
    ).fetchall()
    expected = {(sample(doc).name, rule, code) for doc, rule, code in REF["code_findings"]}
    assert {(path, rule, message.split()[2]) for path, rule, message in found} == expected


def test_regions_cover_henan_with_validity_years(con: duckdb.DuckDBPyConnection) -> None:
    current = dict(
        con.execute(
            "select level, count(*) from seeds.regions "
            "where province = '河南省' and valid_to_year is null and level not in ('city', 'province') group by level"
        ).fetchall()
    )
    assert current == REF["regions"]["current_county_level"]
    for code, name, valid_from, valid_to in REF["regions"]["rows"]:
        row = con.execute("select region_name, valid_from_year, valid_to_year from seeds.regions where region_code = ?", [code]).fetchone()
        assert row is not None and row[0] == name and row[2] == valid_to, code
        assert valid_from is None or row[1] == valid_from, code


@pytest.mark.parametrize(("code", "name", "level", "city", "province", "valid_from", "valid_to"), REF["regions_country"])
def test_regions_cover_the_whole_country(
    con: duckdb.DuckDBPyConnection, code: str, name: str, level: str, city: str, province: str, valid_from: int, valid_to: int
) -> None:
    """Every province, prefecture and county-level division, a municipality's districts included;
    a code reused under a new name after 2019 has a row per name with its years."""
    row = con.execute(
        "select level, city, province, valid_from_year, valid_to_year from seeds.regions where region_code = ? and region_name = ?",
        [code, name],
    ).fetchone()
    assert row == (level, city or None, province, valid_from, valid_to)


def test_the_regions_seed_is_what_the_generator_writes(tmp_path: Path) -> None:
    written = region_seed.write("", tmp_path / "regions.csv")
    assert written.read_text(encoding="utf-8") == (ROOT / "seeds" / "regions.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(REF["document_regions"]))
def test_dim_document_has_region_code_and_city(con: duckdb.DuckDBPyConnection, name: str) -> None:
    row = con.execute("select region_code, city from marts.dim_document where document_id = ?", [sample_id(name)]).fetchone()
    assert list(row or ()) == REF["document_regions"][name]


def test_luolong_2023_and_2025_share_a_lineage(con: duckdb.DuckDBPyConnection) -> None:
    lineage = {
        name: con.execute("select lineage_id from marts.dim_department where department_id = ?", [department_of(con, name)]).fetchone()
        for name in REF["lineage"]["shared"] + REF["lineage"]["alone"]
    }
    shared = {lineage[n] for n in REF["lineage"]["shared"]}
    assert len(shared) == 1
    assert len({lineage[n] for n in REF["lineage"]["alone"]} | shared) == 1 + len(REF["lineage"]["alone"])


@pytest.mark.parametrize("case", REF["department_names"], ids=lambda c: c["document"])
def test_printed_forms_of_a_name_are_one_department(con: duckdb.DuckDBPyConnection, case: dict[str, Any]) -> None:
    department_id = department_of(con, case["document"])
    assert {identify_department(n, case["district"])[1] for n in case["names"]} == {department_id}
    assert con.execute("select count(*) from marts.dim_department where department_id = ?", [department_id]).fetchone() == (1,)


@pytest.mark.parametrize("name", sorted(REF["department_codes"]))
def test_department_code(con: duckdb.DuckDBPyConnection, name: str) -> None:
    row = con.execute("select department_code from marts.dim_department where department_id = ?", [department_of(con, name)]).fetchone()
    assert row == (REF["department_codes"][name],)


def test_dim_fiscal_year_shows_the_gaps(con: duckdb.DuckDBPyConnection) -> None:
    found = con.execute("select fiscal_year, budget_documents, final_account_documents from marts.dim_fiscal_year order by 1").fetchall()
    assert [list(r) for r in found] == REF["fiscal_years"]


@pytest.mark.parametrize("name, project, code", REF["project_codes"])
def test_project_codes_are_joined_by_name(con: duckdb.DuckDBPyConnection, name: str, project: str, code: str) -> None:
    found = con.execute(
        "select p.project_code from marts.fct_project_expenditure f join marts.dim_project p using (project_id) "
        "where f.document_id = ? and f.project_name = ?",
        [sample_id(name), project],
    ).fetchall()
    assert found == [(code,)]


def test_the_same_name_in_two_lineages_is_two_series(con: duckdb.DuckDBPyConnection) -> None:
    series = con.execute(
        "select count(distinct project_series_id) from marts.dim_project where series_name = ?", [project_series_key("劳务派遣人员经费")]
    ).fetchone()
    assert series == (2,)  # 002 (人民政府办公室, 2023) and 001 (政务服务中心, 2025)


@pytest.mark.parametrize(
    "a, b", [("电子政务网络建设经费 2023", "电子政务网络建设经费（2024 年）"), ("2025年劳务派遣人员经费", "劳务派遣人员经费（2023年）")]
)
def test_project_series_key_drops_the_year(a: str, b: str) -> None:
    assert project_series_key(a) == project_series_key(b)
    assert project_series_key("12345便民热线办公经费") == "12345便民热线办公经费"


@pytest.fixture(scope="module")
def next_year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """000 and the same department's next budget (000 with its years moved on by one), plus 001
    with an unknown function code."""
    folder = tmp_path_factory.mktemp("next-year")
    shutil.copy(sample("000"), folder / "2023.txt")
    text = sample("000").read_text(encoding="utf-8")
    (folder / "2024.txt").write_text(text.replace("2023", "2024").replace("230000000016", "240000000016"), encoding="utf-8")
    odd = sample("001").read_text(encoding="utf-8").replace("201\t03\t50\t", "201\t03\t97\t")  # 2010350 -> 2010397
    assert odd != sample("001").read_text(encoding="utf-8")
    (folder / "unknown.txt").write_text(odd, encoding="utf-8")
    db = tmp_path_factory.mktemp("next-year-warehouse") / "fiscal.duckdb"
    build(folder, db, ROOT)
    return db


def test_a_project_is_one_series_across_years(next_year: Path) -> None:
    found = rows(
        next_year,
        "select fiscal_year, project_code, project_series_id from marts.dim_project where series_name = ? order by fiscal_year",
        [project_series_key("电子政务网络建设经费")],
    )
    assert [(r["fiscal_year"], r["project_code"]) for r in found] == [(2023, "410311230000000016839"), (2024, "410311240000000016839")]
    assert found[0]["project_series_id"] == found[1]["project_series_id"]


def test_an_unknown_code_keeps_its_fact_and_is_reported(next_year: Path) -> None:
    [fact] = rows(
        next_year, "select function_name, amount_total from marts.fct_expenditure_by_function where function_code = '2010397'", []
    )
    assert fact["function_name"] == "事业运行" and fact["amount_total"] is not None
    [dim] = rows(next_year, "select source, parent_code from marts.dim_function where function_code = '2010397'", [])
    assert dim == {"source": "unlisted", "parent_code": "20103"}
    [issue] = rows(next_year, "select severity, message from marts.dq_discrepancies where rule_id = 'unknown_function_code'", [])
    assert issue["severity"] == "info" and "2010397" in issue["message"]  # our list's gap, not the document's fault (contract)
