"""Figures stated in the explanatory prose (情况说明), each with its sentence and line.

The prose is read as one stream, because a sentence is often cut by a line or page break
(`公务用车运行维护费1.50` / `万元`). What is read and how it is worded is catalog/prose_figures.csv
(the documented list of figures is seeds/narrative_figures.csv, held to it by a test); a
figure's phase is the one its wording states (年初预算 →
budget, 全年预算 → adjusted_budget, 决算 → actual) or, when the wording states none, the
document's own (`document`). "年初预算为 X 万元，支出决算为 Y 万元" gives two figures; in a 决算
the subject named by 类/款/项 gives `item_budget` / `item_actual` with those names, which dbt
resolves to a function code.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources

from ingest.model import ProseFigure, SourceLine
from ingest.text import parse_amount, strip_markup

# The grammar tokens of a statement's pattern (catalog/prose_figures.csv): the figure, its share,
# the words between a label and its figure (not a change: `支出增加 6.96 万元`), a count.
_TOKENS = {
    "{amount}": r"(?P<amount>[0-9][0-9,]*(?:\.[0-9]+)?)\s*(?P<stray>[%％])?\s*万元",
    "{share}": r"(?:[，,]\s*占[^，。；;0-9]{0,12}?(?P<percent>[0-9]+(?:\.[0-9]+)?)\s*[%％])?",
    "{gap}": r"(?P<gap>(?:(?!增加|减少|增长|下降|相比)[^，。；;0-9%]){0,12}?)",
    "{count}": r"(?P<count>[0-9]+)",
}


@dataclass(frozen=True)
class Figure:
    figure: str
    pattern: re.Pattern[str]
    unit: str = "万元"


def _catalog(role: str) -> list[dict[str, str]]:
    text = resources.files("ingest.catalog").joinpath("prose_figures.csv").read_text(encoding="utf-8")
    return [row for row in csv.DictReader(text.splitlines()) if row["role"] == role]


def _compiled(pattern: str) -> re.Pattern[str]:
    for token, grammar in _TOKENS.items():
        pattern = pattern.replace(token, grammar)
    return re.compile(pattern)


@cache
def figures() -> list[Figure]:
    """What the prose states, as catalog/prose_figures.csv words it (role `statement`)."""
    return [Figure(row["figure"], _compiled(row["pattern"]), row["unit"]) for row in _catalog("statement")]


@cache
def _subjects() -> list[tuple[str, str]]:
    """Words naming the subject of a budget-and-actual sentence -> its figure, in catalog order."""
    return [(row["pattern"], row["figure"]) for row in _catalog("subject")]


@cache
def _sentence(name: str) -> re.Pattern[str]:
    """A sentence grammar of catalog/prose_figures.csv (role `sentence`): budget_and_actual, item_names, prior_year_change."""
    return re.compile(next(row["pattern"] for row in _catalog("sentence") if row["figure"] == name))


_CLAUSE_START = re.compile(r"[。；;：:，,]")


@dataclass
class _Stream:
    text: str
    starts: list[int]
    numbers: list[int]

    def line_at(self, offset: int) -> int:
        return self.numbers[bisect_right(self.starts, offset) - 1]

    def sentence(self, start: int, end: int) -> str:
        """The sentence around [start, end): from the previous 。 to the next one."""
        left = max(self.text.rfind("。", 0, start), self.text.rfind("\n", 0, start)) + 1
        right = self.text.find("。", end)
        return self.text[left : right + 1 if right != -1 else len(self.text)].strip()


_HEADING = re.compile(r"^(#|第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.、．])")


def _stream(lines: list[SourceLine]) -> _Stream:
    """The prose as one text; a heading or a numbered line starts a new sentence (a newline)."""
    text, starts, numbers = "", [], []
    for line in lines:
        raw = line.text.strip()
        cleaned = strip_markup(raw).strip().lstrip("#").strip()
        if not cleaned:
            continue
        heading = _HEADING.match(raw) is not None
        if heading and text and not text.endswith("\n"):
            text += "\n"
        starts.append(len(text))
        numbers.append(line.number)
        text += cleaned
        if heading and len(cleaned) <= 40 and not re.search(r"[，,。；;]", cleaned):
            text += "\n"  # a title line, not the start of a wrapped sentence
    return _Stream(text, starts, numbers)


def _phase(wording: str) -> str:
    if "全年预算" in wording:
        return "adjusted_budget"
    if "预算" in wording:
        return "budget"
    if "决算" in wording:
        return "actual"
    return "document"


def _decimal(text: str | None) -> Decimal | None:
    return parse_amount(text) if text else None


def read_figures(lines: list[SourceLine]) -> list[ProseFigure]:
    stream = _stream(lines)
    figures = list(_budget_and_actual(stream))
    taken = [(f.offset, f.end) for f in figures]
    figures += [f for f in _simple(stream) if not any(a <= f.offset < b for a, b in taken)]
    figures += list(_changes(stream))
    return sorted(figures, key=lambda f: (f.line, f.offset, f.figure))


def _budget_and_actual(stream: _Stream) -> Iterator[ProseFigure]:
    for m in _sentence("budget_and_actual").finditer(stream.text):
        subject = _CLAUSE_START.split(m["subject"])[-1].strip() or m["subject"].strip()
        before = stream.text[max(0, m.start("which") - 160) : m.start("which")]
        item = _sentence("item_names").search(before)
        sentence_start = m.start()
        if item:
            figure, names = "item", "|".join(item[k].strip() for k in ("class", "item", "sub"))
            sentence_start = m.start("which") - len(before) + item.start()
        else:
            figure = next((f for key, f in _subjects() if key in subject), "")
            names = subject
        if not figure:
            continue
        budget_figure, actual_figure = ("item_budget", "item_actual") if figure == "item" else (figure, figure)
        budget_phase = "adjusted_budget" if m["which"] == "全年" else "budget"
        line, sentence = stream.line_at(m.start("budget")), stream.sentence(sentence_start, m.end())
        for name, value, phase, start, percent in (
            (budget_figure, m["budget"], budget_phase, m.start("budget"), None),
            (actual_figure, m["actual"], "actual", m.start("actual"), m["percent"]),
        ):
            yield ProseFigure(
                name, _decimal(value), line=line, sentence=sentence, phase=phase, percent=_decimal(percent),
                subject=names, offset=start, end=m.end(),
            )  # fmt: skip


# a 类/款/项 named in the clause before a figure: the figure is that item's, not the document's
_ITEM_NAMED = re.compile(r"[（(][类款项][)）]")


def _names_an_item(stream: _Stream, start: int) -> bool:
    """`检察（款）: 2018年预算支出合计 16,444.36万元`, `公务接待费（款）支出 16万元`: the clause before the
    figure names a 类/款/项, so the figure is that item's."""
    left = max(stream.text.rfind(c, 0, start) for c in "。；;\n") + 1
    return _ITEM_NAMED.search(stream.text[left:start]) is not None


