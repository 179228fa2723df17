"""Every reader rule (seeds/dq_rules.csv, category `reader`) proven on a real document.

Each test reads a sample of data/samples copied into tmp_path, alters it the way a publisher (or
its converter) could really print it, and reads it again: the rule is silent on the clean sample
(or, where the sample raises it already, raised exactly once more) and fires at the line, row or
wording that was altered. In-process ingest only: no dbt, no warehouse.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

from ingest.model import Issue, ParsedDocument
from ingest.pipeline import ingest_file
from tests.conftest import SAMPLES

PLAIN = "000_50ac0c10edb5d446.txt"  # 2023 budget, plain layout dump of a PDF
BUDGET = "001_e3057056494def29.txt"  # 2025 budget, Markdown form
FINAL_ACCOUNT = "003_6d6ee4970fc0bf0d.txt"  # 2024 决算: 栏次 rows, side-by-side 基本支出 blocks
BUDGET_2021 = "004_117098cfe8f5af66.txt"  # 2021 budget: transposed 三公 table, 整体支出绩效 label block


# ---------------------------------------------------------------- helpers


def _read(path: Path) -> ParsedDocument:
    return ingest_file(path, path.name)


def _issues(path: Path, rule_id: str) -> list[Issue]:
    return [i for i in _read(path).issues if i.rule_id == rule_id]


def _clean(tmp_path: Path, sample: str) -> Path:
    """The sample as published, copied into tmp_path."""
    (tmp_path / "clean").mkdir(exist_ok=True)
    return Path(shutil.copy(SAMPLES / sample, tmp_path / "clean" / sample))


def _written(tmp_path: Path, sample: str, text: str, encoding: str = "utf-8") -> Path:
    """An altered sample, under the sample's own name (and suffix)."""
    (tmp_path / "altered").mkdir(exist_ok=True)
    path = tmp_path / "altered" / sample
    path.write_bytes(text.encode(encoding))
    return path


def _altered(tmp_path: Path, sample: str, old: str, new: str, *more: tuple[str, str], every: bool = False) -> Path:
    """The sample with `old` printed as `new` (then each further pair): each `old` is printed exactly
    once in the sample, or, with `every`, at least once and replaced wherever it is printed."""
    text = (SAMPLES / sample).read_text(encoding="utf-8")
    for before, after in [(old, new), *more]:
        count = text.count(before)
        assert count >= 1 if every else count == 1, f"{before!r} is printed {count} times in {sample}"
        text = text.replace(before, after)
    return _written(tmp_path, sample, text)


def _before(sample: str, marker: str) -> str:
    """The sample's text up to the one line that starts with `marker` (the rest not published)."""
    text = (SAMPLES / sample).read_text(encoding="utf-8")
    assert text.count(marker) == 1, f"{marker!r} is not printed once in {sample}"
    return text[: text.index(marker)]


def _line_of(path: Path, printed: str) -> int:
    """The 1-based number of the one line of `path` that prints `printed`."""
    lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if printed in line]
    assert len(lines) == 1, f"{printed!r} is printed on lines {lines}"
    return lines[0]


def _one_more(clean: Path, altered: Path, rule_id: str) -> Issue:
    """The one issue of `rule_id` the alteration added (the clean sample's own are raised unchanged)."""
    before, after = _issues(clean, rule_id), _issues(altered, rule_id)
    added = [i for i in after if i not in before]
    assert len(after) == len(before) + 1 and len(added) == 1, (before, after)
    return added[0]


# ---------------------------------------------------------------- the document


def test_prose_only__fires_on_the_prose_half_of_a_disclosure_published_without_its_tables(tmp_path: Path) -> None:
    """The explanation and the tables published as two files: this is the explanation's file."""
    assert _issues(_clean(tmp_path, PLAIN), "prose_only") == []
    prose = _written(tmp_path, PLAIN, _before(PLAIN, "附件：2023 年洛龙区政务服务和大数据管理局部门预算\n"))
    doc = _read(prose)
    [issue] = [i for i in doc.issues if i.rule_id == "prose_only"]
    assert issue.message.startswith(f"{PLAIN}: prose only, no table")
    assert (doc.status, doc.tables) == ("partial", [])
    assert any(f.figure == "income_total" for f in doc.prose_figures)  # its figures kept, to check against the tables file


