import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SAMPLES

FISCAL = str(Path(sys.executable).with_name("fiscal"))


def test_help_lists_every_command() -> None:
    out = subprocess.run([FISCAL, "--help"], capture_output=True, text=True, check=True).stdout
    for command in ("build", "inspect", "query"):
        assert command in out


def test_make_help_lists_the_targets() -> None:
    out = subprocess.run(["make", "help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for target in ("build", "test", "lint", "clean", "help"):
        assert f"  {target}" in out


def test_inspect_prints_what_was_found() -> None:
    out = subprocess.run([FISCAL, "inspect", str(SAMPLES / "003_6d6ee4970fc0bf0d.txt")], capture_output=True, text=True, check=True).stdout
    assert '"document_kind": "final_account"' in out
    assert '"kind": "three_public"' in out


def test_query_reads_the_warehouse(warehouse: Path) -> None:
    sql = "select count(*) as n from marts.fct_expenditure_by_function"
    out = subprocess.run([FISCAL, "query", sql, "--db", str(warehouse)], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["n", "37"]  # 7 + 5 + 7 + 7 + 11 lines in 000-004
