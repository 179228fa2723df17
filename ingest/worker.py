"""Parse documents in worker processes, each under a wall-clock timeout and a memory cap.

A hostile PDF can hang the parser or decompress without limit (a 292 KB file reached 606 MB).
Each document is parsed in its own process, forked from a fork server that has the parser
already imported (cheap to start, and never a copy of the builder's open DuckDB connection).
Its address space is capped at the size it started with plus `memory_mb`. A document whose
worker times out, runs out of memory or crashes comes back `failed` with that one-line
reason; the others are unaffected. Each worker writes its document's rows to the document's
folder (ingest.land.write_document: Parquet) and hands back only its summary, as it finishes,
with its input position (the marts do not depend on the order documents are landed in).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path

from ingest.land import DocumentSummary, write_document
from ingest.model import ParsedDocument
from ingest.pipeline import failed_document, ingest_file

Job = tuple[Path, str, Path]  # the file, its path under SOURCES, the folder its rows are written to


@dataclass(frozen=True)
class Limits:
    timeout_s: float = 300.0
    memory_mb: int = 2048
    workers: int = max(1, os.cpu_count() or 1)


DEFAULT_LIMITS = Limits()


@dataclass
class _Running:
    index: int
    process: mp.process.BaseProcess
    conn: Connection
    deadline: float


def _context(preload: Sequence[str]) -> mp.context.BaseContext:
    ctx = mp.get_context("forkserver")
    # Every child re-runs the parent's main module (multiprocessing's `prepare`); the caller names
    # the modules that main module imports (`preload`), so the re-run is of imported modules.
    ctx.set_forkserver_preload(["ingest.pipeline", "ingest.worker", "ingest.land", "ingest.readers.pdf.warm", *preload])
    return ctx


def _child(conn: Connection, path: Path, source_path: str, folder: Path, memory_mb: int, settings: dict[str, str]) -> None:
    os.environ.update(settings)  # the fork server's environment is the one it started with
    pages = os.sysconf("SC_PAGE_SIZE")
    with open("/proc/self/statm") as fh:
        virtual = int(fh.read().split()[0]) * pages
    cap = virtual + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    conn.send(parse_to_folder((path, source_path, folder), f"needs more than the memory cap of {memory_mb} MB"))
    conn.close()


def parse_to_folder(job: Job, memory: str = "ran out of memory") -> DocumentSummary:
    """Parse one document and write its rows to its folder (what every executor runs per
    document); a reader error or running out of memory gives a `failed` document with the reason."""
    path, source_path, folder = job
    memory = f"{memory} (a very large file, or a decompression bomb?)"
    try:
        doc: ParsedDocument | None = ingest_file(path, source_path)
        reason = ""
    except MemoryError:
        doc, reason = None, memory
    except Exception as exc:  # a reader bug must not take the build down: reported, never hidden
        doc, reason = None, f"parser error {type(exc).__name__}: {exc}"
    try:
        return write_document(doc or failed_document(path, source_path, reason), folder)
    except MemoryError:  # the rows are too large to write under the cap
        return write_document(failed_document(path, source_path, memory), folder)


def _start(ctx: mp.context.BaseContext, index: int, job: Job, limits: Limits) -> _Running:
    receive, send = ctx.Pipe(duplex=False)
    settings = {k: v for k, v in os.environ.items() if k.startswith("FISCAL_")}  # e.g. FISCAL_PDF_PASSWORD
    process = ctx.Process(target=_child, args=(send, *job, limits.memory_mb, settings), daemon=True)  # type: ignore[attr-defined]
    process.start()
    send.close()
    return _Running(index, process, receive, time.monotonic() + limits.timeout_s)


def _finish(run: _Running, job: Job, memory_mb: int) -> DocumentSummary:
    try:
        summary: DocumentSummary = run.conn.recv()
    except EOFError:
        run.process.join()
        code = run.process.exitcode
        if code and code > 0:
            reason = f"parser process died (exit code {code}), likely over the memory cap of {memory_mb} MB"
        else:
            reason = f"parser process killed (signal {-(code or 0)})"
        summary = failed_job(job, reason)
    run.conn.close()
    run.process.join()
    return summary


def failed_job(job: Job, reason: str) -> DocumentSummary:
    """The job's document written to its folder as `failed`, with the reason (its worker died, or never answered)."""
    path, source_path, folder = job
    doc: ParsedDocument = failed_document(path, source_path, reason)
    return write_document(doc, folder)


def ingest_in_workers(
    jobs: list[Job], limits: Limits = DEFAULT_LIMITS, preload: Sequence[str] = ()
) -> Iterator[tuple[int, DocumentSummary]]:
    """Parse (path, source_path, folder) jobs in parallel, each document's rows written to its
    folder; yield (input position, summary) as each finishes, so one slow file never holds back
    the others' progress. `preload`: the modules the caller's main module imports (the fork
    server imports them once)."""
    ctx = _context(preload)
    pending = list(range(len(jobs)))
    running: dict[Connection, _Running] = {}
    try:
        while pending or running:
            while pending and len(running) < limits.workers:
                i = pending.pop(0)
                run = _start(ctx, i, jobs[i], limits)
                running[run.conn] = run
            timeout = max(0.0, min(r.deadline for r in running.values()) - time.monotonic()) if running else 0.0
            for conn in wait(list(running), timeout=timeout):
                run = running.pop(conn)  # type: ignore[arg-type]
                yield run.index, _finish(run, jobs[run.index], limits.memory_mb)
            now = time.monotonic()
            for conn, run in list(running.items()):
                if now >= run.deadline:
                    run.process.kill()
                    run.process.join()
                    run.conn.close()
                    del running[conn]
                    yield run.index, failed_job(jobs[run.index], f"parsing took longer than {limits.timeout_s:g} s: stopped")
    finally:
        for run in running.values():
            run.process.kill()
            run.process.join()
