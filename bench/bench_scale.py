"""`fiscal build` at scale: N generated Markdown documents (bench/corpus.py), each build a process
of its own, timed as a user runs it.

For each N: a cold build (empty cache, no warehouse) split into parsing (until the last
document's progress line), landing + dbt, and the whole; documents/s; peak RSS of the build's
processes (the largest so far); a rebuild with nothing changed; a rebuild after adding one
document; and, up to 1,000 documents, the same cold build on a local Dask cluster (scheduler and
two worker processes) against the local workers. Figures are
printed and written to bench/results/scale.json; nothing is asserted.

N defaults to 100 and 1,000; `FISCAL_BENCH_SIZES=100,1000,10000` sets them (10,000 takes
minutes on two cores).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import generate

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
FISCAL = Path(sys.executable).with_name("fiscal")


def _build(sources: Path, db: Path, *options: str) -> dict[str, float]:
    """One `fiscal build`, its phases timed from its own progress lines as they are printed."""
    started = time.perf_counter()
    last_parse = started
    process = subprocess.Popen(
        [str(FISCAL), "build", "--sources", str(sources), "--db", str(db), "--project-dir", str(ROOT), *options],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith(("[", "Ingesting")):
            last_parse = time.perf_counter()
    if process.wait() != 0:
        raise SystemExit(f"fiscal build failed on {sources}")
    ended = time.perf_counter()
    return {"parse_s": last_parse - started, "land_dbt_s": ended - last_parse, "total_s": ended - started}


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def run(n: int, scratch: Path) -> dict[str, float]:
    sources, db = scratch / f"corpus-{n}", scratch / f"warehouse-{n}" / "fiscal.duckdb"
    paths = generate(n + 1, sources)
    extra = paths.pop()
    held = scratch / extra.name
    extra.rename(held)  # the +1 document, added for the last rebuild
    cold = _build(sources, db)
    figures = {"documents": n, **cold, "docs_per_s": n / cold["parse_s"], "peak_rss_mb": _peak_rss_mb()}
    figures["no_change_rebuild_s"] = _build(sources, db)["total_s"]
    held.rename(sources / held.name)
    figures["one_added_rebuild_s"] = _build(sources, db)["total_s"]
    if n <= DASK_UP_TO:  # the same cold build on a local Dask cluster (scheduler + 2 workers)
        from distributed import LocalCluster

        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:  # type: ignore[no-untyped-call]
            dask_db = scratch / f"dask-{n}" / "fiscal.duckdb"
            dask = _build(sources, dask_db, "--executor", "dask", "--scheduler", str(cluster.scheduler_address))
        figures["dask_total_s"] = dask["total_s"]
        figures["dask_vs_local"] = dask["total_s"] / cold["total_s"]
    return figures


DASK_UP_TO = 1000


def main() -> None:
    sizes = [int(s) for s in os.environ.get("FISCAL_BENCH_SIZES", "100,1000").split(",")]
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        for n in sizes:
            figures = run(n, Path(scratch))
            results.append(figures)
            print(
                f"  {n:>6} Markdown documents: parse {figures['parse_s']:7.1f} s ({figures['docs_per_s']:6.1f} docs/s), "
                f"land+dbt {figures['land_dbt_s']:6.1f} s, total {figures['total_s']:7.1f} s, peak RSS {figures['peak_rss_mb']:6.0f} MB; "
                f"no-change rebuild {figures['no_change_rebuild_s']:5.1f} s, +1 document {figures['one_added_rebuild_s']:5.1f} s"
                + (
                    f"; local Dask cluster {figures['dask_total_s']:6.1f} s ({figures['dask_vs_local']:.2f}× local)"
                    if "dask_total_s" in figures
                    else ""
                ),
                flush=True,
            )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "scale.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    print("fiscal build at scale (bench/corpus.py; 2 cores shared, figures indicative):")
    main()
