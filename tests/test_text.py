from decimal import Decimal

import pytest

from ingest.text import clean_cell, parse_amount


@pytest.mark.parametrize(
    ("printed", "amount"),
    [
        ("778.96", Decimal("778.96")),
        ("497.3 1", Decimal("497.31")),  # a space inside a number (001, 项目绩效目标表)
        ("4 1 4 . 5 3", Decimal("414.53")),
        ("19,059,000.00", Decimal("19059000.00")),
        ("0.00", Decimal("0.00")),
        ("624", Decimal("624")),
        ("-3.20", Decimal("-3.20")),
        ("", None),
        ("  ", None),
        ("行政运行", None),
        ("≤197.53 万元", None),
        ("100%", None),
        ("1,23", None),
    ],
)
def test_parse_amount(printed: str, amount: Decimal | None) -> None:
    assert parse_amount(printed) == amount


def test_zero_is_not_blank() -> None:
    assert parse_amount("0.00") == 0
    assert parse_amount("0.00") is not None


@pytest.mark.parametrize(
    ("printed", "clean"),
    [
        ("政务服务窗口专 项经费", "政务服务窗口专项经费"),
        ("机关事业单位基本养 老保险缴费支出", "机关事业单位基本养老保险缴费支出"),
        ("<b>本年收入合计</b>", "本年收入合计"),
        ("<p>第一段</p> <p>第二段</p>", "第一段第二段"),
        (">7800 m <sup>2</sup>", ">7800 m 2"),
        ("行<br>政运行", "行政运行"),
        ("2025 年劳务派遣人员经费", "2025年劳务派遣人员经费"),
        ("**0.00**", "0.00"),
    ],
)
def test_clean_cell(printed: str, clean: str) -> None:
    assert clean_cell(printed) == clean
