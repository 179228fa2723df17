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

from fiscal.cache import CACHE_FOLDER, cached, document_folder, reader_version
from ingest.cluster import ingest_on_cluster
from ingest.land import DocumentSummary, create_raw_schema, land_documents, land_duplicate, land_lineage, write_document
from ingest.names import department_lineage
from ingest.pipeline import failed_document, file_id, unreadable_id
from ingest.worker import DEFAULT_LIMITS, Job, Limits, ingest_in_workers

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

    def add(self, doc: DocumentSummary) -> None:
        self.statuses[doc.status] += 1
        self.tables += doc.tables
        self.rows += doc.rows
        self.warnings += doc.warnings
        self.errors += doc.errors

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


@dataclass
class Inventory:
    """What SOURCES holds: each file with its path under SOURCES and its bytes' SHA-256 (None when
    it cannot be read), and the paths that are not read (with why)."""

    files: list[tuple[Path, str, str | None]]
    skipped: list[Skipped]


def take_inventory(sources: Path) -> Inventory:
    files, skipped = find_documents(sources)
    return Inventory([(path, _relative(path, sources), file_id(path)) for path in files], skipped)


def ingest_all(
    sources: Path,
    con: duckdb.DuckDBPyConnection,
    cache_dir: Path,
    log: bool = True,
    limits: Limits = DEFAULT_LIMITS,
    allow_empty: bool = False,
    inventory: Inventory | None = None,
    scheduler: str | None = None,
) -> BuildSummary:
    """Parse every document not parsed before (fiscal/cache.py) in worker processes — or as tasks
    of the Dask scheduler at `scheduler` — each writing its rows to its folder of the cache, then
    land every document's folder at once; a byte-identical copy of an earlier file is landed as
    `duplicate`, not parsed again."""
    create_raw_schema(con)
    summary = BuildSummary()
    inventory = inventory or take_inventory(sources)
    skipped = inventory.skipped
    if not inventory.files and not allow_empty:
        why = "empty, mistyped or not mounted?"
        raise BuildError(f"SOURCES {sources} holds no document ({why}): nothing published, --allow-empty to publish it")
    folders: list[Path] = []
    for item in skipped:
        doc = failed_document(sources / item.source_path, item.source_path, item.reason, data=b"")  # never read
        doc.document_id = unreadable_id(item.source_path)
        folders.append(document_folder(cache_dir, doc.document_id, item.source_path))
        _report(summary, write_document(doc, folders[-1]), "[skipped]", "", log)
    firsts: dict[str, str] = {}
    jobs: list[Job] = []
    positions: list[int] = []  # each job's place among the files
    for n, (path, source_path, digest) in enumerate(inventory.files):
        if digest is not None and digest in firsts:
            land_duplicate(con, digest, source_path, firsts[digest])
            summary.statuses["duplicate"] += 1
            if log:
                print(f"[duplicate] {source_path}: byte-identical copy of {firsts[digest]}, not loaded twice", flush=True)
            continue
        if digest is not None:
            firsts[digest] = source_path
        folder = document_folder(cache_dir, digest or unreadable_id(source_path), source_path)
        folders.append(folder)
        known = cached(folder)
        if known is not None:
            summary.add(known)
        else:
            jobs.append((path, source_path, folder))
            positions.append(n)
    reused = len(folders) - len(skipped) - len(jobs)
    if reused and log:
        print(f"[cached] {reused} document(s) parsed before and unchanged: read from {cache_dir}, not parsed again", flush=True)
    started = time.perf_counter()
    results = ingest_on_cluster(jobs, scheduler) if scheduler else ingest_in_workers(jobs, limits, ENTRY_MODULES)
    for k, (index, parsed) in enumerate(results, start=1):
        took = f" ({time.perf_counter() - started:.2f}s elapsed)"
        _report(summary, parsed, f"[{k}/{len(jobs)}]", f", file {positions[index] + 1} of {len(inventory.files)}{took}", log)
    land_documents(con, folders)
    land_lineage(con, department_lineage())
    return summary


def _report(summary: BuildSummary, doc: DocumentSummary, prefix: str, suffix: str, log: bool) -> None:
    """Count one parsed document and print its progress line as it finishes (input position in the suffix)."""
    summary.add(doc)
    if log:
        reason = f" — {doc.status_reason}" if doc.status_reason else ""
        detail = f"{doc.tables} tables, {doc.rows} rows, {_landed_share(doc)}{reason}"
        print(f"{prefix} {doc.status:<8} {doc.source_path}: {detail}{suffix}", flush=True)


