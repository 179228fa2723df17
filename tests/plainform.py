"""Test-only converter: render a person-typed expected document (tests/expected/*.yml) as a
plain PDF text dump, in the two styles the plain-text reader must understand.

- `flow`: text boxes in reading order, like 000: single-line cells share a line; a wrapped
  cell prints its pieces on lines of their own; codes printed split (`201 03 01`).
- `centered`: pdfplumber `extract_text`: one line per visual line, single-line cells centred
  in a tall row, so a wrapped name's pieces fall above and below the code line; a code and
  the name after it are glued (`30199其他工资福利支出`); codes printed whole.

Blank cells are dropped, as both dumps do. It renders the expected values, never the
parser's output, so the reader is checked against what a person read.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

NAME_WIDTH = 7
GOV_NAME_WIDTH = 5
TYPE_WIDTH = 4

Cell = tuple[str, int | None, str]  # text, wrap width (None: never wraps), kind (code | text | amount)


def fmt(value: Any) -> str:
    return f"{Decimal(str(value)):.2f}"


def _pieces(text: str, width: int | None) -> list[str]:
    if width is None or len(text) <= width:
        return [text]
    return [text[i : i + width] for i in range(0, len(text), width)]


def render_row(cells: list[Cell], style: str) -> list[str]:
    cells = [c for c in cells if c[0] != ""]  # blank cells vanish
    if style == "flow":
        lines: list[str] = []
        current: list[str] = []
        for text, width, _ in cells:
            pieces = _pieces(text, width)
            if len(pieces) == 1:
                current.append(text)
                continue
            if current:
                lines.append(" ".join(current))
                current = []
            lines.extend(pieces)
        if current:
            lines.append(" ".join(current))
        return lines
    split = [(_pieces(text, width), kind) for text, width, kind in cells]
    height = max((len(p) for p, _ in split), default=1)
    rows: dict[int, list[tuple[int, str, str]]] = {}
    for col, (pieces, kind) in enumerate(split):
        for j, piece in enumerate(pieces):
            y = (height - len(pieces)) + 2 * j  # in half lines: centred
            rows.setdefault(y, []).append((col, piece, kind))
    out = []
    for y in sorted(rows):
        text = ""
        previous_kind = None
        for _, piece, kind in sorted(rows[y]):
            glue = previous_kind == "code" and kind == "text"  # pdfplumber glues a code to its name
            text += ("" if glue or not text else " ") + piece
            previous_kind = kind
        out.append(text)
    return out


def _code(code: str | None, lengths: tuple[int, ...], style: str) -> str:
    if not code:
        return ""
    if style == "centered":
        return code
    parts, i = [], 0
    for n in lengths:
        if i < len(code):
            parts.append(code[i : i + n])
            i += n
    return " ".join(parts)


def _table(number: int, title: str, department: str, header: list[str], body: list[list[str]], notes: list[str] | None = None) -> list[str]:
    lines = [f" 预算 {number:02d} 表", "", title, f"部门名称：{department} 单位：万元", ""]
    lines += header
    for row_lines in body:
        lines += row_lines
    return lines + (notes or []) + [""]


FUNCTION_FIELDS = [
    ("total", "合计"),
    ("basic", "基本支出"),
    ("wages_benefits", "工资福利支出"),
    ("household_transfers", "对个人和家庭的补助"),
    ("goods_services", "商品和服务支出"),
    ("capital", "资本性支出"),
    ("project", "项目支出"),
]


def _function(doc: dict[str, Any], style: str, number: int, kind_word: str) -> list[str]:
    section = doc["expenditure_by_function"]
    rows = [dict(zip(section["columns"], r, strict=True)) for r in section["rows"]]
    total = dict(zip([f for f, _ in FUNCTION_FIELDS], section["printed_total"], strict=True))
    used = [f for f, _ in FUNCTION_FIELDS if f in ("total", "basic", "project") or any(r[f] is not None for r in rows)]
    subs = [label for f, label in FUNCTION_FIELDS if f in used and f not in ("total", "basic", "project")]
    personnel = [s for s in subs if s in ("工资福利支出", "对个人和家庭的补助")]
    public = [s for s in subs if s in ("商品和服务支出", "资本性支出")]
    header = ["科目编码", "单位（科目名称） 合计", "基本支出 项目支出", "小计"]
    header += [" ".join(x for x, present in (("人员经费", personnel), ("公用经费", public)) if present)] if subs else []
    header += ["类 款 项", " ".join(personnel + public)] if subs else ["类 款 项"]
    order = ["total", "basic", *[f for f in used if f not in ("total", "basic", "project")], "project"]
    body = [render_row([("合计", None, "text"), *[(fmt(total[f]) if total[f] is not None else "", None, "amount") for f in order]], style)]
    for r in rows:
        cells: list[Cell] = [(_code(r["function_code"], (3, 2, 2), style), None, "code"), (r["function_name"], NAME_WIDTH, "text")]
        cells += [(fmt(r[f]) if r[f] is not None else "", None, "amount") for f in order]
        body.append(render_row(cells, style))
    title = f"{doc['metadata']['fiscal_year']} 年部门支出{kind_word}表"
    if section["source_table"] == "general_public_expenditure":
        title = f"{doc['metadata']['fiscal_year']} 年一般公共预算支出{kind_word}表"
    return _table(number, title, doc["metadata"]["department_name"], header, body)


ECONOMIC_TITLES = {"basic": "一般公共预算基本支出{k}表", "all": "支出经济分类汇总{k}表", "operating": "机关运行经费{k}表"}


def _economic(doc: dict[str, Any], section: dict[str, Any], style: str, number: int, kind_word: str) -> list[str]:
    rows = [dict(zip(section["columns"], r, strict=True)) for r in section["rows"]]
    groups = [f for f in ("personnel", "public") if any(r[f] is not None for r in rows)]
    labels = {"amount": "合计", "personnel": "人员经费", "public": "公用经费"}
    header = [
        "部门预算支出经济分类科目 政府预算支出经济分类科目 本年一般公共预算基本支出"
        if groups
        else "部门预算支出经济分类科目 政府预算支出经济分类科目"
    ]
    header.append("科目编码 科目名称 科目编码 科目名称 " + " ".join(labels[f] for f in ["amount", *groups]))
    printed_total = section["printed_total"] + [None] * 3
    body = [
        render_row(
            [("合计", None, "text"), *[(fmt(v) if v is not None else "", None, "amount") for v in printed_total[: 1 + len(groups)]]], style
        )
    ]
    for r in rows:
        cells: list[Cell] = [
            (_code(r["dept_economic_code"], (3, 2), style), None, "code"),
            (r["dept_economic_name"], NAME_WIDTH, "text"),
            (_code(r["gov_economic_code"], (3, 2), style), None, "code"),
            (r["gov_economic_name"] or "", GOV_NAME_WIDTH, "text"),
        ]
        cells += [(fmt(r[f]) if r[f] is not None else "", None, "amount") for f in ["amount", *groups]]
        body.append(render_row(cells, style))
    title = f"{doc['metadata']['fiscal_year']} 年" + ECONOMIC_TITLES[section["scope"]].format(k=kind_word)
    return _table(number, title, doc["metadata"]["department_name"], header, body)


def _projects(doc: dict[str, Any], style: str, number: int, kind_word: str) -> list[str]:
    section = doc["project_expenditure"]
    header = ["类型 项目名称 合计"]
    body = [render_row([(fmt(section["printed_total"]), None, "amount")], style)]
    for ptype, name, amount in section["rows"]:
        body.append(render_row([(ptype, TYPE_WIDTH, "text"), (name, NAME_WIDTH, "text"), (fmt(amount), None, "amount")], style))
    return _table(number, f"{doc['metadata']['fiscal_year']} 年项目支出{kind_word}表", doc["metadata"]["department_name"], header, body)


THREE_PUBLIC_ITEMS = ("total", "overseas_travel", "vehicle_total", "vehicle_purchase", "vehicle_operation", "reception")


def _three_public(doc: dict[str, Any], style: str, number: int, kind_word: str) -> list[str]:
    phases = doc["three_public"]
    groups = "“三公”经费合计 因公出国（境）费 公务用车购置及运行费 公务接待费"
    header = (
        [" ".join({"budget": "预算数", "adjusted_budget": "预算数", "actual": "决算数"}[p["phase"]] for p in phases)]
        if len(phases) > 1
        else []
    )
    header += [" ".join([groups] * len(phases)), " ".join(["小计 公务用车购置费 公务用车运行费"] * len(phases))]
    cells: list[Cell] = []
    for p in phases:
        vehicle = None
        if p["vehicle_purchase"] is not None or p["vehicle_operation"] is not None:
            vehicle = Decimal(str(p["vehicle_purchase"] or 0)) + Decimal(str(p["vehicle_operation"] or 0))
        values = {**p, "vehicle_total": vehicle}
        cells += [(fmt(values[i]) if values[i] is not None else "", None, "amount") for i in THREE_PUBLIC_ITEMS]
    title = f"{doc['metadata']['fiscal_year']} 年一般公共预算“三公”经费支出{kind_word}表"
    return _table(number, title, doc["metadata"]["department_name"], header, [render_row(cells, style)])


def render(doc: dict[str, Any], style: str) -> str:
    """The expected document as a plain text dump in `style` (flow | centered)."""
    meta = doc["metadata"]
    kind_word = "决算" if meta["document_kind"] == "final_account" else "预算"
    lines = [f"{meta['fiscal_year']} 年{meta['department_name']}", f"部门{kind_word}", "", " 目录", ""]
    lines += [f"{meta['department_name']}{meta['fiscal_year']}年部门{kind_word}情况说明。", ""]
    number = 1
    lines += _function(doc, style, number, kind_word)
    for section in doc["expenditure_by_economic"]:
        number += 1
        lines += _economic(doc, section, style, number, kind_word)
    if doc["project_expenditure"]:
        number += 1
        lines += _projects(doc, style, number, kind_word)
    number += 1
    lines += _three_public(doc, style, number, kind_word)
    return "\n".join(lines) + "\n"
