"""Regions and department names: the one place a department's identity is normalised.

`department_id` is a stable hash of the district and the normalised department name, so
洛阳市洛龙区人民政府办公室 and 洛龙区人民政府办公室 are one department, and so are
西工区政务服务和大数据局, 洛阳市西工区政务服务和大数据管理局 and 西工区政数局.
The lookups live in seeds/ (regions.csv, department_name_aliases.csv), shared with dbt.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from ingest.text import compact

ADMIN_LEVELS = {"province": "province", "city": "prefecture"}  # every other level is county-level


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str  # province | city (prefecture-level) | district | county | county_city | other
    city: str
    province: str
    valid_from: int | None
    valid_to: int | None

    def valid_in(self, year: int | None) -> bool:
        if year is None:
            return True
        return (self.valid_from is None or year >= self.valid_from) and (self.valid_to is None or year <= self.valid_to)

    @property
    def admin_level(self) -> str:
        """province, prefecture or county: the level of government of a body in this division."""
        return ADMIN_LEVELS.get(self.level, "county")


def seeds_dir() -> Path:
    return Path(os.environ.get("FISCAL_SEEDS_DIR", Path(__file__).resolve().parents[1] / "seeds"))


def read_seed(name: str) -> list[dict[str, str]]:
    with open(seeds_dir() / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def regions() -> tuple[Region, ...]:
    def year(text: str) -> int | None:
        return int(text) if text.strip() else None

    return tuple(
        Region(
            r["region_code"], r["region_name"], r["level"], r["city"], r["province"], year(r["valid_from_year"]), year(r["valid_to_year"])
        )
        for r in read_seed("regions.csv")
    )


@cache
def _aliases() -> dict[tuple[str, str], str]:
    """(district, alias) -> canonical name; district '' for an abbreviation every district uses."""
    return {(compact(r["district"]), compact(r["alias"])): compact(r["canonical"]) for r in read_seed("department_name_aliases.csv")}


@cache
def _name_counts() -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in regions():
        counts[r.name] = counts.get(r.name, 0) + 1
    return counts


def find_region(text: str, year: int | None = None) -> Region | None:
    """The deepest division a text names whose parents the text does not contradict.

    `上海市普陀区…` is 310107 (舟山 has a 普陀区 too: its 浙江省/舟山市 are not named), `江苏省高级人民法院`
    is 320000, `洛龙区…` is 410311 (the only 洛龙区). A county-level name shared by several divisions
    (普陀区, 城区, 鼓楼区) counts only when its province or city is named too; among the rest, the
    one valid in `year`, the longest name, the first printed.
    """
    key = compact(text)
    named = [r for r in regions() if r.name in key]
    provinces = {r.name for r in named if r.level == "province"}
    cities = {r.name for r in named if r.level == "city"}

    def confirmed(r: Region) -> bool:
        return r.province in provinces or (r.level != "city" and r.city in cities)

    def consistent(r: Region) -> bool:
        if r.level == "province":
            return True
        if provinces and r.province not in provinces:
            return False
        if r.level != "city" and cities and r.city not in cities and r.city != r.province:
            return False
        return confirmed(r) or _name_counts()[r.name] == 1

    found = [r for r in named if consistent(r)]
    if not found:
        return None
    depth = {"province": 0, "city": 1}
    found.sort(key=lambda r: (-depth.get(r.level, 2), not r.valid_in(year), -len(r.name), key.index(r.name)))
    return found[0]


@cache
def _region_names() -> list[str]:
    """Province and city names, longest first: the prefixes a department's printed name may carry."""
    return sorted({r.city for r in regions() if r.city} | {r.province for r in regions()}, key=len, reverse=True)


@cache
def _name_forms() -> list[tuple[re.Pattern[str], str]]:
    """Long and short forms of one body's name (ingest/catalog/name_forms.csv), in file order."""
    text = resources.files("ingest.catalog").joinpath("name_forms.csv").read_text(encoding="utf-8")
    return [(re.compile(r["pattern"]), r["replacement"]) for r in csv.DictReader(text.splitlines())]


def normalise_department_name(name: str, district: str | None) -> str:
    """洛阳市西工区政务服务和大数据局 -> 政务服务和大数据管理局 (district kept separately);
    中国共产党江苏省委员会办公厅, 中共江苏省委办公厅 and 江苏省委办公厅 are one key."""
    key = compact(name)
    for pattern, replacement in _name_forms():
        key = pattern.sub(replacement, key)
    stripped = True
    while stripped:  # 江苏省南京市…: the province, then the city
        stripped = False
        for region in _region_names():
            if key.startswith(region) and len(key) > len(region):
                key, stripped = key[len(region) :], True
    if district and key.startswith(district):
        key = key[len(district) :]
    key = re.sub(r"^(部门|本级)", "", key)
    aliases = _aliases()
    return aliases.get((compact(district or ""), key)) or aliases.get(("", key), key)


def department_id(district: str | None, department_key: str) -> str:
    return hashlib.sha256(f"{district or ''}|{department_key}".encode()).hexdigest()[:16]


def identify_department(name: str, district: str | None) -> tuple[str, str]:
    """(normalised name, department_id) of a department as printed in `district`."""
    key = normalise_department_name(name, district)
    return key, department_id(district, key)


@dataclass(frozen=True)
class LineageLink:
    predecessor_id: str
    predecessor_key: str
    successor_id: str
    successor_key: str
    year: int | None
    seed_row: int  # data row number in seeds/department_lineage.csv, from 1


def department_lineage() -> list[LineageLink]:
    """seeds/department_lineage.csv with each side's department_id, named as documents are."""
    links = []
    for n, r in enumerate(read_seed("department_lineage.csv"), start=1):
        before = identify_department(r["predecessor_name"], r["predecessor_district"] or None)
        after = identify_department(r["successor_name"], r["successor_district"] or None)
        year = int(r["year"]) if r["year"].strip() else None
        links.append(LineageLink(before[1], before[0], after[1], after[0], year, n))
    return links


# a year in a project name: `2023`, `（2024年）`, `2025年度` (not the 1234 of `12345便民热线`)
_PROJECT_YEAR = re.compile(r"\(?(?<!\d)(?:19|20)\d{2}(?!\d)年?度?\)?")


def project_name_key(name: str) -> str:
    """A project name as a comparison key (no spaces, full-width forms folded)."""
    return compact(name)


def project_series_key(name: str) -> str:
    """The name with its year removed: `电子政务网络建设经费 2023` ~ `电子政务网络建设经费（2024 年）`."""
    return _PROJECT_YEAR.sub("", project_name_key(name)) or project_name_key(name)
