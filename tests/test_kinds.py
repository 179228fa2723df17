"""Table recognition through the one alias table, on titles it was not written for."""

import pytest

from ingest.tables.kinds import classify, find_title, is_title


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        # renumbered: 预算05表 / 公开05表 / no number; with and without the year; bracket widths
        ("预算05表 2026年一般公共预算支出预算表", "general_public_expenditure"),
        ("公开05表 一般公共预算支出情况表", "general_public_expenditure"),
        ("一般公共预算支出表", "general_public_expenditure"),
        ("一般公共预算财政拨款支出决算表", "general_public_expenditure"),
        # 情况表 / 预算表 / 总体情况表 endings swapped
        ("部门收支预算表", "summary"),
        ("2019 年部门收支总体情况表", "summary"),
        ("部门收支情况表", "summary"),
        ("收入支出决算总表", "summary"),
        ("部门收入总体情况表", "income"),
        ("收入决算表", "income"),
        ("部门支出情况表", "expenditure"),
        ("2022年度部门支出总体情况表", "expenditure"),
        ("支出决算表", "expenditure"),
        ("财政拨款收支总体情况表", "fiscal_grant_summary"),
        ("财政拨款收入支出决算总表", "fiscal_grant_summary"),
        ("一般公共预算基本支出情况表", "basic_expenditure"),
        ("一般公共预算财政拨款基本支出决算明细表", "basic_expenditure"),
        ("支出预算分类汇总表（按支出经济分类）", "economic_summary"),
        ("(2023年)一般公共预算“三公”经费支出表", "three_public"),
        ('（2023年度）一般公共预算"三公"经费预算表', "three_public"),
        ("财政拨款“三公”经费支出决算表", "three_public"),
        ("政府性基金预算支出情况表", "gov_fund_expenditure"),
        ("国有资本经营预算财政拨款支出决算表", "soe_expenditure"),
        ("预算12表 机关运行经费预算表", "operating_expenses"),
        ("行政(事业)单位机构运转经费情况表", "operating_expenses"),
        ("项目支出情况表", "project_expenditure"),
        ("某县部门（单位）整体支出绩效目标表", "overall_performance"),
        ("2024年度区级部门预算项目绩效目标表", "project_performance"),
        # numbered in other ways, bracketed suffixes, the department's name inside
        ("公开05表 财政拨款支出预算表（功能科目）", "fiscal_grant_expenditure"),
        ("公开表六 财政拨款基本支出预算表（经济科目）", "fiscal_grant_basic_expenditure"),
        ("表五 财政拨款支出预算表", "fiscal_grant_expenditure"),
        ("附表3 一般公共预算支出预算表（按功能分类）", "general_public_expenditure"),
        ("六、2017年度某省高级人民法院部门财政拨款基本支出预算表", "fiscal_grant_basic_expenditure"),
        ("一般公共预算财政拨款基本支出决算表", "basic_expenditure"),
        ("十一、2017年某省某厅一般公共预算“三公”经费、会议费、培训费支出预算表", "three_public"),
        ("4．2025年部门财政拨款收支预算总表", "fiscal_grant_summary"),
        ("2025年部门一般公共预算支出功能分类预算表", "general_public_expenditure"),
        ("2025年部门一般公共预算基本支出部门预算经济分类预算表", "basic_expenditure"),
        ("2025年部门财务收支预算总表", "summary"),
        # tables we do not model are their own kinds, never the 部门支出表
        ("公开12表 政府采购支出预算表", "procurement"),
        ("2019年政府采购预算表", "procurement"),
        ("政府购买服务预算表", "purchased_services"),
        ("财政专户管理资金支出预算表", "special_account"),
    ],
)
def test_titles_are_recognised(title: str, kind: str) -> None:
    assert classify(title) == kind


@pytest.mark.parametrize("title", ["", "附件", "人员编制统计", "2024年度"])
def test_unrecognised_titles_are_unknown(title: str) -> None:
    assert classify(title) == "unknown"


@pytest.mark.parametrize(
    "line",
    ["财政拨款支出预算表（功能科目）", "公开 01表：收支预算总表", "表十一", "2019年政府采购预算表", "部门基本情况表"],
)
def test_title_lines(line: str) -> None:
    assert is_title(line) == (line != "表十一")


@pytest.mark.parametrize(
    "line", ["本表反映部门本年度的总收支情况表", "单位：万元", "部门：某某办公厅 单位：万元", "收支预算总表说明如下，详见下表。"]
)
def test_lines_that_are_not_titles(line: str) -> None:
    assert not is_title(line)


def test_a_title_wrapped_over_two_lines_is_found_whole() -> None:
    lines = ["公开 09表：一般公共预算“三公”经费、会议费、培训费", "支出预算表", "部门：某某院 单位：万元"]
    assert find_title(lines) == (0, 1)
    assert find_title(["“三公”经费、会议费、培训费支出预算", "表", "单位：万元"]) == (0, 1)
    assert find_title(["收支预算总表", "部门名称：某某", "单位:万元", "常委会办公厅"]) == (0, 0)
