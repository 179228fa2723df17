"""The data-quality register against the contradictions a person found in the samples
(tests/expected/reference/contradictions.yml), and the rules' single definition."""

from __future__ import annotations

import csv
import hashlib
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from fiscal.build import build
from tests.conftest import EXPECTED, ROOT, SAMPLES

with open(EXPECTED / "reference" / "contradictions.yml", encoding="utf-8") as fh:
    FOUND: dict[str, list[list[Any]]] = yaml.safe_load(fh)

with open(ROOT / "seeds" / "dq_rules.csv", encoding="utf-8", newline="") as fh:
    RULES = {r["rule_id"]: r for r in csv.DictReader(fh)}

CASES = [pytest.param(doc, *row, id=f"{doc}-{row[0]}-{n}") for doc, rows in FOUND.items() for n, row in enumerate(rows)]


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _document_id(name: str) -> str:
    [path] = SAMPLES.glob(f"{name}_*")
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _key(rule: str, severity: str, expected: Any, observed: Any) -> tuple[str, str, Decimal | None, Decimal | None]:
    return rule, severity, _dec(expected), _dec(observed)


@pytest.mark.parametrize("doc, rule, severity, expected, observed, what", CASES)
def test_a_listed_contradiction_is_in_the_register(con: duckdb.DuckDBPyConnection, doc: str, rule: str, severity: str,
                                                   expected: Any, observed: Any, what: str) -> None:  # fmt: skip
    rows = con.execute(
        "select severity, expected, observed from marts.dq_discrepancies where document_id = ? and rule_id = ?", [_document_id(doc), rule]
    ).fetchall()
    assert _key(rule, severity, expected, observed)[1:] in [tuple(r) for r in rows], what


@pytest.mark.parametrize("doc", sorted({*FOUND, "000", "001", "002", "003", "004"}))
def test_no_unlisted_warning_or_error(con: duckdb.DuckDBPyConnection, doc: str) -> None:
    rows = con.execute(
        "select rule_id, severity, expected, observed from marts.dq_discrepancies "
        "where document_id = ? and severity in ('warning', 'error')",
        [_document_id(doc)],
    ).fetchall()
    listed = [_key(*row[:4]) for row in FOUND.get(doc, [])]
    unlisted = [r for r in rows if tuple(r) not in listed]
    assert unlisted == []
    assert len(rows) == len([k for k in listed if k[1] != "info"])


def test_every_registered_rule_is_defined_once_with_severity_and_tolerance(con: duckdb.DuckDBPyConnection) -> None:
    used = {r for (r,) in con.execute("select distinct rule_id from marts.dq_discrepancies").fetchall()}
    assert used <= set(RULES)
    for rule in RULES.values():
        assert rule["severity"] in ("error", "warning", "info") and rule["tolerance"] in ("exact", "rounding", "printed_precision", "none")
        assert rule["description"]


def test_the_readme_lists_every_rule() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [r for r in RULES if f"`{r}`" not in readme] == []


def test_the_picture_per_document(con: duckdb.DuckDBPyConnection) -> None:
    picture = con.execute(
        "select document_id, rule_id, severity, count(*) from marts.dq_discrepancies group by all order by all"
    ).fetchall()
    assert {row[0] for row in picture} >= {_document_id(d) for d in FOUND}


@pytest.fixture(scope="module")
def altered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """001 with four figures changed the way a careless publisher would: the 收支总表's 一般公共服务,
    one line of the 一般公共预算支出表, the 经济分类汇总表's 合计, and a 部门经济分类 printed beside an
    unusual 政府经济分类. Each must be caught by its own rule."""
    [path] = SAMPLES.glob("001_*")
    text = path.read_text(encoding="utf-8")
    changes = [
        ("一、一般公共服务\t717.88", "一、一般公共服务\t717.80"),  # 收支总表
        ("\t\t合计\t\t\t\t778.96\t778.96\t778.96", "\t\t合计\t\t\t\t778.69\t778.96\t778.96"),  # 经济分类汇总表
        ("301\t03\t奖金\t505\t01\t工资福利支出", "301\t03\t奖金\t505\t02\t商品和服务支出"),
    ]
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    lines = text.split("\n")
    second = [n for n, line in enumerate(lines) if line.startswith("201\t03\t50\t\t事业运行\t717.88")][1]
    lines[second] = lines[second].replace("717.88", "717.08", 1)  # the 一般公共预算支出表's line
    folder = tmp_path_factory.mktemp("altered")
    (folder / "001.txt").write_text("\n".join(lines), encoding="utf-8")
    db = tmp_path_factory.mktemp("altered-warehouse") / "fiscal.duckdb"
    build(folder, db, ROOT)
    return db


@pytest.mark.parametrize(
    "rule, expected, observed",
    [
        ("summary_vs_function_categories", "717.80", "717.88"),
        ("expenditure_vs_general_public", "717.88", "717.08"),
        ("economic_summary_vs_total", "778.96", "778.69"),
        ("economic_mapping_unusual", None, None),
    ],
)
def test_each_cross_table_rule_catches_its_change(altered: Path, rule: str, expected: str | None, observed: str | None) -> None:
    con = duckdb.connect(str(altered), read_only=True)
    found = con.execute("select severity, expected, observed from marts.dq_discrepancies where rule_id = ?", [rule]).fetchall()
    con.close()
    assert ("warning", _dec(expected), _dec(observed)) in [tuple(r) for r in found]
