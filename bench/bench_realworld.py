"""How much of what real publishers print lands: data/realworld built into a scratch warehouse,
then per document figures printed / landed / reported (dim_document), and the codes a naive
reader (pdfplumber's default `extract_tables`, 类/款/项 cells joined) sees beside an amount
against the codes that land in the facts with an amount. Prints figures; asserts nothing.
Run with `make bench`.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pdfplumber

from fiscal.build import build

ROOT = Path(__file__).resolve().parents[1]
REALWORLD = ROOT / "data" / "realworld"
DB = ROOT / "build" / "bench-realworld" / "fiscal.duckdb"
_AMOUNT = re.compile(r"^-?[\d,]+(\.\d+)?$")


def _naive_codes(path: Path) -> tuple[set[str], set[str]]:
    """7-digit function codes and 5-digit economic codes printed in a row with an amount."""
    function, economic = set(), set()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                for row in table:
                    cells = [re.sub(r"\s", "", c or "") for c in row]
                    if not any(_AMOUNT.match(c) and ("." in c or "," in c) for c in cells):
                        continue
                    digits = "".join(c for c in cells[:3] if c.isdigit())
                    first = next((c for c in cells if c), "")
                    for code in {digits, first}:
                        if re.fullmatch(r"2\d{6}", code):
                            function.add(code)
                        elif re.fullmatch(r"3\d{4}", code):
                            economic.add(code)
            page.close()
    return function, economic


def main() -> None:
    build(REALWORLD, DB, ROOT)
    con = duckdb.connect(str(DB), read_only=True)
    print(f"{'document':<58} {'printed':>8} {'landed':>8} {'reported':>9}")
    for path, printed, landed, reported, status in con.execute(
        "select source_path, figures_printed, figures_landed, figures_reported, status from marts.dim_document order by 1"
    ).fetchall():
        print(f"{path:<58} {printed:>8} {landed:>8} {reported:>9}  {status}")
    for printed, landed, reported in con.execute(
        "select sum(figures_printed), sum(figures_landed), sum(figures_reported) from marts.dim_document"
    ).fetchall():
        print(f"{'all':<58} {printed:>8} {landed:>8} {reported:>9}")
    seen_f = landed_f = seen_e = landed_e = 0
    for pdf in sorted(REALWORLD.glob("*.pdf")):
        function, economic = _naive_codes(pdf)
        facts_f = {r[0] for r in con.execute(
            "select f.function_code from marts.fct_expenditure_by_function f join marts.dim_document d using (document_id) "
            "where d.source_path = ? and f.amount_total is not null", [pdf.name]).fetchall()}  # fmt: skip
        facts_e = {r[0] for r in con.execute(
            "select e.dept_economic_code from marts.fct_expenditure_by_economic e join marts.dim_document d using (document_id) "
            "where d.source_path = ? and e.amount is not null", [pdf.name]).fetchall()}  # fmt: skip
        seen_f, landed_f = seen_f + len(function), landed_f + len(function & facts_f)
        seen_e, landed_e = seen_e + len(economic), landed_e + len(economic & facts_e)
    print(f"function codes a naive extract_tables sees with an amount: {seen_f}; in fct_expenditure_by_function with one: {landed_f}")
    print(f"economic codes a naive extract_tables sees with an amount: {seen_e}; in fct_expenditure_by_economic with one: {landed_e}")
    warnings = con.execute("select count(*) from marts.dq_discrepancies where severity = 'warning'").fetchone()
    print(f"warnings (the source contradicts itself) in dq_discrepancies: {warnings[0] if warnings else 0}")
    con.close()


if __name__ == "__main__":
    main()
