"""Windows for the duration: the stand-in modules in `sys.modules`, xlwings' Windows engine, UDF module
and COM server imported against them (unmodified), and everything put back afterwards so the rest of
the process keeps its Linux xlwings.

xlwings is already imported with its Linux setup, where `xw.func`/`xw.arg`/`xw.ret` are no-ops; on
Windows they are `xlwings.udfs.xlfunc`/`xlarg`/`xlret`, which give each UDF the `__xlfunc__` metadata
`call_udf` reads. They are pointed there while the stand-in runs, and the UDF module is imported afresh
by xlwings itself (`get_udf_module`). `sys.platform` reads `win32` only while Python code runs "in
Excel" (`on_windows`): xlwings and the product look at it at call time (`Book.caller()`).
"""

from __future__ import annotations

import builtins
import contextlib
import ctypes
import importlib
import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from excel_standin.winmods import Desktop, ctypes_names, modules

ENGINE_MODULES = ("xlwings._win32patch", "xlwings._xlwindows", "xlwings.udfs", "xlwings.com_server")
UDF_MODULE_PREFIX = "dunning.excel.udfs"
_ABSENT = object()


@dataclass
class WindowsXlwings:
    """xlwings' Windows modules, imported against the stand-ins."""

    xlwindows: types.ModuleType
    udfs: types.ModuleType
    com_server: types.ModuleType


@contextlib.contextmanager
def windows_xlwings(desktop: Desktop) -> Iterator[WindowsXlwings]:
    import xlwings

    stand_ins = modules(desktop)
    names = [*stand_ins, *ENGINE_MODULES]
    saved_modules = {name: sys.modules.get(name, _ABSENT) for name in names}
    saved_udf_modules = {n: m for n, m in sys.modules.items() if n == UDF_MODULE_PREFIX}
    saved_ctypes = {name: getattr(ctypes, name, _ABSENT) for name in ("oledll", "windll", "PyDLL")}
    saved_builtin = getattr(builtins, "WindowsError", _ABSENT)
    saved_xlwings = {name: getattr(xlwings, name, _ABSENT) for name in ("func", "arg", "ret", "_xlwindows",
                                                                         "udfs", "com_server", "_win32patch")}  # fmt: skip
    package = sys.modules.get(UDF_MODULE_PREFIX.rpartition(".")[0])
    saved_package = {"udfs": getattr(package, "udfs", _ABSENT)} if package is not None else {}
    engine: WindowsXlwings | None = None
    saved_engines = (list(xlwings.engines.engines), dict(xlwings.engines.engines_by_name), xlwings.engines.active)
    try:
        for name in ENGINE_MODULES:
            sys.modules.pop(name, None)
        sys.modules.update(stand_ins)
        for name, value in ctypes_names(desktop).items():
            setattr(ctypes, name, value)
        builtins.WindowsError = OSError  # type: ignore[attr-defined]
        engine = WindowsXlwings(importlib.import_module("xlwings._xlwindows"), importlib.import_module("xlwings.udfs"),
                                importlib.import_module("xlwings.com_server"))  # fmt: skip
        udfs = engine.udfs
        xlwings.func, xlwings.arg, xlwings.ret = udfs.xlfunc, udfs.xlarg, udfs.xlret
        excel_engine = xlwings.Engine(impl=engine.xlwindows.engine)
        xlwings.engines.add(excel_engine)  # as xlwings/__init__.py does on Windows
        xlwings.engines.active = excel_engine  # type: ignore[assignment]
        for name in saved_udf_modules:
            sys.modules.pop(name, None)
        yield engine
    finally:
        xlwings.engines.engines[:], xlwings.engines.active = saved_engines[0], saved_engines[2]
        xlwings.engines.engines_by_name.clear()
        xlwings.engines.engines_by_name.update(saved_engines[1])
        if engine is not None:
            engine.com_server.loop.close()
            engine.udfs.com_executor.shutdown(wait=False)
        for name, module in saved_modules.items():
            if module is _ABSENT:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module  # type: ignore[assignment]
        sys.modules.pop(UDF_MODULE_PREFIX, None)
        sys.modules.update(saved_udf_modules)
        _restore(ctypes, saved_ctypes)
        _restore(builtins, {"WindowsError": saved_builtin})
        _restore(xlwings, saved_xlwings)
        if package is not None:
            _restore(package, saved_package)


def _restore(owner: object, saved: dict[str, Any]) -> None:
    for name, value in saved.items():
        if value is _ABSENT:
            if hasattr(owner, name):
                delattr(owner, name)
        else:
            setattr(owner, name, value)


class Platform:
    """`sys.platform` as Windows while Python runs on behalf of Excel; re-entrant (a UDF may run while
    the ribbon button's Python writes and Excel recalculates)."""

    def __init__(self) -> None:
        self._depth = 0
        self._saved = sys.platform

    @contextlib.contextmanager
    def on_windows(self) -> Iterator[None]:
        if self._depth == 0:
            self._saved = sys.platform
            sys.platform = "win32"
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0:
                sys.platform = self._saved
