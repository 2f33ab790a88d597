"""The button leaves Excel as it found it, through the Excel stand-in: the calculation mode a save writes
into her file is hers, the workbook is saved once, one Python server serves every workbook of the session,
and a file the button cannot write back (CSV, .xls, .xlsb, .ods, Protected View) is refused untouched."""

from __future__ import annotations

import csv
from datetime import date, datetime
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


# ---- files the button cannot write back -----------------------------------------------------------------


def exported_csv(path: Path) -> tuple[Path, list[list[object]]]:
    """Her contract sheet as a CSV (UTF-8 with BOM, as Excel's "CSV UTF-8" saves), and the rules sheet she
    pastes into it in Excel: the case where the button would get as far as saving."""
    source = sample_on(path.with_name("source.xlsx"), TODAY)
    wb = openpyxl.load_workbook(source)
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        for row in wb[DATA].iter_rows(values_only=True):
            writer.writerow([f"{v.year}/{v.month}/{v.day}" if isinstance(v, datetime) else "" if v is None else v
                             for v in row])  # fmt: skip
    rules = [list(row) for row in wb[RULES].iter_rows(values_only=True)]
    source.unlink()
    return path, rules


def test_a_csv_file_is_refused_and_left_byte_identical(tmp_path: Path) -> None:
    path, rules = exported_csv(tmp_path / "合同执行情况表.csv")
    before = path.read_bytes()
    with Excel(tmp_path) as excel:
        excel.open_addin(ADDIN)
        book = excel.open_workbook(path)
        assert book.FileFormat == 6  # xlCSV
        pasted = book.Sheets.Add(After=book.sheets[-1])
        pasted.Name = RULES
        excel.set_value(RULES, f"A1:J{len(rules)}", [row + [None] * (10 - len(row)) for row in rules], book=book.name)
        excel.press_button()
        text = boxes(excel)
        assert "合同执行情况表.csv 是CSV 文件" in text and "覆盖原文件" in text, text
        assert "另存为" in text and "Excel 工作簿 (*.xlsx)" in text, text
        assert book.saves == 0
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no letters, log or lock beside it


@pytest.mark.parametrize(("suffix", "kind"), [(".xls", "Excel 97-2003 工作簿（.xls）"),
                                              (".xlsb", "Excel 二进制工作簿（.xlsb）"),
                                              (".ods", "OpenDocument 电子表格（.ods）")])  # fmt: skip
def test_other_formats_are_refused_untouched(tmp_path: Path, suffix: str, kind: str) -> None:
    path = tmp_path / f"合同执行情况表{suffix}"
    path.write_bytes(sample_on(tmp_path / "source.xlsx", TODAY).read_bytes())  # the stand-in reads it as OOXML
    (tmp_path / "source.xlsx").unlink()
    before = path.read_bytes()
    with Excel(tmp_path) as excel:
        excel.open_addin(ADDIN)
        book = excel.open_workbook(path)
        excel.press_button()
        text = boxes(excel)
        assert f"{path.name} 是{kind}" in text and "Excel 工作簿 (*.xlsx)" in text, text
        assert book.saves == 0
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_a_workbook_in_protected_view_is_named_and_told_to_enable_editing(tmp_path: Path) -> None:
    path = sample_on(tmp_path / "合同执行情况表.xlsx", TODAY)
    before = path.read_bytes()
    with Excel(tmp_path) as excel:
        excel.open_addin(ADDIN)
        window = excel.open_protected(path)
        assert excel.app.ActiveWorkbook is None and excel.app.ActiveProtectedViewWindow is window
        excel.press_button()
        (box,) = excel.message_boxes
        assert "合同执行情况表.xlsx" in box.text and "受保护的视图" in box.text and "启用编辑" in box.text, box.text
        assert excel.button_runs == []  # refused in VBA: Python never started
        window.Edit()
        assert excel.app.ActiveWorkbook is not None and excel.app.ActiveWorkbook.name == path.name
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