def test_prose_only__fires_on_a_markdown_prose_half_that_keeps_its_contents_page(tmp_path: Path) -> None:
    """A prose file with no tab rows is read as plain layout text: its contents page (`- 一、部门收支预算表`
    …) names tables, it prints none."""
    assert _issues(_clean(tmp_path, BUDGET), "prose_only") == []
    prose = _written(tmp_path, BUDGET, _before(BUDGET, "**附件：2025年洛龙区政务服务中心部门预算表**"))
    doc = _read(prose)
    assert [i.rule_id for i in doc.issues] == ["prose_only"]
    assert doc.tables == []


def test_unreadable_document__fires_on_a_disclosure_saved_in_gbk(tmp_path: Path) -> None:
    assert _issues(_clean(tmp_path, BUDGET), "unreadable_document") == []
    gbk = _written(tmp_path, BUDGET, (SAMPLES / BUDGET).read_text(encoding="utf-8"), encoding="gb18030")
    doc = _read(gbk)
    [issue] = doc.issues
    assert issue.rule_id == "unreadable_document"
    assert issue.message.startswith(f"{BUDGET}: not UTF-8 text") and issue.message.endswith("convert it to UTF-8")
    assert doc.status == "failed"


def test_no_facts__fires_on_a_download_cut_off_after_its_first_table(tmp_path: Path) -> None:
    """Only the 部门收支预算表 arrived: label/amount pairs, no 类/款/项 or 经济分类 line."""
    assert _issues(_clean(tmp_path, BUDGET), "no_facts") == []
    cut = _written(tmp_path, BUDGET, _before(BUDGET, "## 2025 年部门收入预算表"))
    doc = _read(cut)
    [issue] = [i for i in doc.issues if i.rule_id == "no_facts"]
    assert issue.message.startswith("no table of a modelled kind gave figures")
    assert [t.kind for t in doc.tables] == ["summary"]
    assert (doc.status, doc.status_reason) == ("partial", issue.message)


def test_metadata_not_found__fires_when_the_district_is_a_name_several_cities_share(tmp_path: Path) -> None:
    """001 names its body `洛龙区…` and never its city: unambiguous, as only 洛阳 has a 洛龙区. A 鼓楼区
    body printing the same (南京, 徐州, 福州 and 开封 each have a 鼓楼区) names no district we can tell."""
    assert _issues(_clean(tmp_path, BUDGET), "metadata_not_found") == []
    drum_tower = _altered(tmp_path, BUDGET, "洛龙区", "鼓楼区", every=True)
    doc = _read(drum_tower)
    [issue] = [i for i in doc.issues if i.rule_id == "metadata_not_found"]
    assert issue.message == "admin_level not found in the document"
    assert doc.metadata.department_name == "鼓楼区政务服务中心" and doc.metadata.district is None
    assert doc.status == "partial"


# ---------------------------------------------------------------- tables and rows


def test_unknown_table__fires_on_a_title_spelling_out_the_three_public_items(tmp_path: Path) -> None:
    """The “三公” table titled by its three items, as some publishers print it."""
    assert _issues(_clean(tmp_path, BUDGET), "unknown_table") == []
    title = "2025 年一般公共预算因公出国（境）费、公务用车购置及运行费和公务接待费预算表"
    spelt_out = _altered(tmp_path, BUDGET, "## 2025 年一般公共预算“三公”经费预算表", f"## {title}")
    doc = _read(spelt_out)
    [issue] = [i for i in doc.issues if i.rule_id == "unknown_table"]
    assert issue.line == _line_of(spelt_out, title)
    assert title in issue.message
    assert issue.table_no is not None and doc.tables[issue.table_no].kind == "unknown"


