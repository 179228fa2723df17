"""Place a plain-form table's figures in their columns by the document's arithmetic
(ingest.tables.assign); a figure the arithmetic does not determine stays out of the cells
(NULL) and its row says why."""

from __future__ import annotations

from decimal import Decimal

from ingest.model import Issue
from ingest.tables.assign import RowResult, Schema, row_placements, solve
from ingest.tables.unruled.catalog import economic_class_groups
from ingest.tables.unruled.model import PlainRow, PlainTable, exact


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
    details = [r for r in table.rows if r.role == "detail" and r.numbers and not r.unplaceable]
    if not schema.columns or (not details and table.total_row() is None):
        return
    total = table.total_row()
    total_numbers = _decimals(total.numbers) if total and total.numbers and joint else None
    numbers = [_decimals(r.numbers) for r in details]
    forbidden = _class_columns(table, details)
    if forbidden is not None and any(
        fits and all(any(schema.columns[c] in banned for c in p) for p in fits)
        for fits, banned in zip((row_placements(schema, n) for n in numbers), forbidden, strict=True)
    ):
        forbidden = None  # some line's class contradicts its own figures: no class hypothesis
    solution = solve(schema, numbers, total_numbers, known, forbidden)
    if known and solution.note:
        solution = solve(schema, numbers, total_numbers)
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
    for row in table.rows:
        if row.role in ("subtotal", "other") and row.numbers and not row.unplaceable:
            _place_alone(row, schema, total)


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


def _place_alone(row: PlainRow, schema: Schema, total: PlainRow | None) -> None:
    if total is not None and row.numbers == total.numbers and total.placed:
        row.placed = dict(total.placed)
        return
    placements = row_placements(schema, _decimals(row.numbers))
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
