"""A headless save refuses, naming what and where, when openpyxl would drop part of the user's
workbook; --force goes on (with the backup); what openpyxl keeps survives a refresh."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.worksheet.datavalidation import DataValidation
from typer.testing import CliRunner

from dunning.cli import app
from dunning.sheets.fidelity import losses

from conftest import AS_OF, days, write_workbook

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


def _with_sparklines(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    ext = (b'<extLst><ext uri="{05C60535-1F16-4fd2-B633-F4F36F0B64E0}" '
           b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:sparklineGroups/></ext></extLst>')  # fmt: skip
    _rewrite(path, {"xl/worksheets/sheet1.xml": sheet.replace(b"</worksheet>", ext + b"</worksheet>")})


def _with_text_box(path: Path) -> None:
    rels = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/drawing" Target="../drawings/drawing1.xml"/></Relationships>')  # fmt: skip
    drawing = (b'<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"><xdr:twoCellAnchor>'
               b'<xdr:sp macro="" textlink=""><xdr:txBody/></xdr:sp></xdr:twoCellAnchor></xdr:wsDr>')  # fmt: skip
    _rewrite(path, {"xl/worksheets/_rels/sheet1.xml.rels": rels, "xl/drawings/drawing1.xml": drawing})


def test_plain_workbook_loses_nothing(tmp_path: Path) -> None:
    assert losses(write_workbook(tmp_path / "a.xlsx", ROWS)) == []


@pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")  # openpyxl's own word that it drops them
@pytest.mark.parametrize(("damage", "expected"), [(_with_sparklines, "「合同执行情况」：迷你图"),
                                                  (_with_text_box, "「合同执行情况」：形状或文本框")])  # fmt: skip
def test_what_would_be_lost_is_named_and_the_save_refused(tmp_path: Path, damage, expected: str) -> None:  # noqa: ANN001
    book = write_workbook(tmp_path / "a.xlsx", ROWS)
    damage(book)
    assert losses(book) == [expected]
    before = book.read_bytes()
    refused = runner.invoke(app, ["refresh", str(book), "--as-of", AS_OF.isoformat()])
    assert refused.exit_code == 2 and expected in refused.stderr and "--force" in refused.stderr
    assert book.read_bytes() == before
    forced = runner.invoke(app, ["refresh", str(book), "--as-of", AS_OF.isoformat(), "--force"])
    assert forced.exit_code == 0, forced.output
    assert list((tmp_path / ".dunning-backup").glob("a.*.xlsx"))


def test_comments_formatting_is_named(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "c.xlsx", ROWS)
    wb = openpyxl.load_workbook(book)
    wb["合同执行情况"]["B2"].comment = Comment("客户要求延期", "李娜")
    wb.save(book)
    assert losses(book) == ["「合同执行情况」：批注的格式（批注文字保留）"]


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
    assert losses(book) == []
    assert runner.invoke(app, ["refresh", str(book), "--as-of", AS_OF.isoformat()]).exit_code == 0
    after = openpyxl.load_workbook(book)["合同执行情况"]
    assert len(after._charts) == 1
    assert [str(v.sqref) for v in after.data_validations.dataValidation] == ["D2:D100"]
