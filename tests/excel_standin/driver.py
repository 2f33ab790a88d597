"""The test driver: one stand-in Excel instance that xlwings' Windows engine drives.

    with Excel(tmp_path) as excel:
        excel.open_addin(ADDIN)
        book = excel.open_workbook(tmp_path / "sample.xlsx")
        excel.calculate()
        excel.press_button()
        excel.message_boxes, excel.status_bar_history, excel.calls.count(sheet="催款看板")

`press_button` does what the ribbon button of an xlwings add-in does on Windows: `RibbonMyAddin.RunMain`
calls `RunPython "import <add-in name>;<add-in name>.main()"`; `RunPython` (the add-in's own VBA, read
from its file) adds the workbook folders to `sys.path` (`xlwings.utils.prepare_sys_path`) and, without
the UDF server, `ExecuteWindows` starts Python with `--wb="<name>" --from_xl=1 --app="…" --hwnd="…"`,
where the name is `ActiveWorkbook.Name` or `ThisWorkbook.Name` as that VBA says. Here the command runs in
this process with that `sys.argv`; an exception leaving it is shown as ExecuteWindows shows the log file
(a box titled "Error"). A VBA run-time error (RunPython touching `ActiveWorkbook` when no workbook is
open: error 91) shows VBA's box and Python does not run.
"""

from __future__ import annotations

import contextlib
import sys
import traceback
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from excel_standin import dunning_vba
from excel_standin.addresses import parse_area
from excel_standin.app import AUTOMATIC, MANUAL, Application
from excel_standin.book import Workbook
from excel_standin.com import CallLog, Dispatch, NotModelled
from excel_standin.platform_env import Platform, windows_xlwings
from excel_standin.recalc import Calculation
from excel_standin.sheet import Worksheet
from excel_standin.values import ExcelError
from excel_standin.vba import VbaProject
from excel_standin.winmods import Desktop, MessageBox

SAMPLE_DAY = date(2026, 11, 20)
VBA_ERROR_91 = "Run-time error '91':\n\nObject variable or With block variable not set"


