"""Every tolerance and threshold of reading, in one place (wording lives in ingest/catalog/).

The numbers describe documents, not a particular document: how close two ruling lines must be
to be one line, how long a title can be, how many header rows a table can have. Change them
here; nothing else in ingest/ holds a magic number. (The register's rounding tolerance, 0.01 per
figure summed, is the dbt side's: seeds/dq_rules.csv and models/checks/dq_discrepancies.sql.)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    # PDF geometry (points)
    grid_tolerance: float = 1.5  # ruling lines this close are one line
    min_rule_length: float = 2.0  # shorter strokes are not ruling lines
    continuation_tolerance: float = 3.0  # column lines this close line up across a page break
    # titles and headers (characters, rows, lines)
    max_title_length: int = 50  # a title's wording (a department's name may sit inside)
    max_wrapped_title_piece: int = 32  # the first line of a title wrapped over two lines
    max_header_rows: int = 5
    markdown_context_lines: int = 8  # lines above a Markdown table searched for its title and unit
    title_block_max_lines: int = 8  # cover lines searched for the document's metadata
    max_project_name_lines: int = 4  # lines a project name may wrap over under its code
    # placement by arithmetic (plain layout text)
    max_placement_states: int = 50_000  # joint search states per row; beyond this, column totals are not used
    # a dump printing a table one cell per line (`pdftotext` without -layout): this share of its
    # lines hold one word, and at most this share of its figure lines hold more than one figure
    cell_per_line_share: float = 0.8
    cell_per_line_rows_share: float = 0.25
    cell_per_line_runs_share: float = 0.3  # its rows' cells in turn: fewer of its figure lines follow a figure line
    cell_per_line_min_lines: int = 6
    page_number_last_lines: int = 3  # a form-fed dump's page number stands among its page's last lines


SETTINGS = Settings()
