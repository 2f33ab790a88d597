"""The button leaves Excel as it found it, through the Excel stand-in: the calculation mode a save writes
into her file is hers, the workbook is saved once, one Python server serves every workbook of the session,
and a file the button cannot write back (CSV, .xls, .xlsb, .ods, Protected View) is refused untouched."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from excel_standin import Excel
from excel_standin.app import AUTOMATIC, MANUAL
from excel_workbooks import sample_on

ROOT = Path(__file__).resolve().parents[2]
ADDIN = ROOT / "addin" / "dunning.xlam"
DATA, RULES, ARCHIVE = "合同执行情况", "催款规则", "函件归档"
TODAY = date.today()  # the button never back-dates: the sample is moved to today


def boxes(excel: Excel) -> str:
    return "\n---\n".join(box.text for box in excel.message_boxes)


def letters_made(folder: Path) -> list[Path]:
    return sorted((folder / "催款函").rglob("*.docx")) if (folder / "催款函").exists() else []


def few_formulas(path: Path, *, keep: int = 3) -> Path:
    """The sample on today, its =DUNNING_STAGE(…) formulas kept in the first `keep` rows only and no
    实时看板: the functions recalculate in it as in hers, and the stand-in stays quick."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sample_on(path, TODAY)
    wb = openpyxl.load_workbook(path)
    del wb["实时看板"]
    data = wb[DATA]
    for row in range(4 + keep, data.max_row + 1):
        if isinstance(data.cell(row, 18).value, str) and data.cell(row, 18).value.startswith("="):
            data.cell(row, 18).value = None
    wb.save(path)
    return path


def calc_mode_in(path: Path) -> str:
    """What the saved file says (`calcPr calcMode`): Excel reads no attribute as automatic."""
    calculation = openpyxl.load_workbook(path).calculation
    return (calculation.calcMode if calculation is not None else None) or "auto"


# ---- the calculation mode and the one save ------------------------------------------------------------


@pytest.mark.parametrize(("mode", "stored"), [(AUTOMATIC, "auto"), (MANUAL, "manual")])
def test_the_saved_file_keeps_her_calculation_mode_and_is_saved_once(tmp_path: Path, mode: int, stored: str) -> None:
    path = sample_on(tmp_path / "合同执行情况表.xlsx", TODAY)
    with Excel(tmp_path) as excel:
        excel.open_addin(ADDIN)
        book = excel.open_workbook(path)
        excel.set_manual(manual=mode == MANUAL)
        excel.press_button()
        assert excel.message_boxes[-1].text.startswith("已生成 "), boxes(excel)
        assert letters_made(tmp_path)
        assert book.saved_modes == [mode]  # one save, in her mode (the letters and the board in it)
        assert excel.app.calculation == mode
        on_save = [c for c in excel.calculations if "CalculateBeforeSave" in c.reason]
        assert on_save == ([] if mode == AUTOMATIC else on_save[:1]), on_save  # at most the one her save makes
    assert calc_mode_in(path) == stored
    saved = openpyxl.load_workbook(path)
    assert saved[ARCHIVE].max_row > 1 and "催款看板" in saved.sheetnames


def test_next_morning_her_formulas_still_update(tmp_path: Path) -> None:
    """The file the button saved opens the next session in automatic calculation: the first workbook
    opened sets the session's mode."""
    path = few_formulas(tmp_path / "合同执行情况表.xlsx")
    with Excel(tmp_path) as excel:
        excel.open_addin(ADDIN)
        excel.open_workbook(path)
        excel.press_button()
        assert excel.message_boxes[-1].text.startswith("已生成 "), boxes(excel)
    with Excel(tmp_path) as excel:
        excel.open_addin(ADDIN)
        excel.open_workbook(path)
        assert excel.app.calculation == AUTOMATIC


# ---- one Python server ----------------------------------------------------------------------------------


def test_one_python_server_whatever_workbook_is_active(tmp_path: Path) -> None:
    """The functions recalculate in every open workbook; pressing the button in one workbook and then in
    another, and typing in each, reaches the one server the session started."""
    first, second = few_formulas(tmp_path / "一部" / "一部合同.xlsx"), few_formulas(tmp_path / "二部" / "二部合同.xlsx")
    with Excel(tmp_path) as excel:
        excel.open_addin(ADDIN)
        books = [excel.open_workbook(first), excel.open_workbook(second)]
        for book in books:
            book.Activate()
            excel.press_button()
            assert excel.message_boxes[-1].text.startswith("已生成 "), boxes(excel)
            excel.set_value(RULES, "D1", "a note", book=book.name)
        assert sum(excel.app.python_servers.values()) > 0
        assert len(excel.python_servers) == 1, excel.python_servers
