"""The interpretation stage on the layouts real publishers print (data/realworld): column meaning
from normalised headers, codes whose 类/款/项 labels sit in the 合计 row, 三公 tables with 会议费 and
培训费 or a 预算数/决算数 pair per item, units never assumed, every figure landed or reported."""

from decimal import Decimal
from pathlib import Path

from ingest.model import ParsedTable, PrintedRow, PrintedTable
from ingest.pipeline import ingest_file
from ingest.tables.coverage import account
from ingest.tables.kinds import classify
from ingest.tables.parsers import parse_table


def table(title: str, rows: list[list[str]], header_paths: list[str] | None = None, unit: str | None = "万元") -> PrintedTable:
    printed = [PrintedRow(n + 1, cells, " | ".join(cells)) for n, cells in enumerate(rows)]
    if header_paths is not None:
        printed.insert(0, PrintedRow(0, header_paths, " / ".join(header_paths)))
    return PrintedTable(title, 0, printed, unit=unit, header_paths=header_paths)


def parse(printed: PrintedTable) -> ParsedTable:
    return parse_table(0, printed, classify(printed.title))


def fields(parsed: ParsedTable) -> list[str | None]:
    return [c.field for c in parsed.columns]


def test_wrapper_groups_and_years_do_not_hide_the_columns_meaning() -> None:
    parsed = parse(
        table(
            "2025年部门支出预算总表",
            [["201", "", "", "一般公共服务支出", "21,601,733.00", "12,291,733.00", "9,310,000.00"]],
            [
                "项目/功能分类科目编码/类",
                "项目/功能分类科目编码/款",
                "项目/功能分类科目编码/项",
                "项目/功能分类科目名称",
                "支出预算/合计",
                "支出预算/基本支出",
                "支出预算/项目支出",
            ],
        )
    )
    assert fields(parsed) == ["code_class", "code_item", "code_sub", "name", "amount_total", "amount_basic", "amount_project"]
    basic = parse(
        table(
            "2024年部门三公经费和机关运行经费预算表",
            [["47.91", "", "1.35", "46.56", "25.00", "21.56", "301.00"]],
            [
                "2024年“三公”经费预算数/合计",
                "2024年“三公”经费预算数/因公出国(境)费",
                "2024年“三公”经费预算数/公务接待费",
                "2024年“三公”经费预算数/公务用车购置及运行费/小计",
                "2024年“三公”经费预算数/公务用车购置及运行费/购置费",
                "2024年“三公”经费预算数/公务用车购置及运行费/运行费",
                "2024年机关运行经费预算数",
            ],
        )
    )
    assert fields(basic) == [
        "total",
        "overseas_travel",
        "reception",
        "vehicle_total",
        "vehicle_purchase",
        "vehicle_operation",
        "operating_expenses",
    ]


def test_a_single_amount_column_headed_jin_e_is_the_total() -> None:
    parsed = parse(
        table(
            "公开05表 财政拨款支出预算表（功能科目）",
            [["", "合计", "28,849.38"], ["2040501", "行政运行", "11,786.92"]],
            ["功能科目代码", "功能科目名称", "金额"],
        )
    )
    assert parsed.kind == "fiscal_grant_expenditure" and fields(parsed) == ["code", "name", "amount_total"]
    [line] = [i for i in parsed.items if i.role == "detail"]
    assert (line.code, line.values["amount_total"].amount) == ("2040501", Decimal("11786.92"))


def test_level_labels_printed_in_the_total_row_still_split_the_codes() -> None:
    parsed = parse(
        table(
            "部门支出预算表",
            [
                ["科目编码", "", "", "科目名称", "合计", "基本支出", "项目支出"],
                ["类", "款", "项", "合计", "30.00", "20.00", "10.00"],
                ["201", "", "", "一般公共服务支出", "30.00", "20.00", "10.00"],
                ["201", "03", "", "政府办公厅（室）及相关机构事务", "30.00", "20.00", "10.00"],
                ["201", "03", "01", "行政运行", "20.00", "20.00", ""],
                ["201", "03", "02", "一般行政管理事务", "10.00", "", "10.00"],
            ],
        )
    )
    assert [c.field for c in parsed.columns][:3] == ["code_class", "code_item", "code_sub"]
    assert [i.code for i in parsed.items if i.role == "detail"] == ["201", "20103", "2010301", "2010302"]
    [total] = [i for i in parsed.items if i.role == "total"]
    assert total.values["amount_total"].amount == Decimal("30.00")


