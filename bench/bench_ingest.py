"""Ingest throughput on the bundled samples: parse, write (a document's Parquet folder) and land
(one bulk insert per raw table over all folders), separately, plus peak memory.

Prints figures; asserts nothing. Run with `make bench`.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from fiscal.build import find_documents
from ingest.land import create_raw_schema, land_documents, write_document
from ingest.pipeline import ingest_file

ROUNDS = 20


def main(sources: Path) -> None:
    files, _ = find_documents(sources)
    parse_s = write_s = land_s = 0.0
    rows = 0
    with tempfile.TemporaryDirectory() as scratch:
        for round_no in range(ROUNDS):
            folders = []
            for n, path in enumerate(files):
                started = time.perf_counter()
                doc = ingest_file(path, path.name)
                parsed = time.perf_counter()
                folders.append(Path(scratch) / f"{round_no}-{n}")
                write_document(doc, folders[-1])
                parse_s += parsed - started
                write_s += time.perf_counter() - parsed
                rows += doc.row_count
            con = duckdb.connect()
            create_raw_schema(con)
            started = time.perf_counter()
            land_documents(con, folders)
            land_s += time.perf_counter() - started
            con.close()
    docs = ROUNDS * len(files)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"documents: {len(files)} × {ROUNDS} rounds, {rows // ROUNDS} printed rows per round")
    print(f"parse: {docs / parse_s:8.1f} documents/s  {rows / parse_s:10.0f} rows/s")
    print(f"write: {docs / write_s:8.1f} documents/s  (one Parquet folder each)")
    print(f"land : {docs / land_s:8.1f} documents/s  {rows / land_s:10.0f} rows/s  (one insert per raw table)")
    print(f"peak RSS: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "data/samples"))
