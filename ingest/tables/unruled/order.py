"""What a text dump's reading order scrambles, and how a table's own arithmetic and the code
lists repair it or leave it NULL with the reason: a 合计 printed among the header lines,
codes printed before their names, figures printed after the rows they belong to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from ingest.codes import is_listed
from ingest.tables.fields import field_for
from ingest.tables.unruled.columns import HeaderColumns, header_columns
from ingest.tables.unruled.model import PlainRow, exact
from ingest.tables.unruled.rows import Body, TextRow, is_amount, tokens
from ingest.text import is_total_label


@dataclass
class ReadRow:
    """A row read as code, name, figures; in an economic table then a second code (a 政府 code, or
    the next block's 部门 code), its name and figures."""

    source: TextRow
    parts: list[str]
    name: str
    numbers: list[str]
    second: list[str] = field(default_factory=list)
    second_name: str = ""
    second_numbers: list[str] = field(default_factory=list)
    issue: str | None = None
    unplaceable: str | None = None


_CODES_APART = "codes printed apart from their names (a text dump's reading order) that the code list does not pair: not placed"


def codes_apart(read: list[ReadRow], family: str) -> list[ReadRow]:
    """`30103` / `30108 奖金 180.14` / `机关事业单位基本养老保险缴费 1,064.46`: a dump printed two
    codes before their names. The codes and the (name, figures) that follow pair up in order
    where the code list names each code so; else those rows keep their figures unplaced."""
    out: list[ReadRow] = []
    k = 0
    while k < len(read):
        bare = k
        while bare < len(read) and read[bare].parts and not read[bare].name and not read[bare].numbers and not read[bare].second:
            bare += 1
        run = bare - k
        named = read[bare : bare + 1 + run]  # the coded row with a name, then one codeless row per bare code
        if not run or len(named) != run + 1 or not named[0].parts or not named[0].name or any(r.parts or r.second for r in named[1:]):
            out.append(read[k])
            k += 1
            continue
        codes = [r.parts for r in read[k:bare]] + [named[0].parts]
        if all(is_listed(family, "".join(c), r.name) for c, r in zip(codes, named, strict=True)):
            out += [replace(r, parts=c) for c, r in zip(codes, named, strict=True)]
        else:
            out += [replace(r, unplaceable=_CODES_APART) for r in read[k : bare + 1 + run]]
        k = bare + 1 + run
    return out


_STRAY = "figures printed apart from the rows around them (a text dump's reading order): which row each belongs to is not certain"


def stray_figures(rows: list[PlainRow], columns: HeaderColumns, code_of: Callable[[PlainRow], str]) -> list[PlainRow]:
    """A row of bare figures (no code, no label) after coded rows means the dump printed figures
    out of their rows' order (`302 商品和服务支出` / `30201 办公费 270.10` / … / `1,183.50`). The
    figures go to the coded rows printed without one, in order, only where the table's own
    arithmetic confirms each (a single amount column; each such row a 类/款 whose printed
    lines under it add up to the figure); else those rows and the figures stay unplaced."""
    for k, row in enumerate(rows):
        if row.role != "other" or not row.numbers or any(row.texts):
            continue
        start = next((j for j in range(k - 1, -1, -1) if rows[j].role in ("detail", "subtotal") and not rows[j].numbers), None)
        if start is None:
            continue
        empty = [r for r in rows[start:k] if r.role in ("detail", "subtotal") and not r.numbers]
        if (
            len(columns.paths) == 1
            and len(empty) == len(row.numbers)
            and all(_children_sum(r, rows, code_of) == exact(figure) for r, figure in zip(empty, row.numbers, strict=True))
        ):
            for r, figure in zip(empty, row.numbers, strict=True):
                r.numbers = [figure]
            row.numbers = []
            continue
        for r in rows[start : k + 1]:
            r.unplaceable = _STRAY
    return rows


def _children_sum(parent: PlainRow, rows: list[PlainRow], code_of: Callable[[PlainRow], str]) -> Decimal | None:
    """The sum of the single figures of the lines printed under a 类/款 row (the next code level)."""
    code = code_of(parent)
    children = [r for r in rows if code and code_of(r).startswith(code) and len(code_of(r)) == len(code) + 2]
    if not children or any(len(r.numbers) != 1 for r in children):
        return None
    return sum((exact(r.numbers[0]) for r in children), Decimal(0))


def with_total_label(body: Body, family: str, total_field: str) -> Body:
    """A `合计` printed on a line of its own among the header lines, above a first row of bare
    figures, is that row's label when the other header labels already name the table's total
    column (`金额`) and give a column to every figure of the row (`科目名称 / 合计 / 金额 /
    5,836.27`, as `pdftotext` orders a tall row's cells); else it is a column of the header."""
    if not body.rows or not all(is_amount(t) for t in body.rows[0].tokens):
        return body
    at = next((i for i, ln in enumerate(body.header) if len(tokens(ln.text)) == 1 and is_total_label(ln.text.strip())), None)
    if at is None:
        return body
    rest = body.header[:at] + body.header[at + 1 :]
    paths = header_columns(" ".join(ln.text for ln in rest)).paths
    if len(body.rows[0].numbers) > len(paths) or not any(field_for(family, p) == total_field for p in paths):
        return body
    first = TextRow([body.header[at], *body.rows[0].lines], body.rows[0].key + 1 if body.style == "centered" else 0)
    return Body(rest, [first, *body.rows[1:]], body.style)