def _simple(stream: _Stream) -> Iterator[ProseFigure]:
    for spec in figures():
        for m in spec.pattern.finditer(stream.text):
            groups = m.groupdict()
            value = groups.get("amount") or groups.get("count")
            start = m.start("amount") if groups.get("amount") else m.start("count")
            if _names_an_item(stream, start):  # `其他商品和服务支出（款）支出 175.08万元`
                continue
            gap = groups.get("gap") or ""
            yield ProseFigure(
                spec.figure, _decimal(value), line=stream.line_at(start), sentence=stream.sentence(m.start(), m.end()),
                phase=_phase(gap), percent=_decimal(groups.get("percent")), unit=spec.unit, offset=start, end=m.end(),
                stray=groups.get("stray"),
            )  # fmt: skip


def _changes(stream: _Stream) -> Iterator[ProseFigure]:
    """Change on the prior year: signed amount and percent, with what changed."""
    for m in _sentence("prior_year_change").finditer(stream.text):
        sign = -1 if m["sign"] == "减少" else 1
        subject = m["subject"].strip()
        if not subject:  # `人员经费 638.80 万元，与上年度相比增加 …`: the clause before names it
            before = stream.text[: m.start()].rstrip("，,")
            subject = re.sub(r"[0-9.,\s]+万元$", "", _CLAUSE_START.split(before)[-1]).strip()
        amount, percent = _decimal(m["amount"]), _decimal(m["percent"])
        yield ProseFigure(
            "prior_year_change", sign * amount if amount is not None else None, line=stream.line_at(m.start("amount")),
            sentence=stream.sentence(m.start(), m.end()), phase="document", percent=sign * percent if percent is not None else None,
            subject=subject, unit="万元", offset=m.start("amount"), end=m.end(),
        )  # fmt: skip
