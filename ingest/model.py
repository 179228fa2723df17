"""The data that flows through ingest: what a reader finds, what a table parser makes of it."""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class SourceLine:
    """One printed line of a document: its 1-based line number and page (when known)."""

    number: int
    text: str
    page: int | None = None
    indent: int = 0  # characters before the text (a layout dump keeps the page's columns)


@dataclass
class PrintedRow:
    """One printed table row: its cells cleaned, its line as printed."""

    line: int
    cells: list[str]
    raw: str
    page: int | None = None
    indent: int = 0  # an unseparated row: characters before its text (see SourceLine.indent)


@dataclass
class PrintedTable:
    """A table as a reader found it, before anything is interpreted."""

    title: str
    title_line: int | None
    rows: list[PrintedRow]
    unit: str | None = None
    unit_line: int | None = None
    notes: list[SourceLine] = field(default_factory=list)
    page: int | None = None
    # Set where the columns are known already (a ruled PDF grid, or the cells rebuilt from a
    # plain dump): one path per cell (`基本支出/人员经费/工资福利支出`); rows[0] is then the header.
    header_paths: list[str] | None = None
    # False for a plain layout dump: each row is one printed line, its cells not yet separated
    # (ingest.tables.unruled cuts and places them).
    separated: bool = True


@dataclass(frozen=True)
class Issue:
    """Something the pipeline could not read, or chose not to interpret; lands in dq. Its severity
    is its rule's, defined once in seeds/dq_rules.csv (an unknown rule id is refused here)."""

    rule_id: str
    message: str
    line: int | None = None
    table_no: int | None = None
    row_no: int | None = None
    page: int | None = None
    col_no: int | None = None

    def __post_init__(self) -> None:
        if self.rule_id not in rule_severities():
            raise ValueError(f"rule {self.rule_id!r} is not defined in seeds/dq_rules.csv")

    @property
    def severity(self) -> str:
        """error (our pipeline could not read it) | warning (the source contradicts itself) | info."""
        return rule_severities()[self.rule_id]


@cache
def rule_severities() -> dict[str, str]:
    """rule_id -> severity, from seeds/dq_rules.csv (shared with dbt)."""
    seeds = Path(os.environ.get("FISCAL_SEEDS_DIR", Path(__file__).resolve().parents[1] / "seeds"))
    with open(seeds / "dq_rules.csv", encoding="utf-8", newline="") as fh:
        return {row["rule_id"]: row["severity"] for row in csv.DictReader(fh)}


@dataclass(frozen=True)
class Cell:
    text: str
    amount: Decimal | None
    col_no: int | None = None  # the printed column it was read from


@dataclass
class LineItem:
    """One logical record of a table: a printed row, or one block of a side-by-side row."""

    row_no: int
    block_no: int
    role: str  # detail | total | unit | column_numbers | label
    name: str | None = None
    printed_code: str | None = None
    code: str | None = None
    unit_code: str | None = None
    key: str | None = None  # semantic key of a labelled row (income_total, reception, …)
    block_label: str | None = None  # top header of the block (人员经费, 预算数, 收入, …)
    values: dict[str, Cell] = field(default_factory=dict)
    attrs: dict[str, str] = field(default_factory=dict)  # text attributes: gov_code, project_type, …


@dataclass
class Column:
    col_no: int
    header_path: str  # as printed, header levels joined with /
    field: str | None
    block_no: int
    label: str = ""  # the path the vocabulary reads (ingest.tables.fields.normalise_paths)


@dataclass
class ParsedTable:
    table_no: int
    kind: str
    printed: PrintedTable
    columns: list[Column]
    header_rows: int
    header_method: str
    items: list[LineItem]
    issues: list[Issue] = field(default_factory=list)
    layout: str = "text"  # the parser that read it (its family's, or `summary` for label/amount pairs)
    figures_printed: int = 0  # numeric cells of a modelled table's body (ingest.tables.coverage)
    figures_landed: int = 0

    @property
    def has_amounts(self) -> bool:
        return any(c.amount is not None for item in self.items for c in item.values.values())


@dataclass
class DocumentMetadata:
    district: str | None = None  # a county-level body's district (county, county-level city)
    city: str | None = None  # the prefecture-level city, as far as the level goes
    province: str | None = None
    admin_level: str | None = None  # province | prefecture | county
    region_code: str | None = None  # the code of the body's own level (320000, 310107)
    budget_scope: str | None = None  # department (部门预算/决算) | unit (单位预算/决算)
    department_name: str | None = None
    department_key: str | None = None
    department_id: str | None = None
    fiscal_year: int | None = None
    document_kind: str | None = None


@dataclass
class ProseFigure:
    figure: str
    amount: Decimal | None
    line: int
    sentence: str
    phase: str = "document"  # budget | adjusted_budget | actual, or the document's own
    percent: Decimal | None = None  # a share or rate printed with the figure
    subject: str | None = None  # what the figure is of (类|款|项 names of an item, what changed)
    unit: str = "万元"
    offset: int = 0  # position in the prose stream (reading order; not landed)
    end: int = 0
    stray: str | None = None  # a sign printed between the figure and its unit (`954.72%万元`): reported


@dataclass
class ParsedDocument:
    document_id: str
    source_path: str
    source_format: str
    status: str  # ingested | partial | failed
    status_reason: str | None
    metadata: DocumentMetadata
    tables: list[ParsedTable] = field(default_factory=list)
    prose_figures: list[ProseFigure] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def amount_units(self) -> str | None:
        units = sorted({t.printed.unit for t in self.tables if t.printed.unit and t.has_amounts})
        return ",".join(units) or None

    @property
    def row_count(self) -> int:
        return sum(len(t.printed.rows) for t in self.tables)

    @property
    def figures_printed(self) -> int:
        return sum(t.figures_printed for t in self.tables)

    @property
    def figures_landed(self) -> int:
        return sum(t.figures_landed for t in self.tables)

    @property
    def figures_reported(self) -> int:
        return self.figures_printed - self.figures_landed
