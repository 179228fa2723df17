"""Header path -> semantic field, through one alias table (catalog/column_fields.csv).

Paths are normalised before they are matched, so that what a group header adds no meaning to
does not hide the columns' meaning:

- a year printed in a label (`2024年“三公”经费预算数`) is dropped;
- a group header over every amount column (`支出预算/合计`, `一般公共预算支出/基本支出`,
  `收入预算/…`) or over every text column (`项目/功能分类科目名称`) is a wrapper: dropped.

A field that appears again further right starts a new block: tables printed as side-by-side
copies (收支总表: income | expenditure; 基本支出决算明细表: code/name/amount blocks) become
one record per block.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources

from ingest.model import Column
from ingest.text import compact

# Fields that hold text (codes, names), not amounts.
TEXT_FIELDS = frozenset({
    "code_class", "code_item", "code_sub", "code", "unit_code", "name",
    "dept_class", "dept_item", "dept_code", "dept_name", "gov_class", "gov_item", "gov_code", "gov_name",
    "project_type", "project_name", "project_unit",
})  # fmt: skip
_YEAR = re.compile(r"\d{4}年度?")


@cache
def _field_patterns() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    text = resources.files("ingest.catalog").joinpath("column_fields.csv").read_text(encoding="utf-8")
    patterns: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for row in csv.DictReader(text.splitlines()):
        patterns.setdefault(row["family"], []).append((row["field"], re.compile(row["pattern"])))
    return patterns


def field_for(family: str, path: str) -> str | None:
    for name, pattern in _field_patterns().get(family, []):
        if path and pattern.search(path):
            return name
    return None


def _segments(path: str) -> list[str]:
    return [s for s in (_YEAR.sub("", compact(part)) for part in path.split("/")) if s]


def _unwrap(family: str, paths: list[list[str]], columns: list[int]) -> None:
    """Drop the group header every one of these columns shares, where the vocabulary reads no
    meaning into it (a column it already understands keeps its field without it)."""
    while len(columns) > 1 and all(len(paths[c]) > 1 for c in columns) and len({paths[c][0] for c in columns}) == 1:
        before = [field_for(family, "/".join(paths[c])) for c in columns]
        after = [field_for(family, "/".join(paths[c][1:])) for c in columns]
        if any(b is not None and b != a for b, a in zip(before, after, strict=True)):
            return
        for c in columns:
            paths[c] = paths[c][1:]


def _phase_first(segments: list[str]) -> list[str]:
    """`合计/预算数` (an item with a 预算数 and a 决算数 column) reads as `预算数/合计`."""
    for k, segment in enumerate(segments[1:], start=1):
        if field_for("phase", segment):
            return [segment, *segments[:k], *segments[k + 1 :]]
    return segments


def _phases_below_items(segments: list[list[str]]) -> bool:
    """The header prints two phases (预算数, 决算数) under each item, not one phase as every leaf."""
    return len({s for path in segments for s in path[1:] if field_for("phase", s)}) > 1


def normalise_paths(family: str, paths: list[str]) -> list[str]:
    """Header paths as the vocabulary reads them: years and wrapper groups dropped, phase first."""
    segments = [_segments(p) for p in paths]
    text = [c for c, s in enumerate(segments) if s and field_for(family, "/".join(s)) in TEXT_FIELDS]
    amounts = [c for c, s in enumerate(segments) if s and c not in text]
    _unwrap(family, segments, text)
    _unwrap(family, segments, amounts)
    rotate = _phases_below_items(segments)
    return ["/".join(_phase_first(s) if rotate else s) for s in segments]


def assign_fields(family: str, paths: list[str]) -> list[Column]:
    """Each column's field, and its block: a block per phase where the header prints phases
    (预算数 | 决算数), else a new block where a field appears again further right."""
    labels = normalise_paths(family, paths)
    phases = list(dict.fromkeys(p.split("/")[0] for p in labels if "/" in p and field_for("phase", p.split("/")[0])))
    columns: list[Column] = []
    block = 0
    seen: set[str] = set()
    for col_no, (path, label) in enumerate(zip(paths, labels, strict=True)):
        name = field_for(family, label)
        if len(phases) > 1:
            top = label.split("/")[0]
            block = phases.index(top) if top in phases else block
        elif name is not None and name in seen:
            block += 1
            seen = set()
        if name is not None:
            seen.add(name)
        columns.append(Column(col_no=col_no, header_path=path, field=name, block_no=block, label=label))
    return columns


def block_label(columns: list[Column], block_no: int) -> str | None:
    """The top header label shared by a block's columns (人员经费, 预算数, 收入…), if any."""
    labels = [c.label for c in columns if c.block_no == block_no and c.field]
    tops = {p.split("/")[0] for p in labels}
    return tops.pop() if len(tops) == 1 and all("/" in p for p in labels) else None