def test_unknown_row_label__fires_on_a_meeting_fee_row_in_a_transposed_three_public_table(tmp_path: Path) -> None:
    """004 prints its 三公 table one item a row; a 会议费 row is no 三公 item."""
    assert _issues(_clean(tmp_path, BUDGET_2021), "unknown_row_label") == []
    meeting = _altered(tmp_path, BUDGET_2021, "（2）公务车购置费\t\n", "（2）公务车购置费\t\n4、会议费\t\n")
    [issue] = _issues(meeting, "unknown_row_label")
    assert issue.line == _line_of(meeting, "4、会议费")
    assert issue.message == "三公 row '4、会议费' is not a known item"


def test_unit_inferred__fires_on_a_table_printed_without_its_unit_line(tmp_path: Path) -> None:
    assert _issues(_clean(tmp_path, BUDGET), "unit_inferred") == []
    title = "## 2025 年部门支出预算表\n\n部门名称：洛龙区政务服务中心\n"
    no_unit = _altered(tmp_path, BUDGET, f"{title}\n单位：万元\n", title)
    doc = _read(no_unit)
    [issue] = [i for i in doc.issues if i.rule_id == "unit_inferred"]
    assert issue.line == _line_of(no_unit, "## 2025 年部门支出预算表")
    assert issue.message == "table '2025 年部门支出预算表' prints no unit: read in 万元, the unit every other table prints"
    assert issue.table_no is not None and doc.tables[issue.table_no].printed.unit == "万元"


def test_unit_not_printed__fires_when_the_other_tables_print_different_units(tmp_path: Path) -> None:
    """The “三公” table printed in 元 (as many are) and the 部门支出预算表 with no unit: 元 or 万元?"""
    assert _issues(_clean(tmp_path, BUDGET), "unit_not_printed") == []
    title = "## 2025 年部门支出预算表\n\n部门名称：洛龙区政务服务中心\n"
    mixed = _altered(
        tmp_path, BUDGET, f"{title}\n单位：万元\n", title,
        ("单位：万元\n\n“三公”经费合计", "单位：元\n\n“三公”经费合计"),
        ("\n1.50\t\t1.50\t\t1.50\t\n", "\n15000.00\t\t15000.00\t\t15000.00\t\n"),
    )  # fmt: skip
    doc = _read(mixed)
    [issue] = [i for i in doc.issues if i.rule_id == "unit_not_printed"]
    assert issue.line == _line_of(mixed, "## 2025 年部门支出预算表")
    assert issue.message.startswith("table '2025 年部门支出预算表' prints no unit and the other tables print different units")
    assert issue.table_no is not None and doc.tables[issue.table_no].printed.unit is None
    assert [i for i in doc.issues if i.rule_id == "unit_inferred"] == []


def test_column_not_understood__fires_on_figures_under_an_unknown_header(tmp_path: Path) -> None:
    """The 基本支出表's 公用经费 column headed 公用支出."""
    assert _issues(_clean(tmp_path, BUDGET), "column_not_understood") == []
    renamed = _altered(tmp_path, BUDGET, "科目名称\t合计\t人员经费\t公用经费\n", "科目名称\t合计\t人员经费\t公用支出\n")
    [issue] = _issues(renamed, "column_not_understood")
    assert issue.message == "8 figure(s) under the header '本年一般公共预算基本支出/公用支出', which has no meaning we know: not landed"
    assert issue.col_no == 6
    assert issue.line == _line_of(renamed, "合计\t\t\t\t281.65\t266.81\t14.84")  # its first figure: the 合计 row's


def test_column_not_understood__fires_on_an_unknown_project_type_under_a_shifted_header(tmp_path: Path) -> None:
    """A 项目支出 sub-header the vocabulary does not know (`事业发展类`), in 001's header row printed one
    column right of its figures: the column keeps its place under 项目支出 and its figures are reported."""
    assert _issues(_clean(tmp_path, BUDGET), "column_not_understood") == []
    renamed = _altered(tmp_path, BUDGET, "小计\t其他运 转类\t特定目标类", "小计\t事业发展类\t特定目标类")
    doc = _read(renamed)
    [issue] = [i for i in doc.issues if i.rule_id == "column_not_understood"]
    assert "'项目支出/事业发展类'" in issue.message
    assert [i for i in doc.issues if i.rule_id == "figure_not_landed"] == []


