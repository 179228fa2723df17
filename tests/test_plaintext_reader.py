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
from ingest.tables.unruled.summary import summary_table
from ingest.tables.unruled.tables import UNIT_CODES, economic_table, function_table, project_table
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
    """`一、一般公共预算 9,066.79 一、基本支出 9,066.79 一、一般公共服务支出 100.00`: a third block
    the header does not name is said, not dropped; `收入合计 支出合计` / `9,066.79 9,066.79` is one row."""
    lines = [
        "收入 支出",
        "项目 金额 项目 金额",
        "一、一般公共预算 9,066.79 一、基本支出 9,066.79 一、一般公共服务支出 100.00",
        "收入合计 支出合计",
        "9,066.79 9,066.79",
    ]
    table = summary_table("summary", split_rows([SourceLine(n, text) for n, text in enumerate(lines, start=1)]))
    first, totals = table.rows
    assert first.texts == ["一、一般公共预算", "9,066.79", "一、基本支出", "9,066.79"]
    assert first.reason is not None and "一、一般公共服务支出 100.00" in first.reason
    assert totals.texts == ["收入合计", "9,066.79", "支出合计", "9,066.79"] and totals.reason is None


def _summary(*lines: str) -> list[list[str]]:
    table = summary_table("summary", split_rows([SourceLine(n, text) for n, text in enumerate(lines, start=1)]))
    return [row.texts for row in table.rows]


def test_a_summary_side_that_does_not_add_up_is_not_read() -> None:
    """A label wrapped and centred over three lines (`三、单位预留机` / `三、国防支出 128.43` / `动经费`)
    puts its figure after a neighbour's label. The sum cannot tell (128.43 is on the right side),
    but the side then runs 一、二、三、三: its figures are left out rather than landed under the
    wrong label; the income side, which adds up, is read."""
    header = ("收入 支出", "项目 金额 项目 金额")
    read = _summary(*header, "一、财政拨款 228.43 一、基本支出 100.00", "二、事业收入 二、项目支出",
                    "三、单位预留机", "三、国防支出 128.43", "动经费", "收入合计 228.43 支出合计 228.43")  # fmt: skip
    assert [texts[1] for texts in read] == ["228.43", "", "", "", "", "228.43"]
    assert all(texts[3] == "" for texts in read)
    unbalanced = _summary(*header, "一、财政拨款 228.43 一、基本支出 100.00", "二、事业收入 二、项目支出 100.00",
                          "收入合计 228.43 支出合计 228.43")  # fmt: skip
    assert [texts[3] for texts in unbalanced] == ["", "", ""]  # 100.00 + 100.00 is not 228.43


def test_a_summary_with_two_expenditure_sides_places_lines_by_their_enumerations() -> None:
    """江苏's 收支总表: an income side and two expenditure sides (功能分类, 支出用途); a line of
    two labels is placed by the enumeration each side runs."""
    read = _summary(
        "收入 支出", "功能分类 支出用途", "项目名称 金额 功能科目名称 金额 项目名称 金额",
        "一、财政拨款 30.00 一、一般公共服务支出 20.00 一、基本支出 18.00",
        "二、其他资金 二、外交支出 二、项目支出 12.00",
        "三、国防支出 10.00",
        "收入合计 30.00 支出合计 30.00",
    )  # fmt: skip
    assert read[0] == ["一、财政拨款", "30.00", "一、一般公共服务支出", "20.00", "一、基本支出", "18.00"]
    assert read[2] == ["", "", "三、国防支出", "10.00", "", ""]
    assert read[3][:4] == ["收入合计", "30.00", "支出合计", "30.00"]


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


def _function(text: str, kind: str = "income") -> dict[str, dict[str, str]]:
    """A 类/款/项 table of the plain form, rebuilt and placed: code (or 合计) -> placed figures."""
    table = function_table(kind, split_rows(page_lines(text)))
    place(table, 0)
    return {"".join(row.texts[1:4]) or row.texts[4]: row.placed for row in table.rows}


def _laid_out(*cells: tuple[int, str]) -> str:
    """A line of a layout dump: each text starting at its character column."""
    line = ""
    for column, text in cells:
        line = line.ljust(column) + text
    return line + "\n"


