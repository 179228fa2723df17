"""Place a row's numbers in their columns by the table's own arithmetic.

Text forms drop blank cells: `201 03 01 行政运行 13.95 13.95 13.95` prints three of nine
figures and does not say which columns they fill. Counting is not a method (the first three
columns would be wrong here: these are 合计 / 项目支出 / 其他运转类). The figures of a row keep
their printed order, so a placement is an order-preserving choice of columns; it must satisfy

- the table's identities, per row: 合计 = 基本支出 + 项目支出, 基本支出 = its sub-columns, …;
- the column totals, jointly over all rows: each column adds up to what the 合计 row prints
  there (that row is placed by the same rules), and to totals known from the document's other
  tables (e.g. 工资福利支出 = Σ 301xx of the 基本支出表), where given.

A row whose placements all agree across every joint solution is placed; a row with no
placement, or with several, is left unplaced with the reason — never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations

from ingest.settings import SETTINGS

ZERO = Decimal(0)


@dataclass(frozen=True)
class Schema:
    """Leaf columns in printed order, identities `parent = Σ children` and bounds `part ≤ whole`.

    A bound comes from an 其中 (of which) column: 其中：财政拨款 never exceeds its group.
    """

    columns: tuple[str, ...]
    identities: tuple[tuple[str, tuple[str, ...]], ...] = ()
    bounds: tuple[tuple[str, str], ...] = ()

    def applicable_bounds(self) -> list[tuple[int, int]]:
        index = {c: i for i, c in enumerate(self.columns)}
        return [(index[part], index[whole]) for part, whole in self.bounds if part in index and whole in index]

    def applicable_identities(self) -> list[tuple[int, list[int]]]:
        index = {c: i for i, c in enumerate(self.columns)}
        out = []
        for parent, children in self.identities:
            kids = [index[c] for c in children if c in index]
            if parent in index and kids:
                out.append((index[parent], kids))
        return out


Placement = tuple[int, ...]  # column index of each printed figure, increasing


@dataclass
class RowResult:
    values: dict[str, Decimal] | None  # None: not placed
    reason: str | None = None
    alternatives: list[dict[str, Decimal]] = field(default_factory=list)
    agreed: dict[str, Decimal] = field(default_factory=dict)  # columns every surviving placement fills alike

    @property
    def placed(self) -> dict[str, Decimal]:
        """The figures whose column the arithmetic determines (all of them when placed)."""
        return self.values if self.values is not None else self.agreed


@dataclass
class Solution:
    rows: list[RowResult]
    total: RowResult | None
    note: str | None = None  # why the column totals could not be used, if they could not
    blank_total: bool = False  # the 合计 row fits only with a total cell left blank


def column_values(schema: Schema, numbers: Sequence[Decimal], placement: Placement) -> list[Decimal]:
    """The row's value in every column (0 where the placement leaves a column blank)."""
    vector = [ZERO] * len(schema.columns)
    for value, col in zip(numbers, placement, strict=True):
        vector[col] = value
    return vector


def row_placements(schema: Schema, numbers: Sequence[Decimal], blank_parents: bool = False) -> list[Placement]:
    """Every order-preserving placement of the figures that satisfies the row identities.

    `blank_parents`: an identity whose parent column is left blank does not bind (a 合计 row
    that prints its parts but leaves its 合计 cell empty).
    """
    identities = schema.applicable_identities()
    bounds = schema.applicable_bounds()
    found = []
    for placement in combinations(range(len(schema.columns)), len(numbers)):
        vector = column_values(schema, numbers, placement)
        if all(
            vector[parent] == sum((vector[k] for k in kids), ZERO) or (blank_parents and parent not in placement)
            for parent, kids in identities
        ) and all(vector[part] <= vector[whole] for part, whole in bounds):
            found.append(placement)
    return found


def within(schema: Schema, placements: list[Placement], allowed: Sequence[frozenset[str]] | None) -> list[Placement]:
    """The placements that put each figure in a column where it is printed (`allowed`, per
    figure; empty: any); all of them when none does."""
    if not allowed or not any(allowed):
        return placements
    fitting = [p for p in placements if all(not at or schema.columns[c] in at for c, at in zip(p, allowed, strict=True))]
    return fitting or placements


def _as_dict(schema: Schema, numbers: Sequence[Decimal], placement: Placement) -> dict[str, Decimal]:
    return {schema.columns[col]: value for value, col in zip(numbers, placement, strict=True)}


