"""The Markdown-form reader on the quirks the samples really contain."""

from pathlib import Path

from ingest.readers import ReaderResult, markdown, sniff_format
from ingest.tables.kinds import classify
from ingest.tables.parsers import parse_table

DOC = """# 2026 年某区某局部门预算公开

2026 年 3 月

## 2026 年部门支出预算表

部门名称：某区某局

单位：
万元

科目编码\t\t\t单位代码\t单位（科目名称）\t合计\t基本支出\t项目支出
类\t款\t项\t\t\t\t\t
\t\t\t\t合计\t1,234.50\t<b>1,000.00</b>\t234.5 0

201\t03\t01\t\t行政 运行\t1,000.00\t1,000.00\t
201\t03\t02\t\t一般行政管理事务\t234.50\t\t234.50
注：本表金额转换为万元时，因四舍五入可能存在尾差。

预算12表

2026年机关运行经费

单位名称

单位：元

科目编码\t科目名称\t机关运行经费支出
*\t*\t1
\t合计\t19,059,000.00
30201\t办公费\t19,059,000.00
"""


def read(text: str = DOC) -> ReaderResult:
    return markdown.read(Path("doc.md"), text.encode("utf-8"))


def test_tables_titles_units_and_notes() -> None:
    result = read()
    assert [(t.title, t.unit) for t in result.tables] == [("2026 年部门支出预算表", "万元"), ("2026年机关运行经费", "元")]
    first = result.tables[0]
    assert first.unit_line == 9  # 单位： / 万元 printed over two lines
    assert [n.text for n in first.notes] == ["注：本表金额转换为万元时，因四舍五入可能存在尾差。"]
    assert len(first.rows) == 5  # the blank line inside the table is not a row, nor the end


def test_cells_are_cleaned_and_rows_keep_their_line() -> None:
    table = read().tables[0]
    total = table.rows[2]
    assert total.line == 14
    assert total.cells[4:] == ["合计", "1,234.50", "1,000.00", "234.5 0"]  # read as 234.50 by parse_amount
    assert "<b>" in total.raw  # the printed line is kept as printed
    assert table.rows[3].cells[4] == "行政运行"


def test_parsed_items_of_a_function_table() -> None:
    table = read().tables[0]
    parsed = parse_table(0, table, classify(table.title))
    assert parsed.kind == "expenditure"
    details = [i for i in parsed.items if i.role == "detail"]
    assert [(i.code, i.printed_code, i.name) for i in details] == [
        ("2010301", "201 03 01", "行政运行"),
        ("2010302", "201 03 02", "一般行政管理事务"),
    ]
    assert details[1].values["amount_basic"].amount is None  # printed blank
    [total] = [i for i in parsed.items if i.role == "total"]
    assert str(total.values["amount_total"].amount) == "1234.50"


def test_yuan_table_and_column_number_row() -> None:
    table = read().tables[1]
    parsed = parse_table(1, table, classify(table.title))
    assert parsed.kind == "operating_expenses"
    assert [i.role for i in parsed.items] == ["total", "detail", "column_numbers"]
    assert str(parsed.items[1].values["amount"].amount) == "19059000.00"


def test_prose_lines_exclude_table_rows() -> None:
    lines = read().lines
    assert lines[0].text == "2026 年某区某局部门预算公开"
    assert not any("\t" in ln.text for ln in lines)


def test_sniffing_the_form_from_content() -> None:
    assert sniff_format(Path("a.txt"), DOC.encode()) == "markdown"
    assert sniff_format(Path("a.txt"), "201 03 01 行政运行 13.95 13.95\n".encode()) == "text"
    assert sniff_format(Path("a.pdf"), b"%PDF-1.7") == "pdf"
    assert sniff_format(Path("a.docx"), b"PK") == "unsupported"
