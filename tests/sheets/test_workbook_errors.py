"""A refused workbook says what, and about which file, sheet, part or cell, as data: each kind of
WorkbookRefused met on a real file, its problem and facts asserted (the words: tests/core/test_error_text.py)."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from dunning.core.board import decide_table
from dunning.core.errors import (
    AsOfOutOfRange,
    CellRefused,
    FileRefused,
    HeaderRefused,
    PackageDamaged,
    PackageTooLarge,
    SaveRefused,
    SheetMissing,
    WorkbookError,
    ZipUnsupported,
)
from dunning.core.problems import WorkbookProblem as P
from dunning.core.rules_sheet import load_rules
from dunning.jobs import RunOptions, refresh
from dunning.sheets.file_book import FileBook
from dunning.sheets.layout import Cell
from dunning.sheets.ooxml import OoxmlBook
from dunning.sheets.package_scan import MAX_CELLS
from dunning.sheets.reader import read_values
from dunning.sheets.verify import verify
from raw_package import HEADER, one_sheet, row, text_cell

from conftest import AS_OF, days, write_workbook

ROWS = [["1-101", "HT1", "张三", "首付款", 1000, 0, days(-3)]]


def _parts(path: Path, changes: dict[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> Path:
    """The workbook's zip written again with `changes` (a part's bytes, or a new part)."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts.update(changes)
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _workbook_xml(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/workbook.xml")


def test_file_refused_names_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "无.xlsx"
    with pytest.raises(FileRefused) as refused:
        read_values(missing)
    assert (refused.value.problem, refused.value.file) == (P.NOT_FOUND, str(missing))
    with pytest.raises(FileRefused) as refused:
        read_values(tmp_path)
    assert (refused.value.problem, refused.value.file) == (P.IS_FOLDER, str(tmp_path))
    text = tmp_path / "名单.csv"
    text.write_text("合同编号,客户姓名\n", encoding="utf-8")
    with pytest.raises(FileRefused) as refused:
        read_values(text)
    assert (refused.value.problem, refused.value.file) == (P.TEXT_FILE, "名单.csv")
    old = write_workbook(tmp_path / "t.xlsx", ROWS).rename(tmp_path / "t.xls")
    with pytest.raises(FileRefused) as refused:
        FileBook(old)
    assert (refused.value.problem, refused.value.file) == (P.NOT_XLSX, "t.xls")


def test_package_damaged_names_the_part(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "坏.xlsx", ROWS)
    _parts(book, {"xl/workbook.xml": _workbook_xml(book)[:-20]})  # cut short: no closing tag
    with pytest.raises(PackageDamaged) as refused:
        read_values(book)
    facts = refused.value
    assert (facts.problem, facts.file, facts.part) == (P.PART_XML, "坏.xlsx", "xl/workbook.xml") and facts.detail


def test_a_part_in_an_unknown_encoding_is_named_with_its_file_once(tmp_path: Path) -> None:
    """Found while the package's parts are listed: the file's name was put before it twice."""
    book = write_workbook(tmp_path / "编码.xlsx", ROWS)
    xml = _workbook_xml(book)
    body = xml[xml.index(b"?>") + 2 :] if xml.startswith(b"<?xml") else xml
    _parts(book, {"xl/workbook.xml": b'<?xml version="1.0" encoding="x-klingon"?>' + body})
    with pytest.raises(PackageDamaged) as refused:
        read_values(book)
    assert (refused.value.problem, refused.value.part) == (P.PART_ENCODING, "xl/workbook.xml")
    assert str(refused.value).startswith("编码.xlsx: 部件 xl/workbook.xml 的文字编码无法读取")


def test_a_checksum_failure_met_while_writing_names_part_and_file(tmp_path: Path) -> None:
    book = _parts(write_workbook(tmp_path / "校验.xlsx", ROWS), {}, method=zipfile.ZIP_STORED)
    blob = bytearray(book.read_bytes())
    at = blob.index(b"<sheets>")  # inside xl/workbook.xml's stored bytes
    blob[at + 1] = ord("S")
    book.write_bytes(bytes(blob))
    with pytest.raises(PackageDamaged) as refused:
        OoxmlBook(book)
    assert (refused.value.problem, refused.value.file, refused.value.part) == (
        P.CHECKSUM,
        "校验.xlsx",
        "xl/workbook.xml",
    )


def test_zip_unsupported_names_the_entry(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "压缩.xlsx", ROWS)
    with zipfile.ZipFile(book, "a", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("docProps/custom.xml", b"<x/>")
    with pytest.raises(ZipUnsupported) as refused:
        OoxmlBook(book)
    assert (refused.value.problem, refused.value.file, refused.value.part) == (
        P.ENTRY_ENCODING,
        "压缩.xlsx",
        "docProps/custom.xml",
    )


def test_package_too_large_gives_the_extent_and_the_limit(tmp_path: Path) -> None:
    head = row([text_cell(h, f"{'ABCDEF'[i]}1") for i, h in enumerate(HEADER)], 1)
    far = one_sheet(tmp_path / "远.xlsx", head + '<row r="290000"><c r="XFD290000"><v>1</v></c></row>')
    with pytest.raises(PackageTooLarge) as refused:
        read_values(far)
    f = refused.value
    assert (f.problem, f.file, f.sheet, f.row, f.column, f.limit) == (
        P.TOO_MANY_CELLS,
        "远.xlsx",
        "合同执行情况",
        290_000,
        16_384,
        MAX_CELLS,
    )


def test_sheet_missing_names_the_sheet(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "无归档.xlsx", ROWS)
    with pytest.raises(SheetMissing) as refused:
        verify(book)
    assert (refused.value.problem, refused.value.file, refused.value.sheet) == (P.NO_SHEET, "无归档.xlsx", "函件归档")
    rules_only = tmp_path / "规则.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "催款规则"
    wb.save(rules_only)
    with pytest.raises(SheetMissing) as refused:
        read_values(rules_only).data_table()
    assert (refused.value.problem, refused.value.file) == (P.NO_DATA_SHEET, "规则.xlsx")


def test_header_refused_names_sheet_row_and_missing_columns(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "表头.xlsx", ROWS, header=("房号", "合同编号", "客户姓名", "款项类型", "应收金额"))
    with pytest.raises(HeaderRefused) as refused:
        refresh(book, RunOptions(as_of=AS_OF))
    f = refused.value
    assert (f.problem, f.sheet, f.row, f.value) == (P.MISSING_COLUMNS, "合同执行情况", 1, ("due_date",))


def test_cell_refused_names_sheet_and_cell(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "公式.xlsx", ROWS)
    wb = openpyxl.load_workbook(book)
    wb["合同执行情况"]["I2"] = "=1+1"
    wb.save(book)
    with pytest.raises(CellRefused) as refused:
        OoxmlBook(book).write("合同执行情况", [Cell(2, 9, 1)])
    f = refused.value
    assert (f.problem, f.sheet, f.cell, f.row, f.column) == (P.FORMULA_CELL, "合同执行情况", "I2", 2, 9)


def test_save_refused_names_the_program_that_has_it_open(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "开着.xlsx", ROWS)
    (tmp_path / "~$开着.xlsx").write_bytes(b"someone")
    with pytest.raises(SaveRefused) as refused:
        refresh(book, RunOptions(as_of=AS_OF))
    assert (refused.value.problem, refused.value.file, refused.value.detail) == (P.OPEN_ELSEWHERE, "开着.xlsx", "Excel")


def test_a_named_kind_is_still_a_workbook_error_and_can_be_named_with_its_file() -> None:
    bare = PackageDamaged(P.CHECKSUM, part="xl/workbook.xml")
    named = bare.in_file("台账.xlsx")
    assert isinstance(named, PackageDamaged) and isinstance(named, WorkbookError)
    assert (named.file, named.part, str(named)) == ("台账.xlsx", "xl/workbook.xml", f"台账.xlsx: {bare}")


def test_as_of_out_of_range_carries_the_day() -> None:
    with pytest.raises(AsOfOutOfRange) as refused:
        decide_table([], load_rules(None), as_of=date(1900, 12, 31), sheet="合同执行情况")
    assert (refused.value.as_of, refused.value.first.year, refused.value.last.year) == (date(1900, 12, 31), 1901, 9898)


def test_a_cell_refused_while_updating_a_file_names_the_file(tmp_path: Path) -> None:
    """The formula in a tracking column, met by `dunning letters`: the message said the sheet and cell
    but not the workbook."""
    book = write_workbook(tmp_path / "台账.xlsx", ROWS)
    wb = openpyxl.load_workbook(book)
    wb["合同执行情况"]["I2"] = "=1+1"
    wb.save(book)
    with pytest.raises(CellRefused) as refused:
        FileBook(book).write("合同执行情况", [Cell(2, 9, 1)])
    assert (refused.value.file, refused.value.cell) == ("台账.xlsx", "I2")
    assert str(refused.value).startswith("台账.xlsx: 「合同执行情况」I2 是公式")
