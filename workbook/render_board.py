"""Render the sample's refreshed 催款看板 and one of its letters to PNG pictures for the README.

    python workbook/render_board.py        # needs LibreOffice (soffice) and poppler (pdftoppm)

Writes docs/board.png (the top of the per-row board), docs/board_summary.png (the summary tables and the
chart), docs/letter.png (the first page of a dunning letter the demo made) and docs/lawyer_letter.png (the
first page of one of its lawyer's letters).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter
from PIL import Image, ImageChops

from dunning.demo import run_demo
from dunning.sheets.layout import BOARD_HEADER_ROW, COLUMNS
from dunning.sheets.reader import BOARD_SHEET

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _pdf(source: Path, folder: Path) -> Path:
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(source)], check=True,
                   capture_output=True, timeout=300)  # fmt: skip
    return folder / source.with_suffix(".pdf").name


def _png(pdf: Path, name: str, *, dpi: int) -> None:
    target = DOCS / name
    subprocess.run(["pdftoppm", "-png", "-singlefile", "-r", str(dpi), "-f", "1", "-l", "1", str(pdf), str(target)],
                   check=True)  # fmt: skip
    image = Image.open(f"{target}.png").convert("RGB")
    box = ImageChops.difference(image, Image.new("RGB", image.size, "white")).getbbox()
    if box:
        left, top, right, bottom = box
        image = image.crop((max(0, left - 12), max(0, top - 12), right + 12, bottom + 12))
    image.save(f"{target}.png")
    print(f"wrote docs/{name}.png")


def _area(workbook: Path, folder: Path, name: str, area: str) -> Path:
    """A copy with only the board sheet, printing only `area` on one landscape page."""
    wb = openpyxl.load_workbook(workbook)
    for sheet in wb.sheetnames:
        if sheet != BOARD_SHEET:
            del wb[sheet]
    ws = wb[BOARD_SHEET]
    ws.print_area = area
    ws.print_title_rows = None
    ws.page_setup.fitToHeight = 1
    path = folder / f"{name}.xlsx"
    wb.save(path)
    return path


def main() -> int:
    for tool in ("soffice", "pdftoppm"):
        if shutil.which(tool) is None:
            print(f"{tool} is not installed (apt-get install libreoffice-calc-nogui poppler-utils)")
            return 1
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        workbook, _, made = run_demo(folder / "demo")
        last_board = get_column_letter(len(COLUMNS))
        left = get_column_letter(len(COLUMNS) + 2)
        right = get_column_letter(len(COLUMNS) + 2 + 14)
        _png(
            _pdf(_area(workbook, folder, "board", f"A1:{last_board}{BOARD_HEADER_ROW + 30}"), folder), "board", dpi=150
        )
        _png(_pdf(_area(workbook, folder, "summary", f"{left}{BOARD_HEADER_ROW}:{right}{BOARD_HEADER_ROW + 55}"), folder),
             "board_summary", dpi=110)  # fmt: skip
        letter = next(m.file for m in made.made if "催款信_第3次" in m.file.name)
        _png(_pdf(letter, folder), "letter", dpi=80)
        lawyer = next(m.file for m in made.made if m.letter.level.needs_approval)
        _png(_pdf(lawyer, folder), "lawyer_letter", dpi=80)
    return 0


if __name__ == "__main__":
    sys.exit(main())
