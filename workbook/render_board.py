"""Render the refreshed 催款看板 of the sample workbook to PNG pictures for the README.

    python workbook/render_board.py        # needs LibreOffice (soffice) and poppler (pdftoppm)

Writes docs/board.png (the per-row board, top) and docs/board_summary.png (the summary and chart).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl

from dunning.demo import run_demo
from dunning.sheets.reader import BOARD_SHEET

DOCS = Path(__file__).resolve().parents[1] / "docs"


def main() -> int:
    for tool in ("soffice", "pdftoppm"):
        if shutil.which(tool) is None:
            print(f"{tool} is not installed (apt-get install libreoffice-calc-nogui poppler-utils)")
            return 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        workbook, _, _ = run_demo(folder)
        wb = openpyxl.load_workbook(workbook)
        for name in wb.sheetnames:
            if name != BOARD_SHEET:
                del wb[name]
        only = folder / "board.xlsx"
        wb.save(only)
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(only)], check=True,
                       capture_output=True, timeout=300)  # fmt: skip
        pdf = folder / "board.pdf"
        DOCS.mkdir(exist_ok=True)
        for name, (x, y, width, height) in {
            "board": (0, 120, 1500, 560),
            "board_summary": (1550, 250, 700, 520),
        }.items():
            subprocess.run(["pdftoppm", "-png", "-singlefile", "-r", "220", "-f", "1", "-l", "1", "-x", str(x), "-y",
                            str(y), "-W", str(width), "-H", str(height), str(pdf), str(DOCS / name)], check=True)  # fmt: skip
            print(f"wrote docs/{name}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
