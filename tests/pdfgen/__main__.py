"""`python -m tests.pdfgen OUT_DIR`: write every PDF rendering of 001-004 and the hostile files."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.conftest import expected_documents
from tests.pdfgen import hostile, render_pdf
from tests.pdfgen.excel_style import soffice


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    styles = ["reportlab"] + (["excel"] if soffice() else [])
    docs = [d for d in expected_documents() if d["_name"] != "000"]
    for doc in docs:
        for style in styles:
            print(render_pdf(doc, style, out / f"{doc['_name']}_{style}.pdf"))
    for name in hostile.ODD:
        print(hostile.odd(docs[0], name, out / f"odd_{name}.pdf"))
    print(hostile.encrypted(docs[0], out / "hostile_encrypted.pdf"))
    print(hostile.truncated(docs[0], out / "hostile_truncated.pdf"))
    print(hostile.image_only(out / "hostile_scanned.pdf"))
    print(hostile.bomb(out / "hostile_bomb.pdf"))
    if "excel" not in styles:
        print("LibreOffice not installed: Excel-style renders skipped", file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "build/fixtures"))
