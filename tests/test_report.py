"""`make report`: the static report opens in headless Chromium without console errors, every
figure on its pages equals the marts, and a screenshot of each page is saved."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest
from playwright.sync_api import ConsoleMessage, Request, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from fiscal.report import build_report
from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium not installed (.ci/run installs it)")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]  # fmt: skip
SHOTS = ROOT / "build" / "report-screenshots"


class _Errors:
    """What the page logs as an error, throws, or fails to load."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.seen.append(message.text)

    def page_error(self, error: PlaywrightError) -> None:
        self.seen.append(str(error))

    def request_failed(self, request: Request) -> None:
        self.seen.append(f"request failed: {request.url}")


def _mart_value(con: duckdb.DuckDBPyConnection, mart: str, key: dict[str, Any], column: str) -> Decimal | int | None:
    """The figure a cell claims to show, read from the marts independently of the report code."""
    if mart == "cmp_department_years":
        row = con.execute(
            f"select {column} from marts.cmp_department_years where lineage_id = ? and breakdown = ? and fiscal_year = ? "
            "and phase = ? and code = ?",
            [key["lineage_id"], key["breakdown"], key["fiscal_year"], key["phase"], key["code"]],
        ).fetchall()
    elif mart == "cmp_budget_vs_actual":
        expression = "execution_rate * 100" if column == "execution_rate_pct" else column
        row = con.execute(
            f"select {expression} from marts.cmp_budget_vs_actual where department_id = ? and fiscal_year = ? and function_code = ?",
            [key["department_id"], key["fiscal_year"], key["function_code"]],
        ).fetchall()
    elif mart == "lineage_documents":
        row = con.execute(
            "select count(*) from marts.dim_document join marts.dim_department using (department_id) where lineage_id = ?",
            [key["lineage_id"]],
        ).fetchall()
    elif mart in ("lineage_warnings", "lineage_discrepancies"):
        severities = ["warning", "error"] if mart == "lineage_warnings" else [key["severity"]]
        row = con.execute(
            "select count(*) from marts.dq_discrepancies q join marts.dim_document d using (document_id) "
            "join marts.dim_department p using (department_id) where p.lineage_id = ? and list_contains(?, q.severity)",
            [key["lineage_id"], severities],
        ).fetchall()
    else:
        raise AssertionError(f"unknown mart {mart}")
    assert len(row) == 1, (mart, key, column)
    value = row[0][0]
    return Decimal(str(value)) if isinstance(value, float) else value


@pytest.fixture(scope="module")
def pages(warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return build_report(warehouse, tmp_path_factory.mktemp("report"))


def test_the_report_renders_and_shows_the_marts_figures(warehouse: Path, pages: list[Path]) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(warehouse), read_only=True)
    checked = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            for path in pages:
                page = browser.new_page(viewport={"width": 1200, "height": 900})
                errors = _Errors()
                page.on("console", errors.console)
                page.on("pageerror", errors.page_error)
                page.on("requestfailed", errors.request_failed)
                page.goto(path.as_uri())
                assert page.title()
                assert errors.seen == [], (path.name, errors.seen)
                for cell in page.query_selector_all("td[data-mart]"):
                    mart, column = cell.get_attribute("data-mart") or "", cell.get_attribute("data-column") or ""
                    key = json.loads(cell.get_attribute("data-key") or "{}")
                    shown = cell.inner_text().replace(",", "").strip()
                    expected = _mart_value(con, mart, key, column)
                    if expected is None:
                        assert shown == "", (path.name, mart, key, column)
                    else:
                        places = len(shown.split(".")[1]) if "." in shown else 0
                        assert Decimal(shown) == Decimal(str(expected)).quantize(Decimal(1).scaleb(-places)), (mart, key, column)
                    checked += 1
                if path.name != "index.html":
                    assert page.query_selector("svg") is not None, path.name  # the charts are there
                page.screenshot(path=str(SHOTS / f"{path.stem}.png"), full_page=True)
                page.close()
        finally:
            browser.close()
            con.close()
    assert checked > 50


def test_the_report_needs_no_network(pages: list[Path]) -> None:
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert "<script src" not in text and "<link" not in text and "http://" not in text.replace("http://www.w3.org/2000/svg", "")
