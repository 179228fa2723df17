"""Every rule of seeds/dq_rules.csv proven: it fires on a crafted input and stays silent on a clean one.

A rule a check model raises (models/checks/) is proven by a dbt unit test in
models/checks/_checks__unit_tests.yml whose expected rows show it on a document other than `ok`,
beside an `ok` document given to the same test. A rule the readers raise is proven by a pytest in
tests/test_reader_rules*.py named `test_<rule_id>__…` that alters a document and watches it fire.
"""

from __future__ import annotations

import ast
import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import ROOT
from tests.test_contract import _raised_rules

UNIT_TESTS = ROOT / "models" / "checks" / "_checks__unit_tests.yml"


def _rules() -> dict[str, str]:
    with open(ROOT / "seeds" / "dq_rules.csv", encoding="utf-8", newline="") as fh:
        return {row["rule_id"]: row["category"] for row in csv.DictReader(fh)}


def _unit_tests() -> list[dict[str, Any]]:
    return list(yaml.safe_load(UNIT_TESTS.read_text(encoding="utf-8"))["unit_tests"])


def _fired_by_unit_tests() -> set[str]:
    """Rules a unit test expects on a crafted document beside a clean (`ok`) one."""
    fired: set[str] = set()
    for test in _unit_tests():
        given = {row.get("document_id") for given in test["given"] for row in given.get("rows") or []}
        if "ok" not in given:
            continue
        fired |= {row["rule_id"] for row in test["expect"]["rows"] if row.get("document_id") != "ok"}
    return fired


def _reader_tests() -> set[str]:
    """`<rule_id>` of every `test_<rule_id>__…` in tests/test_reader_rules*.py."""
    found: set[str] = set()
    for path in sorted((ROOT / "tests").glob("test_reader_rules*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_") and "__" in node.name:
                found.add(node.name.removeprefix("test_").split("__")[0])
    return found


def test_every_unit_test_is_named_after_a_rule_or_its_model() -> None:
    rules = _rules()
    for test in _unit_tests():
        prefix = test["name"].split("__")[0]
        assert prefix in rules or prefix == test["model"], test["name"]


def test_every_rule_a_model_raises_has_a_unit_test_and_every_reader_rule_a_pytest() -> None:
    rules, raised, by_unit_tests = _rules(), _raised_rules(), _fired_by_unit_tests()
    assert sorted(raised - by_unit_tests) == []
    assert sorted(set(rules) - by_unit_tests - _reader_tests()) == []


def test_the_rules_unit_tests_pass(warehouse: Path, tmp_path: Path) -> None:
    """dbt runs the unit tests on a copy of the built warehouse (it reads the input models' columns
    there); `make build` leaves them out."""
    db = tmp_path / warehouse.name  # the same file name: the staging views name their catalog
    shutil.copy(warehouse, db)
    dbt = Path(sys.executable).with_name("dbt")
    command = [
        str(dbt), "test", "--select", "test_type:unit", "--project-dir", str(ROOT), "--profiles-dir", str(ROOT),
        "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs"),
    ]  # fmt: skip
    result = subprocess.run(command, cwd=ROOT, env={**os.environ, "FISCAL_DB_PATH": str(db)}, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-4000:]
    assert f"PASS={len(_unit_tests())} " in result.stdout
