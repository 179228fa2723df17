"""Codes printed where a parser must tell them from look-alikes."""

from __future__ import annotations

import pytest

from ingest.tables.parsers import _is_unit_code, _unfuse


@pytest.mark.parametrize(
    "code, name, unit",
    [
        ("512", "洛龙区政务服务和大数据管理局", True),  # a department code in an economic table
        ("512", "债务还本支出", False),  # the 政府经济分类 class of that number
        ("303", "对个人和家庭补助", False),  # a class printed with a variant of its name
        ("605", "洛龙区政务服务中心", True),
        ("605001", None, True),
        ("30101", "基本工资", False),
    ],
)
def test_a_department_code_is_told_from_a_class(code: str, name: str | None, unit: bool) -> None:
    assert _is_unit_code(code, ("3", "5"), name) is unit


@pytest.mark.parametrize(
    "parts, name, lengths, expected",
    [
        (["", ""], "30101基本工资", (3, 2), (["30101"], "基本工资")),
        ([""], "2010101 行政运行", (3, 2, 2), (["2010101"], "行政运行")),
        (["2010101 行政运行"], None, (3, 2, 2), (["2010101"], "行政运行")),
        ([""], "2025年劳务派遣人员经费", (3, 2, 2), ([""], "2025年劳务派遣人员经费")),  # a year, not a code
        (["201", "01", "01"], "行政运行", (3, 2, 2), (["201", "01", "01"], "行政运行")),  # already split
    ],
)
def test_a_code_fused_with_its_name_is_split_off(
    parts: list[str], name: str | None, lengths: tuple[int, ...], expected: tuple[list[str], str | None]
) -> None:
    assert _unfuse(parts, name, lengths) == expected
