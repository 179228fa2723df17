"""Place a plain-form table's figures in their columns by the document's arithmetic
(ingest.tables.assign); a figure the arithmetic does not determine stays out of the cells
(NULL) and its row says why."""

from __future__ import annotations

from decimal import Decimal

from ingest.model import Issue
from ingest.tables.assign import RowResult, Schema, column_values, row_placements, solve, within
from ingest.tables.unruled.catalog import economic_class_groups
from ingest.tables.unruled.model import PlainRow, PlainTable, exact, row_code
from ingest.tables.unruled.positions import figure_columns


def place(table: PlainTable, table_no: int, known: dict[str, Decimal] | None = None, joint: bool = True) -> None:
    """Place every row's figures; rows the arithmetic cannot place keep their figures in `raw` only.

    Hypotheses are tried strongest first and kept only when the table's own totals accept
    them: totals from other tables (`known`), and the economic class of each line (a 302xx
    line is not 人员经费). Without them the row identities and column totals decide alone.
    `joint=False` places each row by its identities only (a cheap first pass).
    """
    schema = table.columns.schema
    for row in table.rows:
        row.placed, row.reason = {}, row.unplaceable
    if not schema.columns or table.columns.scrambled:
        why = (
            f"the header prints {'/'.join(table.columns.scrambled)} in pieces around its other labels: where its column"
            " stands is not known, so neither is any figure's"
            if table.columns.scrambled
            else "the header names no amount column this form can read"
        )
        for row in table.rows:
            if row.numbers and not row.reason:
                row.reason = f"{why}: figures not placed"
        return
    printed_at = figure_columns(table)
    total = table.total_row()
    details = [r for r in table.rows if r.role == "detail" and r.numbers and not r.unplaceable]
    if details or total is not None:
        _place_jointly(table, table_no, details, known, joint, printed_at)
    for row in table.rows:
        if row.role in ("subtotal", "other") and row.numbers and not row.unplaceable:
            _place_alone(row, schema, total, printed_at.get(id(row)))
            if row.reason and row.role == "subtotal":
                _place_by_lines_under(row, table)


def _place_jointly(
    table: PlainTable,
    table_no: int,
    details: list[PlainRow],
    known: dict[str, Decimal] | None,
    joint: bool,
    printed_at: dict[int, list[frozenset[str]]],
) -> None:
    """The lines and the 合计 row, placed together by the identities and the column totals."""
    schema = table.columns.schema
    total = table.total_row()
    total_numbers = _decimals(total.numbers) if total and total.numbers and joint else None
    numbers = [_decimals(r.numbers) for r in details]
    forbidden = _class_columns(table, details)
    if forbidden is not None and any(
        fits and all(any(schema.columns[c] in banned for c in p) for p in fits)
        for fits, banned in zip((row_placements(schema, n) for n in numbers), forbidden, strict=True)
    ):
        forbidden = None  # some line's class contradicts its own figures: no class hypothesis
    allowed = [printed_at.get(id(r)) for r in details]
    total_allowed = printed_at.get(id(total)) if total is not None else None
    solution = solve(schema, numbers, total_numbers, known, forbidden, allowed, total_allowed)
    if known and solution.note:
        solution = solve(schema, numbers, total_numbers, allowed=allowed, total_allowed=total_allowed)
        if solution.note is None:  # the outside totals were what failed, not the table's own arithmetic
            message = "totals from the document's other tables do not fit this table: not used"
            table.issues.append(Issue("cross_table_totals_unused", message, table_no=table_no))
    for row, result in zip(details, solution.rows, strict=True):
        _apply(row, result)
    if total is not None and solution.total is not None:
        _apply(total, solution.total)
        if solution.blank_total:
            message = f"the 合计 row [{' '.join(total.numbers)}] fits only with a total column left blank: placed so, by the column totals"
            table.issues.append(Issue("total_cell_blank", message, total.source.line, table_no, page=total.source.page))


def _place_by_lines_under(row: PlainRow, table: PlainTable) -> None:
    """A 类/款 row the identities leave open is the sum of the detail lines printed under it
    (`201 13` = Σ `201 13 xx`), column by column, where every one of those is placed."""
    code = row_code(table.family, row)
    under = [r for r in table.detail_rows() if code and row_code(table.family, r).startswith(code)]
    if not under or any(r.reason or not r.placed for r in under):
        return
    schema = table.columns.schema
    sums = [sum((exact(r.placed[c]) for r in under if c in r.placed), Decimal(0)) for c in schema.columns]
    numbers = _decimals(row.numbers)
    fitting = [p for p in row_placements(schema, numbers) if column_values(schema, numbers, p) == sums]
    if len(fitting) == 1:
        row.placed = {schema.columns[c]: n for n, c in zip(row.numbers, fitting[0], strict=True)}
        row.reason = None


# 人员经费 is 工资福利支出 (301) and 对个人和家庭的补助 (303); 公用经费 is 商品和服务支出 (302) and
# 资本性支出 (310): a line's class excludes the other group's column.


def _class_columns(table: PlainTable, details: list[PlainRow]) -> list[frozenset[str]] | None:
    if table.family != "economic":
        return None
    groups = {path: path.rsplit("/", 1)[-1] for path in table.columns.paths}
    if not {"人员经费", "公用经费"} <= set(groups.values()):
        return None
    forbidden = []
    for row in details:
        code = "".join(row.texts[:2])
        group = economic_class_groups().get(code[:3]) if len(code) == 5 else None
        forbidden.append(frozenset(p for p, g in groups.items() if group and g in economic_class_groups().values() and g != group))
    return forbidden


def _place_alone(row: PlainRow, schema: Schema, total: PlainRow | None, allowed: list[frozenset[str]] | None) -> None:
    if total is not None and row.numbers == total.numbers and total.placed:
        row.placed = dict(total.placed)
        return
    placements = within(schema, row_placements(schema, _decimals(row.numbers)), allowed)
    if len(placements) == 1:
        row.placed = {schema.columns[c]: n for n, c in zip(row.numbers, placements[0], strict=True)}
        return
    printed = " ".join(row.numbers)
    row.reason = f"{len(placements) or 'no'} placements of [{printed}] fit the table's identities"


def _apply(row: PlainRow, result: RowResult) -> None:
    printed = {exact(n): n for n in row.numbers}
    row.placed = {column: printed.get(value, str(value)) for column, value in result.placed.items()}
    if result.values is None:
        row.reason = result.reason


def _decimals(numbers: list[str]) -> list[Decimal]:
    return [exact(n) for n in numbers]
