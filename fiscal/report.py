"""`fiscal report`: a static HTML report of the warehouse, readable offline.

An index of department lineages and one page per lineage: spending by function category year
over year, economic composition, budget vs actual with execution rate, and the discrepancies its
documents carry. Charts are inline SVG drawn here (no script, no CDN). Every figure shown is read
from the marts, and its cell says where from (`data-mart`, `data-key`, `data-column`), so a test
can compare the page with the marts.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

PALETTE = ["#3b6ea5", "#e08e3c", "#5a9e5a", "#b5534c", "#8a6fb0", "#8c7b5b", "#c86fa6", "#7f7f7f", "#b8b83a", "#3cb3c2"]
STYLE = """
body { font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.9em; }
th, td { border: 1px solid #ddd; padding: 0.25em 0.6em; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.warning { color: #a33; } .info { color: #777; } .error { color: #a00; font-weight: bold; }
.legend span { display: inline-block; margin-right: 1em; }
.legend i { display: inline-block; width: 0.9em; height: 0.9em; margin-right: 0.3em; }
nav a { margin-right: 1em; } .note { color: #555; font-size: 0.9em; }
"""


@dataclass(frozen=True)
class Cell:
    """A figure on the page and the mart row it comes from."""

    value: Decimal | int | None
    mart: str
    key: dict[str, Any]
    column: str
    places: int = 2

    def html(self) -> str:
        shown = "" if self.value is None else _fmt(self.value, self.places)
        raw = "" if self.value is None else str(self.value)
        key = html.escape(json.dumps(self.key, ensure_ascii=False, default=str))
        return f'<td class="num" data-mart="{self.mart}" data-column="{self.column}" data-key="{key}" data-value="{raw}">{shown}</td>'


def _fmt(value: Decimal | int, places: int) -> str:
    if isinstance(value, int):
        return str(value)
    return f"{value.quantize(Decimal(1).scaleb(-places)):,}"


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    result = con.execute(sql, list(params))
    names = [d[0] for d in result.description or []]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def _page(title: str, body: str) -> str:
    return (
        f'<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{STYLE}</style></head><body>\n{body}\n</body></html>\n"
    )


def _table(headers: Sequence[str], rows: Sequence[str]) -> str:
    """A table: its header cells, then rows already rendered (`<tr>…</tr>`)."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _text(value: Any) -> str:
    return "" if value is None else html.escape(str(value))


# ---------------------------------------------------------------- charts (inline SVG)


def grouped_bars(groups: list[str], series: list[tuple[str, list[Decimal | None]]], title: str) -> str:
    """Vertical bars: one group per category, one bar per series (a year, budget/actual)."""
    values = [v for _, vs in series for v in vs if v is not None]
    top = max(values, default=Decimal(0)) or Decimal(1)
    bar, gap, height, left = 18, 14, 180, 50
    width = left + len(groups) * (len(series) * bar + gap) + gap
    parts = [
        f'<svg role="img" aria-label="{html.escape(title)}" width="{width}" height="{height + 60}" xmlns="http://www.w3.org/2000/svg">'
    ]
    parts.append(f'<line x1="{left}" y1="{height}" x2="{width}" y2="{height}" stroke="#999"/>')
    parts.append(f'<text x="4" y="12" font-size="10">{_fmt(top, 2)}</text><text x="4" y="{height}" font-size="10">0</text>')
    for g, group in enumerate(groups):
        x0 = left + gap + g * (len(series) * bar + gap)
        for s, (name, vs) in enumerate(series):
            v = vs[g]
            if v is None:
                continue
            h = v / top * (height - 20) if top else Decimal(0)  # pixels, computed exactly like the figures
            x = x0 + s * bar
            parts.append(
                f'<rect x="{x}" y="{height - h:.1f}" width="{bar - 2}" height="{h:.1f}" fill="{PALETTE[s % len(PALETTE)]}">'
                f"<title>{html.escape(name)} {html.escape(group)}: {_fmt(v, 2)}</title></rect>"
            )
        parts.append(f'<text x="{x0}" y="{height + 14}" font-size="10">{html.escape(group)}</text>')
    parts.append("</svg>")
    legend = "".join(
        f'<span><i style="background:{PALETTE[s % len(PALETTE)]}"></i>{html.escape(n)}</span>' for s, (n, _) in enumerate(series)
    )
    return f'<figure><figcaption>{html.escape(title)}</figcaption>{"".join(parts)}<div class="legend">{legend}</div></figure>'


def stacked_shares(rows: list[tuple[str, list[tuple[str, Decimal]]]], title: str) -> str:
    """Horizontal 100% bars: one per row (a year), segments per class."""
    names = sorted({n for _, segs in rows for n, _ in segs})
    colour = {n: PALETTE[i % len(PALETTE)] for i, n in enumerate(names)}
    width, bar, left = 520, 22, 120
    parts = [
        f'<svg role="img" aria-label="{html.escape(title)}" width="{left + width + 10}" height="{len(rows) * (bar + 10) + 10}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for r, (label, segs) in enumerate(rows):
        total = sum((v for _, v in segs if v > 0), Decimal(0))
        y, x = 5 + r * (bar + 10), Decimal(left)
        parts.append(f'<text x="4" y="{y + bar - 6}" font-size="11">{html.escape(label)}</text>')
        for name, v in segs:
            if v <= 0 or not total:
                continue
            w = v / total * width
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}" fill="{colour[name]}">'
                f"<title>{html.escape(name)}: {_fmt(v, 2)} ({_fmt(100 * v / total, 1)}%)</title></rect>"
            )
            x += w
    parts.append("</svg>")
    legend = "".join(f'<span><i style="background:{colour[n]}"></i>{html.escape(n)}</span>' for n in names)
    return f'<figure><figcaption>{html.escape(title)}</figcaption>{"".join(parts)}<div class="legend">{legend}</div></figure>'


# ---------------------------------------------------------------- pages


def build_report(db: Path, out: Path) -> list[Path]:
    """Write index.html and one page per lineage into `out`; return the pages written."""
    if not db.exists():
        raise FileNotFoundError(f"{db} does not exist: run `make build` first")
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db), read_only=True)
    try:
        lineages = _rows(
            con,
            "select lineage_id, string_agg(distinct district, '、') as districts, "
            "string_agg(printed_name, ' → ' order by first_year, printed_name) as names, min(first_year) as first_year, "
            "max(last_year) as last_year from marts.dim_department group by lineage_id order by districts, names",
        )
        pages = [out / "index.html"]
        pages[0].write_text(_index(con, lineages), encoding="utf-8")
        for lineage in lineages:
            path = out / f"lineage-{lineage['lineage_id']}.html"
            path.write_text(_lineage_page(con, lineage), encoding="utf-8")
            pages.append(path)
        return pages
    finally:
        con.close()


