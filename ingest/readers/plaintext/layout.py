"""Pages, prose and table segments of the plain layout-text form.

One PDF text line per line; a line that starts with a space opens a new page, and `- 7 -`
lines are page-number footers (page markers, not content). A table starts at its title
(`预算 05 表` + a title line, or a title line alone) and runs to the next table's title, the
next part of the document (`第二部分`), or, in a table of figures, the running text after it.

This module finds pages, tables, titles, units and notes; rows.py rebuilds the rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.model import SourceLine
from ingest.settings import SETTINGS
from ingest.tables.kinds import FAMILY, UNKNOWN, classify, is_title, title_wording
from ingest.text import UNIT, compact

_PAGE_FOOTER = re.compile(r"^\s*[-－—]\s*\d+\s*[-－—]\s*$")
_PAGE_NUMBER = re.compile(r"^\s*[-－—]?\s*[1-9]\d?\s*[-－—]?\s*$")  # `15`, `- 7 -` (a code piece starts with 0: `05`)
_TABLE_NUMBER = re.compile(r"^(预算|公开|决算)\s*\d+\s*表$")
_NUMBERED_TITLE = re.compile(r"^(预算|公开|决算)\s*\d+\s*表[:：]")  # `公开 09 表：…` before the title
_NOTE = re.compile(r"^(注|备注|说明|附注)\s*[:：0-9]")
# a part of the document (`第一部分`, `# 第二部分 …`): it ends any table before it
_FIGURE_OR_CODE = re.compile(r"\d\.\d|^\s*\d{3,}\s")  # a figure (`91.60`) or a leading code (`30299 …`)
_PART = re.compile(r"^#*\s*第[一二三四五六七八九十]+部分")


@dataclass
class TextTable:
    """A table of the plain form before its rows are rebuilt."""

    title: str
    title_line: int
    page: int | None
    unit: str | None = None
    unit_line: int | None = None
    body: list[SourceLine] = field(default_factory=list)
    notes: list[SourceLine] = field(default_factory=list)


def page_lines(text: str) -> list[SourceLine]:
    """Numbered non-blank lines with their page; page markers are used, not kept as content."""
    if "\f" in text:
        return _form_fed_lines(text)
    lines: list[SourceLine] = []
    page = 1
    after_footer = False
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        if _PAGE_FOOTER.match(raw):  # `- 7 -` closes a page
            page, after_footer = page + 1, True
            continue
        if raw.startswith(" ") and lines and not after_footer:  # a page's first line starts with a space
            page += 1
        after_footer = False
        lines.append(SourceLine(number, raw.strip(), page, len(raw) - len(raw.lstrip())))
    return lines


def _form_fed_lines(text: str) -> list[SourceLine]:
    """A dump that ends each page with a form feed (`pdftotext`): the pages are those; a page
    number alone (`15`, `- 7 -`) among a page's last lines is a page marker, not content."""
    lines: list[SourceLine] = []
    page_start = 0
    page = 1
    for number, raw_line in enumerate(text.splitlines(keepends=True), start=1):
        raw = raw_line.rstrip("\r\n\f\v\x1c\x1d\x1e\x85\u2028\u2029")
        if raw.strip():
            lines.append(SourceLine(number, raw.strip(), page, len(raw) - len(raw.lstrip())))
        if raw_line.endswith("\f"):
            last = range(max(page_start, len(lines) - SETTINGS.page_number_last_lines), len(lines))
            numbers = [k for k in last if _PAGE_NUMBER.match(lines[k].text)]
            if numbers:  # the page number among the page's last lines (a cell may follow it)
                del lines[numbers[-1]]
            page_start, page = len(lines), page + 1
    return lines


def _is_title(text: str, after_number: bool = False) -> bool:
    """A line naming a known table (ingest.tables.kinds.is_title), or any short line naming a known
    kind under a `预算 12 表` line. Only known kinds start a segment: this form has no rules to
    tell a table from prose."""
    if classify(text) == UNKNOWN:
        return False
    return is_title(text) or (after_number and len(title_wording(text)) <= SETTINGS.max_title_length)


def segment(lines: list[SourceLine]) -> tuple[list[SourceLine], list[TextTable]]:
    """Split a document into prose lines and table segments."""
    prose: list[SourceLine] = []
    tables: list[TextTable] = []
    open_table = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if _PART.match(compact(line.text)):
            open_table = False
        numbered = _TABLE_NUMBER.match(compact(line.text)) is not None
        title_at = i + 1 if numbered and i + 1 < len(lines) and _is_title(lines[i + 1].text, after_number=True) else i
        if (numbered and title_at != i) or _is_title(line.text):
            title = lines[title_at]
            tables.append(TextTable(title=title.text, title_line=title.number, page=title.page))
            open_table = True
            i = title_at + 1
            continue
        if _wraps_title(lines, i):  # `“三公”经费、会议费、培训费支出预算` / `表`
            tables.append(TextTable(title=line.text + lines[i + 1].text, title_line=line.number, page=line.page))
            open_table = True
            i += 2
            continue
        if numbered:  # a table number with no recognisable title under it
            i += 1
            continue
        if open_table and tables[-1].body and _ends_figures_table(tables[-1], line.text):
            open_table = False
        if open_table:
            _add_to_table(tables[-1], line)
        else:
            prose.append(line)
        i += 1
    # a title with nothing under it before the next one (no unit, row or note) is an entry of a
    # contents page (`一、部门收支预算表` / `二、部门收入预算表` …), not a table
    return prose, [t for t in tables if t.body or t.unit or t.notes]


def _wraps_title(lines: list[SourceLine], i: int) -> bool:
    """A title wrapped over two lines, neither a title alone nor a table number, and no row of
    figures or codes (`…培训费支出预算` / `表`); after its table number the second line may read
    as a title alone (`公开 09 表：…“三公”经费、会议费、培训费` / `支出预算表`)."""
    if i + 1 >= len(lines) or _TABLE_NUMBER.match(compact(lines[i + 1].text)):
        return False
    if _is_title(lines[i + 1].text) and not _NUMBERED_TITLE.match(compact(lines[i].text)):
        return False
    if any(_FIGURE_OR_CODE.search(ln.text) for ln in lines[i : i + 2]):
        return False
    return _is_title(lines[i].text + lines[i + 1].text)


# the families whose rows are codes, names and figures: running text is never one of their cells
_FIGURE_FAMILIES = frozenset({"function", "economic", "three_public", "summary", "project"})


def _ends_figures_table(table: TextTable, text: str) -> bool:
    """Running text (a sentence: `。`, or a long line with `，`) after a table of figures has begun is
    the prose that follows it (`2025年“三公”经费预算数为1.00万元，…。`), not a row."""
    if FAMILY.get(classify(table.title), "text") not in _FIGURE_FAMILIES or table.notes or _NOTE.match(compact(text)):
        return False  # a note runs on over its lines
    return "。" in text or (len(compact(text)) > SETTINGS.max_title_length and "，" in text)


def _add_to_table(table: TextTable, line: SourceLine) -> None:
    text = compact(line.text)
    if table.notes or _NOTE.match(text):
        table.notes.append(line)
        return
    unit = UNIT.search(text)
    if unit and table.unit is None and not table.body:
        table.unit, table.unit_line = unit.group(1), line.number
        return
    if not table.body and text.startswith(("部门名称", "单位名称")):
        return
    table.body.append(line)
