"""Real publishers' PDFs (data/realworld): every printed figure accounted for, and the values a
person typed from eight of them (tests/expected/realworld/*.yml) equal to what the warehouse holds.

The typed files list every row of every 类/款/项, 经济分类, 三公 and 收支总表 table as printed (in the
table's own unit); this test finds the same table in the warehouse (by kind and page) and
compares row by row, in 万元, then checks the marts: the function facts are the finest rows of
the one table the contract names, the basic economic facts the 5-digit rows of the 基本支出表,
三公 and the document totals as printed.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from ingest.tables.kinds import classify

from .conftest import EXPECTED, REALWORLD

TYPED = sorted(p for p in (EXPECTED / "realworld").glob("*.yml") if p.name != "metadata.yml")
METADATA = EXPECTED / "realworld" / "metadata.yml"
UNIT_FACTOR = {"万元": Decimal(1), "元": Decimal("0.0001"), "千元": Decimal("0.1")}

# typed column name -> the warehouse fields that may hold it (the first that the table fills)
FIELDS: dict[str, tuple[str, ...]] = {
    "total": ("amount_total", "income_year_total", "amount"),
    "basic": ("amount_basic",),
    "project": ("amount_project",),
    "personnel": ("amount_personnel",),
    "public": ("amount_public",),
    "reserve": ("amount_reserve",),
    "carry_forward": ("amount_carry_forward",),
    "prior_year_balance": ("amount_prior_balance",),
    "current_income": ("income_year_total",),
    "fiscal_grant": ("income_fiscal_grant",),
    "business_income": ("income_business",),
    "operating_income": ("income_operating",),
    "other_income": ("income_other",),
    "superior_grant_income": ("income_superior",),
    "affiliated_remittance_income": ("income_affiliated",),
    "remit_to_superior": ("amount_remit_upper",),
    "operating_expenditure": ("amount_operating",),
    "subsidy_to_affiliated": ("amount_subsidy_affiliates",),
}
TEXT_COLUMNS = {"code", "name", "unit_code", "unit_name", "gov_code", "gov_name"}


def _load(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        doc: dict[str, Any] = yaml.safe_load(fh)
    return doc


def _amount(value: Any, unit: str | None) -> Decimal | None:
    if value is None:
        return None
    return (Decimal(str(value)) * UNIT_FACTOR[unit or "万元"]).quantize(Decimal("0.000001"))


def _digits(code: str | None) -> str:
    return "".join(ch for ch in code or "" if ch.isdigit())


@pytest.fixture(scope="module")
def rw(realworld_warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(realworld_warehouse), read_only=True)
    yield connection
    connection.close()


def _document_id(rw: duckdb.DuckDBPyConnection, source_file: str) -> str:
    row = rw.execute("select document_id from marts.dim_document where source_path = ?", [source_file]).fetchone()
    assert row, f"{source_file} is not in the warehouse"
    return str(row[0])


def _table_no(rw: duckdb.DuckDBPyConnection, document_id: str, table: dict[str, Any]) -> int:
    """The landed table the typed one is: the same kind, starting on the same page."""
    kind = classify(table["title"])
    rows = rw.execute(
        "select table_no, table_kind from staging.stg_raw__tables where document_id = ? and page_no = ? order by table_no",
        [document_id, table["page"]],
    ).fetchall()
    found = [no for no, landed_kind in rows if landed_kind == kind]
    assert len(found) == 1, f"table '{table['title']}' (page {table['page']}, kind {kind}): landed as {rows}"
    return int(found[0])


def _items(rw: duckdb.DuckDBPyConnection, document_id: str, table_no: int) -> list[dict[str, Any]]:
    cursor = rw.execute(
        "select * from intermediate.int_line_items_pivoted where document_id = ? and table_no = ? order by row_no, block_no",
        [document_id, table_no],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _value(item: dict[str, Any], column: str) -> Decimal | None:
    for name in FIELDS[column]:
        if item.get(name) is not None:
            return Decimal(item[name]).quantize(Decimal("0.000001"))
    return None


def _cases() -> list[Any]:
    cases = []
    for path in TYPED:
        doc = _load(path)
        for n, table in enumerate(doc["tables"]):
            cases.append(pytest.param(doc, table, id=f"{path.stem}-{n}-{table['kind']}"))
    return cases


@pytest.mark.parametrize(("doc", "table"), _cases())
def test_typed_table_is_landed_as_printed(rw: duckdb.DuckDBPyConnection, doc: dict[str, Any], table: dict[str, Any]) -> None:
    document_id = _document_id(rw, doc["source_file"])
    table_no = _table_no(rw, document_id, table)
    items = _items(rw, document_id, table_no)
    unit = table["unit"]
    landed_unit = rw.execute(
        "select amount_unit from staging.stg_raw__tables where document_id = ? and table_no = ?", [document_id, table_no]
    ).fetchone()
    assert landed_unit is not None and landed_unit[0] == unit
    if table["kind"] in ("function", "economic"):
        _compare_coded_rows(table, items)
    elif table["kind"] == "summary":
        _compare_summary(table, items)
    elif table["kind"] == "three_public":
        _compare_three_public(table, items)


def _compare_coded_rows(table: dict[str, Any], items: list[dict[str, Any]]) -> None:
    columns = table["columns"]
    amounts = [c for c in columns if c not in TEXT_COLUMNS]
    lines = sorted((i for i in items if i["item_role"] == "detail"), key=lambda i: (i["block_no"], i["row_no"]))  # panel by panel
    typed = [dict(zip(columns, row, strict=True)) for row in table.get("rows") or []]
    got = [(_digits(i["printed_code"]), _label(i["printed_name"]), [_value(i, c) for c in amounts]) for i in lines]
    want = [(_digits(r["code"]), _label(r["name"]), [_amount(r[c], table["unit"]) for c in amounts]) for r in typed]
    assert got == want, f"{table['title']}: lines differ"
    if any(v is not None for v in table.get("total") or []):  # a blank 合计 row (an empty table) carries nothing
        totals = [i for i in items if i["item_role"] == "total"]
        assert totals, f"{table['title']}: no 合计 row landed"
        assert [_value(totals[0], c) for c in amounts] == [_amount(v, table["unit"]) for v in table["total"]]


def _label(text: str | None) -> str:
    return "".join((text or "").split()).replace("（", "(").replace("）", ")")


def _compare_summary(table: dict[str, Any], items: list[dict[str, Any]]) -> None:
    landed: dict[tuple[str, str], list[list[Any]]] = {}
    for item in items:
        if item["item_role"] == "label":
            values = [item.get(f) for f in ("amount", "amount_2", "amount_3", "amount_4", "amount_5", "amount_6")]
            landed.setdefault((item["block_label"], _label(item["printed_name"])), []).append(values)
    for side in ("income", "expenditure"):
        for label, value in table.get(side) or []:
            printed = value if isinstance(value, list) else [value]
            if all(v is None for v in printed):
                continue
            want = [_amount(v, table["unit"]) for v in printed]
            candidates = [
                [None if v is None else Decimal(v).quantize(Decimal("0.000001")) for v in got[: len(want)]]
                for (got_side, got_label), rows in landed.items()
                if got_label.endswith(_label(label))
                for got in rows
            ]
            assert want in candidates, f"{table['title']}: {side} '{label}' {want} not among {candidates}"


PHASE_LABELS = {"budget": "预算", "actual": "决算"}


def _three_public_field(column: str, columns: list[str]) -> tuple[str | None, str]:
    """(phase, warehouse field) of a typed 三公 column: `合计` is the 三公 total unless the table
    also prints a 三公 小计 (then it is the grand 合计 over 会议费/培训费 too)."""
    phase, _, name = column.partition("_") if column.startswith(("budget_", "actual_")) else (None, "", column)
    subtotal_printed = any(c.endswith("three_public_total") for c in columns)
    if name == "three_public_total":
        return phase, "total"
    if name == "total":
        return phase, "grand_total" if subtotal_printed else "total"
    return phase, name


def _compare_three_public(table: dict[str, Any], items: list[dict[str, Any]]) -> None:
    columns = table["columns"]
    lines = [i for i in items if i["item_role"] == "detail"]
    for row in table.get("rows") or []:
        for column, value in zip(columns, row, strict=True):
            phase, field = _three_public_field(column, columns)
            same_phase = [i for i in lines if phase is None or (i["block_label"] or "").startswith(PHASE_LABELS[phase])]
            assert same_phase, f"{table['title']}: no line for {column}"
            got = same_phase[0].get(field)
            assert (None if got is None else Decimal(got).quantize(Decimal("0.000001"))) == _amount(value, table["unit"]), column


def _finest(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows whose code no longer code of the same 类 extends (the contract's facts)."""
    codes = [_digits(r["code"]) for r in rows]
    return [r for r, c in zip(rows, codes, strict=True) if not any(len(o) > len(c) and o[:3] == c[:3] for o in codes)]