# label centres: 合计 20, 财政拨款收入 30, 事业收入 40, 其他收入 50
INCOME_HEADER = _laid_out((0, "科目编码"), (6, "科目名称"), (19, "合计"), (27, "财政拨款收入"), (38, "事业收入"), (48, "其他收入"))


def test_a_layout_dump_chooses_by_position_only_among_what_the_arithmetic_allows() -> None:
    """`pdftotext -layout` keeps columns: a figure printed under 事业收入 is 事业收入's, where
    the identities would let it be any source's; pdfplumber's one-space dump cannot say (NULL)."""
    total = _laid_out((0, "合计"), (16, "100.00"), (26, "60.00"), (36, "40.00"))
    laid_out = INCOME_HEADER + (
        _laid_out((0, "2010101"), (8, "行政运行"), (17, "60.00"), (26, "60.00"))
        + _laid_out((0, "2010102"), (8, "一般行政管理事务"), (17, "40.00"), (36, "40.00"))
        + total
    )
    placed = _function(laid_out)
    assert placed["2010101"] == {"合计": "60.00", "财政拨款收入": "60.00"}
    assert placed["2010102"] == {"合计": "40.00", "事业收入": "40.00"}
    assert placed["合计"] == {"合计": "100.00", "财政拨款收入": "60.00", "事业收入": "40.00"}
    one_space = "\n".join(" ".join(line.split()) for line in laid_out.splitlines())
    assert all(set(row) <= {"合计"} for row in _function(one_space).values())  # no source column placed
    # positions the arithmetic contradicts do not count: 40.00 printed under 其他收入, but the
    # 合计 row printed under 合计/财政拨款收入/事业收入 leaves 其他收入 empty. The table is then
    # placed by its arithmetic alone, which cannot tell the sources apart
    contradicted = INCOME_HEADER + (
        _laid_out((0, "2010101"), (8, "行政运行"), (17, "60.00"), (26, "60.00"))
        + _laid_out((0, "2010102"), (8, "一般行政管理事务"), (17, "40.00"), (46, "40.00"))
        + total
    )
    assert _function(contradicted)["2010102"] == {"合计": "40.00"}


def test_a_class_row_is_placed_by_the_lines_printed_under_it() -> None:
    """`201 一般公共服务支出 60.00 60.00` fits 合计+基本支出 and 合计+项目支出; its line
    `2010101 … 60.00 60.00`, placed by the column totals, says 基本支出."""
    placed = _function(
        "科目编码 科目名称 合计 基本支出 项目支出\n"
        "201 一般公共服务支出 60.00 60.00\n2010101 行政运行 60.00 60.00\n"
        "202 外交支出 40.00 40.00\n2020101 行政运行 40.00 40.00\n"
        "合计 100.00 60.00 40.00\n",
        "expenditure",
    )
    assert placed["201"] == {"合计": "60.00", "基本支出": "60.00"}
    assert placed["202"] == {"合计": "40.00", "项目支出": "40.00"}


def test_a_header_printed_again_on_a_continued_page_is_no_row() -> None:
    header = "功能分类科目编码\n功能分类科目名称 合计 基本支出 项目支出\n类 款 项\n"
    body = split_rows(page_lines(header + "201 01 01 行政运行 60.00 60.00\n" + header + "201 01 02 一般行政管理事务 40.00 40.00\n"))
    assert [row.raw for row in body.rows] == ["201 01 01 行政运行 60.00 60.00", "201 01 02 一般行政管理事务 40.00 40.00"]


def test_the_income_tables_sources_are_the_summarys_income_lines(tmp_path: Path) -> None:
    """`一、财政拨款收入 100.00` and a blank `二、事业收入` in the 收支总表 decide which source column
    the 收入表's `100.00 100.00` fill: 财政拨款收入 (the text alone fits any source)."""
    lines = (
        "一、财政拨款收入 100.00 一、一般公共服务支出 100.00\n二、事业收入 二、外交支出\n三、其他收入\n收入总计 100.00 支出总计 100.00\n"
    )
    assert _income_sources(tmp_path, lines) == ("100.00", "100.00", "", "")


