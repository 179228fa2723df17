"""The amount columns of a plain-form table, from its header text alone.

A plain dump prints a multi-row header as loose lines, labels wrapped anywhere
(`工资福利` / `支出`, `特定目标` / `类类 款 项`). Removing line breaks and spaces gives the
labels in printed order, row by row; the catalog vocabulary cuts that text into labels
(longest first), and the one header tree (ingest.tables.header.header_tree, on the grouping
grammar of catalog/header_groups.csv) hangs each label under the group it belongs to — the
same tree the ruled and tab-separated headers are read with.

The leaves, in order, are the amount columns. The tree also gives the arithmetic the
placement solver needs: a group's 合计/小计 column is the sum of its other columns, the first
合计/总计 of the table is the sum of the top-level groups, and an 其中 column is bounded by
its group.
"""

from __future__ import annotations

import csv
import itertools
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources

from ingest.tables.assign import Schema
from ingest.tables.header import HeaderNode, header_groups, header_tree
from ingest.text import compact, is_subtotal_column


@cache
def _labels() -> dict[str, str]:
    text = resources.files("ingest.catalog").joinpath("plain_header_labels.csv").read_text(encoding="utf-8")
    labels = {compact(r["label"]): r["role"] for r in csv.DictReader(text.splitlines())}
    for parent, children in header_groups().items():
        labels.setdefault(parent, "amount")
        for child in children:
            labels.setdefault(child, "amount")
    return labels


def header_labels(text: str) -> tuple[list[str], str]:
    """The known labels in a header's text, in order (longest match first), and what is left over.

    A label may run over the words of the text (a wrapped cell: `工资福利` / `支出`), but then it
    ends where a word ends, or where the rest of that word is known labels (`特定目标` / `类类 款`):
    `项目 支出预算` is 项目 and 支出预算, not 项目支出 and 预算."""
    vocabulary = _labels()
    longest = max(map(len, vocabulary))
    words = [w for w in (compact(word) for word in text.split()) if w]
    wording = "".join(words)
    ends = set(itertools.accumulate(len(w) for w in words))
    found: list[str] = []
    leftover = []
    i = 0
    while i < len(wording):
        for size in range(min(longest, len(wording) - i), 0, -1):
            crosses = any(i < end < i + size for end in ends)
            rest = wording[i + size : min((end for end in ends if end >= i + size), default=len(wording))]
            if wording[i : i + size] in vocabulary and (not crosses or not rest or _all_labels(rest, vocabulary)):
                found.append(wording[i : i + size])
                i += size
                break
        else:
            leftover.append(wording[i])
            i += 1
    return found, "".join(leftover)


def _keeps_order(lines: list[str], paths: list[str]) -> bool:
    """Each line's labels come in the order of the layout's columns (a label at its first column)."""
    position: dict[str, int] = {}
    for k, path in enumerate(paths):
        for segment in path.split("/"):
            position.setdefault(segment, k)
    for line in lines:
        order = [position[label] for label in header_labels(line)[0] if label in position]
        if order != sorted(order):
            return False
    return True


def _in_pieces(label: str, wording: str) -> bool:
    """The label's characters appear in the wording in order (its pieces may be apart)."""
    rest = iter(wording)
    return all(ch in rest for ch in label)


def _all_labels(text: str, vocabulary: dict[str, str]) -> bool:
    """`text` is known labels end to end (longest first)."""
    i = 0
    while i < len(text):
        size = next((n for n in range(len(text) - i, 0, -1) if text[i : i + n] in vocabulary), 0)
        if not size:
            return False
        i += size
    return True


@dataclass
class HeaderColumns:
    """The amount columns of a header, in printed order, and the arithmetic among them."""

    paths: list[str]
    schema: Schema
    unplaced_labels: list[str]  # amount labels the grammar could not hang anywhere
    leftover: str  # header text that is no known label
    layout: str = ""  # the known layout (catalog/known_headers.csv) read instead of the printed order
    scrambled: list[str] = field(default_factory=list)  # column labels printed in pieces, at no known place


def header_columns(text: str, family: str = "") -> HeaderColumns:
    """The columns the header's labels give in printed order; where that order cannot be followed
    (labels no group takes, or words that are no label: a tall header that a dump printed
    centred, its wrapped cells' pieces above and below the middle line), the one layout of the
    family in catalog/known_headers.csv that has every label the header prints, whose
    arithmetic then places the figures (a figure it cannot place stays NULL with the reason)."""
    labels, leftover = header_labels(text)
    roles = _labels()
    amount_labels = [label for label in labels if roles[label] == "amount"]
    roots, unplaced = header_tree(amount_labels)
    if unplaced or leftover:
        known = _known_layout(family, amount_labels, text)
        if known is not None:
            name, tree = known
            return replace(_columns_of(tree, [], ""), layout=name)
    # a column label printed in pieces around the others (`单位预留机动经` / `合计 … 结转下年资金` / `费`):
    # its column's place among them is not known, so neither is any figure's
    in_pieces = [label for label in header_labels(leftover)[0] if roles[label] == "amount"]
    return replace(_columns_of(roots, unplaced + in_pieces, leftover), scrambled=in_pieces)


