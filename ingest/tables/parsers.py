"""One parser per table family, registered in PARSERS; each turns printed rows into line items.

Families (see kinds.FAMILY): `function` (tables by 功能分类 code), `economic` (by 经济分类
code, including side-by-side blocks), `project`, `three_public` (column or transposed
layout), `summary` (label/amount pairs on an income and an expenditure side), `performance`
(project codes and names of the 项目绩效目标表), `text`
(performance tables: landed as printed rows only).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from ingest.catalog import document_wording
from ingest.codes import code_by_name, is_listed_economic
from ingest.model import Cell, Column, Issue, LineItem, ParsedTable, PrintedTable
from ingest.names import project_name_key, project_series_key
from ingest.settings import SETTINGS
from ingest.tables.fields import TEXT_FIELDS, assign_fields, block_label, field_for
from ingest.tables.header import column_paths, is_column_numbers, split_header
from ingest.tables.kinds import FAMILY
from ingest.text import ENUMERATOR, clean_cell, compact, is_total_label, parse_amount

_DIGITS = re.compile(r"^\d+$")


@dataclass
class TableContext:
    table_no: int
    kind: str
    printed: PrintedTable
    columns: list[Column]
    header_rows: int
    numbering: list[int]
    issues: list[Issue] = field(default_factory=list)

    def cells(self, row_no: int) -> list[str]:
        cells = self.printed.rows[row_no].cells
        return cells + [""] * (len(self.columns) - len(cells))

    def body(self) -> range:
        return range(self.header_rows, len(self.printed.rows))

    def issue(self, rule_id: str, message: str, row_no: int | None = None) -> None:
        row = self.printed.rows[row_no] if row_no is not None else None
        line = row.line if row is not None else self.printed.title_line
        page = row.page if row is not None else self.printed.page
        self.issues.append(Issue(rule_id, message, line=line, table_no=self.table_no, row_no=row_no, page=page))

    def blocks(self) -> list[int]:
        return sorted({c.block_no for c in self.columns})

    def block_cells(self, row_no: int, block: int) -> list[str]:
        """Every cell of a block, fielded or not (from its first column to the next block)."""
        cells = self.cells(row_no)
        return [cells[c.col_no] for c in self.columns if c.block_no == block]

    def block_fields(self, row_no: int, block: int) -> dict[str, str]:
        """Each field's cell in a block; where a merged header spans two columns of one field, the
        non-blank one (a code column whose second half holds the names: see `parse_function`)."""
        cells = self.cells(row_no)
        fields: dict[str, str] = {}
        for c in self.columns:
            if c.field and c.block_no == block and (c.field not in fields or not fields[c.field].strip()):
                fields[c.field] = cells[c.col_no]
        return fields

    def spilled_name(self, row_no: int, field: str) -> str | None:
        """Text printed in the second column under a code header merged over two columns
        (`功能科目代码` over `204 | 公共安全支出`): the row's name, its own name column left blank."""
        cells = self.cells(row_no)
        texts = [cells[c.col_no].strip() for c in self.columns if c.field == field and cells[c.col_no].strip()]
        return next((t for t in texts[1:] if not _DIGITS.match(t) and parse_amount(t) is None), None)


def parse_table(table_no: int, printed: PrintedTable, kind: str) -> ParsedTable:
    rows = [r.cells for r in printed.rows]
    if printed.header_paths is not None:
        header_rows, paths, method = 1, printed.header_paths, "reader"
        numbering = [i for i in range(1, len(rows)) if is_column_numbers(rows[i])]
    else:
        header_rows, numbering = split_header(rows)
        body = [rows[i] for i in range(header_rows, len(rows)) if i not in numbering]
        paths, method = column_paths(rows[:header_rows], body)
    family = FAMILY.get(kind, "text")
    if header_rows < len(rows):
        paths = _level_labels_below(family, paths, rows[header_rows])
    columns = assign_fields(family, paths)
    layout = _layout(family, columns, rows[header_rows:])
    ctx = TableContext(table_no, kind, printed, columns, header_rows, numbering)
    items = PARSERS[layout](ctx)
    items.extend(_column_number_items(ctx))
    return ParsedTable(table_no, kind, printed, ctx.columns, header_rows, method, items, ctx.issues, layout=layout)