def test_figure_not_landed__fires_on_a_function_row_printed_without_its_code(tmp_path: Path) -> None:
    """A 部门支出预算表 line whose 类/款/项 cells came out blank: neither a coded line nor a total."""
    assert _issues(_clean(tmp_path, BUDGET), "figure_not_landed") == []
    name = "机关事业单位基本养 老保险缴费支出"  # as 001 prints it in this table (and only there)
    uncoded = _altered(tmp_path, BUDGET, f"208\t05\t05\t\t{name}", f"\t\t\t\t{name}")
    issues = _issues(uncoded, "figure_not_landed")
    line = _line_of(uncoded, f"\t\t\t\t{name}")
    assert [(i.line, i.col_no) for i in issues] == [(line, 5), (line, 6), (line, 7)]  # 合计, 基本支出, 工资福利支出
    assert issues[0].message == "figure 20.44 (amount_total) in a row read as neither a line nor a total: not landed"


def test_garbled_code__fires_on_an_economic_code_printed_with_a_glyph_dropped(tmp_path: Path) -> None:
    """`30101` printed `30 01`, as 000 prints it in its 支出经济分类汇总表."""
    assert _issues(_clean(tmp_path, BUDGET), "garbled_code") == []
    garbled = _altered(tmp_path, BUDGET, "30101\t基本工资\t", "30 01\t基本工资\t")
    [issue] = _issues(garbled, "garbled_code")
    assert issue.line == _line_of(garbled, "30 01\t基本工资")
    assert issue.message.startswith("economic code printed as '30 01' is not a valid code: read as 30101")


def test_missing_code__fires_on_an_economic_row_printed_without_its_code(tmp_path: Path) -> None:
    assert _issues(_clean(tmp_path, BUDGET), "missing_code") == []
    uncoded = _altered(tmp_path, BUDGET, "30199\t其他工资福利支出\t50501", "\t其他工资福利支出\t50501")
    [issue] = _issues(uncoded, "missing_code")
    assert issue.line == _line_of(uncoded, "\t其他工资福利支出\t50501")
    assert issue.message == "row '其他工资福利支出' prints amounts but no economic code"


def test_code_cell_spans_rows__fires_on_a_line_split_over_two_rows_under_one_code_cell(tmp_path: Path) -> None:
    """奖金 split over two 政府经济分类 rows, its 部门 code cell merged over both (as 002 prints it)."""
    assert _issues(_clean(tmp_path, BUDGET), "code_cell_spans_rows") == []
    split = _altered(
        tmp_path, BUDGET,
        "30103\t奖金\t50501\t工资福利支出\t82.74\t82.74\t\n",
        "30103\t奖金\t50501\t工资福利支出\t52.90\t52.90\t\n\t奖金\t50101\t工资奖金津补贴\t29.84\t29.84\t\n",
    )  # fmt: skip
    [issue] = _issues(split, "code_cell_spans_rows")
    assert issue.line == _line_of(split, "\t奖金\t50101\t工资奖金津补贴\t29.84")
    assert issue.message == "'奖金' printed without a code under a row with the same name: code 30103 carried down"


def test_value_in_column_number_row__fires_on_a_figure_lifted_into_the_column_number_row(tmp_path: Path) -> None:
    """The 财政拨款收入支出决算总表's first income figure printed one row up, in its 栏次 row (as 003
    already prints it in its 收入支出决算总表)."""
    clean = _clean(tmp_path, FINAL_ACCOUNT)
    lifted = _altered(
        tmp_path, FINAL_ACCOUNT,
        "栏次\t\t1\t栏次\t\t2\t3\t4\t5\n一、一般公共预算财政拨款\t1\t907.94\t",
        "栏次\t\t907.94\t栏次\t\t2\t3\t4\t5\n一、一般公共预算财政拨款\t1\t\t",
    )  # fmt: skip
    issue = _one_more(clean, lifted, "value_in_column_number_row")
    assert issue.line == _line_of(lifted, "栏次\t\t907.94\t栏次\t\t2\t3\t4\t5")
    assert issue.message == "amount 907.94 printed in a column-number (栏次) row: kept, not assigned to a line"


