"""Parts written in UTF-16 (allowed by XML and by OPC): a part the save changes (the workbook part, its
relationships, the content types, styles, the team's sheet for the tracking cells) is read right and
written back as UTF-8 with a declaration that says so; a UTF-16 part the save does not change stays
the same bytes."""

from __future__ import annotations

import codecs
import json
import re
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from lxml import etree
from typer.testing import CliRunner

from dunning.cli import app
from dunning.jobs import RunOptions, board_of, letters, refresh
from dunning.sheets.ooxml.package import Package, as_utf8
from dunning.sheets.reader import read_values
from package_helpers import assert_foreign_parts_kept, rezip

from conftest import AS_OF, BACKDATE, days, write_workbook
from letters_helpers import make_templates

runner = CliRunner()
ROWS = [["1-101", "HT1", "张三", "首付款", 1000, 0, days(-3)], ["1-102", "HT2", "李四", "尾款", 2000, 0, days(5)]]
DECLARED_UTF8 = b'<?xml version="1.0" encoding="UTF-8"?><a x="&#38;">\xe6\xb1\x89</a>'


def utf16(data: bytes, *, bom: bool = True, codec: str = "utf-16-le") -> bytes:
    body = re.sub(r"^<\?xml[^>]*\?>\s*", "", data.decode("utf-8"))
    text = '<?xml version="1.0" encoding="UTF-16" standalone="yes"?>\r\n' + body
    mark = (codecs.BOM_UTF16_LE if codec == "utf-16-le" else codecs.BOM_UTF16_BE) if bom else b""
    return mark + text.encode(codec)


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        (utf16(DECLARED_UTF8), b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<a x="&#38;">\xe6\xb1\x89</a>'),
        (utf16(DECLARED_UTF8, codec="utf-16-be"), b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<a x="&#38;">\xe6\xb1\x89</a>'),
        (utf16(DECLARED_UTF8, bom=False), b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<a x="&#38;">\xe6\xb1\x89</a>'),
        ("<?xml version='1.0' encoding='GB2312'?><a>汉</a>".encode("gb2312"), "<?xml version='1.0' encoding='UTF-8'?><a>汉</a>".encode()),
        (codecs.BOM_UTF16_LE + "<a>汉</a>".encode("utf-16-le"), "<a>汉</a>".encode()),
    ],
    ids=["utf-16le", "utf-16be", "utf-16le without a byte order mark", "gb2312", "utf-16 undeclared"],
)  # fmt: skip
def test_a_part_in_another_encoding_is_reencoded_as_utf8(xml: bytes, expected: bytes) -> None:
    assert as_utf8(xml) == expected
    assert etree.fromstring(expected).text == "汉"


@pytest.mark.parametrize("xml", [DECLARED_UTF8, b"<a/>", codecs.BOM_UTF8 + b'<?xml version="1.0"?><a/>'])
def test_a_utf8_part_is_left_as_it_is(xml: bytes) -> None:
    assert as_utf8(xml) is xml


def test_an_unknown_encoding_is_named() -> None:
    with pytest.raises(ValueError, match="未知的 XML 编码 x-klingon"):
        as_utf8(b'<?xml version="1.0" encoding="x-klingon"?><a/>')


CHANGED = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/styles.xml",
           "xl/worksheets/sheet1.xml")  # fmt: skip
UNTOUCHED = ("docProps/core.xml", "docProps/app.xml", "xl/theme/theme1.xml", "xl/worksheets/sheet2.xml")


def board_json(path: Path) -> list[dict[str, object]]:
    result = runner.invoke(app, ["board", str(path), "--as-of", AS_OF.isoformat(), "--json"])
    assert result.exit_code == 0, result.output
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


def test_utf16_parts_are_read_and_changed_ones_written_as_utf8(tmp_path: Path) -> None:
    header = ("房号", "合同编号", "客户姓名", "款项类型", "应收金额", "已收金额", "约定付款日期")
    for folder in ("plain", "wide"):  # each with its letters
        make_templates(tmp_path / folder / "函件模板")
    plain = write_workbook(tmp_path / "plain" / "t.xlsx", ROWS, header=header)
    wide = rezip(
        plain, tmp_path / "wide" / "t.xlsx", lambda n: n, lambda n, d: utf16(d) if n in CHANGED + UNTOUCHED else d
    )
    original = tmp_path / "original.xlsx"
    shutil.copyfile(wide, original)
    refresh(wide, RunOptions(as_of=AS_OF))
    assert [m.letter.contract_no for m in letters(wide, RunOptions(as_of=AS_OF, backdate=BACKDATE)).made] == ["HT1"]
    refresh(plain, RunOptions(as_of=AS_OF))
    letters(plain, RunOptions(as_of=AS_OF, backdate=BACKDATE))
    assert_foreign_parts_kept(original, wide, changed=set(CHANGED))
    package = Package.open(wide)
    for name in CHANGED:
        assert package.read(name).startswith(b'<?xml version="1.0" encoding="UTF-8"'), name
        etree.fromstring(package.read(name))
    assert team_cells(wide) == team_cells(plain)  # the tracking cells written as in the UTF-8 twin
    assert board_json(wide) == board_json(plain)