_LEVEL_FIELDS = frozenset({"code_class", "code_item", "code_sub", "dept_class", "dept_item", "gov_class", "gov_item"})


def _level_labels_below(family: str, paths: list[str], first: list[str]) -> list[str]:
    """类 | 款 | 项 printed in the code cells of the first body row (the 合计 row) instead of as the
    header's last row: they still name the code columns (`科目编码/类` …), else every code would
    collapse into one column."""
    levels = {i: compact(c) for i, c in enumerate(first) if c.strip() and field_for(family, compact(c)) in _LEVEL_FIELDS}
    if len(levels) < 2 or any(field_for(family, p) in _LEVEL_FIELDS for p in paths):
        return paths
    return [f"{p}/{levels[i]}" if i in levels and p else levels.get(i, p) for i, p in enumerate(paths)]


_CODE_FIELDS = frozenset({"code", "code_class", "code_item", "code_sub", "unit_code", "name"})


def _layout(family: str, columns: list[Column], body: list[list[str]]) -> str:
    """The parser a table needs: its family's, except a 类/款/项-kind table that prints no code or
    name column but labels its rows — label/amount pairs (收入预算总表 by source) read like a
    收支总表. (A row of bare figures under amount headers — 支出预算总表: 合计 | 基本支出 | 项目支出
    — stays a function table: it is its totals row.)"""
    fields = {c.field for c in columns if c.field}
    labelled = any(c.strip() and parse_amount(c) is None for row in body for c in row)
    if family == "function" and not fields & _CODE_FIELDS and labelled:
        return "summary"
    return family


def _values(ctx: TableContext, row_no: int, block: int | None = None) -> dict[str, Cell]:
    cells = ctx.cells(row_no)
    return {
        c.field: Cell(cells[c.col_no], parse_amount(cells[c.col_no]), c.col_no)
        for c in ctx.columns
        if c.field and c.field not in TEXT_FIELDS and (block is None or c.block_no == block)
    }


def _first_text(cells: list[str]) -> str | None:
    for c in cells:
        if c.strip() and parse_amount(c) is None:
            return c
    return None


def _column_number_items(ctx: TableContext) -> list[LineItem]:
    """Column-number rows are not line items, but a figure printed in one is kept and reported."""
    items = []
    for row_no in ctx.numbering:
        cells = ctx.cells(row_no)
        values = {
            f"col{c.col_no}": Cell(cells[c.col_no], parse_amount(cells[c.col_no]), c.col_no)
            for c in ctx.columns
            if "." in cells[c.col_no] and parse_amount(cells[c.col_no]) is not None
        }
        for cell in values.values():
            ctx.issue(
                "value_in_column_number_row", f"amount {cell.text} printed in a column-number (栏次) row: kept, not assigned to a line",
                row_no,
            )  # fmt: skip
        items.append(LineItem(row_no=row_no, block_no=0, role="column_numbers", values=values))
    return items


# ---------------------------------------------------------------- codes


def _joined_code(parts: list[str], lengths: tuple[int, ...]) -> tuple[str | None, str | None, bool]:
    """(printed_code, code, garbled) from code cells printed split (`201|03|01`) or whole."""
    filled = [re.sub(r"\s+", " ", p.strip()) for p in parts if p and p.strip()]
    if not filled:
        return None, None, False
    printed = " ".join(filled)
    if len(filled) == 1 and _DIGITS.match(filled[0]):
        whole = filled[0]
        ok = len(whole) in {sum(lengths[: k + 1]) for k in range(len(lengths))}
        return printed, whole if ok else None, not ok
    expected = lengths[: len(filled)]
    ok = all(_DIGITS.match(p) and len(p) == n for p, n in zip(filled, expected, strict=False))
    ok = ok and len(filled) <= len(lengths) and parts[0].strip() != ""
    return printed, "".join(filled) if ok else None, not ok


def _resolved_code(family: str, parts: list[str], name: str | None, lengths: tuple[int, ...]) -> tuple[str | None, str | None, bool]:
    """`_joined_code`, and for a garbled code the one code its name determines in the code list."""
    printed, code, garbled = _joined_code(parts, lengths)
    if garbled and printed:
        code = code_by_name(family, printed, name)
    return printed, code, garbled


