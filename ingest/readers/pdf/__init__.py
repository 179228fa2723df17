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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
from pdfplumber.utils.exceptions import PdfminerException

from ingest.model import Issue, PrintedRow, PrintedTable, SourceLine
from ingest.readers import ReaderResult, UnreadableDocument
from ingest.readers.pdf.grid import Grid, Obj, assign_chars, find_grids, text_lines
from ingest.tables.header import is_data_row
from ingest.tables.kinds import UNKNOWN, classify
from ingest.text import UNIT, clean_cell, compact, normalise_radicals

PASSWORD_VARIABLE = "FISCAL_PDF_PASSWORD"
MAX_TITLE_LENGTH = 40
_CID = re.compile(r"^\(cid:\d+\)$")
# Kangxi radicals and CJK radicals supplement (`⼀` for `一`) from bad ToUnicode maps
_RADICALS = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf]")


@dataclass
class _PageTable:
    page: int
    grid: Grid
    above: list[SourceLine]  # prose lines between the previous table (or the page top) and this one
    texts: list[list[str]]  # each grid row's cells
    numbers: list[int]  # each grid row's line number


@dataclass
class PageScan:
    lines: list[SourceLine] = field(default_factory=list)
    tables: list[_PageTable] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    scanned: list[int] = field(default_factory=list)
    unreadable_chars: int = 0
    chars: int = 0
    counter: int = 0

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
        issues.append(Issue("scanned_page", "error", f"no text layer on page(s) {shown} (scanned images): needs OCR, not read"))
    if pages.unreadable_chars:
        message = f"{pages.unreadable_chars} characters have no Unicode mapping ((cid:N)): left out of the text, not guessed"
        issues.append(Issue("unreadable_text", "warning", message))
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
    grids = find_grids(page.edges)
    prose = assign_chars(grids, chars)
    items: list[tuple[float, SourceLine | Grid]] = [(top, SourceLine(0, text.strip(), page_no)) for top, text in text_lines(prose)]
    items += [(g.ys[0], g) for g in grids]
    above: list[SourceLine] = []
    for _, item in sorted(items, key=lambda it: it[0]):
        if isinstance(item, Grid):
            texts = _cell_texts(item)
            for cell in item.cells:
                cell.chars = []  # read: keep memory flat over long documents
            out.tables.append(_PageTable(page_no, item, above, texts, [out.number() for _ in texts]))
            above = []
            continue
        line = SourceLine(out.number(), item.text, page_no)
        out.lines.append(line)
        above.append(line)


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
    for r, row in enumerate(texts):
        if is_data_row(row):
            return r
    return 0


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


def _title(above: list[SourceLine]) -> tuple[SourceLine | None, str | None, int | None]:
    title = next((ln for ln in reversed(above) if _is_title(ln.text)), None)
    unit, unit_line = None, None
    for ln in above:
        match = UNIT.search(ln.text)
        if match and (title is None or ln.number > title.number):
            unit, unit_line = match.group(1), ln.number
    return title, unit, unit_line


def _is_title(text: str) -> bool:
    wording = compact(text)
    return len(wording) <= MAX_TITLE_LENGTH and wording.endswith("表") and classify(wording) != UNKNOWN


def _continues(previous: _PageTable | None, table: _PageTable) -> bool:
    """A titleless table at the top of the next page whose columns line up with the last one."""
    if previous is None or table.page != previous.page + 1:
        return False
    a, b = previous.grid.xs, table.grid.xs
    return len(a) == len(b) and all(abs(x - y) <= 2 for x, y in zip(a, b, strict=True))


def _rows(table: _PageTable, start: int) -> list[PrintedRow]:
    pairs = zip(table.numbers[start:], table.texts[start:], strict=True)
    return [PrintedRow(n, cells, " | ".join(cells), table.page) for n, cells in pairs]


def _stitch(pages: PageScan, issues: list[Issue]) -> list[PrintedTable]:
    printed: list[PrintedTable] = []
    previous: _PageTable | None = None
    header: list[list[str]] = []
    for table in pages.tables:
        texts, numbers = table.texts, table.numbers
        title, unit, unit_line = _title(table.above)
        first_row = numbers[0]
        header_rows = _header_rows(texts)
        if title is None and printed and _continues(previous, table):
            repeated = texts[:header_rows] == header
            body = texts[header_rows:] if repeated else texts
            printed[-1].rows.extend(_rows(table, len(texts) - len(body)))
            previous = table
            continue
        if title is None:
            message = f"a ruled table on page {table.page} has no title above it and continues no table: landed under an empty title"
            issues.append(Issue("untitled_table", "warning", message, line=first_row, page=table.page))
        header = texts[:header_rows]
        paths = _header_paths(table.grid, texts, header_rows)
        head = PrintedRow(first_row, paths, " / ".join(" | ".join(r) for r in header), table.page)
        rows = _rows(table, header_rows)
        printed.append(
            PrintedTable(
                title=title.text if title else "",
                title_line=title.number if title else None,
                rows=[head, *rows],
                unit=unit,
                unit_line=unit_line,
                page=table.page,
                header_paths=paths,
            )
        )
        previous = table
    return printed
