"""The wording the placement of unruled figures relies on, read from ingest/catalog/."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("ingest.catalog").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def economic_class_columns() -> dict[str, str]:
    """301 -> 工资福利支出: the 基本支出 sub-column of a 类/款/项 table named after each class."""
    return {r["class"]: r["column_label"] for r in _rows("economic_classes.csv")}


@cache
def economic_class_groups() -> dict[str, str]:
    """301 -> 人员经费: the 基本支出 group each class belongs to."""
    return {r["class"]: r["group"] for r in _rows("economic_classes.csv")}


@cache
def funding_columns() -> dict[str, str]:
    """general_public_expenditure -> 一般公共预算: the 项目支出表 column a 类/款/项 table funds."""
    return {r["kind"]: r["column_label"] for r in _rows("funding_columns.csv")}
