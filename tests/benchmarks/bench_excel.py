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
from test_excel_udfs import RULES as RULES_SHEET
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
    """Over the calculations after the first `before`: (calculations, calls into Python, COM calls reading the
    functions' arguments, COM calls back into Excel)."""
    done = excel.calculations[before:]
    udfs = sum(len(c.udf_calls) for c in done)
    during = [call for c in done for call in excel.calls.since(c.first_call)[: c.last_call - c.first_call]]
    back = sum(1 for c in during if c.udf is None or (c.target not in c.udf.arguments
                                                      and (c.kind, c.member) not in XLWINGS_PLUMBING))  # fmt: skip
    return len(done), udfs, len(during) - back, back


Step = dict[str, float]


def step(excel: Excel, action: Callable[[], object]) -> Step:
    """What one action costs: calculations, calls into Python (and by which function), COM calls, the add-in's
    VBA work in Excel's process, Python's own time, and the stand-in's wall time."""
    app = excel.app
    before = len(excel.calculations)
    counters = (app.vba_functions, app.vba_calls, app.vba_cells, app.python_seconds)
    start = time.perf_counter()
    action()
    wall = time.perf_counter() - start
    calcs, udfs, reads, back = calculation_calls(excel, before)
    done = excel.calculations[before:]
    table = sum(1 for c in done for u in c.udf_calls if u.function == "TABLE_OUTCOMES")
    return {"calcs": calcs, "python_calls": udfs, "table_calls": table, "com": reads + back, "back": back,
            "vba_functions": app.vba_functions - counters[0], "vba_calls": app.vba_calls - counters[1],
            "vba_cells": app.vba_cells - counters[2], "python_s": app.python_seconds - counters[3],
            "evaluated": sum(c.evaluated for c in done), "wall": wall}  # fmt: skip


def recalc_figures(folder: Path, copies: int) -> dict[str, Step]:
    """The workbook with its formulas (=DUNNING_STAGE(A4) beside every row, DUNNING_BOARD on 实时看板): opening it
    (a cold start), F9 with nothing changed, one amount typed in, a rule changed, then a press of the button."""
    excel = Excel(folder)
    excel.open_addin(ADDIN)
    book = contract_book(folder / "合同执行情况表.xlsx", copies=copies, live=True, as_of=date.today())
    figures: dict[str, Step] = {}
    with excel:
        figures["open"] = step(excel, lambda: excel.open_workbook(book))
        figures["settle"] = step(excel, excel.calculate)  # the file holds no formula results (written by openpyxl)
        figures["f9"] = step(excel, excel.calculate)
        last = 3 + data_rows(excel)
        figures["edit"] = step(excel, lambda: excel.set_value(DATA, f"F{last}", 1000))
        rules = excel.sheet(RULES_SHEET).grid
        row = next(r for (r, c), cell in rules.cells.items() if c == 1 and cell.value == "违约金日利率")
        figures["rule"] = step(excel, lambda: excel.set_value(RULES_SHEET, f"B{row}", 0.0003))
        figures["rows"] = {"rows": float(data_rows(excel))}
        pressed = step(excel, lambda: press(excel, folder))
        figures["press"] = pressed
    return figures


# The cost model of a real Excel (issue "Excel round 2"): each cross-process COM call, each xlwings call into
# Python (VBA → Python and back, the call's own cost), and Python's own work as measured here. The add-in's VBA
# runs in Excel's process; its costs are assumptions, stated: a VBA worksheet-function call, an object-model call
# made from VBA, and one cell of a VBA loop over an array.
COM_CALL_S = 0.0002
UDF_CALL_S = 0.0038
VBA_FUNCTION_S = 0.000010
VBA_CALL_S = 0.000002
VBA_CELL_S = 0.0000002


def modelled(figures: Step) -> float:
    """Seconds in Excel for one step."""
    return (figures["com"] * COM_CALL_S + figures["python_calls"] * UDF_CALL_S + figures["python_s"]
            + figures["vba_functions"] * VBA_FUNCTION_S + figures["vba_calls"] * VBA_CALL_S
            + figures["vba_cells"] * VBA_CELL_S)  # fmt: skip


def pad(label: str, width: int = 46) -> str:
    """The label padded to `width` columns as a terminal shows it (a Chinese character takes two)."""
    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in label)
    return label + " " * max(0, width - shown)


def line(label: str, small: float, large: float, *, unit: str = "", ratio: bool = True, note: str = "") -> None:
    shown = [f"{v:,.3f}" if isinstance(v, float) and not v.is_integer() else f"{v:,.0f}" for v in (small, large)]
    times = f"{large / small:8.2f}×" if ratio and small else " " * 9
    print(f"{pad(label)}{shown[0]:>11}{unit:<2}{shown[1]:>11}{unit:<2}{times}  {note}".rstrip())


def report(press_: tuple[Figures, Figures], calc: tuple[dict[str, Step], dict[str, Step]]) -> None:
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
    print("the workbook with =DUNNING_STAGE(A…) beside every row and DUNNING_BOARD on 实时看板")
    for key, label in (("open", "opening it (cold start)"), ("f9", "F9, nothing changed"),
                       ("edit", "one amount typed in (已收金额 of the last row)"),
                       ("rule", "one rule changed (违约金日利率)")):  # fmt: skip
        small, large = cs[key], cl[key]
        print(f"  {label}")
        line("    calls into Python (all functions)", small["python_calls"], large["python_calls"])
        line("      of them for the table (TABLE_OUTCOMES)", small["table_calls"], large["table_calls"],
             note="(target: 1 on a change, 0 without)")  # fmt: skip
        line("    COM calls (cross-process)", small["com"], large["com"], note="(back into Excel: "
             f"{small['back']:.0f} / {large['back']:.0f}; target 0)")  # fmt: skip
        line("    VBA function calls (in Excel's process)", small["vba_functions"], large["vba_functions"])
        line("    VBA object-model calls (in-process)", small["vba_calls"], large["vba_calls"])
        line("    VBA array cells looped over", small["vba_cells"], large["vba_cells"])
        line("    Python's own time", small["python_s"], large["python_s"], unit=" s")
        line("    modelled time in Excel", modelled(small), modelled(large), unit=" s", note=TARGETS.get(key, ""))
    print("then one press of 生成催款函 on that workbook (formulas and 实时看板 kept)")
    ps_, pl_ = cs["press"], cl["press"]
    line("  calls into Python during its recalculations", ps_["python_calls"], pl_["python_calls"])
    line("  COM calls inside recalculations, back into Excel", ps_["back"], pl_["back"], ratio=False,
         note="(target: 0)")  # fmt: skip
    print(
        f"modelled: {COM_CALL_S * 1e3:.1f} ms a COM call, {UDF_CALL_S * 1e3:.1f} ms an xlwings call, Python's own "
        f"time as measured here; assumed for VBA in Excel's process: {VBA_FUNCTION_S * 1e6:.0f} µs a function "
        f"call, {VBA_CALL_S * 1e6:.0f} µs an object-model call, {VBA_CELL_S * 1e9:.0f} ns a cell of a loop"
    )


TARGETS = {"open": "(target at 3,000 rows: ≤ 1 s)", "edit": "(target: ≤ 0.1 s / ≤ 0.5 s)",
           "f9": "(target: ≤ 0.1 s / ≤ 0.5 s)", "rule": ""}  # fmt: skip


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
