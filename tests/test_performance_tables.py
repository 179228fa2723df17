"""Performance tables: project codes beside (or under) their names, and the 整体绩效目标表's
budget block read by its label grammar, not by column position."""

from __future__ import annotations

from decimal import Decimal

from ingest.model import PrintedRow, PrintedTable
from ingest.tables.parsers import parse_table


def _table(rows: list[list[str]], title: str = "部门（单位）整体绩效目标表") -> PrintedTable:
    width = max(len(r) for r in rows)
    printed = [PrintedRow(n + 1, [*r, *[""] * (width - len(r))], "\t".join(r)) for n, r in enumerate(rows)]
    return PrintedTable(title=title, title_line=None, rows=printed)


def test_labels_shifted_against_their_figures_are_matched_depth_first() -> None:
    rows = [
        ["单位年度支出预算（万元）"],
        ["支出合计", "其中："],
        ["", "基本支出", "其中：", "", "", "项目支出", "其中"],
        ["人员支出", "", "日常公用支出", "", "专项项目支出", "", "一般性项目支出"],
        ["435.02", "182.94", "170.01", "12.93", "252.08", "", "90.38"],
    ]
    parsed = parse_table(0, _table(rows), "overall_performance")
    figures = {i.key: i.values["amount"].amount for i in parsed.items}
    assert figures == {
        "expenditure_total": Decimal("435.02"), "basic_expenditure": Decimal("182.94"), "personnel_expenditure": Decimal("170.01"),
        "public_expenditure": Decimal("12.93"), "project_expenditure": Decimal("252.08"), "project_special": None,
        "project_general": Decimal("90.38"),
    }  # fmt: skip


def test_a_project_code_with_its_name_wrapped_under_it() -> None:
    rows = [["单位编码（项目编码）"], ["410311230000000016839"], ["电子政务网"], ["络建设经费"], ["2023"], ["196.87 196.87"]]
    parsed = parse_table(0, _table(rows, "项目绩效目标表"), "project_performance")
    assert [(i.code, i.name) for i in parsed.items] == [("410311230000000016839", "电子政务网络建设经费2023")]
