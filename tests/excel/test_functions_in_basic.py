"""`=DUNNING_STAGE(A4)` and its siblings run in a real VBA runtime: the add-in's module `dunning_functions` in
LibreOffice Basic, called by Calc's cells on the sample workbook, Python reached through xlwings' own
`XLPython.CallUDF` (tests/excel/libreoffice_basic.py says what is real and what is the harness's).

The cells sit on a sheet of their own (函数), one row per row of 合同执行情况, so the table's used range does not hold
them. Calc's automatic recalculation is off: a "pass" is one recalculation in which every formula runs (as Excel
runs volatile functions), and the test plays the add-in's events (`Changed`) where Excel would raise them.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from libreoffice_basic import BasicBook, Office, load_uno
from typer.testing import CliRunner

from dunning.addin_build.function_vba import NOT_A_CELL, ROW_FUNCTIONS
from dunning.cli import app
from dunning.core.fields import ARCHIVE_SHEET
from dunning.core.rules_sheet import SHEET as RULES_SHEET

UNO = load_uno()
pytestmark = pytest.mark.skipif(UNO is None, reason="LibreOffice (soffice and its uno module) is not installed")

SAMPLE = Path(__file__).parents[2] / "workbook" / "sample_contracts.xlsx"
TABLE = "合同执行情况"
CELLS = "函数"
LAST_ROW = 310  # past the sample's last row (308)
KEYS = ("stage_label", "next_action", "days_overdue", "late_fee", "action_due")  # ROW_FUNCTIONS' columns
PAID_ROW = 29  # 律师函待审批 in the sample; paying it in full settles it
SETTLED = "已结清"
RATE = "违约金日利率"
LONG_FORM = "R4:R308"  # the sample's =DUNNING_STAGE(A4): cleared, so that only the cells on 函数 run
CELL_FORMULAS = 16  # com.sun.star.sheet.CellFlags.FORMULA


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    started = Office(UNO, tmp_path_factory.mktemp("office"))
    yield started
    started.close()


@pytest.fixture(scope="module")
def excel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from excel_standin import Excel

    with Excel(tmp_path_factory.mktemp("excel")) as stand_in:
        yield stand_in


@pytest.fixture
def book(office: Office, excel: Any, tmp_path: Path) -> Iterator[BasicBook]:
    opened = open_book(office, excel, tmp_path)
    yield opened
    opened.close()


def open_book(office: Office, excel: Any, folder: Path) -> BasicBook:
    """The sample in Calc, the five functions of every row on 函数, Watching as the add-in's ThisWorkbook sets it."""
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    opened = BasicBook(office, folder / SAMPLE.name, excel)
    opened.doc.enableAutomaticCalculation(False)
    long_form = opened.sheet(TABLE).getCellRangeByName(LONG_FORM)
    assert long_form.getCellByPosition(0, 0).Formula.upper().startswith("=DUNNING_STAGE(")
    long_form.clearContents(CELL_FORMULAS)
    opened.doc.Sheets.insertNewByName(CELLS, opened.doc.Sheets.Count)
    formulas = [[f"={name}(${TABLE}.A{row})" for name in ROW_FUNCTIONS] for row in range(1, LAST_ROW + 1)]
    opened.sheet(CELLS).getCellRangeByPosition(0, 0, len(ROW_FUNCTIONS) - 1, LAST_ROW - 1).setFormulaArray(formulas)
    opened.watching(on=True)
    return opened


