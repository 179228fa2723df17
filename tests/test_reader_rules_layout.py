"""Each reader rule about a document's layout is silent on a clean document and fires, pointing at
the change, on one minimal alteration a publisher could print: a scanned page, a page of unmapped
glyphs, a ruled table without its title (PDFs rendered from tests/expected), and a header word, a
row's figures, a project's type, a 合计 cell and a table's totals changed in the plain-layout dump
data/samples/000 (tables without ruling lines). Everything is read in-process by `ingest_file`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.model import Issue, ParsedDocument, PrintedRow
from ingest.pipeline import ingest_file
from tests.conftest import SAMPLES, expected_documents
from tests.pdfgen import hostile, kind_word, reportlab_style, sheets

PLAIN = SAMPLES / "000_50ac0c10edb5d446.txt"  # plain-layout dump: every table unruled
[DOC] = [d for d in expected_documents() if d["_name"] == "001"]
# 000's tables in reading order (table_no): the two 类/款/项 tables, the 基本支出表 and the 项目支出表
EXPENDITURE, GENERAL_PUBLIC, BASIC, PROJECTS = 2, 4, 5, 10
EXPENDITURE_TITLE = "2023 年部门支出预算表"
GENERAL_PUBLIC_TITLE = "2023 年一般公共预算支出预算表"
BASIC_TITLE = "2023 年一般公共预算基本支出预算表"
PROJECTS_TITLE = "2023 年项目支出预算表"
FUNCTION_TEXT_PATHS = ("单位代码", "科目编码/类", "科目编码/款", "科目编码/项", "科目名称")
FUNCTION_TOTAL_ROW = "\n合计 414.53 108.94 98.71 10.23 305.59 305.59\n"


def _fired(doc: ParsedDocument, rule_id: str) -> list[Issue]:
    return [i for i in doc.issues if i.rule_id == rule_id]


def _ingest(path: Path) -> ParsedDocument:
    doc = ingest_file(path, path.name)
    assert doc.status == "ingested", doc.status_reason
    return doc


def _titles(doc: ParsedDocument) -> list[str]:
    return [t.printed.title for t in doc.tables]


# ---------------------------------------------------------------- plain-layout text (000)


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, ParsedDocument]:
    """000's text and the clean document read from a copy of it."""
    path = tmp_path_factory.mktemp("plain") / PLAIN.name
    path.write_bytes(PLAIN.read_bytes())
    return path.read_text(encoding="utf-8"), _ingest(path)


def _in_table(text: str, title: str, old: str, new: str) -> str:
    """`text` with the first `old` after the table title `title` printed as `new`."""
    start = text.index(f"\n{title}\n")
    at = text.index(old, start)
    return text[:at] + new + text[at + len(old) :]


def _title_line(text: str, title: str) -> int:
    return text.count("\n", 0, text.index(f"\n{title}\n")) + 2


def _line_of(text: str, needle: str, title: str) -> int:
    """The 1-based line number on which `needle` starts, its first occurrence after `title`."""
    at = text.index(needle, text.index(f"\n{title}\n"))
    return text.count("\n", 0, at) + 1


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "altered.txt"
    path.write_text(text, encoding="utf-8")
    return path


def _row(doc: ParsedDocument, table_no: int, line: int) -> dict[str, str]:
    """The placed cells of the row printed on `line`, by header path."""
    table = doc.tables[table_no].printed
    [row] = [r for r in table.rows[1:] if r.line == line]
    return _cells(table.header_paths or [], row)


def _cells(paths: list[str], row: PrintedRow) -> dict[str, str]:
    return dict(zip(paths, row.cells, strict=True))


def test_unrecognised_header__fires_on_a_column_label_printed_in_other_words(plain: tuple[str, ParsedDocument], tmp_path: Path) -> None:
    text, clean = plain
    assert not _fired(clean, "unrecognised_header")
    # 对个人和家庭的补助 printed without its 的, wrapped as the dump wraps it
    altered = _in_table(text, EXPENDITURE_TITLE, "对个人和\n\n家庭的补\n\n助\n", "对个人和\n\n家庭补助\n")
    doc = _ingest(_write(tmp_path, altered))
    [issue] = _fired(doc, "unrecognised_header")
    assert issue.table_no == EXPENDITURE and doc.tables[EXPENDITURE].printed.title == EXPENDITURE_TITLE
    assert issue.line == _title_line(altered, EXPENDITURE_TITLE)
    assert "'对个人和家庭补助'" in issue.message