def _fact_table(doc: dict[str, Any]) -> dict[str, Any] | None:
    """The table the function facts come from: the 部门支出表 with codes, else the 一般公共预算支出表."""
    for kind in ("expenditure", "general_public_expenditure"):
        for table in doc["tables"]:
            if table["kind"] == "function" and classify(table["title"]) == kind and table.get("rows"):
                return dict(table)
    return None


@pytest.mark.parametrize("path", TYPED, ids=[p.stem for p in TYPED])
def test_function_facts_are_the_finest_printed_lines(rw: duckdb.DuckDBPyConnection, path: Path) -> None:
    doc = _load(path)
    document_id = _document_id(rw, doc["source_file"])
    table = _fact_table(doc)
    assert table is not None
    typed = [dict(zip(table["columns"], row, strict=True)) for row in table["rows"]]
    unit = table["unit"]
    want = sorted(
        (_digits(r["code"]), _amount(r["total"], unit), _amount(r.get("basic"), unit), _amount(r.get("project"), unit))
        for r in _finest(typed)
    )
    got = sorted(
        (_digits(p), *(None if v is None else Decimal(v).quantize(Decimal("0.000001")) for v in values))
        for p, *values in rw.execute(
            "select printed_code, amount_total, amount_basic, amount_project from marts.fct_expenditure_by_function where document_id = ?",
            [document_id],
        ).fetchall()
    )
    assert got == want


