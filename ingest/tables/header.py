"""Header rows -> one header path per column (`基本支出/人员经费/工资福利支出`).

Two methods, tried in this order:

1. `grammar`: converters shift header rows against their data (a row printed one cell to the
   right, a lower row compressed to the left when blank cells were dropped), so positions
   in the lower header rows cannot be trusted, but the ORDER of labels within a row can.
   A small grammar (catalog/header_groups.csv: which labels group which) attaches each
   lower-row label to the group above it, in order (`header_tree`, the one header tree, which
   the plain form's headers use too); the leaves, in order, are the amount columns, which
   start at the first column where the data prints an amount.
2. `positional`: the classic rule — a blank header cell belongs to the spanning cell to its
   left (within the same parent) or above. Used when the grammar does not cover the labels.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from ingest.settings import SETTINGS
from ingest.text import ENUMERATOR, compact, is_subtotal_column, is_total_label, parse_amount

_CODE = re.compile(r"^\d{3,}$")
_COLUMN_NUMBER = re.compile(r"^(\*+|\d{1,2})$")


@cache
def header_groups() -> dict[str, set[str]]:
    text = resources.files("ingest.catalog").joinpath("header_groups.csv").read_text(encoding="utf-8")
    groups: dict[str, set[str]] = {}
    for row in csv.DictReader(text.splitlines()):
        groups.setdefault(row["parent"], set()).add(row["child"])
    return groups


@cache
def _vocabulary() -> frozenset[str]:
    groups = header_groups()
    return frozenset(groups) | frozenset(c for kids in groups.values() for c in kids)


@dataclass
class HeaderNode:
    label: str
    children: list[HeaderNode] = field(default_factory=list)

    def leaves(self, prefix: str = "") -> list[str]:
        path = f"{prefix}/{self.label}" if prefix else self.label
        return [path] if not self.children else [leaf for c in self.children for leaf in c.leaves(path)]

    def frontier(self) -> list[HeaderNode]:
        return [self] if not self.children else [n for c in self.children for n in c.frontier()]


def header_tree(labels: list[str]) -> tuple[list[HeaderNode], list[str]]:
    """The one header tree: labels in printed order (row by row) hung under their groups
    (catalog/header_groups.csv) level by level; a label no group takes before sub-labels begin
    is a new top-level column, after that it is unplaced (returned, not guessed). A label the
    vocabulary does not know, printed while a group's sub-labels are being read (`项目支出` /
    `小计 事业发展类 特定目标类`), is that group's: its column keeps its place, and no meaning."""
    groups = header_groups()
    roots: list[HeaderNode] = []
    unplaced: list[str] = []
    frontier: list[HeaderNode] = []
    cursor = 0
    for label in labels:
        if label not in _vocabulary() and cursor < len(frontier) and frontier[cursor].children:
            frontier[cursor].children.append(HeaderNode(label))
            continue
        placed = False
        for attempt in range(2):
            for k in range(cursor, len(frontier)):
                node = frontier[k]
                taken = [c.label for c in node.children]
                if any(label in groups.get(c, set()) for c in taken):
                    continue  # a sub-group printed under this node takes it, one header row down
                if label in groups.get(node.label, set()) and label not in taken and not (is_subtotal_column(label) and taken):
                    node.children.append(HeaderNode(label))
                    cursor, placed = k, True
                    break
            if placed or attempt:
                break
            frontier = [leaf for root in roots for leaf in root.frontier()]  # the next header row
            cursor = 0
        if not placed:
            if any(n.children for n in roots):  # a top-level label after sub-labels began: not a clean header
                unplaced.append(label)
                continue
            roots.append(HeaderNode(label))
            frontier, cursor = [], 0
    return roots, unplaced


