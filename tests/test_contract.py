"""One contract between Python and SQL: the strings the dbt models filter on are the catalogs'
(table kinds, families, fields, row keys, rules), and no field the readers land is dropped by the
pivot. A catalog change that the models do not follow fails here, not silently in the marts."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import duckdb

from ingest.model import rule_severities
from ingest.tables.kinds import FAMILY
from tests.conftest import ROOT

MODELS = sorted((ROOT / "models").rglob("*.sql"))
CATALOG = ROOT / "ingest" / "catalog"


def _catalog(name: str) -> list[dict[str, str]]:
    with open(CATALOG / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _literals(column: str) -> set[str]:
    """Every string a model compares `column` with (`column = 'x'`, `column in ('x', 'y')`)."""
    found: set[str] = set()
    pattern = re.compile(rf"\b{column}\s*(?:=|<>|in)\s*(\('[^)]*\)|'[^']*')")
    for path in MODELS:
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            found |= set(re.findall(r"'([^']*)'", match.group(1)))
    return found


def _pivot_fields() -> set[str]:
    text = (ROOT / "models" / "intermediate" / "int_line_items_pivoted.sql").read_text(encoding="utf-8")
    listed = re.search(r"set fields = \[(.*?)\]", text, re.S)
    assert listed is not None
    return set(re.findall(r"'([a-z_0-9]+)'", listed.group(1)))


def test_table_kinds_in_the_models_are_the_catalogs() -> None:
    kinds = {row["kind"] for row in _catalog("table_kinds.csv")} | {"unknown"}
    assert kinds == set(FAMILY)
    assert _literals("table_kind") <= kinds
    assert _literals("table_family") <= set(FAMILY.values())


def test_row_keys_in_the_models_are_the_catalogs() -> None:
    keys = {row["key"] for row in _catalog("row_labels.csv")} | {row["key"] for row in _catalog("performance_figures.csv")}
    assert _literals("row_key") <= keys


def test_every_field_the_catalog_names_is_pivoted() -> None:
    """No column of the vocabulary is dropped by int_line_items_pivoted (summary lines hold up to
    six figures: amount … amount_6)."""
    fields = {row["field"] for row in _catalog("column_fields.csv") if row["family"] in ("function", "economic", "project", "three_public")}
    text_fields = {f for f in fields if f.startswith(("code", "dept_", "gov_", "project_", "unit_")) or f == "name"}
    missing = (fields - text_fields) - _pivot_fields()
    assert missing == set()
    assert {"amount", "amount_2", "amount_3", "amount_4", "amount_5", "amount_6"} <= _pivot_fields()


def test_no_landed_figure_is_dropped_by_the_pivot(warehouse: Path) -> None:
    """Every field of raw.line_item_values reaches the pivot, but a column-number (栏次) row's
    figures (`col3`), which are reported and never lines."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        landed = {r[0] for r in con.execute("select distinct field from raw.line_item_values").fetchall()}
    finally:
        con.close()
    assert {f for f in landed if not re.fullmatch(r"col\d+", f)} <= _pivot_fields()


CHECKS = ROOT / "models" / "checks"


def _raised_by(path: Path) -> set[str]:
    """The rule ids a check model writes: `'x' as rule_id`, and the literal after `document_id,`
    (and `table_no,`) in a union's select list."""
    text = path.read_text(encoding="utf-8")
    found = set(re.findall(r"'([a-z_]+)'\s+as\s+rule_id", text))
    found |= set(re.findall(r"select\s+[\w.]*document_id,\s*(?:table_no,\s*)?'([a-z_]+)'", text))
    found |= set(re.findall(r"\bdocument_id,\s*table_no,\s*'([a-z_]+)'", text))
    return found


def _check_models() -> dict[str, Path]:
    """`chk_<family>.sql` by family: one model per rule family, in models/checks/."""
    return {path.stem.removeprefix("chk_"): path for path in sorted(CHECKS.glob("chk_*.sql"))}


def _raised_rules() -> set[str]:
    return set().union(*(_raised_by(path) for path in _check_models().values()))


def test_every_rule_a_model_raises_is_defined_in_the_seed() -> None:
    raised = _raised_rules()
    assert len(raised) > 20
    assert raised - set(rule_severities()) == set()


def test_each_check_model_raises_only_its_own_family() -> None:
    """`chk_<family>` raises the rules whose category in dq_rules is `<family>` (and a reading it
    cannot confirm as the reader's `reading_uncertain`); every family of the seed but the reader's
    has its model."""
    with open(ROOT / "seeds" / "dq_rules.csv", encoding="utf-8", newline="") as fh:
        category = {row["rule_id"]: row["category"] for row in csv.DictReader(fh)}
    models = _check_models()
    assert set(category.values()) - {"reader"} == set(models)
    for family, path in models.items():
        stray = {rule for rule in _raised_by(path) if category.get(rule) not in (family, None)}
        assert stray <= {"reading_uncertain"}, (path.name, stray)


def test_the_prose_catalog_words_the_documented_figures() -> None:
    """Every figure catalog/prose_figures.csv words is in seeds/narrative_figures.csv (the values
    fct_narrative_figures.figure takes), and every documented figure is worded there or read by
    the catalog's sentence grammars (a change on the prior year, a 类/款/项 item's budget and actual)."""
    with open(ROOT / "seeds" / "narrative_figures.csv", encoding="utf-8", newline="") as fh:
        documented = {row["figure"] for row in csv.DictReader(fh)}
    worded = {row["figure"] for row in _catalog("prose_figures.csv") if row["role"] in ("statement", "subject")}
    assert worded <= documented
    assert documented - worded == {"prior_year_change", "item_budget", "item_actual"}