def solve(
    schema: Schema,
    rows: Sequence[Sequence[Decimal]],
    total_row: Sequence[Decimal] | None = None,
    known_totals: dict[str, Decimal] | None = None,
    forbidden: Sequence[frozenset[str]] | None = None,
    allowed: Sequence[Sequence[frozenset[str]] | None] | None = None,
    total_allowed: Sequence[frozenset[str]] | None = None,
) -> Solution:
    """Place every row (and the printed 合计 row) jointly; see the module docstring.

    `forbidden`: per row, columns its figures may not fill (e.g. an economic line of class 302
    is not 人员经费); the caller offers these as a hypothesis and drops them if nothing fits.
    `allowed`, `total_allowed`: per row, per figure, the columns where it is printed (a layout
    dump's positions; empty: any). They narrow each row's placements (`within`) and are kept
    only where the table's column totals still hold with them as without: a position chooses
    among what the arithmetic allows, it never overrules it.
    """
    plain = _solve(schema, rows, total_row, known_totals, forbidden, None, None)
    if not any(allowed or ()) and not total_allowed:
        return plain
    positioned = _solve(schema, rows, total_row, known_totals, forbidden, allowed, total_allowed)
    return positioned if positioned.note == plain.note else plain


def _solve(
    schema: Schema,
    rows: Sequence[Sequence[Decimal]],
    total_row: Sequence[Decimal] | None,
    known_totals: dict[str, Decimal] | None,
    forbidden: Sequence[frozenset[str]] | None,
    allowed: Sequence[Sequence[frozenset[str]] | None] | None,
    total_allowed: Sequence[frozenset[str]] | None,
) -> Solution:
    candidates = [row_placements(schema, numbers) for numbers in rows]
    if forbidden is not None:
        candidates = [
            [p for p in cands if not any(schema.columns[c] in banned for c in p)]
            for cands, banned in zip(candidates, forbidden, strict=True)
        ]
    if allowed is not None:
        candidates = [within(schema, cands, at) for cands, at in zip(candidates, allowed, strict=True)]
    total_candidates = row_placements(schema, total_row) if total_row is not None else []
    blank_total = total_row is not None and not total_candidates
    if blank_total and total_row is not None:
        total_candidates = row_placements(schema, total_row, blank_parents=True)
    total_candidates = within(schema, total_candidates, total_allowed)
    targets = _targets(schema, total_row, total_candidates, known_totals or {}, blank_total)
    used = _jointly_used(schema, rows, candidates, targets) if targets else None
    note = None
    if targets and used is None:
        note = "the rows cannot reach the printed column totals (or the search is too large): placed by row identities only"
    elif known_totals and not targets and _targets(schema, total_row, total_candidates, {}, blank_total):
        note = "the totals known from other tables contradict every placement of the printed 合计 row"
    results: list[RowResult] = []
    for k, (numbers, cands) in enumerate(zip(rows, candidates, strict=True)):
        survivors = [p for p in cands if used is None or p in used[k]]
        results.append(_result(schema, numbers, cands, survivors, jointly=used is not None))
    total_result = None
    if total_row is not None:
        fitting = [p for p in total_candidates if used is None or _fits_some_target(schema, total_row, p, targets)]
        total_result = _result(schema, total_row, total_candidates, fitting, jointly=used is not None)
        if blank_total and used is None:  # a blank total cell is only accepted when the lines confirm it
            printed = " ".join(str(n) for n in total_row)
            total_result = RowResult(
                None, f"[{printed}] fits the identities only with a total cell left blank, and the lines do not confirm it"
            )
    return Solution(results, total_result, note, blank_total and total_result is not None and total_result.values is not None)


def _targets(
    schema: Schema,
    total_row: Sequence[Decimal] | None,
    total_candidates: list[Placement],
    known: dict[str, Decimal],
    blank_total: bool = False,
) -> list[list[Decimal | None]]:
    """Column totals the rows must reach: one vector per placement of the 合计 row (None = free).

    With `blank_total`, a parent column the 合计 row leaves blank sets no target."""
    known_vector: list[Decimal | None] = [known.get(c) for c in schema.columns]
    if total_row is None:
        return [known_vector] if any(v is not None for v in known_vector) else []
    parents = {parent for parent, _ in schema.applicable_identities()} if blank_total else set()
    targets: list[list[Decimal | None]] = []
    for placement in total_candidates:
        vector: list[Decimal | None] = list(column_values(schema, total_row, placement))
        vector = [None if col in parents and col not in placement else v for col, v in enumerate(vector)]
        if all(k is None or v is None or k == v for k, v in zip(known_vector, vector, strict=True)):
            targets.append([k if v is None else v for k, v in zip(known_vector, vector, strict=True)])
    return targets