@pytest.mark.parametrize("path", TYPED, ids=[p.stem for p in TYPED])
def test_basic_economic_facts_are_the_printed_items(rw: duckdb.DuckDBPyConnection, path: Path) -> None:
    doc = _load(path)
    document_id = _document_id(rw, doc["source_file"])
    basic = [t for t in doc["tables"] if t["kind"] == "economic" and classify(t["title"]) == "basic_expenditure"]
    assert basic, "no 一般公共预算基本支出表 typed"
    table = basic[0]
    typed = [dict(zip(table["columns"], row, strict=True)) for row in table["rows"]]
    want = sorted((_digits(r["code"]), _amount(r["total"], table["unit"])) for r in typed if len(_digits(r["code"])) > 3)
    got = sorted(
        (_digits(p), None if v is None else Decimal(v).quantize(Decimal("0.000001")))
        for p, v in rw.execute(
            "select printed_code, amount from marts.fct_expenditure_by_economic where document_id = ? and scope = 'basic'", [document_id]
        ).fetchall()
    )
    assert got == want


def _metadata() -> dict[str, Any]:
    return _load(METADATA)


@pytest.mark.parametrize("name", sorted(_metadata()["documents"]))
def test_metadata_as_a_person_reads_it(rw: duckdb.DuckDBPyConnection, name: str) -> None:
    """Every real PDF is ingested with its body as a person writes it, its level, region, year,
    kind and scope (tests/expected/realworld/metadata.yml, typed from the PDFs)."""
    want = _metadata()["documents"][name]
    cursor = rw.execute(
        "select status, department_name, admin_level, province, city, district, region_code, fiscal_year, document_kind, budget_scope "
        "from marts.dim_document where source_path = ?",
        [name],
    )
    row = cursor.fetchone()
    assert row is not None, name
    got = dict(zip([d[0] for d in cursor.description], row, strict=True))
    assert got["status"] == "ingested", name
    for key in (
        "department_name",
        "admin_level",
        "province",
        "city",
        "district",
        "region_code",
        "fiscal_year",
        "document_kind",
        "budget_scope",
    ):
        assert got[key] == want[key], f"{name}: {key}"


