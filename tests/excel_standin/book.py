"""Excel's Workbook, its Sheets/Worksheets collection, its Names and its Window.

- `Workbook.Save` writes the file back (`files.save_book`) with the session's calculation mode in it, after
  recalculating first when calculation is manual and `CalculateBeforeSave` is on; a workbook opened read-only cannot be saved
  under its own name (https://learn.microsoft.com/office/vba/api/excel.workbook.readonly).
- `FileFormat` follows the file's extension; a CSV workbook's `Save` writes its active sheet only
  (`text_files`).
- `Sheets.Add` names the new sheet SheetN and activates it; `Before`/`After` place it.
- Add-ins have no window (window.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from excel_standin.addresses import parse_area, split_sheet
from excel_standin.com import ComObject, NotModelled, excel_error
from excel_standin.sheet import Collection, Worksheet
from excel_standin.window import Window

WORKBOOK_IID = "{000208DA-0000-0000-C000-000000000046}"
XL_OPENXML_WORKBOOK, XL_OPENXML_ADDIN = 51, 55
READ_ONLY_SAVE = "Cannot save as that name. Document was opened as read-only."


class Workbook(ComObject):
    kind = "Workbook"
    iid = WORKBOOK_IID

    def __init__(self, app: Any, path: Path, *, read_only: bool = False, addin: bool = False) -> None:
        super().__init__(app)
        self.path, self.name = path, path.name
        self.read_only, self.addin = read_only, addin
        self.sheets: list[Worksheet] = []
        self.names: dict[str, str] = {}  # lower-case name → formula text without "="
        self.name_case: dict[str, str] = {}
        self.active_sheet: Worksheet | None = None
        self.window = None if addin else Window(self)  # an add-in has no window
        self.vba: Any = None
        self.full_calc_on_load = False
        self.calculation_in_file = -4105  # xlCalculationAutomatic unless the file says otherwise
        self.saves = 0
        self.file_format = 55 if addin else 51  # XlFileFormat (text_files.FILE_FORMATS), from the file's name
        self.text_encoding = "gbk"  # a CSV workbook's
        self.saved_modes: list[int] = []  # Application.Calculation at each save: what the file now stores

    def where(self) -> tuple[str | None, str | None]:
        return self.name, None

    def describe(self) -> str:
        return f"Workbook {self.name}"

    def sheet(self, name: str) -> Worksheet:
        found = next((s for s in self.sheets if s.name.lower() == name.lower()), None)
        if found is None:
            raise KeyError(name)
        return found

    def reference(self, text: str) -> Any:
        """A defined name's text when it is a plain reference (`催款规则!$A$1:$J$60`) → the Range."""
        sheet_name, rest = split_sheet(text.lstrip("="))
        area = parse_area(rest)
        if sheet_name is None or area is None:
            return None
        return self.app.range(self.sheet(sheet_name), area)

    def add_sheet(self, *, before: Worksheet | None = None, after: Worksheet | None = None) -> Worksheet:
        taken = {s.name.lower() for s in self.sheets}
        number = next(n for n in range(1, 10_000) if f"sheet{n}" not in taken)
        sheet = Worksheet(self.app, self, f"Sheet{number}")
        self.sheets.append(sheet)
        if before is None and after is None:
            before = self.active_sheet  # Excel adds a sheet before the active one
        self.place_sheet(sheet, before=before, after=after)
        sheet.Activate()
        return sheet

    def place_sheet(self, sheet: Worksheet, *, before: Any = None, after: Any = None) -> None:
        self.sheets.remove(sheet)
        if before is not None:
            self.sheets.insert(self.sheets.index(before), sheet)
        elif after is not None:
            self.sheets.insert(self.sheets.index(after) + 1, sheet)
        else:
            self.sheets.append(sheet)

    def remove_sheet(self, sheet: Worksheet) -> None:
        index = self.sheets.index(sheet)
        self.sheets.remove(sheet)
        if self.active_sheet is sheet:
            visible = [s for s in self.sheets if s.visible]
            self.active_sheet = visible[min(index, len(visible) - 1)] if visible else None
        self.app.calc.sheet_removed(sheet)

    # ---- COM members -----------------------------------------------------------------------------
    @property
    def Name(self) -> str:  # noqa: N802 - COM member names
        return self.name

    @property
    def FullName(self) -> str:  # noqa: N802
        return str(self.path)

    @property
    def Path(self) -> str:  # noqa: N802
        return str(self.path.parent)

    @property
    def ReadOnly(self) -> bool:  # noqa: N802
        return self.read_only

    @property
    def IsAddin(self) -> bool:  # noqa: N802
        return self.addin

    @property
    def FileFormat(self) -> int:  # noqa: N802
        return int(self.file_format)

    @property
    def Worksheets(self) -> Sheets:  # noqa: N802
        return Sheets(self)

    @property
    def Sheets(self) -> Sheets:  # noqa: N802
        return Sheets(self)

    @property
    def ActiveSheet(self) -> Worksheet | None:  # noqa: N802
        return self.active_sheet

    @property
    def Names(self) -> Names:  # noqa: N802
        return Names(self)

    @property
    def Application(self) -> Any:  # noqa: N802
        return self.app

    @property
    def Parent(self) -> Any:  # noqa: N802
        return self.app

    @property
    def Windows(self) -> Collection:  # noqa: N802
        return Collection(self.app, "Windows", [self.window] if self.window else [], owner=self)

    def Activate(self) -> None:  # noqa: N802
        self.app.activate_book(self)

    def Save(self) -> None:  # noqa: N802
        from excel_standin.files import save_book

        if self.read_only:
            raise excel_error(READ_ONLY_SAVE)
        app = self.app
        if not app.automatic and app.calculate_before_save and app.calc.dirty:
            app.calc.recalculate("save (CalculateBeforeSave)")
        from excel_standin.text_files import XL_CSV, save_csv

        if self.file_format == XL_CSV:
            save_csv(self)
        elif self.file_format not in (XL_OPENXML_WORKBOOK, 52):
            raise NotModelled("Workbook", f"Save (FileFormat {self.file_format})")
        else:
            save_book(self)
        self.saves += 1
        self.saved_modes.append(app.calculation)

    def Close(self, SaveChanges: bool | None = None, *args: Any) -> None:  # noqa: N802, N803
        if SaveChanges:
            self.Save()
        self.app.close_book(self)


