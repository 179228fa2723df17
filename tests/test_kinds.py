"""Table recognition through the one alias table, on titles it was not written for."""

import pytest

from ingest.tables.kinds import classify


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
    ],
)
def test_titles_are_recognised(title: str, kind: str) -> None:
    assert classify(title) == kind


@pytest.mark.parametrize("title", ["", "附件", "人员编制统计", "2024年度"])
def test_unrecognised_titles_are_unknown(title: str) -> None:
    assert classify(title) == "unknown"