def _garbled_message(family: str, printed: str | None, code: str | None) -> str:
    what = "类/款/项 code" if family == "function" else "code"
    if code:
        return f"{family} code printed as '{printed}' is not a valid {what}: read as {code}, the one code its name has in the code list"
    return f"{family} code printed as '{printed}' is not a valid {what}: code left NULL (its name determines none, or several)"


_FUSED = re.compile(r"^(\d{3,7})\s*([^\d\s].*)$")


def _unfuse(parts: list[str], name: str | None, lengths: tuple[int, ...]) -> tuple[list[str], str | None]:
    """A code printed in one cell with its name (`2010101 行政运行`, `30101基本工资`) is split off.

    Only when no code cell holds a code and the leading digits have a code's length.
    """
    filled = [p.strip() for p in parts if p and p.strip()]
    fused = name if not filled else filled[0] if len(filled) == 1 and not name else None
    match = _FUSED.match(fused.strip()) if fused else None
    if match is None or len(match[1]) not in {sum(lengths[: k + 1]) for k in range(len(lengths))}:
        return parts, name
    return [match[1]], match[2].strip()


def _is_unit_code(code: str | None, scheme_prefixes: tuple[str, ...], name: str | None = None) -> bool:
    """A 部门/单位 code (`605`, `605001`) where a classification code would be; a 3-digit code of
    the schemes' range is a department code when it names a body and the code list gives the
    code another name (`512 洛龙区政务服务和大数据管理局`, not `512 债务还本支出`)."""
    if not code or not _DIGITS.match(code):
        return False
    if len(code) == 6:
        return True
    if len(code) != 3:
        return False
    if not code.startswith(scheme_prefixes):
        return True
    return bool(name) and not is_listed_economic(code, name) and document_wording()["body_suffix"].search(compact(name or "")) is not None


# ---------------------------------------------------------------- families


def parse_function(ctx: TableContext) -> list[LineItem]:
    items: list[LineItem] = []
    current_unit: str | None = None
    code_columns = [c.col_no for c in ctx.columns if c.field in _CODE_FIELDS]
    codes_printed = any(ctx.cells(r)[c].strip() for r in ctx.body() for c in code_columns)  # a blank column prints none
    for row_no in ctx.body():
        if row_no in ctx.numbering:
            continue
        f = ctx.block_fields(row_no, 0)
        if not (f.get("name") or "").strip() and (spilled := ctx.spilled_name(row_no, "code")):
            f["name"] = spilled
        label = f.get("name") or _first_text(ctx.cells(row_no))
        values = _values(ctx, row_no)
        parts = [f.get("code_class", ""), f.get("code_item", ""), f.get("code_sub", "")]
        if "code" in f and not any(parts):
            parts = [f["code"]]
        parts, name = _unfuse(parts, f.get("name") or None, (3, 2, 2))
        unit = (f.get("unit_code") or "").strip() or None
        item = LineItem(row_no=row_no, block_no=0, role="label", name=name, values=values)
        if is_total_label(label) and not any(p.strip() and _DIGITS.match(p.strip()) for p in parts):
            item.role, item.name = "total", label
        elif label is None and not codes_printed and any(v.amount is not None for v in values.values()):
            item.role = "total"  # a row of figures under amount headers in a table with no code column
        else:
            printed, code, garbled = _resolved_code("function", parts, name, (3, 2, 2))
            if code and not code.startswith("2") and len(code) in (3, 6):
                unit, printed, code = code, None, None  # a unit code printed in the code column
            if printed and (code or garbled):
                item.role, item.printed_code, item.code = "detail", printed, code
                item.unit_code = unit if unit and len(unit) == 6 else current_unit
                if garbled:
                    ctx.issue("garbled_code", _garbled_message("function", printed, code), row_no)
            elif unit:
                item.role, item.unit_code = "unit", unit
                current_unit = unit if len(unit) == 6 else current_unit
        items.append(item)
    return items


