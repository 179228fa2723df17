"""Ruled tables from a page's edges, and each character into the cell that holds it.

Pure geometry, no PDF library: the input is pdfplumber's dicts (`x0`, `x1`, `top`, `bottom`,
`orientation` for edges; `text` and the same box for chars). The ruling lines are merged per
row/column position first (an Excel export draws every cell's border separately), then
grouped into tables (lines that touch), then each table's grid is the set of its line
positions; two neighbouring grid slots are one cell (a merged header cell, a 合计 label over
four columns) when no ruling line separates them. This is all `extract_tables` needs from
the page too, but without its per-intersection and per-word work.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from ingest.settings import SETTINGS

Obj = dict[str, Any]


@dataclass
class Line:
    """A ruling line: `at` its y (horizontal) or x (vertical), spanning [start, end]."""

    at: float
    start: float
    end: float


@dataclass
class Cell:
    row: int
    col: int
    rowspan: int
    colspan: int
    chars: list[Obj] = field(default_factory=list)


@dataclass
class Grid:
    xs: list[float]
    ys: list[float]
    cells: list[Cell]
    owner: list[list[int]]  # grid slot -> index in cells

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def contains(self, x: float, y: float) -> bool:
        return self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]

    def slot(self, x: float, y: float) -> tuple[int, int]:
        col = min(max(bisect_right(self.xs, x) - 1, 0), len(self.xs) - 2)
        row = min(max(bisect_right(self.ys, y) - 1, 0), len(self.ys) - 2)
        return row, col


def _merge(lines: list[Line]) -> list[Line]:
    """Collinear strokes (same position within SETTINGS.grid_tolerance, overlapping or touching) become
    one line; strokes of one position with a gap between them stay apart (two tables one above the other)."""
    groups: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: ln.at):
        if groups and line.at - groups[-1][-1].at <= SETTINGS.grid_tolerance:
            groups[-1].append(line)
        else:
            groups.append([line])
    merged: list[Line] = []
    for group in groups:
        first = len(merged)
        for line in sorted(group, key=lambda ln: ln.start):
            last = merged[-1] if len(merged) > first else None
            if last is not None and line.start <= last.end + SETTINGS.grid_tolerance:
                last.end = max(last.end, line.end)
            else:
                merged.append(Line(line.at, line.start, line.end))
    return merged


def _is_white(color: Any) -> bool:
    """Gray 1, RGB (1, 1, 1) or CMYK (0, 0, 0, 0): paper colour."""
    if isinstance(color, int | float):
        return color == 1
    if isinstance(color, tuple | list) and all(isinstance(v, int | float) for v in color):
        if len(color) == 1:
            return bool(color[0] == 1)
        if len(color) == 3:
            return all(v == 1 for v in color)
        if len(color) == 4:
            return all(v == 0 for v in color)
    return False


def is_visible(edge: Obj) -> bool:
    """An edge a reader sees: not the border of a white, unstroked fill (a spreadsheet export
    paints every cell, title rows included, with one) nor a line stroked in white."""
    if edge.get("object_type") == "rect_edge" and not edge.get("stroke") and edge.get("fill"):
        return not _is_white(edge.get("non_stroking_color"))
    if edge.get("stroke"):
        return not _is_white(edge.get("stroking_color"))
    return True


def ruling_lines(edges: list[Obj]) -> tuple[list[Line], list[Line]]:
    edges = [e for e in edges if is_visible(e)]
    horizontal = [
        Line(e["top"], e["x0"], e["x1"]) for e in edges if e["orientation"] == "h" and e["x1"] - e["x0"] >= SETTINGS.min_rule_length
    ]
    vertical = [
        Line(e["x0"], e["top"], e["bottom"])
        for e in edges
        if e["orientation"] == "v" and e["bottom"] - e["top"] >= SETTINGS.min_rule_length
    ]
    return _merge(horizontal), _merge(vertical)


def _touch(h: Line, v: Line) -> bool:
    return (
        h.start - SETTINGS.grid_tolerance <= v.at <= h.end + SETTINGS.grid_tolerance
        and v.start - SETTINGS.grid_tolerance <= h.at <= v.end + SETTINGS.grid_tolerance
    )


def _components(horizontal: list[Line], vertical: list[Line]) -> list[tuple[list[Line], list[Line]]]:
    parent = list(range(len(horizontal) + len(vertical)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(horizontal):
        for j, v in enumerate(vertical):
            if _touch(h, v):
                parent[find(i)] = find(len(horizontal) + j)
    groups: dict[int, tuple[list[Line], list[Line]]] = {}
    for i, h in enumerate(horizontal):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vertical):
        groups.setdefault(find(len(horizontal) + j), ([], []))[1].append(v)
    return [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]


def _positions(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > SETTINGS.grid_tolerance:
            out.append(v)
    return out


def _covered(lines: list[Line], at: float, point: float) -> bool:
    return any(
        abs(ln.at - at) <= SETTINGS.grid_tolerance and ln.start - SETTINGS.grid_tolerance <= point <= ln.end + SETTINGS.grid_tolerance
        for ln in lines
    )


def _grid(horizontal: list[Line], vertical: list[Line]) -> Grid | None:
    xs, ys = _positions([v.at for v in vertical]), _positions([h.at for h in horizontal])
    if len(xs) < 2 or len(ys) < 2:
        return None
    rows, cols = len(ys) - 1, len(xs) - 1
    parent = list(range(rows * cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(rows):
        mid_y = (ys[r] + ys[r + 1]) / 2
        for c in range(cols):
            mid_x = (xs[c] + xs[c + 1]) / 2
            if c + 1 < cols and not _covered(vertical, xs[c + 1], mid_y):
                parent[find(r * cols + c + 1)] = find(r * cols + c)
            if r + 1 < rows and not _covered(horizontal, ys[r + 1], mid_x):
                parent[find((r + 1) * cols + c)] = find(r * cols + c)
    boxes: dict[int, list[int]] = {}
    for slot in range(rows * cols):
        r, c = divmod(slot, cols)
        box = boxes.setdefault(find(slot), [r, c, r, c])
        box[0], box[1], box[2], box[3] = min(box[0], r), min(box[1], c), max(box[2], r), max(box[3], c)
    cells: list[Cell] = []
    owner = [[0] * cols for _ in range(rows)]
    for root in sorted(boxes, key=lambda k: (boxes[k][0], boxes[k][1])):
        r0, c0, r1, c1 = boxes[root]
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                owner[r][c] = len(cells)
        cells.append(Cell(r0, c0, r1 - r0 + 1, c1 - c0 + 1))
    return Grid(xs, ys, cells, owner)


def find_grids(edges: list[Obj]) -> list[Grid]:
    """The ruled tables of a page, top to bottom."""
    horizontal, vertical = ruling_lines(edges)
    grids = [g for h, v in _components(horizontal, vertical) if (g := _grid(h, v)) is not None]
    return sorted(grids, key=lambda g: (g.ys[0], g.xs[0]))


def assign_chars(grids: list[Grid], chars: list[Obj]) -> list[Obj]:
    """Put each char into its grid cell; return the chars outside every table (prose)."""
    outside = []
    for ch in chars:
        x, y = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        grid = next((g for g in grids if g.contains(x, y)), None)
        if grid is None:
            outside.append(ch)
            continue
        r, c = grid.slot(x, y)
        grid.cells[grid.owner[r][c]].chars.append(ch)
    return outside


def char_lines(chars: list[Obj]) -> list[tuple[float, list[Obj]]]:
    """Chars grouped into visual lines (top, chars left to right)."""
    lines: list[tuple[float, float, list[Obj]]] = []  # top, height, chars
    for ch in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        height = ch["bottom"] - ch["top"]
        if lines and abs(ch["top"] - lines[-1][0]) <= max(lines[-1][1], height) / 2:
            lines[-1][2].append(ch)
        else:
            lines.append((ch["top"], height, [ch]))
    for _, _, members in lines:
        members.sort(key=lambda c: c["x0"])
    return [(top, members) for top, _, members in lines]


def line_text(members: list[Obj]) -> str:
    """A line's text, a space where a gap is wider than half a glyph."""
    text = ""
    for k, ch in enumerate(members):
        if k and ch["x0"] - members[k - 1]["x1"] > (ch["x1"] - ch["x0"]) / 2:
            text += " "
        text += ch["text"]
    return text


def text_lines(chars: list[Obj]) -> list[tuple[float, str]]:
    """Chars grouped into visual lines (top, text)."""
    return [(top, line_text(members)) for top, members in char_lines(chars)]


def split_by_columns(members: list[Obj], xs: list[float]) -> list[str]:
    """One printed line cut into cells at a grid's column lines (a row printed without its rules)."""
    cells: list[list[Obj]] = [[] for _ in range(len(xs) - 1)]
    for ch in members:
        col = min(max(bisect_right(xs, (ch["x0"] + ch["x1"]) / 2) - 1, 0), len(xs) - 2)
        cells[col].append(ch)
    return [line_text(c) for c in cells]
