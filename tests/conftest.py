"""Shared fixtures: the sample warehouse is built once per test session, in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from fiscal.build import build

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
REALWORLD = ROOT / "data" / "realworld"
EXPECTED = ROOT / "tests" / "expected"


def expected_documents() -> list[dict[str, Any]]:
    """The person-typed expected values, one dict per sample document."""
    docs = []
    for path in sorted(EXPECTED.glob("*.yml")):
        with open(path, encoding="utf-8") as fh:
            doc = yaml.safe_load(fh)
        doc["_name"] = path.stem
        docs.append(doc)
    return docs


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("warehouse") / "fiscal.duckdb"
    build(SAMPLES, db, ROOT)
    return db


@pytest.fixture(scope="session")
def realworld_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real publishers' PDFs (data/realworld, copied from ../shared/realworld), built once."""
    db = tmp_path_factory.mktemp("realworld") / "fiscal.duckdb"
    build(REALWORLD, db, ROOT)
    return db


@pytest.fixture()
def con(warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(warehouse), read_only=True)
    yield connection
    connection.close()