def _index(con: duckdb.DuckDBPyConnection, lineages: list[dict[str, Any]]) -> str:
    rows = []
    for lineage in lineages:
        counts = _rows(
            con,
            "select count(distinct d.document_id) as documents, "
            "count(q.rule_id) filter (where q.severity in ('warning', 'error')) as warnings "
            "from marts.dim_document d join marts.dim_department p using (department_id) "
            "left join marts.dq_discrepancies q on q.document_id = d.document_id where p.lineage_id = ?",
            [lineage["lineage_id"]],
        )[0]
        key = {"lineage_id": lineage["lineage_id"]}
        rows.append(
            f'<tr><td><a href="lineage-{lineage["lineage_id"]}.html">{_text(lineage["names"])}</a></td>'
            f"<td>{_text(lineage['districts'])}</td>"
            f"<td>{lineage['first_year']}–{lineage['last_year']}</td>"
            f"{Cell(counts['documents'], 'lineage_documents', key, 'documents').html()}"
            f"{Cell(counts['warnings'], 'lineage_warnings', key, 'warnings').html()}</tr>"
        )
    body = (
        "<h1>部门预算/决算 warehouse report</h1>"
        '<p class="note">One page per department lineage (a department and its predecessors/successors). '
        "Amounts in 万元, from the marts of the warehouse; warnings are places where a document contradicts itself.</p>"
        + _table(["department lineage", "district", "years", "documents", "warnings"], rows)
    )
    return _page("Report: department lineages", body)