def parse_economic(ctx: TableContext) -> list[LineItem]:
    items: list[LineItem] = []
    current_unit: str | None = None
    for row_no in ctx.body():
        if row_no in ctx.numbering:
            continue
        row_items: list[LineItem] = []
        for block in ctx.blocks():
            f = ctx.block_fields(row_no, block)
            values = _values(ctx, row_no, block)
            dept_parts = [f.get("dept_class", ""), f.get("dept_item", "")] if "dept_class" in f else [f.get("dept_code", "")]
            gov_parts = [f.get("gov_class", ""), f.get("gov_item", "")] if "gov_class" in f else [f.get("gov_code", "")]
            dept_parts, name = _unfuse(dept_parts, f.get("dept_name") or None, (3, 2))
            item = LineItem(row_no=row_no, block_no=block, role="label", name=name, values=values)
            item.block_label = block_label(ctx.columns, block)
            first = next((p for p in dept_parts if p.strip()), None) or _first_text(ctx.block_cells(row_no, block))
            if is_total_label(first) or is_total_label(name):
                item.role, item.name = "total", name or first
            else:
                printed, code, garbled = _resolved_code("economic", dept_parts, name, (3, 2))
                if _is_unit_code(printed, ("3", "5"), name):
                    item.role, item.unit_code, item.printed_code = "unit", printed, printed
                    current_unit = printed if printed and len(printed) == 6 else current_unit
                elif printed:
                    item.role, item.printed_code, item.code = "detail", printed, code
                    if garbled:
                        ctx.issue("garbled_code", _garbled_message("economic", printed, code), row_no)
                elif name and _inherit_code(items, row_items, block, name, item):
                    carried = f"'{name}' printed without a code under a row with the same name: code {item.code} carried down"
                    ctx.issue("code_cell_spans_rows", carried, row_no)
                elif name and any(v.amount is not None for v in values.values()):
                    ctx.issue("missing_code", f"row '{name}' prints amounts but no economic code", row_no)
                item.unit_code = current_unit if item.role == "detail" else item.unit_code
                gov_parts, gov_name = _unfuse(gov_parts, f.get("gov_name") or None, (3, 2))
                gov_printed, gov_code, _ = _joined_code(gov_parts, (3, 2))
                if gov_printed:
                    item.attrs["gov_printed_code"] = gov_printed
                    item.attrs["gov_code"] = gov_code or ""
                if gov_name:
                    item.attrs["gov_name"] = gov_name
            row_items.append(item)
        _adopt_stray_values(ctx, row_no, row_items)
        items.extend(i for i in row_items if i.role != "label" or any(v.amount is not None for v in i.values.values()))
    return items


def _inherit_code(done: list[LineItem], row_items: list[LineItem], block: int, name: str, item: LineItem) -> bool:
    """A code cell merged over two rows is printed once: the second row (same name) shares it."""
    previous = next((i for i in reversed(done) if i.block_no == block and i.role in ("detail", "unit", "total")), None)
    if previous is None or previous.role != "detail" or previous.name != name:
        return False
    item.role, item.code, item.printed_code = "detail", previous.code, previous.printed_code
    return True


def _adopt_stray_values(ctx: TableContext, row_no: int, row_items: list[LineItem]) -> None:
    """A figure printed to the right of its column (公用经费合计 … 269.14) joins the label left of it."""
    for k, item in enumerate(row_items):
        has_label = item.name or item.printed_code or item.role == "total"
        amounts = [(f, v) for f, v in item.values.items() if v.amount is not None]
        if has_label or not amounts:
            continue
        owner = next(
            (o for o in reversed(row_items[:k]) if (o.name or o.role == "total") and all(v.amount is None for v in o.values.values())),
            None,
        )
        if owner is None:
            continue
        for f, v in amounts:
            owner.values[f] = v
        item.values = {}
        ctx.issue(
            "value_outside_column", f"amount {amounts[0][1].text} printed right of its column; read as the figure of '{owner.name}'",
            row_no,
        )  # fmt: skip


