"""Bad input and bad moments: nothing crashes the build, nothing is silently dropped or wiped.

One build reads the samples together with a corpus of bad files (generated here: unreadable,
deep, looping, outside SOURCES, duplicated, garbage); every bad file has its one-line reason in
dim_document and the samples' marts are exactly those of a build of the samples alone.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from fiscal.build import build, dbt_folder
from ingest.pipeline import ingest_file
from tests.conftest import ROOT, SAMPLES

FISCAL = str(Path(sys.executable).with_name("fiscal"))
DEPTH = 1000
FACT_MARTS = (
    "fct_expenditure_by_function", "fct_expenditure_by_economic", "fct_project_expenditure", "fct_three_public",
    "fct_document_totals", "fct_narrative_figures", "dq_discrepancies",
)  # fmt: skip


def bad_corpus(root: Path) -> Path:
    """The samples and the bad files, as a user's SOURCES folder might hold them."""
    sources = root / "sources"
    shutil.copytree(SAMPLES, sources)
    deep = str(sources)
    for _ in range(DEPTH):  # one level at a time: Path.mkdir(parents=True) recurses
        deep += "/d"
        os.mkdir(deep)
    (Path(deep) / "deep.txt").write_text("a file 1000 folders down, with no table\n", encoding="utf-8")
    (sources / "loop").symlink_to(sources, target_is_directory=True)
    outside = root / "outside.txt"
    outside.write_text("a file outside SOURCES\n", encoding="utf-8")
    (sources / "outside-link.txt").symlink_to(outside)
    (sources / "broken-link.txt").symlink_to(root / "nowhere.txt")
    shutil.copy(SAMPLES / "001_e3057056494def29.txt", sources / "copy-of-001.txt")
    plain = (SAMPLES / "000_50ac0c10edb5d446.txt").read_text(encoding="utf-8").splitlines()
    (sources / "prose-only-000.txt").write_text("\n".join(plain[:80]) + "\n", encoding="utf-8")  # contents page and prose
    lines = (SAMPLES / "001_e3057056494def29.txt").read_text(encoding="utf-8").splitlines()
    random.Random(15).shuffle(lines)
    (sources / "shuffled-001.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return sources


def remove_deep(sources: Path) -> None:
    """Remove the deep folder one level at a time (shutil.rmtree, and pytest's clean-up, recurse)."""
    deepest = str(sources) + "/d" * DEPTH
    os.remove(deepest + "/deep.txt")
    while deepest != str(sources):
        os.rmdir(deepest)
        deepest = deepest[: -len("/d")]


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def sample_marts(db: Path) -> dict[str, list[str]]:
    names = [p.name for p in SAMPLES.iterdir()]
    keep = "document_id in (select document_id from marts.dim_document where source_path in ({}))".format(
        ", ".join(f"'{n}'" for n in names)
    )
    return {mart: sorted(repr(row) for row in rows(db, f"select * from marts.{mart} where {keep}")) for mart in FACT_MARTS}


def test_bad_files_are_reported_and_the_samples_build_unchanged(tmp_path: Path, warehouse: Path) -> None:
    sources = bad_corpus(tmp_path)
    db = tmp_path / "fiscal.duckdb"
    try:
        build(sources, db, ROOT)
    finally:
        remove_deep(sources)
    status = {
        path: (state, reason) for path, state, reason in rows(db, "select source_path, status, status_reason from marts.dim_document")
    }
    deep = "d/" * DEPTH + "deep.txt"
    assert status[deep] == ("failed", "no tables found (is this a budget or final-account disclosure?)")
    assert status["loop/"] == ("failed", "symlinked folder: not followed (no loops, nothing outside SOURCES)")
    assert status["outside-link.txt"] == ("failed", "symlink to a file outside SOURCES: not read")
    assert status["broken-link.txt"] == ("failed", "broken symlink: not read")
    assert status["copy-of-001.txt"] == ("duplicate", "byte-identical copy of 001_e3057056494def29.txt: its facts are not loaded twice")
    prose_only = "prose only, no table: ingested with its filing's tables file, when one is built with it"
    assert status["prose-only-000.txt"] == ("partial", prose_only)
    assert status["shuffled-001.txt"][0] == "partial" and "no table of a modelled kind gave figures" in str(status["shuffled-001.txt"][1])
    assert all(status[p.name] == ("ingested", None) for p in SAMPLES.iterdir())
    assert sample_marts(db) == sample_marts(warehouse)


def test_a_file_that_cannot_be_read_fails_alone(tmp_path: Path) -> None:
    """A path whose bytes cannot be read (mode 000 for a normal user, deleted mid-build, a folder)
    is `failed` with the system's reason: the error path never reads it again."""
    gone = ingest_file(tmp_path / "deleted.txt", "deleted.txt")
    assert (gone.status, gone.status_reason) == ("failed", "cannot be read: No such file or directory")
    folder = ingest_file(tmp_path, "folder.txt")
    assert (folder.status, folder.status_reason) == ("failed", "cannot be read: Is a directory")
    if os.geteuid() != 0:  # root reads a mode-000 file
        locked = tmp_path / "locked.txt"
        locked.write_text("x", encoding="utf-8")
        locked.chmod(0)
        assert ingest_file(locked, "locked.txt").status_reason == "cannot be read: Permission denied"


def test_an_empty_sources_folder_is_refused_unless_allowed(tmp_path: Path) -> None:
    db = tmp_path / "fiscal.duckdb"
    (tmp_path / "one").mkdir()
    shutil.copy(SAMPLES / "001_e3057056494def29.txt", tmp_path / "one")
    build(tmp_path / "one", db, ROOT)
    before = db.read_bytes()
    (tmp_path / "empty").mkdir()
    result = subprocess.run(
        [FISCAL, "build", "--sources", str(tmp_path / "empty"), "--db", str(db)], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 1 and "holds no document" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert db.read_bytes() == before
    build(tmp_path / "empty", db, ROOT, allow_empty=True)
    assert rows(db, "select count(*) from marts.dim_document") == [(0,)]
    assert not (tmp_path / ".fiscal-staging" / "fiscal.duckdb").exists()  # no staging copy left behind


def test_strict_fails_on_a_failed_document_and_db_must_be_a_file(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(SAMPLES / "001_e3057056494def29.txt", sources)
    (sources / "empty.txt").write_bytes(b"")
    command = [FISCAL, "build", "--sources", str(sources), "--db", str(tmp_path / "w.duckdb")]
    assert subprocess.run(command, cwd=ROOT, capture_output=True, text=True).returncode == 0
    strict = subprocess.run([*command, "--strict"], cwd=ROOT, capture_output=True, text=True)
    assert strict.returncode == 2 and "1 document(s) failed or partial" in strict.stderr
    started = time.monotonic()
    folder = subprocess.run([FISCAL, "build", "--sources", str(sources), "--db", str(tmp_path)], cwd=ROOT, capture_output=True, text=True)
    assert (
        folder.returncode == 1
        and folder.stderr.strip() == f"fiscal build: DB {tmp_path} is a folder: give a file name (e.g. {tmp_path / 'fiscal.duckdb'})"
    )
    assert time.monotonic() - started < 10  # refused before any work


def test_each_warehouse_file_has_its_own_dbt_folder(tmp_path: Path) -> None:
    assert dbt_folder(ROOT, tmp_path / "a" / "fiscal.duckdb") != dbt_folder(ROOT, tmp_path / "b" / "fiscal.duckdb")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _cmdline(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_text().replace("\0", " ")
    except OSError:
        return ""


def test_killing_the_build_stops_its_dbt_and_the_next_build_works(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(SAMPLES, sources)
    db = tmp_path / "fiscal.duckdb"
    process = subprocess.Popen([FISCAL, "build", "--sources", str(sources), "--db", str(db)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    dbt = None
    while dbt is None and time.monotonic() < deadline:
        dbt = next((c for c in _children(process.pid) if " build " in _cmdline(c) and "dbt" in _cmdline(c)), None)
        time.sleep(0.05)
    assert dbt is not None, "dbt never started"
    process.kill()
    process.wait()
    for _ in range(200):
        if not Path(f"/proc/{dbt}").exists() or "Z" in (Path(f"/proc/{dbt}/stat").read_text().rsplit(")", 1)[1].split()[:1]):
            break
        time.sleep(0.05)
    else:
        pytest.fail("dbt outlived the killed build")
    build(sources, db, ROOT)  # no orphan holds the staging file


def test_ctrl_c_is_one_line_and_no_traceback(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(SAMPLES, sources)
    process = subprocess.Popen(
        [FISCAL, "build", "--sources", str(sources), "--db", str(tmp_path / "x.duckdb")],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    assert process.stdout is not None
    process.stdout.readline()  # "Ingesting …": the build is under way
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "Traceback" not in stderr and "interrupted; the published warehouse is untouched" in stderr
