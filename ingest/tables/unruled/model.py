"""A plain-form table rebuilt: its rows (text cells, figures, role, placed figures) and the
table they make (header paths, printed rows with side-by-side blocks merged back)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ingest.model import Issue, PrintedRow
from ingest.tables.unruled.columns import HeaderColumns
from ingest.tables.unruled.rows import Body, TextRow
from ingest.text import parse_amount


@dataclass
class PlainRow:
    """A rebuilt row: its text cells (one per text column), figures, role and placed figures."""

    source: TextRow
    texts: list[str]
    numbers: list[str]
    role: str  # total | detail | subtotal | other
    placed: dict[str, str] = field(default_factory=dict)
    reason: str | None = None  # why figures are not placed
    text_issue: str | None = None  # why a text cell is left blank
    block: int = 0  # which side-by-side copy of the columns it fills (a printed row holds one per block)
    unplaceable: str | None = None  # why its figures cannot be placed, known when it is read


_CODE_CELLS = {"function": slice(1, 4), "economic": slice(0, 2)}  # 类/款/项 after the unit cell; 类/款


def row_code(family: str, row: PlainRow) -> str:
    """The row's classification code as printed (`2011301`, `30101`), or '' in a table without codes."""
    cells = _CODE_CELLS.get(family)
    return "".join(row.texts[cells]) if cells else ""


@dataclass
class PlainTable:
    family: str
    kind: str
    body: Body
    text_paths: list[str]
    columns: HeaderColumns
    rows: list[PlainRow]
    issues: list[Issue] = field(default_factory=list)
    blocks: int = 1  # side-by-side copies of the columns (基本支出决算表: code | name | 决算数, twice)

    @property
    def header_paths(self) -> list[str]:
        return (self.text_paths + self.columns.paths) * self.blocks

    def numbered(self) -> list[tuple[int, list[PlainRow]]]:
        """The printed rows, numbered from 1 (the header is row 0), each with its blocks' rows."""
        printed: list[tuple[int, list[PlainRow]]] = []
        for row in self.rows:
            if printed and printed[-1][1][-1].source is row.source and row.block > printed[-1][1][-1].block:
                printed[-1][1].append(row)
            else:
                printed.append((len(printed) + 1, [row]))
        return printed

    def printed_rows(self) -> list[PrintedRow]:
        header_raw = " / ".join(ln.text for ln in self.body.header)
        header_line = self.body.header[0].number if self.body.header else (self.rows[0].source.line if self.rows else 0)
        page = self.body.header[0].page if self.body.header else None
        out = [PrintedRow(header_line, list(self.header_paths), header_raw, page)]
        width = len(self.text_paths) + len(self.columns.paths)
        for _, rows in self.numbered():
            cells = [""] * (width * self.blocks)
            for row in rows:
                cells[row.block * width : (row.block + 1) * width] = row.texts + [row.placed.get(p, "") for p in self.columns.paths]
            out.append(PrintedRow(rows[0].source.line, cells, rows[0].source.raw, rows[0].source.page))
        return out

    def detail_rows(self) -> list[PlainRow]:
        return [r for r in self.rows if r.role == "detail"]

    def total_row(self) -> PlainRow | None:
        return next((r for r in self.rows if r.role == "total"), None)

    def column_total(self, path: str) -> Decimal | None:
        total = self.total_row()
        return exact(total.placed[path]) if total and path in total.placed else None


def exact(figure: str) -> Decimal:
    """A printed figure's exact amount (`1,291.64` too): the one amount parser, ingest.text.parse_amount."""
    amount = parse_amount(figure)
    if amount is None:
        raise ValueError(f"not a figure: {figure!r}")
    return amount
