"""Ingest throughput on the bundled samples: parse and land, separately, plus peak memory.

Prints figures; asserts nothing. Run with `make bench`.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

import duckdb

from fiscal.build import find_documents
from ingest.land import create_raw_schema, land_document
from ingest.pipeline import ingest_file

ROUNDS = 20


def main(sources: Path) -> None:
    files, _ = find_documents(sources)
    con = duckdb.connect()
    create_raw_schema(con)
    parse_s = land_s = 0.0
    rows = 0
    for _ in range(ROUNDS):
        for path in files:
            started = time.perf_counter()
            doc = ingest_file(path, path.name)
            parsed = time.perf_counter()
            land_document(con, doc)
            parse_s += parsed - started
            land_s += time.perf_counter() - parsed
            rows += doc.row_count
    docs = ROUNDS * len(files)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"documents: {len(files)} × {ROUNDS} rounds, {rows // ROUNDS} printed rows per round")
    print(f"parse: {docs / parse_s:8.1f} documents/s  {rows / parse_s:10.0f} rows/s")
    print(f"land : {docs / land_s:8.1f} documents/s  {rows / land_s:10.0f} rows/s")
    print(f"peak RSS: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "data/samples"))
