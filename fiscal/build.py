"""`make build`: ingest SOURCES into a staging copy, run `dbt build` on it, publish it atomically.

The staging file has the SAME name as the published one (dbt-duckdb stores views
catalog-qualified by the file's basename) and lives in a hidden folder beside it. Only when
every step succeeds is it checkpointed, closed and `os.replace`d onto DB: a reader holding
the published file open keeps its snapshot, a failed build leaves the published file as it was.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ingest.land import create_raw_schema, land_document, land_duplicate, land_lineage
from ingest.model import ParsedDocument
from ingest.names import department_lineage
from ingest.pipeline import failed_document, file_id, unreadable_id
from ingest.worker import DEFAULT_LIMITS, Limits, ingest_in_workers

STAGING_FOLDER = ".fiscal-staging"
# What `fiscal build`'s main module imports: each worker re-runs it, so the fork server preloads it.
ENTRY_MODULES = ("fiscal.cli",)


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
        parts = ", ".join(
            f"{self.statuses[s]} {s}" for s in ("ingested", "partial", "failed", "duplicate") if s != "duplicate" or self.statuses[s]
        )
        register = f"{self.warnings} warnings and {self.errors} errors in dq_discrepancies"
        return f"{docs} documents ({parts}), {self.tables} tables, {self.rows} rows, {register}"


@dataclass(frozen=True)
class Skipped:
    """A path under SOURCES that is not read, and why (listed in dim_document, never dropped silently)."""

    source_path: str
    reason: str


def find_documents(sources: Path) -> tuple[list[Path], list[Skipped]]:
    """Every file under SOURCES (hidden files and folders skipped), in a stable order, and the
    paths that cannot be read as documents: unreadable folders, symlinked folders (not followed:
    no loops, nothing outside SOURCES), symlinks to files outside SOURCES. Walked without
    recursion, so a folder any number of levels deep is fine."""
    if not sources.is_dir():
        raise BuildError(f"SOURCES {sources} is not a folder")
    root = sources.resolve()
    files: list[Path] = []
    skipped: list[Skipped] = []
    stack = [sources]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            skipped.append(Skipped(_relative(Path(folder), sources) + "/", f"folder cannot be read: {exc.strerror or exc}"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            relative = _relative(path, sources)
            if entry.is_symlink():
                target = path.resolve()
                if target.is_dir():
                    skipped.append(Skipped(relative + "/", "symlinked folder: not followed (no loops, nothing outside SOURCES)"))
                elif not target.exists():
                    skipped.append(Skipped(relative, "broken symlink: not read"))
                elif not target.is_relative_to(root):
                    skipped.append(Skipped(relative, "symlink to a file outside SOURCES: not read"))
                else:
                    files.append(path)
            elif entry.is_dir(follow_symlinks=False):
                stack.append(path)
            elif entry.is_file(follow_symlinks=False):
                files.append(path)
    files.sort(key=lambda p: _relative(p, sources))
    return files, sorted(skipped, key=lambda s: s.source_path)


def _relative(path: Path, sources: Path) -> str:
    return path.relative_to(sources).as_posix() if path != sources else "."


def ingest_all(
    sources: Path, con: duckdb.DuckDBPyConnection, log: bool = True, limits: Limits = DEFAULT_LIMITS, allow_empty: bool = False
) -> BuildSummary:
    """Parse every document in worker processes (see ingest.worker) and land each as it comes;
    a byte-identical copy of an earlier file is landed as `duplicate`, not parsed again."""
    create_raw_schema(con)
    summary = BuildSummary()
    files, skipped = find_documents(sources)
    if not files and not allow_empty:
        why = "empty, mistyped or not mounted?"
        raise BuildError(f"SOURCES {sources} holds no document ({why}): nothing published, --allow-empty to publish it")
    for item in skipped:
        doc = failed_document(sources / item.source_path, item.source_path, item.reason, data=b"")  # never read
        doc.document_id = unreadable_id(item.source_path)
        _land(con, summary, doc, "[skipped]", "", log)
    pairs = [(path, _relative(path, sources)) for path in files]
    firsts: dict[str, str] = {}
    unique: list[int] = []
    for n, (path, source_path) in enumerate(pairs):
        digest = file_id(path)
        if digest is not None and digest in firsts:
            land_duplicate(con, digest, source_path, firsts[digest])
            summary.statuses["duplicate"] += 1
            if log:
                print(f"[duplicate] {source_path}: byte-identical copy of {firsts[digest]}, not loaded twice", flush=True)
            continue
        if digest is not None:
            firsts[digest] = source_path
        unique.append(n)
    started = time.perf_counter()
    for k, (position, doc) in enumerate(ingest_in_workers([pairs[n] for n in unique], limits, ENTRY_MODULES), start=1):
        took = f" ({time.perf_counter() - started:.2f}s elapsed)"
        _land(con, summary, doc, f"[{k}/{len(unique)}]", f", file {unique[position] + 1} of {len(pairs)}{took}", log)
    land_lineage(con, department_lineage())
    return summary


def _land(con: duckdb.DuckDBPyConnection, summary: BuildSummary, doc: ParsedDocument, prefix: str, suffix: str, log: bool) -> None:
    """Land one document and print its progress line as it finishes (input position in the suffix)."""
    land_document(con, doc)
    summary.add(doc)
    if log:
        reason = f" — {doc.status_reason}" if doc.status_reason else ""
        detail = f"{len(doc.tables)} tables, {doc.row_count} rows, {_landed_share(doc)}{reason}"
        print(f"{prefix} {doc.status:<8} {doc.source_path}: {detail}{suffix}", flush=True)


def _landed_share(doc: ParsedDocument) -> str:
    """`figures 312/312 landed` (or how many are reported in dq_discrepancies instead)."""
    if not doc.figures_printed:
        return "no figures"
    reported = f", {doc.figures_reported} reported" if doc.figures_reported else ""
    return f"figures {doc.figures_landed}/{doc.figures_printed} landed{reported}"


def dbt_folder(project_dir: Path, db: Path) -> Path:
    """Each warehouse file its own dbt target and log folder: builds of different DBs never share one."""
    db = db.resolve()
    return project_dir / "build" / "dbt" / f"{db.stem}-{hashlib.sha256(str(db).encode()).hexdigest()[:8]}"


def _die_with_parent() -> None:
    """In a child: be stopped (SIGTERM) when the build process dies, even by SIGKILL (Linux)."""
    with contextlib.suppress(OSError, AttributeError):  # not Linux: Ctrl-C still reaches the process group
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


_PR_SET_PDEATHSIG = 1


def run_dbt(project_dir: Path, db_path: Path, folder: Path) -> None:
    dbt = Path(sys.executable).with_name("dbt")
    command = [
        str(dbt), "build", "--project-dir", str(project_dir), "--profiles-dir", str(project_dir),
        "--target-path", str(folder / "target"), "--log-path", str(folder / "logs"),
        "--exclude-resource-type", "unit_test",  # the rules' unit tests run in `make test` (tests/test_rules.py)
    ]  # fmt: skip
    env = {**os.environ, "FISCAL_DB_PATH": str(db_path)}
    log_file = folder / "dbt-build.log"
    folder.mkdir(parents=True, exist_ok=True)
    with open(log_file, "w", encoding="utf-8") as out:
        result = subprocess.run(
            command, cwd=project_dir, env=env, stdout=out, stderr=subprocess.STDOUT, check=False, preexec_fn=_die_with_parent
        )
    shown = log_file.relative_to(project_dir) if log_file.is_relative_to(project_dir) else log_file
    print(f"dbt build: {_dbt_outcome(folder / 'target' / 'run_results.json')} (log: {shown})")
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


def build(sources: Path, db: Path, project_dir: Path, limits: Limits = DEFAULT_LIMITS, allow_empty: bool = False) -> BuildSummary:
    sources, db, project_dir = sources.resolve(), db.resolve(), project_dir.resolve()
    if db.is_dir():
        raise BuildError(f"DB {db} is a folder: give a file name (e.g. {db / 'fiscal.duckdb'})")
    if not sources.is_dir():
        raise BuildError(f"SOURCES {sources} is not a folder")
    staging = db.parent / STAGING_FOLDER / db.name
    staging.parent.mkdir(parents=True, exist_ok=True)
    lock_path = staging.with_name(db.name + ".lock")
    with open(lock_path, "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(f"another build of {db} is running") from None
        try:
            return _build_locked(sources, db, staging, project_dir, limits, allow_empty)
        finally:
            _remove_staging(staging)  # a failed or interrupted build leaves no copy behind


def _remove_staging(staging: Path) -> None:
    for leftover in (staging, staging.with_name(staging.name + ".wal")):
        leftover.unlink(missing_ok=True)


def _build_locked(sources: Path, db: Path, staging: Path, project_dir: Path, limits: Limits, allow_empty: bool) -> BuildSummary:
    _remove_staging(staging)  # left by a build killed before it could clean up
    print(f"Ingesting {sources} into a staging copy of {db}")
    con = duckdb.connect(str(staging))
    try:
        summary = ingest_all(sources, con, limits=limits, allow_empty=allow_empty)
    finally:
        con.close()
    run_dbt(project_dir, staging, dbt_folder(project_dir, db))
    con = duckdb.connect(str(staging))
    try:
        summary.warnings, summary.errors = _register_counts(con)
        con.execute("checkpoint")
    finally:
        con.close()
    os.replace(staging, db)
    print(f"Published {db}: {summary.line()}")
    return summary
