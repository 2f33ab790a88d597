"""The add-in's hand-written worksheet functions (VBA modules `dunning_functions` and `dunning_excel`, written by
`dunning.addin_build.function_vba`) as the stand-in runs them: it runs no VBA, so this is that code step for step. The VBA
itself is executed in LibreOffice Basic by tests/excel/test_functions_in_basic.py, on the same workbook.

What it costs is counted apart from the COM log, which holds cross-process calls only: each object-model call
the VBA makes in Excel's own process (`Cell.Worksheet`, `UsedRange`, `.Value`, …) adds one to `app.vba_calls`;
each worksheet-function call adds one to `app.vba_functions`; a call into Python is one `UdfInvocation` made
through xlwings' own COM server (`XLPython.CallUDF`) with plain values and no workbook or caller object, so Python
has nothing to call back with.

Excel's side of it: a function calling `Application.Volatile` (True) makes its cell volatile from then on, False
makes it not (https://learn.microsoft.com/office/vba/api/excel.application.volatile) — `calc.volatile_cells`; the
add-in's `ThisWorkbook` hooks `Application` events at `Workbook_Open`, and `SheetChange` and `AfterCalculate`
(https://learn.microsoft.com/office/vba/api/excel.application.aftercalculate) call `dunning_functions.Changed`:
`Events` plays them when the add-in's ThisWorkbook has those handlers.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from excel_standin.addresses import Area
from excel_standin.com import UdfInvocation
from excel_standin.formula_eval import MISSING, RefValue
from excel_standin.python_server import server_command
from excel_standin.values import com_value

MODULE_FILE = "dunning_functions.bas"
ROW_FUNCTIONS = ("DUNNING_STAGE", "DUNNING_NEXT_ACTION", "DUNNING_DAYS_OVERDUE", "DUNNING_LATE_FEE",
                 "DUNNING_ACTION_DUE")  # fmt: skip
RULES_SHEET, ARCHIVE_SHEET, LOG_SHEET = "催款规则", "函件归档", "跟进记录"
NOT_A_CELL = "请给本行的一个单元格，如 =DUNNING_STAGE(A4)"
SLOTS = 8


@dataclass
class Slot:
    key: str = ""
    inputs: object = None  # None: Empty
    outputs: object = None
    top: int = 0
    seen: int = 0
    used: int = 0


@dataclass
class ModuleState:
    """The module-level variables of `dunning_functions` (and `dunning_excel`'s kept server) in one session."""

    slots: list[Slot] = field(default_factory=lambda: [Slot() for _ in range(SLOTS)])
    generation: int = 0
    clock: int = 0
    watching: bool = False
    server: object = None


def state_of(addin: Any) -> ModuleState:
    state = getattr(addin, "dunning_functions_state", None)
    if state is None:
        state = ModuleState()
        addin.dunning_functions_state = state
    return state


def is_modelled(wrapper: Any) -> bool:
    return str(wrapper.module_file).lower() == MODULE_FILE


# ---- ThisWorkbook's events ------------------------------------------------------------------------------
def hooks(addin: Any) -> set[str]:
    """Which Application events the add-in's ThisWorkbook passes on to `dunning_functions.Changed`."""
    code = next((c for n, c in addin.vba.modules.items() if n.lower() == "thisworkbook.cls"), "")
    found = set()
    if "WithEvents App As Application" in code and "Sub Workbook_Open()" in code:
        for event in ("SheetChange", "AfterCalculate", "WorkbookOpen"):
            body = code.split(f"Sub App_{event}(", 1)[1].split("End Sub", 1)[0] if f"Sub App_{event}(" in code else ""
            if "dunning_functions.Changed" in body:
                found.add(event)
    return found


def opened(addin: Any) -> None:
    """Workbook_Open of the add-in: `Watch` hooks the events."""
    if addin.vba is not None and hooks(addin):
        state = state_of(addin)
        state.watching = True
        state.generation += 1


def event(app: Any, name: str) -> None:
    """An Application event reaches every loaded add-in whose ThisWorkbook passes it on."""
    for book in app.all_books():
        if book.addin and book.vba is not None and name in hooks(book):
            state_of(book).generation += 1


# ---- the functions ----------------------------------------------------------------------------------------
def call(calc: Any, name: str, args: list[object], addin: Any, caller_key: tuple[Any, int, int]) -> object:
    app = calc.app
    app.vba_functions += 1
    upper = name.upper()
    if upper == "DUNNING_BOARD":
        return _python(calc, addin, "DUNNING_BOARD", [_value_of(app, a) for a in _padded(args, 4)])
    which = ROW_FUNCTIONS.index(upper) + 1
    cell, header, as_of, rules, log = _padded(args, 5)
    if header is not MISSING:  # the long form: Application.Volatile False, the arguments' values
        calc.volatile_cells.discard(caller_key)
        return _python(calc, addin, upper, [_value_of(app, a) for a in (cell, header, as_of, rules, log)])
    calc.volatile_cells.add(caller_key)  # Application.Volatile True
    if not isinstance(cell, RefValue):
        return NOT_A_CELL
    day = _value_of(app, as_of)
    app.vba_calls += 2  # Cell.Worksheet, Cell.Row
    state = state_of(addin)
    slot = _slot(calc, state, addin, cell.sheet, day)
    from excel_standin.udf_call import from_vba

    return from_vba(_picked(slot, cell.area.top, which))


def _padded(args: list[object], count: int) -> list[object]:
    return [*args, *[MISSING] * (count - len(args))]


def _slot(calc: Any, state: ModuleState, addin: Any, sheet: Any, day: object) -> Slot:
    app = calc.app
    app.vba_calls += 2  # BookName (Sheet.Parent.FullName), Sheet.Name
    key = f"{sheet.book.FullName}|{sheet.name}|{_cstr(day)}"
    state.clock += 1
    found = next((s for s in state.slots if s.key == key), None)
    if found is None:
        found = min(state.slots, key=lambda s: s.used)
        found.key, found.inputs, found.outputs = key, None, None
    found.used = state.clock
    if found.seen != state.generation or not state.watching or found.inputs is None:
        _refresh(calc, state, addin, found, sheet, day)
    return found


def _refresh(calc: Any, state: ModuleState, addin: Any, slot: Slot, sheet: Any, day: object) -> None:
    """VBA's `Refresh`: compare the values of the table (a DUNNING_ cell by its formula), 催款规则 and 函件归档, and
    today, with the last answer's; only on a difference ask Python once."""
    app = calc.app
    book = sheet.book
    siblings = {s.name: s for s in book.sheets}
    table = _used(app, sheet)
    r, a = _used(app, siblings.get(RULES_SHEET)), _used(app, siblings.get(ARCHIVE_SHEET))
    f = _used(app, siblings.get(LOG_SHEET))
    app.vba_calls += 6  # SheetOf × 3, BookName, Sheet.Name, Date1904
    inputs = (str(book.FullName), sheet.name, _masked(app, sheet, table), r, a, day, _today(app),
              bool(getattr(book, "date1904", False)), f)  # fmt: skip
    app.vba_cells += 2 * _cells(table) + _cells(r) + _cells(a) + _cells(f)  # masked, then compared (at most)
    if _same(inputs, slot.inputs):
        slot.seen = state.generation
        return
    slot.inputs = None
    try:
        args = [inputs[0], inputs[1], *table, *r, *a, day, inputs[6], inputs[7], _merges(app, sheet, table), *f]
        slot.outputs = _python(calc, addin, "TABLE_OUTCOMES", args, raise_errors=True)
        slot.top = int(table[0])  # type: ignore[call-overload]
        slot.inputs = inputs
    except Exception as exc:  # noqa: BLE001 - VBA's On Error: the text shows in every cell this recalculation
        slot.outputs = str(exc)
    slot.seen = state.generation


def _cells(block: tuple[object, object, object]) -> int:
    values = block[2]
    return sum(len(row) for row in values) if isinstance(values, tuple) else 1


def _masked(app: Any, sheet: Any, table: tuple[object, object, object]) -> tuple[object, object, object]:
    """VBA's `Masked`: the formula in place of the result of each cell that calls a DUNNING_ function."""
    values = table[2]
    if not isinstance(values, tuple):
        return table
    app.vba_calls += 2  # UsedRange.Formula
    area = sheet.grid.used() or Area.cell(1, 1)
    formulas = app.range(sheet, area)._formulas()
    masked = tuple(tuple(f if "dunning_" in str(f).lower() else v for v, f in zip(row, frow, strict=True))
                   for row, frow in zip(values, formulas, strict=True))  # fmt: skip
    return (table[0], table[1], masked)


def _picked(slot: Slot, row: int, which: int) -> object:
    outputs = slot.outputs
    if not isinstance(outputs, tuple):
        return outputs
    if outputs and not isinstance(outputs[0], tuple):  # a one-row answer: CallUDF hands it over as a 1-D array
        return outputs[which - 1] if row == slot.top else ""
    index = row - slot.top
    if row < slot.top or index >= len(outputs):
        return ""
    line = outputs[index]
    return line[which - 1] if isinstance(line, tuple) else line


def _used(app: Any, sheet: Any) -> tuple[object, object, object]:
    """VBA's `Used`: the used range's first row and column, and its `.Value`."""
    if sheet is None:
        return (0, 0, None)
    app.vba_calls += 4  # UsedRange, .Row, .Column, .Value
    area: Area = sheet.grid.used() or Area.cell(1, 1)
    return (float(area.top), float(area.left), _values(app, sheet, area))


def _values(app: Any, sheet: Any, area: Area) -> object:
    """`Range.Value` read in Excel's process during a calculation: what the cells hold now (a formula cell not yet
    recalculated holds its old value — Excel orders the calculation by arguments only)."""
    grid = sheet.grid

    def one(row: int, column: int) -> object:
        cell = grid.get(row, column)
        return None if cell is None else com_value(cell.value, cell.number_format, value2=False,
                                                    time_type=app.time_type)  # fmt: skip

    if area.size == 1:
        return one(area.top, area.left)
    return tuple(tuple(one(r, c) for c in range(area.left, area.right + 1)) for r in range(area.top, area.bottom + 1))


def _merges(app: Any, sheet: Any, table: tuple[object, object, object]) -> str:
    """VBA's `Merges`: the merged ranges met at the table's blank cells, in the order met."""
    app.vba_calls += 2  # UsedRange.MergeCells
    area = sheet.grid.used() or Area.cell(1, 1)
    if not any(m.overlaps(area) for m in sheet.grid.merged):
        return ""
    found: list[str] = []
    rows = table[2] if isinstance(table[2], tuple) else ((table[2],),)
    for i, line in enumerate(rows):
        for j, value in enumerate(line):
            if value is None:
                app.vba_calls += 2  # Cells(…), .MergeCells
                merged = sheet.grid.merge_area(area.top + i, area.left + j)
                if merged is not None:
                    app.vba_calls += 5  # MergeArea, .Row, .Column, .Rows.Count, .Columns.Count
                    key = f"{merged.top},{merged.left},{merged.bottom},{merged.right};"
                    if key not in found:
                        found.append(key)
    return "".join(found)


def _value_of(app: Any, given: object) -> object:
    if given is MISSING:
        return None
    if isinstance(given, RefValue):
        app.vba_calls += 1
        return _values(app, given.sheet, given.area)
    if hasattr(given, "rows"):  # an array constant
        return tuple(tuple(v for v in row) for row in given.rows)  # type: ignore[attr-defined]
    return given


def _today(app: Any) -> datetime:
    day = app.today
    return app.time_type(day.year, day.month, day.day)  # type: ignore[no-any-return]


def _cstr(value: object) -> str:
    return "" if value is None else str(value)


def _same(a: object, b: object) -> bool:
    """VBA's `Same`: same shape, same types, equal values (text exactly)."""
    if isinstance(a, tuple) or isinstance(b, tuple):
        return (isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b)
                and all(_same(x, y) for x, y in zip(a, b, strict=True)))  # fmt: skip
    return type(a) is type(b) and a == b


