"""The Excel stand-in (tests/excel_standin) under xlwings' own Windows engine: values, dates, formats,
the used range, the call log, Excel's text conversion, recalculation, add-in functions and the button."""

from __future__ import annotations

import importlib
import io
import shutil
import sys
import types
import uuid
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import xlwings as xw

from dunning.addin_build.ribbon_vba import TEMPLATE_SOURCE
from dunning.core.messages import NO_BOOK
from excel_standin import Excel, ExcelError, NotModelled
from excel_standin.com import ComError

ROOT = Path(__file__).resolve().parents[2]
ADDIN = ROOT / "addin" / "dunning.xlam"


def workbook(path: Path, rows: list[list[object]], *, sheet: str = "数据", names: dict[str, str] | None = None,
             formats: dict[str, str] | None = None) -> Path:  # fmt: skip
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(row)
    for address, shown in (formats or {}).items():
        ws[address].number_format = shown
    for name, text in (names or {}).items():
        wb.defined_names[name] = openpyxl.workbook.defined_name.DefinedName(name, attr_text=text)
    wb.save(path)
    return path


def opened(excel: Excel, rows: list[list[object]], **kwargs: object) -> xw.Sheet:
    path = workbook(excel.folder / "t.xlsx", rows, **kwargs)  # type: ignore[arg-type]
    excel.open_workbook(path)
    return excel.xlwings_app().books["t.xlsx"].sheets["数据"]


def test_engine_reads_and_writes_values_dates_formats_and_used_range(excel: Excel) -> None:
    sheet = opened(excel, [["名称", datetime(2026, 3, 5), 12.5], ["乙", None, 3]], formats={"C1": "#,##0.00"})
    assert sheet.range("A1:C1").value == ["名称", datetime(2026, 3, 5), 12.5]
    assert sheet.used_range.address == "$A$1:$C$2"
    assert sheet.range("C1").number_format == "#,##0.00"
    sheet.range("A4").value = [[1, datetime(2026, 1, 2)], ["x", None]]
    assert sheet.range("A4:B5").value == [[1.0, datetime(2026, 1, 2)], ["x", None]]
    assert sheet.range("B4").number_format == "yyyy/m/d"  # Excel gives a date written to a General cell a date format
    assert sheet.used_range.address == "$A$1:$C$5"
    sheet.book.save()
    saved = openpyxl.load_workbook(excel.folder / "t.xlsx")["数据"]
    assert saved["B4"].value == datetime(2026, 1, 2) and saved["A5"].value == "x"


def test_value_gives_dates_and_currency_value2_gives_doubles(excel: Excel) -> None:
    sheet = opened(excel, [[datetime(2026, 3, 5), 1234.5]], formats={"B1": '"¥"#,##0.00'})
    assert sheet.range("B1").value == Decimal("1234.5")  # COM's Currency type for a currency format
    assert sheet.range("A1").api.Value2 == 46086.0
    assert sheet.range("B1").api.Value2 == 1234.5


def test_every_com_call_is_logged_and_a_block_is_one_call(excel: Excel) -> None:
    sheet = opened(excel, [[i, i * 2] for i in range(1, 101)])
    mark = excel.calls.mark()
    sheet.range("A1:B100").value = [[i, i] for i in range(100)]
    block = excel.calls.count(sheet="数据", since=mark)
    mark = excel.calls.mark()
    sheet.range("A1:B1").value = [[1, 1]]
    assert excel.calls.count(sheet="数据", since=mark) == block
    assert excel.calls.count(kind="Range", member="Value", action="set", since=mark) == 1
    call = excel.calls.select(member="Value", action="set", since=mark)[0]
    assert (call.book, call.sheet, call.args) == ("t.xlsx", "数据", ("<array 1x2>",))


def test_a_member_not_modelled_raises_and_is_named(excel: Excel) -> None:
    sheet = opened(excel, [[1]])
    with pytest.raises(NotModelled, match="Worksheet.PivotTables"):
        sheet.api.PivotTables()
    assert "Worksheet.PivotTables" in excel.calls.not_modelled


def test_text_is_converted_as_excel_converts_typing(excel: Excel) -> None:
    sheet = opened(excel, [[None]])
    sheet.range("A1").value = "12-05"
    assert sheet.range("A1").value == datetime(2026, 12, 5)  # a date of the current year
    sheet.range("A2").value = "00123"
    assert sheet.range("A2").value == 123.0
    sheet.range("A3").value = "'00123"
    assert sheet.range("A3").value == "00123"  # the apostrophe is the prefix, not part of the value
    sheet.range("A4").number_format = "@"
    sheet.range("A4").value = "12-05"
    assert sheet.range("A4").value == "12-05"
    sheet.range("A5").value = "=1+1"
    assert sheet.range("A5").value == 2.0


