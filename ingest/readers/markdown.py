"""Reader for the Markdown form: headings and prose lines, tables as tab-separated rows.

What this form really contains (see the samples): `#` headings or plain title lines; HTML
remnants (`<b>`, `<p>`, `<sup>`, `<br>`); blank lines inside a table (page breaks); ragged
rows; a unit line split over two lines (`单位：` / `万元`); notes after a table.
"""

from __future__ import annotations

import re
from pathlib import Path

from ingest.model import PrintedRow, PrintedTable, SourceLine
from ingest.readers import ReaderResult, decode_text
from ingest.settings import SETTINGS
from ingest.tables.kinds import find_title
from ingest.text import UNIT, clean_cell, compact, strip_markup

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_NOTE = re.compile(r"^(注|备注|说明|附注)\s*[:：0-9１-９]")
# Lines between a title and its table that describe it rather than name it.
_CONTEXT_ONLY = re.compile(
    r"^(部门|单位|部门\(单位\)|部门\（单位\）)?(名称)\s*[:：]"
    r"|^(金额)?单位\s*[:：]"
    r"|^单位名称$"
    r"|^[(（]?\d{4}年度?[)）]?$"
    r"|^(预算|公开|决算)?\d+表$"
    r"|^万元$|^元$"
)


def read(path: Path, data: bytes) -> ReaderResult:
    text = decode_text(path, data)
    lines = [SourceLine(number=i, text=raw) for i, raw in enumerate(text.splitlines(), start=1)]
    blocks = _table_blocks(lines)
    tables = [_printed_table(lines, start, end, blocks[k - 1][1] if k else 0) for k, (start, end) in enumerate(blocks)]
    _attach_notes(lines, blocks, tables)
    prose = [SourceLine(ln.number, clean_line(ln.text)) for ln in lines if "\t" not in ln.text]
    return ReaderResult(lines=prose, tables=tables)


def clean_line(text: str) -> str:
    return _HEADING.sub("", strip_markup(text)).strip()


def _is_table_line(line: SourceLine) -> bool:
    return "\t" in line.text


def _table_blocks(lines: list[SourceLine]) -> list[tuple[int, int]]:
    """Index ranges [start, end) of runs of tab-separated lines; blank lines may sit inside."""
    blocks: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if not _is_table_line(lines[i]):
            i += 1
            continue
        start = end = i
        j = i
        while j < len(lines):
            if _is_table_line(lines[j]):
                end = j + 1
            elif lines[j].text.strip():
                break
            j += 1
        blocks.append((start, end))
        i = end
    return blocks


def _printed_table(lines: list[SourceLine], start: int, end: int, floor: int) -> PrintedTable:
    context = _context_before(lines, start, floor)
    title_line = _pick_title(context)
    after_title = [ln for ln in context if title_line is None or ln.number > title_line.number]
    unit, unit_line = _find_unit(sorted(after_title, key=lambda ln: ln.number))
    rows = [
        PrintedRow(line=ln.number, cells=[clean_cell(c) for c in ln.text.split("\t")], raw=ln.text)
        for ln in lines[start:end]
        if ln.text.strip()
    ]
    return PrintedTable(
        title=clean_line(title_line.text) if title_line else "",
        title_line=title_line.number if title_line else None,
        rows=rows,
        unit=unit,
        unit_line=unit_line,
    )


def _context_before(lines: list[SourceLine], start: int, floor: int) -> list[SourceLine]:
    """Non-empty lines just above a table, nearest first, not reaching into the previous table."""
    found: list[SourceLine] = []
    i = start - 1
    while i >= floor and len(found) < SETTINGS.markdown_context_lines:
        if lines[i].text.strip():
            if _NOTE.match(clean_line(lines[i].text)):
                break
            found.append(lines[i])
        i -= 1
    return found


def _pick_title(context: list[SourceLine]) -> SourceLine | None:
    """The title above the table as the one detector finds it (ingest.tables.kinds.find_title: the
    nearest line naming a table, a title wrapped over two lines joined), else the nearest line."""
    candidates = [ln for ln in context if not _CONTEXT_ONLY.match(compact(clean_line(ln.text)))]
    in_order = candidates[::-1]
    found = find_title([clean_line(ln.text) for ln in in_order])
    if found is None:
        return candidates[0] if candidates else None
    first, last = found
    return SourceLine(in_order[first].number, "".join(clean_line(ln.text) for ln in in_order[first : last + 1]))


def _find_unit(context: list[SourceLine]) -> tuple[str | None, int | None]:
    """The unit printed above a table; `单位：` and `万元` may be on two lines."""
    joined = ""
    starts: list[tuple[int, int]] = []
    for ln in context:
        starts.append((len(joined), ln.number))
        joined += compact(clean_line(ln.text))
    match = UNIT.search(joined)
    if not match:
        return None, None
    line_no = max(n for pos, n in starts if pos <= match.start())
    return match.group(1), line_no


def _attach_notes(lines: list[SourceLine], blocks: list[tuple[int, int]], tables: list[PrintedTable]) -> None:
    """Lines after a table starting with 注/备注/说明 belong to it (e.g. "故本表无数据")."""
    for k, (_, end) in enumerate(blocks):
        stop = blocks[k + 1][0] if k + 1 < len(blocks) else len(lines)
        for ln in lines[end:stop]:
            text = clean_line(ln.text)
            if not text:
                continue
            if not _NOTE.match(text):
                break
            tables[k].notes.append(SourceLine(ln.number, text))
