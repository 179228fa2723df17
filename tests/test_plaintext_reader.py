"""The plain layout-text form: pages and table segments (000 is this form)."""

from decimal import Decimal
from pathlib import Path

from ingest.model import SourceLine
from ingest.pipeline import ingest_file
from ingest.readers import plaintext
from ingest.readers.plaintext.layout import page_lines, segment
from ingest.tables.assign import solve
from ingest.tables.kinds import classify
from ingest.tables.unruled import place_unruled
from ingest.tables.unruled.columns import header_columns
from ingest.tables.unruled.placement import place
from ingest.tables.unruled.rows import CLASSIFICATION_CODES, split_rows
from ingest.tables.unruled.tables import UNIT_CODES, economic_table, project_table, summary_table
from tests.conftest import SAMPLES, expected_documents

TEXT = (SAMPLES / "000_50ac0c10edb5d446.txt").read_text(encoding="utf-8")


def test_page_markers_give_pages_and_are_not_content() -> None:
    lines = page_lines(" 第一部分\n\n正文\n- 7 -\n下一页\n 再下一页\n")
    assert [(ln.number, ln.text, ln.page) for ln in lines] == [
        (1, "第一部分", 1),
        (3, "正文", 1),
        (5, "下一页", 2),
        (6, "再下一页", 3),
    ]


def test_tables_of_the_plain_sample_are_found_with_titles_units_and_pages() -> None:
    prose, tables = segment(page_lines(TEXT))
    assert [(t.title, t.title_line) for t in tables][:3] == [
        ("2023 年部门收支预算表", 302),
        ("2023 年部门收入预算表", 376),
        ("2023 年部门支出预算表", 517),
    ]
    assert len(tables) == 13  # 预算 01-13 表
    assert {t.unit for t in tables[:11]} == {"万元"}  # `部门名称：… 单位：万元` on one line
    three_public = tables[7]
    assert three_public.title == "2023 年一般公共预算“三公”经费预算表"
    assert three_public.notes[-1].text.endswith("故此表无数据。")
    assert prose[0].text == "第一部分"


def test_sentences_ending_in_a_kind_word_are_not_titles() -> None:
    _, tables = segment(page_lines("洛龙区某局 2023 年机构运转经费\n支出预算 10.23万元。\n"))
    assert tables == []


def test_wrapped_rows_of_the_expenditure_table_are_rebuilt() -> None:
    _, tables = segment(page_lines(TEXT))
    body = split_rows(tables[2].body)  # 2023 年部门支出预算表, lines 517-579
    assert body.style == "flow"
    assert body.header[0].text == "科目编码" and body.header[-1].text == "资本性支出"
    assert [(r.line, "".join(t for t in r.tokens if not t[0].isdigit()), r.numbers) for r in body.rows] == [
        (555, "合计", ["414.53", "108.94", "98.71", "10.23", "305.59", "305.59"]),
        (557, "洛龙区政务服务和大数据管理局", ["414.53", "108.94", "98.71", "10.23", "305.59", "305.59"]),
        (563, "行政运行", ["13.95", "13.95", "13.95"]),
        (565, "一般行政管理事务", ["291.64", "291.64", "291.64"]),
        (567, "工会事务", ["1.07", "1.07", "1.07"]),
        (569, "机关事业单位基本养老保险缴费支出", ["7.72", "7.72", "7.72"]),
        (575, "行政单位医疗", ["7.18", "7.18", "7.18"]),
        (577, "行政运行", ["86.71", "86.71", "77.55", "9.16"]),
        (579, "住房公积金", ["6.26", "6.26", "6.26"]),
    ]


