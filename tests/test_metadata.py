"""Document metadata from the content, and the one department-name normalisation."""

import duckdb

from ingest.metadata import read_metadata
from ingest.model import SourceLine
from ingest.names import department_id, normalise_department_name


def lines(*texts: str) -> list[SourceLine]:
    return [SourceLine(n, t) for n, t in enumerate(texts, start=1)]


def test_final_account_is_dated_the_year_after() -> None:
    meta = read_metadata(lines("2024 年度", "洛阳市孟津区政务服务和大数据管理局", "部门决算公开", "2025 年 9 月", "目 录"), [])
    assert (meta.fiscal_year, meta.document_kind) == (2024, "final_account")
    assert (meta.district, meta.city, meta.region_code) == ("孟津区", "洛阳市", "410308")


def test_a_budget_mentioning_final_accounts_is_a_budget() -> None:
    meta = read_metadata(lines("# 2025 年洛龙区政务服务中心 部门预算公开", "2025 年 3 月", "决算真实性 真实"), [])
    assert (meta.fiscal_year, meta.document_kind, meta.department_name) == (2025, "budget", "洛龙区政务服务中心")
    assert meta.city == "洛阳市"  # never printed: from the district


def test_region_code_follows_the_year() -> None:
    """孟津县 (410322) became 孟津区 (410308) in 2021."""
    meta = read_metadata(lines("孟津县政务服务和大数据管理局 2019 年度部门预算", "2019 年 3 月"), [])
    assert (meta.district, meta.region_code) == ("孟津县", "410322")


def test_department_name_falls_back_to_the_tables() -> None:
    meta = read_metadata(lines("2023 年部门预算", "2023 年 2 月", "部门名称：洛阳市洛龙区人民政府办公室"), [])
    assert meta.department_name == "洛阳市洛龙区人民政府办公室"


def test_one_department_however_it_is_written() -> None:
    xigong = {
        normalise_department_name(n, "西工区") for n in ("西工区政务服务和大数据局", "洛阳市西工区政务服务和大数据管理局", "西工区政数局")
    }
    assert xigong == {"政务服务和大数据管理局"}
    luolong = {normalise_department_name(n, "洛龙区") for n in ("洛阳市洛龙区人民政府办公室", "洛龙区人民政府办公室")}
    assert luolong == {"人民政府办公室"}
    assert department_id("西工区", "政务服务和大数据管理局") != department_id("洛龙区", "政务服务和大数据管理局")


def test_an_alias_holds_in_the_district_that_prints_it() -> None:
    """西工区's 大数据局 is its 政务服务和大数据管理局; another district's 大数据局 may be another body.
    An abbreviation every district uses (政府办) holds everywhere."""
    assert normalise_department_name("西工区大数据局", "西工区") == "政务服务和大数据管理局"
    assert normalise_department_name("洛龙区大数据局", "洛龙区") == "大数据局"
    assert normalise_department_name("洛龙区政府办", "洛龙区") == "人民政府办公室"


def test_department_name_line_may_carry_the_unit() -> None:
    """000 prints `部门名称：洛龙区政务服务和大数据管理局 单位：万元` on one line."""
    meta = read_metadata(lines("2023 年部门预算", "2023 年 2 月", "部门名称：洛龙区政务服务和大数据管理局 单位：万元"), [])
    assert meta.department_name == "洛龙区政务服务和大数据管理局"


def test_a_provincial_body_and_a_municipality_district() -> None:
    """Any level: a provincial department has no district and the province's code; a 上海 district
    body resolves to 上海's 普陀区 (舟山 has one too); labels before the name are not the name."""
    province = read_metadata(lines("江苏省人民检察院", "2019年度部门预算公开", "目 录"), [])
    assert (province.admin_level, province.province, province.city, province.district, province.region_code) == (
        "province", "江苏省", None, None, "320000")  # fmt: skip
    district = read_metadata(lines("上海市普陀区2025年区级单位预算", "预算单位：上海市普陀区商务委员会", "目 录"), [])
    assert (district.department_name, district.admin_level, district.city, district.district, district.region_code) == (
        "上海市普陀区商务委员会", "county", "上海市", "普陀区", "310107")  # fmt: skip
    assert district.budget_scope == "unit"


def test_a_cover_name_wrapped_over_two_lines_is_read_whole() -> None:
    meta = read_metadata(lines("中共上海市普陀区委", "社会工作部 2024年度", "部门决算", "目 录"), [])
    assert (meta.department_name, meta.fiscal_year, meta.document_kind) == ("中共上海市普陀区委社会工作部", 2024, "final_account")


def test_long_and_short_forms_of_a_name_are_one_department() -> None:
    keys = {normalise_department_name(n, "江苏省") for n in ("中国共产党江苏省委员会办公厅", "中共江苏省委办公厅", "江苏省委办公厅")}
    assert len(keys) == 1


def test_the_samples_are_county_level_department_budgets(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute("select distinct admin_level, province, budget_scope from marts.dim_document").fetchall()
    assert rows == [("county", "河南省", "department")]
