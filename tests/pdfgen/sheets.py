"""The person-typed expected values of a sample (tests/expected/*.yml) as printed tables:
merged header cells, body cells, column widths. Both PDF styles draw these sheets, so a
rendering shows what a person read, never what the parser produced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Span:
    """A header cell: its label and the grid block it covers."""

    label: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Sheet:
    title: str
    department: str
    widths: list[float]  # points
    header: list[Span]
    header_rows: int
    body: list[list[str]]
    merged_body: dict[tuple[int, int], int] = field(default_factory=dict)  # (body row, col) -> colspan
    unit: str = "万元"


@dataclass
class Document:
    cover: list[str]  # title page and prose lines
    sheets: list[Sheet]


def fmt(value: Any) -> str:
    return "" if value is None else f"{Decimal(str(value)):.2f}"


CODE_W, NAME_W, AMOUNT_W = 26.0, 96.0, 54.0

FUNCTION_FIELDS = [
    ("wages_benefits", "工资福利支出", "人员经费"),
    ("household_transfers", "对个人和家庭的补助", "人员经费"),
    ("goods_services", "商品和服务支出", "公用经费"),
    ("capital", "资本性支出", "公用经费"),
]


def _function(doc: dict[str, Any], kind_word: str) -> Sheet:
    section = doc["expenditure_by_function"]
    rows = [dict(zip(section["columns"], r, strict=True)) for r in section["rows"]]
    total = dict(zip(["total", "basic", *[f for f, _, _ in FUNCTION_FIELDS], "project"], section["printed_total"], strict=True))
    subs = [(f, label, group) for f, label, group in FUNCTION_FIELDS if any(r[f] is not None for r in rows)]
    deep = 3 if subs else 2
    header = [
        Span("科目编码", 0, 0, 1, 3), Span("类", 1, 0, deep - 1), Span("款", 1, 1, deep - 1), Span("项", 1, 2, deep - 1),
        Span("科目名称", 0, 3, deep), Span("合计", 0, 4, deep),
    ]  # fmt: skip
    col = 5
    if subs:
        header.append(Span("基本支出", 0, col, 1, 1 + len(subs)))
        header.append(Span("小计", 1, col, 2))
        col += 1
        for group in ("人员经费", "公用经费"):
            members = [s for s in subs if s[2] == group]
            if members:
                header.append(Span(group, 1, col, 1, len(members)))
                header += [Span(label, 2, col + k) for k, (_, label, _) in enumerate(members)]
                col += len(members)
    else:
        header.append(Span("基本支出", 0, col, deep))
        col += 1
    header.append(Span("项目支出", 0, col, deep))
    order = ["total", "basic", *[f for f, _, _ in subs], "project"]
    body = [["合计", "", "", "", *[fmt(total[f]) for f in order]]]
    for r in rows:
        code = r["function_code"] or ""
        body.append([code[:3], code[3:5], code[5:7], r["function_name"], *[fmt(r[f]) for f in order]])
    title = f"{doc['metadata']['fiscal_year']}年部门支出{kind_word}表"
    if section["source_table"] == "general_public_expenditure":
        title = f"{doc['metadata']['fiscal_year']}年一般公共预算支出{kind_word}表"
    widths = [CODE_W] * 3 + [NAME_W] + [AMOUNT_W] * len(order)
    return Sheet(title, doc["metadata"]["department_name"], widths, header, deep, body, {(0, 0): 4})


ECONOMIC_TITLES = {"basic": "一般公共预算基本支出{k}表", "all": "支出经济分类汇总{k}表", "operating": "机关运行经费{k}表"}


def _economic(doc: dict[str, Any], section: dict[str, Any], kind_word: str) -> Sheet:
    rows = [dict(zip(section["columns"], r, strict=True)) for r in section["rows"]]
    groups = [f for f in ("personnel", "public") if any(r[f] is not None for r in rows)]
    labels = {"amount": "合计", "personnel": "人员经费", "public": "公用经费"}
    header = [
        Span("部门预算支出经济分类科目", 0, 0, 1, 2), Span("科目编码", 1, 0), Span("科目名称", 1, 1),
        Span("政府预算支出经济分类科目", 0, 2, 1, 2), Span("科目编码", 1, 2), Span("科目名称", 1, 3),
    ]  # fmt: skip
    amounts = ["amount", *groups]
    if groups:
        header.append(Span("本年一般公共预算基本支出", 0, 4, 1, len(amounts)))
        header += [Span(labels[f], 1, 4 + k) for k, f in enumerate(amounts)]
    else:
        header.append(Span("合计", 0, 4, 2))
    printed_total = (section["printed_total"] + [None] * 3)[: len(amounts)]
    body = [["合计", "", "", "", *[fmt(v) for v in printed_total]]]
    for r in rows:
        body.append(
            [r["dept_economic_code"] or "", r["dept_economic_name"] or "", r["gov_economic_code"] or "", r["gov_economic_name"] or ""]
            + [fmt(r[f]) for f in amounts]
        )
    title = f"{doc['metadata']['fiscal_year']}年" + ECONOMIC_TITLES[section["scope"]].format(k=kind_word)
    widths = [40.0, NAME_W, 40.0, 70.0] + [AMOUNT_W] * len(amounts)
    return Sheet(title, doc["metadata"]["department_name"], widths, header, 2, body, {(0, 0): 4})


def _projects(doc: dict[str, Any], kind_word: str) -> Sheet:
    section = doc["project_expenditure"]
    header = [Span("类型", 0, 0), Span("项目名称", 0, 1), Span("合计", 0, 2)]
    body = [["合计", "", fmt(section["printed_total"])]]
    body += [[ptype, name, fmt(amount)] for ptype, name, amount in section["rows"]]
    title = f"{doc['metadata']['fiscal_year']}年项目支出{kind_word}表"
    return Sheet(title, doc["metadata"]["department_name"], [60.0, 150.0, AMOUNT_W], header, 1, body, {(0, 0): 2})


THREE_PUBLIC_ITEMS = ("total", "overseas_travel", "vehicle_total", "vehicle_purchase", "vehicle_operation", "reception")
PHASE_LABEL = {"budget": "预算数", "adjusted_budget": "预算数", "actual": "决算数"}


def _three_public(doc: dict[str, Any], kind_word: str) -> Sheet:
    phases = doc["three_public"]
    top = 1 if len(phases) > 1 else 0
    header: list[Span] = []
    body: list[str] = []
    for k, p in enumerate(phases):
        base = 6 * k
        if top:
            header.append(Span(PHASE_LABEL[p["phase"]], 0, base, 1, 6))
        header += [
            Span("“三公”经费合计", top, base, 2), Span("因公出国（境）费", top, base + 1, 2),
            Span("公务用车购置及运行费", top, base + 2, 1, 3), Span("小计", top + 1, base + 2),
            Span("公务用车购置费", top + 1, base + 3), Span("公务用车运行费", top + 1, base + 4), Span("公务接待费", top, base + 5, 2),
        ]  # fmt: skip
        vehicle = None
        if p["vehicle_purchase"] is not None or p["vehicle_operation"] is not None:
            vehicle = Decimal(str(p["vehicle_purchase"] or 0)) + Decimal(str(p["vehicle_operation"] or 0))
        values = {**p, "vehicle_total": vehicle}
        body += [fmt(values[i]) for i in THREE_PUBLIC_ITEMS]
    title = f"{doc['metadata']['fiscal_year']}年一般公共预算“三公”经费支出{kind_word}表"
    return Sheet(title, doc["metadata"]["department_name"], [60.0] * len(body), header, top + 2, [body])


def document(doc: dict[str, Any]) -> Document:
    meta = doc["metadata"]
    kind_word = "决算" if meta["document_kind"] == "final_account" else "预算"
    cover = [
        f"{meta['fiscal_year']}年{meta['department_name']}部门{kind_word}公开",
        "目录",
        f"{meta['department_name']}{meta['fiscal_year']}年部门{kind_word}情况说明。",
    ]
    sheets = [_function(doc, kind_word)]
    sheets += [_economic(doc, s, kind_word) for s in doc["expenditure_by_economic"]]
    if doc["project_expenditure"]:
        sheets.append(_projects(doc, kind_word))
    sheets.append(_three_public(doc, kind_word))
    return Document(cover, sheets)


def fused(sheet: Sheet) -> Sheet:
    """`sheet` with each code printed in one cell with its name (`2010101 行政运行`,
    `30101 基本工资`) under a `科目编码及名称` header, as some producers print them."""
    code_cols = sorted({s.col for s in sheet.header if s.label in ("科目编码", "类", "款", "项") and s.colspan == 1})
    names = sorted(s.col for s in sheet.header if s.label == "科目名称")
    groups = {n: [c for c in code_cols if max([m for m in names if m < n], default=-1) < c < n] for n in names}
    keep = [c for c in range(len(sheet.widths)) if all(c not in g for g in groups.values())]

    def moved(col: int, span: int) -> tuple[int, int]:
        inside = [keep.index(c) for c in range(col, col + span) if c in keep]
        return inside[0], len(inside)

    header = [
        Span(s.label.replace("科目名称", "科目编码及名称"), s.row, *moved(s.col, s.colspan)[:1], s.rowspan, moved(s.col, s.colspan)[1])
        for s in sheet.header
        if any(c in keep for c in range(s.col, s.col + s.colspan))
    ]
    widths = [sheet.widths[c] + sum(sheet.widths[k] for k in groups.get(c, [])) for c in keep]
    body = []
    for r, cells in enumerate(sheet.body):
        row = list(cells)
        merged = [(c, n) for (m, c), n in sheet.merged_body.items() if m == r]
        for c, _span in merged:
            row[next(k for k in keep if k >= c)] = cells[c]  # a merged label (合计) keeps its text
        for n, group in groups.items():
            if not any(c <= n < c + k for c, k in merged):
                row[n] = " ".join(x for x in ("".join(cells[c] for c in group), cells[n]) if x)
        body.append([row[c] for c in keep])
    merged_body = {(r, moved(c, n)[0]): moved(c, n)[1] for (r, c), n in sheet.merged_body.items()}
    return Sheet(sheet.title, sheet.department, widths, header, sheet.header_rows, body, merged_body, sheet.unit)


def fuse_codes(doc: Document) -> Document:
    """Every sheet of `doc` with its codes fused into the name cells."""
    return Document(doc.cover, [fused(s) for s in doc.sheets])