def parse_project(ctx: TableContext) -> list[LineItem]:
    items: list[LineItem] = []
    for row_no in ctx.body():
        if row_no in ctx.numbering:
            continue
        f = ctx.block_fields(row_no, 0)
        values = _values(ctx, row_no, 0)
        name, ptype = f.get("project_name") or None, f.get("project_type") or None
        item = LineItem(row_no=row_no, block_no=0, role="label", name=name, values=values)
        has_amount = any(v.amount is not None for v in values.values())
        if name and _DIGITS.match(name):
            item.role, item.unit_code, item.name = "unit", name, f.get("project_unit") or None
        elif is_total_label(name) or is_total_label(ptype) or (not name and not ptype and has_amount):
            item.role = "total"
        elif name:
            item.role = "detail"
            item.attrs["project_type"] = ptype or ""
            item.attrs["project_unit"] = f.get("project_unit", "")
            _name_keys(item, name)
        items.append(item)
    return items


def _name_keys(item: LineItem, name: str) -> None:
    item.attrs["name_key"], item.attrs["series_key"] = project_name_key(name), project_series_key(name)


# A printed project code: region (6) + year (2) + serial; usually 21 digits, some documents print 20.
_PROJECT_CODE = re.compile(r"^\d{20,21}$")
_AMOUNTS = re.compile(r"^[\d,]+\.\d+(\s+[\d,]+\.\d+)*$")


def parse_performance(ctx: TableContext) -> list[LineItem]:
    """Project performance targets (项目绩效目标表): the project code, printed only here, and the
    project name beside it (or, in a plain layout, on the lines under it)."""
    items: list[LineItem] = []
    body = list(ctx.body())
    # a column the header names 项目名称 (`项目单位（项目名称）`) holds the name: a blank cell there is no name
    named = [c.col_no for c in ctx.columns if "项目名称" in compact(c.header_path)]
    for k, row_no in enumerate(body):
        cells = [re.sub(r"\s+", " ", c).strip() for c in ctx.cells(row_no)]
        at = next((i for i, c in enumerate(cells) if _PROJECT_CODE.match(c.replace(" ", ""))), None)
        if at is None:
            continue
        column = next((c for c in named if c > at), None)
        beside = [cells[column]] if column is not None else cells[at + 1 :]
        name = next((c for c in beside if c and parse_amount(c) is None), None) or _name_below(ctx, body[k + 1 :])
        code = cells[at].replace(" ", "")
        item = LineItem(row_no=row_no, block_no=0, role="detail", name=name, printed_code=cells[at], code=code)
        if name:
            _name_keys(item, name)
        else:
            ctx.issue("project_name_not_found", f"project code {code} printed without a project name", row_no)
        items.append(item)
    return items


def _name_below(ctx: TableContext, rows: list[int]) -> str | None:
    """A name wrapped over the lines under its code (`电子政务网` / `络建设经费` / `2023`)."""
    parts = []
    for row_no in rows[: SETTINGS.max_project_name_lines]:
        filled = [c.strip() for c in ctx.cells(row_no) if c.strip()]
        if (
            len(filled) != 1
            or _AMOUNTS.match(filled[0])
            or _PROJECT_CODE.match(filled[0])
            or (_DIGITS.match(filled[0]) and len(filled[0]) == 6)
        ):
            break
        parts.append(filled[0])
    return clean_cell("".join(parts)) or None


@cache
def _row_label_patterns() -> list[tuple[str, str, str, re.Pattern[str]]]:
    text = resources.files("ingest.catalog").joinpath("row_labels.csv").read_text(encoding="utf-8")
    return [(r["family"], r["side"], r["key"], re.compile(r["pattern"])) for r in csv.DictReader(text.splitlines())]


def label_key(family: str, side: str, label: str) -> str | None:
    wording = compact(label).rstrip(":：")
    stripped = ENUMERATOR.sub("", wording)
    for fam, key_side, key, pattern in _row_label_patterns():
        if fam == family and key_side in (side, "any") and (pattern.search(wording) or pattern.search(stripped)):
            return key
    return None


def _pairs(cells: list[str], skip: set[int], split: int | None = None) -> list[tuple[int, str, list[Cell]]]:
    """Label/amount pairs in reading order: text cells make a label, amounts follow it.

    Adjacent text cells on the same side of `split` make one label (`一般公共预算/小计`).
    """
    pairs: list[tuple[int, str, list[Cell]]] = []
    for col, text in enumerate(cells):
        if col in skip or not text.strip():
            continue
        amount = parse_amount(text)
        same_side = not pairs or split is None or (pairs[-1][0] >= split) == (col >= split)
        if amount is None:
            if pairs and not pairs[-1][2] and same_side:
                pairs[-1] = (pairs[-1][0], pairs[-1][1] + "/" + text, [])
            else:
                pairs.append((col, text, []))
        elif pairs:
            pairs[-1][2].append(Cell(text, amount, col))
    return pairs


