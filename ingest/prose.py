"""Figures stated in the explanatory prose (情况说明), each with its sentence and line.

The prose is read as one stream, because a sentence is often cut by a line or page break
(`公务用车运行维护费1.50` / `万元`). `FIGURES` lists what is read (the documented list is
seeds/narrative_figures.csv); a figure's phase is the one its wording states (年初预算 →
budget, 全年预算 → adjusted_budget, 决算 → actual) or, when the wording states none, the
document's own (`document`). "年初预算为 X 万元，支出决算为 Y 万元" gives two figures; in a 决算
the subject named by 类/款/项 gives `item_budget` / `item_actual` with those names, which dbt
resolves to a function code.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from ingest.model import ProseFigure, SourceLine
from ingest.text import parse_amount, strip_markup

_AMOUNT = r"(?P<amount>[0-9][0-9,]*(?:\.[0-9]+)?)\s*%?\s*万元"  # `954.72%万元` is printed once: read as 万元
_SHARE = r"(?:[，,]\s*占[^，。；;0-9]{0,12}?(?P<percent>[0-9]+(?:\.[0-9]+)?)\s*[%％])?"
_GAP = r"(?P<gap>(?:(?!增加|减少|增长|下降|相比)[^，。；;0-9%]){0,12}?)"  # not a change: `支出增加 6.96 万元`
_NOT_GRANT = r"(?<!财政拨款)"
_COUNT = r"(?P<count>[0-9]+)"


@dataclass(frozen=True)
class Figure:
    figure: str
    pattern: re.Pattern[str]
    unit: str = "万元"


def _figure(figure: str, pattern: str, unit: str = "万元") -> Figure:
    return Figure(figure, re.compile(pattern), unit)


FIGURES: list[Figure] = [
    _figure("income_total", _NOT_GRANT + r"收入(?:总计|合计)" + _GAP + _AMOUNT),
    _figure("expenditure_total", _NOT_GRANT + r"支出(?:总计|合计)" + _GAP + _AMOUNT),
    _figure("income_and_expenditure_total", _NOT_GRANT + r"收、?支(?:总计|总额)(?:均为|各为|为)\s*" + _AMOUNT),
    _figure("fiscal_grant_total", r"财政拨款收、?支总计(?:均为|各为|为)\s*" + _AMOUNT),
    _figure("general_public_budget", r"一般公共预算(?:财政拨款)?(?:收支预算|支出)" + _GAP + _AMOUNT + _SHARE),
    _figure("basic_expenditure", r"基本支出" + _GAP + _AMOUNT + _SHARE),
    _figure("project_expenditure", r"(?<!对)项目支出" + _GAP + _AMOUNT + _SHARE),
    _figure("personnel_expenditure", r"人员经费(?:支出)?" + _GAP + _AMOUNT + _SHARE),
    _figure("public_expenditure", r"公用经费(?:支出)?" + _GAP + _AMOUNT + _SHARE),
    _figure("economic_wages_benefits", r"工资福利支出" + _GAP + _AMOUNT + _SHARE),
    _figure("economic_goods_services", r"商品(?:和)?服务支出" + _GAP + _AMOUNT + _SHARE),
    _figure("economic_household_transfers", r"对个人和家庭(?:的)?补助(?:支出)?" + _GAP + _AMOUNT + _SHARE),
    _figure("economic_capital", r"资本性支出" + _GAP + _AMOUNT + _SHARE),
    _figure("operating_expenses", r"(?:机关运行经费|机构运转经费)(?:支出)?" + _GAP + _AMOUNT),
    _figure("procurement_total", r"政府采购(?:预算安排|支出总额|预算总额|预算)" + _GAP + _AMOUNT),
    _figure("initial_budget", r"(?:年初预算资金|单位\s*\d{4}\s*年\s*年初预算)" + _GAP + _AMOUNT),
    _figure("three_public_total", r"“?三公”?经费(?:财政拨款)?(?:支出)?" + _GAP + _AMOUNT),
    _figure("three_public_overseas_travel", r"因公出国[（(]境[)）]费(?:用)?" + _GAP + _AMOUNT),
    _figure("three_public_vehicle_total", r"公务用车购置及运行(?:维护)?费" + _GAP + _AMOUNT),
    _figure("three_public_vehicle_purchase", r"公务用车购置(?:费|支出)" + _GAP + _AMOUNT),
    _figure("three_public_vehicle_operation", r"公务用车运行(?:维护)?(?:费|支出)" + _GAP + _AMOUNT),
    _figure("three_public_reception", r"公务接待费" + _GAP + _AMOUNT),
    _figure("project_count", r"共\s*" + _COUNT + r"\s*个项目", unit="个"),
    _figure("vehicle_count", r"(?:共有车辆|公务用车保有量为)\s*" + _COUNT + r"\s*辆", unit="辆"),
]

# "X 年初预算为 A 万元，支出决算为 B 万元（，完成年初预算的 P%）": budget and actual of one subject
_BUDGET_AND_ACTUAL = re.compile(
    r"(?P<subject>[^。；;]{0,80}?)(?P<which>年初|全年)预算(?:数)?为\s*(?P<budget>[0-9][0-9,]*(?:\.[0-9]+)?)\s*万元[，,]\s*"
    r"支出决算(?:数)?为\s*(?P<actual>[0-9][0-9,]*(?:\.[0-9]+)?)\s*万元"
    r"(?:[，,]\s*完成(?:年初|全年)预算的\s*(?P<percent>[0-9]+(?:\.[0-9]+)?)\s*[%％])?"
)
# `一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）。` just before the figures
_ITEM = re.compile(
    r"(?P<class>[^（()）0-9.、。，；;\s]+)[（(]类[)）](?P<item>[^（()）。]+(?:[（(]室[)）][^（()）。]*)?)[（(]款[)）]"
    r"(?P<sub>[^（()）。]+)[（(]项[)）][。.，,\s]*$"
)
_SUBJECTS = [  # a budget-and-actual subject -> figure
    ("三公", "three_public_total"),
    ("因公出国", "three_public_overseas_travel"),
    ("公务用车购置及运行", "three_public_vehicle_total"),
    ("公务接待", "three_public_reception"),
    ("机关运行经费", "operating_expenses"),
    ("机构运转经费", "operating_expenses"),
    ("一般公共预算", "general_public_budget"),
]
_CHANGE = re.compile(
    r"与(?:上年度?|\s*\d{4}\s*年(?:度)?(?:预算)?)相比[，,]?\s*(?P<subject>[^，。；;0-9]{0,24}?)各?(?P<sign>增加|减少)\s*"
    r"(?P<amount>[0-9][0-9,]*(?:\.[0-9]+)?)\s*万元[，,]?\s*(?:增长|下降)\s*(?P<percent>[0-9]+(?:\.[0-9]+)?)\s*[%％]"
)
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
    for m in _BUDGET_AND_ACTUAL.finditer(stream.text):
        subject = _CLAUSE_START.split(m["subject"])[-1].strip() or m["subject"].strip()
        before = stream.text[max(0, m.start("which") - 160) : m.start("which")]
        item = _ITEM.search(before)
        sentence_start = m.start()
        if item:
            figure, names = "item", "|".join(item[k].strip() for k in ("class", "item", "sub"))
            sentence_start = m.start("which") - len(before) + item.start()
        else:
            figure = next((f for key, f in _SUBJECTS if key in subject), "")
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
    for spec in FIGURES:
        for m in spec.pattern.finditer(stream.text):
            groups = m.groupdict()
            value = groups.get("amount") or groups.get("count")
            start = m.start("amount") if groups.get("amount") else m.start("count")
            if _names_an_item(stream, start):  # `其他商品和服务支出（款）支出 175.08万元`
                continue
            gap = groups.get("gap") or ""
            names = ["income_total", "expenditure_total"] if spec.figure == "income_and_expenditure_total" else [spec.figure]
            for name in names:
                yield ProseFigure(
                    name, _decimal(value), line=stream.line_at(start), sentence=stream.sentence(m.start(), m.end()),
                    phase=_phase(gap), percent=_decimal(groups.get("percent")), unit=spec.unit, offset=start, end=m.end(),
                )  # fmt: skip


def _changes(stream: _Stream) -> Iterator[ProseFigure]:
    """Change on the prior year: signed amount and percent, with what changed."""
    for m in _CHANGE.finditer(stream.text):
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