def _lineage_page(con: duckdb.DuckDBPyConnection, lineage: dict[str, Any]) -> str:
    lid = lineage["lineage_id"]
    body = [f'<nav><a href="index.html">← all departments</a></nav><h1>{_text(lineage["names"])}</h1>']
    body.append(f"<p>{_text(lineage['districts'])}, {lineage['first_year']}–{lineage['last_year']}. Amounts in 万元.</p>")
    body.append(_documents(con, lid))
    body.append(_years(con, lid, "function_category", "Spending by function category (类), year over year"))
    body.append(_composition(con, lid))
    body.append(_budget_vs_actual(con, lid))
    body.append(_discrepancies(con, lid))
    return _page(str(lineage["names"]), "\n".join(body))


def _documents(con: duckdb.DuckDBPyConnection, lid: str) -> str:
    docs = _rows(
        con,
        "select d.fiscal_year, d.document_kind, d.department_name, d.source_path, d.source_format, d.status, d.is_primary "
        "from marts.dim_document d join marts.dim_department p using (department_id) where p.lineage_id = ? order by 1, 2, 4",
        [lid],
    )
    rows = [
        f"<tr><td>{d['fiscal_year']}</td><td>{_text(d['document_kind'])}</td><td>{_text(d['department_name'])}</td>"
        f"<td>{_text(d['source_path'])}</td><td>{_text(d['source_format'])}</td><td>{_text(d['status'])}</td>"
        f"<td>{'yes' if d['is_primary'] else ''}</td></tr>"
        for d in docs
    ]
    return "<h2>Documents</h2>" + _table(["year", "kind", "department as printed", "file", "form", "status", "primary"], rows)


def _years(con: duckdb.DuckDBPyConnection, lid: str, breakdown: str, title: str) -> str:
    rows = _rows(
        con,
        "select fiscal_year, phase, code, name, amount, previous_year, previous_amount, change, change_pct "
        "from marts.cmp_department_years where lineage_id = ? and breakdown = ? order by code, phase, fiscal_year",
        [lid, breakdown],
    )
    if not rows:
        return f"<h2>{html.escape(title)}</h2><p>No figures.</p>"
    codes = sorted({r["code"] for r in rows})
    series_keys = sorted({(r["fiscal_year"], r["phase"]) for r in rows})
    by = {(r["fiscal_year"], r["phase"], r["code"]): r["amount"] for r in rows}
    series = [(f"{y} {phase}", [by.get((y, phase, c)) for c in codes]) for y, phase in series_keys]
    chart = grouped_bars([f"{c}" for c in codes], series, title)
    lines = []
    for r in rows:
        key = _year_key(lid, breakdown, r)
        mart = "cmp_department_years"
        lines.append(
            f"<tr><td>{r['fiscal_year']}</td><td>{_text(r['phase'])}</td><td>{_text(r['code'])}</td><td>{_text(r['name'])}</td>"
            f"{Cell(r['amount'], mart, key, 'amount').html()}<td>{_text(r['previous_year'])}</td>"
            f"{Cell(r['previous_amount'], mart, key, 'previous_amount').html()}{Cell(r['change'], mart, key, 'change').html()}"
            f"{Cell(r['change_pct'], mart, key, 'change_pct', 1).html()}</tr>"
        )
    headers = ["year", "phase", "code", "name", "amount", "previous year", "previous amount", "change", "change %"]
    table = _table(headers, lines)
    return f"<h2>{html.escape(title)}</h2>{chart}{table}"