@dataclass
class _Segment:
    """Label column(s) and the amount columns that follow them, up to the next label column."""

    labels: list[int]
    amounts: list[int] = field(default_factory=list)


def _segments(ctx: TableContext) -> list[_Segment]:
    segments: list[_Segment] = []
    for column in ctx.columns:
        if column.header_path.endswith("行次"):
            continue
        if field_for("summary", column.header_path.rsplit("/", 1)[-1]) == "label":
            if segments and not segments[-1].amounts:
                segments[-1].labels.append(column.col_no)
            else:
                segments.append(_Segment([column.col_no]))
        elif segments:
            segments[-1].amounts.append(column.col_no)
    return segments


def _summary_split(ctx: TableContext) -> int | None:
    """The first column of the expenditure side (its top header names 支出, not 收入)."""
    tops = [compact(c.header_path.split("/")[0]) for c in ctx.columns] if ctx.printed.header_paths else None
    if tops is None:
        tops = [compact(c) for c in ctx.printed.rows[0].cells] if ctx.header_rows else []
    return next((i for i, c in enumerate(tops) if "支出" in c and "收" not in c), None)


def _merged_labels(pairs: list[tuple[int, str, list[Cell]]], split: int | None) -> list[tuple[int, str, list[Cell]]]:
    """A label cell merged over the next label column (`当年支出小计` across 功能分类 and 支出用途)
    owns the figures printed after it: an unlabelled segment's figures join the label left of it
    on the same side, when that label has no figure of its own."""
    out: list[tuple[int, str, list[Cell]]] = []
    for col, label, amounts in pairs:
        previous = out[-1] if out else None
        same_side = previous is not None and (split is None or (previous[0] >= split) == (col >= split))
        if not label and previous and same_side and previous[1] and all(a.amount is None for a in previous[2]):
            out[-1] = (previous[0], previous[1], amounts)  # its own figure columns lie under the merged label
            continue
        out.append((col, label, amounts))
    return out


def parse_summary(ctx: TableContext) -> list[LineItem]:
    """Label/amount pairs on an income and an expenditure side. Where the header names its label
    columns (项目, 项目名称 …), each label owns the amount columns up to the next label, by
    position (a blank cell is a blank figure, not the next figure moved left); else the pairs are
    read in order from the row."""
    split = _summary_split(ctx)
    segments = _segments(ctx)
    amount_columns = {c for seg in segments for c in seg.amounts}
    if any(ctx.cells(r)[c].strip() and parse_amount(ctx.cells(r)[c]) is None for r in ctx.body() for c in amount_columns):
        segments = []  # text under an amount header: the rows do not follow the header, read them in order
    skip = {c.col_no for c in ctx.columns if c.header_path.endswith("行次")}
    items: list[LineItem] = []
    for row_no in ctx.body():
        if row_no in ctx.numbering:
            continue
        cells = ctx.cells(row_no)
        if segments:
            pairs = _merged_labels([
                (seg.labels[0], "/".join(cells[c] for c in seg.labels if cells[c].strip()),
                 [Cell(cells[c], parse_amount(cells[c]), c) for c in seg.amounts])
                for seg in segments
            ], split)  # fmt: skip
        else:
            pairs = _pairs(cells, skip, split)
        for k, (col, label, amounts) in enumerate(pairs):
            if not label and all(a.amount is None for a in amounts):
                continue
            side = "expenditure" if split is not None and col >= split else "income"
            values = {("amount" if i == 0 else f"amount_{i + 1}"): a for i, a in enumerate(amounts)}
            key = label_key("summary", side, label)
            items.append(LineItem(row_no=row_no, block_no=k, role="label", name=label, key=key, block_label=side, values=values))
    return items