def test_value_outside_column__fires_on_a_figure_printed_in_the_last_column(tmp_path: Path) -> None:
    """A 公用经费 line's figure pushed to the table's last column (as 003 prints its 公用经费合计)."""
    clean = _clean(tmp_path, FINAL_ACCOUNT)
    pushed = _altered(
        tmp_path, FINAL_ACCOUNT,
        "\t\t\t30299\t其他商品和服务支出\t20.77\t\t\t\t\n",
        "\t\t\t30299\t其他商品和服务支出\t\t\t\t\t20.77\n",
    )  # fmt: skip
    issue = _one_more(clean, pushed, "value_outside_column")
    assert issue.line == _line_of(pushed, "30299\t其他商品和服务支出")
    assert issue.message == "amount 20.77 printed right of its column; read as the figure of '其他商品和服务支出'"


# ---------------------------------------------------------------- performance tables


def test_project_name_not_found__fires_on_a_project_code_printed_without_its_name(tmp_path: Path) -> None:
    """In the plain dump the name is printed on the lines under its code; here the name cell was blank."""
    assert _issues(_clean(tmp_path, PLAIN), "project_name_not_found") == []
    nameless = _altered(tmp_path, PLAIN, "410311230000000016839\n\n电子政务网\n\n络建设经费\n\n2023\n\n", "410311230000000016839\n\n")
    [issue] = _issues(nameless, "project_name_not_found")
    assert issue.line == _line_of(nameless, "410311230000000016839")
    assert issue.message == "project code 410311230000000016839 printed without a project name"


def test_project_name_not_found__fires_on_a_blank_name_cell_of_a_markdown_table(tmp_path: Path) -> None:
    """The cell under `项目单位（项目名称）` left blank: no name (not the 项目分类 printed right of it)."""
    assert _issues(_clean(tmp_path, BUDGET), "project_name_not_found") == []
    nameless = _altered(tmp_path, BUDGET, "410311250000000028802\t行政效能经费\t", "410311250000000028802\t\t")
    [issue] = _issues(nameless, "project_name_not_found")
    assert issue.line == _line_of(nameless, "410311250000000028802")


def test_performance_block_unread__fires_when_merged_labels_are_repeated_in_the_row_below(tmp_path: Path) -> None:
    """004's 单位年度支出预算 block: 基本支出 and 项目支出 are cells merged over two label rows; a
    converter that repeats a merged cell's text in every row it spans prints them twice."""
    clean = _clean(tmp_path, BUDGET_2021)
    assert _issues(clean, "performance_block_unread") == []
    figures = "435.02\t182.94\t170.01\t12.93\t252.08\t\t90.38\t"
    assert _performance_keys(_read(clean)) == [
        "expenditure_total", "basic_expenditure", "personnel_expenditure", "public_expenditure",
        "project_expenditure", "project_special", "project_general",
    ]  # fmt: skip
    repeated = _altered(
        tmp_path, BUDGET_2021,
        "人员支出\t\t日常公用支出\t\t专项项目支出\t\t一般性项目支出\t",
        "人员支出\t基本支出\t日常公用支出\t\t专项项目支出\t项目支出\t一般性项目支出\t",
    )  # fmt: skip
    doc = _read(repeated)
    [issue] = [i for i in doc.issues if i.rule_id == "performance_block_unread"]
    assert issue.line == _line_of(repeated, figures)  # the row of figures the labels stand over
    assert issue.message == "13 labels over a row of 8 cells: not read"
    assert _performance_keys(doc) == []


def _performance_keys(doc: ParsedDocument) -> list[str | None]:
    return [i.key for t in doc.tables if t.kind == "overall_performance" for i in t.items]


# ---------------------------------------------------------------- the prose