def _columns_of(roots: list[HeaderNode], unplaced: list[str], leftover: str) -> HeaderColumns:
    paths = [leaf for root in roots for leaf in root.leaves()]
    identities: list[tuple[str, tuple[str, ...]]] = []
    bounds: list[tuple[str, str]] = []
    _arithmetic("", roots, identities, bounds)
    return HeaderColumns(paths, Schema(tuple(paths), tuple(identities), tuple(bounds)), unplaced, leftover)


@cache
def _known_layouts() -> dict[tuple[str, str], list[str]]:
    text = resources.files("ingest.catalog").joinpath("known_headers.csv").read_text(encoding="utf-8")
    layouts: dict[tuple[str, str], list[str]] = {}
    for row in csv.DictReader(text.splitlines()):
        layouts.setdefault((row["family"], row["layout"]), []).append(row["path"])
    return layouts


def _known_layout(family: str, labels: list[str], text: str) -> tuple[str, list[HeaderNode]] | None:
    """The name and tree of the one known layout of `family` whose labels include every label
    printed (at least two of them; a label printed may be the piece of one a line break cut:
    `“三公”经费合` / `计`), whose every label the header prints, if only in pieces (its
    characters in order in the header's text), and whose column order each header line keeps
    (the labels printed on one line come in the layout's order), else None."""
    fitting = []
    wording = compact(text)
    for (layout_family, name), paths in _known_layouts().items():
        segments = {segment for path in paths for segment in path.split("/")}
        if (
            layout_family == family
            and len(set(labels)) >= 2
            and all(any(label in segment for segment in segments) for label in labels)
            and all(_in_pieces(segment, wording) for segment in segments)
            and _keeps_order(text.splitlines(), paths)
        ):
            fitting.append((name, paths))
    if len(fitting) != 1:
        return None
    name, paths = fitting[0]
    roots: list[HeaderNode] = []
    for path in paths:
        level = roots
        for segment in path.split("/"):
            node = next((n for n in level if n.label == segment), None)
            if node is None:
                node = HeaderNode(segment)
                level.append(node)
            level = node.children
    return name, roots


def _value(prefix: str, node: HeaderNode) -> tuple[str, ...]:
    """The leaf columns whose sum is a node's value: its 合计/小计 leaf, or all its leaves."""
    path = f"{prefix}/{node.label}" if prefix else node.label
    if not node.children:
        return (path,)
    subtotal = next((c for c in node.children if is_subtotal_column(c.label) and not c.children), None)
    if subtotal is not None:
        return (f"{path}/{subtotal.label}",)
    return tuple(leaf for c in node.children if not c.label.startswith("其中") for leaf in _value(path, c))


def _arithmetic(
    prefix: str, siblings: list[HeaderNode], identities: list[tuple[str, tuple[str, ...]]], bounds: list[tuple[str, str]]
) -> None:
    """`first 合计 = Σ the others` among siblings; 其中 ≤ its group; recursively."""
    if siblings and is_subtotal_column(siblings[0].label) and not siblings[0].children and len(siblings) > 1:
        parts = tuple(leaf for s in siblings[1:] if not s.label.startswith("其中") for leaf in _value(prefix, s))
        whole = f"{prefix}/{siblings[0].label}" if prefix else siblings[0].label
        if parts:
            identities.append((whole, parts))
        bounds.extend((f"{prefix}/{s.label}" if prefix else s.label, whole) for s in siblings[1:] if s.label.startswith("其中"))
    elif any(s.label.startswith("其中") for s in siblings) and prefix:
        whole_parts = [s for s in siblings if not s.label.startswith("其中")]
        if len(whole_parts) == 1 and not whole_parts[0].children:
            whole = f"{prefix}/{whole_parts[0].label}"
            bounds.extend((f"{prefix}/{s.label}", whole) for s in siblings if s.label.startswith("其中"))
    for node in siblings:
        if node.children:
            path = f"{prefix}/{node.label}" if prefix else node.label
            _arithmetic(path, node.children, identities, bounds)
            subtotal = next((c for c in node.children if is_subtotal_column(c.label) and not c.children), None)
            if subtotal is not None and subtotal is not node.children[0]:
                rest = [c for c in node.children if c is not subtotal and not c.label.startswith("其中")]
                others = tuple(leaf for c in rest for leaf in _value(path, c))
                if others:
                    identities.append((f"{path}/{subtotal.label}", others))
