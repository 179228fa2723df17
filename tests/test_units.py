"""A table printed in 元 (thousands separators) beside tables in 万元: exact conversion per table."""

from decimal import Decimal
from pathlib import Path

import duckdb

from fiscal.build import build
from tests.conftest import ROOT

# A minimal document in the Markdown form; its 支出表 and 运行经费表 print 元, the 收支总表 万元.
DOC = """# 某区某局 2026 年度部门预算

2026 年 3 月

部门收支预算表

单位：万元

收入\t\t支出\t
项目\t金额\t项目\t金额
一、一般公共预算\t1,905.90\t一、一般公共服务\t1,905.90
收入总计\t1,905.90\t支出总计\t1,905.90

部门支出预算表

单位：元

科目编码\t\t\t单位代码\t单位（科目名称）\t合计\t基本支出\t项目支出
类\t款\t项\t\t\t\t\t
\t\t\t\t合计\t19,059,000.00\t19,000,000.00\t59,000.00
201\t03\t01\t\t行政运行\t19,000,000.00\t19,000,000.00\t
201\t03\t02\t\t一般行政管理事务\t59,000.00\t\t59,000.00

机关运行经费

单位：元

科目编码\t科目名称\t机关运行经费支出
\t合计\t12,345.67
30201\t办公费\t12,345.67
"""


def test_yuan_tables_are_converted_exactly(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "doc.md").write_text(DOC, encoding="utf-8")
    db = tmp_path / "fiscal.duckdb"
    build(sources, db, ROOT)
    con = duckdb.connect(str(db), read_only=True)
    facts = con.execute(
        "select function_code, amount_total, amount_basic, amount_project, printed_unit from marts.fct_expenditure_by_function order by 1"
    ).fetchall()
    assert facts == [
        ("2010301", Decimal("1900.000000"), Decimal("1900.000000"), None, "元"),
        ("2010302", Decimal("5.900000"), None, Decimal("5.900000"), "元"),
    ]
    assert con.execute("select amount from marts.fct_expenditure_by_economic").fetchall() == [(Decimal("1.234567"),)]
    totals = con.execute(
        "select income_total, basic_expenditure, project_expenditure, operating_expenses from marts.fct_document_totals"
    ).fetchall()
    assert totals == [(Decimal("1905.90"), Decimal("1900"), Decimal("5.9"), Decimal("1.234567"))]
    assert con.execute("select amount_units from marts.dim_document").fetchall() == [("万元,元",)]
    con.close()
