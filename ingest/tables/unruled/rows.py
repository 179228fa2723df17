"""Rebuild table rows from plain-text lines.

Two dump styles are understood, told apart by the table itself:

- `flow` (000's converter): text boxes in reading order. Single-line cells share a line;
  a wrapped cell prints its lines one by one, so a row reads `208 05 05` / `机关事业单位基本
  养老保` / `险缴费支出` / `7.72 7.72 7.72` — its figures end it.
- `centered` (pdfplumber's `extract_text`): one line per visual line. Single-line cells sit
  in the middle of a tall row, so the fragments of a wrapped name fall above and below the
  line holding the code and figures (`机关事业单位基本养老保` / `20805 05 7.72` / `险缴费支出`),
  and tokens of adjacent cells may be glued (`30199其他工资福利支出`). A vertically centred
  row has as many lines above its key line as below it, which is what splits the lines
  between two key lines.

A table is `flow` when some row prints its figures on a later line than its code (see
`_is_flow`); otherwise `centered` if its lines split consistently that way.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from ingest.model import SourceLine
from ingest.settings import SETTINGS
from ingest.tables.unruled.columns import header_labels
from ingest.text import compact, is_total_label

# a figure: decimals (`13.95`, `1,291.64`), a whole amount with thousands separators (`3,296,600`,
# a 元 table), or a zero (`0`); a bare integer is a code (`201`, `05`)
AMOUNT = re.compile(r"^-?(?:(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+|\d{1,3}(?:,\d{3})+|0)$")
_PIECE = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+|-?\d{1,3}(?:,\d{3})+|\d+|[^\d\s]+")
DIGITS = re.compile(r"^\d+$")
_COLUMN_NUMBER = re.compile(r"^(\d{1,2}|栏次|行次)$")


def tokens(text: str) -> list[str]:
    """Whitespace-separated tokens, glued ones split: `30199其他工资福利支出` -> `30199`, `其他工资福利支出`."""
    return [piece for word in text.split() for piece in _PIECE.findall(word)]


def is_amount(token: str) -> bool:
    return bool(AMOUNT.match(token))


@dataclass
class TextRow:
    """One table row rebuilt from the lines it was printed over."""

    lines: list[SourceLine]
    key: int = 0  # index in `lines` of the line holding its code or figures

    @property
    def line(self) -> int:
        return self.lines[0].number

    @property
    def page(self) -> int | None:
        return self.lines[0].page

    @property
    def tokens(self) -> list[str]:
        return [t for ln in self.lines for t in tokens(ln.text)]

    @property
    def numbers(self) -> list[str]:
        return [t for t in self.tokens if is_amount(t)]

    @property
    def raw(self) -> str:
        return " / ".join(ln.text for ln in self.lines)


@dataclass
class Body:
    header: list[SourceLine]
    rows: list[TextRow] = field(default_factory=list)
    style: str = "flow"


@dataclass(frozen=True)
class CodeForm:
    """The digit counts a table's codes can have: printed as a word of their own (`512`), and
    glued to the name after them (`30199其他工资福利支出`)."""

    alone: frozenset[int]
    glued: frozenset[int]

    def starts(self, text: str) -> bool:
        words = text.split()
        pieces = tokens(words[0]) if words else []
        if not pieces or not DIGITS.match(pieces[0]):
            return False  # text, or an amount (`223.87`)
        return len(pieces[0]) in (self.alone if len(pieces) == 1 else self.glued)


# 类 `201` … 项 `2010301`, split pieces `03`, unit codes `512001`
CLASSIFICATION_CODES = CodeForm(frozenset(range(2, 8)), frozenset(range(2, 8)))


def _opens_row(text: str, codes: CodeForm) -> bool:
    """A key line: a code first, a total label with figures, or figures alone."""
    toks = tokens(text)
    if not toks:
        return False
    if codes.starts(text):
        return True
    if all(is_amount(t) for t in toks):
        return True
    label = "".join(itertools.takewhile(lambda t: not is_amount(t), toks))  # `合 计 13,979.92`: spaced out
    return is_total_label(label) and any(is_amount(t) for t in toks)


def one_cell_per_line(lines: list[SourceLine]) -> bool:
    """Most of a table's lines hold one word and its figures stand one per line: the dump printed
    its cells one by one (`pdftotext` without -layout), not its rows. (A dump that prints a
    wrapped name's pieces one per line still prints a row's figures together on one line.)"""
    if len(lines) < SETTINGS.cell_per_line_min_lines:
        return False
    counts = _figure_counts(lines)
    single = sum(1 for ln in lines if len(ln.text.split()) == 1)
    together = sum(1 for n in counts if n > 1)
    return single >= SETTINGS.cell_per_line_share * len(lines) and together <= SETTINGS.cell_per_line_rows_share * sum(map(bool, counts))


def figures_in_turn(lines: list[SourceLine]) -> bool:
    """Text stands between one figure and the next (`其他运转类` / `政务服务四级全` / `覆盖项目` /
    `60.00`): a dump printing one cell per line gives each row's cells in turn, not a column's."""
    counts = _figure_counts(lines)
    following = sum(1 for a, b in itertools.pairwise(counts) if a and b)
    return following < SETTINGS.cell_per_line_runs_share * sum(map(bool, counts))


def _figure_counts(lines: list[SourceLine]) -> list[int]:
    return [sum(1 for t in tokens(ln.text) if is_amount(t)) for ln in lines]


def _is_column_numbers(text: str) -> bool:
    words = text.split()
    return len(words) >= 3 and all(_COLUMN_NUMBER.match(w) for w in words)


def split_rows(body: list[SourceLine], code_slots: tuple[str, ...] = ("",), codes: CodeForm = CLASSIFICATION_CODES) -> Body:
    """Header lines, then rows; see the module docstring for the two styles.

    `code_slots`: the codes a row prints before its figures, each as the digits it starts with
    (`("", "5")` in an economic table with both 部门 and 政府 classification: `30108 … 50102 …`);
    a line starting with a code continues the current row only when it fits the row's next
    slot (`301 07` after `301 06 伙食补助费` opens a row: a 政府 code starts with 5). `codes`: the codes this table can
    print (a project table's only codes are unit codes, so `12345便民热线` and a name's
    last piece `023年）` start no row).
    """
    opens = [_opens_row(ln.text, codes) and not _is_column_numbers(ln.text) for ln in body]
    first = opens.index(True) if True in opens else len(body)
    header, lines = body[:first], _without_repeated_header(body[:first], body[first:])
    flow = _flow(lines, code_slots, codes)
    # a reading whose brackets pair up is preferred to one whose brackets do not
    centred_first = not _is_flow(lines, codes)
    if centred_first or _unbalanced(flow):
        centered = _centered(header, lines, _key_lines(lines, codes))
        if centered is not None and (not _unbalanced(centered.rows) or (centred_first and _unbalanced(flow))):
            return centered
    return Body(header, flow, "flow")


def _unbalanced(rows: list[TextRow]) -> bool:
    """Some row's brackets do not pair up (`）区政府门户网站运行维护经费（2023`): the lines were
    split between rows the wrong way (a printed name's brackets always close)."""
    for row in rows:
        text = "".join(ln.text for ln in row.lines)
        if text.count("（") + text.count("(") != text.count("）") + text.count(")"):
            return True
    return False


def _without_repeated_header(header: list[SourceLine], lines: list[SourceLine]) -> list[SourceLine]:
    """A table continued on a new page may print its header again: a run of two or more lines,
    each one of the header's own lines, is no row and is left out."""
    printed = {compact(ln.text) for ln in header}
    kept: list[SourceLine] = []
    i = 0
    while i < len(lines):
        end = i
        while end < len(lines) and compact(lines[end].text) in printed:
            end += 1
        if end - i >= 2:
            i = end
            continue
        kept.append(lines[i])
        i += 1
    return kept


def _is_flow(lines: list[SourceLine], codes: CodeForm) -> bool:
    """Flow style shows where a wrapped cell pushes a row's figures below its first line:
    figures alone after a text fragment (`险缴费支出` / `7.72 7.72`). In the centred style a
    coded row's figures share its code line. A code line without figures followed by a
    fragment is no evidence either way (a blank row whose name wraps, in either style): such
    a table is read centred if its lines chain consistently that way, else flow.
    A table without codes (projects) is flow when it ends with its last row's figures."""
    kinds = [_line_kind(ln.text, codes) for ln in lines]
    if not any(k == "text" for k in kinds):
        return True  # nothing wraps: both readings agree
    if "code" not in kinds and "code+figures" not in kinds:
        return kinds[-1] in ("figures", "text+figures")
    return any(prev == "text" and cur == "figures" for prev, cur in itertools.pairwise(kinds))


def _key_lines(lines: list[SourceLine], codes: CodeForm) -> list[int]:
    """Indexes of the lines a centred row is centred on: its code line, or, in a table
    without codes (projects), the one line that holds its figures."""
    if any(codes.starts(ln.text) for ln in lines):
        return [i for i, ln in enumerate(lines) if _opens_row(ln.text, codes)]
    return [i for i, ln in enumerate(lines) if any(is_amount(x) for x in tokens(ln.text))]


def _line_kind(text: str, codes: CodeForm) -> str:
    toks = tokens(text)
    has_figures = any(is_amount(t) for t in toks)
    if codes.starts(text):
        return "code+figures" if has_figures else "code"
    if has_figures:
        return "figures" if all(is_amount(t) for t in toks) else "text+figures"
    return "text"


def _flow(lines: list[SourceLine], code_slots: tuple[str, ...], codes: CodeForm) -> list[TextRow]:
    rows: list[TextRow] = []
    used, ended = 0, False
    for line in lines:
        toks = tokens(line.text)
        code_line = codes.starts(line.text)
        next_slot = code_slots[used] if used < len(code_slots) else None
        if not rows or ended or (code_line and (next_slot is None or not toks[0].startswith(next_slot))):
            rows.append(TextRow([line]))
            used, ended = 0, False
        else:
            rows[-1].lines.append(line)
        used += code_line
        ended = ended or any(is_amount(t) for t in toks)  # a row's figures end it
    return rows


def _centered(header: list[SourceLine], lines: list[SourceLine], keys: list[int]) -> Body | None:
    """Split the lines between key lines: a centred row has as many lines above its key as below.

    The first row may have fragments above its key line that were taken for header lines:
    the count that makes the chain end exactly at the last line is the one chosen.
    """
    if not keys:
        return None
    gaps = [keys[k + 1] - keys[k] - 1 for k in range(len(keys) - 1)]
    trailing = len(lines) - keys[-1] - 1
    header_tail = _trailing_non_labels(header)
    for above_first in range(header_tail + 1):
        aboves = [above_first]
        ok = True
        for gap in gaps:
            nxt = gap - aboves[-1]
            if nxt < 0:
                ok = False
                break
            aboves.append(nxt)
        if ok and aboves[-1] == trailing:
            moved = header[len(header) - above_first :] if above_first else []
            all_lines = moved + lines
            shift = len(moved)
            rows = []
            for k, key in enumerate(keys):
                start = shift + key - aboves[k]
                rows.append(TextRow(all_lines[start : shift + key + aboves[k] + 1], key=aboves[k]))
            return Body(header[: len(header) - above_first], rows, "centered")
    return None  # not a consistent centred layout


def _trailing_non_labels(header: list[SourceLine]) -> int:
    count = 0
    for line in reversed(header):
        found, leftover = header_labels(line.text)
        if found and not leftover:
            break
        count += 1
    return count
