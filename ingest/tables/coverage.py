"""Every printed figure of a modelled table is accounted for: landed, or reported.

A figure is a numeric cell of a table body (not a header, not a column-number row) in a column
that is not a code or name column, or a figure printed at the end of a cell's text (a grid drawn
without the rule between a label and its amount: never landed, always reported). It is *landed* when a line item the warehouse models holds
it (a fact line, a subtotal or total row the checks compare with the facts, a labelled row of
a 收支总表); otherwise it is *reported*: an issue names its row (the reason the row was not
read, when the parser gave one) or, failing that, `column_not_understood` (its column has no
meaning in the vocabulary: the header is quoted as printed) or `figure_not_landed`.

printed = landed + reported, per table and per document, by construction; the numbers are
counted, never assumed.
"""

from __future__ import annotations

import re

from ingest.model import Issue, ParsedTable
from ingest.tables.fields import TEXT_FIELDS
from ingest.text import parse_amount

# Table families whose figures become facts (others: performance targets, procurement, text).
MODELLED = frozenset({"function", "economic", "project", "three_public", "summary"})
# The line-item roles that carry a figure into the warehouse, by the parser that read the table.
LANDING_ROLES = {
    "function": frozenset({"detail", "total", "unit"}),
    "economic": frozenset({"detail", "total", "unit"}),
    "project": frozenset({"detail", "total", "unit"}),
    "three_public": frozenset({"detail"}),
    "summary": frozenset({"label"}),
}


def _figure_cells(table: ParsedTable) -> list[tuple[int, int]]:
    """(row_no, col_no) of every figure in the table body."""
    text_columns = {c.col_no for c in table.columns if c.field in TEXT_FIELDS or c.label.endswith("行次")}
    numbering = {i.row_no for i in table.items if i.role == "column_numbers"}
    cells = []
    for row_no in range(table.header_rows, len(table.printed.rows)):
        if row_no in numbering:
            continue
        for col_no, text in enumerate(table.printed.rows[row_no].cells):
            if (col_no not in text_columns and parse_amount(text) is not None) or glued_figure(text) is not None:
                cells.append((row_no, col_no))
    return cells


_GLUED = re.compile(r"^(?P<text>.*[\u4e00-\u9fff）)])\s*(?P<figure>-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+)$")


def glued_figure(text: str) -> tuple[str, str] | None:
    """(text, figure) of a cell that prints a figure right after its text (`一、一般公共预算33,172.15`:
    a grid drawn without the rule between a label and its amount), else None."""
    match = _GLUED.match(text.strip())
    return (match["text"], match["figure"]) if match else None


def account(table: ParsedTable, issues: list[Issue]) -> list[Issue]:
    """Count the table's figures and what landed; an issue for every figure nothing else reports.

    `issues` are those already raised about the table: an error about the whole table (its unit
    unknown) reports all its figures, one about a row reports the row's, one about a column
    (or a cell) reports the column's (the cell's).
    """
    if table.layout not in MODELLED:
        return []
    roles = LANDING_ROLES[table.layout]
    landed = {
        (item.row_no, cell.col_no)
        for item in table.items
        if item.role in roles
        for cell in item.values.values()
        if cell.amount is not None and cell.col_no is not None
    }
    figures = _figure_cells(table)
    table.figures_printed = len(figures)
    table.figures_landed = sum(1 for f in figures if f in landed)
    mine = [i for i in issues if i.table_no == table.table_no]
    if any(i.severity == "error" and i.row_no is None and i.col_no is None for i in mine):
        table.figures_landed = 0  # the table as a whole is not read (its unit is unknown): all reported
        return []
    rows = {i.row_no for i in mine if i.row_no is not None and i.col_no is None}
    columns = {i.col_no for i in mine if i.row_no is None and i.col_no is not None}
    cells = {(i.row_no, i.col_no) for i in mine if i.row_no is not None and i.col_no is not None}
    open_figures = [f for f in figures if f not in landed and f[0] not in rows and f[1] not in columns and f not in cells]
    return _column_issues(table, open_figures) + _cell_issues(table, open_figures)


def _column_issues(table: ParsedTable, figures: list[tuple[int, int]]) -> list[Issue]:
    """One `column_not_understood` per column without a meaning, quoting its header as printed."""
    out = []
    for column in table.columns:
        mine = [r for r, c in figures if c == column.col_no and glued_figure(table.printed.rows[r].cells[c]) is None]
        if column.field is not None or not mine:
            continue
        header = column.header_path or f"column {column.col_no + 1} (no header printed)"
        message = f"{len(mine)} figure(s) under the header '{header}', which has no meaning we know: not landed"
        first = table.printed.rows[mine[0]]
        out.append(Issue("column_not_understood", message, first.line, table.table_no, None, first.page, column.col_no))
    return out


def _cell_issues(table: ParsedTable, figures: list[tuple[int, int]]) -> list[Issue]:
    """`figure_not_landed` for a figure of a known column in a row read as neither line nor total."""
    fields = {c.col_no: c.field for c in table.columns}
    out = []
    for row_no, col_no in figures:
        row = table.printed.rows[row_no]
        glued = glued_figure(row.cells[col_no])
        if glued is not None:
            text, figure = glued
            message = f"figure {figure} printed in one cell with the text '{text}' (no rule between them): not landed"
        elif fields.get(col_no) is None:
            continue
        else:
            message = f"figure {row.cells[col_no]} ({fields[col_no]}) in a row read as neither a line nor a total: not landed"
        out.append(Issue("figure_not_landed", message, row.line, table.table_no, row_no, row.page, col_no))
    return out
