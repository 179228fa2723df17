"""Turn the rebuilt rows of one plain-form table into cells, one layout per table family.

The plain form drops blank cells, so a row's figures are placed in their columns by the
document's arithmetic (placement.py, through ingest.tables.assign): the row identities of the
header, the column totals of the 合计 row and totals known from the document's other tables.
What a dump's reading order scrambles is repaired, or left NULL with the reason, in order.py.
A figure whose column the arithmetic does not determine is left out of the cells (NULL) and
the row gets an issue saying why; the row as printed is kept in its `raw` text.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from ingest.tables.assign import Schema
from ingest.tables.unruled.columns import HeaderColumns, header_columns, header_labels
from ingest.tables.unruled.model import PlainRow, PlainTable, row_code
from ingest.tables.unruled.order import ReadRow, codes_apart, stray_figures, with_total_label
from ingest.tables.unruled.rows import DIGITS, Body, CodeForm, TextRow, is_amount, tokens
from ingest.tables.unruled.summary import summary_table
from ingest.text import compact, is_total_label

# Code layouts: 功能分类 类/款/项 (3+2+2 digits), 经济分类 类/款 (3+2).
FUNCTION_CODE = (3, 2, 2)
ECONOMIC_CODE = (3, 2)
UNIT_CODE_LENGTH = 6  # a budget unit's code (`512001`); a department's is 3 digits (`512`)
GOV_ECONOMIC_PREFIX = "5"  # 政府预算支出经济分类 codes are 501…599; 部门 codes 301…399
# the only codes a project table prints; a 3-digit one glued to text is a name piece (`023年）`)
UNIT_CODES = CodeForm(frozenset({3, UNIT_CODE_LENGTH}), frozenset({UNIT_CODE_LENGTH}))


def _code(toks: list[str], lengths: tuple[int, ...]) -> tuple[list[str], list[str]]:
    """Leading code tokens (`201 03 01`, `2010301`, garbled `30 01`) and the rest."""
    if not toks or not DIGITS.match(toks[0]) or is_amount(toks[0]):
        return [], toks
    parts, i = [toks[0]], 1
    if len(toks[0]) <= lengths[0]:
        while (
            i < len(toks)
            and len(parts) < len(lengths)
            and DIGITS.match(toks[i])
            and not is_amount(toks[i])
            and len(toks[i]) <= max(lengths[1:])
        ):
            parts.append(toks[i])
            i += 1
    return parts, toks[i:]


def _split_code_cells(parts: list[str], width: int) -> list[str]:
    return (parts + [""] * width)[:width] if len(parts) <= width else [" ".join(parts)] + [""] * (width - 1)


def _text(toks: list[str]) -> str:
    return "".join(t for t in toks if not is_amount(t))


def _role(texts_joined: str, code: list[str], layout: tuple[int, ...]) -> str:
    """A full code (`201 13 01`, `2011301`) or a garbled one (`30 01`) is a detail line; a code's
    leading parts (`201`, `201 13`, `20113`) a 类/款 subtotal, as is a unit row."""
    if is_total_label(texts_joined) and not code:
        return "total"
    lengths = tuple(len(part) for part in code)
    if code and (sum(lengths) == sum(layout) or (len(code) > 1 and lengths != layout[: len(code)])):
        return "detail"
    if code:
        return "subtotal"
    return "other"


def _key_first(source: TextRow) -> list[str]:
    """A centred row's tokens with its key line first (code, figures), fragments after in order.

    With one text column the name is its fragments in line order; the key line's own piece
    sits between those above and those below.
    """
    if source.key == 0:
        return source.tokens
    key = tokens(source.lines[source.key].text)
    lead = key[: next((i for i, t in enumerate(key) if not DIGITS.match(t) or is_amount(t)), len(key))]
    above = [t for ln in source.lines[: source.key] for t in tokens(ln.text)]
    below = [t for ln in source.lines[source.key + 1 :] for t in tokens(ln.text)]
    middle = [t for t in key[len(lead) :] if not is_amount(t)]
    return lead + above + middle + below + [t for t in key if is_amount(t)]


def centred_columns(
    source: TextRow,
    columns: int,
    key_pieces: list[list[str]] | None = None,
    accept: Callable[[list[str]], bool] | None = None,
) -> list[list[str]] | None:
    """The text pieces of each of `columns` text columns of a centred row, or None if not unique.

    A cell of n pieces sits at half-lines (H - n) + 2j of a row H lines tall; the lines above
    and below the key line, and the pieces on the key line itself, must match what the
    candidate piece counts predict. Every consistent choice must give the same texts.
    `key_pieces`: the key line's pieces per column when codes between the columns tell them
    apart (`30103奖金 50501` puts 奖金 in the first column); without them the key line is
    read as text cells and figures. `accept`: what the joined texts of a choice must satisfy
    (a project row's type is a known project type).
    """
    # cells are told apart by spaces: `2023年）` is one piece of a name, not a code and a word
    key_texts = [w for w in source.lines[source.key].text.split() if not is_amount(w)]
    fragments = [ln.text.split() for ln in source.lines]
    limit = 2 * max(source.key, len(source.lines) - source.key - 1) + 1
    results: list[list[list[str]]] = []
    for counts in _count_choices(columns, limit):
        if key_pieces is not None and 0 in counts:
            continue  # each coded column prints a name
        height = max(counts)
        centre = height - 1
        at: dict[int, list[int]] = {}
        for col, n in enumerate(counts):
            for j in range(n):
                at.setdefault(height - n + 2 * j, []).append(col)
        levels = sorted(at.keys() | {centre})
        above = [y for y in levels if y < centre]
        below = [y for y in levels if y > centre]
        if len(above) != source.key or len(below) != len(source.lines) - source.key - 1:
            continue
        texts: list[list[str]] = [[] for _ in range(columns)]
        ok = True
        for line_no, y in enumerate(levels):
            pieces = key_texts if y == centre else fragments[line_no]
            cols = at.get(y, [])
            if y == centre and key_pieces is not None:
                if [c for c in range(columns) if key_pieces[c]] != cols:
                    ok = False
                    break
                pieces = ["".join(key_pieces[c]) for c in cols]
            if len(pieces) != len(cols):
                ok = False
                break
            for col, piece in zip(cols, pieces, strict=True):
                texts[col].append(piece)
        if ok and texts not in results and (accept is None or accept(["".join(t) for t in texts])):
            results.append(texts)
    return results[0] if len(results) == 1 else None


def _count_choices(columns: int, limit: int) -> list[tuple[int, ...]]:
    choices: list[tuple[int, ...]] = [()]
    for _ in range(columns):
        choices = [(*c, n) for c in choices for n in range(0, limit + 1)]
    return [c for c in choices if max(c, default=0) >= 1]


def function_table(kind: str, body: Body) -> PlainTable:
    """A 类/款/项 table; one that prints no code but labels its rows is label/amount pairs, as the
    PDF reader reads it (收入预算总表 by source: `项目名称 金额`)."""
    body = with_total_label(body, "function", "amount_total")
    read = []
    for source in body.rows:
        parts, rest = _code(_key_first(source), FUNCTION_CODE)
        read.append(ReadRow(source, parts, _text(rest), [t for t in rest if is_amount(t)]))
    columns = _columns(body, "function")
    if not any(r.parts for r in read) and any(_labels_a_row(r.name) for r in read):
        return summary_table(kind, body)
    rows = []
    for r in codes_apart(read, "function"):
        parts = list(r.parts)
        role = _role(r.name, parts, FUNCTION_CODE)
        unit = parts.pop() if len(parts) == 1 and len(parts[0]) == UNIT_CODE_LENGTH else ""
        cells = [unit, *_split_code_cells(parts, 3), r.name]
        leaked = _leaked(r.name, columns) if not parts and not unit and role != "total" else None
        rows.append(PlainRow(r.source, cells, r.numbers, "subtotal" if unit else role, unplaceable=r.unplaceable or leaked))
    paths = ["单位代码", "科目编码/类", "科目编码/款", "科目编码/项", "科目名称"]
    return PlainTable("function", kind, body, paths, columns, stray_figures(rows, columns, partial(row_code, "function")))


def _economic_parts(toks: list[str]) -> tuple[list[str], list[str], list[str], list[str]]:
    """部门 code, the tokens up to the 政府 code, the 政府 code, the tokens after it."""
    parts, rest = _code(toks, ECONOMIC_CODE)
    split = next((i for i, t in enumerate(rest) if DIGITS.match(t) and not is_amount(t)), len(rest))
    gov_parts, gov_rest = _code(rest[split:], ECONOMIC_CODE)
    return parts, rest[:split], gov_parts, gov_rest


def _economic_row(source: TextRow, style: str) -> ReadRow:
    if style == "centered":
        key = tokens(source.lines[source.key].text)
        parts, dept_key, gov_parts, gov_key = _economic_parts(key)
        key_pieces = [[t for t in dept_key if not is_amount(t)], [t for t in gov_key if not is_amount(t)]]
        texts = (
            centred_columns(source, 2, key_pieces)
            if gov_parts
            else [[t for t in source.tokens if not DIGITS.match(t) and not is_amount(t)], []]
        )
        issue = None
        if texts is None:
            issue = f"the name pieces of '{source.raw}' fit more than one way (or none) into the name columns: names left blank"
        name, gov_name = ("".join(texts[0]), "".join(texts[1])) if texts else ("", "")
        first, second = [t for t in dept_key if is_amount(t)], [t for t in gov_key if is_amount(t)]
        return ReadRow(source, parts, name, first, gov_parts, gov_name, second, issue)
    parts, dept_toks, gov_parts, gov_toks = _economic_parts(source.tokens)
    first, second = [t for t in dept_toks if is_amount(t)], [t for t in gov_toks if is_amount(t)]
    return ReadRow(source, parts, _text(dept_toks), first, gov_parts, _text(gov_toks), second)


def _economic_role(name: str, parts: list[str], numbers: list[str]) -> str:
    role = _role(name, parts, ECONOMIC_CODE)
    return "detail" if role == "other" and name and numbers else role  # a code cell spanning two rows prints the code once


def economic_table(kind: str, body: Body) -> PlainTable:
    body = with_total_label(body, "economic", "amount")
    columns = _columns(body)
    read = [_economic_row(source, body.style) for source in body.rows]
    if _side_by_side(columns, read):
        return _two_block_table(kind, body, columns, read)
    rows = []
    for r in codes_apart(read, "economic"):
        numbers = r.numbers + r.second_numbers
        cells = [*_split_code_cells(r.parts, 2), r.name, *_split_code_cells(r.second, 2), r.second_name]
        role = _economic_role(r.name, r.parts, numbers)
        rows.append(PlainRow(r.source, cells, numbers, role, text_issue=r.issue, unplaceable=r.unplaceable))
    paths = ["部门经济分类/类", "部门经济分类/款", "部门经济分类/科目名称", "政府经济分类/类", "政府经济分类/款", "政府经济分类/科目名称"]
    return PlainTable("economic", kind, body, paths, columns, stray_figures(rows, columns, partial(row_code, "economic")))


def _side_by_side(columns: HeaderColumns, read: list[ReadRow]) -> bool:
    """Two copies of the columns side by side: the header's amount columns printed twice over, and
    rows whose second code is another 部门 code (`301 工资福利支出 95.36 302 商品和服务支出 10.23`),
    not a 政府 one."""
    paths, half = columns.paths, len(columns.paths) // 2
    if not half or paths[:half] != paths[half:]:
        return False
    return any(r.second and not r.second[0].startswith(GOV_ECONOMIC_PREFIX) for r in read)


def _two_block_table(kind: str, body: Body, columns: HeaderColumns, read: list[ReadRow]) -> PlainTable:
    """Each printed row is up to two rows, one per block. A row printing one code belongs to the
    block whose last code is of its class (`30299` under `302`), or continues the block of the
    row before (`310` after `30299`); a total row prints one total per block."""
    half = columns.paths[: len(columns.paths) // 2]
    block_columns = HeaderColumns(half, Schema(tuple(half)), columns.unplaced_labels, columns.leftover)
    rows: list[PlainRow] = []
    last_class: dict[int, str] = {}
    previous_lone: int | None = None
    for r in read:
        if r.second:
            halves = [(0, r.parts, r.name, r.numbers), (1, r.second, r.second_name, r.second_numbers)]
            previous_lone = None
        elif not r.parts and is_total_label(_first_label(r.source.tokens)):
            halves = _total_halves(r.source.tokens)
        else:
            block = next((b for b, cls in last_class.items() if r.parts and r.parts[0][:3] == cls), previous_lone)
            if block is None and r.parts:
                cells = [*_split_code_cells(r.parts, 2), r.name]
                rows.append(PlainRow(r.source, cells, r.numbers, "other", text_issue=r.issue, unplaceable=_LONE_ROW))
                continue
            halves = [(block or 0, r.parts, r.name, r.numbers)]
            previous_lone = block
        for block, parts, name, numbers in halves:
            if parts:
                last_class[block] = parts[0][:3]
            rows.append(PlainRow(r.source, [*_split_code_cells(parts, 2), name], numbers, _economic_role(name, parts, numbers),
                                 text_issue=r.issue, block=block))  # fmt: skip
    paths = ["部门经济分类/类", "部门经济分类/款", "部门经济分类/科目名称"]
    return PlainTable("economic", kind, body, paths, block_columns, rows, blocks=2)


_LONE_ROW = "a row printing one code in a table of two side-by-side blocks, of a class neither block has printed: its block is not known"


def _first_label(toks: list[str]) -> str:
    return next((t for t in toks if not is_amount(t)), "")


def _total_halves(toks: list[str]) -> list[tuple[int, list[str], str, list[str]]]:
    """`人员经费合计 95.36 公用经费合计 10.23`: one total per block, cut at the second total label."""
    cut = next((i for i, t in enumerate(toks) if i and is_total_label(t) and any(is_amount(x) for x in toks[:i])), len(toks))
    halves = [(0, toks[:cut]), (1, toks[cut:])] if cut < len(toks) else [(0, toks)]
    return [(block, [], _text(part), [t for t in part if is_amount(t)]) for block, part in halves]


def project_table(kind: str, body: Body, types: list[str]) -> PlainTable:
    """Type, name and unit are printed as one run of text: the type is the known project type
    the run starts with, the unit the name of a unit row of the table the run ends with."""
    units = []
    rows = []
    for source in body.rows:
        toks = source.tokens
        numbers = [t for t in toks if is_amount(t)]
        if UNIT_CODES.starts(source.lines[source.key].text):
            unit_name = _text(toks[1:])
            units.append(unit_name)
            rows.append(PlainRow(source, ["", toks[0], unit_name], numbers, "subtotal"))
            continue
        text = _text(toks)
        if not text or is_total_label(text):
            rows.append(PlainRow(source, ["", text, ""], numbers, "total"))
            continue
        if body.style == "centered":
            pieces = centred_columns(source, 2, accept=lambda texts: texts[0] in types and bool(texts[1]))
            if pieces is not None:
                rows.append(PlainRow(source, ["".join(pieces[0]), "".join(pieces[1]), ""], numbers, "detail"))
                continue
        ptype = next((t for t in sorted(types, key=len, reverse=True) if text.startswith(t)), "")
        unit = next((u for u in sorted(units, key=len, reverse=True) if u and text.endswith(u) and len(text) > len(u) + len(ptype)), "")
        name = text[len(ptype) : len(text) - len(unit)]
        row = PlainRow(source, [ptype, name, unit], numbers, "detail")
        if not ptype:
            row.text_issue = f"project row '{text}' does not start with a known project type ({'/'.join(types)}): type left blank"
        rows.append(row)
    return PlainTable("project", kind, body, ["类型", "项目名称", "项目单位"], _columns(body), rows)


def three_public_table(kind: str, body: Body) -> PlainTable:
    columns = _columns(body, "three_public")
    rows = []
    for source in body.rows:
        toks = source.tokens
        label = _text(toks)
        numbers = [t for t in toks if is_amount(t)]
        rows.append(
            PlainRow(source, [label] if label else [""], numbers, "other" if label else "detail", unplaceable=_leaked(label, columns))
        )
    return PlainTable("three_public", kind, body, ["项目"], columns, rows)


def _labels_a_row(name: str) -> bool:
    """A row label: not a total, and not header words alone (`项目支出` / `单位预留机动经费`, which a
    dump printing cells one by one puts among the figures)."""
    found, leftover = header_labels(name)
    return bool(name) and not is_total_label(name) and not (found and not leftover)


def _leaked(text: str, columns: HeaderColumns) -> str | None:
    """Why a row without a code is no row: its text holds the header's own column labels (a dump
    printing a table's cells one by one, header words among the figures), or None."""
    labels = {segment for path in columns.paths for segment in path.split("/") if len(segment) > 2}
    found = sorted(label for label in labels if label in compact(text))
    if not found:
        return None
    return f"the row's text holds the header's column labels ({'/'.join(found)}): cells printed out of their rows, figures not placed"


def text_table(kind: str, body: Body) -> PlainTable:
    rows = [PlainRow(TextRow([ln]), [ln.text], [], "other") for ln in body.header + [x for r in body.rows for x in r.lines]]
    return PlainTable("text", kind, Body([], [r.source for r in rows]), ["行"], HeaderColumns([], Schema(()), [], ""), rows)


def _columns(body: Body, family: str = "") -> HeaderColumns:
    return header_columns("\n".join(ln.text for ln in body.header), family)
