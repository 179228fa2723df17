"""The parse cache: one folder of Parquet files per parsed document (ingest.land.write_document),
named by what decides its content — the file's bytes, its path under SOURCES (it is landed with
the document) and the reader's version (a hash of the `ingest` package's code and catalogs).

An unchanged document is not parsed again; a changed one, or any document after a reader
change, gets a new folder; a document removed from SOURCES is simply not landed. A `failed`
document is parsed again each build (its cause may have been the machine: a timeout, memory).
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import ingest
from ingest.land import DocumentSummary, read_summary

CACHE_FOLDER = ".fiscal-cache"  # beside the warehouse file, unless `fiscal build --cache` says where


@cache
def reader_version() -> str:
    """A hash of every file of the `ingest` package (code and catalogs): what parsing depends on."""
    root = Path(ingest.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".csv")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def document_folder(cache_dir: Path, content_id: str, source_path: str) -> Path:
    """Where the document with this content id (its bytes' SHA-256) and path is kept."""
    key = hashlib.sha256(f"{content_id}\0{source_path}\0{reader_version()}".encode()).hexdigest()
    return cache_dir / key[:2] / key


def cached(folder: Path) -> DocumentSummary | None:
    """The summary of a document parsed before into `folder`, unless it failed (parsed again)."""
    summary = read_summary(folder)
    return summary if summary is not None and summary.status != "failed" else None
