"""One call of an add-in's worksheet function, the way its xlwings VBA wrapper makes it.

The wrapper (`Function DUNNING_STAGE(row, Optional header, …)`) passes `Array(row, header, …)`,
`ActiveWorkbook` (an add-in's wrappers; a workbook's own use `ThisWorkbook`) and `Application.Caller`
to `XLPy.CallUDF`, which is xlwings' COM server method `XLPython.CallUDF`: it turns each raw IDispatch
into a `CDispatch` (`FromVariant`) and calls `xlwings.udfs.call_udf`. `XLPy` reaches the server started for
its command line (`python_server`): `Application.python_servers` counts the calls per command line. A VBA function called with more
arguments than it declares, or without a required one, gives #VALUE!.
"""

from __future__ import annotations

import traceback
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from excel_standin import dunning_vba
from excel_standin.com import NotModelled, UdfInvocation
from excel_standin.formula_eval import MISSING, ArrayValue, Context, RefValue, Scalar
from excel_standin.python_server import server_command
from excel_standin.values import ExcelError, serial

MISSING_ARGUMENT = -2147352572  # DISP_E_PARAMNOTFOUND: how VBA hands over an omitted optional argument
MAX_TEXT = 32767


def call_wrapper(calc: Any, ctx: Context, name: str, args: list[object]) -> object:
    app = calc.app
    found = app.udf_lookup(name)
    wrapper, addin = found
    if dunning_vba.is_modelled(wrapper):
        sheet, area, _ = calc.caller
        return dunning_vba.call(calc, name, args, addin, (sheet, area.top, area.left))
    if wrapper.python_module is None:
        raise NotModelled("VBA function (only xlwings wrappers run here)", name)
    if len(args) > len(wrapper.params):
        return ExcelError.VALUE
    passed: dict[str, object] = {}
    argument_ids: set[int] = set()
    for index, param in enumerate(wrapper.params):
        arg = args[index] if index < len(args) else MISSING
        if arg is MISSING and not param.optional:
            return ExcelError.VALUE
        passed[param.name.lower()] = _vba_value(app, arg, argument_ids)
    array = tuple(None if n.lower() == "nothing" else passed.get(n.lower()) for n in wrapper.array_args)
    book = app.active_book() if (wrapper.workbook or "").lower() == "activeworkbook" else addin
    sheet, area, record = calc.caller
    caller = app.range(sheet, area)
    invocation = UdfInvocation(name, f"{sheet.name}!{area.address()}", frozenset(argument_ids | {id(caller)}))
    record.udf_calls.append(invocation)
    command = server_command(app, addin) if addin.vba is not None else None
    if command is not None:  # XLPy: the DLL's server for this command line, started when new
        app.python_servers[command] = app.python_servers.get(command, 0) + 1
    server = app.xlwings.com_server.XLPython()
    with app.platform.on_windows(), calc.invocation(invocation):
        try:
            result = server.CallUDF(wrapper.python_module, wrapper.python_name, array,
                                    book.ole if book is not None else None, caller.ole)  # fmt: skip
        except Exception:  # noqa: BLE001 - VBA's On Error GoTo failed: the cell shows Err.Description
            return failure_text()
    return from_vba(result)


def _vba_value(app: Any, arg: object, argument_ids: set[int]) -> object:
    """An argument as VBA holds it when the wrapper passes it on."""
    if arg is MISSING:
        return MISSING_ARGUMENT
    if isinstance(arg, RefValue):
        rng = app.range(arg.sheet, arg.area)
        argument_ids.add(id(rng))
        return rng.ole
    if isinstance(arg, ArrayValue):
        return tuple(tuple(_plain(v) for v in row) for row in arg.rows)
    return _plain(arg)


def _plain(value: object) -> object:
    return value.code if isinstance(value, ExcelError) else value


def from_vba(value: object) -> object:
    """A wrapper's return value (a VBA Variant) as a cell or array value."""
    if isinstance(value, (list, tuple)):
        rows = [list(r) if isinstance(r, (list, tuple)) else None for r in value]
        table = [list(value)] if any(r is None for r in rows) else rows
        return ArrayValue(tuple(tuple(_one(v) for v in line) for line in table))  # type: ignore[union-attr]
    return _one(value)


def _one(value: object) -> Scalar:
    if value is None:
        return None
    if isinstance(value, bool | str):
        return value[:MAX_TEXT] if isinstance(value, str) else value
    if isinstance(value, (int, float, Decimal)):
        return float(value)
    if isinstance(value, (date, datetime)):
        return serial(value)
    return str(value)


def failure_text() -> str:
    """Err.Description of a Python exception raised through the COM server: xlwings' traceback."""
    return traceback.format_exc()[:MAX_TEXT]
