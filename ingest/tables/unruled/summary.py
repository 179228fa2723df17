"""A plain-form 收支总表 (and any label/amount table): label/amount pairs, one printed line per row,
on the sides the header names — one (`项目名称 金额`), an income and an expenditure side, or an
income side and two expenditure sides (江苏: 功能分类 and 支出用途).

Blank cells are gone from a dump, so which side a label stands on is read from the line: as
many labels as sides fill them in order; fewer are placed by the enumeration each side runs
(`十一、` continues the side at `十、`), by the side a label names (…收入 / …支出), and,
with more than two sides, by the one assignment of the whole table that keeps every side's
enumeration in order. A line that cannot be placed keeps its text and says why.

A side is only read if it adds up: its enumerated lines (一、二、…) sum to a total it prints
(合计/总计/小计; a side with such lines and no total is not read). Otherwise a figure was paired with the wrong label (a label wrapped and
centred over several lines puts its figure after a neighbour's label), and the side's figures
are left out with the reason. A side with several amount columns places a line's figures by
order only when the line prints all of them.
"""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import combinations, pairwise

from ingest.model import SourceLine
from ingest.tables.assign import Schema
from ingest.tables.fields import field_for
from ingest.tables.unruled.columns import HeaderColumns, header_labels
from ingest.tables.unruled.model import PlainRow, PlainTable, exact
from ingest.tables.unruled.rows import Body, TextRow, is_amount, tokens
from ingest.text import ENUMERATOR, compact

Pair = tuple[str, list[str]]  # a label and the figures printed after it
_TOP_ENUMERATOR = re.compile(r"^[一二三四五六七八九十]+、")  # 一、 二、 (not （一）, 1.)
_TOTAL = re.compile(r"(合计|总计|小计)$")
_SIDE_WORDS = (("收入", 0), ("支出", 1))  # a label naming one side's word and not the other's stands on it
_NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九", start=0)}


def summary_table(kind: str, body: Body) -> PlainTable:
    header, lines = _split_header(body)
    pairs, sources = _pairs_by_line(lines)
    count = _side_count(header)
    sides, reasons = _assign(pairs, count)
    cells: list[list[Pair | None]] = []
    for line, at in zip(pairs, sides, strict=True):
        placed: list[Pair | None] = [None] * count
        for pair, side in zip(line, at or [], strict=False):
            placed[side] = pair
        cells.append(placed)
    widths = [max((len(at_k[1]) for c in cells if (at_k := c[k])), default=1) or 1 for k in range(count)]  # amount columns per side
    # the expenditure sides (功能分类, 支出用途) share their totals (`当年支出小计` printed across both)
    shared = [[c[j] for c in cells for j in range(count) if min(j, 1) == min(k, 1)] for k in range(count)]
    failed = {k: why for k in range(count) if (why := _not_confirmed([c[k] for c in cells], shared[k])) is not None}
    rows = []
    for placed, source, reason in zip(cells, sources, reasons, strict=True):
        texts: list[str] = []
        notes = [reason] if reason else []
        for k, at_side in enumerate(placed):
            label, amounts = at_side if at_side else ("", [])
            if amounts and k in failed:
                notes.append(f"{label} {' '.join(amounts)}: {failed[k]}")
                amounts = []
            elif amounts and len(amounts) < widths[k]:
                notes.append(f"{label} {' '.join(amounts)}: {len(amounts)} of its side's {widths[k]} amount columns, which ones not known")
                amounts = []
            texts += [label, *(amounts + [""] * widths[k])[: widths[k]]]
        rows.append(PlainRow(source, texts, [], "other", reason="; ".join(notes) or None))
    paths = [p for k in range(count) for p in (f"{_top(k)}/项目", *[f"{_top(k)}/金额{j + 1}" for j in range(widths[k])])]
    return PlainTable("summary", kind, Body(header, [r.source for r in rows]), paths, HeaderColumns([], Schema(()), [], ""), rows)


def _top(side: int) -> str:
    return "收入" if side == 0 else "支出"


def _split_header(body: Body) -> tuple[list[SourceLine], list[SourceLine]]:
    """Every line is a row (the key-line logic of rows.py does not apply to label/amount pairs);
    header lines are vocabulary only, the first line with an unknown label starts the body."""
    all_lines = body.header + [ln for row in body.rows for ln in row.lines]
    first = next((i for i, ln in enumerate(all_lines) if any(is_amount(t) for t in tokens(ln.text))), None)
    if first is None:
        return body.header, all_lines[len(body.header) :]
    while first > 0 and header_labels(all_lines[first - 1].text)[1]:
        first -= 1
    return all_lines[:first], all_lines[first:]


def _side_count(header: list[SourceLine]) -> int:
    """The header's label columns (项目 / 项目名称 / 功能科目名称 …): one per side; two when it names none."""
    labels, _ = header_labels("\n".join(ln.text for ln in header))
    return sum(1 for label in labels if field_for("summary", label) == "label") or 2


