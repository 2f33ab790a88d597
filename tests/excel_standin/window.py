"""Excel's Window object: it shows its workbook's active sheet, and `SplitRow`/`SplitColumn`/
`FreezePanes`/`ScrollRow`/`ScrollColumn`/`DisplayGridlines` act on that sheet's view, which the sheet
keeps (and a file stores per sheet). `FreezePanes = True` freezes at the split, or at the active cell when
there is none (https://learn.microsoft.com/office/vba/api/excel.window.freezepanes); `False` removes it.
"""

from __future__ import annotations

from typing import Any

from excel_standin.com import ComObject, excel_error

WINDOW_IID = "{00020893-0000-0000-C000-000000000046}"


def _field(name: str) -> property:
    """A Window property kept in the active sheet's view."""

    def get(self: Window) -> object:
        return getattr(self._view, name)

    def put(self: Window, value: object) -> None:
        setattr(self._view, name, type(getattr(self._view, name))(value))

    return property(get, put)


class Window(ComObject):
    kind = "Window"
    iid = WINDOW_IID

    def __init__(self, book: Any) -> None:
        super().__init__(book.app)
        self.book = book

    def where(self) -> tuple[str | None, str | None]:
        return self.book.name, None

    def describe(self) -> str:
        return f"Window {self.book.name}"

    @property
    def _view(self) -> Any:
        if self.book.active_sheet is None:
            raise excel_error("The workbook has no active sheet")
        return self.book.active_sheet.view

    SplitRow, SplitColumn = _field("split_row"), _field("split_column")
    ScrollRow, ScrollColumn, DisplayGridlines = _field("scroll_row"), _field("scroll_column"), _field("gridlines")

    @property
    def FreezePanes(self) -> bool:  # noqa: N802
        return bool(self._view.frozen)

    @FreezePanes.setter
    def FreezePanes(self, value: bool) -> None:  # noqa: N802
        view = self._view
        if not value:
            view.frozen, view.split_row, view.split_column = False, 0, 0
            return
        if view.split_row == 0 and view.split_column == 0:  # no split: freeze at the active cell
            selected = self.book.active_sheet.selection[0]
            view.split_row, view.split_column = selected.top - view.scroll_row, selected.left - view.scroll_column
        view.frozen = True

    @property
    def ActiveSheet(self) -> Any:  # noqa: N802
        return self.book.active_sheet

    @property
    def Application(self) -> Any:  # noqa: N802
        return self.app

    def Activate(self) -> None:  # noqa: N802
        self.app.activate_book(self.book)


class ProtectedViewWindow(ComObject):
    """A file opened in Protected View (from the internet, an e-mail attachment): read-only, not in
    `Workbooks`, and while its window is in front `ActiveWorkbook` is Nothing. `Edit` (the 启用编辑 button)
    opens it as a workbook (https://learn.microsoft.com/office/vba/api/excel.protectedviewwindow)."""

    kind = "ProtectedViewWindow"

    def __init__(self, app: Any, path: Any) -> None:
        super().__init__(app)
        self.path = path

    def describe(self) -> str:
        return f"ProtectedViewWindow {self.path.name}"

    @property
    def SourceName(self) -> str:  # noqa: N802
        return str(self.path.name)

    @property
    def SourcePath(self) -> str:  # noqa: N802
        return str(self.path.parent)

    @property
    def Caption(self) -> str:  # noqa: N802
        return f"{self.path.name}  [Protected View]"

    def Activate(self) -> None:  # noqa: N802
        self.app.front_protected = self

    def Edit(self, *args: Any) -> Any:  # noqa: N802
        self.Close()
        return self.app.open(self.path)

    def Close(self) -> None:  # noqa: N802
        self.app.protected_views.remove(self)
        if self.app.front_protected is self:
            self.app.front_protected = None
