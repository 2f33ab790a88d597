"""What the VBA project of a loaded add-in tells the stand-in, read from `xl/vbaProject.bin` with oletools.

- Worksheet functions: a workbook formula can call a `Public Function` of a standard module (`.bas`)
  of a loaded add-in; a name no loaded project defines is `#NAME?`. An xlwings wrapper's text says
  which Python module and function it calls (`XLPy.CallUDF("dunning.excel.udfs", "DUNNING_STAGE", Array(…),
  ActiveWorkbook, Application.Caller)`), its parameters and optional ones, and whether it declares
  itself volatile (`Application.Volatile`:
  https://learn.microsoft.com/office/vba/api/excel.application.volatile).
- The ribbon button: `RibbonMyAddin.RunMain` builds the Python command from `ThisWorkbook.Name`;
  `RunPython` → `ExecuteWindows` passes `--wb="<Workbook.Name>"` with whichever workbook its text names
  (the add-in template passes `ActiveWorkbook.Name`, xlwings' workbook template `ThisWorkbook.Name`),
  and the Windows path of `RunPython` may touch `ActiveWorkbook` (Nothing when no workbook window is
  open: https://learn.microsoft.com/office/vba/api/excel.application.activeworkbook).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from oletools.olevba import VBA_Parser

_FUNCTION = re.compile(
    r"^[ \t]*(Public[ \t]+|Private[ \t]+)?Function[ \t]+(\w+)[ \t]*\(([^)]*)\)", re.MULTILINE | re.IGNORECASE
)
_CALL_UDF = re.compile(
    r'XLPy\.CallUDF\(\s*"([^"]+)"\s*,\s*"([^"]+)"\s*,\s*(?:Array\(([^)]*)\)|(\w+))\s*,\s*(\w+)\s*,\s*Application\.Caller\s*\)',
    re.IGNORECASE,
)
_VOLATILE = re.compile(r"^[ \t]*Application\.Volatile\b(?![ \t]*\(?[ \t]*False)", re.MULTILINE | re.IGNORECASE)


@dataclass(frozen=True)
class Param:
    name: str
    optional: bool


@dataclass(frozen=True)
class Wrapper:
    """A `Public Function` of a standard module; for an xlwings wrapper, what it calls and how."""

    name: str
    module_file: str
    params: tuple[Param, ...]
    python_module: str | None
    python_name: str | None
    array_args: tuple[str, ...]
    workbook: str | None  # "ActiveWorkbook" or "ThisWorkbook"
    volatile: bool


@dataclass(frozen=True)
class RunPythonFacts:
    run_main: bool  # RibbonMyAddin.RunMain exists and runs RunPython "import <name>;<name>.main()"
    wb_expression: str  # whose .Name ExecuteWindows passes as --wb
    touches_active_workbook: bool
    no_workbook_box: tuple[str, str] | None = None  # RunMain's own MsgBox (text, title) when no workbook is open
    protected_view_box: tuple[str, str] | None = None  # …when a Protected View window is in front ({name}: its file)


class VbaProject:
    def __init__(self, modules: dict[str, str]) -> None:
        self.modules = modules  # file name (e.g. "xlwings_udfs.bas") → code
        self.functions: dict[str, Wrapper] = {}
        for file_name, code in modules.items():
            if file_name.lower().endswith(".bas"):
                for wrapper in _functions(file_name, code):
                    self.functions.setdefault(wrapper.name.upper(), wrapper)

    @classmethod
    def from_file(cls, path: Path) -> VbaProject:
        with zipfile.ZipFile(path) as archive:
            if "xl/vbaProject.bin" not in archive.namelist():
                return cls({})
            data = archive.read("xl/vbaProject.bin")
        parser = VBA_Parser("vbaProject.bin", data=data)
        parser.vba_stomping_detected = False  # the source is what is read; no P-code analysis
        try:
            return cls({vba_file: code for _, _, vba_file, code in parser.extract_macros()})
        finally:
            parser.close()

    def function(self, name: str) -> Wrapper | None:
        return self.functions.get(name.upper())

    def run_python(self) -> RunPythonFacts:
        ribbon = next((code for name, code in self.modules.items() if name.lower().startswith("ribbonmyaddin")), "")
        xlwings = next((code for name, code in self.modules.items() if name.lower() == "xlwings.bas"), "")
        run_main = "Sub RunMain" in ribbon and "RunPython" in ribbon and ".main()" in ribbon
        execute = _body(xlwings, "Function ExecuteWindows")
        wb = re.search(r"--wb=.*?(ActiveWorkbook|ThisWorkbook)\.Name", execute, re.DOTALL)
        run_python = _windows_branch(_body(xlwings, "Public Function RunPython"))
        before_call = run_python.split("If OPTIMIZED_CONNECTION = True Then")[0]
        touches = bool(re.search(r"\bActiveWorkbook\b", before_call)) or (
            wb is not None and wb.group(1) == "ActiveWorkbook"
        )
        return RunPythonFacts(run_main, wb.group(1) if wb else "ThisWorkbook", touches, _no_workbook_box(ribbon),
                              _box(ribbon, _PV_GUARD))  # fmt: skip


_GUARD = re.compile(
    r"If[ \t]+ActiveWorkbook[ \t]+Is[ \t]+Nothing[ \t]+Then[ \t]*\r?\n[ \t]*MsgBox[ \t]+(.+?),[ \t]*vb\w+,[ \t]*(.+?)"
    r"\r?\n[ \t]*Exit[ \t]+Sub",
    re.IGNORECASE,
)
_PV_GUARD = re.compile(
    r"If[ \t]+ActiveWorkbook[ \t]+Is[ \t]+Nothing[ \t]+And[ \t]+Not[ \t]+ActiveProtectedViewWindow[ \t]+Is[ \t]+"
    r"Nothing[ \t]+Then[ \t]*\r?\n[ \t]*MsgBox[ \t]+(.+?),[ \t]*vb\w+,[ \t]*(.+?)\r?\n[ \t]*Exit[ \t]+Sub",
    re.IGNORECASE,
)
_SOURCE_NAME = "activeprotectedviewwindow.sourcename"
_STRING_PART = re.compile(r'^(?:"((?:[^"]|"")*)"|U\("([0-9A-Fa-f ]*)"\))$')


def _no_workbook_box(ribbon: str) -> tuple[str, str] | None:
    """RunMain's `If ActiveWorkbook Is Nothing Then MsgBox <text>, vb…, <title>: Exit Sub`, if it has one.
    A string is `"literal"` and `U("hex code units")` parts joined by `&` (`U` turns hex into `ChrW`s)."""
    return _box(ribbon, _GUARD)


def _box(ribbon: str, guard: re.Pattern[str]) -> tuple[str, str] | None:
    match = guard.search(_body(ribbon, "Sub RunMain", "End Sub"))
    if match is None:
        return None
    return _string(match.group(1)), _string(match.group(2))


def _string(expression: str) -> str:
    out = []
    for part in expression.split("&"):
        if part.strip().lower() == _SOURCE_NAME:
            out.append("{name}")
            continue
        found = _STRING_PART.match(part.strip())
        if found is None:
            raise ValueError(f"not a string the stand-in reads: {part.strip()!r}")
        if found.group(2) is not None:
            out.append("".join(chr(int(unit, 16)) for unit in found.group(2).split()))
        else:
            out.append(found.group(1).replace('""', '"'))
    return "".join(out)


def _functions(file_name: str, code: str) -> list[Wrapper]:
    code = re.sub(r"[ \t]+_[ \t]*\r?\n[ \t]*", " ", code)  # VBA's line continuations
    found = []
    for match in _FUNCTION.finditer(code):
        if (match.group(1) or "").strip().lower() == "private":
            continue
        name = match.group(2)
        end = code.find("End Function", match.end())
        body = code[match.end() : end if end >= 0 else len(code)]
        params = tuple(_param(part) for part in match.group(3).split(",") if part.strip())
        call = _CALL_UDF.search(_windows_branch(body))
        array_args = tuple(a.strip() for a in call.group(3).split(",")) if call and call.group(3) else ()
        found.append(Wrapper(name, file_name, params, call.group(1) if call else None, call.group(2) if call else None,
                             array_args, call.group(5) if call else None, bool(_VOLATILE.search(body))))  # fmt: skip
    return found


def _param(text: str) -> Param:
    words = text.split("=")[0].split()
    optional = any(word.lower() == "optional" for word in words)
    words = [w for w in words if w.lower() not in ("optional", "byval", "byref", "paramarray")]
    return Param(words[0].removesuffix("()"), optional)


def _body(code: str, header: str, end_line: str = "End Function") -> str:
    start = code.find(header)
    if start < 0:
        return ""
    end = code.find(end_line, start)
    return code[start : end if end >= 0 else len(code)]


def _windows_branch(code: str) -> str:
    """The lines VBA compiles in Excel on Windows: of `#If Mac` blocks the `#Else` part, of other
    conditional blocks (`#If App = "Microsoft Excel"`, `#If VBA7`) the first part."""
    out: list[str] = []
    stack: list[bool] = []
    for line in code.splitlines():
        stripped = line.strip()
        lowered = stripped.lower()
        if lowered.startswith("#if "):
            stack.append("mac" not in lowered)
            continue
        if lowered.startswith("#else"):
            if stack:
                stack[-1] = not stack[-1]
            continue
        if lowered.startswith("#end if"):
            if stack:
                stack.pop()
            continue
        if all(stack) and not stripped.startswith("'"):
            out.append(line)
    return "\n".join(out)
