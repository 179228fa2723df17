"""Draw sheets with reportlab's built-in CID font (STSong-Light): ruled cells drawn as lines,
merged header cells, wrapped names, blank cells, long tables continued on the next page with
their header repeated. `quirks` inject what hostile producers do (fake bold, rotation).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from tests.pdfgen.sheets import Document, Sheet

FONT = "STSong-Light"
SIZE = 8.0
LEADING = 10.0
MARGIN = 36.0
HEADER_ROW = 16.0


@dataclass(frozen=True)
class Quirks:
    fake_bold: bool = False  # every glyph drawn twice, a hair apart
    rotate: bool = False  # pages stored portrait with /Rotate 90
    password: str | None = None  # encrypted with this user password


def _font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def wrap(text: str, width: float) -> list[str]:
    if text.isdigit():
        return [text]  # codes never wrap (digits are half width)
    per_line = max(1, int((width - 4) // SIZE))
    return [text[i : i + per_line] for i in range(0, len(text), per_line)] or [""]


class _Painter:
    def __init__(self, path: Path, quirks: Quirks) -> None:
        _font()
        self.quirks = quirks
        self.size = landscape(A4)
        self.canvas = Canvas(str(path), pagesize=self.size if not quirks.rotate else A4, encrypt=quirks.password)
        self.page_no = 0
        self._start_page()

    def _start_page(self) -> None:
        self.page_no += 1
        if self.quirks.rotate:
            self.canvas.setPageRotation(90)
            self.canvas.translate(A4[0], 0)
            self.canvas.rotate(90)
        self.canvas.setFont(FONT, SIZE)
        self.y = self.size[1] - MARGIN

    def new_page(self) -> None:
        self.canvas.drawCentredString(self.size[0] / 2, MARGIN / 2, f"- {self.page_no} -")
        self.canvas.showPage()
        self._start_page()

    def text(self, x: float, y: float, text: str, size: float = SIZE, align: str = "left") -> None:
        self.canvas.setFont(FONT, size)
        draw = {"left": self.canvas.drawString, "right": self.canvas.drawRightString, "centre": self.canvas.drawCentredString}[align]
        draw(x, y, text)
        if self.quirks.fake_bold:
            draw(x + 0.3, y, text)

    def box(self, x: float, top: float, w: float, h: float) -> None:
        c = self.canvas
        c.line(x, top, x + w, top)
        c.line(x, top - h, x + w, top - h)
        c.line(x, top, x, top - h)
        c.line(x + w, top, x + w, top - h)

    def save(self) -> None:
        self.canvas.drawCentredString(self.size[0] / 2, MARGIN / 2, f"- {self.page_no} -")
        self.canvas.save()


def _is_amount(text: str) -> bool:
    return bool(text) and text.replace(".", "", 1).replace("-", "", 1).isdigit() and "." in text


def _edges(sheet: Sheet, left: float) -> list[float]:
    """x of each column's left edge, and of the last column's right edge."""
    xs = [left]
    for w in sheet.widths:
        xs.append(xs[-1] + w)
    return xs


def _header(p: _Painter, sheet: Sheet, left: float) -> None:
    xs = _edges(sheet, left)
    for span in sheet.header:
        x, w = xs[span.col], xs[span.col + span.colspan] - xs[span.col]
        top, h = p.y - span.row * HEADER_ROW, span.rowspan * HEADER_ROW
        p.box(x, top, w, h)
        lines = wrap(span.label, w)
        first = top - h / 2 + (len(lines) - 1) * LEADING / 2 - SIZE / 3
        for k, line in enumerate(lines):
            p.text(x + w / 2, first - k * LEADING, line, align="centre")
    p.y -= sheet.header_rows * HEADER_ROW


Laid = list[tuple[list[str], float, float, str]]  # per printed cell: lines, x, width, text


def _layout(sheet: Sheet, r: int, cells: list[str], left: float) -> tuple[Laid, float]:
    xs = _edges(sheet, left)
    col, laid = 0, []
    while col < len(cells):
        span = sheet.merged_body.get((r, col), 1)
        x, w = xs[col], xs[col + span] - xs[col]
        laid.append((wrap(cells[col], w) if not _is_amount(cells[col]) else [cells[col]], x, w, cells[col]))
        col += span
    return laid, max(len(lines) for lines, *_ in laid) * LEADING + 4


def _draw_row(p: _Painter, wrapped: Laid, height: float) -> None:
    for lines, x, w, text in wrapped:
        p.box(x, p.y, w, height)
        if not text:
            continue
        first = p.y - height / 2 + (len(lines) - 1) * LEADING / 2 - SIZE / 3
        for k, line in enumerate(lines):
            if _is_amount(text):
                p.text(x + w - 2, first - k * LEADING, line, align="right")
            else:
                p.text(x + 2, first - k * LEADING, line)
    p.y -= height


def _sheet(p: _Painter, sheet: Sheet, number: int, kind_word: str) -> None:
    left = MARGIN
    p.text(left, p.y, f"{kind_word}{number:02d}表")
    p.y -= 20
    p.text(p.size[0] / 2, p.y, sheet.title, size=14, align="centre")
    p.y -= 22
    p.text(left, p.y, f"部门名称：{sheet.department}")
    p.text(left + sum(sheet.widths), p.y, f"单位：{sheet.unit}", align="right")
    p.y -= 8
    _header(p, sheet, left)
    for r, cells in enumerate(sheet.body):
        laid, height = _layout(sheet, r, cells, left)
        if p.y - height < MARGIN:
            p.new_page()  # the table continues: header repeated, no title
            _header(p, sheet, left)
        _draw_row(p, laid, height)


def render(doc: Document, path: Path, kind_word: str = "预算", quirks: Quirks = Quirks()) -> Path:
    p = _Painter(path, quirks)
    p.y -= 60
    p.text(p.size[0] / 2, p.y, doc.cover[0], size=18, align="centre")
    for line in doc.cover[1:]:
        p.y -= 24
        p.text(MARGIN, p.y, line, size=10)
    for number, sheet in enumerate(doc.sheets, start=1):
        p.new_page()
        _sheet(p, sheet, number, kind_word)
    p.save()
    return path