def test_a_numbered_title_wrapped_before_a_line_that_reads_as_a_title_is_one_title() -> None:
    """`公开 09 表：一般公共预算“三公”经费、会议费、培训费` / `支出预算表`: one 三公 table, not an
    expenditure table titled `支出预算表`."""
    _, tables = segment(page_lines("公开 09 表：一般公共预算“三公”经费、会议费、培训费\n支出预算表\n单位：万元\n合计 1.00\n"))
    title = "公开 09 表：一般公共预算“三公”经费、会议费、培训费支出预算表"
    assert [(t.title, classify(t.title)) for t in tables] == [(title, "three_public")]


def test_a_row_of_bare_figures_under_a_header_of_amounts_is_the_tables_total(tmp_path: Path) -> None:
    """江苏's 支出预算总表 prints `合计 基本支出 项目支出 单位预留机动经费` over one row of figures and
    no code or name: that row is the table's 合计, as the PDF reader reads it; where its figures
    fit more than one placement it says so (nothing left out silently)."""
    path = tmp_path / "dump.txt"
    path.write_text(
        "支出预算总表\n单位：万元\n合计 基本支出 项目支出 单位预留机动经费\n100.00 60.00 30.00 10.00\n"
        "支出预算总表\n单位：万元\n合计 基本支出 项目支出 单位预留机动经费\n100.00 60.00 40.00\n",
        encoding="utf-8",
    )
    document = ingest_file(path, path.name)
    [total] = [item for item in document.tables[0].items if item.values]
    assert total.role == "total"
    assert {k: str(v.amount) for k, v in total.values.items()} == {
        "amount_total": "100.00", "amount_basic": "60.00", "amount_project": "30.00", "amount_reserve": "10.00"
    }  # fmt: skip
    assert [i.rule_id for i in document.issues if i.table_no == 1] == ["figures_not_placed"]


def test_a_form_fed_dump_gives_its_pages_and_drops_their_numbers() -> None:
    """`pdftotext` ends each page with a form feed; a page number (`11`) among a page's last lines is
    no content, even with a cell printed after it; a code piece (`05`) is content."""
    lines = page_lines("   标题\n201 05\n05\n11\n232.01\n\f第二页\n  缩进的行\n2\n\f")
    assert [(ln.text, ln.page, ln.indent) for ln in lines] == [
        ("标题", 1, 3), ("201 05", 1, 0), ("05", 1, 0), ("232.01", 1, 0), ("第二页", 2, 0), ("缩进的行", 2, 2)
    ]  # fmt: skip


def test_the_income_sources_are_not_read_from_a_summary_line_left_out(tmp_path: Path) -> None:
    """A 收支总表 income side that does not add up states nothing: its blanked figures are not 0."""
    lines = "一、财政拨款收入 90.00 一、一般公共服务支出 100.00\n二、事业收入 10.00 二、外交支出\n收入总计 120.00 支出总计 100.00\n"
    assert _income_sources(tmp_path, lines) == ("100.00", "", "", "")


def _income_sources(tmp_path: Path, summary_lines: str) -> tuple[str, str, str, str]:
    """A dump of a 收支总表 (`summary_lines` under its header) and a 收入表 printing `100.00 100.00`:
    the 收入表 line's 合计 and source columns as placed."""
    path = tmp_path / "dump.txt"
    path.write_text(
        "部门收支总表\n单位：万元\n收入 支出\n项目 金额 项目 金额\n"
        + summary_lines
        + "部门收入总表\n单位：万元\n科目编码 科目名称 合计 财政拨款收入 事业收入 其他收入\n"
        "2010101 行政运行 100.00 100.00\n合计 100.00 100.00\n",
        encoding="utf-8",
    )
    read = plaintext.read(path, path.read_bytes())
    placed, _ = place_unruled(read.tables, [classify(t.title) for t in read.tables])
    income = placed[1]
    assert income.header_paths is not None
    line = dict(zip(income.header_paths, income.rows[1].cells, strict=True))
    return line["合计"], line["财政拨款收入"], line["事业收入"], line["其他收入"]