def test_split_filings_are_one_filing_and_twins_one_department(rw: duckdb.DuckDBPyConnection) -> None:
    """A prose file and a tables file of one disclosure share a filing (the tables file primary, the
    prose checked against it); a 单位预算 and its body's 部门预算 are one department, the 部门预算
    primary, so comparisons count the body once."""
    documents = {
        path: (filing, department, primary, tables)
        for path, filing, department, primary, tables in rw.execute(
            "select source_path, filing_id, department_id, is_primary, table_count from marts.dim_document"
        ).fetchall()
    }
    for group in _metadata()["filings"]:
        assert len({documents[f][0] for f in group}) == 1, group
        assert [documents[f][2] for f in group] == [documents[f][3] > 0 for f in group], group
    for twins in _metadata()["twins"]:
        assert len({documents[f][1] for f in twins}) == 1, twins
        assert len({documents[f][0] for f in twins}) == 2, twins
        scopes = dict(rw.execute("select source_path, budget_scope from marts.dim_document where is_primary").fetchall())
        assert [scopes.get(f) for f in twins].count("department") == 1 and None in [scopes.get(f) for f in twins]
    # the twin's figures are in the warehouse, its body's spending counted once in the comparisons
    [(department,)] = {(documents[f][1],) for f in _metadata()["twins"][0]}
    years = rw.execute(
        "select count(*) from marts.cmp_department_years where department_id = ? and breakdown = 'function_category'", [department]
    )
    row = years.fetchone()
    total = rw.execute(
        "select sum(amount) from marts.cmp_districts where fiscal_year = 2025 and district = '普陀区'",
    ).fetchone()
    assert row is not None and row[0] > 0 and total is not None
    facts = rw.execute(
        "select sum(f.amount_total) from marts.fct_expenditure_by_function f join marts.dim_document d using (document_id) "
        "where d.is_primary and d.fiscal_year = 2025 and d.district = '普陀区'"
    ).fetchone()
    assert facts is not None and total[0] == facts[0]


def test_prose_of_a_split_filing_is_checked_against_its_tables(rw: duckdb.DuckDBPyConnection) -> None:
    rows = rw.execute(
        "select count(*) from marts.fct_narrative_figures n join marts.dim_document d using (document_id) "
        "where d.table_count = 0 and n.tables_document_id is not null and n.tables_document_id <> n.document_id"
    ).fetchone()
    assert rows is not None and rows[0] > 0


def test_the_register_accuses_the_publishers_only_where_a_person_confirms_it(rw: duckdb.DuckDBPyConnection) -> None:
    """The only warnings the real corpus raises: 万里 2024's 基本支出表 prints 款 `2` and `7` under
    301 (read as 30102/30107 by their names; a person confirmed the print at 300 dpi). A code
    missing from our lists is never a warning against a document."""
    warnings = rw.execute(
        "select d.source_path, q.rule_id, q.message from marts.dq_discrepancies q join marts.dim_document d using (document_id) "
        "where q.severity = 'warning' order by q.message"
    ).fetchall()
    assert [(path, rule) for path, rule, _ in warnings] == [("shanghai-putuo-2024-wanli-subdistrict-budget.pdf", "garbled_code")] * 2
    assert ["'301 2'" in warnings[0][2], "'301 7'" in warnings[1][2]] == [True, True]


def test_every_figure_is_landed_or_reported(rw: duckdb.DuckDBPyConnection) -> None:
    """printed = landed + reported on every document, and every figure not landed is named by an
    issue: recounted here from raw (cells, line-item values, issues), not taken from the reader."""
    _assert_figures_accounted(rw)


def test_every_sample_figure_is_landed_or_reported(con: duckdb.DuckDBPyConnection) -> None:
    _assert_figures_accounted(con)


