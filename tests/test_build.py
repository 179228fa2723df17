"""`make build` as a user runs it: SOURCES/DB variables, atomic publish, rebuilds, bad input."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from fiscal.build import BuildError, build
from tests.conftest import ROOT, SAMPLES

SAMPLE = SAMPLES / "001_e3057056494def29.txt"


def make_build(sources: Path, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", "build", f"SOURCES={sources}", f"DB={db}"], cwd=ROOT, capture_output=True, text=True, check=False)


def mart_checksums(db: Path) -> dict[str, str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [r[0] for r in con.execute("select table_name from duckdb_tables() where schema_name = 'marts' order by 1").fetchall()]
        sums = {}
        for table in tables:
            rows = con.execute(f"select * from marts.{table}").fetchall()
            sums[table] = hashlib.sha256("\n".join(sorted(map(repr, rows))).encode()).hexdigest()
        return sums
    finally:
        con.close()


def one_document_folder(tmp_path: Path) -> Path:
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(SAMPLE, sources / SAMPLE.name)
    return sources


def test_make_build_with_one_document_and_relative_paths(tmp_path: Path) -> None:
    sources = one_document_folder(tmp_path)
    db = tmp_path / "out" / "one.duckdb"
    result = make_build(Path(os.path.relpath(sources, ROOT)), Path(os.path.relpath(db, ROOT)))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[1/1] ingested 001_e3057056494def29.txt" in result.stdout
    assert "1 documents (1 ingested, 0 partial, 0 failed)" in result.stdout
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select count(*) from marts.dim_document").fetchone() == (1,)
    assert con.execute("select count(*) from marts.fct_expenditure_by_function").fetchone() == (5,)
    con.close()
    leftovers = {p.name for p in db.parent.iterdir()}
    assert leftovers == {"one.duckdb", ".fiscal-staging", ".fiscal-cache"}  # the staging folder, the parse cache
    assert sorted(p.name for p in (db.parent / ".fiscal-staging").iterdir()) == ["one.duckdb.built.json", "one.duckdb.lock"]


def test_rebuild_with_nothing_changed_gives_identical_marts(tmp_path: Path) -> None:
    db = tmp_path / "fiscal.duckdb"
    build(SAMPLES, db, ROOT)
    first = mart_checksums(db)
    build(SAMPLES, db, ROOT)
    assert mart_checksums(db) == first
    assert {"dim_document", "fct_expenditure_by_function", "dq_discrepancies"} <= set(first)


def test_a_rebuild_parses_only_what_changed_and_runs_nothing_when_nothing_did(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = one_document_folder(tmp_path)
    shutil.copy(SAMPLES / "002_4fb5156e5ed0de57.txt", sources)
    db = tmp_path / "fiscal.duckdb"
    build(sources, db, ROOT)
    published = db.stat().st_mtime_ns
    capsys.readouterr()
    build(sources, db, ROOT)  # nothing changed: no parsing, no dbt, the file left as it is
    assert "Nothing changed since" in capsys.readouterr().out and db.stat().st_mtime_ns == published
    changed = sources / "002_4fb5156e5ed0de57.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    build(sources, db, ROOT)  # one document changed: only it is parsed again
    out = capsys.readouterr().out
    assert "[cached] 1 document(s) parsed before and unchanged" in out and "[1/1] ingested 002_4fb5156e5ed0de57.txt" in out
    con = duckdb.connect(str(db))
    assert con.execute("select count(*) from marts.dim_document").fetchone() == (2,)
    con.execute("delete from marts.dim_document")  # the published file changed by hand: built again
    con.close()
    build(sources, db, ROOT)
    assert "[cached] 2 document(s)" in capsys.readouterr().out
    monkeypatch.setattr("fiscal.cache.reader_version", lambda: "another reader")
    monkeypatch.setattr("fiscal.build.reader_version", lambda: "another reader")
    build(sources, db, ROOT)  # a new reader parses every document again
    out = capsys.readouterr().out
    assert "[cached]" not in out and "[2/2] ingested" in out


def test_removed_document_does_not_linger(tmp_path: Path) -> None:
    sources = one_document_folder(tmp_path)
    shutil.copy(SAMPLES / "002_4fb5156e5ed0de57.txt", sources)
    db = tmp_path / "fiscal.duckdb"
    build(sources, db, ROOT)
    (sources / "002_4fb5156e5ed0de57.txt").unlink()
    build(sources, db, ROOT)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select count(*) from marts.dim_document").fetchone() == (1,)
    con.close()


def test_reader_holding_the_file_open_neither_blocks_nor_sees_a_half_build(tmp_path: Path) -> None:
    sources = one_document_folder(tmp_path)
    db = tmp_path / "fiscal.duckdb"
    build(sources, db, ROOT)
    shutil.copy(SAMPLES / "002_4fb5156e5ed0de57.txt", sources)
    reader = duckdb.connect(str(db), read_only=True)  # a BI tool with the file open
    try:
        assert reader.execute("select count(*) from marts.dim_document").fetchone() == (1,)
        result = make_build(sources, db)
        assert result.returncode == 0, result.stdout + result.stderr
        # the open connection keeps its consistent snapshot of the old file …
        assert reader.execute("select count(*) from marts.fct_expenditure_by_function").fetchone() == (5,)
    finally:
        reader.close()
    # … and a new reader (another process, as a BI tool would be) sees the new one
    query = (
        "import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True); "
        "print(con.execute('select count(*) from marts.dim_document').fetchone()[0])"
    )
    out = subprocess.run([sys.executable, "-c", query, str(db)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "2"


def test_a_corrupted_fact_fails_the_dbt_tests(tmp_path: Path) -> None:
    """Our rows disagreeing with the printed lines is a pipeline fault: severity error."""
    db = tmp_path / "fiscal.duckdb"
    build(one_document_folder(tmp_path), db, ROOT)
    con = duckdb.connect(str(db))
    con.execute("update marts.fct_expenditure_by_function set amount_total = amount_total + 1 where function_code = '2210201'")
    con.close()
    env = {**os.environ, "FISCAL_DB_PATH": str(db)}
    dbt = Path(sys.executable).with_name("dbt")
    args = [str(dbt), "test", "--select", "assert_function_facts_match_printed_lines", "--project-dir", str(ROOT),
            "--profiles-dir", str(ROOT), "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")]  # fmt: skip
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "FAIL 1 assert_function_facts_match_printed_lines" in result.stdout


def test_a_figure_misread_into_raw_fails_the_dbt_tests(tmp_path: Path) -> None:
    """The pipeline-fault test reads the printed cell, not the amount the reader parsed from it: a
    misparsed figure in raw (its cell text right) fails it once the facts are rebuilt from raw."""
    db = tmp_path / "fiscal.duckdb"
    build(one_document_folder(tmp_path), db, ROOT)
    con = duckdb.connect(str(db))
    con.execute(
        "update raw.line_item_values set amount = amount + 1 where field = 'amount_total' and (document_id, table_no, row_no) in "
        "(select document_id, table_no, row_no from marts.fct_expenditure_by_function where function_code = '2210201')"
    )
    con.close()
    env = {**os.environ, "FISCAL_DB_PATH": str(db)}
    dbt = Path(sys.executable).with_name("dbt")
    common = [
        "--project-dir", str(ROOT), "--profiles-dir", str(ROOT),
        "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs"),
    ]  # fmt: skip
    rebuild = [str(dbt), "run", "--select", "+fct_expenditure_by_function", *common]
    subprocess.run(rebuild, cwd=ROOT, env=env, capture_output=True, check=True)
    args = [str(dbt), "test", "--select", "assert_function_facts_match_printed_lines", *common]
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert "FAIL 1 assert_function_facts_match_printed_lines" in result.stdout


def test_bad_inputs_are_reported_and_the_rest_builds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sources = one_document_folder(tmp_path)
    (sources / "empty.txt").write_bytes(b"")
    (sources / "gbk.txt").write_bytes("部门预算\t表".encode("gbk") * 20)
    (sources / "notes.docx").write_bytes(b"PK\x03\x04 not really a document")
    (sources / "prose-only.md").write_text("# 某区某局 2024 年部门预算\n\n没有表格。\n", encoding="utf-8")
    db = tmp_path / "fiscal.duckdb"
    build(sources, db, ROOT)
    con = duckdb.connect(str(db), read_only=True)
    rows = dict(con.execute("select source_path, status || ': ' || coalesce(status_reason, '') from marts.dim_document").fetchall())
    con.close()
    assert rows == {
        SAMPLE.name: "ingested: ",
        "empty.txt": "failed: empty file",
        "gbk.txt": "failed: not UTF-8 text (byte 0: b'\\xb2\\xbf\\xc3\\xc5'); convert it to UTF-8",
        "notes.docx": "failed: not a document type the warehouse reads",
        "prose-only.md": "failed: no tables found (is this a budget or final-account disclosure?)",
    }
    capsys.readouterr()
    build(sources, db, ROOT)  # failed documents are tried again, even with nothing changed
    out = capsys.readouterr().out
    assert "Nothing changed" not in out and "[4/4] failed" in out and "[cached] 1 document(s)" in out


def test_a_failed_build_leaves_the_published_warehouse_untouched(tmp_path: Path) -> None:
    db = tmp_path / "fiscal.duckdb"
    build(one_document_folder(tmp_path), db, ROOT)
    before = db.read_bytes()
    broken = tmp_path / "project"
    for name in ("models", "macros", "seeds", "tests", "dbt_project.yml", "profiles.yml"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, broken / name)
    (broken / "models" / "marts" / "dim_document.sql").write_text("select * from nowhere", encoding="utf-8")
    with pytest.raises(BuildError, match="dbt build failed"):
        build(SAMPLES, db, broken)
    assert db.read_bytes() == before


def test_missing_sources_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(Path(sys.executable).with_name("fiscal")), "build", "--sources", str(tmp_path / "nope"), "--db", str(tmp_path / "x.duckdb")],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip() == f"fiscal build: SOURCES {tmp_path / 'nope'} is not a folder"


def test_a_second_build_of_the_same_file_is_refused_while_one_runs(tmp_path: Path) -> None:
    import fcntl

    db = tmp_path / "fiscal.duckdb"
    (tmp_path / ".fiscal-staging").mkdir()
    with open(tmp_path / ".fiscal-staging" / "fiscal.duckdb.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(BuildError, match=f"another build of {db} is running"):
            build(SAMPLES, db, ROOT)
    assert not db.exists()
