"""LibreOffice Basic (`Option VBASupport 1`) as the VBA runtime of the add-in's worksheet functions
(`dunning.addin_build.function_vba`), on a real Calc document, with Python reached through xlwings' own COM server.

Real: the module `dunning_functions` as the add-in ships it (`Attribute VB_Name` dropped, `Option VBASupport 1`
added), called by Calc's cells (`=DUNNING_STAGE($合同执行情况.A4)`:
Calc hands a VBA `Range`, as Excel does), its cache in Basic's module variables, its `UsedRange.Value` reads.

The harness's: `HOST` (LibreOffice's `dunning_excel`) and `PythonSide`, which play COM's marshalling (dates as
UNO DateTime structs, then pywin32's TimeType; a cell block's numbers as floats, since LibreOffice passes a whole
Double as an integer; the answer as a 0-based 2-D array, a 1-D array or a scalar, as `XLPython.CallUDF` shapes
it) around `XLPython.CallUDF("dunning.excel.udfs", name, args, Nothing, Nothing)` of the Excel stand-in's Windows
xlwings (tests/excel_standin), so xlwings converts the arguments as in Excel.
"""

from __future__ import annotations

import contextlib
import importlib
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from dunning.addin_build.function_vba import FUNCTIONS_MODULE, UDF_MODULE, functions_vba_text

LO_PYTHON = "/usr/lib/python3/dist-packages"  # where Debian's python3-uno puts `uno`
ALWAYS_EXECUTE_NO_WARN = 4  # com.sun.star.document.MacroExecMode: a cell may call the document's Basic

HOST = r"""Option VBASupport 1
Option Explicit

Private Server As Object

Public Sub Connect(Python As Object)
    Set Server = Python
End Sub

Public Sub Watch(Value As Boolean)
    Watching = Value
End Sub

Public Function BookName(Sheet As Object) As String
    BookName = ConvertFromURL(ThisComponent.getURL())
End Function

Public Function SheetOf(Sheet As Object, Name As String) As Object
    If ThisComponent.Sheets.hasByName(Name) Then Set SheetOf = ActiveWorkbook.Worksheets(Name)
End Function

Public Function Is1904(Sheet As Object) As Boolean
    Is1904 = (ThisComponent.NullDate.Year = 1904)
End Function

Public Function CallPython(Name As String, Args As Variant) As Variant
    Server.replaceByName(Name, ToUno(Args))
    CallPython = FromUno(Server.getByName(Name))
End Function

Private Function ToUno(V As Variant) As Variant
    Dim R As Variant, I As Long, J As Long
    If Not IsArray(V) Then
        If VarType(V) = 7 Then ToUno = CDateToUnoDateTime(V) Else ToUno = V
        Exit Function
    End If
    If Rank(V) = 1 Then
        ReDim R(LBound(V) To UBound(V))
        For I = LBound(V) To UBound(V)
            R(I) = ToUno(V(I))
        Next I
    Else
        ReDim R(LBound(V, 1) To UBound(V, 1), LBound(V, 2) To UBound(V, 2))
        For I = LBound(V, 1) To UBound(V, 1)
            For J = LBound(V, 2) To UBound(V, 2)
                R(I, J) = ToUno(V(I, J))
            Next J
        Next I
    End If
    ToUno = R
End Function

Private Function FromUno(V As Variant) As Variant
    Dim R As Variant, I As Long, J As Long
    If IsUnoStruct(V) Then
        FromUno = CDateFromUnoDateTime(V)
    ElseIf Not IsArray(V) Then
        FromUno = V
    ElseIf Not IsArray(V(LBound(V))) Then
        ReDim R(0 To UBound(V) - LBound(V))
        For I = 0 To UBound(R)
            R(I) = FromUno(V(LBound(V) + I))
        Next I
        FromUno = R
    Else
        ReDim R(0 To UBound(V) - LBound(V), 0 To UBound(V(LBound(V))) - LBound(V(LBound(V))))
        For I = 0 To UBound(R, 1)
            For J = 0 To UBound(R, 2)
                R(I, J) = FromUno(V(LBound(V) + I)(J))
            Next J
        Next I
        FromUno = R
    End If
End Function

Private Function Rank(V As Variant) As Long
    Dim B As Long
    On Error GoTo One
    B = UBound(V, 2)
    Rank = 2
    Exit Function
One:
    Rank = 1
End Function
"""


def load_uno() -> Any | None:
    """The `uno` module (LibreOffice's Python bridge), or None when this machine has no LibreOffice to drive."""
    if shutil.which("soffice") is None:
        return None
    if LO_PYTHON not in sys.path:
        sys.path.append(LO_PYTHON)
    try:
        return importlib.import_module("uno")
    except ImportError:
        return None


def logic_basic() -> str:
    """`dunning_functions` as shipped, for Basic: without its `Attribute` line, with `Option VBASupport 1`."""
    lines = functions_vba_text().split("\r\n")
    assert lines[0].startswith("Attribute VB_Name"), lines[0]
    return "\n".join(["Option VBASupport 1", *lines[1:]])


