"""Odd and hostile PDFs, each with what the warehouse must say about it.

`ODD` renders of an expected document must still give its facts (fake bold, rotated
pages, codes fused with their names); `HOSTILE` files must fail alone with a reason;
`with_*` put one hostile page (a scan, unmapped glyphs) into an otherwise good PDF.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium  # type: ignore[import-untyped]  # pdfplumber's own dependency, untyped
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from tests.pdfgen import kind_word, reportlab_style, sheets

PASSWORD = "fiscal-2025"


def _same(doc: sheets.Document) -> sheets.Document:
    return doc


# name -> (how the sheets are changed, how they are drawn)
ODD: dict[str, tuple[Callable[[sheets.Document], sheets.Document], reportlab_style.Quirks]] = {
    "fake_bold": (_same, reportlab_style.Quirks(fake_bold=True)),
    "rotated": (_same, reportlab_style.Quirks(rotate=True)),
    "fused_codes": (sheets.fuse_codes, reportlab_style.Quirks()),
}


def odd(doc: dict[str, Any], name: str, path: Path) -> Path:
    change, quirks = ODD[name]
    return reportlab_style.render(change(sheets.document(doc)), path, kind_word(doc), quirks)


def encrypted(doc: dict[str, Any], path: Path) -> Path:
    return reportlab_style.render(sheets.document(doc), path, kind_word(doc), reportlab_style.Quirks(password=PASSWORD))


def truncated(doc: dict[str, Any], path: Path) -> Path:
    whole = reportlab_style.render(sheets.document(doc), path.with_suffix(".whole"), kind_word(doc)).read_bytes()
    path.with_suffix(".whole").unlink()
    path.write_bytes(whole[: len(whole) // 2])
    return path


def image_only(path: Path, pages: int = 2) -> Path:
    """A scan: every page one picture of a table, no text layer."""
    picture = Image.new("L", (850, 600), 255)
    for k in range(0, 850, 85):
        picture.paste(0, (k, 0, k + 2, 600))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    canvas = Canvas(str(path), pagesize=A4)
    for _ in range(pages):
        buffer.seek(0)
        canvas.drawImage(ImageReader(buffer), 30, 200, 535, 378)
        canvas.showPage()
    canvas.save()
    return path


def bomb(path: Path, mebibytes: int = 512) -> Path:
    """One page whose content stream inflates from ~0.5 MB to `mebibytes` MiB."""
    packer = zlib.compressobj(9)
    chunk = b"\0" * (1 << 20)
    stream = b"".join(packer.compress(chunk) for _ in range(mebibytes)) + packer.flush()
    path.write_bytes(_pdf(_page(b"", stream, b"/Filter /FlateDecode ")))
    return path


def unmapped_glyphs(path: Path, lines: list[str]) -> Path:
    """Text in a CID font with Identity-H encoding and no ToUnicode map: glyph ids only."""
    path.write_bytes(_pdf(_identity_font_page(lines, None)))
    return path


def radical_look_alikes(path: Path, lines: list[str], look_alikes: dict[str, str]) -> Path:
    """Text whose ToUnicode map sends some characters to radical look-alikes (`人` -> `⼈`)."""
    path.write_bytes(_pdf(_identity_font_page(lines, look_alikes)))
    return path


def _page(resources: bytes, stream: bytes, stream_keys: bytes = b"") -> list[bytes]:
    """Objects 1-4: catalog, pages, one A4 page, its content stream."""
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << " + resources + b" >> /Contents 4 0 R >>",
        b"<< /Length %d " % len(stream) + stream_keys + b">>\nstream\n" + stream + b"\nendstream",
    ]


def _identity_font_page(lines: list[str], to_unicode: dict[str, str] | None) -> list[bytes]:
    """One page of `lines` in font F1 (objects 5-8), each character one glyph id."""
    glyphs = {ch: k + 1 for k, ch in enumerate(sorted(set("".join(lines))))}
    shown = b"".join(
        b"1 0 0 1 50 %d Tm <%s> Tj\n" % (780 - 20 * n, "".join(f"{glyphs[ch]:04X}" for ch in line).encode()) for n, line in enumerate(lines)
    )
    objects = _page(b"/Font << /F1 5 0 R >>", b"BT /F1 12 Tf\n" + shown + b"ET")
    unicode_map = b" /ToUnicode 8 0 R" if to_unicode is not None else b""
    objects += [
        b"<< /Type /Font /Subtype /Type0 /BaseFont /FixtureSong /Encoding /Identity-H /DescendantFonts [6 0 R]" + unicode_map + b" >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /FixtureSong /DW 1000 /CIDToGIDMap /Identity"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R >>",
        b"<< /Type /FontDescriptor /FontName /FixtureSong /Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0"
        b" /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
    ]
    if to_unicode is not None:
        cmap = _to_unicode({glyph: to_unicode.get(ch, ch) for ch, glyph in glyphs.items()})
        objects.append(b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream")
    return objects


def _to_unicode(mapping: dict[int, str]) -> bytes:
    pairs = sorted(mapping.items())
    blocks = [pairs[k : k + 100] for k in range(0, len(pairs), 100)]
    body = b"".join(
        b"%d beginbfchar\n" % len(block)
        + b"".join(b"<%04X> <%s>\n" % (glyph, text.encode("utf-16-be").hex().upper().encode()) for glyph, text in block)
        + b"endbfchar\n"
        for block in blocks
    )
    return (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n" + body + b"endcmap\n"
        b"CMapName currentdict /CMap defineresource pop end end"
    )


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF file of `objects` (numbered from 1, the first is the catalog) with its xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def untitled(doc: dict[str, Any], path: Path) -> Path:
    """`doc` with its first table's title left out: a ruled table nobody named."""
    sheet_doc = sheets.document(doc)
    sheet_doc.sheets[0].title = ""
    return reportlab_style.render(sheet_doc, path, kind_word(doc))


def with_pages(pdf: Path, extra: Path, path: Path, at: int | None = None) -> Path:
    """`pdf` with every page of `extra` inserted before its page index `at` (appended if None), written to `path`."""
    merged = pdfium.PdfDocument(pdf)
    inserted = pdfium.PdfDocument(extra)
    try:
        merged.import_pages(inserted, index=at)
        merged.save(path)
    finally:
        inserted.close()
        merged.close()
    return path


def with_scanned_page(pdf: Path, path: Path, at: int | None = None) -> Path:
    """`pdf` with one scanned page (a picture of a table, no text layer) inserted at page index `at` (appended if None)."""
    scan = image_only(path.with_name(f"{path.stem}.scan.pdf"), pages=1)
    try:
        return with_pages(pdf, scan, path, at)
    finally:
        scan.unlink()


def with_unmapped_page(pdf: Path, path: Path, lines: list[str]) -> Path:
    """`pdf` with one page of `lines` appended in a CID font without a ToUnicode map (glyph ids only)."""
    page = unmapped_glyphs(path.with_name(f"{path.stem}.unmapped.pdf"), lines)
    try:
        return with_pages(pdf, page, path)
    finally:
        page.unlink()
