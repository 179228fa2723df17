"""Tables printed without cell separators (a plain layout dump): their cells rebuilt and their
figures placed, in the interpretation stage every form shares, before the table parsers.

Blank cells are simply gone from such a dump, so for each table (its kind already decided):

1. its rows are rebuilt from the lines they were wrapped over (rows.py: two dump styles) and
   cut into text cells and figures by the table's family (tables.py);
2. the figures are placed in their columns by the document's arithmetic (ingest.tables.assign):
   economic and project tables first, so that their totals constrain the 类/款/项 tables;
3. the table goes on to the standard parsers with cells under header paths
   (`PrintedTable.header_paths`), exactly like a ruled table.

Rows whose figures cannot be placed land with their raw text and an issue with the reason.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from ingest.model import Issue, PrintedTable, SourceLine
from ingest.tables.header import header_groups
from ingest.tables.kinds import FAMILY
from ingest.tables.unruled.catalog import economic_class_columns, funding_columns
from ingest.tables.unruled.columns import header_labels
from ingest.tables.unruled.model import PlainRow, PlainTable, exact, row_code
from ingest.tables.unruled.placement import place
from ingest.tables.unruled.rows import CLASSIFICATION_CODES, figures_in_turn, is_amount, one_cell_per_line, split_rows
from ingest.tables.unruled.summary import summary_table
from ingest.tables.unruled.tables import (
    GOV_ECONOMIC_PREFIX,
    UNIT_CODES,
    economic_table,
    function_table,
    project_table,
    text_table,
    three_public_table,
)
from ingest.text import ENUMERATOR, SUBTOTAL_WORDS

PLACEMENT_ORDER = {"economic": 0, "project": 1, "three_public": 2, "function": 3}


def place_unruled(printed: list[PrintedTable], kinds: list[str]) -> tuple[list[PrintedTable], list[Issue]]:
    """The document's tables with the unseparated ones cut into cells; issues about those rows.

    A document's tables all come from one reader: either none of them needs this, or all do.
    """
    if all(t.separated for t in printed):
        return printed, []
    tables = [_build(t, kind) for t, kind in zip(printed, kinds, strict=True)]
    issues: list[Issue] = []
    order = sorted(range(len(tables)), key=lambda k: PLACEMENT_ORDER.get(tables[k].family, 9))
    for k in order:
        table = tables[k]
        if table.family in PLACEMENT_ORDER:  # projects: by row identities first (their 合计 is all that is needed here)
            # side-by-side blocks: each its own total, so no column totals over the table
            place(table, k, _known_totals(table, tables), joint=table.family != "project" and table.blocks == 1)
    for k, table in enumerate(tables):  # projects again, now that the 类/款/项 tables are placed
        if table.family == "project":
            place(table, k, _project_funding(table, tables))
    placed = []
    for k, (source, table) in enumerate(zip(printed, tables, strict=True)):
        placed.append(replace(source, rows=table.printed_rows(), header_paths=table.header_paths, separated=True))
        issues += [_table_no(i, k) for i in table.issues] + _row_issues(table, k)
        if table.columns.leftover and table.family not in ("text", "performance", "overall_performance", "summary"):
            message = f"header text not understood: '{table.columns.leftover}'"
            issues.append(Issue("unrecognised_header", message, source.title_line, k))
        if table.columns.layout:
            message = (
                f"the header's labels are printed out of their columns' order: read as the known layout "
                f"'{table.columns.layout}' (catalog/known_headers.csv), its arithmetic placing the figures"
            )
            issues.append(Issue("header_by_known_layout", message, source.title_line, k))
    return placed, issues


def _build(printed: PrintedTable, kind: str) -> PlainTable:
    table = _read(printed, kind)
    lines = [ln for row in table.rows for ln in row.source.lines]
    if one_cell_per_line(lines) and not (_coded_single_column(table) or (table.family == "project" and figures_in_turn(lines))):
        _unread(table)  # one cell per line: read only where each row is certain
    return table


def _read(printed: PrintedTable, kind: str) -> PlainTable:
    family = FAMILY.get(kind, "text")
    lines = [SourceLine(row.line, row.raw, row.page, row.indent) for row in printed.rows]
    both = family == "economic" and "政府" in "".join(ln.text for ln in lines[:12])
    slots = ("", GOV_ECONOMIC_PREFIX) if both else ("",)
    body = split_rows(lines, slots, UNIT_CODES if family == "project" else CLASSIFICATION_CODES)
    if family == "function":
        return function_table(kind, body)
    if family == "economic":
        return economic_table(kind, body)
    if family == "project":
        return project_table(kind, body, _project_types())
    if family == "three_public":
        return three_public_table(kind, body)
    if family == "summary":
        return summary_table(kind, body)
    return text_table(kind, body)


def _coded_single_column(table: PlainTable) -> bool:
    """A coded table of one amount column, which a dump printing one cell per line may print
    row by row (`204` / `公共安全支出` / `26,200.88`) — where its own arithmetic confirms it: every
    row one figure, every 类/款 row the sum of the lines under it, the 合计 the sum of the 类 rows."""
    if table.family not in ("function", "economic") or len(table.columns.paths) != 1 or table.blocks != 1:
        return False
    rows = [r for r in table.rows if r.numbers]
    if not rows or any(len(r.numbers) != 1 or r.role not in ("detail", "subtotal", "total") for r in rows):
        return False
    coded = {code: exact(r.numbers[0]) for r in rows if (code := row_code(table.family, r))}
    details = {code: v for code, v in coded.items() if any(r.role == "detail" and row_code(table.family, r) == code for r in rows)}
    for code, value in coded.items():
        under = [v for c, v in details.items() if c != code and c.startswith(code)]
        if under and sum(under, Decimal(0)) != value:
            return False
    tops = [v for code, v in coded.items() if not any(code != c and code.startswith(c) for c in coded)]
    return all(sum(tops, Decimal(0)) == exact(r.numbers[0]) for r in rows if r.role == "total")


_CELL_PER_LINE = (
    "the dump prints this table one cell per line (`pdftotext` without -layout), its columns one after another:"
    " which row and column a figure belongs to is not known, figures not placed"
)


def _unread(table: PlainTable) -> None:
    """No figure of the table is placed; each row with figures says why."""
    for row in table.rows:
        if row.numbers or (table.family == "summary" and any(is_amount(t) for t in row.source.tokens)):
            row.unplaceable = row.reason = _CELL_PER_LINE
            row.numbers = [] if table.family == "summary" else row.numbers
        if table.family == "summary":
            row.texts = [text if not is_amount(text) else "" for text in row.texts]


def _project_types() -> list[str]:
    """Project types are the sub-columns of 项目支出 in the header grammar (catalog/header_groups.csv)."""
    return sorted(c for c in header_groups().get("项目支出", set()) if c not in SUBTOTAL_WORDS)


def _table_no(issue: Issue, k: int) -> Issue:
    return Issue(issue.rule_id, issue.message, issue.line, k, issue.row_no, issue.page)


def _row_issues(table: PlainTable, k: int) -> list[Issue]:
    issues = []
    for row_no, rows in table.numbered():
        for row in rows:
            if row.reason:
                issues.append(Issue("figures_not_placed", row.reason, row.source.line, k, row_no, row.source.page))
            if row.text_issue:
                issues.append(Issue("cell_text_not_placed", row.text_issue, row.source.line, k, row_no, row.source.page))
    return issues


def _known_totals(table: PlainTable, tables: list[PlainTable]) -> dict[str, Decimal]:
    """Column totals of a 类/款/项 table that the document's other tables state.

    - the 基本支出表: Σ of its 301xx lines is the 工资福利支出 column, 302xx 商品和服务支出, …;
    - the 项目支出表: Σ of its projects of a type is that type's 项目支出 sub-column;
    - the 收支总表: each income line (`一、财政拨款收入 371,514,655.00`, `二、事业收入` left
      blank) is the 收入表's column of that source.
    The placement drops them (and says so) when they do not fit the table's own totals.
    """
    if table.family != "function":
        return {}
    known: dict[str, Decimal] = _income_sources(table, tables) if table.kind == "income" else {}
    basic = next((t for t in tables if t.kind == "basic_expenditure"), None)
    if basic is not None:
        known.update(_class_sums(basic, table.columns.paths))
    projects = next((t for t in tables if t.family == "project"), None)
    if projects is not None:
        known.update(_type_sums(projects, table.columns.paths))
    return known


def _income_sources(income: PlainTable, tables: list[PlainTable]) -> dict[str, Decimal]:
    """The 收入表's source columns the 收支总表 states: its income line of the same name (after the
    enumerator), where the income side prints one amount per line; a line printed without one
    says the column is empty (0)."""
    summary = next((t for t in tables if t.kind == "summary"), None)
    if summary is None or sum(1 for p in summary.text_paths if p.startswith("收入/金额")) != 1:
        return {}  # no 收支总表, or its income side has more than one amount column
    stated: dict[str, str] = {}
    for row in summary.rows:
        if row.reason is None:  # a line whose figures were left out states nothing
            stated.setdefault(ENUMERATOR.sub("", row.texts[0]), row.texts[1])
    return {path: exact(stated[path]) if stated[path] else Decimal(0) for path in income.columns.paths if path in stated}


def _project_funding(projects: PlainTable, tables: list[PlainTable]) -> dict[str, Decimal]:
    """The 项目支出表's 本年拨款 columns: each equals the 项目支出 total of its fund's 支出表
    (0 when that table is printed empty)."""
    known: dict[str, Decimal] = {}
    for kind, label in funding_columns().items():
        source = next((t for t in tables if t.kind == kind), None)
        target = next((p for p in projects.columns.paths if p.rsplit("/", 1)[-1] == label and p.count("/") <= 1), None)
        if source is None or target is None or target.startswith("财政拨款结转"):
            continue
        if not any(r.numbers for r in source.rows):
            known[target] = Decimal(0)
            continue
        project_total = next((p for p in source.columns.paths if p == "项目支出" or p in {f"项目支出/{w}" for w in SUBTOTAL_WORDS}), None)
        value = source.column_total(project_total) if project_total else None
        if value is not None:
            known[target] = value
    return known


def _amount_column(table: PlainTable) -> str | None:
    return table.columns.paths[0] if table.columns.paths else None


def _class_sums(basic: PlainTable, paths: list[str]) -> dict[str, Decimal]:
    first = _amount_column(basic)
    details = basic.detail_rows()
    if first is None or not details or any(first not in r.placed for r in details):
        return {}
    sums: dict[str, Decimal] = dict.fromkeys(economic_class_columns(), Decimal(0))
    for row in details:
        code = "".join(row.texts[:2]) or _inherited_code(basic, row)
        if code is None or len(code) != 5 or code[:3] not in sums:
            return {}  # a line of another class, or a garbled code: the class sums are unknown
        sums[code[:3]] += exact(row.placed[first])
    out = {}
    for path in paths:
        label = path.rsplit("/", 1)[-1]
        for cls, name in economic_class_columns().items():
            if label == name:
                out[path] = sums[cls]
    return out


def _inherited_code(table: PlainTable, row: PlainRow) -> str | None:
    """A row printed without a code under a row of the same name shares its code."""
    previous = None
    for r in table.rows:
        if r is row:
            if previous is not None and previous.texts[2] == r.texts[2]:
                return "".join(previous.texts[:2])
            return None
        if r.role == "detail" and "".join(r.texts[:2]):
            previous = r
    return None


def _type_sums(projects: PlainTable, paths: list[str]) -> dict[str, Decimal]:
    first = _amount_column(projects)
    details = projects.detail_rows()
    if first is None or not details or any(first not in r.placed or not r.texts[0] for r in details):
        return {}
    sums: dict[str, Decimal] = {}
    for row in details:
        sums[row.texts[0]] = sums.get(row.texts[0], Decimal(0)) + exact(row.placed[first])
    out = {}
    for path in paths:
        parent, _, label = path.rpartition("/")
        if parent == "项目支出" and label not in SUBTOTAL_WORDS:
            found, _ = header_labels(label)
            out[path] = sums.get(label, Decimal(0)) if found else Decimal(0)
    if any(label not in {p.rsplit("/", 1)[-1] for p in paths} for label in sums):
        return {}  # a project type the table has no column for
    return out
