"""Excel's recalculation rule (https://learn.microsoft.com/office/client-developer/excel/excel-recalculation):
a change to a cell makes every formula that refers to it dirty, directly, through other formulas, or
through a defined name; a recalculation evaluates the dirty cells, precedents first, and every volatile
formula (TODAY(), NOW(), a function declared with `Application.Volatile`), and nothing else. A name is
evaluated as part of each formula that uses it, so a formula using a name whose definition is volatile
(`基准日` = `IF(…,TODAY(),…)`) is volatile too. In automatic mode Excel recalculates after each change; in manual mode
(`xlCalculationManual`) only when asked (`Application.Calculate`, F9) or when switched back to automatic.
Opening a workbook that asks for a full calculation on load (openpyxl writes `fullCalcOnLoad`) makes all
its formulas dirty.

A worksheet function of an add-in runs the way its VBA wrapper runs it: `XLPy.CallUDF(module, name,
Array(args…), ActiveWorkbook|ThisWorkbook, Application.Caller)` reaches xlwings' COM server
(`XLPython.CallUDF` → `xlwings.udfs.call_udf`) with each argument as VBA holds it: a reference as the
Range object, an omitted optional argument as DISP_E_PARAMNOTFOUND (-2147352572), anything else as its
value. An error raised in Python becomes the cell's text (the wrapper's `On Error GoTo failed` returns
`Err.Description`, xlwings' traceback).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from excel_standin import dunning_vba
from excel_standin.addresses import Area
from excel_standin.com import UdfInvocation
from excel_standin.dependencies import DependencyIndex
from excel_standin.formula_eval import MISSING, ArrayValue, Context, RefValue, Scalar, evaluate, references, scalar
from excel_standin.formula_parser import FormulaSyntaxError, Node, parse
from excel_standin.grid import Cell, clear_spill, shaped
from excel_standin.values import ExcelError


@dataclass
class Calculation:
    number: int
    reason: str
    first_call: int
    last_call: int = 0
    evaluated: int = 0
    udf_calls: list[UdfInvocation] = field(default_factory=list)


Key = tuple[Any, int, int]  # (worksheet, row, column) of a formula's anchor


class Calc:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.dirty: dict[Key, Area] = {}  # dirty formula anchors → the cells their result fills
        self.number = 0
        self.running = False
        self.udf: UdfInvocation | None = None
        self.history: list[Calculation] = []
        self._evaluating: set[Key] = set()
        self._callers: list[Any] = []
        self._deps: dict[tuple[int, str], tuple[list[tuple[str | None, Area]], bool]] = {}
        self.volatile_cells: set[Key] = set()  # cells whose function called Application.Volatile (True)

    # ---- what depends on what ------------------------------------------------------------------
    def formulas(self) -> Iterator[tuple[Any, tuple[int, int], Cell]]:
        for book in self.app.all_books():
            for sheet in book.sheets:
                for key, cell in list(sheet.grid.cells.items()):
                    if cell.formula is not None:
                        yield sheet, key, cell

    def _dependencies(self, sheet: Any, cell: Cell) -> tuple[list[tuple[Any, Area]], bool]:
        cache_key = (id(cell), cell.formula or "")
        if cache_key not in self._deps:
            node = self.parsed(cell)
            if node is None:
                self._deps[cache_key] = ([], False)
            else:
                found, volatile = references(node, lambda n: self.name_formula(sheet.book, n), self.is_volatile_udf)
                self._deps[cache_key] = ([(ref.sheet, ref.area) for ref in found], volatile)
        named, volatile = self._deps[cache_key]
        resolved = [(sheet if name is None else self.sheet_named(sheet.book, name), area) for name, area in named]
        return [(s, a) for s, a in resolved if s is not None], volatile

    @staticmethod
    def reach(cell: Cell, key: tuple[int, int]) -> Area:
        return cell.array or cell.spill or Area.cell(*key)

    def _mark(self, sheet: Any, key: tuple[int, int], cell: Cell) -> None:
        self.dirty[(sheet, key[0], key[1])] = self.reach(cell, key)

    def changed(self, sheet: Any, areas: list[Area], *, reason: str = "change") -> None:
        """Cells were written: their dependents become dirty, and Excel recalculates if automatic."""
        formulas = list(self.formulas())
        pending = [(sheet, area) for area in areas]
        for s, key, cell in formulas:
            if s is sheet and any(area.contains(*key) for area in areas):
                self._mark(s, key, cell)
                pending.append((s, self.reach(cell, key)))
            elif s is sheet and cell.spill and any(cell.spill.overlaps(area) for area in areas):
                self._mark(s, key, cell)
        self._spread(pending, formulas)
        if reason == "change":
            dunning_vba.event(self.app, "SheetChange")
        if self.app.automatic and not self.running:
            self.recalculate(reason)

    def _spread(self, pending: list[tuple[Any, Area]], formulas: list[tuple[Any, tuple[int, int], Cell]]) -> None:
        """Everything that depends on the pending areas, transitively, becomes dirty."""
        index = DependencyIndex()
        for s, key, cell in formulas:
            for dep_sheet, area in self._dependencies(s, cell)[0]:
                index.add(dep_sheet, area, (s, key, cell))
        while pending:
            changed_sheet, changed_area = pending.pop()
            for s, key, cell in index.overlapping(changed_sheet, changed_area):
                if (s, *key) not in self.dirty:
                    self._mark(s, key, cell)
                    pending.append((s, self.reach(cell, key)))

    def sheet_removed(self, sheet: Any) -> None:
        """A sheet was deleted: formulas that name it now give #REF! and are dirty."""
        self.dirty = {key: area for key, area in self.dirty.items() if key[0] is not sheet}
        for s, key, cell in self.formulas():
            if sheet.name.lower() in (cell.formula or "").lower():
                self._mark(s, key, cell)
        if self.app.automatic and self.dirty and not self.running:
            self.recalculate("sheet deleted")

    def loaded(self, book: Any, *, full: bool) -> None:
        """A workbook was opened: formulas without a value (all of them, asked for a full calculation) are dirty."""
        pending = []
        for sheet in book.sheets:
            for key, cell in sheet.grid.cells.items():
                if cell.formula is not None and (full or cell.value is None):
                    self._mark(sheet, key, cell)
                    pending.append((sheet, self.reach(cell, key)))
        self._spread(pending, list(self.formulas()))
        if self.app.automatic and self.dirty:
            self.recalculate("open")

    # ---- recalculation -------------------------------------------------------------------------
    def recalculate(self, reason: str) -> Calculation:
        formulas = list(self.formulas())
        volatile = [(s, key, cell) for s, key, cell in formulas
                    if self._dependencies(s, cell)[1] or (s, *key) in self.volatile_cells]  # fmt: skip
        for s, key, cell in volatile:
            self._mark(s, key, cell)
        self._spread([(s, self.reach(cell, key)) for s, key, cell in volatile], formulas)
        self.number += 1
        record = Calculation(self.number, reason, self.app.log.mark())
        self.history.append(record)
        self.running = True
        try:
            while self.dirty:
                for dirty in sorted(self.dirty, key=self._order):  # sheet by sheet, row by row: reproducible
                    self.ensure(dirty, record)
        finally:
            self.running = False
            record.last_call = self.app.log.mark()
        dunning_vba.event(self.app, "AfterCalculate")
        return record

    def _order(self, key: Key) -> tuple[int, int, int, int]:
        sheet = key[0]
        books = self.app.all_books()
        return (books.index(sheet.book) if sheet.book in books else -1, sheet.book.sheets.index(sheet), key[1], key[2])

    def ensure(self, key: Key, record: Calculation | None = None) -> None:
        if key not in self.dirty or key in self._evaluating:
            return
        sheet, row, column = key
        cell = sheet.grid.get(row, column)
        if cell is None or cell.formula is None:
            self.dirty.pop(key, None)
            return
        self._evaluating.add(key)
        try:
            self._evaluate(sheet, row, column, cell, record or self.history[-1])
        finally:
            self._evaluating.discard(key)
            self.dirty.pop(key, None)

    def _evaluate(self, sheet: Any, row: int, column: int, cell: Cell, record: Calculation) -> None:
        record.evaluated += 1
        node = self.parsed(cell)
        area = cell.array or Area.cell(row, column)
        self._callers.append((sheet, area, record))
        try:
            result = ExcelError.NAME if node is None else evaluate(node, Context(self, sheet.book, sheet, row, column))
        finally:
            self._callers.pop()
        ctx = Context(self, sheet.book, sheet, row, column)
        if cell.array is not None:
            rows = shaped(self._rows(result, ctx), cell.array)
            for i, line in enumerate(rows):
                for j, value in enumerate(line):
                    sheet.grid.cell(cell.array.top + i, cell.array.left + j).value = _shown(value)
        elif cell.dynamic and isinstance(result, (RefValue, ArrayValue)):
            self._spill(sheet, (row, column), cell, self._rows(result, ctx))
        else:
            clear_spill(sheet.grid, (row, column), cell)
            cell.value = _shown(scalar(result, ctx))

    def _rows(self, result: object, ctx: Context) -> list[list[Scalar]]:
        if isinstance(result, RefValue):
            return [list(r) for r in self.area_values(result.sheet, result.area)]
        if isinstance(result, ArrayValue):
            return [list(r) for r in result.rows]
        return [[scalar(result, ctx)]]

    def _spill(self, sheet: Any, anchor: tuple[int, int], cell: Cell, rows: list[list[Scalar]]) -> None:
        grid = sheet.grid
        target = Area(anchor[0], anchor[1], anchor[0] + len(rows) - 1, anchor[1] + max(len(r) for r in rows) - 1)
        blocked = any(key != anchor and (other := grid.get(*key)) is not None and not other.is_blank()
                      and other.spilled_from != anchor for key in target.cells())  # fmt: skip
        clear_spill(grid, anchor, cell)
        if blocked:
            cell.value = ExcelError.SPILL
            return
        for i, line in enumerate(rows):
            for j, value in enumerate(line):
                member = grid.cell(anchor[0] + i, anchor[1] + j)
                member.value = _shown(value)
                if (i, j) != (0, 0):
                    member.spilled_from = anchor
        cell.spill = target

    # ---- what the evaluator asks ---------------------------------------------------------------
    def parsed(self, cell: Cell) -> Node | None:
        if cell.parsed is None and cell.formula is not None:
            try:
                cell.parsed = parse(cell.formula)
            except FormulaSyntaxError:
                cell.parsed = False
        return cell.parsed or None

    def sheet_named(self, book: Any, name: str) -> Any:
        return next((s for s in book.sheets if s.name.lower() == name.lower()), None)

    def name_formula(self, book: Any, name: str) -> Node | None:
        text = book.names.get(name.lower())
        if text is None:
            return None
        try:
            return parse(text)
        except FormulaSyntaxError:
            return None

    def _anchor_of(self, sheet: Any, row: int, column: int) -> Key | None:
        cell = sheet.grid.get(row, column)
        if cell is None:
            return None
        if cell.array is not None:
            return sheet, cell.array.top, cell.array.left
        if cell.spilled_from is not None:
            return sheet, *cell.spilled_from
        return (sheet, row, column) if cell.formula is not None else None

    def cell_value(self, sheet: Any, row: int, column: int) -> Scalar:
        anchor = self._anchor_of(sheet, row, column)
        if anchor is not None and anchor in self.dirty:
            self.ensure(anchor)
        value: Scalar = sheet.grid.value(row, column)
        return value

    def ensure_area(self, sheet: Any, area: Area) -> None:
        """Calculate first the dirty formulas whose results fall in the area (precedents first)."""
        for key in [k for k, reach in self.dirty.items() if k[0] is sheet and reach.overlaps(area)]:
            self.ensure(key)

    def area_values(self, sheet: Any, area: Area) -> tuple[tuple[Scalar, ...], ...]:
        self.ensure_area(sheet, area)
        grid = sheet.grid
        rows: tuple[tuple[Scalar, ...], ...] = tuple(tuple(grid.value(r, c) for c in range(area.left, area.right + 1))
                                                      for r in range(area.top, area.bottom + 1))  # fmt: skip
        return rows

    def today(self) -> date:
        day: date = self.app.today
        return day

    def now(self) -> datetime:
        return datetime.combine(self.app.today, datetime.now().time())

    def has_udf(self, name: str) -> bool:
        return self.app.udf(name) is not None

    def is_volatile_udf(self, name: str) -> bool:
        wrapper = self.app.udf(name)
        return wrapper is not None and wrapper.volatile

    @property
    def caller(self) -> Any:
        return self._callers[-1] if self._callers else None

    @contextlib.contextmanager
    def invocation(self, udf: UdfInvocation) -> Iterator[None]:
        saved, self.udf = self.udf, udf
        try:
            yield
        finally:
            self.udf = saved

    def call_udf(self, ctx: Context, name: str, args: list[object]) -> object:
        from excel_standin.udf_call import call_wrapper

        return call_wrapper(self, ctx, name, args)


def _shown(value: object) -> object:
    """A formula's result as the cell keeps it: a blank reference shows 0."""
    return 0.0 if value is None or value is MISSING else value