def test_figures_not_placed__fires_on_a_row_whose_figures_contradict_its_own_total(
    plain: tuple[str, ParsedDocument], tmp_path: Path
) -> None:
    text, clean = plain
    assert not _fired(clean, "figures_not_placed")
    # 215 05 01 行政运行: 基本支出 86.71 = 工资福利 77.55 + 商品和服务 9.16, printed with 9.16 mistyped as 9.61
    altered = _in_table(text, EXPENDITURE_TITLE, "86.71 86.71 77.55 9.16", "86.71 86.71 77.55 9.61")
    doc = _ingest(_write(tmp_path, altered))
    line = _line_of(altered, "215 05 01 行政运行", EXPENDITURE_TITLE)
    [issue] = [i for i in _fired(doc, "figures_not_placed") if i.line == line]
    assert (issue.table_no, issue.row_no) == (EXPENDITURE, 8)
    assert issue.message == "no placement of [86.71 86.71 77.55 9.61] in the columns satisfies the table's identities"
    placed = _row(doc, EXPENDITURE, line)
    assert placed["科目名称"] == "行政运行"
    assert not any(v for p, v in placed.items() if p not in FUNCTION_TEXT_PATHS)  # its figures left NULL, not guessed


def test_cell_text_not_placed__fires_on_a_project_printed_without_its_type(plain: tuple[str, ParsedDocument], tmp_path: Path) -> None:
    text, clean = plain
    assert not _fired(clean, "cell_text_not_placed")
    # the 类型 cell of the first project (其他运转类, wrapped over two lines) left blank
    altered = _in_table(text, PROJECTS_TITLE, "其他运转\n\n类\n固定资产配置项目\n", "固定资产配置项目\n")
    doc = _ingest(_write(tmp_path, altered))
    [issue] = _fired(doc, "cell_text_not_placed")
    assert (issue.table_no, issue.row_no) == (PROJECTS, 3)
    assert issue.line == _line_of(altered, "固定资产配置项目", PROJECTS_TITLE)
    assert issue.message.startswith("project row '固定资产配置项目") and "type left blank" in issue.message
    placed = _row(doc, PROJECTS, issue.line)
    assert placed["类型"] == "" and placed["合计"] == "0.45"  # the row is still read, its type left blank


def test_total_cell_blank__fires_on_a_total_row_printed_without_its_total_cell(plain: tuple[str, ParsedDocument], tmp_path: Path) -> None:
    text, clean = plain
    assert not _fired(clean, "total_cell_blank")
    # the 基本支出表's 合计 row prints 人员经费 98.71 and 公用经费 10.23 but leaves its 合计 cell (108.94) blank
    altered = _in_table(text, BASIC_TITLE, "合计 108.94 98.71 10.23", "合计 98.71 10.23")
    doc = _ingest(_write(tmp_path, altered))
    [issue] = _fired(doc, "total_cell_blank")
    assert issue.table_no == BASIC
    assert issue.line == _line_of(altered, "合计 98.71 10.23", BASIC_TITLE)
    assert "[98.71 10.23]" in issue.message
    placed = _row(doc, BASIC, issue.line)
    group = "本年一般公共预算基本支出"
    assert (placed[f"{group}/合计"], placed[f"{group}/人员经费"], placed[f"{group}/公用经费"]) == ("", "98.71", "10.23")


def _basic_table_disagrees(text: str) -> str:
    """The 基本支出表 states 办公费 1.60 (公用经费 10.33, 基本支出 109.04), consistently within itself,
    where the 类/款/项 tables' 合计 rows say 商品和服务支出 10.23 (基本支出 108.94)."""
    text = _in_table(text, BASIC_TITLE, "办公经费 1.50 1.50", "办公经费 1.60 1.60")
    return _in_table(text, BASIC_TITLE, "合计 108.94 98.71 10.23", "合计 109.04 98.71 10.33")


