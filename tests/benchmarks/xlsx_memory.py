"""Peak memory and time of reading a large CRM export (.xlsx), loaded whole (python-calamine)
and streamed (openpyxl read-only, what pacsite does above 8 MB). Prints what one run measured.

    python tests/benchmarks/xlsx_memory.py [ROWS]   (default 1 000 000 rows, about 36 MB)
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

import xlsxwriter

READ = """
import resource, sys, time
from pathlib import Path
import pacsite.load.sheets as sheets
sheets.STREAM_ABOVE = {limit}
started = time.perf_counter()
with sheets.SheetReader(Path(sys.argv[1]), "export.xlsx", None, ["Close Date", "Amount"]) as r:
    rows = sum(1 for _ in r.rows())
print(rows, time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def export(path: Path, rows: int) -> None:
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Deals")
    sheet.write_row(0, 0, ["Record ID", "Deal Name", "Deal Stage", "Close Date", "Amount"])
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    start = dt.datetime(2025, 1, 1)
    for i in range(1, rows + 1):
        sheet.write_number(i, 0, i)
        sheet.write_string(i, 1, f"Deal {i}")
        sheet.write_string(i, 2, "Closed Won" if i % 3 else "Closed Lost")
        sheet.write_datetime(i, 3, start + dt.timedelta(days=i % 365), day)
        sheet.write_number(i, 4, 1000 + i % 5000)
    book.close()


def measure(path: Path, limit: int) -> tuple[int, float, float]:
    out = subprocess.run(
        [sys.executable, "-c", READ.format(limit=limit), str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return int(out[0]), float(out[1]), int(out[2]) / 1024


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.xlsx"
        export(path, rows)
        size = path.stat().st_size / 1024 / 1024
        loaded = measure(path, 1 << 60)
        streamed = measure(path, 0)
    print(f"export: {rows} rows, {size:.1f} MB")
    print(f"loaded (calamine):   {loaded[1]:6.1f} s  {loaded[2]:7.0f} MB peak")
    print(f"streamed (openpyxl): {streamed[1]:6.1f} s  {streamed[2]:7.0f} MB peak")
    print(
        f"streamed / loaded: time {streamed[1] / loaded[1]:.2f}, memory "
        f"{streamed[2] / loaded[2]:.2f}"
    )


if __name__ == "__main__":
    main()
