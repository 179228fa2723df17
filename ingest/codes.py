"""The classification code lists of seeds/ (shared with dbt), for the few places a parser must
tell a code from a look-alike (a department code `512` printed where a 5xx class could be)."""

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
