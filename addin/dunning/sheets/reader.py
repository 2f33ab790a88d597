"""Reading a workbook file's values fast (python-calamine), and finding our sheets in it.

Values are the cells' cached values, as Excel last computed them. calamine reads an Excel error
cell as an empty string, so a required cell holding `#N/A` is reported as missing.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import python_calamine

from dunning.core.board import Board, compute_board
from dunning.core.errors import DunningError, WorkbookError
from dunning.core.rules import Rules
from dunning.core.rules_sheet import SHEET as RULES_SHEET
from dunning.core.rules_sheet import load_rules
from dunning.core.table import Header, find_header

DATA_SHEET = "合同执行情况"
BOARD_SHEET = "催款看板"
ARCHIVE_SHEET = "函件归档"
OUR_SHEETS = (RULES_SHEET, BOARD_SHEET, ARCHIVE_SHEET)
_DATE1904 = re.compile(rb"<(?:\w+:)?workbookPr[^>]*date1904=\"(?:1|true)\"")


@dataclass
class Values:
    """Every sheet's cell values of one workbook file, rows from A1."""

    path: Path
    sheets: dict[str, list[list[object]]]
    epoch1904: bool = False

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
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError as exc:
        raise WorkbookError(f"{path.name}: 工作簿有密码保护，请先在 Excel 中取消密码") from exc
    except (python_calamine.CalamineError, OSError, ValueError) as exc:
        raise WorkbookError(f"{path.name}: 不是可读取的 Excel 工作簿（{exc}）") from exc
    wanted = [n for n in book.sheet_names if sheets is None or n in sheets]
    values = {n: book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in wanted}
    return Values(path, values, epoch1904=_is_1904(path))


def _is_1904(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return bool(_DATE1904.search(archive.read("xl/workbook.xml")))
    except (zipfile.BadZipFile, KeyError):
        return False


def rules_of(values: Values, *, preset: str | None = None) -> Rules:
    return load_rules(values.sheets.get(RULES_SHEET), preset=preset)


def board_of(values: Values, *, as_of: date | None = None, preset: str | None = None,
             today: date | None = None) -> Board:  # fmt: skip
    """The board of a workbook's values. The as-of date: given, else the rules' 基准日, else today."""
    rules = rules_of(values, preset=preset)
    when = as_of or rules.params.as_of or today or date.today()
    name, rows, header = values.data_table()
    return compute_board(rows, rules, as_of=when, sheet=name, epoch1904=values.epoch1904, header=header)


def load_board(path: Path, *, as_of: date | None = None, preset: str | None = None) -> Board:
    return board_of(read_values(path, sheets=None), as_of=as_of, preset=preset)