class Excel:
    def __init__(self, folder: Path, *, today: date = SAMPLE_DAY) -> None:
        self.folder = folder
        self.desktop = Desktop()
        self.platform = Platform()
        self._stack = contextlib.ExitStack()
        self.xlwings = self._stack.enter_context(windows_xlwings(self.desktop))
        self.app = Application(desktop=self.desktop, xlwings=self.xlwings, platform=self.platform, today=today)
        self.button_runs: list[str] = []

    def __enter__(self) -> Excel:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._stack.close()

    # ---- opening -----------------------------------------------------------------------------------
    def open_workbook(self, path: Path, *, read_only: bool = False) -> Workbook:
        return self.app.open(Path(path), read_only=read_only)

    def open_protected(self, path: Path) -> Any:
        """Open a file in Protected View, as Excel opens a download or an e-mail attachment."""
        return self.app.open_protected(Path(path))

    def open_addin(self, path: Path, *, vba_modules: dict[str, str] | None = None) -> Workbook:
        """Load an add-in (as Excel does from XLSTART). `vba_modules` (file name → code) stands for the
        add-in's VBA project when a test writes the VBA itself."""
        book = self.app.open(Path(path))
        if vba_modules is not None:
            book.vba = VbaProject(vba_modules)
        dunning_vba.opened(book)  # its Workbook_Open
        return book

    def book(self, name: str | None = None) -> Workbook:
        if name is None:
            if self.app.active is None:
                raise LookupError("no active workbook")
            return self.app.active
        return next(b for b in self.app.books if b.name.lower() == name.lower())

    def sheet(self, name: str, *, book: str | None = None) -> Worksheet:
        return self.book(book).sheet(name)

    # ---- what a person does --------------------------------------------------------------------------
    def set_value(self, sheet: str, address: str, value: object, *, book: str | None = None) -> None:
        """Type a value into cells (text is read as typed); Excel recalculates if automatic."""
        target = self.sheet(sheet, book=book)
        area = parse_area(address)
        if area is None:
            raise ValueError(address)
        self.app.range(target, area)._write(value)

    def value(self, sheet: str, address: str, *, book: str | None = None) -> Any:
        """What `Range.Value` gives for the cells (datetimes for dates), an error value as `ExcelError`."""
        area = parse_area(address)
        if area is None:
            raise ValueError(address)
        found = self.app.range(self.sheet(sheet, book=book), area)._read(value2=False)

        def named(value: object) -> object:
            return (
                ExcelError.from_code(value) or value
                if isinstance(value, int) and not isinstance(value, bool)
                else value
            )

        if isinstance(found, tuple):
            return tuple(tuple(named(v) for v in row) for row in found)
        return named(found)

    def formula(self, sheet: str, address: str, *, book: str | None = None) -> Any:
        area = parse_area(address)
        if area is None:
            raise ValueError(address)
        return self.app.range(self.sheet(sheet, book=book), area)._formulas()

    def calculate(self) -> Calculation:
        """F9: Application.Calculate."""
        return self.app.calc.recalculate("Application.Calculate")

    def roll_today(self, days: int) -> date:
        """Move the clock on: volatile formulas follow at the next recalculation."""
        self.app.today += timedelta(days=days)
        return self.app.today

    def set_manual(self, *, manual: bool = True) -> None:
        self.app.calculation = MANUAL if manual else AUTOMATIC

    # ---- what the test reads -------------------------------------------------------------------------
    @property
    def calls(self) -> CallLog:
        return self.app.log

    @property
    def message_boxes(self) -> list[MessageBox]:
        return self.desktop.message_boxes

    @property
    def status_bar_history(self) -> list[str | bool]:
        return self.app.status_history

    @property
    def python_servers(self) -> list[str]:
        """The UDF servers started (python.exe processes), one per distinct XLPyCommand, in order."""
        return list(self.app.python_servers)

    @property
    def calculations(self) -> list[Calculation]:
        return self.app.calc.history

    def xlwings_app(self) -> Any:
        """xlwings' App connected to this Excel by window handle, as `Book.caller()` connects."""
        import xlwings as xw

        return xw.App(impl=self.xlwings.xlwindows.App(xl=self.app.hwnd))

    def api(self, obj: Any) -> Dispatch:
        """A model object as COM hands it to Python."""
        return Dispatch(obj)

    def answer(self, *answers: str) -> None:
        """What the user answers the next Yes/No boxes: "yes" or "no", in order."""
        self.desktop.answers.extend(answers)

    # ---- the ribbon button ---------------------------------------------------------------------------
    def press_button(self, addin: str = "dunning.xlam") -> None:
        book = next((b for b in self.app.books if b.addin and b.name.lower() == addin.lower()), None)
        if book is None or book.vba is None:
            raise LookupError(f"add-in {addin} is not open")
        facts = book.vba.run_python()
        if not facts.run_main:
            raise NotModelled("add-in", "RibbonMyAddin.RunMain → RunPython (not found in the add-in's VBA)")
        module = Path(book.name).stem
        command = f"import {module};{module}.main()"
        active = self.app.active_book()
        protected = self.app.ActiveProtectedViewWindow
        if facts.protected_view_box is not None and active is None and protected is not None:
            text, title = facts.protected_view_box
            self.desktop.message_boxes.append(MessageBox(text.replace("{name}", protected.SourceName), title, 48))
            return
        if facts.no_workbook_box is not None and active is None:
            self.desktop.message_boxes.append(MessageBox(*facts.no_workbook_box, 48))  # vbExclamation
            return
        if facts.touches_active_workbook and active is None:
            self.desktop.message_boxes.append(MessageBox(VBA_ERROR_91, "Microsoft Visual Basic", 16))
            return
        config = _config(book)
        add_dir = str(config.get("ADD_WORKBOOK_TO_PYTHONPATH", "true")).lower()
        paths = f"{add_dir};{active.path if active else ''};{book.path};;;;{config.get('PYTHONPATH') or ''}"
        if str(config.get("USE UDF SERVER", False)).lower() == "true":
            self._run(command, argv=None, paths=paths, book_caller=active)
            return
        caller = active if facts.wb_expression == "ActiveWorkbook" else book
        argv = ["-c", f"--wb={caller.name if caller else ''}", "--from_xl=1", rf"--app={self.app.Path}\{self.app.Name}",
                f"--hwnd={self.app.hwnd}"]  # fmt: skip
        self._run(command, argv=argv, paths=paths, book_caller=None)

    def _run(self, command: str, *, argv: list[str] | None, paths: str, book_caller: Workbook | None) -> None:
        from xlwings.utils import prepare_sys_path

        xlwindows = self.xlwings.xlwindows
        saved = sys.argv, list(sys.path), getattr(xlwindows, "BOOK_CALLER", None)
        self.button_runs.append(command)
        try:
            if argv is not None:
                sys.argv = argv
            xlwindows.BOOK_CALLER = Dispatch(book_caller) if book_caller is not None else None  # type: ignore[attr-defined]
            prepare_sys_path(paths)  # type: ignore[no-untyped-call]
            with self.platform.on_windows():
                exec(compile(command, "<string>", "exec"), {"__name__": "__main__"})  # noqa: S102 - python -c
        except Exception:  # noqa: BLE001 - ExecuteWindows: a non-zero exit shows the log (the traceback)
            text = traceback.format_exc() + "\r\nPress Ctrl+C to copy this message to the clipboard."
            self.desktop.message_boxes.append(MessageBox(text, "Error", 16))
        finally:
            sys.argv, sys.path[:] = saved[0], saved[1]
            xlwindows.BOOK_CALLER = saved[2]  # type: ignore[attr-defined]


def _config(book: Workbook) -> dict[str, object]:
    """The add-in's settings sheet (`<name>.conf`), keys without case."""
    sheet = next((s for s in book.sheets if s.name.lower().endswith(".conf") and not s.name.startswith("_")), None)
    if sheet is None:
        return {}
    out: dict[str, object] = {}
    for (row, column), cell in sheet.grid.cells.items():
        if column == 1 and isinstance(cell.value, str):
            out[cell.value.upper()] = sheet.grid.value(row, 2)
    return out
