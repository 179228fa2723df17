"""Reader for PDFs (pdfplumber): ruled tables cell by cell, prose lines for metadata.

Per page: the chars (fake-bold duplicates dropped where detected, Kangxi radicals
normalised), the ruling lines → grids (grid.py), each char into its cell. A grid's header
rows are its rows above the first data row; each column's header path is the labels of the
header cells covering it, top-down, so merged (colspan/rowspan) cells give the path
(`基本支出/人员经费/工资福利支出`) without guessing. A grid at the top of a page with no title
above it, whose columns line up with the previous page's last table, continues that table:
its repeated header rows are dropped.

Line numbers count the document's visual lines (prose lines and table rows) in reading order;
every row keeps its page.
"""

from __future__ import annotations

import io
import os
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
from pdfplumber.utils.exceptions import PdfminerException

from ingest.model import Issue, PrintedRow, PrintedTable, SourceLine
from ingest.readers import ReaderResult, UnreadableDocument
from ingest.readers.pdf.grid import Grid, Obj, assign_chars, char_lines, find_grids, line_text, split_by_columns, text_lines
from ingest.settings import SETTINGS
from ingest.tables.header import is_data_row
from ingest.tables.kinds import find_title
from ingest.text import UNIT, clean_cell, compact, normalise_radicals

PASSWORD_VARIABLE = "FISCAL_PDF_PASSWORD"
_CID = re.compile(r"^\(cid:\d+\)$")
# Kangxi radicals and CJK radicals supplement (`⼀` for `一`) from bad ToUnicode maps
_RADICALS = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf]")


@dataclass
class _ProseLine:
    line: SourceLine
    chars: list[Obj]


@dataclass
class _PageTable:
    page: int
    grid: Grid
    above: list[_ProseLine]  # prose since the previous table (across a page break) down to this one
    texts: list[list[str]]  # each grid row's cells
    numbers: list[int]  # each grid row's line number
    first_on_page: bool


@dataclass
class PageScan:
    lines: list[SourceLine] = field(default_factory=list)
    tables: list[_PageTable] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    scanned: list[int] = field(default_factory=list)
    unreadable_chars: int = 0
    chars: int = 0
    counter: int = 0
    pending: list[_ProseLine] = field(default_factory=list)  # prose lines not yet above a table

    def number(self) -> int:
        self.counter += 1
        return self.counter


def read(path: Path, data: bytes) -> ReaderResult:
    pages = _read_pages(data)
    if pages.chars == 0 and pages.scanned:
        raise UnreadableDocument(f"no text layer on any of its {len(pages.scanned)} pages (scanned images): needs OCR")
    if pages.chars and pages.unreadable_chars == pages.chars:
        raise UnreadableDocument("its text has no Unicode mapping ((cid:N) glyphs only): unreadable without OCR")
    issues = list(pages.issues)
    if pages.scanned:
        shown = ", ".join(map(str, pages.scanned))
        issues.append(Issue("scanned_page", f"no text layer on page(s) {shown} (scanned images): needs OCR, not read"))
    if pages.unreadable_chars:
        message = f"{pages.unreadable_chars} characters have no Unicode mapping ((cid:N)): left out of the text, not guessed"
        issues.append(Issue("unreadable_text", message))
    tables = _stitch(pages, issues)
    return ReaderResult(lines=pages.lines, tables=tables, issues=issues)


def _open(data: bytes) -> Any:
    password = os.environ.get(PASSWORD_VARIABLE, "")
    try:
        return pdfplumber.open(io.BytesIO(data), password=password)
    except PdfminerException as exc:
        raise _unreadable(exc) from None


def _unreadable(exc: PdfminerException) -> Exception:
    """What to raise for pdfminer's failure: a memory failure stays one (the worker's cap)."""
    cause = exc.args[0] if exc.args else exc
    if isinstance(cause, MemoryError):
        return MemoryError()
    return UnreadableDocument(_pdf_error(cause))


def _pdf_error(cause: object) -> str:
    name = type(cause).__name__
    if "Password" in name or "Encryption" in name:
        hint = "wrong password" if os.environ.get(PASSWORD_VARIABLE) else f"set {PASSWORD_VARIABLE} to read it"
        return f"encrypted PDF ({hint})"
    if name in ("PSEOF",) or "EOF" in str(cause):
        return "truncated PDF (unexpected end of file)"
    return f"corrupt PDF ({name}: {cause})"


def _read_pages(data: bytes) -> PageScan:
    out = PageScan()
    pdf = _open(data)
    try:
        for page_no, page in enumerate(pdf.pages, start=1):
            try:
                _read_page(page, page_no, out)
            finally:
                page.close()  # frees the page's layout: memory stays flat over long documents
    except PdfminerException as exc:
        raise _unreadable(exc) from None
    finally:
        pdf.close()
    return out


