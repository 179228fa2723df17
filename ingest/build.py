"""`make build`: ingest SOURCES into a staging copy, run `dbt build` on it, publish it atomically.

The staging file has the SAME name as the published one (dbt-duckdb stores views
catalog-qualified by the file's basename) and lives in a hidden folder beside it. Only when
every step succeeds is it checkpointed, closed and `os.replace`d onto DB: a reader holding
the published file open keeps its snapshot, a failed build leaves the published file as it was.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ingest.land import create_raw_schema, land_document, land_lineage
from ingest.model import ParsedDocument
from ingest.names import department_lineage
from ingest.worker import DEFAULT_LIMITS, Limits, ingest_in_workers

STAGING_FOLDER = ".fiscal-staging"


class BuildError(Exception):
    """A build step failed; the message says which, and the published warehouse is untouched."""


@dataclass
class BuildSummary:
    statuses: Counter[str] = field(default_factory=Counter)
    tables: int = 0
    rows: int = 0
    warnings: int = 0  # the source contradicts itself
    errors: int = 0  # the pipeline could not read something

    def add(self, doc: ParsedDocument) -> None:
        self.statuses[doc.status] += 1
        self.tables += len(doc.tables)
        self.rows += doc.row_count
        self.warnings += sum(1 for i in doc.issues if i.severity == "warning")
        self.errors += sum(1 for i in doc.issues if i.severity == "error")

    def line(self) -> str:
        docs = sum(self.statuses.values())
        parts = ", ".join(f"{self.statuses[s]} {s}" for s in ("ingested", "partial", "failed"))
        register = f"{self.warnings} warnings and {self.errors} errors in dq_discrepancies"
        return f"{docs} documents ({parts}), {self.tables} tables, {self.rows} rows, {register}"


def find_documents(sources: Path) -> list[Path]:
    """Every file under SOURCES (hidden files and folders skipped), in a stable order."""
    if not sources.is_dir():
        raise BuildError(f"SOURCES {sources} is not a folder")
    files = [p for p in sources.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(sources).parts)]
    return sorted(files, key=lambda p: p.relative_to(sources).as_posix())


def ingest_all(sources: Path, con: duckdb.DuckDBPyConnection, log: bool = True, limits: Limits = DEFAULT_LIMITS) -> BuildSummary:
    """Parse every document in worker processes (see ingest.worker) and land each as it comes."""
    create_raw_schema(con)
    summary = BuildSummary()
    files = find_documents(sources)
    started = time.perf_counter()
    pairs = [(path, path.relative_to(sources).as_posix()) for path in files]
    for n, doc in enumerate(ingest_in_workers(pairs, limits), start=1):
        land_document(con, doc)
        summary.add(doc)
        if log:
            took = time.perf_counter() - started
            detail = f"{len(doc.tables)} tables, {doc.row_count} rows, {_landed_share(doc)}" + (
                f" — {doc.status_reason}" if doc.status_reason else ""
            )
            print(f"[{n}/{len(files)}] {doc.status:<8} {doc.source_path}: {detail} ({took:.2f}s elapsed)", flush=True)
    land_lineage(con, department_lineage())
    return summary


def _landed_share(doc: ParsedDocument) -> str:
    """`figures 312/312 landed` (or how many are reported in dq_discrepancies instead)."""
    if not doc.figures_printed:
        return "no figures"
    reported = f", {doc.figures_reported} reported" if doc.figures_reported else ""
    return f"figures {doc.figures_landed}/{doc.figures_printed} landed{reported}"


def run_dbt(project_dir: Path, db_path: Path) -> None:
    build_dir = project_dir / "build" / "dbt"
    dbt = Path(sys.executable).with_name("dbt")
    command = [
        str(dbt), "build", "--project-dir", str(project_dir), "--profiles-dir", str(project_dir),
        "--target-path", str(build_dir / "target"), "--log-path", str(build_dir / "logs"),
    ]  # fmt: skip
    env = {**os.environ, "FISCAL_DB_PATH": str(db_path)}
    log_file = build_dir / "dbt-build.log"
    build_dir.mkdir(parents=True, exist_ok=True)
    with open(log_file, "w", encoding="utf-8") as out:
        result = subprocess.run(command, cwd=project_dir, env=env, stdout=out, stderr=subprocess.STDOUT, check=False)
    print(f"dbt build: {_dbt_outcome(build_dir / 'target' / 'run_results.json')} (log: {log_file.relative_to(project_dir)})")
    if result.returncode != 0:
        tail = log_file.read_text(encoding="utf-8").splitlines()[-25:]
        print("\n".join(tail), file=sys.stderr)
        raise BuildError("dbt build failed")


def _dbt_outcome(run_results: Path) -> str:
    if not run_results.exists():
        return "no results"
    statuses = Counter(r["status"] for r in json.loads(run_results.read_text(encoding="utf-8"))["results"])
    return ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))


def _register_counts(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """Rows of the data-quality register that need a reader's attention: (warnings, errors)."""
    row = con.execute(
        "select count(*) filter (where severity = 'warning'), count(*) filter (where severity = 'error') from marts.dq_discrepancies"
    ).fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def build(sources: Path, db: Path, project_dir: Path, limits: Limits = DEFAULT_LIMITS) -> BuildSummary:
    sources, db, project_dir = sources.resolve(), db.resolve(), project_dir.resolve()
    staging = db.parent / STAGING_FOLDER / db.name
    staging.parent.mkdir(parents=True, exist_ok=True)
    with open(staging.with_name(db.name + ".lock"), "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(f"another build of {db} is running") from None
        return _build_locked(sources, db, staging, project_dir, limits)


def _build_locked(sources: Path, db: Path, staging: Path, project_dir: Path, limits: Limits) -> BuildSummary:
    for stale in (staging, staging.with_name(staging.name + ".wal")):
        stale.unlink(missing_ok=True)
    print(f"Ingesting {sources} into a staging copy of {db}")
    con = duckdb.connect(str(staging))
    try:
        summary = ingest_all(sources, con, limits=limits)
    finally:
        con.close()
    run_dbt(project_dir, staging)
    con = duckdb.connect(str(staging))
    try:
        summary.warnings, summary.errors = _register_counts(con)
        con.execute("checkpoint")
    finally:
        con.close()
    os.replace(staging, db)
    print(f"Published {db}: {summary.line()}")
    return summary