def _landed_share(doc: DocumentSummary) -> str:
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


def build(
    sources: Path,
    db: Path,
    project_dir: Path,
    limits: Limits = DEFAULT_LIMITS,
    allow_empty: bool = False,
    cache_dir: Path | None = None,
    scheduler: str | None = None,
) -> BuildSummary:
    """`cache_dir`: the parse cache (default: a hidden folder beside DB); `scheduler`: the address
    of a Dask scheduler to parse on (default: local worker processes)."""
    sources, db, project_dir = sources.resolve(), db.resolve(), project_dir.resolve()
    cache_dir = (cache_dir or db.parent / CACHE_FOLDER).resolve()
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
            return _build_locked(sources, db, staging, project_dir, limits, allow_empty, cache_dir, scheduler)
        finally:
            _remove_staging(staging)  # a failed or interrupted build leaves no copy behind


def _remove_staging(staging: Path) -> None:
    for leftover in (staging, staging.with_name(staging.name + ".wal")):
        leftover.unlink(missing_ok=True)


def _build_locked(
    sources: Path, db: Path, staging: Path, project_dir: Path, limits: Limits, allow_empty: bool, cache_dir: Path, scheduler: str | None
) -> BuildSummary:
    _remove_staging(staging)  # left by a build killed before it could clean up
    inventory = take_inventory(sources)
    fingerprint = build_fingerprint(inventory, project_dir)
    record = staging.with_name(db.name + ".built.json")
    unchanged = _unchanged(record, db, fingerprint)
    if unchanged is not None:
        print(f"Nothing changed since {db} was built (no document, reader, model, seed or macro): left as it is")
        print(f"Published {db}: {unchanged.line()}")
        return unchanged
    print(f"Ingesting {sources} into a staging copy of {db}")
    con = duckdb.connect(str(staging))
    try:
        summary = ingest_all(sources, con, cache_dir, limits=limits, allow_empty=allow_empty, inventory=inventory, scheduler=scheduler)
    finally:
        con.close()
    run_dbt(project_dir, staging, dbt_folder(project_dir, db))
    con = duckdb.connect(str(staging))
    try:
        summary.warnings, summary.errors = _register_counts(con)
        con.execute("checkpoint")
    finally:
        con.close()
    record.unlink(missing_ok=True)
    os.replace(staging, db)
    _record(record, db, fingerprint, summary)
    print(f"Published {db}: {summary.line()}")
    return summary


def build_fingerprint(inventory: Inventory, project_dir: Path) -> str:
    """What a published warehouse is made of: every document (path and bytes), what is not read
    and why, the reader's version, the build's code and the dbt project (models, macros, seeds,
    tests). The same fingerprint makes the same warehouse."""
    digest = hashlib.sha256(reader_version().encode())
    for _, source_path, content_id in inventory.files:
        digest.update(f"{source_path}\0{content_id}\n".encode())
    for item in inventory.skipped:
        digest.update(f"{item.source_path}\0{item.reason}\n".encode())
    project = [project_dir / name for name in ("dbt_project.yml", "profiles.yml", "packages.yml")]
    for folder in ("models", "macros", "seeds", "tests/dbt", "fiscal"):
        project += sorted(p for p in (project_dir / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in project:
        if path.is_file():
            digest.update(path.relative_to(project_dir).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _unchanged(record: Path, db: Path, fingerprint: str) -> BuildSummary | None:
    """The published warehouse's summary where it was built from exactly this (the same
    fingerprint), not touched since (the same size and modification time) and with no document
    failed, else None."""
    try:
        built = json.loads(record.read_text(encoding="utf-8"))
        stat = db.stat()
    except (OSError, ValueError):
        return None
    if built.get("fingerprint") != fingerprint or built.get("file") != [stat.st_size, stat.st_mtime_ns]:
        return None
    if built["statuses"].get("failed"):
        return None  # a failed document is tried again (its cause may have been a timeout: `--timeout`)
    summary = BuildSummary(Counter(built["statuses"]), built["tables"], built["rows"], built["warnings"], built["errors"])
    return summary


def _record(record: Path, db: Path, fingerprint: str, summary: BuildSummary) -> None:
    """What the published file was built from, beside the staging copy's folder."""
    stat = db.stat()
    record.write_text(
        json.dumps({
            "fingerprint": fingerprint, "file": [stat.st_size, stat.st_mtime_ns], "statuses": dict(summary.statuses),
            "tables": summary.tables, "rows": summary.rows, "warnings": summary.warnings, "errors": summary.errors,
        }),
        encoding="utf-8",
    )  # fmt: skip
