"""Where a layout dump prints a figure: the header columns its place on the line allows.

`pdftotext -layout` keeps the page's columns, roughly: each word starts at the character column
where it stands on the page (a CJK character counts one, as in the dump), but the scale drifts
down a page and a line's CJK words are pushed together. So a position is a weak witness: a
figure printed over a header label's centre (a label of its leaf, or a wrapped piece of it)
may belong to that leaf. It only chooses among the placements the arithmetic leaves for a row
(ingest.tables.assign.within: `21,601,733.00 21,601,733.00` under 合计 and 财政拨款收入, where
any of four income sources fits the identities), and never overrules the arithmetic.

A dump without positions (pdfplumber's `extract_text()`, one space between words) is
recognised by its lines (few keep a gap of two spaces) and given none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ingest.model import SourceLine
from ingest.tables.unruled.model import PlainRow, PlainTable
from ingest.tables.unruled.rows import is_amount
from ingest.text import compact

Span = tuple[int, int]  # character columns [start, end)
_WORD = re.compile(r"\S+")
_GAP = re.compile(r"\S {2,}\S")
_MIN_LABEL = 2  # a header word shorter than this (`类`, a spaced-out `合`) names no column


def words(line: SourceLine) -> list[tuple[str, Span]]:
    """The line's words with their spans."""
    return [(m.group(), (line.indent + m.start(), line.indent + m.end())) for m in _WORD.finditer(line.text)]


def laid_out(lines: Iterable[SourceLine]) -> bool:
    """Most lines of several words keep gaps of two spaces or more: the dump kept the page's columns."""
    several = [ln for ln in lines if len(ln.text.split()) > 1]
    return bool(several) and 2 * sum(1 for ln in several if _GAP.search(ln.text)) > len(several)


def figure_columns(table: PlainTable) -> dict[int, list[frozenset[str]]]:
    """Per row (by id), per figure, the header leaves its position allows (empty: any)."""
    lines = [*table.body.header, *(ln for r in table.body.rows for ln in r.lines)]
    if table.blocks != 1 or not table.columns.paths or not laid_out(lines):
        return {}
    labels = _header_labels(table)
    out = {}
    for row in table.rows:
        spans = _figure_spans(row) if row.numbers else None
        if spans is not None:
            out[id(row)] = [_leaves_under(span, labels, table.columns.paths) for span in spans]
    return out


def _figure_spans(row: PlainRow) -> list[Span] | None:
    """The spans of the row's figures, in order, or None where they are not the row's words."""
    found = [(word, span) for line in row.source.lines for word, span in words(line) if is_amount(word)]
    return [span for _, span in found] if [word for word, _ in found] == row.numbers else None


def _header_labels(table: PlainTable) -> list[tuple[str, float]]:
    """The header's words long enough to name a column, with their centres."""
    return [
        (compact(word), (start + end) / 2)
        for line in table.body.header
        for word, (start, end) in words(line)
        if len(compact(word)) >= _MIN_LABEL
    ]


def _leaves_under(span: Span, labels: list[tuple[str, float]], paths: list[str]) -> frozenset[str]:
    """The header leaves whose label (or a wrapped piece of it) is centred over the figure: a
    figure covers its label's centre even where the dump's columns drift a little down the page."""
    over = [label for label, centre in labels if span[0] <= centre <= span[1]]
    return frozenset(path for path in paths for label in over if label in path.rsplit("/", 1)[-1])
