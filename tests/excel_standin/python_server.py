"""Which Python server a worksheet function reaches: xlwings' UDF server as Excel's side sees it.

An add-in's wrapper calls `XLPy.CallUDF`; `XLPy` (xlwings' module in the add-in) calls the DLL's
`XLPyDLLActivateAuto(XLPy, XLPyCommand, 1)`, which hands back the server started for that command line and
starts a new python.exe for a command line it has not seen (https://github.com/xlwings/xlwings/issues/787:
"The activation or creation of a COM server is dependent on the command passed to XLPyDLLActivateAuto").

`server_command` evaluates what varies in the add-in's own `XLPyCommand` (its Windows, Excel branch): the
interpreter (`GetConfig("INTERPRETER_WIN")`, else `INTERPRETER`, else pythonw) and the string handed to
`prepare_sys_path`, from the function's assignments of `AddExcelDir` and `PYTHONPATH`: strings joined with `&`
of literals, `ActiveWorkbook.FullName`, `ThisWorkbook.FullName`, `GetConfig("KEY"[, "default"])`, earlier
variables and `Replace(variable, "old", "new")`. `GetConfig` reads as xlwings' does: the active workbook's
`<PROJECT_NAME>.conf` sheet, then the add-in's, then the default (the config files beside the workbook and in
the user's folder are not modelled). Anything else in those assignments is NotModelled.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from excel_standin.com import NotModelled
from excel_standin.vba import _body, _windows_branch

_ASSIGNMENT = re.compile(r"^\s*(AddExcelDir|PYTHONPATH)\s*=\s*(.+?)\s*$", re.IGNORECASE)
_PROJECT = re.compile(r'PROJECT_NAME\s+As\s+String\s*=\s*"([^"]*)"', re.IGNORECASE)
_STRING = r'"((?:[^"]|"")*)"'
_GET_CONFIG = re.compile(rf"^GetConfig\(\s*{_STRING}\s*(?:,\s*{_STRING}\s*)?\)$", re.IGNORECASE)
_REPLACE = re.compile(rf"^Replace\(\s*(\w+)\s*,\s*{_STRING}\s*,\s*{_STRING}\s*\)$", re.IGNORECASE)


def server_command(app: Any, addin: Any) -> str | None:
    """The parts of the server's command line that can vary, or None when the add-in has no XLPyCommand."""
    xlwings = next((code for name, code in addin.vba.modules.items() if name.lower() == "xlwings.bas"), "")
    found = _assignments(xlwings)
    if found is None:
        return None
    project, assignments = found
    config = _Config(app, addin, project)
    variables: dict[str, str] = {}
    for name, expression in assignments:
        variables[name] = _evaluate(expression, variables, app, addin, config)
    interpreter = config.get("INTERPRETER_WIN", "") or config.get("INTERPRETER", "pythonw")
    return f'{interpreter} -B -c ...prepare_sys_path("{variables.get("PYTHONPATH", "")}")...xlwings.serve(...)'


@functools.lru_cache(maxsize=8)
def _assignments(xlwings: str) -> tuple[str, tuple[tuple[str, str], ...]] | None:
    """The project name and XLPyCommand's assignments of AddExcelDir and PYTHONPATH, in order."""
    body = _windows_branch(_body(xlwings, "Function XLPyCommand"))
    if not body:
        return None
    project = _PROJECT.search(xlwings)
    found = [m for m in map(_ASSIGNMENT.match, body.splitlines()) if m is not None]
    return project.group(1) if project else "xlwings", tuple((m.group(1).upper(), m.group(2)) for m in found)


class _Config:
    def __init__(self, app: Any, addin: Any, project: str) -> None:
        self.sheets = [_sheet_config(book, f"{project}.conf") for book in (app.active_book(), addin)]

    def get(self, key: str, default: str = "") -> str:
        for values in self.sheets:
            if key.upper() in values:
                return values[key.upper()]
        return default


def _sheet_config(book: Any, name: str) -> dict[str, str]:
    if book is None:
        return {}
    sheet = next((s for s in book.sheets if s.name.lower() == name.lower()), None)
    if sheet is None:
        return {}
    out = {}
    for (row, column), cell in sheet.grid.cells.items():
        if column == 1 and isinstance(cell.value, str):
            value = sheet.grid.value(row, 2)
            out[cell.value.upper()] = "" if value is None else str(value)
    return out


def _evaluate(expression: str, variables: dict[str, str], app: Any, addin: Any, config: _Config) -> str:
    return "".join(_term(part.strip(), variables, app, addin, config) for part in _split(expression))


def _term(term: str, variables: dict[str, str], app: Any, addin: Any, config: _Config) -> str:
    if term.startswith('"') and term.endswith('"'):
        return term[1:-1].replace('""', '"')
    if term.lower() == "activeworkbook.fullname":
        active = app.active_book()
        if active is None:
            raise NotModelled("VBA", "ActiveWorkbook.FullName with no workbook open (run-time error 91)")
        return str(active.FullName)
    if term.lower() == "thisworkbook.fullname":
        return str(addin.FullName)
    if (found := _GET_CONFIG.match(term)) is not None:
        return config.get(found.group(1).replace('""', '"'), (found.group(2) or "").replace('""', '"'))
    if (found := _REPLACE.match(term)) is not None and found.group(1).upper() in variables:
        old, new = (g.replace('""', '"') for g in found.group(2, 3))
        return variables[found.group(1).upper()].replace(old, new)
    if term.upper() in variables:
        return variables[term.upper()]
    raise NotModelled("XLPyCommand", term)


def _split(expression: str) -> list[str]:
    """The operands of `&` outside strings and parentheses."""
    parts, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(expression):
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "()":
            depth += 1 if char == "(" else -1
        elif not quoted and depth == 0 and char == "&":
            parts.append(expression[start:index])
            start = index + 1
    parts.append(expression[start:])
    return parts
