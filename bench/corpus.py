"""A corpus of N distinct documents for `make bench`, deterministic by seed.

Each document is one of the Markdown samples (data/samples) moved to another district of China:
its province, city and district names replaced by those of a real division (seeds/regions.csv,
with its code) and a last line naming the document, so every document is a distinct file that
reads as a department of that district, with the sample's own tables and totals (they still add
up: no figure is changed).
The i-th document of a seed is always the same, so corpora of 100, 1,000 and 10,000 share their
first documents.
"""

from __future__ import annotations

import csv
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from ingest.pipeline import ingest_file

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
REGIONS = ROOT / "seeds" / "regions.csv"


@dataclass(frozen=True)
class Sample:
    name: str
    text: str
    province: str
    city: str
    district: str


@dataclass(frozen=True)
class District:
    code: str
    name: str
    city: str
    province: str


def samples() -> list[Sample]:
    """The Markdown samples with the names of the district they are from."""
    found = []
    for path in sorted(SAMPLES.iterdir()):
        doc = ingest_file(path, path.name)
        m = doc.metadata
        if doc.source_format == "markdown" and m.province and m.city and m.district:
            found.append(Sample(path.name, path.read_text(encoding="utf-8"), m.province, m.city, m.district))
    return found


def districts() -> list[District]:
    """Every district-level division with a city, as the seed lists them, each name once (a
    division listed again under a later code would make a byte-identical copy)."""
    with open(REGIONS, encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["level"] == "district" and r["city"]]
    named = {(r["region_name"], r["city"], r["province"]): r["region_code"] for r in rows}
    return [District(code, name, city, province) for (name, city, province), code in sorted(named.items(), key=lambda kv: kv[1])]


def generate(n: int, out: Path, seed: int = 0) -> list[Path]:
    """Write documents 0 … n-1 of `seed` to `out` (`doc-00042-<code>-<sample>`); returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    sources, places = samples(), districts()
    random.Random(seed).shuffle(places)
    paths = []
    for i in range(n):
        sample = sources[i % len(sources)]
        place = places[(i // len(sources)) % len(places)]
        text = sample.text.replace(sample.district, place.name).replace(sample.city, place.city).replace(sample.province, place.province)
        text += f"\n（基准测试文档 {i:05d}，{place.code}）\n"  # distinct bytes where a sample prints no city or province
        path = out / f"doc-{i:05d}-{place.code}-{sample.name}"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    folder = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("build/corpus")
    print(f"{len(generate(count, folder))} documents in {folder}")
