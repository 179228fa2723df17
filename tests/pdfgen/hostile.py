"""Odd and hostile PDFs, each with what the warehouse must say about it.

`ODD` renders of an expected document must still give its facts (fake bold, rotated
pages); `HOSTILE` files must fail alone with a reason.
"""

from __future__ import annotations

import io
import zlib
from pathlib import Path
from typing import Any

from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from tests.pdfgen import kind_word, reportlab_style, sheets

PASSWORD = "fiscal-2025"

ODD = {
    "fake_bold": reportlab_style.Quirks(fake_bold=True),
    "rotated": reportlab_style.Quirks(rotate=True),
}


def odd(doc: dict[str, Any], name: str, path: Path) -> Path:
    return reportlab_style.render(sheets.document(doc), path, kind_word(doc), ODD[name])


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
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path
