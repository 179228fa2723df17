"""The person-typed expected values of 001-004, drawn as PDFs in two styles (tests/pdfgen:
reportlab with its CID font, and an Excel workbook exported by LibreOffice; merged two- and
three-row headers, wrapped names, blank cells, a table continued over pages with its header
repeated), must read back to exactly the expected facts.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from fiscal.build import build
from tests import facts
from tests.conftest import ROOT, expected_documents
from tests.pdfgen import render_pdf
from tests.pdfgen.excel_style import soffice

STYLES = ("reportlab", "excel")
NO_LIBREOFFICE = "LibreOffice not installed (.ci/run installs libreoffice-calc-nogui and fonts-wqy-microhei)"
DOCS = [d for d in expected_documents() if d["_name"] != "000"]
CASES = [pytest.param(d, s, id=f"{d['_name']}-{s}") for d in DOCS for s in STYLES]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[tuple[str, str], str]]:
    folder = tmp_path_factory.mktemp("pdf-renders")
    ids = {}
    for doc in DOCS:
        for style in STYLES:
            if style == "excel" and soffice() is None:
                continue
            path = render_pdf(doc, style, folder / f"{doc['_name']}_{style}.pdf")
            ids[(doc["_name"], style)] = hashlib.sha256(path.read_bytes()).hexdigest()
    db = tmp_path_factory.mktemp("pdf-warehouse") / "fiscal.duckdb"
    build(folder, db, ROOT)
    return db, ids


@pytest.mark.parametrize(("doc", "style"), CASES)
def test_documents_are_ingested(rendered: tuple[Path, dict[tuple[str, str], str]], doc: dict[str, Any], style: str) -> None:
    db, ids = rendered
    if (doc["_name"], style) not in ids:
        pytest.skip(NO_LIBREOFFICE)
    [row] = facts.rows(db, "select * from marts.dim_document where document_id = ?", [ids[(doc["_name"], style)]])
    assert row["status"] == "ingested", row["status_reason"]
    meta = doc["metadata"]
    assert (row["district"], row["department_name"], row["fiscal_year"], row["document_kind"]) == (
        meta["district"], meta["department_name"], meta["fiscal_year"], meta["document_kind"],
    )  # fmt: skip


@pytest.mark.parametrize(("doc", "style"), CASES)
def test_function_facts(rendered: tuple[Path, dict[tuple[str, str], str]], doc: dict[str, Any], style: str) -> None:
    db, ids = rendered
    if (doc["_name"], style) not in ids:
        pytest.skip(NO_LIBREOFFICE)
    facts.function_facts(db, ids[(doc["_name"], style)], doc)


@pytest.mark.parametrize(("doc", "style"), CASES)
def test_economic_facts(rendered: tuple[Path, dict[tuple[str, str], str]], doc: dict[str, Any], style: str) -> None:
    db, ids = rendered
    if (doc["_name"], style) not in ids:
        pytest.skip(NO_LIBREOFFICE)
    facts.economic_facts(db, ids[(doc["_name"], style)], doc)


@pytest.mark.parametrize(("doc", "style"), CASES)
def test_project_facts(rendered: tuple[Path, dict[tuple[str, str], str]], doc: dict[str, Any], style: str) -> None:
    db, ids = rendered
    if (doc["_name"], style) not in ids:
        pytest.skip(NO_LIBREOFFICE)
    facts.project_facts(db, ids[(doc["_name"], style)], doc)


@pytest.mark.parametrize(("doc", "style"), CASES)
def test_three_public(rendered: tuple[Path, dict[tuple[str, str], str]], doc: dict[str, Any], style: str) -> None:
    db, ids = rendered
    if (doc["_name"], style) not in ids:
        pytest.skip(NO_LIBREOFFICE)
    facts.three_public_facts(db, ids[(doc["_name"], style)], doc)