def test_the_expenditure_table_of_000_is_placed_as_a_person_reads_it() -> None:
    """Rows rebuilt from the plain text, placed by the document's arithmetic, equal tests/expected/000.yml."""
    _, tables = segment(page_lines(TEXT))
    body = split_rows(tables[2].body)
    schema = header_columns(" ".join(ln.text for ln in body.header)).schema
    assert schema.columns == (
        "合计", "基本支出/小计", "基本支出/人员经费/工资福利支出", "基本支出/人员经费/对个人和家庭的补助",
        "基本支出/公用经费/商品和服务支出", "基本支出/公用经费/资本性支出", "项目支出/小计", "项目支出/其他运转类", "项目支出/特定目标类",
    )  # fmt: skip
    # constraints from the document's other tables, read by a person: 基本支出表 Σ301xx 98.71,
    # Σ302xx 10.23, no 303xx or 310xx (lines 742-777); every project is 其他运转类 (lines 1249-1323)
    known = {
        "基本支出/人员经费/工资福利支出": Decimal("98.71"), "基本支出/人员经费/对个人和家庭的补助": Decimal(0),
        "基本支出/公用经费/商品和服务支出": Decimal("10.23"), "基本支出/公用经费/资本性支出": Decimal(0), "项目支出/特定目标类": Decimal(0),
    }  # fmt: skip
    lines = [r for r in body.rows if r.tokens[0].startswith("2")]
    total = body.rows[0]
    solution = solve(schema, [[Decimal(n) for n in r.numbers] for r in lines], [Decimal(n) for n in total.numbers], known)
    [doc] = [d for d in expected_documents() if d["_name"] == "000"]
    section = doc["expenditure_by_function"]
    fields = {
        "total": "合计", "basic": "基本支出/小计", "wages_benefits": "基本支出/人员经费/工资福利支出",
        "household_transfers": "基本支出/人员经费/对个人和家庭的补助", "goods_services": "基本支出/公用经费/商品和服务支出",
        "capital": "基本支出/公用经费/资本性支出", "project": "项目支出/小计",
    }  # fmt: skip
    for placed, expected in zip(solution.rows, section["rows"], strict=True):
        exp = dict(zip(section["columns"], expected, strict=True))
        assert placed.values is not None, placed.reason
        for f, column in fields.items():
            value = placed.values.get(column)
            assert value == (Decimal(str(exp[f])) if exp[f] is not None else None), f"{exp['function_code']} {f}"


def _lines(text: str) -> list[SourceLine]:
    return [SourceLine(i, t) for i, t in enumerate(text.strip("\n").split("\n"), start=1)]


def test_codes_are_told_from_names_and_amounts() -> None:
    assert CLASSIFICATION_CODES.starts("30199其他工资福利支出 1.00")
    assert CLASSIFICATION_CODES.starts("301 08")
    assert not CLASSIFICATION_CODES.starts("223.87 223.87")
    assert UNIT_CODES.starts("512") and UNIT_CODES.starts("512001洛龙区政务服务中心 3.00")
    assert not UNIT_CODES.starts("12345便民")  # a project name (001)
    assert not UNIT_CODES.starts("023年）")  # the last piece of `（2023年）`


def test_a_blank_row_is_not_taken_for_the_government_code_of_the_row_above() -> None:
    body = _lines("""
科目编码 科目名称 科目编码 科目名称 合计 人员经费 公用经费
301 06 伙食补助费
301 07 绩效工资
301 08
机关事业单位基
本养老保险缴费
501 02 社会保障缴费
76.05 76.05
""")
    rows = split_rows(body, ("", "5")).rows
    assert [r.raw for r in rows] == [
        "301 06 伙食补助费",
        "301 07 绩效工资",
        "301 08 / 机关事业单位基 / 本养老保险缴费 / 501 02 社会保障缴费 / 76.05 76.05",
    ]


def test_centred_project_rows_split_on_their_figure_line() -> None:
    # pdfplumber style: type `其他运转类` and name both wrap; the figure sits on the middle line
    body = _lines("""
类型 项目名称 合计
107.53
其他运转 政务服务四级全
60.00
类 覆盖项目
12345便民
其他运转
热线值班带班补 16.68
类
助
其他运转
行政效能经费 30.85
类
""")
    split = split_rows(body, codes=UNIT_CODES)
    assert split.style == "centered"
    table = project_table("project_expenditure", split, ["其他运转类", "特定目标类"])
    assert [(r.texts[0], r.texts[1], r.numbers) for r in table.rows] == [
        ("", "", ["107.53"]),
        ("其他运转类", "政务服务四级全覆盖项目", ["60.00"]),
        ("其他运转类", "12345便民热线值班带班补助", ["16.68"]),
        ("其他运转类", "行政效能经费", ["30.85"]),
    ]


def test_the_reader_returns_printed_lines_and_the_shared_stage_cuts_them() -> None:
    """One interpretation stage for every form: the plain reader finds tables, titles and units
    only; cells and figure placement come from ingest.tables.unruled, before the parsers."""
    path = SAMPLES / "000_50ac0c10edb5d446.txt"
    result = plaintext.read(path, path.read_bytes())
    assert result.tables and all(not t.separated and t.header_paths is None for t in result.tables)
    assert all(len(row.cells) == 1 and row.cells[0] == row.raw for t in result.tables for row in t.rows)
    placed, _ = place_unruled(result.tables, [classify(t.title) for t in result.tables])
    assert all(t.separated and t.header_paths for t in placed)