def test_three_public_with_meeting_and_training_totals_the_three_public_subtotal() -> None:
    parsed = parse(
        table(
            "“三公”经费、会议费、培训费支出预算表",
            [["1,471.70", "508.20", "70.00", "411.20", "", "411.20", "27.00", "933.50", "30.00"]],
            [
                "合计",
                "“三公”经费/小计",
                "“三公”经费/因公出国(境)费",
                "“三公”经费/公务用车购置及运行维护费/小计",
                "“三公”经费/公务用车购置及运行维护费/公务用车购置费",
                "“三公”经费/公务用车购置及运行维护费/公务用车运行维护费",
                "“三公”经费/公务接待费",
                "会议费",
                "培训费",
            ],
        )
    )
    [line] = parsed.items
    amounts = {k: v.amount for k, v in line.values.items()}
    assert amounts["total"] == Decimal("508.20") and amounts["grand_total"] == Decimal("1471.70")
    assert (amounts["meeting"], amounts["training"], amounts["vehicle_purchase"]) == (Decimal("933.50"), Decimal("30.00"), None)


def test_a_final_accounts_three_public_table_with_both_phases_per_item() -> None:
    items = [
        "合计",
        "因公出国（境）费",
        "公务用车购置及运行维护费/小计",
        "公务用车购置及运行维护费/公务用车购置费",
        "公务用车购置及运行维护费/公务用车运行维护费",
        "公务接待费",
    ]
    paths = [f"财政拨款“三公”经费/{item}/{phase}" for item in items for phase in ("预算数", "决算数")]
    figures = ["5.00", "4.50", "0.00", "0.00", "3.00", "2.80", "0.00", "0.00", "3.00", "2.80", "2.00", "1.70"]
    parsed = parse(table("财政拨款“三公”经费支出决算表", [figures], paths))
    by_phase = {i.block_label: {k: v.amount for k, v in i.values.items()} for i in parsed.items}
    assert set(by_phase) == {"预算数", "决算数"}
    assert by_phase["预算数"]["total"] == Decimal("5.00") and by_phase["决算数"]["total"] == Decimal("4.50")
    assert by_phase["决算数"]["vehicle_operation"] == Decimal("2.80") and by_phase["预算数"]["reception"] == Decimal("2.00")


def test_an_unknown_header_is_reported_with_its_wording_never_dropped() -> None:
    parsed = parse(table("部门支出预算表", [["2010301", "行政运行", "20.00", "7.00"]], ["科目编码", "科目名称", "合计", "某某特别列"]))
    issues = account(parsed, parsed.issues)
    assert (parsed.figures_printed, parsed.figures_landed) == (2, 1)
    [issue] = issues
    assert issue.rule_id == "column_not_understood" and "某某特别列" in issue.message and issue.col_no == 3


DOC_WITHOUT_UNITS = """# 某区某局 2026 年度部门预算

2026 年 3 月

一、部门收支总体情况
2026年收入总计 {stated}万元。

部门支出预算表

科目编码\t科目名称\t合计\t基本支出\t项目支出
\t合计\t1,905.90\t1,900.00\t5.90
2010301\t行政运行\t1,900.00\t1,900.00\t
2010302\t一般行政管理事务\t5.00\t\t5.00
2010350\t事业运行\t0.90\t\t0.90
"""


def test_a_unit_is_never_assumed(tmp_path: Path) -> None:
    """No table prints a unit: 万元 only where the prose states the table's total in 万元, else the
    table's figures stay NULL with an error that reports every one of them."""
    stated = tmp_path / "stated.md"
    stated.write_text(DOC_WITHOUT_UNITS.format(stated="1,905.90"), encoding="utf-8")
    doc = ingest_file(stated, stated.name)
    assert doc.tables[0].printed.unit == "万元"
    assert [(i.rule_id, i.severity) for i in doc.issues if i.rule_id.startswith("unit_")] == [("unit_inferred", "info")]

    silent = tmp_path / "silent.md"
    silent.write_text(DOC_WITHOUT_UNITS.format(stated="2,000.00"), encoding="utf-8")
    doc = ingest_file(silent, silent.name)
    assert doc.tables[0].printed.unit is None
    [issue] = [i for i in doc.issues if i.rule_id == "unit_not_printed"]
    assert issue.severity == "error" and "NULL" in issue.message
    assert (doc.figures_printed, doc.figures_landed, doc.figures_reported) == (9, 0, 9)
