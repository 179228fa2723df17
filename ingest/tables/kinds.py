"""Which standard table a printed title names, through one alias table (catalog/table_kinds.csv).

Titles vary by district and year (预算05表 / 公开05表 / 表五 / 附表3 / 六、 / no number, with or
without the year, 情况表 / 预算表 / 总体情况表 endings, a `（功能科目）` suffix, the department's
name inside). The title is reduced to its wording, then matched against the alias patterns in
file order; a new district's wording is a new line there. `is_title` and `find_title` are the
one title detector every reader uses.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from functools import cache
from importlib import resources

from ingest.settings import SETTINGS
from ingest.text import UNIT, compact

UNKNOWN = "unknown"

# Table kind -> family of parser and of column vocabulary.
FAMILY = {
    "expenditure": "function",
    "general_public_expenditure": "function",
    "fiscal_grant_expenditure": "function",
    "gov_fund_expenditure": "function",
    "soe_expenditure": "function",
    "income": "function",
    "basic_expenditure": "economic",
    "fiscal_grant_basic_expenditure": "economic",
    "economic_summary": "economic",
    "operating_expenses": "economic",
    "project_expenditure": "project",
    "three_public": "three_public",
    "summary": "summary",
    "fiscal_grant_summary": "summary",
    "overall_performance": "overall_performance",
    "project_performance": "performance",
    # recognised, not modelled: landed as printed rows, never read as another kind
    "procurement": "text",
    "purchased_services": "text",
    "special_account": "text",
    "unit_composition": "text",
    "assets": "text",
    UNKNOWN: "text",
}

# Numbering printed in front of a title, stripped before matching. A Chinese numeral is read
# digit by digit (`表三“三公”…` is table 三 of 三公, `附表一一般公共预算…` table 一 of 一般…).
_NUMERAL = r"(\d+|[二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_NUMBERING = re.compile(
    rf"^(附件\d*[:：]?"
    rf"|附表{_NUMERAL}?[:：]?"
    rf"|(预算|公开|决算)?\d+表[:：]?"
    rf"|(预算|公开|决算)?表{_NUMERAL}[:：]?"
    rf"|第{_NUMERAL}部分"
    rf"|{_NUMERAL}[、.．]"
    rf"|[(（]{_NUMERAL}[)）])"
)
_YEAR = re.compile(r"[(（]?\d{4}年度?[)）]?")
_TRAILING_BRACKETS = re.compile(r"[(（][^()（）]*[)）]$")
_NOT_A_TITLE = ("本表", "注", "说明", "备注")


@cache
def _catalog() -> list[dict[str, str]]:
    text = resources.files("ingest.catalog").joinpath("table_kinds.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def _aliases() -> list[tuple[str, re.Pattern[str]]]:
    return [(row["kind"], re.compile(row["pattern"])) for row in _catalog()]


@cache
def _header_aliases() -> list[tuple[str, re.Pattern[str]]]:
    return [(row["kind"], re.compile(row["header_pattern"])) for row in _catalog() if row["header_pattern"]]


def classify_header(header: Sequence[str]) -> str:
    """The kind of an untitled table from its header cells (`序号 | 单位名称 | 备注`), or unknown."""
    wording = "/".join(compact(c) for c in header if compact(c))
    return next((kind for kind, pattern in _header_aliases() if pattern.search(wording)), UNKNOWN)


def title_wording(title: str) -> str:
    """The words of a title without numbering, year or brackets' width."""
    t = compact(title)
    previous = None
    while previous != t:
        previous, t = t, _NUMBERING.sub("", t)
    return _YEAR.sub("", t)


def classify(title: str) -> str:
    wording = title_wording(title)
    if not wording:
        return UNKNOWN
    for kind, pattern in _aliases():
        if pattern.search(wording):
            return kind
    return UNKNOWN


def is_title(text: str) -> bool:
    """A line that names a table: short, ending in 表 (before a `（功能科目）`-like suffix)."""
    wording = title_wording(text)
    base = wording
    while _TRAILING_BRACKETS.search(base):
        base = _TRAILING_BRACKETS.sub("", base)
    return 0 < len(wording) <= SETTINGS.max_title_length and base.endswith("表") and not base.startswith(_NOT_A_TITLE)


def _is_fragment(text: str) -> bool:
    """The first line of a title wrapped over two lines (`…“三公”经费、会议费、培训费` / `支出预算表`)."""
    wording = title_wording(text)
    if not 0 < len(wording) <= SETTINGS.max_wrapped_title_piece or wording.startswith(("(", "（")):  # a bracketed note is not a title piece
        return False
    return not re.search(r"[表。：:；;]$|单位", wording) and not is_title(text)


def _is_prose(text: str) -> bool:
    """A line of running text: longer than any title, and not the unit / 部门名称 line under one."""
    wording = title_wording(text)
    return len(wording) > SETTINGS.max_title_length and not UNIT.search(wording) and not re.match(r"^(编制)?(部门|单位)", wording)


def find_title(lines: Sequence[str]) -> tuple[int, int] | None:
    """The title among the lines above a table, nearest first: (first, last) line index.

    The search stops at running text (a title is never separated from its table by prose: the
    lines of a contents page two pages back do not name this table). A title wrapped over two
    lines is found whole: when the line before a candidate is a title fragment and the two
    together name a table, both lines make the title.
    """
    for i in range(len(lines) - 1, -1, -1):
        if _is_prose(lines[i]):
            return None
        if is_title(lines[i]):
            if i > 0 and _is_fragment(lines[i - 1]) and is_title(lines[i - 1] + lines[i]):
                joined = classify(lines[i - 1] + lines[i])
                if joined != UNKNOWN and joined != classify(lines[i]):
                    return i - 1, i
            return i, i
    return None