def _read_page(page: Any, page_no: int, out: PageScan) -> None:
    chars = clean_chars(page.chars, page_no, out)
    if not chars:
        if page.images:
            out.scanned.append(page_no)
        return
    grids = [g for g in find_grids(page.edges) if len(g.xs) > 2]  # a single column of boxes frames text: not a table
    prose = assign_chars(grids, chars)
    grids = [g for g in grids if any(cell.chars for cell in g.cells)]  # ruled boxes with nothing in them (a chart's frame)
    items: list[tuple[float, list[Obj] | Grid]] = [(top, members) for top, members in char_lines(prose)]
    items += [(g.ys[0], g) for g in grids]
    first = True
    for _, item in sorted(items, key=lambda it: it[0]):
        if isinstance(item, Grid):
            texts = _cell_texts(item)
            for cell in item.cells:
                cell.chars = []  # read: keep memory flat over long documents
            out.tables.append(_PageTable(page_no, item, out.pending, texts, [out.number() for _ in texts], first))
            out.pending, first = [], False
            continue
        line = SourceLine(out.number(), line_text(item).strip(), page_no)
        out.lines.append(line)
        out.pending.append(_ProseLine(line, item))


def clean_chars(chars: list[Obj], page_no: int, out: PageScan) -> list[Obj]:
    out.chars += len(chars)
    readable = [c for c in chars if not _CID.match(c["text"])]
    out.unreadable_chars += len(chars) - len(readable)
    for c in readable:
        if _RADICALS.match(c["text"]):
            c["text"] = normalise_radicals(c["text"])
    return _dedupe(readable)


def _dedupe(chars: list[Obj]) -> list[Obj]:
    """Drop fake-bold copies (the same glyph drawn again within a point), only if there are any."""
    seen: set[tuple[str, int, int]] = set()
    kept = []
    for c in chars:
        key = (c["text"], round(c["x0"]), round(c["top"]))
        if key in seen or (c["text"], round(c["x0"] - 0.5), round(c["top"])) in seen:
            continue
        seen.add(key)
        kept.append(c)
    return kept


# ---------------------------------------------------------------- tables


def _cell_texts(grid: Grid) -> list[list[str]]:
    """Each grid row's cells as printed; a merged cell's text sits in its first slot."""
    rows = [[""] * (len(grid.xs) - 1) for _ in range(len(grid.ys) - 1)]
    for cell in grid.cells:
        text = "".join(t for _, t in text_lines(cell.chars))  # wrapped lines join without a space
        rows[cell.row][cell.col] = clean_cell(text)
    return rows


def _header_rows(texts: list[list[str]]) -> int:
    """Rows above the first data row; in a table printed without data, every row with text."""
    for r, row in enumerate(texts):
        if is_data_row(row):
            return r
    return max((r + 1 for r, row in enumerate(texts) if any(c.strip() for c in row)), default=0)


def _header_paths(grid: Grid, texts: list[list[str]], header_rows: int) -> list[str]:
    paths = []
    for c in range(len(grid.xs) - 1):
        labels: list[str] = []
        seen: set[int] = set()
        for r in range(header_rows):
            owner = grid.owner[r][c]
            if owner in seen:
                continue
            seen.add(owner)
            cell = grid.cells[owner]
            label = compact(texts[cell.row][cell.col])
            if label:
                labels.append(label)
        paths.append("/".join(labels))
    return paths


def _title(above: list[_ProseLine]) -> tuple[SourceLine | None, str | None, int | None]:
    """The title above a table (wrapped over two lines, or on the page before), and its unit."""
    lines = [p.line for p in above]
    found = find_title([ln.text for ln in lines])
    title = None
    if found is not None:
        first, last = found
        text = "".join(ln.text for ln in lines[first : last + 1])
        title = SourceLine(lines[first].number, text, lines[first].page)
    unit, unit_line = None, None
    for ln in lines:
        match = UNIT.search(ln.text)
        if match and (title is None or ln.number > title.number):
            unit, unit_line = match.group(1), ln.number
    return title, unit, unit_line


def _aligned(a: list[float], b: list[float]) -> bool:
    """Two grids share their outer edges and one's column lines are among the other's (merged
    cells drop lines: a `合计` cell over the three code columns of a continuation page)."""
    if abs(a[0] - b[0]) > SETTINGS.continuation_tolerance or abs(a[-1] - b[-1]) > SETTINGS.continuation_tolerance:
        return False
    fewer, more = (a, b) if len(a) <= len(b) else (b, a)
    return all(any(abs(x - y) <= SETTINGS.continuation_tolerance for y in more) for x in fewer)


def _continues(previous: _PageTable | None, table: _PageTable) -> bool:
    """A titleless table at the top of the next page whose columns line up with the last one."""
    if previous is None or table.page != previous.page + 1 or not table.first_on_page:
        return False
    return _aligned(previous.grid.xs, table.grid.xs)


