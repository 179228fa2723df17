"""The classification code lists of seeds/ (shared with dbt), for the few places a parser must
tell a code from a look-alike (a department code `512` printed where a 5xx class could be), or
read a garbled printed code (`30 01 基本工资`) as the one code its name determines."""

from __future__ import annotations

from functools import cache

from ingest.names import read_seed
from ingest.text import compact


@cache
def economic_names() -> dict[str, frozenset[str]]:
    """economic code -> the names the code list gives it (compacted)."""
    names: dict[str, set[str]] = {}
    for row in read_seed("economic_codes.csv"):
        names.setdefault(row["economic_code"], set()).add(compact(row["economic_name"]))
    return {code: frozenset(found) for code, found in names.items()}


def is_listed_economic(code: str, name: str | None) -> bool:
    """True when the code list has `code` under this name (or the row prints no name)."""
    listed = economic_names().get(code)
    return listed is not None and (not name or compact(name) in listed)


@cache
def _codes_by_name(seed: str, code_column: str, name_column: str) -> dict[str, frozenset[str]]:
    by_name: dict[str, set[str]] = {}
    for row in read_seed(seed):
        by_name.setdefault(compact(row[name_column]), set()).add(row[code_column])
    return {name: frozenset(codes) for name, codes in by_name.items()}


def is_listed(family: str, code: str, name: str) -> bool:
    """True when the `family` (function, economic) code list names `code` so."""
    return code in _codes_by_name(f"{family}_codes.csv", f"{family}_code", f"{family}_name").get(compact(name), frozenset())


def _fits(printed: str, code: str) -> bool:
    """The printed digits appear, in order, in the code (`30 01` in 30101, `301 2` in 30102)."""
    rest = iter(code)
    return all(ch in rest for ch in printed if ch.isdigit())


def code_by_name(family: str, printed: str, name: str | None) -> str | None:
    """The one listed code named `name` whose digits the garbled printed code shows, else None."""
    if not name:
        return None
    listed = _codes_by_name(f"{family}_codes.csv", f"{family}_code", f"{family}_name")
    candidates = [c for c in listed.get(compact(name), frozenset()) if _fits(printed, c)]
    return candidates[0] if len(candidates) == 1 else None
