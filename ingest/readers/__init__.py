"""One reader per input form, registered here.

A reader turns a file's bytes into printed lines (for metadata and prose) and printed
tables (title, unit, rows of cells). It interprets nothing: table kinds, header paths and
amounts are the business of `ingest.tables`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.model import Issue, PrintedTable, SourceLine


class UnreadableDocument(Exception):
    """The file cannot be read in this form; the message is the one-line reason."""


@dataclass
class ReaderResult:
    lines: list[SourceLine]
    tables: list[PrintedTable]
    issues: list[Issue] = field(default_factory=list)


Reader = Callable[[Path, bytes], ReaderResult]


def decode_text(path: Path, data: bytes) -> str:
    """Decode a text document, refusing anything that is not clean UTF-8."""
    if not data.strip():
        raise UnreadableDocument("empty file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableDocument(f"not UTF-8 text (byte {exc.start}: {data[exc.start : exc.start + 4]!r}); convert it to UTF-8") from None
    if "\x00" in text:
        raise UnreadableDocument("binary content (NUL bytes) in a text file")
    return text


def sniff_format(path: Path, data: bytes) -> str:
    """The input form of a file, from its content (the extension only picks PDF vs text).

    `markdown`: tables as tab-separated rows (what Markdown-emitting converters write);
    `text`: plain layout text, cells separated by spaces only; `pdf`; or `unsupported`.
    """
    if data[:5] == b"%PDF-" or path.suffix.lower() == ".pdf":
        return "pdf"
    if path.suffix.lower() not in {".txt", ".md", ".markdown", ".text"}:
        return "unsupported"
    try:
        text = data.decode("utf-8-sig", errors="replace")
    except Exception:  # pragma: no cover
        return "text"
    tab_lines = sum(1 for line in text.splitlines() if line.count("\t") >= 2)
    return "markdown" if tab_lines >= 5 else "text"


def get_reader(source_format: str) -> Reader | None:
    from ingest.readers import markdown, pdf, plaintext  # imported here: the readers import this module

    readers: dict[str, Reader] = {"markdown": markdown.read, "text": plaintext.read, "pdf": pdf.read}
    return readers.get(source_format)


# Why a form has no reader yet: said once, used in dim_document.status_reason.
MISSING_READER_REASON = {
    "unsupported": "not a document type the warehouse reads",
}
