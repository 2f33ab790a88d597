"""Excel-side cost of the button and of the Excel functions, through the Excel stand-in (tests/excel_standin,
driven by xlwings' own Windows engine), on the sample's contract table made ~300 and ~3,000 rows long.

    python tests/benchmarks/bench_excel.py [--rows-small 300] [--rows-large 3000]

Targets (issue "Excel for real"): the COM calls of one press of 生成催款函 grow by at most a small constant
per row, and the board is written in a bounded number of calls; a recalculation of the DUNNING_* functions
makes no COM calls back into Excel (everything reaches them as arguments). Counted, not timed, is what
matters: the times are the stand-in's and Python's, not Excel's. A script, not a timed test: it prints, it
does not fail.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the stand-in and the workbooks
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "excel"))  # the Excel tests' figures

from excel_standin import Call, Excel
from excel_workbooks import DATA, ROOT, contract_book

from test_excel_button import ARCHIVE, BOARD, VALUE_WRITES
from test_excel_udfs import XLWINGS_PLUMBING

ADDIN = ROOT / "addin" / "dunning.xlam"
SAMPLE_ROWS = 300  # about: the sample's table is repeated to reach the rows asked for
Figures = dict[str, float]


def opened(folder: Path, copies: int, *, live: bool) -> Excel:
    """A stand-in Excel with the add-in loaded and the team's workbook open (and, with formulas, calculated)."""
    excel = Excel(folder)
    excel.open_addin(ADDIN)
    book = contract_book(folder / "合同执行情况表.xlsx", copies=copies, live=live, as_of=date.today())
    excel.open_workbook(book)  # the sample moved to today: the button never back-dates
    return excel


def press(excel: Excel, folder: Path) -> tuple[list[Call], float, int]:
    """One press of the button: its COM calls, its Python-side time, the letters it made."""
    mark = excel.calls.mark()
    start = time.perf_counter()
    excel.press_button()
    seconds = time.perf_counter() - start
    letters = sum(1 for p in (folder / "催款函").rglob("*.docx") if not p.name.startswith("全部"))
    return excel.calls.since(mark), seconds, letters


def data_rows(excel: Excel) -> int:
    """Rows of the contract table (from row 4 on, one contract number each)."""
    grid = excel.sheet(DATA).grid
    return sum(1 for (row, column) in grid.cells if column == 2 and row > 3 and grid.value(row, column))


def press_figures(folder: Path, copies: int) -> Figures:
    """The press on the table alone (no formulas, no 实时看板), as the button tests count it."""
    with opened(folder, copies, live=False) as excel:
        rows = data_rows(excel)
        calls, seconds, letters = press(excel, folder)
    by_sheet = {name: sum(1 for c in calls if c.sheet == name) for name in (DATA, ARCHIVE, BOARD)}
    writes = sum(1 for c in calls if c.sheet == DATA and c.member in VALUE_WRITES and c.action != "get")
    return {"rows": rows, "calls": len(calls), **by_sheet, "other": len(calls) - sum(by_sheet.values()),
            "writes": writes, "seconds": seconds, "letters": letters}  # fmt: skip


def calculation_calls(excel: Excel, before: int) -> tuple[int, int, int, int]:
    """Over the calculations after the first `before`: (calculations, function calls, COM calls reading the
    functions' arguments, COM calls back into Excel)."""
    done = excel.calculations[before:]
    udfs = sum(len(c.udf_calls) for c in done)
    during = [call for c in done for call in excel.calls.since(c.first_call)[: c.last_call - c.first_call]]
    back = sum(1 for c in during if c.udf is None or (c.target not in c.udf.arguments
                                                      and (c.kind, c.member) not in XLWINGS_PLUMBING))  # fmt: skip
    return len(done), udfs, len(during) - back, back


def timed(excel: Excel, action: Callable[[], object]) -> tuple[float, tuple[int, int, int, int]]:
    before = len(excel.calculations)
    start = time.perf_counter()
    action()
    return time.perf_counter() - start, calculation_calls(excel, before)


def recalc_figures(folder: Path, copies: int) -> Figures:
    """The workbook with its formulas: F9, then one amount typed in, then a press of the button."""
    with opened(folder, copies, live=True) as excel:
        last = 3 + data_rows(excel)
        f9, (_, udfs, reads, back) = timed(excel, excel.calculate)
        edit, (_, edit_udfs, edit_reads, edit_back) = timed(excel, lambda: excel.set_value(DATA, f"F{last}", 1000))
        before = len(excel.calculations)
        pressed, seconds, letters = press(excel, folder)
        calcs, press_udfs, press_reads, press_back = calculation_calls(excel, before)
    return {"udfs": udfs, "reads": reads, "back": back, "f9": f9, "per_udf": f9 / udfs, "edit": edit,
            "edit_udfs": edit_udfs, "edit_back": edit_back, "edit_reads": edit_reads, "press_calls": len(pressed),
            "press_in_calc": press_reads + press_back, "press_back": press_back, "press_calcs": calcs,
            "press_udfs": press_udfs, "press_seconds": seconds, "press_letters": letters}  # fmt: skip


# The cost model of a real Excel (issue "Excel round 2"): each cross-process COM call the stand-in counts, and
# each xlwings function call (VBA → Python and back). The stand-in does not count type-info and name lookups:
# the modelled times are a lower bound.
COM_CALL_S = 0.0002
UDF_CALL_S = 0.0038


