"""Document metadata read from the content, never from the file name.

The body, fiscal year, kind and scope come from the cover (the lines before the contents page
or the publication date, a title wrapped over several lines read as one), the labelled name
lines (`预算主管部门：…`, `部门：… 单位：万元`) and the table titles; the region and level of the
body from its name first (江苏省高级人民法院 is provincial, 上海市普陀区商务委员会 county-level),
then the cover, then the rest of the text. Wording (labels, scope, cover noise) lives in
ingest/catalog/document_wording.csv. Note: a 决算 for 2024 is dated 2025 年 9 月, and every
budget mentions 决算真实性 in its performance table, so neither the date nor a stray 决算 decides.
"""

from __future__ import annotations

import re
from collections import Counter

from ingest.catalog import document_wording
from ingest.model import DocumentMetadata, PrintedTable, SourceLine
from ingest.names import find_region, identify_department
from ingest.settings import SETTINGS
from ingest.text import UNIT, compact, strip_markup

_CONTENTS = re.compile(r"^目\s*录$")
_DATE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月(\s*\d{1,2}\s*日)?$")
_PAGE_NUMBER = re.compile(r"^[-－—\s]*\d+[-－—\s]*$")
_FISCAL_YEAR = re.compile(r"(\d{4})\s*年(?:度)?(?!\s*\d{1,2}\s*月)")
MAX_NAME_LENGTH = 40  # characters of a body's name: longer text is prose


def _labelled_name() -> re.Pattern[str]:
    return re.compile(rf"(?:{document_wording()['name_label'].pattern})[:：](?P<name>[^:：]+?)(?:(?:金额)?单位[:：].*)?$")


def title_block(lines: list[SourceLine]) -> list[SourceLine]:
    """The document's cover lines: before the contents page, the publication date or the cover's end."""
    block: list[SourceLine] = []
    for line in lines:
        text = line.text.strip()
        if not text or _PAGE_NUMBER.match(text):
            continue
        if _CONTENTS.match(compact(text)) or _DATE.match(text) or len(block) >= SETTINGS.title_block_max_lines:
            break
        if block and line.page is not None and block[0].page is not None and line.page != block[0].page:
            break
        block.append(line)
    return block


def fiscal_year(title: str, tables: list[PrintedTable]) -> int | None:
    match = _FISCAL_YEAR.search(title)
    if match:
        return int(match.group(1))
    years = Counter(int(m.group(1)) for t in tables if (m := _FISCAL_YEAR.search(t.title)))
    return years.most_common(1)[0][0] if years else None


def document_kind(title: str, tables: list[PrintedTable]) -> str | None:
    if "决算" in title:
        return "final_account"
    if "预算" in title:
        return "budget"
    votes = Counter("final_account" if "决算" in t.title else "budget" for t in tables if "算" in t.title and "绩效" not in t.title)
    return votes.most_common(1)[0][0] if votes else None


def budget_scope(title: str, tables: list[PrintedTable]) -> str:
    """unit for a 单位预算/决算 (the cover or a table title says so), else department."""
    unit = document_wording()["unit_scope"]
    if unit.search(compact(title)) or any(unit.search(compact(t.title)) for t in tables):
        return "unit"
    return "department"


def _is_name(text: str) -> bool:
    named = document_wording()["body_suffix"].search(text) is not None
    return 2 < len(text) <= MAX_NAME_LENGTH and named and not re.search(r"[，。；、]", text)


def _labelled_names(lines: list[SourceLine]) -> list[str]:
    """The names printed after a label (`部门：江苏省政协办公厅 单位：万元`)."""
    pattern = _labelled_name()
    names = []
    for line in lines:
        match = pattern.search(compact(line.text))
        if match and _is_name(match["name"]):
            names.append(match["name"])
    return names


def _cover_names(block: list[SourceLine]) -> list[str]:
    """Names on the cover: its unlabelled lines read as one text (a name may wrap), cover wording removed."""
    pattern = _labelled_name()
    text = "".join(compact(strip_markup(ln.text)) for ln in block if not pattern.search(compact(ln.text)))
    # `西工区政务服务和大数据局 部门 2021年度…`
    parts = [re.sub(r"部门$", "", p) for p in document_wording()["title_noise"].split(text) if p]
    return [p for p in parts if _is_name(p)]


def department_name(block: list[SourceLine], lines: list[SourceLine]) -> str | None:
    """The body's name as printed in full: the longest name the cover or a labelled line prints
    (a name cut by a line break, `江苏省人大`, loses to the whole one)."""
    candidates = _cover_names(block) + _labelled_names(block) + _labelled_names(lines)
    if not candidates:
        return None
    counts = Counter(candidates)
    return max(counts, key=lambda name: (len(name), counts[name]))


_NAME_BEFORE_YEAR = re.compile(r"([\u4e00-\u9fff（）()]{3,40}?)\d{4}年度?")


def _headings(lines: list[SourceLine]) -> str:
    """Short lines naming a year and 预算/决算 (`第三部分 2019 年度部门预算情况说明`): the cover's
    stand-in where the cover prints no text (an image)."""
    found = [compact(ln.text) for ln in lines if len(compact(ln.text)) <= MAX_NAME_LENGTH]
    return "".join(t for t in found if _FISCAL_YEAR.search(t) and re.search("预算|决算", t))


def _named_before_year(lines: list[SourceLine]) -> str | None:
    """The body the prose names before a year (`江苏省政协办公厅 2019 年度收入、支出预算总计…`), most often."""
    names = Counter(m.group(1) for ln in lines for m in _NAME_BEFORE_YEAR.finditer(compact(ln.text)) if _is_name(m.group(1)))
    return names.most_common(1)[0][0] if names else None


def read_metadata(lines: list[SourceLine], tables: list[PrintedTable]) -> DocumentMetadata:
    block = title_block(lines)
    title = "".join(compact(strip_markup(ln.text)) for ln in block if not UNIT.search(ln.text))
    headings = _headings(lines)  # the cover's stand-in, after the table titles
    meta = DocumentMetadata(
        fiscal_year=fiscal_year(title, tables) or fiscal_year(headings, []),
        document_kind=document_kind(title, tables) or document_kind(headings, []),
    )
    meta.budget_scope = budget_scope(title, tables)
    meta.department_name = department_name(block, lines) or _named_before_year(lines)
    search_order = [meta.department_name or "", title, *(ln.text for ln in lines)]
    region = next((r for text in search_order if (r := find_region(text, meta.fiscal_year))), None)
    if region:
        meta.admin_level, meta.province, meta.region_code = region.admin_level, region.province, region.code
        meta.city = region.city or None
        meta.district = region.name if region.admin_level == "county" else None
        if not region.valid_in(meta.fiscal_year):
            meta.region_code = None
    if meta.department_name:
        scope = meta.district or meta.city or meta.province
        meta.department_key, meta.department_id = identify_department(meta.department_name, scope)
    return meta
