"""Parsing on a Dask cluster (`fiscal build --executor dask --scheduler ADDRESS`): a local cluster
of a scheduler and two worker processes on this machine builds the same warehouse as the local
worker processes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fiscal.build import build
from tests.conftest import ROOT, SAMPLES
from tests.test_build import mart_checksums


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:  # type: ignore[no-untyped-call]
        yield str(cluster.scheduler_address)


def test_a_local_dask_cluster_builds_the_warehouse_the_local_workers_build(
    scheduler: str, warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "dask" / "fiscal.duckdb"
    build(SAMPLES, db, ROOT, cache_dir=tmp_path / "shared-cache", scheduler=scheduler)
    out = capsys.readouterr().out
    assert "[5/5] ingested" in out and "[cached]" not in out  # parsed by the cluster's workers
    assert len(list((tmp_path / "shared-cache").glob("*/*/summary.json"))) == 5
    assert mart_checksums(db) == mart_checksums(warehouse)