def parse_three_public(ctx: TableContext) -> list[LineItem]:
    fields = {c.field for c in ctx.columns if c.field}
    if "grand_total" in fields and "total" not in fields and not fields & {"meeting", "training"}:
        for c in ctx.columns:  # a 合计 over the 三公 items alone is the 三公 total
            c.field = "total" if c.field == "grand_total" else c.field
    items: list[LineItem] = []
    if len(fields) >= 2:
        for row_no in ctx.body():
            if row_no in ctx.numbering:
                continue
            for block in ctx.blocks():
                values = _values(ctx, row_no, block)
                if any(v.text.strip() for v in values.values()):
                    label = block_label(ctx.columns, block)
                    items.append(LineItem(row_no=row_no, block_no=block, role="detail", block_label=label, values=values))
        return items
    for row_no in ctx.body():  # transposed: one item per row, the label names the item
        if row_no in ctx.numbering:
            continue
        for k, (_, label, amounts) in enumerate(_pairs(ctx.cells(row_no), set())):
            key = label_key("three_public", "any", label)
            if key is None:
                ctx.issue("unknown_row_label", f"三公 row '{label}' is not a known item", row_no)
                continue
            items.append(
                LineItem(row_no=row_no, block_no=k, role="detail", name=label, values={key: amounts[0] if amounts else Cell("", None)})
            )
    return items


@dataclass(frozen=True)
class _PerformanceFigure:
    key: str
    parent: str
    pattern: re.Pattern[str]


@cache
def _performance_figures() -> tuple[_PerformanceFigure, ...]:
    text = resources.files("ingest.catalog").joinpath("performance_figures.csv").read_text(encoding="utf-8")
    return tuple(_PerformanceFigure(r["key"], r["parent"], re.compile(r["pattern"])) for r in csv.DictReader(text.splitlines()))


def _performance_key(label: str) -> _PerformanceFigure | None:
    key = compact(label)
    return next((f for f in _performance_figures() if f.pattern.search(key)), None)


def _depth_first(found: list[_PerformanceFigure]) -> list[_PerformanceFigure]:
    """Labels of a merged header in the order its figures are printed: each label, then its parts."""
    keys = {f.key for f in found}
    ordered: list[_PerformanceFigure] = []

    def visit(figure: _PerformanceFigure) -> None:
        ordered.append(figure)
        for child in found:
            if child.parent == figure.key:
                visit(child)

    for figure in found:
        if figure.parent not in keys:
            visit(figure)
    return ordered


def parse_overall_performance(ctx: TableContext) -> list[LineItem]:
    """The 单位年度支出预算 block of a 整体绩效目标表: rows of merged labels (支出合计 > 基本支出 >
    人员支出 …) over one row of figures. Converters shift such labels against the figures, so they
    are matched by the grammar in catalog/performance_figures.csv (depth first), never by column."""
    items: list[LineItem] = []
    labels: list[tuple[int, _PerformanceFigure]] = []
    for row_no in range(len(ctx.printed.rows)):
        cells = ctx.cells(row_no)
        filled = [c for c in cells if c.strip()]
        if filled and all(parse_amount(c) is not None for c in filled) and labels:
            ordered = _depth_first([f for _, f in labels])
            if len(cells) < len(ordered):
                ctx.issue("performance_block_unread", f"{len(ordered)} labels over a row of {len(cells)} cells: not read", row_no)
            else:
                for n, figure in enumerate(ordered):
                    text = cells[n]
                    items.append(LineItem(row_no=row_no, block_no=n, role="label", key=figure.key,
                                          values={"amount": Cell(text, parse_amount(text))}))  # fmt: skip
            labels = []
            continue
        found = [f for f in (_performance_key(c) for c in cells if c.strip()) if f is not None]
        labels = labels + [(row_no, f) for f in found] if found else ([] if filled else labels)
    return items


def parse_text(ctx: TableContext) -> list[LineItem]:
    return []


PARSERS: dict[str, Callable[[TableContext], list[LineItem]]] = {
    "function": parse_function,
    "economic": parse_economic,
    "project": parse_project,
    "three_public": parse_three_public,
    "summary": parse_summary,
    "performance": parse_performance,
    "overall_performance": parse_overall_performance,
    "text": parse_text,
}
