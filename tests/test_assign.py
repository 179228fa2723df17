"""Placing a row's figures by the table's arithmetic, never by counting them."""

from decimal import Decimal

from ingest.tables.assign import Schema, solve

EXPENDITURE = Schema(
    columns=("total", "basic", "wages", "household", "goods", "capital", "project", "operating", "specific"),
    identities=(
        ("total", ("basic", "project")),
        ("basic", ("wages", "household", "goods", "capital")),
        ("project", ("operating", "specific")),
    ),
)


def d(*values: str) -> list[Decimal]:
    return [Decimal(v) for v in values]


# 000 预算03表 (lines 555-579), blanks dropped as the plain text prints them
ROWS_000 = [
    d("13.95", "13.95", "13.95"),  # 201 03 01 行政运行: total / project / operating — not total/basic/wages
    d("291.64", "291.64", "291.64"),
    d("1.07", "1.07", "1.07"),
    d("7.72", "7.72", "7.72"),
    d("7.18", "7.18", "7.18"),
    d("86.71", "86.71", "77.55", "9.16"),
    d("6.26", "6.26", "6.26"),
]
TOTAL_000 = d("414.53", "108.94", "98.71", "10.23", "305.59", "305.59")
# from the document's other tables: 基本支出表 Σ301xx = 98.71, Σ302xx = 10.23, no 303xx/310xx;
# 项目支出表: every project is 其他运转类 (Σ 305.59)
KNOWN_000 = {"wages": Decimal("98.71"), "household": Decimal(0), "goods": Decimal("10.23"), "capital": Decimal(0), "specific": Decimal(0)}


def test_the_document_arithmetic_places_every_row() -> None:
    solution = solve(EXPENDITURE, ROWS_000, TOTAL_000, KNOWN_000)
    placed = [r.values for r in solution.rows]
    assert placed[0] == {"total": Decimal("13.95"), "project": Decimal("13.95"), "operating": Decimal("13.95")}
    assert placed[2] == {"total": Decimal("1.07"), "basic": Decimal("1.07"), "goods": Decimal("1.07")}
    assert placed[3] == {"total": Decimal("7.72"), "basic": Decimal("7.72"), "wages": Decimal("7.72")}
    assert placed[5] == {"total": Decimal("86.71"), "basic": Decimal("86.71"), "wages": Decimal("77.55"), "goods": Decimal("9.16")}
    assert solution.total is not None and solution.total.values is not None
    assert solution.total.values["goods"] == Decimal("10.23")


def test_counting_the_figures_would_be_wrong() -> None:
    """The first three columns are total/basic/wages; the arithmetic says total/project/operating."""
    solution = solve(EXPENDITURE, ROWS_000, TOTAL_000, KNOWN_000)
    assert solution.rows[0].values is not None
    assert "basic" not in solution.rows[0].values and "wages" not in solution.rows[0].values


def test_without_the_other_tables_personnel_columns_stay_undecided() -> None:
    """Nothing in this table alone tells 工资福利 from 对个人和家庭的补助: those rows are not guessed."""
    solution = solve(EXPENDITURE, ROWS_000, TOTAL_000)
    undecided = [i for i, r in enumerate(solution.rows) if r.values is None]
    assert 3 in undecided and 4 in undecided
    assert solution.rows[3].reason is not None and "placements of [7.72 7.72 7.72] fit" in solution.rows[3].reason


def test_truly_ambiguous_rows_come_out_unplaced_with_a_reason() -> None:
    schema = Schema(("total", "basic", "project"), (("total", ("basic", "project")),))
    solution = solve(schema, [d("5", "5"), d("5", "5")], d("10", "5", "5"))
    assert [r.values for r in solution.rows] == [None, None]
    reason = solution.rows[0].reason or ""
    assert reason.startswith("2 placements of [5 5] fit the table's identities and column totals")


def test_a_row_that_breaks_the_identities_is_not_placed() -> None:
    schema = Schema(("total", "basic", "project"), (("total", ("basic", "project")),))
    solution = solve(schema, [d("5", "4")])
    assert solution.rows[0].values is None
    assert solution.rows[0].reason == "no placement of [5 4] in the columns satisfies the table's identities"


def test_a_full_row_needs_no_arithmetic() -> None:
    schema = Schema(("total", "basic", "project"), (("total", ("basic", "project")),))
    assert solve(schema, [d("10", "4", "6")]).rows[0].values == {"total": Decimal(10), "basic": Decimal(4), "project": Decimal(6)}


def test_unreachable_column_totals_fall_back_to_row_identities() -> None:
    schema = Schema(("total", "basic", "project"), (("total", ("basic", "project")),))
    solution = solve(schema, [d("10", "4", "6")], d("10.01", "4", "6.01"))
    assert solution.rows[0].values == {"total": Decimal(10), "basic": Decimal(4), "project": Decimal(6)}
    assert solution.note is not None


BASIC = Schema(("total", "personnel", "public"), (("total", ("personnel", "public")),))


def test_a_total_row_with_its_total_cell_blank_is_placed_by_the_column_totals() -> None:
    # 003 预算02表 prints its 合计 row as `合计 [blank] 638.80 269.14`; the plain form drops the blank
    rows = [d("400.00", "400.00"), d("238.80", "238.80"), d("269.14", "269.14")]
    solution = solve(BASIC, rows, d("638.80", "269.14"))
    assert solution.blank_total
    assert solution.total is not None
    assert solution.total.values == {"personnel": Decimal("638.80"), "public": Decimal("269.14")}


def test_a_blank_total_cell_is_not_assumed_when_the_row_fits_as_printed() -> None:
    solution = solve(BASIC, [d("5", "5"), d("3", "3")], d("8", "5", "3"))
    assert not solution.blank_total
    assert solution.total is not None and solution.total.values == {"total": Decimal(8), "personnel": Decimal(5), "public": Decimal(3)}


def test_a_blank_total_cell_that_the_lines_do_not_confirm_stays_unplaced() -> None:
    # every line is a 人员 line, so 269.14 cannot be 公用经费: no placement reaches the totals
    solution = solve(BASIC, [d("400.00", "400.00"), d("238.80", "238.80")], d("638.80", "269.14"))
    assert solution.total is not None and solution.total.values is None