def _pairs_by_line(lines: list[SourceLine]) -> tuple[list[list[Pair]], list[TextRow]]:
    """Each line's pairs; `收入合计 支出合计` / `9,066.79 9,066.79` (a tall row's labels above its
    figures) is one line, and a lone fragment without an enumerator continues the label above
    it (`（二十）自然资源海洋气象等支` / `出`)."""
    pairs: list[list[Pair]] = []
    sources: list[TextRow] = []
    taken = -1  # a figures line read with the labels above it
    for k, ln in enumerate(lines):
        if k == taken:
            continue
        line_pairs = _line_pairs(tokens(ln.text))
        figures_below = _figures_below(line_pairs, lines[k + 1].text if k + 1 < len(lines) else "")
        if figures_below is not None:
            pairs.append([(label, [figure]) for (label, _), figure in zip(line_pairs, figures_below, strict=True)])
            sources.append(TextRow([ln, lines[k + 1]]))
            taken = k + 1
            continue
        if pairs and len(line_pairs) == 1 and not line_pairs[0][1] and not ENUMERATOR.match(line_pairs[0][0]) and _continues(pairs[-1]):
            last_label, last_amounts = pairs[-1][-1]
            pairs[-1][-1] = (last_label + line_pairs[0][0], last_amounts)
            sources[-1].lines.append(ln)
            continue
        pairs.append(line_pairs)
        sources.append(TextRow([ln]))
    return pairs, sources


def _assign(pairs: list[list[Pair]], count: int) -> tuple[list[list[int] | None], list[str | None]]:
    """Per line, the side of each of its pairs (None: not placed) and why a line is not (fully) placed."""
    reasons: list[str | None] = [_beyond(line[count:], count) for line in pairs]
    kept = [line[:count] for line in pairs]
    if count == 1:  # a 小计 needs its group's label, which a dump prints on another line
        for k, line in enumerate(kept):
            if line and compact(line[0][0]) == "小计" and line[0][1]:
                reasons[k] = f"小计 {' '.join(line[0][1])} printed without its group's label: not placed"
                kept[k] = []
        return [[0] * len(line) for line in kept], reasons
    if count == 2:
        return _two_sides(kept), reasons
    sides = _many_sides(kept, count)
    for k, (line, at) in enumerate(zip(kept, sides, strict=True)):
        if at is None and any(amounts for _, amounts in line):
            shown = "; ".join(f"{label} {' '.join(amounts)}".strip() for label, amounts in line)
            reasons[k] = f"which of the table's {count} sides the line's labels stand on is not certain ({shown}): not placed"
    return sides, reasons


def _beyond(pairs: list[Pair], count: int) -> str | None:
    """The pairs a line prints past the table's sides: said, not dropped."""
    shown = "; ".join(f"{label} {' '.join(amounts)}".strip() for label, amounts in pairs)
    return f"the line prints more than the table's {count} side(s) ({shown}): not placed" if pairs else None


def _two_sides(pairs: list[list[Pair]]) -> list[list[int] | None]:
    """Two labels are income then expenditure; one stands on the side it names (…收入 / …支出),
    else on the side whose enumeration it continues (`十一、` after `十、`)."""
    # each side's last enumerator, per level: 一、 二、 … and, under each, （一） （二） …
    last: dict[str, list[int | None]] = {"top": [None, None], "sub": [None, None]}
    out: list[list[int] | None] = []
    for line in pairs:
        if len(line) != 1:
            at = [0, 1][: len(line)]
        else:
            named = _named_side(line[0][0])
            at = [named if named is not None else _side(line[0][0], *last[_level(line[0][0])])]
        for (label, _), side in zip(line, at, strict=True):
            if (value := _enumerator_value(label)) is not None:
                last[_level(label)][side] = value
                if _level(label) == "top":
                    last["sub"][side] = None
        out.append(at)
    return out


def _level(label: str) -> str:
    return "top" if _TOP_ENUMERATOR.match(label) else "sub"


def _many_sides(pairs: list[list[Pair]], count: int) -> list[list[int] | None]:
    """Each line's sides in the one assignment of the whole table that keeps every side's
    enumeration in order (一、 then 二、 …) and every label naming a side on it; a line placed
    differently by two such assignments is not placed — unless they differ only between the
    expenditure sides, which read alike."""
    options = [[list(c) for c in combinations(range(count), len(line)) if _fits_words(line, c)] for line in pairs]
    layers: list[dict[tuple[int | None, ...], list[tuple[tuple[int | None, ...], int]]]] = []
    states: set[tuple[int | None, ...]] = {(None,) * count}
    for line, choices in zip(pairs, options, strict=True):
        layer: dict[tuple[int | None, ...], list[tuple[tuple[int | None, ...], int]]] = {}
        for state in states:
            for n, choice in enumerate(choices):
                after = _after(state, line, choice)
                if after is not None:
                    layer.setdefault(after, []).append((state, n))
        layers.append(layer)
        states = set(layer)
    if not states:
        return [None] * len(pairs)
    used: list[set[int]] = [set() for _ in pairs]
    wanted = states
    for k in range(len(pairs) - 1, -1, -1):
        before: set[tuple[int | None, ...]] = set()
        for state in wanted:
            for previous, n in layers[k].get(state, []):
                used[k].add(n)
                before.add(previous)
        wanted = before
    out: list[list[int] | None] = []
    for choices, chosen in zip(options, used, strict=True):
        coarse = {tuple(min(side, 1) for side in choices[n]) for n in chosen}
        out.append(choices[min(chosen)] if len(coarse) == 1 else None)
    return out