class Sheets(ComObject):
    kind = "Sheets"

    def __init__(self, book: Workbook) -> None:
        super().__init__(book.app)
        self.book = book

    def where(self) -> tuple[str | None, str | None]:
        return self.book.name, None

    @property
    def Count(self) -> int:  # noqa: N802
        return len(self.book.sheets)

    def Item(self, key: int | str) -> Worksheet:  # noqa: N802
        return Collection(self.app, "Sheets", self.book.sheets).Item(key)  # type: ignore[no-any-return]

    def items(self) -> list[Worksheet]:
        return list(self.book.sheets)

    def Add(self, Before: Any = None, After: Any = None, Count: int = 1, Type: Any = None) -> Worksheet:  # noqa: N802, N803
        return self.book.add_sheet(before=Before, after=After)

    @property
    def Parent(self) -> Workbook:  # noqa: N802
        return self.book


class Names(ComObject):
    kind = "Names"

    def __init__(self, book: Workbook) -> None:
        super().__init__(book.app)
        self.book = book

    def where(self) -> tuple[str | None, str | None]:
        return self.book.name, None

    def _all(self) -> list[Name]:
        return [Name(self.book, key) for key in self.book.names]

    @property
    def Count(self) -> int:  # noqa: N802
        return len(self.book.names)

    def Item(self, key: int | str) -> Name:  # noqa: N802
        if isinstance(key, str) and key.lower() in self.book.names:
            return Name(self.book, key.lower())
        if isinstance(key, int) and 1 <= key <= len(self.book.names):
            return self._all()[key - 1]
        raise excel_error("Subscript out of range")

    def items(self) -> list[Name]:
        return self._all()

    def Add(self, *args: Any, **kwargs: Any) -> Name:  # noqa: N802 - Add(Name, RefersTo, …)
        name = str(kwargs.get("Name", args[0] if args else ""))
        refers_to = str(kwargs.get("RefersTo", args[1] if len(args) > 1 else ""))
        self.book.names[name.lower()] = refers_to.lstrip("=")
        self.book.name_case[name.lower()] = name
        return Name(self.book, name.lower())


class Name(ComObject):
    kind = "Name"

    def __init__(self, book: Workbook, key: str) -> None:
        super().__init__(book.app)
        self.book, self.key = book, key

    def where(self) -> tuple[str | None, str | None]:
        return self.book.name, None

    @property
    def Name(self) -> str:  # noqa: N802
        return self.book.name_case.get(self.key, self.key)

    @property
    def RefersTo(self) -> str:  # noqa: N802
        return "=" + self.book.names[self.key]

    @RefersTo.setter
    def RefersTo(self, value: str) -> None:  # noqa: N802
        self.book.names[self.key] = str(value).lstrip("=")

    @property
    def RefersToRange(self) -> Any:  # noqa: N802
        found = self.book.reference(self.book.names[self.key])
        if found is None:
            raise excel_error("Application-defined or object-defined error")
        return found

    def Delete(self) -> None:  # noqa: N802
        del self.book.names[self.key]
