"""Figures stated in the explanatory prose (情况说明).

For now: the 三公 items, which decide whether a blank cell of a 三公 table is a stated zero.
Prose lines are read as one stream, because a sentence is often cut by a page break
(`公务用车运行维护费1.50` / `万元`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from decimal import Decimal

from ingest.model import ProseFigure, SourceLine
from ingest.text import strip_markup

_NUMBER = r"([0-9][0-9,]*(?:\.[0-9]+)?)\s*万元"
_GAP = r"[^，。；;0-9%]{0,10}?"
FIGURES: list[tuple[str, re.Pattern[str]]] = [
    ("three_public_total", re.compile(r"“?三公”?经费(?:财政拨款)?(?:支出)?(?:全年)?预算(?:数)?为" + r"\s*" + _NUMBER)),
    ("three_public_overseas_travel", re.compile(r"因公出国[（(]境[)）]费(?:用)?" + _GAP + _NUMBER)),
    ("three_public_vehicle_total", re.compile(r"公务用车购置及运行(?:维护)?费" + _GAP + _NUMBER)),
    ("three_public_vehicle_purchase", re.compile(r"公务用车购置费" + _GAP + _NUMBER)),
    ("three_public_vehicle_operation", re.compile(r"公务用车运行(?:维护)?费" + _GAP + _NUMBER)),
    ("three_public_reception", re.compile(r"公务接待费" + _GAP + _NUMBER)),
]


def read_figures(lines: list[SourceLine]) -> list[ProseFigure]:
    stream, starts, numbers = "", [], []
    for line in lines:
        text = strip_markup(line.text).strip()
        if not text:
            continue
        starts.append(len(stream))
        numbers.append(line.number)
        stream += text
    figures = []
    for figure, pattern in FIGURES:
        for match in pattern.finditer(stream):
            line_no = numbers[bisect_right(starts, match.start()) - 1]
            sentence = stream[max(0, match.start() - 20) : match.end() + 10]
            figures.append(ProseFigure(figure, Decimal(match.group(1).replace(",", "")), line_no, sentence))
    return sorted(figures, key=lambda f: (f.line, f.figure))