def test_prose_stray_sign__fires_on_a_percent_sign_printed_before_wan_yuan(tmp_path: Path) -> None:
    """`人员经费支出 266.81%万元`: read as 266.81 万元 (the prose checks compare it with the tables), and said so."""
    assert _issues(_clean(tmp_path, BUDGET), "prose_stray_sign") == []
    altered = _altered(tmp_path, BUDGET, "人员经费支出 266.81 万元", "人员经费支出 266.81%万元")
    [issue] = _issues(altered, "prose_stray_sign")
    assert issue.line == _line_of(altered, "266.81%万元")
    assert issue.message == "'266.81%万元' has a stray '%' before its unit: read as 266.81 万元"
    read = [f for f in _read(altered).prose_figures if f.figure == "personnel_expenditure" and f.line == issue.line]
    assert [f.amount for f in read] == [Decimal("266.81")]


# ---------------------------------------------------------------- headers a dump scrambled

_THREE_PUBLIC_HEADER = "“三公”经费合计 因公出国（境）费\n公务用车购置及运行费\n\n公务接待费\n小计 公务用车购置费 公务用车运行费\n"
_FIGURES = "1,852.32 676.10 76.00 156.60 156.60 443.50 1,094.62 81.60\n"
_IN_ORDER = (
    "合计 “三公”经费 会议费 培训费\n小计 因公出国（境）费 公务用车购置及运行维护费 公务接待费\n小计 公务用车购置费 公务用车运行维护费\n"
)
# the same header as pdfplumber's extract_text prints it: a tall header's cells centred, the
# pieces of a wrapped label above and below the middle line
_CENTRED = (
    "“三公”经费\n公务用车购置及运行维护费\n合计 会议费 培训费\n"
    "因公出国（境）\n小计 公务接待费\n费\n"
    "公务用车运行维\n小计 公务用车购置费\n护费\n"
)


def test_header_by_known_layout__fires_on_a_three_public_header_printed_centred(tmp_path: Path) -> None:
    """000's 三公 table as 江苏 prints it (with 会议费 and 培训费) and one row of figures: read in the
    header's order when it is printed in order; read by the known layout when a dump centred it."""
    in_order = _altered(tmp_path, PLAIN, _THREE_PUBLIC_HEADER, _IN_ORDER + _FIGURES)
    assert _issues(in_order, "header_by_known_layout") == []
    centred = _written(tmp_path, PLAIN, in_order.read_text(encoding="utf-8").replace(_IN_ORDER, _CENTRED))
    [issue] = _issues(centred, "header_by_known_layout")
    assert "'three_public_with_meetings'" in issue.message
    assert issue.line == _line_of(centred, "2023 年一般公共预算“三公”经费预算表")
    for path in (in_order, centred):
        [table] = [t for t in _read(path).tables if t.kind == "three_public"]
        read = {name: cell.amount for item in table.items for name, cell in item.values.items()}
        assert (read["grand_total"], read["total"], read["meeting"], read["training"]) == (
            Decimal("1852.32"), Decimal("676.10"), Decimal("1094.62"), Decimal("81.60"),
        )  # fmt: skip


def test_figure_not_landed__fires_on_a_figure_printed_in_one_cell_with_its_label(tmp_path: Path) -> None:
    """A grid drawn without the rule between a 收支总表 label and its amount puts both in one cell
    (`一、一般公共预算778.96`): the figure is counted as printed and reported, never lost silently."""
    assert _issues(_clean(tmp_path, BUDGET), "figure_not_landed") == []
    glued = _altered(tmp_path, BUDGET, "一、一般公共预算\t778.96\t一、一般公共服务", "一、一般公共预算778.96\t\t一、一般公共服务")
    doc = _read(glued)
    [issue] = [i for i in doc.issues if i.rule_id == "figure_not_landed"]
    assert issue.line == _line_of(glued, "一、一般公共预算778.96")
    assert issue.message == "figure 778.96 printed in one cell with the text '一、一般公共预算' (no rule between them): not landed"
    assert doc.figures_printed == doc.figures_landed + doc.figures_reported
