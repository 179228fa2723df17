"""Odd PDFs still give their facts; hostile PDFs fail alone, each with its one-line reason,
while the rest of the corpus builds (tests/pdfgen/hostile.py makes the files)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from fiscal.build import build
from ingest.metadata import read_metadata
from ingest.readers.pdf import PASSWORD_VARIABLE, PageScan, clean_chars, read
from ingest.readers.pdf.grid import Line, _merge
from ingest.worker import Limits, ingest_in_workers
from tests import facts
from tests.conftest import ROOT, expected_documents
from tests.pdfgen import hostile, sheets

[DOC] = [d for d in expected_documents() if d["_name"] == "001"]
LIMITS = Limits(timeout_s=60, memory_mb=300, workers=2)
# file name -> what dim_document.status_reason must say
REASONS = {
    "encrypted.pdf": f"encrypted PDF (set {PASSWORD_VARIABLE} to read it)",
    "truncated.pdf": "truncated PDF",
    "scanned.pdf": "no text layer on any of its 2 pages (scanned images): needs OCR",
    "bomb.pdf": "needs more than the memory cap of 300 MB",
    "unmapped.pdf": "its text has no Unicode mapping ((cid:N) glyphs only): unreadable without OCR",
}
COVER = sheets.document(DOC).cover


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    for name in hostile.ODD:
        hostile.odd(DOC, name, folder / f"{name}.pdf")
    hostile.encrypted(DOC, folder / "encrypted.pdf")
    hostile.truncated(DOC, folder / "truncated.pdf")
    hostile.image_only(folder / "scanned.pdf")
    hostile.bomb(folder / "bomb.pdf")
    hostile.unmapped_glyphs(folder / "unmapped.pdf", COVER)
    hostile.untitled(DOC, folder / "untitled.pdf")
    db = tmp_path_factory.mktemp("hostile-warehouse") / "fiscal.duckdb"
    build(folder, db, ROOT, LIMITS)
    return folder, db


@pytest.mark.parametrize("name", sorted(REASONS))
def test_a_hostile_file_fails_alone_with_its_reason(corpus: tuple[Path, Path], name: str) -> None:
    folder, db = corpus
    [row] = facts.rows(db, "select * from marts.dim_document where document_id = ?", [_sha(folder / name)])
    assert row["status"] == "failed"
    assert REASONS[name] in row["status_reason"]
    assert "\n" not in row["status_reason"]


@pytest.mark.parametrize("name", sorted(hostile.ODD))
def test_an_odd_rendering_still_gives_the_expected_facts(corpus: tuple[Path, Path], name: str) -> None:
    folder, db = corpus
    document_id = _sha(folder / f"{name}.pdf")
    [row] = facts.rows(db, "select * from marts.dim_document where document_id = ?", [document_id])
    assert row["status"] == "ingested", row["status_reason"]
    facts.function_facts(db, document_id, DOC)
    facts.economic_facts(db, document_id, DOC)
    facts.project_facts(db, document_id, DOC)
    facts.three_public_facts(db, document_id, DOC)


def test_a_ruled_table_without_a_title_is_landed_and_reported(corpus: tuple[Path, Path]) -> None:
    folder, db = corpus
    document_id = _sha(folder / "untitled.pdf")
    [issue] = facts.rows(db, "select * from marts.dq_discrepancies where document_id = ? and rule_id = 'untitled_table'", [document_id])
    assert issue["severity"] == "warning" and "page 2" in issue["location"]
    [table] = facts.rows(db, "select * from raw.tables where document_id = ? and title = ''", [document_id])
    assert table["table_kind"] == "unknown"
    facts.economic_facts(db, document_id, DOC)  # the titled tables are read as ever
    facts.three_public_facts(db, document_id, DOC)


def test_radical_look_alikes_from_a_tounicode_map_read_as_the_ideographs(tmp_path: Path) -> None:
    look_alikes = {"龙": "\u2ef0", "门": "\u2ed4", "心": "\u2f3c", "目": "\u2f6c"}  # ⻰ ⻔ ⼼ ⽬
    path = hostile.radical_look_alikes(tmp_path / "radicals.pdf", COVER, look_alikes)
    with pdfplumber.open(path) as pdf:
        assert set(pdf.pages[0].extract_text()) >= set(look_alikes.values())  # what a bare reader sees
    result = read(path, path.read_bytes())
    assert [line.text for line in result.lines] == COVER
    assert read_metadata(result.lines, result.tables).department_name == DOC["metadata"]["department_name"]


def test_an_encrypted_file_opens_with_its_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = hostile.encrypted(DOC, tmp_path / "encrypted.pdf")
    monkeypatch.setitem(os.environ, PASSWORD_VARIABLE, hostile.PASSWORD)
    [(_, doc)] = ingest_in_workers([(path, path.name, tmp_path / "right")], LIMITS)
    # pdfminer decrypts streams but not the strings of a CID font's CIDSystemInfo, so this
    # reportlab file's glyphs come back unmapped: reported as such, never read as garbage
    assert doc.status_reason == "its text has no Unicode mapping ((cid:N) glyphs only): unreadable without OCR"
    monkeypatch.setitem(os.environ, PASSWORD_VARIABLE, "wrong")
    [(_, doc)] = ingest_in_workers([(path, path.name, tmp_path / "wrong")], LIMITS)
    assert doc.status_reason == "encrypted PDF (wrong password)"


def test_a_document_over_its_time_limit_is_stopped_and_the_next_one_still_parses(tmp_path: Path) -> None:
    slow = hostile.bomb(tmp_path / "slow.pdf", mebibytes=4)  # ~2.5 s of pdfminer tokenising zeros
    quick = tmp_path / "quick.txt"
    quick.write_text("empty of tables\n", encoding="utf-8")
    docs: list[Any] = [
        doc
        for _, doc in sorted(
            ingest_in_workers(
                [(slow, "slow.pdf", tmp_path / "slow"), (quick, "quick.txt", tmp_path / "quick")], Limits(timeout_s=1.0, workers=1)
            )
        )
    ]
    assert docs[0].status_reason == "parsing took longer than 1 s: stopped"
    assert docs[1].source_path == "quick.txt" and docs[1].status_reason.startswith("no tables found")


def _char(text: str, x0: float, top: float = 10.0) -> dict[str, Any]:
    return {"text": text, "x0": x0, "x1": x0 + 8, "top": top, "bottom": top + 8}


def test_kangxi_radicals_are_normalised_and_fake_bold_copies_dropped() -> None:
    pages = PageScan()
    chars = [_char("\u2f00", 0), _char("般", 8), _char("般", 8.3), _char("(cid:12)", 16), _char("\u2ea0", 24)]
    kept = clean_chars(chars, 1, pages)
    assert [c["text"] for c in kept] == ["一", "般", "民"]
    assert (pages.chars, pages.unreadable_chars) == (5, 1)


def test_two_glyphs_that_merely_repeat_a_character_are_both_kept() -> None:
    kept = clean_chars([_char("1", 0), _char("1", 8)], 1, PageScan())
    assert [c["text"] for c in kept] == ["1", "1"]


def test_a_column_rule_of_one_table_does_not_swallow_the_same_rule_of_the_table_below() -> None:
    """Strokes at one x, a hair apart (521.26 and 521.74 in one table, 521.14 in the table below):
    each table keeps its own rule, not the lower table's span (江苏 2019's 收入预算总表 lost its 金额
    column so, its figures with it)."""
    lines = [Line(521.14, 572.0, 625.0), Line(521.26, 185.0, 202.0), Line(521.74, 202.0, 219.0), Line(521.26, 219.0, 236.0)]
    merged = sorted((round(ln.start), round(ln.end)) for ln in _merge(lines))
    assert merged == [(185, 236), (572, 625)]