def _python(calc: Any, addin: Any, name: str, args: list[object], *, raise_errors: bool = False) -> object:
    """dunning_excel.CallPython: `Server.CallUDF("dunning.excel.udfs", name, args, Nothing, Nothing)`, the server kept."""
    from excel_standin.udf_call import failure_text, from_vba

    app = calc.app
    state = state_of(addin)
    sheet, area, record = calc.caller
    invocation = UdfInvocation(name, f"{sheet.name}!{area.address()}", frozenset())
    record.udf_calls.append(invocation)
    if state.server is None:  # XLPy: the DLL's server for the add-in's command line
        state.server = server_command(app, addin) or "xlwings"
        app.python_servers[state.server] = app.python_servers.get(state.server, 0)
    app.python_servers[state.server] += 1  # type: ignore[index]
    server = app.xlwings.com_server.XLPython()
    start = time.perf_counter()
    with app.platform.on_windows(), calc.invocation(invocation):
        try:
            result = server.CallUDF("dunning.excel.udfs", name, tuple(args), None, None)
        except Exception:
            if raise_errors:
                raise
            return failure_text()
        finally:
            app.python_seconds += time.perf_counter() - start
    if raise_errors:
        return _vba_array(result)
    return from_vba(result)


def _vba_array(result: object) -> object:
    """What VBA holds after `CallUDF` returned a list of rows (a 2-D array; text stays text)."""
    if isinstance(result, (list, tuple)):
        return tuple(tuple(line) if isinstance(line, (list, tuple)) else line for line in result)
    return result
