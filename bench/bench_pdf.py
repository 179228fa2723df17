"""PDF ingest: pages/s of our reader against a bare pdfplumber pass and default
`extract_tables`, on the same files in one run; speed-up of two worker processes; peak RSS of
a worker on a 10-page and a 200-page PDF.

The PDFs are drawn from the person-typed expected values (tests/pdfgen), the long ones by
repeating a document's tables. Prints figures; asserts nothing. Run with `make bench`.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pdfplumber

from ingest.readers import pdf as pdf_reader
from tests.conftest import expected_documents
from tests.pdfgen import kind_word, reportlab_style, sheets

OUT = Path("build/bench-pdf")
COPIES = 3  # the 4 sample renders, each this many times with a different fake-bold/rotation mix


def _corpus() -> list[Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    files = []
    quirks = [reportlab_style.Quirks(), reportlab_style.Quirks(rotate=True), reportlab_style.Quirks(fake_bold=True)]
    for doc in expected_documents():
        if doc["_name"] == "000":
            continue
        for k in range(COPIES):
            path = OUT / f"{doc['_name']}_{k}.pdf"
            if not path.exists():
                reportlab_style.render(sheets.document(doc), path, kind_word(doc), quirks[k % len(quirks)])
            files.append(path)
    return files


def _long(pages: int) -> Path:
    """A document whose 基本支出 table runs over about `pages` pages."""
    path = OUT / f"long_{pages}.pdf"
    if path.exists():
        return path
    [doc] = [d for d in expected_documents() if d["_name"] == "003"]
    sheet_doc = sheets.document(doc)
    basic = sheet_doc.sheets[1]
    per_page = 34  # rows of this table per page as drawn
    basic.body = basic.body[:1] + (basic.body[1:] * (pages * per_page // len(basic.body[1:]) + 1))[: pages * per_page]
    sheet_doc.sheets = [basic]
    reportlab_style.render(sheet_doc, path, kind_word(doc))
    return path


def _pages(paths: list[Path]) -> int:
    total = 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            total += len(pdf.pages)
    return total


def _bare(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            _ = page.chars
            page.close()


def _extract_tables(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()
            page.close()


def _ours(path: Path) -> None:
    pdf_reader.read(path, path.read_bytes())


def _rates(paths: list[Path], pages: int, rounds: int = 3) -> dict[str, float]:
    """pages/s of each variant, the variants run in turn within each round (so a load change on a
    shared machine hits all of them), best round of each; and the median per-round ratio to the bare pass."""
    variants = {"bare pdfplumber pass (chars)": _bare, "default extract_tables": _extract_tables, "our PDF reader": _ours}
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(rounds):
        for name, fn in variants.items():
            started = time.perf_counter()
            for path in paths:
                fn(path)
            times[name].append(time.perf_counter() - started)
    rates = {}
    for name, runs in times.items():
        rates[name] = pages / min(runs)
        print(f"  {name:<34} {rates[name]:7.1f} pages/s  ({min(runs):.2f} s, best of {rounds})")
    bare = times["bare pdfplumber pass (chars)"]
    for name in ("our PDF reader", "default extract_tables"):
        paired = sorted(b / t for b, t in zip(bare, times[name], strict=True))
        print(f"  {name}: {paired[len(paired) // 2]:.2f} of the bare pass (median of {rounds} paired rounds)")
    return rates


def _workers(paths: list[Path], workers: int) -> float:
    """Seconds to ingest `paths` in `workers` processes, timed in a fresh `python -c` parent
    (a worker re-runs its parent's main module: this bench's imports would be timed too)."""
    code = (
        "import sys, time\nfrom pathlib import Path\nfrom ingest.worker import Limits, ingest_in_workers\n"
        "pairs = [(Path(p), Path(p).name) for p in sys.argv[2:]]\nstarted = time.perf_counter()\n"
        "for _ in ingest_in_workers(pairs, Limits(workers=int(sys.argv[1]))): pass\n"
        "print(time.perf_counter() - started)"
    )
    argv = [sys.executable, "-c", code, str(workers), *map(str, paths)]
    return float(subprocess.run(argv, capture_output=True, text=True, check=True).stdout.strip())


def _worker_rss(path: Path) -> float:
    code = (
        "import resource, sys\nfrom pathlib import Path\nfrom ingest.readers import pdf\n"
        "p = Path(sys.argv[1]); pdf.read(p, p.read_bytes())\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    return float(result.stdout.strip())


REALWORLD = Path("data/realworld")


def main() -> None:
    paths = _corpus()
    pages = _pages(paths)
    print(f"PDF corpus: {len(paths)} documents, {pages} pages (tests/pdfgen renders of 001-004)")
    print("one process:")
    ours = _rates(paths, pages)["our PDF reader"]
    real = sorted(REALWORLD.glob("*.pdf"))
    real_pages = _pages(real)
    print(f"real publishers' PDFs: {len(real)} documents, {real_pages} pages ({REALWORLD})")
    _rates(real, real_pages)
    many = paths * 4
    one, two = _workers(many, 1), _workers(many, 2)
    print(f"workers on {len(many)} documents: 1 → {one:.2f} s, 2 → {two:.2f} s, speed-up {one / two:.2f}×")
    overhead = (one - pages * 4 / ours) / len(many)
    print(f"  one worker {pages * 4 / one:.1f} pages/s: {overhead:.3f} s per document over the in-process reader")
    for n in (10, 200):
        long = _long(n)
        print(f"peak RSS of a worker reading a {_pages([long])}-page PDF: {_worker_rss(long):.0f} MB")


if __name__ == "__main__":
    main()