def _fits_some_target(schema: Schema, numbers: Sequence[Decimal], placement: Placement, targets: list[list[Decimal | None]]) -> bool:
    vector = column_values(schema, numbers, placement)
    return any(all(t is None or t == v for v, t in zip(vector, target, strict=True)) for target in targets)


def _jointly_used(
    schema: Schema, rows: Sequence[Sequence[Decimal]], candidates: list[list[Placement]], targets: list[list[Decimal | None]]
) -> list[set[Placement]] | None:
    """For each row, the placements that take part in at least one joint solution.

    Forward: the reachable vectors of column sums after each row. Backward: from the sums that
    match a target, which (row, placement) steps lead there. None when the search is too large.
    """
    width = len(schema.columns)
    bound = _upper_bounds(rows, targets, width)
    layers: list[dict[tuple[Decimal, ...], list[tuple[tuple[Decimal, ...], Placement]]]] = []
    states: set[tuple[Decimal, ...]] = {tuple([ZERO] * width)}
    for numbers, cands in zip(rows, candidates, strict=True):
        layer: dict[tuple[Decimal, ...], list[tuple[tuple[Decimal, ...], Placement]]] = {}
        for state in states:
            for placement in cands:
                vector = column_values(schema, numbers, placement)
                nxt = tuple(s + v for s, v in zip(state, vector, strict=True))
                if bound is None or all(b is None or n <= b for n, b in zip(nxt, bound, strict=True)):
                    layer.setdefault(nxt, []).append((state, placement))
        if len(layer) > SETTINGS.max_placement_states:
            return None
        layers.append(layer)
        states = set(layer)
    final = {s for s in states if any(_matches(s, t) for t in targets)}
    if not final:
        return None
    used: list[set[Placement]] = [set() for _ in rows]
    wanted = final
    for i in range(len(rows) - 1, -1, -1):
        previous: set[tuple[Decimal, ...]] = set()
        for state in wanted:
            for before, placement in layers[i].get(state, []):
                used[i].add(placement)
                previous.add(before)
        wanted = previous
    return used


def _upper_bounds(rows: Sequence[Sequence[Decimal]], targets: list[list[Decimal | None]], width: int) -> list[Decimal | None] | None:
    """With no negative figure, a column's running sum can never exceed its largest target."""
    if any(v < 0 for numbers in rows for v in numbers):
        return None
    bounds: list[Decimal | None] = []
    for col in range(width):
        values = [t[col] for t in targets]
        bounds.append(None if any(v is None for v in values) else max(v for v in values if v is not None))
    return bounds


def _matches(state: Iterable[Decimal], target: Sequence[Decimal | None]) -> bool:
    return all(t is None or s == t for s, t in zip(state, target, strict=True))


def _result(
    schema: Schema, numbers: Sequence[Decimal], candidates: list[Placement], survivors: list[Placement], jointly: bool
) -> RowResult:
    if len(survivors) == 1:
        return RowResult(_as_dict(schema, numbers, survivors[0]))
    printed = " ".join(str(n) for n in numbers)
    if not candidates:
        return RowResult(None, f"no placement of [{printed}] in the columns satisfies the table's identities")
    if not survivors:
        return RowResult(None, f"no placement of [{printed}] fits the table's identities and column totals together")
    alternatives = [_as_dict(schema, numbers, p) for p in survivors]
    shown = "; ".join(" ".join(alt) for alt in alternatives[:4])
    scope = "identities and column totals" if jointly else "identities (no column totals to decide)"
    reason = f"{len(survivors)} placements of [{printed}] fit the table's {scope}: {shown}"
    return RowResult(None, reason, alternatives, _agreed(schema.columns, alternatives))


def _agreed(columns: Sequence[str], alternatives: list[dict[str, Decimal]]) -> dict[str, Decimal]:
    """Columns that hold the same figure in every alternative (e.g. the 合计 of a row)."""
    first = alternatives[0]
    return {c: first[c] for c in columns if c in first and all(alt.get(c) == first[c] for alt in alternatives)}
