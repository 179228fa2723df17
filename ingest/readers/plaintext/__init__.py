"""Reader for the plain layout-text form: what a PDF text dump gives (sample 000).

One PDF text line per line, no cell separators, blank cells simply gone. The reader finds the
pages, the prose and the table segments (layout.py: titles, units, notes, page markers) and
returns each table as its printed lines: `PrintedTable.separated` is False, each row one line
as printed. Cutting those lines into cells — rebuilding wrapped rows and placing the figures in
their columns by the document's arithmetic — is interpretation, done by the stage every form
shares (ingest.tables.unruled), before the table parsers.
"""

from __future__ import annotations

from pathlib import Path

from ingest.model import PrintedRow, PrintedTable
from ingest.readers import ReaderResult, decode_text
from ingest.readers.plaintext.layout import TextTable, page_lines, segment


def read(path: Path, data: bytes) -> ReaderResult:
    text = decode_text(path, data)
    lines = page_lines(text)
    _, segments = segment(lines)
    return ReaderResult(lines=lines, tables=[_printed(s) for s in segments])


def _printed(segment_: TextTable) -> PrintedTable:
    return PrintedTable(
        title=segment_.title,
        title_line=segment_.title_line,
        rows=[PrintedRow(ln.number, [ln.text], ln.text, ln.page, ln.indent) for ln in segment_.body],
        unit=segment_.unit,
        unit_line=segment_.unit_line,
        notes=segment_.notes,
        page=segment_.page,
        separated=False,
    )
