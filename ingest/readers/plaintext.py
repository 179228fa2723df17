"""The plain layout-text form (what a PDF text dump gives): pages, prose and table segments.

One PDF text line per line; a line that starts with a space opens a new page, and `- 7 -`
lines are page-number footers (page markers, not content). A table starts at its title
(`预算 05 表` + a title line, or a title line alone) and runs to the next table's title.

This module finds pages, tables, titles, units and notes. Rebuilding wrapped rows and placing
their figures (ingest.tables.assign) is the next step; until it lands the form is not
registered as readable (see ingest.readers.get_reader).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.model import SourceLine
from ingest.tables.assign import Schema
from ingest.tables.kinds import UNKNOWN, classify
from ingest.text import compact

_PAGE_FOOTER = re.compile(r"^\s*[-－—]\s*\d+\s*[-－—]\s*$")
_TABLE_NUMBER = re.compile(r"^(预算|公开|决算)\s*\d+\s*表$")
_UNIT = re.compile(r"(?:金额)?单位\s*[:：]\s*(万元|千元|元)")
_NOTE = re.compile(r"^(注|备注|说明|附注)\s*[:：0-9]")
MAX_TITLE_LENGTH = 40


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
        lines.append(SourceLine(number, raw.strip(), page))
    return lines


def _is_title(text: str, after_number: bool = False) -> bool:
    """A short line naming a known table: ending in 表, or anything under a `预算 12 表` line."""
    wording = compact(text)
    return len(wording) <= MAX_TITLE_LENGTH and (after_number or wording.endswith("表")) and classify(wording) != UNKNOWN


def segment(lines: list[SourceLine]) -> tuple[list[SourceLine], list[TextTable]]:
    """Split a document into prose lines and table segments."""
    prose: list[SourceLine] = []
    tables: list[TextTable] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        numbered = _TABLE_NUMBER.match(compact(line.text)) is not None
        title_at = i + 1 if numbered and i + 1 < len(lines) and _is_title(lines[i + 1].text, after_number=True) else i
        if (numbered and title_at != i) or _is_title(line.text):
            title = lines[title_at]
            tables.append(TextTable(title=title.text, title_line=title.number, page=title.page))
            i = title_at + 1
            continue
        if numbered:  # a table number with no recognisable title under it
            i += 1
            continue
        if tables:
            _add_to_table(tables[-1], line)
        else:
            prose.append(line)
        i += 1
    return prose, tables


def _add_to_table(table: TextTable, line: SourceLine) -> None:
    text = compact(line.text)
    if table.notes or _NOTE.match(text):
        table.notes.append(line)
        return
    unit = _UNIT.search(text)
    if unit and table.unit is None and not table.body:
        table.unit, table.unit_line = unit.group(1), line.number
        return
    if not table.body and text.startswith(("部门名称", "单位名称")):
        return
    table.body.append(line)


_NUMBER_TOKEN = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+$")
_FUNCTION_CODE = re.compile(r"^(\d{3})(?:\s+(\d{2}))?(?:\s+(\d{2}))?(?=\s|$)")
_UNIT_CODE = re.compile(r"^\d{3}(?:\d{3})?$")
_TOTAL_START = re.compile(r"^(合计|总计)(?=\s|$)")


@dataclass
class TextRow:
    """One table row rebuilt from the lines it was wrapped over."""

    lines: list[SourceLine]
    code_parts: list[str]
    label: str
    numbers: list[str]

    @property
    def line(self) -> int:
        return self.lines[0].number


def _starts_row(text: str) -> bool:
    return bool(_FUNCTION_CODE.match(text) or _UNIT_CODE.match(text) or _TOTAL_START.match(text))


def function_rows(body: list[SourceLine]) -> tuple[list[SourceLine], list[TextRow]]:
    """Header lines, then rows of a table keyed by 类/款/项 codes (支出表, 一般公共预算支出表).

    A row opens at a line starting with a code (`201 03 01`, `2080505`), a unit code (`512`)
    or 合计; the lines up to the next opening carry the rest of its name and its figures
    (000: `208 05 05` / `机关事业单位基本养老保` / `险缴费支出` / `7.72 7.72 7.72`).
    """
    first = next((i for i, ln in enumerate(body) if _starts_row(ln.text) and _has_figures_or_code(body, i)), len(body))
    header = body[:first]
    rows: list[TextRow] = []
    for line in body[first:]:
        if _starts_row(line.text) or not rows:
            rows.append(TextRow([line], [], "", []))
        else:
            rows[-1].lines.append(line)
    for row in rows:
        _fill(row)
    return header, rows


def _has_figures_or_code(body: list[SourceLine], i: int) -> bool:
    text = body[i].text
    if _TOTAL_START.match(text):
        return any(_NUMBER_TOKEN.match(t) for t in text.split())
    return True


def _fill(row: TextRow) -> None:
    first = row.lines[0].text
    code = _FUNCTION_CODE.match(first)
    rest = first
    if code:
        row.code_parts = [p for p in code.groups() if p]
        rest = first[code.end() :]
    tokens = [t for ln in [rest, *(x.text for x in row.lines[1:])] for t in ln.split()]
    row.numbers = [t for t in tokens if _NUMBER_TOKEN.match(t)]
    row.label = "".join(t for t in tokens if not _NUMBER_TOKEN.match(t))


# Leaf columns of a 类/款/项 table, by the labels its header prints (wrapped or not).
_FUNCTION_LEAVES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    # (field, group, labels)
    ("amount_total", "", ("合计", "总计")),
    ("amount_basic", "", ("基本支出",)),
    ("amount_wages_benefits", "basic", ("工资福利支出",)),
    ("amount_household_transfers", "basic", ("对个人和家庭的补助",)),
    ("amount_goods_services", "basic", ("商品和服务支出",)),
    ("amount_capital", "basic", ("资本性支出",)),
    ("amount_project", "", ("项目支出",)),
    ("project_operating", "project", ("其他运转类", "运转类项目")),
    ("project_specific", "project", ("特定目标类",)),
    ("project_general", "project", ("一般性项目",)),
    ("project_special", "project", ("专项项目", "专项资金")),
    ("project_other", "project", ("其他各项支出",)),
    ("project_personnel", "project", ("人员类项目",)),
)


def function_schema(header: list[SourceLine]) -> Schema:
    """The amount columns a 类/款/项 table's header names, in printed order, with its identities.

    Header labels wrap (`工资福利` / `支出`), so they are found in the header's text with line
    breaks and spaces removed; sub-columns keep the order in which the header prints them.
    """
    text = compact("".join(ln.text for ln in header))
    present = []
    for name, group, labels in _FUNCTION_LEAVES:
        positions = [text.find(label) for label in labels if label in text]
        if positions:
            present.append((name, group, min(positions)))
    tops = [name for name, group, _ in present if not group]
    basic = sorted((p for p in present if p[1] == "basic"), key=lambda p: p[2])
    project = sorted((p for p in present if p[1] == "project"), key=lambda p: p[2])
    columns = tuple(
        [n for n in tops if n != "amount_project"]
        + [n for n, _, _ in basic]
        + (["amount_project"] if "amount_project" in tops else [])
        + [n for n, _, _ in project]
    )
    identities = [
        ("amount_total", ("amount_basic", "amount_project")),
        ("amount_basic", tuple(n for n, _, _ in basic)),
        ("amount_project", tuple(n for n, _, _ in project)),
    ]
    return Schema(columns, tuple(identities))
