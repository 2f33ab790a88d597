"""The workbook interface on a file: values read fast (python-calamine), changes made with openpyxl
and saved atomically with a backup (`dunning.sheets.save`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl.workbook.workbook import Workbook

from dunning.core.errors import WorkbookError
from dunning.sheets.board_sheet import render_layout
from dunning.sheets.cells import BOLD, HEADER_FILL, HEADER_FONT, put
from dunning.sheets.fidelity import losses
from dunning.sheets.layout import Cell, SheetLayout, text_width
from dunning.sheets.reader import Values, read_values
from dunning.sheets.save import check_not_open, save_atomic

WRITABLE = (".xlsx", ".xlsm")


class OpenpyxlBook:
    def __init__(self, path: Path, *, for_writing: bool = True, force: bool = False) -> None:
        if for_writing:
            if path.suffix.lower() not in WRITABLE:
                raise WorkbookError(f"{path.name}: 只能更新 .xlsx 工作簿（请在 Excel 中另存为 .xlsx）")
            check_not_open(path)
            lost = [] if force else losses(path)
            if lost:
                raise WorkbookError(f"{path.name}: 命令行保存会丢失 " + "；".join(lost)
                                    + "。请改用 Excel 中的按钮，或确认后加 --force（会先备份）")  # fmt: skip
        self._path = path
        self._wb: Workbook | None = None

    @property
    def path(self) -> Path:
        return self._path

    def read(self) -> Values:
        return read_values(self._path)

    def _book(self) -> Workbook:
        if self._wb is None:
            import openpyxl

            try:
                self._wb = openpyxl.load_workbook(self._path, rich_text=True,
                                                  keep_vba=self._path.suffix.lower() == ".xlsm")  # fmt: skip
            except Exception as exc:  # openpyxl raises many kinds for a damaged file
                raise WorkbookError(f"{self._path.name}: 无法打开以写入（{exc}）") from exc
        return self._wb

    def put_sheet(self, layout: SheetLayout, *, after: str | None) -> None:
        render_layout(self._book(), layout, after=after)

    def write(self, sheet: str, cells: Sequence[Cell]) -> None:
        ws = self._book()[sheet]
        for cell in cells:
            target = put(ws, cell.row, cell.column, cell.value)
            if cell.style == "header":
                target.font = BOLD  # type: ignore[attr-defined]
                left = ws.cell(row=cell.row, column=max(1, cell.column - 1))
                if left.has_style and cell.column > 1:
                    target._style = left._style  # type: ignore[attr-defined]  # the header's own look

    def append(self, sheet: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
        wb = self._book()
        if sheet not in wb.sheetnames:
            ws = wb.create_sheet(sheet)
            for column, name in enumerate(header, start=1):
                cell = put(ws, 1, column, name)
                cell.fill, cell.font = HEADER_FILL, HEADER_FONT  # type: ignore[attr-defined]
            ws.freeze_panes = "A2"
        ws = wb[sheet]
        first = ws.max_row + 1
        widths: dict[int, int] = {}
        for offset, row in enumerate(rows):
            for column, value in enumerate(row, start=1):
                put(ws, first + offset, column, value)
                widths[column] = max(widths.get(column, text_width(header[column - 1])), text_width(value))
        for column, width in widths.items():
            letter = ws.cell(row=1, column=column).column_letter
            ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width or 0, min(70, width + 2))

    def save(self) -> None:
        if self._wb is not None:
            save_atomic(self._wb, self._path)
