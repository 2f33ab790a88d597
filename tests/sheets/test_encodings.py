"""Parts written in UTF-16 (allowed by XML and by OPC): a part the save changes (the workbook part, its
relationships, the content types, styles, the team's sheet for the tracking cells) is read right and
written back as UTF-8 with a declaration that says so; a UTF-16 part the save does not change stays
the same bytes."""

from __future__ import annotations

import codecs
import json
import re
import shutil
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from dunning.cli import app
from dunning.jobs import letters, letters_file, refresh, refresh_file
from dunning.letters.batch import LetterOptions
from dunning.sheets.ooxml.package import Package, as_utf8
from package_helpers import ReadsTwin, assert_foreign_parts_kept, rezip

from conftest import AS_OF, days, write_workbook
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
    refresh(ReadsTwin(wide, plain), as_of=AS_OF)  # calamine cannot read a UTF-16 workbook part: dunning.sheets.reader's
    assert [m.letter.contract_no for m in letters(ReadsTwin(wide, plain), LetterOptions(as_of=AS_OF)).made] == ["HT1"]
    refresh_file(plain, as_of=AS_OF)
    letters_file(plain, as_of=AS_OF)
    assert_foreign_parts_kept(original, wide, changed=set(CHANGED))
    package = Package.open(wide)
    for name in CHANGED:
        assert package.read(name).startswith(b'<?xml version="1.0" encoding="UTF-8"'), name
        etree.fromstring(package.read(name))
    assert team_cells(wide) == team_cells(plain)  # the tracking cells written as in the UTF-8 twin


def team_cells(path: Path) -> list[tuple[object, ...]]:
    import openpyxl

    return list(openpyxl.load_workbook(path)["合同执行情况"].iter_rows(values_only=True))
