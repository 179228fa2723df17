"""The plain reader on text dumps real tools write (tests/dumps.py): per tool and layout family
(the publisher and template generation: a file name's first two words, e.g. `jiangsu-2017`,
`shanghai-putuo`; `render` for our PDF renderings of the samples), the share of the PDF
reader's figures each dump gives the same, leaves NULL, gives differently (must be 0), or does
not read at all; and the figures a dump gives where the PDF gives none (`extra`, must be 0).
Prints figures; asserts nothing (tests/test_plain_dumps.py holds the floors).
Run with `make bench`.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

from ingest.pipeline import ingest_file
from tests.dumps import TOOLS, available, compare, dump, pdfs

BUCKETS = ("same", "null", "different", "missing", "extra")


def _family(pdf: Path) -> str:
    return "render" if pdf.stem.startswith("render-") else "-".join(pdf.stem.split("-")[:2])


def main() -> None:
    counts: Counter[tuple[str, str, str]] = Counter()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for pdf in pdfs(folder):
            read = ingest_file(pdf, pdf.name)
            for tool in (t for t in TOOLS if available(t)):
                path = folder / f"{pdf.stem}.{tool}.txt"
                path.write_text(dump(pdf, tool), encoding="utf-8")
                result = compare(read, ingest_file(path, path.name))
                for bucket in BUCKETS:
                    counts[(tool, _family(pdf), bucket)] += len(getattr(result, bucket))
    families = sorted({family for _, family, _ in counts})
    print("plain dumps vs the PDF's own reading: share of the PDF's figures (same / NULL / different / not read),")
    print("and the figures a dump gives where the PDF gives none (extra)")
    for tool in TOOLS:
        for family in [*families, "all"]:
            row = {b: sum(n for (t, f, k), n in counts.items() if t == tool and k == b and family in (f, "all")) for b in BUCKETS}
            total = sum(row[b] for b in BUCKETS if b != "extra")
            if total:
                shares = "  ".join(f"{b} {row[b] / total:6.1%}" for b in BUCKETS if b != "extra")
                print(f"  {tool:17} {family:16} {shares}  of {total}  extra {row['extra']}")


if __name__ == "__main__":
    main()
