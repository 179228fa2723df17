"""Which standard table a printed title names, through one alias table (catalog/table_kinds.csv).

Titles vary by district and year (预算05表 / 公开05表 / no number, with or without the year,
情况表 / 预算表 / 总体情况表 endings). The title is reduced to its wording, then matched
against the alias patterns in file order; a new district's wording is a new line there.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources

from ingest.text import compact

UNKNOWN = "unknown"

# Table kind -> family of parser and of column vocabulary.
FAMILY = {
    "expenditure": "function",
    "general_public_expenditure": "function",
    "gov_fund_expenditure": "function",
    "soe_expenditure": "function",
    "income": "function",
    "basic_expenditure": "economic",
    "economic_summary": "economic",
    "operating_expenses": "economic",
    "project_expenditure": "project",
    "three_public": "three_public",
    "summary": "summary",
    "fiscal_grant_summary": "summary",
    "overall_performance": "overall_performance",
    "project_performance": "performance",
    UNKNOWN: "text",
}


@cache
def _aliases() -> list[tuple[str, re.Pattern[str]]]:
    text = resources.files("ingest.catalog").joinpath("table_kinds.csv").read_text(encoding="utf-8")
    return [(row["kind"], re.compile(row["pattern"])) for row in csv.DictReader(text.splitlines())]


def title_wording(title: str) -> str:
    """The words of a title without attachment prefix, year, table number or brackets' width."""
    t = compact(title)
    t = re.sub(r"^附件\d*[:：]?", "", t)
    t = re.sub(r"[(（]?\d{4}年度?[)）]?", "", t)
    t = re.sub(r"(预算|公开|决算)?\d+表", "", t)
    return t


def classify(title: str) -> str:
    wording = title_wording(title)
    if not wording:
        return UNKNOWN
    for kind, pattern in _aliases():
        if pattern.search(wording):
            return kind
    return UNKNOWN
