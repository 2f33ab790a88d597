"""Stand-ins for the Windows-only modules that xlwings' Windows engine (`xlwings._xlwindows`), its UDF
module (`xlwings.udfs`) and its COM server (`xlwings.com_server`) import: pywin32's `pywintypes`,
`pythoncom`, `win32api`, `win32con`, `win32com.*`, `win32event`, `win32gui`, `win32process`,
`win32timezone`, and ctypes' `oledll` / `windll` and the `PyDLL` export pywin32 provides.

They are as small as the engine's use of them: window handles that lead, the way
`get_xl_app_from_hwnd` walks them (main window → XLDESK → EXCEL7 → AccessibleObjectFromWindow with
OBJID_NATIVEOM, which gives the Window object's IDispatch:
https://learn.microsoft.com/windows/win32/api/oleacc/nf-oleacc-accessibleobjectfromwindow), to the
stand-in Application; `MessageBox` records the box and answers OK (1), or a Yes/No box with the next of
`Desktop.answers` (a test queues the user's "yes"/"no"; none queued: No, as a cautious user answers).
An Excel main window has an EXCEL7 child only while a workbook window is open, so with only add-ins
open, connecting by window handle fails as it does with a bare Excel.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import types
import uuid
from dataclasses import dataclass
from typing import Any

from excel_standin.com import ComError, Dispatch, OleObject, target_of

PYTHONCOM_DLL = "pythoncom311.dll"


class TimeType(dt.datetime):
    """pywintypes.TimeType: pywin32's COM date, a datetime subclass."""


class WinError(Exception):
    """pywintypes.error: (winerror, funcname, strerror)."""

    def __init__(self, winerror: int = 0, funcname: str = "", strerror: str = "") -> None:
        super().__init__(winerror, funcname, strerror)
        self.winerror, self.funcname, self.strerror = winerror, funcname, strerror


@dataclass(frozen=True)
class MessageBox:
    text: str
    title: str
    style: int


class Desktop:
    """The windows of the stand-in Excel instances, and what was shown to the user."""

    def __init__(self) -> None:
        self.apps: dict[int, Any] = {}
        self.message_boxes: list[MessageBox] = []
        self.answers: list[str] = []  # the user's answers to Yes/No boxes, in order ("yes" / "no")
        self._pointers: dict[int, OleObject] = {}

    def add(self, app: Any) -> None:
        self.apps[app.hwnd] = app

    def find_window(self, parent: int, class_name: str) -> int:
        if class_name == "XLDESK" and parent in self.apps:
            return parent + 1
        if class_name == "EXCEL7" and parent - 1 in self.apps and self.apps[parent - 1].active_window() is not None:
            return parent + 1
        return 0

    def accessible_object(self, hwnd: int, pointer: ctypes.c_void_p) -> int:
        app = self.apps.get(hwnd - 2)
        window = app.active_window() if app is not None else None
        if window is None:
            raise OSError(-2147467259, "AccessibleObjectFromWindow failed: no Excel workbook window", None)
        key = id(window)
        self._pointers[key] = window.ole
        pointer.value = key
        return 0

    def object_from_pointer(self, pointer: ctypes.c_void_p) -> OleObject:
        return self._pointers[pointer.value or 0]


def _module(name: str, **attrs: Any) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__dict__.update(attrs)
    return module


def _dispatch(obj: Any, userName: str | None = None, resultCLSID: Any = None, **_: Any) -> Dispatch:  # noqa: N803
    target = target_of(obj)
    if isinstance(target, str):
        raise ComError(-2147221005, "Invalid class string", None, None)  # no new Excel is started here
    return Dispatch(target)  # type: ignore[arg-type]


class _Wrapped:
    def __init__(self, obj: Any) -> None:
        self.obj = obj


def _unwrap(value: Any) -> _Wrapped:
    if isinstance(value, _Wrapped):
        return value
    raise ValueError("not a wrapped Python COM object")