def is_column_numbers(cells: list[str]) -> bool:
    """`栏次 1 2 3`, `** ** ** 1 2`, `1 2 3 … 12`: a row numbering the columns, not amounts."""
    filled = [re.sub(r"\s+", "", c) for c in cells if c.strip()]
    if not filled:
        return False
    if filled[0] in {"栏次", "行次"}:
        return True
    numbered = [c for c in filled if _COLUMN_NUMBER.match(c)]
    return len(numbered) >= 3 and len(numbered) == len(filled)


def is_data_row(cells: list[str]) -> bool:
    """A row that carries figures or a line label rather than column titles."""
    filled = [c for c in cells if c.strip()]
    if not filled:
        return False
    if any("." in c and parse_amount(c) is not None for c in filled):
        return True
    first = compact(filled[0])
    if is_total_label(first):  # 合计 heads columns too; as a line it comes with figures
        return any(parse_amount(c) is not None for c in filled[1:])
    return bool(_CODE.match(first) or ENUMERATOR.match(first))


def split_header(rows: list[list[str]]) -> tuple[int, list[int]]:
    """How many leading rows are header rows, and which rows number the columns."""
    header = 0
    while header < len(rows) and header < SETTINGS.max_header_rows:
        cells = rows[header]
        if is_data_row(cells) or is_column_numbers(cells):
            break
        header += 1
    numbering = [i for i in range(header, len(rows)) if is_column_numbers(rows[i])]
    return header, numbering


def column_paths(header: list[list[str]], body: list[list[str]]) -> tuple[list[str], str]:
    """One header path per column, and the method that produced them."""
    width = max((len(r) for r in header + body), default=0)
    grid = [[compact(c) for c in row] + [""] * (width - len(row)) for row in header]
    first_amount = _first_amount_column(body)
    if first_amount is not None and len(grid) > 1:
        grammar = _grammar_paths(grid, body, width, first_amount)
        if grammar is not None:
            return grammar, "grammar"
    return _positional_paths(grid, width), "positional"


def _first_amount_column(body: list[list[str]]) -> int | None:
    columns = [i for row in body if is_data_row(row) for i, c in enumerate(row) if "." in c and parse_amount(c) is not None]
    return min(columns) if columns else None


def _in_amount_region(col: int, label: str, first_amount: int) -> bool:
    return bool(label) and (col >= first_amount or label in _vocabulary())


def _grammar_paths(grid: list[list[str]], body: list[list[str]], width: int, first_amount: int) -> list[str] | None:
    top = [label for c, label in enumerate(grid[0]) if _in_amount_region(c, label, first_amount)]
    if not top:
        return None
    lower = [label for row in grid[1:] for c, label in enumerate(row) if _in_amount_region(c, label, first_amount)]
    roots, unplaced = header_tree(top + lower)
    if unplaced or [root.label for root in roots] != top:
        return None
    leaves = [leaf for root in roots for leaf in root.leaves()]
    last_filled = max((i for row in body for i, c in enumerate(row) if c.strip()), default=first_amount)
    if not (last_filled - first_amount + 1 <= len(leaves) <= width - first_amount):
        return None
    left_grid = [[label if c < first_amount and label not in _vocabulary() else "" for c, label in enumerate(row)] for row in grid]
    paths = _positional_paths(left_grid, width)
    for offset, leaf in enumerate(leaves):
        paths[first_amount + offset] = leaf
    for c in range(first_amount + len(leaves), width):
        paths[c] = ""
    return paths


def _positional_paths(grid: list[list[str]], width: int) -> list[str]:
    """Blank header cells belong to the spanning cell to their left (same parent) or above."""
    paths: list[list[str]] = [[] for _ in range(width)]
    parent: list[tuple[int, int]] = [(-1, 0)] * width  # span of each column in the row above
    for r, row in enumerate(grid):
        span = list(parent)
        current: int | None = None
        for c in range(width):
            label = row[c] if c < len(row) else ""
            if label:
                current = c
                span[c] = (r, c)
                paths[c].append(label)
            elif current is not None and parent[c] == parent[current]:
                span[c] = span[current]
                paths[c].append(row[current])
        parent = span
    return ["/".join(p) for p in paths]