def modelled(udfs: float, calls: float) -> float:
    """Seconds in Excel for `udfs` function calls that read their arguments in `calls` COM calls."""
    return udfs * UDF_CALL_S + calls * COM_CALL_S


def pad(label: str, width: int = 46) -> str:
    """The label padded to `width` columns as a terminal shows it (a Chinese character takes two)."""
    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in label)
    return label + " " * max(0, width - shown)


def line(label: str, small: float, large: float, *, unit: str = "", ratio: bool = True, note: str = "") -> None:
    shown = [f"{v:,.3f}" if isinstance(v, float) and not v.is_integer() else f"{v:,.0f}" for v in (small, large)]
    times = f"{large / small:8.2f}×" if ratio and small else " " * 9
    print(f"{pad(label)}{shown[0]:>11}{unit:<2}{shown[1]:>11}{unit:<2}{times}  {note}".rstrip())


def report(press_: tuple[Figures, Figures], calc: tuple[Figures, Figures]) -> None:
    (ps, pl), (cs, cl) = press_, calc
    added = pl["rows"] - ps["rows"]
    line("rows in 合同执行情况", ps["rows"], pl["rows"])
    print("one press of 生成催款函 (table alone)")
    line("  COM calls", ps["calls"], pl["calls"])
    for label, key in ((f"    on {DATA}", DATA), (f"    on {ARCHIVE}", ARCHIVE), (f"    on {BOARD}", BOARD),
                       ("    other (application, 催款规则, add-in)", "other")):  # fmt: skip
        line(label, ps[key], pl[key], note="(target: bounded)" if key == BOARD else "")
    line(f"  value writes on {DATA}", ps["writes"], pl["writes"])
    line("  time, Python side", ps["seconds"], pl["seconds"], unit=" s")
    line("  letters made", ps["letters"], pl["letters"])
    extra = (pl["calls"] - ps["calls"]) / added
    print(f"{pad('  extra COM calls per added row')}{extra:11.2f}     (target: a small constant)")
    print(f"{pad('  extra time per added row')}{(pl['seconds'] - ps['seconds']) / added * 1e3:11.2f} ms")
    print("one recalculation (F9) of the workbook with its formulas")
    line("  function calls (DUNNING_*)", cs["udfs"], cl["udfs"])
    line("  COM calls back into Excel", cs["back"], cl["back"], ratio=False, note="(target: 0)")
    line("  COM calls reading the arguments (xlwings)", cs["reads"], cl["reads"])
    line("    per function call", cs["reads"] / cs["udfs"], cl["reads"] / cl["udfs"])
    line("  time, Python side", cs["f9"], cl["f9"], unit=" s")
    line("  time per function cell", cs["per_udf"] * 1e3, cl["per_udf"] * 1e3, unit="ms")
    print("one amount typed in (已收金额 of the last row; 2 function cells depend on it)")
    line("  function calls", cs["edit_udfs"], cl["edit_udfs"], note="(dependent cells: 2)")
    line("  COM calls back into Excel", cs["edit_back"], cl["edit_back"], ratio=False, note="(target: 0)")
    line("  time, Python side (edit + recalculation)", cs["edit"], cl["edit"], unit=" s")
    print(
        f"modelled in Excel ({COM_CALL_S * 1e3:.1f} ms a COM call, {UDF_CALL_S * 1e3:.1f} ms a function call; a lower bound)"
    )
    edit = [modelled(c["edit_udfs"], c["edit_reads"] + c["edit_back"]) for c in (cs, cl)]
    f9 = [modelled(c["udfs"], c["reads"] + c["back"]) for c in (cs, cl)]
    line("  one edit (the functions it recalculates)", edit[0], edit[1], unit=" s", note="(target: ≤ 0.1 s / ≤ 0.5 s)")
    line("  a full recalculation (cold start)", f9[0], f9[1], unit=" s", note="(target at the large size: ≤ 1 s)")
    print("then one press of 生成催款函 on that workbook (formulas and 实时看板 kept)")
    line("  COM calls", cs["press_calls"], cl["press_calls"])
    line("    of which inside a recalculation", cs["press_in_calc"], cl["press_in_calc"])
    line("    of those, back into Excel", cs["press_back"], cl["press_back"], ratio=False, note="(target: 0)")
    line("  recalculations during the press", cs["press_calcs"], cl["press_calcs"], ratio=False)
    line("  function calls during the press", cs["press_udfs"], cl["press_udfs"])
    line("  time, Python side", cs["press_seconds"], cl["press_seconds"], unit=" s")
    line("  letters made", cs["press_letters"], cl["press_letters"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows-small", type=int, default=300)
    parser.add_argument("--rows-large", type=int, default=3000)
    args = parser.parse_args()
    sizes = [max(1, round(rows / SAMPLE_ROWS)) for rows in (args.rows_small, args.rows_large)]
    with tempfile.TemporaryDirectory() as tmp:
        folders = [Path(tmp) / name for name in ("press-small", "press-large", "calc-small", "calc-large")]
        for folder in folders:
            folder.mkdir()
        presses = (press_figures(folders[0], sizes[0]), press_figures(folders[1], sizes[1]))
        calcs = (recalc_figures(folders[2], sizes[0]), recalc_figures(folders[3], sizes[1]))
    print(f"{pad('')}{'small':>13}{'large':>13}{'large/small':>12}")
    report(presses, calcs)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