def modules(desktop: Desktop) -> dict[str, types.ModuleType]:
    """The stand-in modules, by the name they take in sys.modules."""
    iid_dispatch = uuid.UUID("{00020400-0000-0000-C000-000000000046}")

    def message_box(hwnd: int, text: str, title: str, style: int = 0) -> int:
        desktop.message_boxes.append(MessageBox(text, title, style))
        if style & 0xF in (3, 4):  # MB_YESNOCANCEL, MB_YESNO
            answer = desktop.answers.pop(0) if desktop.answers else "no"
            return {"yes": 6, "no": 7, "cancel": 2}[answer]  # IDYES, IDNO, IDCANCEL
        return 1  # IDOK

    pywintypes = _module("pywintypes", com_error=ComError, error=WinError, TimeType=TimeType,
                         IID=lambda text, *_: uuid.UUID(text))  # fmt: skip
    pythoncom = _module(
        "pythoncom", __file__=PYTHONCOM_DLL, com_error=ComError, ole_error=ComError, IID_IDispatch=iid_dispatch,
        IID_IEnumVARIANT=uuid.UUID("{00020404-0000-0000-C000-000000000046}"), TypeIIDs={iid_dispatch: OleObject},
        CoInitialize=lambda: None, CoUninitialize=lambda: None, PumpWaitingMessages=lambda: 0,
        CLSCTX_LOCAL_SERVER=4, REGCLS_MULTIPLEUSE=1, REGCLS_SUSPENDED=4,
    )  # fmt: skip
    win32api = _module("win32api", MessageBox=message_box, GetCurrentThreadId=lambda: 1)
    win32con = _module("win32con", MB_OK=0, MB_OKCANCEL=1, MB_YESNOCANCEL=3, MB_YESNO=4, MB_ICONWARNING=0x30,
                       MB_ICONINFORMATION=0x40)  # fmt: skip
    client = _module("win32com.client", Dispatch=_dispatch, DispatchEx=_dispatch, CDispatch=Dispatch,
                     CoClassBaseClass=type("CoClassBaseClass", (), {}),
                     DispatchBaseClass=type("DispatchBaseClass", (), {}), gencache=_module("win32com.client.gencache"))  # fmt: skip
    util = _module("win32com.server.util", wrap=lambda obj, iid=None, **_: _Wrapped(obj), unwrap=_unwrap)
    server = _module("win32com.server", util=util, dispatcher=_module("win32com.server.dispatcher"),
                     policy=_module("win32com.server.policy", DefaultPolicy=type("DefaultPolicy", (), {})),
                     exception=_module("win32com.server.exception", COMException=ComError))  # fmt: skip
    win32com = _module("win32com", client=client, server=server, __path__=[])
    win32event = _module("win32event", INFINITE=-1, WAIT_OBJECT_0=0, QS_ALLEVENTS=0x04BF,
                         MsgWaitForMultipleObjects=lambda *args: 0)  # fmt: skip
    win32gui = _module("win32gui", FindWindowEx=lambda parent, after, cls, title: desktop.find_window(parent, cls))
    win32process = _module("win32process", GetWindowThreadProcessId=lambda hwnd: (1, _pid(desktop, hwnd)))
    utc = dt.timezone.utc
    win32timezone = _module("win32timezone", TimeZoneInfo=type("TimeZoneInfo", (), {"utc": staticmethod(lambda: utc)}))
    found = {
        "pywintypes": pywintypes, "pythoncom": pythoncom, "win32api": win32api, "win32con": win32con,
        "win32com": win32com, "win32com.client": client, "win32com.client.gencache": client.gencache,
        "win32com.server": server, "win32event": win32event, "win32gui": win32gui, "win32process": win32process,
        "win32timezone": win32timezone,
    }  # fmt: skip
    for name in ("util", "dispatcher", "policy", "exception"):
        found[f"win32com.server.{name}"] = getattr(server, name)
    return found


def _pid(desktop: Desktop, hwnd: int) -> int:
    app = desktop.apps.get(hwnd)
    if app is None:
        raise WinError(1400, "GetWindowThreadProcessId", "Invalid window handle.")
    return int(app.pid)


class _Library:
    """A DLL of ctypes' `oledll`/`windll`: its functions by name."""

    def __init__(self, name: str, functions: dict[str, Any]) -> None:
        self._name, self._functions = name, functions

    def __getattr__(self, name: str) -> Any:
        if name not in self._functions:
            raise AttributeError(f"function '{name}' not found in {self._name} (Excel stand-in)")
        return self._functions[name]


class _Loader:
    def __init__(self, libraries: dict[str, _Library]) -> None:
        self._libraries = libraries

    def __getattr__(self, name: str) -> _Library:
        if name not in self._libraries:
            raise OSError(f"{name}.dll is not part of the Excel stand-in")
        return self._libraries[name]


def ctypes_names(desktop: Desktop) -> dict[str, Any]:
    """`oledll`, `windll` and a `PyDLL` that knows pywin32's `PyCom_PyObjectFromIUnknown`."""

    def accessible(hwnd: int, _objid: int, _riid: Any, pointer: Any) -> int:
        return desktop.accessible_object(hwnd, pointer._obj)

    def from_iunknown(pointer: ctypes.c_void_p, _riid: Any, _addref: bool) -> OleObject:
        return desktop.object_from_pointer(pointer)

    oledll = _Loader({"ole32": _Library("ole32", {"CLSIDFromString": lambda text, guid: 0}),
                      "oleacc": _Library("oleacc", {"AccessibleObjectFromWindow": accessible})})  # fmt: skip
    first = lambda *_: next(iter(desktop.apps), 0)  # noqa: E731
    following = lambda hwnd, _how: next((h for h in desktop.apps if h > hwnd), 0)  # noqa: E731
    user32 = _Library("user32", {"GetTopWindow": first, "GetWindow": following, "GetForegroundWindow": first,
                                 "SetForegroundWindow": lambda hwnd: 1, "SetWindowPos": lambda *args: 1})  # fmt: skip
    windll = _Loader({"user32": user32, "kernel32": _Library("kernel32", {})})
    real_pydll = ctypes.PyDLL

    def pydll(name: str | None, *args: Any, **kwargs: Any) -> Any:
        if name == PYTHONCOM_DLL:
            return types.SimpleNamespace(PyCom_PyObjectFromIUnknown=from_iunknown)
        return real_pydll(name, *args, **kwargs)

    return {"oledll": oledll, "windll": windll, "PyDLL": pydll}
