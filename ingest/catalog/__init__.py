"""The catalogs: wording, labels and aliases as data (one CSV per vocabulary), read once."""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources


@cache
def document_wording() -> dict[str, re.Pattern[str]]:
    """The patterns of document_wording.csv by what they find (name_label, body_suffix, …)."""
    text = resources.files("ingest.catalog").joinpath("document_wording.csv").read_text(encoding="utf-8")
    return {row["what"]: re.compile(row["pattern"]) for row in csv.DictReader(text.splitlines())}
