"""Excel's Application and Workbooks objects.

- `Workbooks` holds the open workbooks but not the open add-ins, which are hidden workbooks: they are
  neither counted nor enumerated, yet `Workbooks("dunning.xlam")` returns one by its file name
  (https://learn.microsoft.com/office/vba/api/excel.application.workbooks). Names are matched without case.
- `ActiveWorkbook` is the workbook in the active window, Nothing when no window is open or a Protected View
  window is in front (its file is not a workbook until 启用编辑: `ProtectedViewWindows`,
  `ActiveProtectedViewWindow`, window.py); an add-in has no window, so it is never the active workbook
  (https://learn.microsoft.com/office/vba/api/excel.application.activeworkbook).
- `Calculation` is xlCalculationAutomatic (-4105), xlCalculationManual (-4135) or semi-automatic (2);
  switching back to automatic recalculates what is dirty. `Calculate` recalculates all open workbooks.
  A workbook file stores the mode it was saved in, and the first workbook opened in a session sets the
  session's mode from its file (add-ins do not).
- `CalculateBeforeSave` (True, Excel's default) makes a save in manual mode recalculate first
  (https://learn.microsoft.com/office/vba/api/excel.application.calculatebeforesave).
- `StatusBar` takes a text, or False to give the status bar back to Excel; reading it then gives False.
- `Caller` is the calling cell's Range while a worksheet function runs, an error value otherwise.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from excel_standin.addresses import Area
from excel_standin.book import Workbook
from excel_standin.com import CallLog, ComObject, NotModelled, excel_error
from excel_standin.recalc import Calc
from excel_standin.values import ExcelError

APPLICATION_IID = "{000208D5-0000-0000-C000-000000000046}"
AUTOMATIC, MANUAL, SEMIAUTOMATIC = -4105, -4135, 2


def _flag(attribute: str) -> property:
    """An Application property that is a flag."""

    def get(self: Application) -> bool:
        return bool(getattr(self, attribute))

    def put(self: Application, value: bool) -> None:
        setattr(self, attribute, bool(value))

    return property(get, put)


class Application(ComObject):
    kind = "Application"
    iid = APPLICATION_IID

    def __init__(self, *, desktop: Any, xlwings: Any, platform: Any, today: date, hwnd: int = 0x10010) -> None:
        self.log = CallLog()
        self.calc = Calc(self)
        super().__init__(self)
        self.desktop, self.xlwings, self.platform, self.today = desktop, xlwings, platform, today
        self.hwnd, self.pid = hwnd, 4242
        self.books: list[Workbook] = []
        self.active: Workbook | None = None
        self.screen_updating = self.enable_events = self.display_alerts = self.interactive = True
        self.calculate_before_save = True
        self.calculation = AUTOMATIC
        self.status_bar: str | bool = False
        self.status_history: list[str | bool] = []
        self.protected_views: list[Any] = []  # Protected View windows, not workbooks
        self.front_protected: Any = None  # the Protected View window in front, if one is
        self.python_servers: dict[str, int] = {}  # UDF server command line → calls made through it
        self.vba_calls = 0  # object-model calls VBA makes in Excel's own process (dunning_vba), not cross-process
        self.vba_functions = 0  # worksheet-function calls run in VBA (dunning_vba)
        self.vba_cells = 0  # cells VBA loops over (dunning_vba: masking and comparing the table)
        self.python_seconds = 0.0  # time spent in Python by the calls dunning_vba makes
        from excel_standin.winmods import TimeType

        self.time_type = TimeType
        desktop.add(self)

    def describe(self) -> str:
        return "Application"

    # ---- for the other model objects -------------------------------------------------------------
    def range(self, sheet: Any, areas: Area | list[Area], unit: str = "cells") -> Any:
        from excel_standin.range_model import Range

        return Range(sheet, [areas] if isinstance(areas, Area) else areas, unit)

    @property
    def automatic(self) -> bool:
        return self.calculation != MANUAL

    def all_books(self) -> list[Workbook]:
        return list(self.books)

    def workbooks(self) -> list[Workbook]:
        return [book for book in self.books if not book.addin]

    def active_book(self) -> Workbook | None:
        return None if self.front_protected is not None else self.active

    def active_window(self) -> Any:
        return self.active.window if self.active is not None else None

    def activate_book(self, book: Workbook) -> None:
        if not book.addin:
            self.active, self.front_protected = book, None

    def open_protected(self, path: Path) -> Any:
        from excel_standin.window import ProtectedViewWindow

        window = ProtectedViewWindow(self, Path(path))
        self.protected_views.append(window)
        self.front_protected = window
        return window

    def close_book(self, book: Workbook) -> None:
        self.books.remove(book)
        if self.active is book:
            remaining = self.workbooks()
            self.active = remaining[-1] if remaining else None

    def udf_lookup(self, name: str) -> tuple[Any, Workbook] | None:
        for book in self.books:
            wrapper = book.vba.function(name) if book.vba is not None and book.addin else None
            if wrapper is not None:
                return wrapper, book
        return None

    def udf(self, name: str) -> Any:
        found = self.udf_lookup(name)
        return found[0] if found else None

    def prompt(self, text: str) -> None:
        from excel_standin.winmods import MessageBox

        self.desktop.message_boxes.append(MessageBox(text, "Microsoft Excel", 1))

    def open(self, path: Path, *, read_only: bool = False) -> Workbook:
        from excel_standin.files import load_book

        path = Path(path)
        for book in self.books:
            if book.name.lower() == path.name.lower():
                if book.path.resolve() == path.resolve():
                    self.activate_book(book)
                    return book
                raise excel_error(f"A document with the name '{path.name}' is already open.")
        book = load_book(self, path, read_only=read_only)
        if not book.addin and not self.workbooks():  # the first workbook opened sets the session's mode
            self.calculation = book.calculation_in_file
        self.books.append(book)
        self.activate_book(book)
        self.calc.loaded(book, full=book.full_calc_on_load)
        return book

    # ---- COM members -----------------------------------------------------------------------------
    @property
    def Workbooks(self) -> Workbooks:  # noqa: N802 - COM member names
        return Workbooks(self)

    @property
    def ActiveWorkbook(self) -> Workbook | None:  # noqa: N802
        return self.active_book()

    @property
    def ActiveProtectedViewWindow(self) -> Any:  # noqa: N802
        """The Protected View window on top; Nothing when none is open."""
        if self.front_protected is not None:
            return self.front_protected
        return self.protected_views[-1] if self.protected_views else None

    @property
    def ProtectedViewWindows(self) -> Any:  # noqa: N802
        from excel_standin.sheet import Collection

        return Collection(self, "ProtectedViewWindows", list(self.protected_views))

    @property
    def ActiveWindow(self) -> Any:  # noqa: N802
        return self.active_window()

    @property
    def ActiveSheet(self) -> Any:  # noqa: N802
        return self.active.active_sheet if self.active is not None else None

    @property
    def Application(self) -> Any:  # noqa: N802
        return self

    @property
    def Parent(self) -> Any:  # noqa: N802
        return self

    ScreenUpdating, EnableEvents = _flag("screen_updating"), _flag("enable_events")
    CalculateBeforeSave = _flag("calculate_before_save")
    DisplayAlerts, Interactive = _flag("display_alerts"), _flag("interactive")
    Visible = property(lambda self: True)

    @property
    def Calculation(self) -> int:  # noqa: N802
        return self.calculation

    @Calculation.setter
    def Calculation(self, value: int) -> None:  # noqa: N802
        if value not in (AUTOMATIC, MANUAL, SEMIAUTOMATIC):
            raise excel_error("Unable to set the Calculation property of the Application class")
        was_manual, self.calculation = self.calculation == MANUAL, int(value)
        if was_manual and self.automatic and self.calc.dirty:
            self.calc.recalculate("Calculation = automatic")

    def Calculate(self) -> None:  # noqa: N802
        self.calc.recalculate("Application.Calculate")

    @property
    def StatusBar(self) -> str | bool:  # noqa: N802
        return self.status_bar

    @StatusBar.setter
    def StatusBar(self, value: str | bool) -> None:  # noqa: N802
        self.status_bar = False if value is False else str(value)
        self.status_history.append(self.status_bar)

    @property
    def Hwnd(self) -> int:  # noqa: N802
        return self.hwnd

    @property
    def Version(self) -> str:  # noqa: N802
        return "16.0"

    @property
    def Name(self) -> str:  # noqa: N802
        return "Microsoft Excel"

    @property
    def Path(self) -> str:  # noqa: N802
        return r"C:\Program Files\Microsoft Office\root\Office16"

    @property
    def Caller(self) -> Any:  # noqa: N802
        caller = self.calc.caller
        if caller is None:
            return ExcelError.REF.code
        sheet, area, _ = caller
        return self.range(sheet, area)

    def Volatile(self, Volatile: bool = True) -> None:  # noqa: N802, N803
        """Only a VBA function running in a cell can call it; from Python it has no effect."""

    def Run(self, Macro: str, *args: Any) -> Any:  # noqa: N802, N803
        raise NotModelled("Application", f"Run({Macro!r}): VBA macros do not run in the stand-in")


class Workbooks(ComObject):
    kind = "Workbooks"

    @property
    def Count(self) -> int:  # noqa: N802
        return len(self.app.workbooks())

    def Item(self, key: int | str) -> Workbook:  # noqa: N802
        found: Workbook | None
        if isinstance(key, str):
            found = next((b for b in self.app.books if b.name.lower() == key.lower()), None)
        else:
            books: list[Workbook] = self.app.workbooks()
            found = books[int(key) - 1] if 1 <= int(key) <= len(books) else None
        if found is None:
            raise excel_error("Subscript out of range")
        return found

    def items(self) -> list[Workbook]:
        books: list[Workbook] = self.app.workbooks()
        return books

    def Open(self, Filename: str, UpdateLinks: Any = None, ReadOnly: Any = None, *args: Any, **kwargs: Any) -> Workbook:  # noqa: N802, N803
        book: Workbook = self.app.open(Path(Filename), read_only=bool(ReadOnly))
        return book

    @property
    def Application(self) -> Any:  # noqa: N802
        return self.app

    @property
    def Parent(self) -> Any:  # noqa: N802
        return self.app