def test_a_function_nobody_defines_is_name_error(excel: Excel) -> None:
    sheet = opened(excel, [[1, "=NOSUCH(A1)", "=DUNNING_STAGE(A1)"]])
    assert sheet.range("B1:C1").options(err_to_str=True).value == ["#NAME?", "#NAME?"]
    assert sheet.range("B1").value is None  # xlwings' default for an error value


def test_a_reference_chain_recalculates_through_names(excel: Excel) -> None:
    sheet = opened(excel, [[1, "=A1+1", "=B1*2", '=IF(C1>5,"大","")', "=费率*10"]], names={"费率": "数据!$A$1"})
    assert sheet.range("B1:E1").value == [2.0, 4.0, None, 10.0]  # xlwings reads "" as None
    excel.set_value("数据", "A1", 5)
    assert sheet.range("B1:E1").value == [6.0, 12.0, "大", 50.0]
    evaluated = excel.calculations[-1].evaluated
    assert evaluated == 4
    excel.set_value("数据", "F1", 1)  # nothing refers to F1
    assert excel.calculations[-1].evaluated == 0


def test_today_is_volatile_and_manual_mode_waits(excel: Excel) -> None:
    sheet = opened(excel, [["=TODAY()", "=A1+1", 1, "=C1*2"]])
    assert sheet.range("A1:B1").value == [46346.0, 46347.0]  # General cells in the file show serial numbers
    sheet.range("E1").formula = "=TODAY()"
    assert sheet.range("E1").value == datetime(2026, 11, 20)  # entering =TODAY() gives the cell a date format
    excel.roll_today(3)
    assert sheet.range("E1").value == datetime(2026, 11, 20)  # nothing recalculated yet
    excel.calculate()
    assert sheet.range("A1:B1").value == [46349.0, 46350.0]
    assert sheet.range("E1").value == datetime(2026, 11, 23)
    app = excel.xlwings_app()
    app.calculation = "manual"
    sheet.range("C1").value = 5
    assert sheet.range("D1").value == 2.0  # stale in manual mode
    app.calculate()
    assert sheet.range("D1").value == 10.0
    app.calculation = "automatic"


def test_addins_are_not_counted_nor_active_but_found_by_name(excel: Excel) -> None:
    excel.open_addin(ADDIN)
    assert excel.app.Workbooks.Count == 0 and excel.app.ActiveWorkbook is None
    opened(excel, [[1]])
    app = excel.xlwings_app()
    assert [book.name for book in app.books] == ["t.xlsx"]
    assert app.books.active.name == "t.xlsx"
    assert app.books["DUNNING.XLAM"].name == "dunning.xlam"


def test_protected_sheet_and_read_only_book_refuse_changes(excel: Excel) -> None:
    path = workbook(excel.folder / "t.xlsx", [[1]])
    excel.open_workbook(path, read_only=True)
    excel.sheet("数据").protected = True
    book = excel.xlwings_app().books["t.xlsx"]
    assert book.api.ReadOnly and book.sheets[0].api.ProtectContents
    with pytest.raises(ComError, match="protected sheet"):
        book.sheets[0].range("A1").value = 2
    with pytest.raises(ComError, match="read-only"):
        book.save()


def test_array_formulas_fill_their_range_and_formula2_spills(excel: Excel) -> None:
    sheet = opened(excel, [[1, 2], [3, 4]])
    sheet.range("D1:E3").api.FormulaArray = "=A1:B2"
    assert sheet.range("D1:E3").options(err_to_str=True).value == [[1.0, 2.0], [3.0, 4.0], ["#N/A", "#N/A"]]
    with pytest.raises(ComError, match="part of an array"):
        sheet.range("D1").value = 9
    sheet.range("G1").api.Formula2 = "=A1:B2"
    assert sheet.range("G1:H2").value == [[1.0, 2.0], [3.0, 4.0]]
    sheet.range("H2").value = "挡"
    assert sheet.range("G1").value == ExcelError.SPILL.code  # xlwings 0.37.8 does not name #SPILL!


