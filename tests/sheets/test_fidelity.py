"""What a headless save still refuses, now that it changes only what the product owns: a Strict
Open XML file (always), a signed or modify-password file (unless --force), and — met while writing —
a tracking cell holding a formula, a locked cell of a protected sheet, a new sheet in a workbook whose
structure is locked. What openpyxl used to drop (shapes, sparklines, comment formatting) no longer
stops anything. A formula elsewhere that reads a sheet of ours makes Excel recalculate on open."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet.datavalidation import DataValidation
from typer.testing import CliRunner

from dunning.cli import app
from dunning.core.errors import CellRefused, SaveRefused
from dunning.core.problems import SaveHazard
from dunning.core.problems import WorkbookProblem as P
from dunning.jobs import RunOptions, letters, refresh
from dunning.sheets.fidelity import Refusal, losses, refusals
from dunning.sheets.ooxml.cell_splice import SheetXml

from conftest import AS_OF, BACKDATE, days, write_workbook
from letters_helpers import make_templates

runner = CliRunner()
ROWS = [["1-101", "HT1", "张三", "首付款", 1000, 0, days(-3)], ["1-102", "HT2", "李四", "尾款", 2000, 0, days(5)]]


def _rewrite(path: Path, changes: dict[str, bytes]) -> None:
    """Replace or add parts of a workbook's zip, as Excel would have written them."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts.update(changes)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def _part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def _edit(path: Path, name: str, old: bytes, new: bytes) -> None:
    xml = _part(path, name)
    assert old in xml
    _rewrite(path, {name: xml.replace(old, new, 1)})