def team_cells(path: Path) -> list[tuple[object, ...]]:
    import openpyxl

    return list(openpyxl.load_workbook(path)["合同执行情况"].iter_rows(values_only=True))


UTF16_READ = ("xl/workbook.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml")


@pytest.mark.parametrize(("bom", "codec"), [(True, "utf-16-le"), (True, "utf-16-be"), (False, "utf-16-le")])
def test_a_workbook_with_utf16_sheet_workbook_and_shared_strings_reads_as_its_utf8_twin(
    tmp_path: Path, bom: bool, codec: str
) -> None:
    plain = tmp_path / "plain.xlsx"  # xlsxwriter: its text in a sharedStrings part (openpyxl writes it inline)
    with xlsxwriter.Workbook(plain) as wb:
        ws, dated = wb.add_worksheet("合同执行情况"), wb.add_format({"num_format": "yyyy-mm-dd"})
        ws.write_row(0, 0, ("房号", "合同编号", "客户姓名", "款项类型", "应收金额", "已收金额", "约定付款日期"))
        for at, (*cells, due) in enumerate(ROWS, start=1):
            ws.write_row(at, 0, cells)
            ws.write_datetime(at, len(cells), datetime.combine(due, datetime.min.time()), dated)
    wide = rezip(
        plain,
        tmp_path / "wide.xlsx",
        lambda n: n,
        lambda n, d: utf16(d, bom=bom, codec=codec) if n in UTF16_READ else d,
    )
    with zipfile.ZipFile(wide) as package:
        assert set(UTF16_READ) <= set(package.namelist())
    assert board_json(wide) == board_json(plain)


def test_an_uncomputed_formula_in_a_utf16_sheet_makes_its_row_invalid(tmp_path: Path) -> None:
    path = tmp_path / "f.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "合同执行情况"
    ws.append(["合同编号", "客户姓名", "应收金额", "已收金额", "约定付款日期"])
    ws.append(["HT-1", "张三", 100000, "=SUMIFS(财务!B:B,财务!A:A,A2)", datetime(2026, 11, 1)])
    ws.append(["HT-2", "李四", 100000, 0, datetime(2026, 11, 1)])
    wb.save(path)
    wide = rezip(
        path, tmp_path / "wide.xlsx", lambda n: n, lambda n, d: utf16(d) if n.endswith((".xml", ".rels")) else d
    )
    board = {d.sheet_row: d for d in board_of(read_values(wide), RunOptions(as_of=AS_OF)).decisions}
    assert board[2].stage == "invalid"
    assert board[2].problems == ('已收金额: 公式没有计算结果：请在 Excel 中打开并保存一次 "D2 的公式"',)
    assert board[3].stage == "letter"


def klingon(plain: Path, target: Path, part: str) -> Path:
    """The workbook with `part` declared in an encoding nobody knows."""

    def edit(name: str, data: bytes) -> bytes:
        return (
            b'<?xml version="1.0" encoding="x-klingon"?>' + re.sub(rb"^<\?xml[^>]*\?>", b"", data)
            if name == part
            else data
        )

    return rezip(plain, target, lambda n: n, edit)


def test_a_part_the_board_is_read_from_in_an_encoding_nobody_knows_is_named(tmp_path: Path) -> None:
    plain = write_workbook(tmp_path / "plain.xlsx", ROWS)
    unknown = klingon(plain, tmp_path / "k.xlsx", "xl/worksheets/sheet1.xml")
    result = runner.invoke(app, ["board", str(unknown), "--as-of", AS_OF.isoformat(), "--json"])
    assert (result.exit_code, result.stdout) == (2, ""), result.output
    assert result.stderr.strip() == (
        "k.xlsx: 部件 xl/worksheets/sheet1.xml 的文字编码无法读取（未知的 XML 编码 x-klingon），请在 Excel 中打开并另存为 .xlsx"
    )


def test_a_part_the_board_is_not_read_from_in_an_encoding_nobody_knows_is_passed_over(tmp_path: Path) -> None:
    plain = write_workbook(tmp_path / "plain.xlsx", ROWS)
    unknown = klingon(plain, tmp_path / "k.xlsx", "docProps/core.xml")
    assert board_json(unknown) == board_json(plain)