def python_side(uno: Any, excel: Any) -> Any:
    """The object CallPython talks to (XNameReplace: the arguments go in by name, the answer comes out)."""
    import unohelper
    from com.sun.star.container import XNameReplace

    class PythonSide(unohelper.Base, XNameReplace):  # type: ignore[misc]
        def __init__(self) -> None:
            self.calls: list[str] = []
            self._args: dict[str, tuple[object, ...]] = {}

        def replaceByName(self, name: str, args: tuple[object, ...]) -> None:  # noqa: N802
            self._args[name] = args

        def getByName(self, name: str) -> object:  # noqa: N802
            self.calls.append(name)
            args = tuple(_com(arg, in_block=False, time_type=excel.app.time_type) for arg in self._args.pop(name))
            server = excel.xlwings.com_server.XLPython()
            with excel.app.platform.on_windows():
                result = server.CallUDF(UDF_MODULE, name, args, None, None)
            return _uno(uno, result)

        def hasByName(self, name: str) -> bool:  # noqa: N802
            return True

        def getElementNames(self) -> tuple[str, ...]:  # noqa: N802
            return ()

        def getElementType(self) -> Any:  # noqa: N802
            return uno.getTypeByName("any")

        def hasElements(self) -> bool:  # noqa: N802
            return True

    return PythonSide()


def _com(value: object, *, in_block: bool, time_type: type[datetime]) -> object:
    """A Basic value as pywin32 would give it to Python: dates as TimeType, a cell block's numbers as floats."""
    if isinstance(value, tuple):
        nested = bool(value) and isinstance(value[0], tuple)
        return tuple(_com(v, in_block=in_block or nested, time_type=time_type) for v in value)
    if getattr(value, "typeName", "") == "com.sun.star.util.DateTime":
        return time_type(*(getattr(value, part) for part in ("Year", "Month", "Day", "Hours", "Minutes", "Seconds")))
    if in_block and type(value) is int:
        return float(value)
    return value


def _uno(uno: Any, value: object) -> object:
    if isinstance(value, (list, tuple)):
        return tuple(_uno(uno, v) for v in value)
    if isinstance(value, datetime):
        fields = (0, value.second, value.minute, value.hour, value.day, value.month, value.year, False)
        return uno.createUnoStruct("com.sun.star.util.DateTime", *fields)  # NanoSeconds … Year, IsUTC
    return value


class Office:
    """One headless LibreOffice, its own profile under `folder`, driven over a pipe."""

    def __init__(self, uno: Any, folder: Path) -> None:
        self.uno = uno
        pipe = f"dunning{uuid.uuid4().hex[:12]}"
        profile = (folder / "profile").as_uri()
        self.process = subprocess.Popen(["soffice", "--headless", "--invisible", "--norestore", "--nologo",
                                         f"-env:UserInstallation={profile}", f"--accept=pipe,name={pipe};urp;"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(600):
            try:
                self.context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:  # noqa: BLE001 - NoConnectException until soffice listens
                time.sleep(0.1)
        else:
            self.process.kill()
            raise RuntimeError("soffice did not start")
        self.desktop = self.context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop",
                                                                             self.context)  # fmt: skip

    def open(self, path: Path) -> Any:
        """A workbook, hidden, its Basic allowed to run from cells."""
        given = {"Hidden": True, "MacroExecutionMode": ALWAYS_EXECUTE_NO_WARN}
        args = tuple(self.uno.createUnoStruct("com.sun.star.beans.PropertyValue", n, 0, v, 0) for n, v in given.items())
        return self.desktop.loadComponentFromURL(path.as_uri(), "_blank", 0, args)

    def close(self) -> None:
        with contextlib.suppress(Exception):  # the bridge drops as soffice quits
            self.desktop.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


class BasicBook:
    """A Calc document with `dunning_functions`, the LibreOffice `dunning_excel` and PythonSide connected."""

    def __init__(self, office: Office, path: Path, excel: Any) -> None:
        self.doc = office.open(path)
        library = self.doc.BasicLibraries
        standard = library.getByName("Standard") if library.hasByName("Standard") else library.createLibrary("Standard")
        standard.insertByName("dunning_excel", HOST)
        standard.insertByName(FUNCTIONS_MODULE, logic_basic())
        self.python = python_side(office.uno, excel)
        self.run("dunning_excel", "Connect", self.python)

    def run(self, module: str, name: str, *args: object) -> object:
        url = f"vnd.sun.star.script:Standard.{module}.{name}?language=Basic&location=document"
        return self.doc.getScriptProvider().getScript(url).invoke(args, (), ())[0]

    def watching(self, *, on: bool) -> None:
        self.run("dunning_excel", "Watch", on)

    def changed(self) -> None:
        """Excel's AfterCalculate/SheetChange event as the add-in's ThisWorkbook hooks it."""
        self.run(FUNCTIONS_MODULE, "Changed")

    def sheet(self, name: str) -> Any:
        return self.doc.Sheets.getByName(name)

    def calculate(self) -> Iterator[str]:
        """One recalculation in which every formula runs, as Excel runs a volatile function; the Python calls it
        made. (Calc's own volatile recalculation would not run these cells: LibreOffice records
        `Application.Volatile` for the Basic function that calls it, here `Outcome`, not for the cell's function.)"""
        before = len(self.python.calls)
        self.doc.calculateAll()
        return iter(self.python.calls[before:])

    def close(self) -> None:
        self.doc.close(True)