def _composition(con: duckdb.DuckDBPyConnection, lid: str) -> str:
    rows = _rows(
        con,
        "select fiscal_year, phase, code, name, amount from marts.cmp_department_years "
        "where lineage_id = ? and breakdown = 'economic_class' order by fiscal_year, phase, code",
        [lid],
    )
    if not rows:
        return "<h2>Economic composition</h2><p>No economic classification printed.</p>"
    bars: dict[str, list[tuple[str, Decimal]]] = {}
    for r in rows:
        bars.setdefault(f"{r['fiscal_year']} {r['phase']}", []).append((f"{r['code']} {r['name'] or ''}", r["amount"] or Decimal(0)))
    chart = stacked_shares(list(bars.items()), "Economic composition (部门经济分类 类), share of the year's total")
    lines = [
        f"<tr><td>{r['fiscal_year']}</td><td>{_text(r['phase'])}</td><td>{_text(r['code'])}</td><td>{_text(r['name'])}</td>"
        + Cell(r["amount"], "cmp_department_years", _year_key(lid, "economic_class", r), "amount").html()
        + "</tr>"
        for r in rows
    ]
    return f"<h2>Economic composition</h2>{chart}" + _table(["year", "phase", "class", "name", "amount"], lines)


def _year_key(lid: str, breakdown: str, row: dict[str, Any]) -> dict[str, Any]:
    return {"lineage_id": lid, "breakdown": breakdown, "fiscal_year": row["fiscal_year"], "phase": row["phase"], "code": row["code"]}


def _budget_vs_actual(con: duckdb.DuckDBPyConnection, lid: str) -> str:
    rows = _rows(
        con,
        "select b.department_id, b.fiscal_year, b.function_code, b.function_name, b.budget, b.actual, b.difference, "
        "b.execution_rate, b.budget_source from marts.cmp_budget_vs_actual b join marts.dim_department d using (department_id) "
        "where d.lineage_id = ? order by b.fiscal_year, b.function_code",
        [lid],
    )
    if not rows:
        return "<h2>Budget vs actual</h2><p>No final account (决算) in the warehouse for this lineage.</p>"
    labels = [f"{r['function_code']}" for r in rows]
    chart = grouped_bars(labels, [("budget", [r["budget"] for r in rows]), ("actual", [r["actual"] for r in rows])], "Budget vs actual")
    lines = []
    for r in rows:
        key = {"department_id": r["department_id"], "fiscal_year": r["fiscal_year"], "function_code": r["function_code"]}
        mart = "cmp_budget_vs_actual"
        rate = None if r["execution_rate"] is None else r["execution_rate"] * 100
        lines.append(
            f"<tr><td>{r['fiscal_year']}</td><td>{_text(r['function_code'])}</td><td>{_text(r['function_name'])}</td>"
            f"{Cell(r['budget'], mart, key, 'budget').html()}{Cell(r['actual'], mart, key, 'actual').html()}"
            f"{Cell(r['difference'], mart, key, 'difference').html()}"
            f"{Cell(rate, mart, key, 'execution_rate_pct', 2).html()}<td>{_text(r['budget_source'])}</td></tr>"
        )
    table = _table(["year", "code", "name", "budget", "actual", "difference", "execution %", "budget from"], lines)
    return f"<h2>Budget vs actual</h2>{chart}{table}"


def _discrepancies(con: duckdb.DuckDBPyConnection, lid: str) -> str:
    rows = _rows(
        con,
        "select q.rule_id, q.severity, q.expected, q.observed, q.location, q.message from marts.dq_discrepancies q "
        "join marts.dim_document d using (document_id) join marts.dim_department p using (department_id) "
        "where p.lineage_id = ? order by case q.severity when 'error' then 0 when 'warning' then 1 else 2 end, q.rule_id, q.location",
        [lid],
    )
    counts = {s: sum(1 for r in rows if r["severity"] == s) for s in ("error", "warning", "info")}
    key = {"lineage_id": lid}
    severities = ("error", "warning", "info")
    count_cells = "".join(Cell(counts[s], "lineage_discrepancies", {**key, "severity": s}, "count", 0).html() for s in severities)
    summary = _table(["errors", "warnings", "info"], [f"<tr>{count_cells}</tr>"])
    lines = [
        f'<tr class="{_text(r["severity"])}"><td>{_text(r["severity"])}</td><td>{_text(r["rule_id"])}</td>'
        f"<td>{_text(r['expected'])}</td><td>{_text(r['observed'])}</td><td>{_text(r['location'])}</td><td>{_text(r['message'])}</td></tr>"
        for r in rows
    ]
    listing = _table(["severity", "rule", "expected", "printed", "where", "what"], lines)
    return f"<h2>Discrepancies ({len(rows)})</h2>{summary}{listing}"