def _named_side(label: str) -> int | None:
    """0 for a label naming income and not expenditure (…收入), 1 for the reverse, else None."""
    named = {side for word, side in _SIDE_WORDS if word in label}
    return named.pop() if len(named) == 1 else None


def _fits_words(line: list[Pair], sides: tuple[int, ...]) -> bool:
    return all(_named_side(label) in (None, min(side, 1)) for (label, _), side in zip(line, sides, strict=True))


def _after(state: tuple[int | None, ...], line: list[Pair], sides: list[int]) -> tuple[int | None, ...] | None:
    """The sides' last enumerators after the line, or None if it breaks an enumeration."""
    after = list(state)
    for (label, _), side in zip(line, sides, strict=True):
        value = _enumerator_value(label) if _TOP_ENUMERATOR.match(label) else None
        if value is None:
            continue
        if value != (after[side] or 0) + 1:
            return None
        after[side] = value
    return tuple(after)


def _not_confirmed(side: list[Pair | None], with_totals: list[Pair | None]) -> str | None:
    """Why a side's reading is not confirmed: its enumerated lines (一、二、…) are not in order (two
    `三、`: a wrapped label's figure read after its neighbour's label), or do not add up to a
    total printed on its side (`with_totals`: the expenditure sides share theirs), or none is
    printed; None where they do, or where it prints no enumerated line with figures. Each line's
    first figure is compared (its 合计, where a side has several amount columns)."""
    parts = [exact(p[1][0]) for p in side if p and p[1] and _TOP_ENUMERATOR.match(p[0])]
    totals = [exact(p[1][0]) for p in with_totals if p and p[1] and _TOTAL.search(compact(p[0]))]
    numbers = [_enumerator_value(p[0]) for p in side if p and _TOP_ENUMERATOR.match(p[0])]
    if parts and any(b is None or a is None or b <= a for a, b in pairwise(numbers)):
        shown = "、".join(str(n) for n in numbers)
        return f"the side's enumeration runs {shown}, not in order: a label was read on the wrong line, its figures are not placed"
    if parts and not totals:
        return "the side prints no total its lines 一、二、… could be checked against: its figures are not placed"
    if parts and sum(parts, Decimal(0)) not in totals:
        shown = "/".join(str(t) for t in totals)
        return f"the side's lines 一、二、… add up to {sum(parts, Decimal(0))}, not to its total {shown}: its figures are not placed"
    return None


def _figures_below(line_pairs: list[Pair], below: str) -> list[str] | None:
    """The next line's figures, one per label of a line of labels alone, else None."""
    figures = tokens(below)
    if not line_pairs or any(amounts for _, amounts in line_pairs) or not figures or not all(is_amount(t) for t in figures):
        return None
    return figures if len(figures) == len(line_pairs) else None


def _line_pairs(toks: list[str]) -> list[Pair]:
    pairs: list[Pair] = []
    for t in toks:
        if is_amount(t):
            if pairs:
                pairs[-1][1].append(t)
        elif pairs and not pairs[-1][1] and not ENUMERATOR.match(t) and _glues(pairs[-1][0], t):
            pairs[-1] = (pairs[-1][0] + t, [])
        else:
            pairs.append((t, []))
    return pairs


def _glues(previous: str, token: str) -> bool:
    """Pieces of one label split by the tokenizer (`（一）` + `一般公共预算拨款`)."""
    return bool(re.fullmatch(r"[(（]?[一二三四五六七八九十\d]+[)）、.．]?|其中[:：]?", previous))


def _continues(line_pairs: list[Pair]) -> bool:
    return bool(line_pairs) and not line_pairs[-1][1]


def _enumerator_value(label: str) -> int | None:
    match = re.match(r"^[(（]?([一二三四五六七八九十]+)[)）、]", label)
    if not match:
        return None
    text = match.group(1)
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_NUMERALS.get(tens, 1) if tens else 1) * 10 + (_NUMERALS.get(ones, 0) if ones else 0)
    return _NUMERALS.get(text)


def _side(label: str, income_last: int | None, expense_last: int | None) -> int:
    value = _enumerator_value(label)
    if value is not None:
        if expense_last is not None and value == expense_last + 1:
            return 1
        if income_last is not None and value == income_last + 1:
            return 0
    return 1 if income_last is not None and expense_last is not None and (value or 0) > income_last + 1 else 0
