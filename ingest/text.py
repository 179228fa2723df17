"""Cell-level text cleaning shared by every reader: HTML remnants, stray spaces, amounts.

Nothing here knows about tables; it turns one printed cell into clean text, and clean
text into an exact amount.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

_HTML_TAG = re.compile(r"</?(?:b|strong|i|em|p|span|div|sup|sub|br)\b[^>]*>", re.IGNORECASE)
_MARKDOWN_EMPHASIS = re.compile(r"\*\*|__")
# A CJK ideograph or full-width punctuation: spaces next to these are layout artefacts.
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’"
_SPACE_NEXT_TO_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
_AMOUNT = re.compile(r"^[-−–]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
# The words that name a total or subtotal, as a line label (合计 row) or a column (小计 column): the one vocabulary.
SUBTOTAL_WORDS = ("合计", "小计", "总计")
# A line label that names a total (合计, 总计, 本年收入合计, 人员经费合计 …).
_TOTAL_LABEL = re.compile(rf"^({'|'.join(SUBTOTAL_WORDS)}|本年(收入|支出)合计|(收入|支出)(合计|总计)|.{{1,8}}合计)[:：]?$")
# An enumerator in front of a line label: 一、 / （二） / 1、 / 其中：（1）
ENUMERATOR = re.compile(r"^(其中[:：])?([(（]?[一二三四五六七八九十\d]+[)）、.．]\s*)+")


# a table's unit line: `单位：万元`, `金额单位：元`
UNIT = re.compile(r"(?:金额)?单位\s*[:：]\s*(万元|千元|元)")


# CJK Radicals Supplement forms drawn as a whole character (`⺠` for `民`, `⻔` for `门`):
# bad ToUnicode maps emit them, and NFKC (which maps the Kangxi radicals `⼀` -> `一`) leaves
# them alone. Only forms identical to the standalone character are listed.
_SUPPLEMENT_RADICALS = str.maketrans(
    "⺁⺟⺠⺝⺩⺼⻄⻅⻆⻉⻋⻓⻔⻘⻙⻚⻛⻜⻝⻢⻣⻤⻥⻦⻧⻨⻩⻬⻮⻰⻳",
    "厂母民月王月西见角贝车长门青韦页风飞食马骨鬼鱼鸟卤麦黄齐齿龙龟",
)


def normalise_radicals(text: str) -> str:
    """Kangxi radicals and whole-character radical forms replaced by the ideograph they look like."""
    return unicodedata.normalize("NFKC", text.translate(_SUPPLEMENT_RADICALS))


def strip_markup(text: str) -> str:
    """Remove the HTML and Markdown emphasis a converter left in a cell or line."""
    text = _HTML_TAG.sub(" ", text)
    text = _MARKDOWN_EMPHASIS.sub("", text)
    return text.replace("&nbsp;", " ").replace("&amp;", "&")


def clean_cell(text: str) -> str:
    """Clean one printed cell: markup removed, spaces inside Chinese text removed.

    `政务服务窗口专 项经费` -> `政务服务窗口专项经费`, `2025 年劳务派遣` -> `2025年劳务派遣`.
    Spaces between two Latin letters or digits are kept (they may be meaningful), except
    inside an amount, which `parse_amount` handles.
    """
    if re.fullmatch(r"\s*\*+\s*", text):
        return text.strip()  # a column-marker cell (`**`), not Markdown emphasis
    text = strip_markup(text).replace("\u00a0", " ").replace("\u3000", " ")
    text = _SPACE_NEXT_TO_CJK.sub("", text.strip())
    return re.sub(r"\s{2,}", " ", text)


def compact(text: str) -> str:
    """A comparison key: NFKC, no whitespace, no quotes. Never shown to users."""
    text = normalise_radicals(strip_markup(text))
    return re.sub(r"[\s“”\"'‘’「」]", "", text)


def parse_amount(text: str) -> Decimal | None:
    """The exact amount a cell prints, or None when the cell is not an amount.

    Accepts thousands separators (`19,059,000.00`) and spaces inside the number
    (`497.3 1`, `4 1 4 . 5 3`). A blank cell is None; `0.00` is Decimal('0.00').
    """
    candidate = re.sub(r"\s+", "", text)
    if not candidate or not _AMOUNT.match(candidate):
        return None
    candidate = candidate.replace(",", "").replace("−", "-").replace("–", "-")
    try:
        return Decimal(candidate)
    except InvalidOperation:  # pragma: no cover - the regex already guarantees a number
        return None


def is_total_label(label: str | None) -> bool:
    return bool(label) and bool(_TOTAL_LABEL.match(compact(label or "")))


def is_subtotal_column(label: str) -> bool:
    """A column header that totals its siblings: 合计, 小计, 总计, 当年支出小计 …"""
    return label.endswith(SUBTOTAL_WORDS)
