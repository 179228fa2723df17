"""Sheets as an Excel workbook (openpyxl: merged cells, thin borders, wrapped text, row
heights), exported to PDF by LibreOffice like a spreadsheet export (Debian packages
`libreoffice-calc-nogui` and `fonts-wqy-microhei`, installed by .ci/run).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from tests.pdfgen.sheets import Document, Sheet

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONT = Font(name="WenQuanYi Micro Hei", size=9)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _chars_per_line(width_pt: float) -> int:
    return max(1, int((width_pt - 4) // 9.5))


def _cover(wb: Workbook, lines: list[str]) -> None:
    ws = wb.create_sheet("封面")
    for k, line in enumerate(lines):
        ws.cell(1 + 2 * k, 1, line).font = Font(name=FONT.name, size=16 if k == 0 else 10)


def _sheet(wb: Workbook, sheet: Sheet, number: int, kind_word: str) -> None:
    ws = wb.create_sheet(f"{kind_word}{number:02d}表")
    width = len(sheet.widths)
    for c, w in enumerate(sheet.widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w / 5.6
    row = 1
    ws.cell(row, 1, f"{kind_word}{number:02d}表").font = FONT
    ws.cell(row + 1, 1, sheet.title).font = Font(name=FONT.name, size=14)
    ws.merge_cells(start_row=row + 1, start_column=1, end_row=row + 1, end_column=width)
    ws.cell(row + 1, 1).alignment = Alignment(horizontal="center")
    ws.cell(row + 2, 1, f"部门名称：{sheet.department}").font = FONT
    ws.cell(row + 2, width, f"单位：{sheet.unit}").font = FONT
    top = row + 3
    for r in range(sheet.header_rows):
        ws.row_dimensions[top + r].height = 26
        for c in range(width):
            ws.cell(top + r, c + 1).border = BOX
    for span in sheet.header:
        cell = ws.cell(top + span.row, span.col + 1, span.label)
        cell.font, cell.alignment = FONT, Alignment(horizontal="center", vertical="center", wrap_text=True)
        if span.rowspan > 1 or span.colspan > 1:
            ws.merge_cells(
                start_row=top + span.row, start_column=span.col + 1,
                end_row=top + span.row + span.rowspan - 1, end_column=span.col + span.colspan,
            )  # fmt: skip
    ws.print_title_rows = f"{top}:{top + sheet.header_rows - 1}"  # header repeated on every page
    body_top = top + sheet.header_rows
    for r, cells in enumerate(sheet.body):
        lines = max(-(-len(text) // _chars_per_line(sheet.widths[c])) for c, text in enumerate(cells) if text) if any(cells) else 1
        ws.row_dimensions[body_top + r].height = 13 * max(1, lines) + 3
        for c, text in enumerate(cells):
            cell = ws.cell(body_top + r, c + 1, text or None)
            cell.font, cell.border = FONT, BOX
            amount = bool(text) and text.replace(".", "", 1).isdigit() and "." in text
            cell.alignment = Alignment(horizontal="right" if amount else "left", vertical="center", wrap_text=not amount)
        merged = sheet.merged_body.get((r, 0))
        if merged:
            ws.merge_cells(start_row=body_top + r, start_column=1, end_row=body_top + r, end_column=merged)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def render(doc: Document, path: Path, kind_word: str) -> Path:
    """Write the workbook and export it to `path` with LibreOffice (which must be installed)."""
    binary = soffice()
    if binary is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    wb = Workbook()
    wb.remove(wb.active)
    _cover(wb, doc.cover)
    for number, sheet in enumerate(doc.sheets, start=1):
        _sheet(wb, sheet, number, kind_word)
    with tempfile.TemporaryDirectory() as tmp:
        xlsx = Path(tmp) / (path.stem + ".xlsx")
        wb.save(xlsx)
        profile = Path(tmp) / "profile"
        command = [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(xlsx)]
        subprocess.run(command, check=True, capture_output=True, timeout=180)
        shutil.move(Path(tmp) / (path.stem + ".pdf"), path)
    return path