@pytest.fixture
def probe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A Python module of worksheet functions and a `main`, importable by a name of its own."""
    name = f"probe{uuid.uuid4().hex[:8]}"
    (tmp_path / f"{name}.py").write_text(PROBE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield name
    sys.modules.pop(name, None)


PROBE = """
import sys
import xlwings as xw

CALLS = []


@xw.func
@xw.arg("first", "range")
def PROBE_ARGS(first, second=None, third=None):
    CALLS.append((first.address, second, third))
    return len(CALLS)


@xw.func(volatile=True)
def PROBE_TICK():
    CALLS.append("tick")
    return len(CALLS)


def main():
    CALLS.append(("main", sys.argv[1:], sys.platform, xw.Book.caller().name))
"""


def probe_addin(excel: Excel, name: str, *, ribbon: str | None = None) -> types.ModuleType:
    """An add-in `<name>.xlam` whose VBA is xlwings' wrappers for the probe module (written by xlwings'
    own `generate_vba_wrapper`) plus the ribbon and RunPython modules of the product's add-in."""
    module = importlib.import_module(name)
    wrappers = io.StringIO()
    excel.xlwings.udfs.generate_vba_wrapper(name, module, wrappers, types.SimpleNamespace(Name=f"{name}.xlam"))
    path = excel.folder / f"{name}.xlam"
    shutil.copy(ADDIN, path)
    product = excel.open_addin(ADDIN).vba
    excel.app.close_book(excel.book("dunning.xlam"))
    modules = {n: code for n, code in product.modules.items() if n in ("xlwings.bas", "RibbonMyAddin.bas")}
    if ribbon is not None:
        modules["RibbonMyAddin.bas"] = ribbon
    excel.open_addin(path, vba_modules={**modules, "xlwings_udfs.bas": wrappers.getvalue()})
    return module


def test_add_in_functions_get_ranges_missing_arguments_and_literals(excel: Excel, probe: str) -> None:
    module = probe_addin(excel, probe)
    sheet = opened(excel, [[5, '=PROBE_ARGS(A1,,"x")', "=PROBE_TICK()", "=PROBE_ARGS(A1,2,3,4)"]])
    assert module.CALLS[0] == ("$A$1", None, "x")  # a Range, the default for the omitted one, the literal
    assert sheet.range("D1").options(err_to_str=True).value == "#VALUE!"  # more arguments than declared
    before = sheet.range("B1:C1").value
    excel.calculate()
    assert sheet.range("B1").value == before[0]  # nothing changed for PROBE_ARGS
    assert sheet.range("C1").value > before[1]  # Application.Volatile: recalculated every time


def test_the_button_runs_main_with_the_arguments_runpython_passes(excel: Excel, probe: str) -> None:
    module = probe_addin(excel, probe)
    excel.press_button(f"{probe}.xlam")
    assert excel.message_boxes[-1].text == NO_BOOK  # no workbook: the add-in's RunMain says so itself
    assert not module.CALLS
    opened(excel, [[1]])
    excel.press_button(f"{probe}.xlam")
    marker, argv, platform, caller = module.CALLS[-1]
    assert marker == "main" and platform == "win32" and sys.platform != "win32"
    assert argv[:2] == ["--wb=t.xlsx", "--from_xl=1"]  # the add-in's RunPython passes ActiveWorkbook.Name
    assert argv[3] == f"--hwnd={excel.app.hwnd}" and caller == "t.xlsx"


def test_without_the_check_runpython_stops_at_active_workbook(excel: Excel, probe: str) -> None:
    """xlwings' own RunMain (the template's): VBA run-time error 91 and Python never starts."""
    module = probe_addin(excel, probe, ribbon=TEMPLATE_SOURCE)
    excel.press_button(f"{probe}.xlam")
    assert excel.message_boxes[-1].text.startswith("Run-time error '91'")
    assert not module.CALLS


def test_the_stand_in_leaves_the_process_as_it_found_it(tmp_path: Path) -> None:
    before = (xw.func, sys.platform, set(sys.modules))
    with Excel(tmp_path) as stand_in:
        assert "pywintypes" in sys.modules and stand_in.xlwings.xlwindows is sys.modules["xlwings._xlwindows"]
    assert (xw.func, sys.platform) == before[:2]
    assert not {"pywintypes", "pythoncom", "win32com", "xlwings._xlwindows", "xlwings.udfs"} & (
        set(sys.modules) - before[2]
    )
    assert not xw.engines.engines and ExcelError.NAME.code == -2146826259
