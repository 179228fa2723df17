"""`fiscal`: the command line. Errors are one line on stderr and a non-zero exit (FISCAL_DEBUG=1 for tracebacks)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import duckdb

from fiscal import query, report
from fiscal.build import BuildError, build
from ingest.pipeline import ingest_file
from ingest.worker import Limits

DEFAULT_DB = "warehouse/fiscal.duckdb"


def _cmd_build(args: argparse.Namespace) -> int:
    limits = Limits(timeout_s=args.timeout, memory_mb=args.memory_mb, workers=args.workers)
    cache_dir = Path(args.cache) if args.cache else None
    if (args.executor == "dask") != bool(args.scheduler):
        raise BuildError("--executor dask needs --scheduler ADDRESS (and --scheduler needs --executor dask)")
    summary = build(
        Path(args.sources), Path(args.db), Path(args.project_dir), limits,
        allow_empty=args.allow_empty, cache_dir=cache_dir, scheduler=args.scheduler,
    )  # fmt: skip
    unread = summary.statuses["failed"] + summary.statuses["partial"]
    if args.strict and unread:
        print(f"fiscal build: --strict: {unread} document(s) failed or partial (listed above and in dim_document)", file=sys.stderr)
        return 2
    return 0


def _cmd_inspect(args: argparse.Namespace) -> int:
    """Parse one document and print what was found, without touching any warehouse."""
    path = Path(args.file)
    doc = ingest_file(path, path.name)
    print(json.dumps({
        "document_id": doc.document_id, "status": doc.status, "status_reason": doc.status_reason,
        "format": doc.source_format, "metadata": vars(doc.metadata),
        "tables": [{"no": t.table_no, "kind": t.kind, "title": t.printed.title, "unit": t.printed.unit,
                    "rows": len(t.printed.rows), "header_method": t.header_method} for t in doc.tables],
        "issues": [f"{i.severity} {i.rule_id} line {i.line}: {i.message}" for i in doc.issues],
    }, ensure_ascii=False, indent=2))  # fmt: skip
    return 0 if doc.status != "failed" else 1


def _cmd_query(args: argparse.Namespace) -> int:
    """Run one checked SELECT on the warehouse through a read-only connection, within the time,
    row and memory limits (see fiscal/query.py)."""

    def stuck(message: str) -> None:  # DuckDB did not heed the interrupt: end the process, same one line
        sys.stderr.write(f"fiscal query: {message}\n")
        sys.stderr.flush()
        os._exit(1)

    limits = query.Limits(timeout_s=args.timeout, max_rows=args.max_rows, memory_limit=args.memory_limit)
    result = query.run(Path(args.db), args.sql, limits, cap_address_space=True, on_stuck=stuck)
    sys.stdout.write(query.render(result.names, result.rows, args.format))
    if result.truncated:
        sys.stdout.flush()
        print(f"fiscal query: result truncated at {limits.max_rows} rows (--max-rows N to see more)", file=sys.stderr)
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    """Write the static HTML report (see fiscal/report.py)."""
    pages = report.build_report(Path(args.db), Path(args.out))
    print(f"report: {pages[0]} ({len(pages) - 1} department lineages)")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="fiscal", description="Fiscal data warehouse for 部门预算/部门决算 disclosures.")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="ingest SOURCES and publish the warehouse DB (what `make build` runs)")
    b.add_argument("--sources", default="data/samples", help="folder of documents (default: data/samples)")
    b.add_argument("--db", default=DEFAULT_DB, help=f"warehouse file to publish (default: {DEFAULT_DB})")
    b.add_argument("--project-dir", default=".", help="dbt project folder (default: .)")
    b.add_argument("--cache", help="parse cache folder: one Parquet folder per parsed document (default: .fiscal-cache beside DB)")
    b.add_argument("--executor", choices=("local", "dask"), default="local", help="where documents are parsed (default: local processes)")
    b.add_argument(
        "--scheduler",
        help="the Dask scheduler's address (tcp://host:8786) for --executor dask; SOURCES and --cache on a path its workers share",
    )
    default = Limits()
    b.add_argument("--workers", type=int, default=default.workers, help=f"parser processes (default: {default.workers}, the CPU count)")
    b.add_argument("--timeout", type=float, default=default.timeout_s, help=f"seconds per document (default: {default.timeout_s:g})")
    b.add_argument("--memory-mb", type=int, default=default.memory_mb, help=f"memory cap per parser process (default: {default.memory_mb})")
    b.add_argument("--allow-empty", action="store_true", help="publish even when SOURCES holds no document (refused by default)")
    b.add_argument(
        "--strict", action="store_true", default=bool(os.environ.get("STRICT")),
        help="exit non-zero (2) when any document is failed or partial, for schedulers (also STRICT=1)",
    )  # fmt: skip
    b.set_defaults(func=_cmd_build)
    i = sub.add_parser("inspect", help="parse one document and print its metadata, tables and issues")
    i.add_argument("file")
    i.set_defaults(func=_cmd_inspect)
    q = sub.add_parser("query", help="run one SQL query on the warehouse (read-only)")
    q.add_argument("sql", help="one SELECT (or WITH … SELECT) on the marts")
    q.add_argument("--db", default=DEFAULT_DB)
    q.add_argument("--format", choices=query.FORMATS, default="table", help="aligned table (default), csv or json")
    lim = query.DEFAULT_LIMITS
    q.add_argument(
        "--timeout", type=query.seconds, default=lim.timeout_s, metavar="SECONDS", help="wall-clock limit (default: %(default)g)"
    )
    q.add_argument("--max-rows", type=query.row_count, default=lim.max_rows, metavar="N", help="rows to print (default: %(default)s)")
    q.add_argument(
        "--memory-limit", type=query.memory_size, default=lim.memory_limit, metavar="SIZE", help="DuckDB memory cap (default: %(default)s)"
    )
    q.set_defaults(func=_cmd_query)
    r = sub.add_parser("report", help="write a static HTML report with charts (readable offline)")
    r.add_argument("--db", default=DEFAULT_DB)
    r.add_argument("--out", default="build/report", help="folder for index.html and one page per lineage (default: build/report)")
    r.set_defaults(func=_cmd_report)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:  # output piped into `head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print(f"fiscal {args.command}: interrupted; the published warehouse is untouched", file=sys.stderr)
        return 130
    except (BuildError, query.QueryRefused, duckdb.Error, OSError) as exc:
        if os.environ.get("FISCAL_DEBUG"):
            raise
        print(f"fiscal {args.command}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