def board(path: Path) -> dict[int, dict[str, object]]:
    result = CliRunner().invoke(app, ["board", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return {line["sheet_row"]: line for line in json.loads(result.output)}


def edited_sample(folder: Path, *, paid: bool = False, rate: float | None = None) -> Path:
    """The sample with the same edits the test makes in Calc, made by openpyxl: what `dunning board` expects."""
    wb = openpyxl.load_workbook(SAMPLE)
    if paid:
        wb[TABLE].cell(PAID_ROW, 6).value = wb[TABLE].cell(PAID_ROW, 5).value
    if rate is not None:
        wb[RULES_SHEET].cell(rate_row(wb[RULES_SHEET].iter_rows(values_only=True)), 2).value = rate
    path = folder / f"edited-{paid}-{rate}.xlsx"
    wb.save(path)
    return path


def rate_row(rows: Iterator[tuple[object, ...]]) -> int:
    return next(number for number, row in enumerate(rows, 1) if row[0] == RATE)


def shown(book: BasicBook) -> dict[int, tuple[object, ...]]:
    """Each table row's five cells, as Calc shows them (numbers as floats, blanks as "")."""
    grid = book.sheet(CELLS).getCellRangeByPosition(0, 0, len(ROW_FUNCTIONS) - 1, LAST_ROW - 1).getDataArray()
    return {number: tuple(values) for number, values in enumerate(grid, 1)}


def expected(line: dict[str, object] | None) -> tuple[object, ...]:
    """`dunning board --json`'s five values of a row as the cells hold them: a date as its serial, blank as ""."""
    if line is None:
        return ("",) * len(KEYS)
    out: list[object] = []
    for key in KEYS:
        value = line[key]
        if value is None:
            out.append("")
        elif key == "action_due":
            out.append(float((date.fromisoformat(str(value)) - date(1899, 12, 30)).days))
        elif key in ("days_overdue", "late_fee"):
            out.append(round(float(str(value)), 2))
        else:
            out.append(value)
    return tuple(out)


def assert_board(book: BasicBook, lines: dict[int, dict[str, object]]) -> None:
    cells = shown(book)
    rounded = {row: tuple(round(v, 2) if isinstance(v, float) else v for v in values) for row, values in cells.items()}
    wrong = {row: (rounded[row], expected(lines.get(row))) for row in cells if rounded[row] != expected(lines.get(row))}
    assert not wrong, list(wrong.items())[:5]


def test_every_row_agrees_with_dunning_board(book: BasicBook) -> None:
    assert list(book.calculate()) == ["TABLE_OUTCOMES"]
    lines = board(SAMPLE)
    assert_board(book, lines)
    stages = {values[0] for values in shown(book).values()}
    assert {SETTLED, "提起诉讼", "律师函待审批", "催款信"} <= stages


def test_the_events_drive_the_cache(book: BasicBook, tmp_path: Path) -> None:
    assert list(book.calculate()) == ["TABLE_OUTCOMES"]
    book.changed()
    assert list(book.calculate()) == []  # nothing edited: compared, not asked
    table = book.sheet(TABLE)
    before = shown(book)[PAID_ROW]
    assert before[0] != SETTLED
    table.getCellByPosition(5, PAID_ROW - 1).Value = table.getCellByPosition(4, PAID_ROW - 1).Value
    assert list(book.calculate()) == []  # no event since the edit: the slot is not compared again
    assert shown(book)[PAID_ROW] == before  # stale by design until Excel's events say something changed
    book.changed()
    assert list(book.calculate()) == ["TABLE_OUTCOMES"]
    assert shown(book)[PAID_ROW][0] == SETTLED
    assert_board(book, board(edited_sample(tmp_path, paid=True)))
    rules = book.sheet(RULES_SHEET)
    rules.getCellByPosition(1, rate_row(iter(rules.getCellRangeByName("A1:A60").getDataArray())) - 1).Value = 0.001
    fees = {row: values[3] for row, values in shown(book).items()}
    book.changed()
    assert list(book.calculate()) == ["TABLE_OUTCOMES"]
    assert {row: values[3] for row, values in shown(book).items()} != fees
    assert_board(book, board(edited_sample(tmp_path, paid=True, rate=0.001)))


def test_without_the_events_every_call_compares(book: BasicBook, tmp_path: Path) -> None:
    """Every call reads and compares the three sheets (LibreOffice Basic takes ~0.1 s a call): two cells only."""
    cells = book.sheet(CELLS)
    cells.getCellRangeByPosition(0, 0, len(ROW_FUNCTIONS) - 1, LAST_ROW - 1).clearContents(CELL_FORMULAS)
    stage, fee = cells.getCellByPosition(0, 0), cells.getCellByPosition(1, 0)
    stage.Formula = f"=DUNNING_STAGE(${TABLE}.A{PAID_ROW})"
    fee.Formula = f"=DUNNING_LATE_FEE(${TABLE}.A{PAID_ROW})"
    book.watching(on=False)
    assert list(book.calculate()) == ["TABLE_OUTCOMES"]
    assert (stage.String, round(fee.Value, 2)) == expected(board(SAMPLE)[PAID_ROW])[0:4:3]
    assert list(book.calculate()) == []  # both calls compared; nothing differs
    table = book.sheet(TABLE)
    table.getCellByPosition(5, PAID_ROW - 1).Value = table.getCellByPosition(4, PAID_ROW - 1).Value
    assert list(book.calculate()) == ["TABLE_OUTCOMES"]  # no event, yet not stale; one call for both cells
    assert stage.String == SETTLED
    assert (stage.String, round(fee.Value, 2)) == expected(board(edited_sample(tmp_path, paid=True))[PAID_ROW])[0:4:3]


def test_a_value_instead_of_a_cell_says_how_to_call_it(book: BasicBook) -> None:
    """A value gets the hint; a date as the long form's as-of works (Object locals: LibreOffice 7.4 fails a call
    that reads a member of a Variant parameter holding no object, even on a line that does not run)."""
    cells = book.sheet(CELLS)
    hint, dated = cells.getCellByPosition(7, 0), cells.getCellByPosition(7, 1)
    hint.Formula = '=DUNNING_STAGE("x")'
    dated.Formula = f"=DUNNING_STAGE(${TABLE}.$A{PAID_ROW}:$Q{PAID_ROW};${TABLE}.$A$3:$Q$3;DATE(2026;11;20))"
    assert sorted(book.calculate()) == ["DUNNING_STAGE", "TABLE_OUTCOMES"]
    assert hint.String == NOT_A_CELL
    assert dated.String == board(SAMPLE)[PAID_ROW]["stage_label"]
    assert_board(book, board(SAMPLE))


def test_the_long_form_passes_its_ranges_values(book: BasicBook) -> None:
    """=DUNNING_STAGE(row, header, 基准日, 催款规则表): not volatile, one call of DUNNING_STAGE with the values."""
    cells, lines = book.sheet(CELLS), board(SAMPLE)
    rows = (12, PAID_ROW, 43)
    for column, row in enumerate(rows, 7):
        cells.getCellByPosition(
            column, 0
        ).Formula = f"=DUNNING_STAGE(${TABLE}.$A{row}:$Q{row};${TABLE}.$A$3:$Q$3;基准日;催款规则表)"
    assert sorted(book.calculate()) == ["DUNNING_STAGE"] * len(rows) + ["TABLE_OUTCOMES"]
    shown_stages = [cells.getCellByPosition(column, 0).String for column in range(7, 7 + len(rows))]
    assert shown_stages == [lines[row]["stage_label"] for row in rows]
    assert len(set(shown_stages)) == len(rows)


def test_the_long_form_reads_a_log_given_as_its_fifth_argument(book: BasicBook, tmp_path: Path) -> None:
    """=DUNNING_STAGE(row, header, 基准日, 催款规则表, 跟进记录 range): a promise to pay typed in the log shows 承诺付款
    (Optional Log passed on in the real VBA runtime); the same row without the fifth argument keeps its stage."""
    from dunning.core.follow_up import HEADER

    lines = board(SAMPLE)
    row = next(r for r, line in sorted(lines.items()) if line["stage"] == "letter" and line["letter_no"])
    log = [
        list(HEADER),
        ["2026-11-19", lines[row]["contract_no"], "", "电话", "承诺付款", "2026-11-23", "", "王芳", ""],
    ]
    wb = openpyxl.load_workbook(SAMPLE)
    sheet = wb.create_sheet("跟进记录")
    for typed in log:
        sheet.append(typed)
    wb.save(tmp_path / "promised.xlsx")
    promised = board(tmp_path / "promised.xlsx")
    assert promised[row]["stage_label"] == "承诺付款" != lines[row]["stage_label"]
    book.doc.Sheets.insertNewByName("跟进记录", book.doc.Sheets.Count)
    book.sheet("跟进记录").getCellRangeByName("A1:I2").setDataArray(tuple(tuple(cells) for cells in log))
    cells = book.sheet(CELLS)
    args = f"${TABLE}.$A{row}:$Q{row};${TABLE}.$A$3:$Q$3;基准日;催款规则表"
    cells.getCellByPosition(7, 0).Formula = f"=DUNNING_STAGE({args};$跟进记录.$A$1:$I$2)"
    cells.getCellByPosition(8, 0).Formula = f"=DUNNING_STAGE({args})"
    book.changed()
    book.calculate()
    assert cells.getCellByPosition(7, 0).String == promised[row]["stage_label"]
    assert cells.getCellByPosition(8, 0).String == lines[row]["stage_label"]


def test_a_workbook_without_rules_or_archive_sheets(book: BasicBook, tmp_path: Path) -> None:
    """SheetOf gives Nothing for a missing sheet; the table is then read with the default rules."""
    assert not book.doc.Sheets.hasByName(ARCHIVE_SHEET)
    book.doc.Sheets.removeByName(RULES_SHEET)
    book.changed()
    assert list(book.calculate()) == ["TABLE_OUTCOMES"]
    wb = openpyxl.load_workbook(SAMPLE)
    del wb[RULES_SHEET]
    wb.save(tmp_path / "without-rules.xlsx")
    assert_board(book, board(tmp_path / "without-rules.xlsx"))


def test_a_table_of_only_its_header_gives_blanks(book: BasicBook) -> None:
    """A new 合同执行情况 holding just its header: TABLE_OUTCOMES answers one blank row, which xlwings' CallUDF hands
    back as a 1-D array (as in Excel) unless it has two rows; every cell showed Basic's subscript error."""
    book.doc.Sheets.insertNewByName("新表", book.doc.Sheets.Count)
    header = book.sheet(TABLE).getCellRangeByName("A3:Q3").getDataArray()
    book.sheet("新表").getCellRangeByName("A1:Q1").setDataArray(header)
    cell = book.sheet(CELLS).getCellByPosition(7, 0)
    cell.Formula = "=DUNNING_STAGE($新表.A1)"
    assert sorted(book.calculate()) == ["TABLE_OUTCOMES", "TABLE_OUTCOMES"]
    assert cell.String == ""
