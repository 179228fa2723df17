"""The plain reader on text dumps real tools write of real PDFs and of our renderings of the
samples (tests/dumps.py: pdfplumber `extract_text()`, `pdftotext -layout`, `pdftotext`),
compared per document and tool with what the PDF reader reads from the PDF itself.

A dump never gives a figure the PDF does not: each figure is the PDF's, or NULL, or not read;
and where the PDF prints no figure (a blank cell, or no such line), neither does the dump.
How much each tool's dump yields is a floor here (the share measured when it was last raised;
the aim is 95 %), printed per tool and layout family by `make bench`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from ingest.pipeline import ingest_file
from tests.dumps import TOOLS, Comparison, available, compare, dump, pdfs

# share of the PDF's figures each tool's dump gives the same, over the real PDFs and the renderings
FLOORS = {"pdfplumber": 0.945, "pdftotext-layout": 0.95, "pdftotext": 0.14}


@dataclass
class Reading:
    pdf: Path
    tool: str
    comparison: Comparison


@pytest.fixture(scope="module")
def readings(tmp_path_factory: pytest.TempPathFactory) -> list[Reading]:
    folder = tmp_path_factory.mktemp("dumps")
    found = []
    for pdf in pdfs(folder):
        read = ingest_file(pdf, pdf.name)
        for tool in (t for t in TOOLS if available(t)):
            path = folder / f"{pdf.stem}.{tool}.txt"
            path.write_text(dump(pdf, tool), encoding="utf-8")
            found.append(Reading(pdf, tool, compare(read, ingest_file(path, path.name))))
    return found


@pytest.mark.parametrize("tool", TOOLS)
def test_a_dump_gives_no_figure_the_pdf_does_not(readings: list[Reading], tool: str) -> None:
    if not available(tool):
        pytest.skip(f"{tool} is not installed (poppler-utils)")
    wrong = [
        (r.pdf.name, key, str(pdf_value), sorted(map(str, got)))
        for r in readings
        if r.tool == tool
        for key, pdf_value, got in r.comparison.different
    ]
    assert wrong == []
    # nor a figure where the PDF reading has none: a blank cell filled, or a line the PDF does not have
    extra = [(r.pdf.name, key, str(value)) for r in readings if r.tool == tool for key, value in r.comparison.extra]
    assert extra == []


@pytest.mark.parametrize("tool", TOOLS)
def test_each_tool_gives_at_least_its_floor_of_the_pdf_figures(readings: list[Reading], tool: str) -> None:
    if not available(tool):
        pytest.skip(f"{tool} is not installed (poppler-utils)")
    mine = [r.comparison for r in readings if r.tool == tool]
    printed = sum(c.printed for c in mine)
    assert printed > 3000
    assert sum(len(c.same) for c in mine) / printed >= FLOORS[tool]


def test_side_by_side_blocks_of_a_final_account_read_from_pdfplumbers_dump(readings: list[Reading]) -> None:
    """上海's 基本支出决算表 prints two blocks side by side (`301 工资福利支出 95.36 302 商品和服务支出
    10.23`); pdfplumber's dump gives each block's lines their own figures, as the PDF does."""
    [reading] = [r for r in readings if r.tool == "pdfplumber" and r.pdf.name == "shanghai-putuo-2024-social-work-dept-final-account.pdf"]
    basic = [key for key in reading.comparison.same if key[0] == "basic_expenditure"]
    unread = [key for key in reading.comparison.null + reading.comparison.missing if key[0] == "basic_expenditure"]
    assert {key[2] for key in basic} >= {"301", "30101", "302", "30201", "303", "30399", "30299", "310", "31099"}
    assert len(basic) >= 65 and len(unread) <= 2