LANDING_ROLES = {
    "function": ("detail", "total", "unit"),
    "economic": ("detail", "total", "unit"),
    "project": ("detail", "total", "unit"),
    "three_public": ("detail",),
    "summary": ("label",),
}
TEXT_FIELDS = ("code_class", "code_item", "code_sub", "code", "unit_code", "name", "dept_class", "dept_item", "dept_code",
               "dept_name", "gov_class", "gov_item", "gov_code", "gov_name", "project_type", "project_name", "project_unit")  # fmt: skip

RECOUNT = f"""
with modelled as (
    select document_id, table_no, table_layout from raw.tables where table_layout in {tuple(LANDING_ROLES)}
),
text_columns as (
    select document_id, table_no, col_no from raw.columns where field in {TEXT_FIELDS} or header_path like '%行次'
),
numbering as (select document_id, table_no, row_no from raw.line_items where role = 'column_numbers'),
cells as (
    select r.document_id, r.table_no, r.row_no, m.table_layout, k.col_no, r.cells[k.col_no + 1] as cell
    from raw.table_rows r
    inner join modelled m using (document_id, table_no)
    cross join lateral (select unnest(range(len(r.cells))) as col_no) k
    where not r.is_header
),
figures as (
    select c.* from cells c
    where regexp_full_match(regexp_replace(c.cell, '\\s', '', 'g'), '[-−–]?(\\d{{1,3}}(,\\d{{3}})+|\\d+)(\\.\\d+)?')
      and not exists (select 1 from text_columns t where (t.document_id, t.table_no, t.col_no) = (c.document_id, c.table_no, c.col_no))
      and not exists (select 1 from numbering n where (n.document_id, n.table_no, n.row_no) = (c.document_id, c.table_no, c.row_no))
),
roles(layout, role) as (values {", ".join(f"('{k}', '{r}')" for k, v in LANDING_ROLES.items() for r in v)}),
landed as (
    select distinct v.document_id, v.table_no, v.row_no, v.col_no
    from raw.line_item_values v
    inner join raw.line_items i using (document_id, table_no, row_no, block_no)
    inner join modelled m using (document_id, table_no)
    inner join roles on roles.layout = m.table_layout and roles.role = i.role
    where v.amount is not null
),
unit_unknown as (
    select distinct document_id, table_no from raw.ingest_issues
    where row_no is null and col_no is null and severity = 'error' and table_no is not null
),
accounted as (
    select
        f.*,
        exists (
            select 1 from landed l
            where (l.document_id, l.table_no, l.row_no, l.col_no) = (f.document_id, f.table_no, f.row_no, f.col_no)
        )
        and not exists (select 1 from unit_unknown u where (u.document_id, u.table_no) = (f.document_id, f.table_no)) as is_landed,
        exists (
            select 1 from raw.ingest_issues i
            where i.document_id = f.document_id and i.table_no = f.table_no
              and ((i.row_no = f.row_no and (i.col_no is null or i.col_no = f.col_no))
                   or (i.row_no is null and i.col_no = f.col_no)
                   or (i.row_no is null and i.col_no is null and i.severity = 'error'))
        ) as is_reported
    from figures f
)
select
    d.source_path, d.figures_printed, d.figures_landed,
    count(a.cell) as printed,
    count(a.cell) filter (where a.is_landed) as landed,
    count(a.cell) filter (where not a.is_landed and not a.is_reported) as unaccounted
from raw.documents d
left join accounted a using (document_id)
where d.status <> 'failed'
group by all
order by 1
"""


def _assert_figures_accounted(connection: duckdb.DuckDBPyConnection) -> None:
    rows = connection.execute(RECOUNT).fetchall()
    assert rows, "no document read"
    for source_path, printed, landed, recounted, recounted_landed, unaccounted in rows:
        assert (printed, landed) == (recounted, recounted_landed), source_path
        assert unaccounted == 0, f"{source_path}: {unaccounted} figure(s) neither landed nor named by an issue"
    for source_path, printed, landed, reported in connection.execute(
        "select source_path, figures_printed, figures_landed, figures_reported from marts.dim_document where status <> 'failed'"
    ).fetchall():
        assert printed == landed + reported, source_path


def test_realworld_corpus_is_the_shared_one() -> None:
    """data/realworld holds the 25 real PDFs byte for byte (the README says where each comes from)."""
    assert len(list(REALWORLD.glob("*.pdf"))) == 25