def _with_sparklines(path: Path) -> None:
    ext = (b'<extLst><ext uri="{05C60535-1F16-4fd2-B633-F4F36F0B64E0}" '
           b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:sparklineGroups/></ext></extLst>')  # fmt: skip
    _edit(path, "xl/worksheets/sheet1.xml", b"</worksheet>", ext + b"</worksheet>")


def _strict(path: Path) -> None:
    main = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    _edit(path, "xl/workbook.xml", main, b"http://purl.oclc.org/ooxml/spreadsheetml/main")


def _signed(path: Path) -> None:
    _rewrite(path, {"_xmlsignatures/origin.sigs": b"", "_xmlsignatures/sig1.xml": b"<Signature/>"})


def _modify_password(path: Path) -> None:
    sharing = (
        b'<fileSharing userName="lina" algorithmName="SHA-512" hashValue="abc=" saltValue="def=" spinCount="100000"/>'
    )
    _edit(path, "xl/workbook.xml", b"<workbookPr", sharing + b"<workbookPr")


def _sheet_named_twice(path: Path) -> None:
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/worksheets/Sheet1.xml", b"<worksheet/>")  # beside sheet1.xml: one part, two names


@pytest.mark.parametrize(
    ("damage", "expected"),
    [(_strict, Refusal(SaveHazard.STRICT)), (_signed, Refusal(SaveHazard.SIGNATURE)),
     (_modify_password, Refusal(SaveHazard.MODIFY_PASSWORD)),
     (_sheet_named_twice, Refusal(SaveHazard.PART_NAMES_CLASH, "xl/worksheets/sheet1.xml", "xl/worksheets/Sheet1.xml"))],
)  # fmt: skip
def test_each_refusal_is_of_its_kind(tmp_path: Path, damage, expected: Refusal) -> None:  # noqa: ANN001
    book = write_workbook(tmp_path / "a.xlsx", ROWS)
    damage(book)
    assert refusals(book) == [expected]
    assert expected.forceable is (expected.kind in (SaveHazard.SIGNATURE, SaveHazard.MODIFY_PASSWORD))


def test_a_plain_workbook_has_nothing_refused(tmp_path: Path) -> None:
    assert refusals(write_workbook(tmp_path / "a.xlsx", ROWS)) == []


@pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")
def test_what_openpyxl_dropped_survives_and_is_not_refused(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "a.xlsx", ROWS)
    _with_sparklines(book)
    assert losses(book) == []
    assert runner.invoke(app, ["refresh", str(book), "--as-of", AS_OF.isoformat()]).exit_code == 0
    assert b"<x14:sparklineGroups/>" in _part(book, "xl/worksheets/sheet1.xml")


@pytest.mark.parametrize(("damage", "expected"), [(_signed, "数字签名"), (_modify_password, "修改权限密码")])
def test_what_a_save_would_break_is_named_and_force_goes_on(tmp_path: Path, damage, expected: str) -> None:  # noqa: ANN001
    book = write_workbook(tmp_path / "a.xlsx", ROWS)
    damage(book)
    assert [what.split("（")[0] for what in losses(book)] == [expected]
    before = book.read_bytes()
    refused = runner.invoke(app, ["refresh", str(book), "--as-of", AS_OF.isoformat()])
    assert refused.exit_code == 2 and expected in refused.stderr and "--force" in refused.stderr
    assert book.read_bytes() == before
    forced = runner.invoke(app, ["refresh", str(book), "--as-of", AS_OF.isoformat(), "--force"])
    assert forced.exit_code == 0, forced.output
    assert list((tmp_path / ".dunning-backup").glob("a.*.xlsx"))


def test_strict_open_xml_is_refused_even_with_force(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "s.xlsx", ROWS)
    _strict(book)
    before = book.read_bytes()
    for extra in ([], ["--force"]):
        result = runner.invoke(app, ["refresh", str(book), "--as-of", AS_OF.isoformat(), *extra])
        assert result.exit_code == 2 and "Strict Open XML" in result.stderr
    assert book.read_bytes() == before


@pytest.fixture
def letters_book(tmp_path: Path) -> Path:
    make_templates(tmp_path / "函件模板")
    header = (
        "房号",
        "合同编号",
        "客户姓名",
        "款项类型",
        "应收金额",
        "已收金额",
        "约定付款日期",
        "已发催款信次数",
        "最近催款信日期",
    )
    return write_workbook(tmp_path / "t.xlsx", [[*row, 0, None] for row in ROWS], header=header)


def test_a_tracking_cell_holding_a_formula_is_not_written_over(letters_book: Path) -> None:
    wb = openpyxl.load_workbook(letters_book)
    wb["合同执行情况"]["H2"] = '=COUNTIF(函件归档!C:C,"HT1")'
    wb.save(letters_book)
    _edit(letters_book, "xl/worksheets/sheet1.xml", b"<v></v>", b"<v>0</v>")  # the count Excel last computed
    before = letters_book.read_bytes()
    with pytest.raises(CellRefused) as refused:
        letters(letters_book, RunOptions(as_of=AS_OF, backdate=BACKDATE))
    assert (refused.value.problem, refused.value.sheet, refused.value.cell) == (P.FORMULA_CELL, "合同执行情况", "H2")
    assert letters_book.read_bytes() == before


def test_a_locked_cell_of_a_protected_sheet_is_not_written(letters_book: Path) -> None:
    wb = openpyxl.load_workbook(letters_book)
    wb["合同执行情况"].protection.sheet = True
    wb.save(letters_book)
    with pytest.raises(CellRefused) as refused:
        letters(letters_book, RunOptions(as_of=AS_OF, backdate=BACKDATE))
    assert (refused.value.problem, refused.value.sheet) == (P.LOCKED_CELL, "合同执行情况") and refused.value.cell


def _protect(path: Path, sheet: str) -> None:
    wb = openpyxl.load_workbook(path)
    wb[sheet].protection.sheet = True
    wb.save(path)


def test_a_protected_archive_is_refused_before_any_letter(letters_book: Path) -> None:
    letters(letters_book, RunOptions(as_of=AS_OF, backdate=BACKDATE))  # 函件归档 made
    _protect(letters_book, "函件归档")
    before = letters_book.read_bytes()
    with pytest.raises(SaveRefused) as refused:
        letters(letters_book, RunOptions(as_of=days(8), backdate=BACKDATE))
    assert (refused.value.problem, refused.value.items) == (P.SHEETS_PROTECTED, ("函件归档",))
    assert letters_book.read_bytes() == before
    assert not (letters_book.parent / "催款函" / days(8).isoformat()).exists()  # no letter written


def test_a_protected_board_is_refused_by_letters_and_refresh_and_keeps_its_protection(letters_book: Path) -> None:
    refresh(letters_book, RunOptions(as_of=AS_OF))
    _protect(letters_book, "催款看板")
    before = letters_book.read_bytes()
    for job, options in ((letters, RunOptions(as_of=AS_OF, backdate=BACKDATE)), (refresh, RunOptions(as_of=AS_OF))):
        with pytest.raises(SaveRefused) as refused:
            job(letters_book, options)
        assert (refused.value.problem, refused.value.items) == (P.SHEETS_PROTECTED, ("催款看板",))
        assert letters_book.read_bytes() == before
    assert not (letters_book.parent / "催款函").exists()
    refused = runner.invoke(app, ["refresh", str(letters_book), "--as-of", AS_OF.isoformat()])
    assert refused.exit_code == 2 and "催款看板 受保护" in refused.stderr
    assert openpyxl.load_workbook(letters_book)["催款看板"].protection.sheet


def test_an_unprotected_board_keeps_being_rebuilt(letters_book: Path) -> None:
    refresh(letters_book, RunOptions(as_of=AS_OF))
    nothing_protected = b'</sheetData><sheetProtection sheet="0" objects="1"/>'
    _edit(letters_book, "xl/worksheets/sheet3.xml", b"</sheetData>", nothing_protected)
    refresh(letters_book, RunOptions(as_of=days(1)))
    assert letters(letters_book, RunOptions(as_of=days(1), backdate=BACKDATE)).made


def test_no_sheet_is_added_to_a_workbook_whose_structure_is_locked(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "l.xlsx", ROWS)
    _edit(book, "xl/workbook.xml", b"<workbookProtection/>", b'<workbookProtection lockStructure="1"/>')
    with pytest.raises(SaveRefused) as refused:
        refresh(book, RunOptions(as_of=AS_OF))
    # the first sheet a refresh adds is the log it finds missing
    assert (refused.value.problem, refused.value.sheet) == (P.BOOK_STRUCTURE_LOCKED, "跟进记录")


def _calc(path: Path) -> bytes:
    found = re.search(rb"<calcPr[^>]*>", _part(path, "xl/workbook.xml"))
    return found[0] if found else b""


@pytest.mark.parametrize(("formula", "recalculates"), [("='催款看板'!A2", True), ("=SUM(E2:E3)", False)])
def test_a_formula_reading_our_sheet_makes_excel_recalculate(tmp_path: Path, formula: str, recalculates: bool) -> None:
    book = write_workbook(tmp_path / "f.xlsx", ROWS)
    wb = openpyxl.load_workbook(book)
    wb.create_sheet("汇总")["A1"] = formula
    wb.save(book)
    _edit(book, "xl/workbook.xml", b'fullCalcOnLoad="1"', b"")
    refresh(book, RunOptions(as_of=AS_OF))
    assert (b'fullCalcOnLoad="1"' in _calc(book)) is recalculates


def test_a_1904_workbook_gets_its_dates_right(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "m.xlsx", ROWS)
    wb = openpyxl.load_workbook(book)
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    wb.save(book)
    make_templates(tmp_path / "函件模板")
    letters(book, RunOptions(as_of=AS_OF, backdate=BACKDATE))
    refresh(book, RunOptions(as_of=AS_OF))
    wb = openpyxl.load_workbook(book)
    assert wb["函件归档"]["B2"].value.date() == AS_OF
    assert wb["合同执行情况"]["J2"].value.date() == AS_OF  # 最近催款信日期, added at the right


def test_chart_and_data_validation_survive_a_refresh(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "v.xlsx", ROWS)
    wb = openpyxl.load_workbook(book)
    ws = wb["合同执行情况"]
    rule = DataValidation(type="list", formula1='"首付款,分期款,尾款,定金"', allow_blank=True)
    rule.add("D2:D100")
    ws.add_data_validation(rule)
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=5, min_row=1, max_row=3), titles_from_data=True)
    ws.add_chart(chart, "P2")
    wb.save(book)
    before = _part(book, "xl/worksheets/sheet1.xml")
    assert runner.invoke(app, ["refresh", str(book), "--as-of", AS_OF.isoformat()]).exit_code == 0
    assert _part(book, "xl/worksheets/sheet1.xml") == before
    after = openpyxl.load_workbook(book)["合同执行情况"]
    assert len(after._charts) == 1
    assert [str(v.sqref) for v in after.data_validations.dataValidation] == ["D2:D100"]