@pytest.mark.parametrize(
    "total_rows",
    [
        pytest.param(True, id="function-tables-print-their-total-row"),
        pytest.param(False, id="function-tables-print-no-total-row"),
    ],
)
def test_cross_table_totals_unused__fires_when_the_basic_table_contradicts_the_function_tables(
    plain: tuple[str, ParsedDocument], tmp_path: Path, total_rows: bool
) -> None:
    text, clean = plain
    assert not _fired(clean, "cross_table_totals_unused")
    if not total_rows:  # both 类/款/项 tables printed without their 合计 row (their unit row 512 stays)
        assert text.count(FUNCTION_TOTAL_ROW) == 2
        text = text.replace(FUNCTION_TOTAL_ROW, "\n")
        assert not _fired(_ingest(_write(tmp_path, text)), "cross_table_totals_unused")
    doc = _ingest(_write(tmp_path, _basic_table_disagrees(text)))
    fired = _fired(doc, "cross_table_totals_unused")
    assert {i.table_no for i in fired} == {EXPENDITURE, GENERAL_PUBLIC}
    assert all(i.message == "totals from the document's other tables do not fit this table: not used" for i in fired)
    assert [doc.tables[k].printed.title for k in (EXPENDITURE, GENERAL_PUBLIC)] == [EXPENDITURE_TITLE, GENERAL_PUBLIC_TITLE]


# ---------------------------------------------------------------- PDFs rendered from tests/expected/001.yml


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ParsedDocument]:
    """001's expected values drawn as a ruled PDF, and the clean document read from it."""
    path = reportlab_style.render(sheets.document(DOC), tmp_path_factory.mktemp("pdf") / "001.pdf", kind_word(DOC))
    return path, _ingest(path)


def test_scanned_page__fires_on_one_image_page_among_text_pages(rendered: tuple[Path, ParsedDocument], tmp_path: Path) -> None:
    pdf, clean = rendered
    assert not _fired(clean, "scanned_page")
    doc = _ingest(hostile.with_scanned_page(pdf, tmp_path / "scanned.pdf", at=3))  # a scan as page 4
    [issue] = _fired(doc, "scanned_page")
    assert issue.message == "no text layer on page(s) 4 (scanned images): needs OCR, not read"
    assert _titles(doc) == _titles(clean)  # the text pages around it are read as before


def test_unreadable_text__fires_on_a_page_of_glyphs_without_a_unicode_map(rendered: tuple[Path, ParsedDocument], tmp_path: Path) -> None:
    pdf, clean = rendered
    assert not _fired(clean, "unreadable_text")
    cover = sheets.document(DOC).cover  # the cover re-set in a CID font without ToUnicode, appended
    doc = _ingest(hostile.with_unmapped_page(pdf, tmp_path / "unmapped.pdf", cover))
    [issue] = _fired(doc, "unreadable_text")
    glyphs = sum(len(line) for line in cover)
    assert issue.message == f"{glyphs} characters have no Unicode mapping ((cid:N)): left out of the text, not guessed"
    assert _titles(doc) == _titles(clean)
    assert not any("(cid:" in row.raw for t in doc.tables for row in t.printed.rows)


def test_untitled_table__fires_in_process_on_a_ruled_table_printed_without_its_title(
    rendered: tuple[Path, ParsedDocument], tmp_path: Path
) -> None:
    _, clean = rendered
    assert not _fired(clean, "untitled_table")
    doc = _ingest(hostile.untitled(DOC, tmp_path / "untitled.pdf"))  # the first sheet (page 2) drawn without its title
    [issue] = _fired(doc, "untitled_table")
    [table] = [t for t in doc.tables if t.printed.title == ""]
    assert (issue.page, table.printed.page) == (2, 2)
    assert issue.line == table.printed.rows[0].line
    assert "page 2" in issue.message
    assert _titles(doc)[1:] == _titles(clean)[1:]  # the titled tables after it are read as ever