def _joined_header(top: _PageTable, table: _PageTable) -> tuple[list[str], int]:
    """The header paths of a table whose first page prints only the top of its header (`收入 | 支出`
    at the foot of a page) and whose next page, on finer columns, the rest (`项目名称 | 金额 | …`):
    each fine column under the top cell above it. Returns the paths and the next page's header rows."""
    header_rows = _header_rows(table.texts)
    own = _header_paths(table.grid, table.texts, header_rows)
    paths = []
    for c, label in enumerate(own):
        middle = (table.grid.xs[c] + table.grid.xs[c + 1]) / 2
        labels: list[str] = []
        for r in range(len(top.texts)):
            cell = top.grid.cells[top.grid.owner[r][top.grid.slot(middle, (top.grid.ys[r] + top.grid.ys[r + 1]) / 2)[1]]]
            text = compact(top.texts[cell.row][cell.col])
            if text and (not labels or labels[-1] != text):
                labels.append(text)
        paths.append("/".join([*labels, label] if label else labels))
    return paths, header_rows


def _remap(texts: list[list[str]], source: list[float], target: list[float]) -> list[list[str]]:
    """Cells of a grid laid out on another grid's columns (by each cell's left edge)."""
    if len(source) == len(target):
        return texts
    columns = [min(max(bisect_right(target, x + SETTINGS.continuation_tolerance) - 1, 0), len(target) - 2) for x in source[:-1]]
    out = []
    for row in texts:
        cells = [""] * (len(target) - 1)
        for col, text in zip(columns, row, strict=True):
            cells[col] = (cells[col] + text) if cells[col] else text
        out.append(cells)
    return out


def _open_rows(table: _PageTable, xs: list[float]) -> list[PrintedRow]:
    """Lines printed just above a continuation grid, inside its columns, with no rule of their own:
    the first row of the page when the rule between it and the previous page was not repeated."""
    rows = []
    for p in table.above:
        if p.line.page != table.page or not p.chars:
            continue
        inside = all(
            xs[0] - SETTINGS.continuation_tolerance <= c["x0"] and c["x1"] <= xs[-1] + SETTINGS.continuation_tolerance for c in p.chars
        )
        cells = [clean_cell(c) for c in split_by_columns(p.chars, xs)]
        if inside and sum(1 for c in cells if c) >= 2:
            rows.append(PrintedRow(p.line.number, cells, " | ".join(cells), p.line.page))
    return rows


def _rows(table: _PageTable, start: int, texts: list[list[str]] | None = None) -> list[PrintedRow]:
    pairs = zip(table.numbers[start:], (texts or table.texts)[start:], strict=True)
    return [PrintedRow(n, cells, " | ".join(cells), table.page) for n, cells in pairs]


def _repeated_header(texts: list[list[str]], header: list[list[str]]) -> int:
    """How many leading rows of a continuation repeat the table's header rows."""
    n = 0
    while n < min(len(header), len(texts)) and [compact(c) for c in texts[n]] == [compact(c) for c in header[n]]:
        n += 1
    return n


def _stitch(pages: PageScan, issues: list[Issue]) -> list[PrintedTable]:
    printed: list[PrintedTable] = []
    previous: _PageTable | None = None
    header: list[list[str]] = []
    reference: list[float] = []  # the column lines of the table being continued
    for table in pages.tables:
        title, unit, unit_line = _title(table.above)
        if title is None and printed and previous is not None and _continues(previous, table):
            if len(printed[-1].rows) == 1 and len(table.grid.xs) > len(reference):  # the page before held its header's top only
                paths, header_rows = _joined_header(previous, table)
                header, reference = table.texts[:header_rows], table.grid.xs
                head = printed[-1].rows[0]
                printed[-1].rows[0] = PrintedRow(head.line, paths, head.raw + " / " + " / ".join(" | ".join(r) for r in header), head.page)
                printed[-1].header_paths = paths
                printed[-1].rows.extend(_rows(table, header_rows))
                previous = table
                continue
            texts = _remap(table.texts, table.grid.xs, reference)
            repeated = _repeated_header(texts, header)
            printed[-1].rows.extend(_open_rows(table, reference) + _rows(table, repeated, texts))
            previous = table
            continue
        first_row = table.numbers[0]
        if title is None:
            message = f"a ruled table on page {table.page} has no title above it and continues no table: landed under an empty title"
            issues.append(Issue("untitled_table", message, line=first_row, page=table.page))
        header_rows = _header_rows(table.texts)
        header, reference = table.texts[:header_rows], table.grid.xs
        paths = _header_paths(table.grid, table.texts, header_rows)
        head = PrintedRow(first_row, paths, " / ".join(" | ".join(r) for r in header), table.page)
        printed.append(
            PrintedTable(
                title=title.text if title else "",
                title_line=title.number if title else None,
                rows=[head, *_rows(table, header_rows)],
                unit=unit,
                unit_line=unit_line,
                page=title.page if title and title.page else table.page,
                header_paths=paths,
            )
        )
        previous = table
    return printed
