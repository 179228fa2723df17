"""Document metadata read from the content, never from the file name.

district, department, fiscal year and kind come from the title block (the lines before the
contents page or the publication date); the 部门名称 lines of the tables and the table
titles are the fallbacks. Note: a 决算 for 2024 is dated 2025 年 9 月, and every budget
mentions 决算真实性 in its performance table, so neither the date nor a stray 决算 decides.
"""

from __future__ import annotations

import re
from collections import Counter

from ingest.model import DocumentMetadata, PrintedTable, SourceLine
from ingest.names import find_region, identify_department
from ingest.settings import SETTINGS
from ingest.text import compact, strip_markup

_CONTENTS = re.compile(r"^目\s*录$")
_DATE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月(\s*\d{1,2}\s*日)?$")
_FISCAL_YEAR = re.compile(r"(\d{4})\s*年(?:度)?(?!\s*\d{1,2}\s*月)")
_DEPT_NAME_LINE = re.compile(r"(?:部门|单位)(?:[(（]单位[)）])?名称\s*[:：]\s*(\S+?)(?:(?:金额)?单位\s*[:：]|$)")
_TITLE_NOISE = re.compile(r"\d{4}\s*年度?|部门(?:预算|决算)(?:公开|说明)?|(?:预算|决算)公开|年度|[“”\"]")
_BODY_SUFFIX = re.compile(r"(局|中心|办公室|委员会|政府|院|所|站|队|馆|处|部|会|社|室|厅|办|委)$")


def title_block(lines: list[SourceLine]) -> list[SourceLine]:
    """The document's cover lines: before the contents page, the publication date or the cover's end."""
    block: list[SourceLine] = []
    for line in lines:
        text = line.text.strip()
        if not text:
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


def department_name(title: str, lines: list[SourceLine]) -> str | None:
    """The department as printed in the title; else the most common 部门名称 of the tables."""
    candidate = re.sub(r"\s+", " ", _TITLE_NOISE.sub(" ", title)).strip()
    parts = [p for p in (re.sub(r"部门$", "", p) for p in candidate.split(" ")) if _BODY_SUFFIX.search(p)]
    if parts:
        return max(parts, key=len)
    named = Counter(m.group(1) for ln in lines if (m := _DEPT_NAME_LINE.search(ln.text.replace(" ", ""))))
    return named.most_common(1)[0][0] if named else None


def read_metadata(lines: list[SourceLine], tables: list[PrintedTable]) -> DocumentMetadata:
    title = " ".join(strip_markup(ln.text).strip() for ln in title_block(lines))
    meta = DocumentMetadata(fiscal_year=fiscal_year(title, tables), document_kind=document_kind(title, tables))
    meta.department_name = department_name(title, lines)
    search_order = [meta.department_name or "", title, *(ln.text for ln in lines)]
    region = next((r for text in search_order if (r := find_region(text, meta.fiscal_year))), None)
    if region:
        meta.district, meta.city, meta.region_code = region.name, region.city, region.code
        if not region.valid_in(meta.fiscal_year):
            meta.region_code = None
    if meta.department_name:
        meta.department_key, meta.department_id = identify_department(meta.department_name, meta.district)
    return meta