def test_a_figure_with_a_thousands_separator_does_not_fail_the_document(tmp_path: Path) -> None:
    """`1,291.64` is read by the one amount parser (the plain form used to crash on it)."""
    text = (SAMPLES / "000_50ac0c10edb5d446.txt").read_text(encoding="utf-8")
    path = tmp_path / "thousands.txt"
    path.write_text(text.replace("201 03 01 行政运行 13.95 13.95 13.95", "201 03 01 行政运行 1,291.64 1,291.64 1,291.64"), encoding="utf-8")
    doc = ingest_file(path, path.name)
    assert doc.status != "failed"
    figures = {c.text for t in doc.tables for i in t.items for c in i.values.values()}
    assert "1,291.64" in figures


def _economic(*lines: str) -> dict[str, tuple[str, str, str | None]]:
    """An economic table of the plain form, rebuilt and placed: code -> (name, figure, why not placed)."""
    body = split_rows([SourceLine(n, text) for n, text in enumerate(lines, start=1)])
    table = economic_table("basic_expenditure", body)
    place(table, 0)
    out = {}
    for row in table.rows:
        code = "".join(row.texts[:2]) or row.texts[2]
        out[code] = (row.texts[2], next(iter(row.placed.values()), ""), row.reason)
    return out


def test_codes_printed_before_their_names_pair_up_where_the_code_list_says_so() -> None:
    """`pdftotext` prints a tall row's cells column by column: `30103` / `30108 奖金 180.14` /
    `机关事业单位基本养老保险缴费 1,064.46`."""
    header = "科目编码 科目名称 金额"
    paired = _economic(header, "30103", "30108 奖金 180.14", "机关事业单位基本养老保险缴费 1,064.46")
    assert paired["30103"][:2] == ("奖金", "180.14")
    assert paired["30108"][:2] == ("机关事业单位基本养老保险缴费", "1,064.46")
    unpaired = _economic(header, "30103", "30108 伙食补助费 180.14", "机关事业单位基本养老保险缴费 1,064.46")
    assert {code: value[1:] for code, value in unpaired.items()} == {
        "30103": ("", unpaired["30103"][2]),
        "30108": ("", unpaired["30108"][2]),
        "机关事业单位基本养老保险缴费": ("", unpaired["机关事业单位基本养老保险缴费"][2]),
    }
    assert all("code list does not pair" in (value[2] or "") for value in unpaired.values())


def test_a_figure_printed_after_the_lines_goes_to_its_row_only_where_the_arithmetic_says_so() -> None:
    header = "科目编码 科目名称 金额"
    lines = ("302 商品和服务支出", "30201 办公费 100.00", "30202 印刷费 20.00")
    confirmed = _economic(header, *lines, "120.00")
    assert [confirmed[c][1] for c in ("302", "30201", "30202")] == ["120.00", "100.00", "20.00"]
    doubtful = _economic(header, *lines, "130.00")
    assert [doubtful[c][1] for c in ("302", "30201", "30202")] == ["", "", ""]
    assert all("not certain" in (doubtful[c][2] or "") for c in ("302", "30201", "30202"))


def test_a_summary_line_beyond_two_sides_is_reported_and_labels_above_figures_pair_up() -> None:
    """`一、一般公共预算 9,066.79 一、基本支出 5,836.27 一、一般公共服务支出 100.00`: a third block this
    form does not read is said, not dropped; `收入合计 支出合计` / `9,066.79 9,066.79` is one row."""
    lines = [
        "收入 支出",
        "项目 金额 项目 金额",
        "一、一般公共预算 9,066.79 一、基本支出 5,836.27 一、一般公共服务支出 100.00",
        "收入合计 支出合计",
        "9,066.79 9,066.79",
    ]
    table = summary_table("summary", split_rows([SourceLine(n, text) for n, text in enumerate(lines, start=1)]))
    first, totals = table.rows
    assert first.texts == ["一、一般公共预算", "9,066.79", "一、基本支出", "5,836.27"]
    assert first.reason is not None and "一、一般公共服务支出 100.00" in first.reason
    assert totals.texts == ["收入合计", "9,066.79", "支出合计", "9,066.79"] and totals.reason is None


def test_a_title_wrapped_over_two_lines_starts_a_table_and_a_row_never_does() -> None:
    """`“三公”经费、会议费、培训费支出预算` / `表` is one title; `30299 其他商品和服务支出 91.60` /
    `公开12表` is a row and the next table's number."""
    lines = page_lines(
        "“三公”经费、会议费、培训费支出预算\n表\n单位：万元\n合计 1.00\n"
        "机关运行经费支出预算表\n单位：万元\n30299 其他商品和服务支出 91.60\n公开12表\n政府采购预算表\n单位：万元\n合计 2.00\n"
    )
    _, tables = segment(lines)
    assert [t.title for t in tables] == ["“三公”经费、会议费、培训费支出预算表", "机关运行经费支出预算表", "政府采购预算表"]
    assert [ln.text for ln in tables[1].body] == ["30299 其他商品和服务支出 91.60"]
