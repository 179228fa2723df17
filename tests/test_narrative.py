"""fct_narrative_figures against the figures a person read in each sample's prose
(tests/expected/reference/narrative.yml)."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

import duckdb
import pytest
import yaml

from ingest.model import SourceLine
from ingest.prose import read_figures
from tests.conftest import EXPECTED, SAMPLES

with open(EXPECTED / "reference" / "narrative.yml", encoding="utf-8") as fh:
    NARRATIVE: dict[str, list[list[Any]]] = yaml.safe_load(fh)

CASES = [pytest.param(doc, *row, id=f"{doc}-{row[0]}-{row[4]}") for doc, rows in NARRATIVE.items() for row in rows]


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _document_id(name: str) -> str:
    [path] = SAMPLES.glob(f"{name}_*")
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("doc, figure, phase, amount, percent, line, function_code", CASES)
def test_a_stated_figure_is_read(con: duckdb.DuckDBPyConnection, doc: str, figure: str, phase: str, amount: Any, percent: Any,
                                 line: int, function_code: str | None) -> None:  # fmt: skip
    found = con.execute(
        "select amount, percent, function_code, sentence from marts.fct_narrative_figures "
        "where document_id = ? and figure = ? and phase = ? and line_no = ? and amount = ?",
        [_document_id(doc), figure, phase, line, _dec(amount)],
    ).fetchall()
    assert len(found) == 1, found
    _, got_percent, got_code, sentence = found[0]
    assert got_percent == _dec(percent)
    assert got_code == function_code
    printed = str(abs(_dec(amount) or 0))
    assert (printed.rstrip("0").rstrip(".") if "." in printed else printed) in sentence.replace(",", "")


def test_every_figure_is_from_the_documented_list(con: duckdb.DuckDBPyConnection) -> None:
    unknown = con.execute(
        "select distinct figure from marts.fct_narrative_figures where figure not in (select figure from seeds.narrative_figures)"
    ).fetchall()
    assert unknown == []


def _lines(*texts: str) -> list[SourceLine]:
    return [SourceLine(n, t) for n, t in enumerate(texts, start=1)]


def test_a_change_is_not_read_as_the_figure_itself() -> None:
    figures = read_figures(_lines("与上年度相比，一般公共预算财政拨款支出增加 6.96 万元，增长 0.77%。"))
    assert [(f.figure, f.amount, f.percent, f.subject) for f in figures] == [
        ("prior_year_change", Decimal("6.96"), Decimal("0.77"), "一般公共预算财政拨款支出")
    ]


def test_a_sentence_cut_by_a_line_break_is_read_whole() -> None:
    figures = read_figures(_lines("二是公务用车运行维护费1.50", "万元，预算数与上年保持一致。"))
    assert [(f.figure, f.amount, f.line) for f in figures] == [("three_public_vehicle_operation", Decimal("1.50"), 1)]


def test_an_item_named_in_the_sentence_before_its_figures() -> None:
    figures = read_figures(
        _lines("1.卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）。年初预算为 42.54 万元，支出决算为 42.54 万元。")
    )
    assert [(f.figure, f.phase, f.subject) for f in figures] == [
        ("item_budget", "budget", "卫生健康支出|行政事业单位医疗|行政单位医疗"),
        ("item_actual", "actual", "卫生健康支出|行政事业单位医疗|行政单位医疗"),
    ]