@pytest.mark.parametrize(
    ("xml", "cells", "expected"),
    [
        (b'<x:worksheet xmlns:x="m"><x:sheetData/></x:worksheet>', [(2, 1, 5)],
         b'<x:worksheet xmlns:x="m"><x:sheetData><x:row r="2"><x:c r="A2"><x:v>5</x:v></x:c></x:row></x:sheetData></x:worksheet>'),
        (b'<worksheet><sheetData><row r="1" spans="1:1"><c r="A1"><v>1</v></c></row><row r="3"/></sheetData></worksheet>',
         [(3, 2, "yes"), (1, 3, True), (2, 1, None)],
         b'<worksheet><sheetData><row r="1" spans="1:3"><c r="A1"><v>1</v></c><c r="C1" t="b"><v>1</v></c></row>'
         b'<row r="2"><c r="A2"/></row><row r="3"><c r="B3" t="inlineStr"><is><t>yes</t></is></c></row></sheetData></worksheet>'),
        (b'<worksheet><dimension ref="A1:C2"/><sheetData><row><c><v>1</v></c><c r="C1" s="4"><f>A1</f><v>1</v></c></row>'
         b'<row><c><v>2</v></c></row></sheetData></worksheet>', [(2, 2, "a&b"), (1, 2, 1.5), (2, 4, 7)],
         b'<worksheet><dimension ref="A1:D2"/><sheetData><row><c><v>1</v></c><c r="B1"><v>1.5</v></c><c r="C1" s="4"><f>A1</f>'
         b'<v>1</v></c></row><row><c><v>2</v></c><c r="B2" t="inlineStr"><is><t>a&amp;b</t></is></c><c r="D2"><v>7</v></c>'
         b'</row></sheetData></worksheet>'),
    ],
)  # fmt: skip
def test_cells_are_spliced_into_the_sheet_xml(
    xml: bytes, cells: list[tuple[int, int, object]], expected: bytes
) -> None:
    sheet = SheetXml(xml)
    for row, column, value in cells:
        sheet.set(row, column, value, style=0)
    assert sheet.to_bytes() == expected
