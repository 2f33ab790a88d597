"""Reading a workbook file's values fast (python-calamine), and finding our sheets in it.

Values are the cells' cached values, as Excel last computed them. calamine reads an Excel error
cell as an empty string, so a required cell holding `#N/A` is reported as missing.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import python_calamine

from dunning.core.board import Board, compute_board
from dunning.core.engine import Decision
from dunning.core.errors import DunningError, WorkbookError
from dunning.core.fields import ARCHIVE_SHEET, BOARD_SHEET, DATA_SHEET
from dunning.core.parse import MISSING
from dunning.core.rules import Rules
from dunning.core.rules_sheet import SHEET as RULES_SHEET
from dunning.core.rules_sheet import load_rules
from dunning.core.table import Header, find_header
from dunning.core.text import is_excel_error
from dunning.core.why import explain

OUR_SHEETS = (RULES_SHEET, BOARD_SHEET, ARCHIVE_SHEET)
_DATE1904 = re.compile(rb"<(?:\w+:)?workbookPr[^>]*date1904=\"(?:1|true)\"")


@dataclass
class Values:
    """Every sheet's cell values of one workbook file, rows from A1."""

    path: Path
    sheets: dict[str, list[list[object]]]
    epoch1904: bool = False
    errors_read_as_blank: bool = False  # python-calamine's reading: the file is asked again to name them

    def data_table(self) -> tuple[str, list[list[object]], Header]:
        """The team's sheet: `合同执行情况` if present, else the first sheet with our header."""
        names = [DATA_SHEET] if DATA_SHEET in self.sheets else [n for n in self.sheets if n not in OUR_SHEETS]
        first_error: DunningError | None = None
        for name in names:
            try:
                return name, self.sheets[name], find_header(self.sheets[name], sheet=name)
            except WorkbookError as exc:
                first_error = first_error or exc
        if first_error is None:
            raise WorkbookError(f"{self.path.name}: 没有合同执行情况表")
        raise first_error


def read_values(path: Path, *, sheets: tuple[str, ...] | None = None) -> Values:
    """Read the workbook's values; only the named sheets when given (those that exist)."""
    if not path.exists():
        raise WorkbookError(f"找不到文件：{path}")
    if path.is_dir():
        raise WorkbookError(f"这是文件夹，不是工作簿：{path}")
    if path.suffix.lower() in (".csv", ".txt"):
        raise WorkbookError(f"{path.name}: 是文本（CSV）文件，不是工作簿：请在 Excel 中打开并另存为 .xlsx")
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError as exc:
        raise WorkbookError(f"{path.name}: 工作簿有密码保护，请先在 Excel 中取消密码") from exc
    except (python_calamine.CalamineError, OSError, ValueError) as exc:
        raise WorkbookError(f"{path.name}: 不是可读取的 Excel 工作簿（{exc}）") from exc
    wanted = [n for n in book.sheet_names if sheets is None or n in sheets]
    values = {n: book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in wanted}
    return Values(path, values, epoch1904=_is_1904(path), errors_read_as_blank=True)


def _is_1904(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return bool(_DATE1904.search(archive.read("xl/workbook.xml")))
    except (zipfile.BadZipFile, KeyError):
        return False


def rules_of(values: Values, *, preset: str | None = None) -> Rules:
    return load_rules(values.sheets.get(RULES_SHEET), preset=preset)


def board_of(values: Values, *, as_of: date | None = None, preset: str | None = None) -> Board:
    """The board of a workbook's values. The as-of date: given, else the rules' 基准日, else today."""
    rules = rules_of(values, preset=preset)
    when = as_of or rules.params.as_of or date.today()
    name, rows, header = values.data_table()
    board = compute_board(rows, rules, as_of=when, sheet=name, epoch1904=values.epoch1904, header=header)
    if values.errors_read_as_blank:
        name_excel_errors(values.path, board)
    return board


def load_board(path: Path, *, as_of: date | None = None, preset: str | None = None) -> Board:
    return board_of(read_values(path), as_of=as_of, preset=preset)


def name_excel_errors(path: Path, board: Board) -> None:
    """Say `Excel 错误 "#N/A"` where the fast reader saw a blank required cell that holds an error.

    python-calamine reads error cells as empty strings; for the few rows reported missing a value,
    those rows are read again with openpyxl, which keeps the error code."""
    invalid = {d.sheet_row: d for d in board.decisions
               if d.stage == "invalid" and any(p.reason == MISSING for p in d.inst.problems)}  # fmt: skip
    if not invalid or path.suffix.lower() not in (".xlsx", ".xlsm"):
        return
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - a refinement only: the board stands without it
        return
    try:
        ws = wb[board.sheet]
        first, last = min(invalid), max(invalid)
        headers: dict[str, int] = {}
        for number, row in enumerate(ws.iter_rows(min_row=1, max_row=last), start=1):
            if number < first:
                headers.update({c.value.strip(): i for i, c in enumerate(row) if isinstance(c.value, str)})
            elif number in invalid:
                _name_errors(invalid[number], row, headers, board)
    finally:
        wb.close()


def _name_errors(decision: Decision, row: tuple[Any, ...], headers: dict[str, int], board: Board) -> None:
    problems = decision.inst.problems
    for i, problem in enumerate(problems):
        index = headers.get(problem.column)
        if problem.reason != MISSING or index is None or index >= len(row):
            continue
        value = row[index].value
        if is_excel_error(value):
            problems[i] = replace(problem, value=value, reason="Excel 错误")
    decision.problems = tuple(p.short() for p in problems)
    decision.why = explain(decision, board.rules, as_of=board.as_of)
