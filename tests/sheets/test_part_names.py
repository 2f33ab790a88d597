"""Part names as OPC compares them (ECMA-376 Part 2, §6.2.2.3: names that differ only in the case of
ASCII letters are one part), and the workbook part wherever `_rels/.rels` puts it. A workbook whose
writer capitalised its part names (Cognos: `xl/worksheets/Sheet1.xml`) gets no `sheet1.xml` beside
them; a workbook part at `xl/Workbook.xml` or `wb/book.xml` is refreshed and written to; every part
not ours stays the same bytes."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dunning.cli import app
from dunning.jobs import RunOptions, letters, refresh
from dunning.sheets.fidelity import refusals
from dunning.sheets.ooxml.package import Package, PartNamesClash
from dunning.sheets.ooxml.workbook import WorkbookXml
from dunning.sheets.ooxml.zipraw import read_entries
from package_helpers import ReadsTwin, assert_foreign_parts_kept, raw, rezip

from conftest import AS_OF, BACKDATE, days, write_workbook
from letters_helpers import make_templates

runner = CliRunner()
ROWS = [["1-101", "HT1", "张三", "首付款", 1000, 0, days(-3)], ["1-102", "HT2", "李四", "尾款", 2000, 0, days(5)]]
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


def board_rows(path: Path) -> list[tuple[str, str]]:
    result = runner.invoke(app, ["board", str(path), "--as-of", AS_OF.isoformat(), "--json"])
    assert result.exit_code == 0, result.output
    return [(row["contract_no"], row["stage"]) for row in json.loads(result.stdout)]


@pytest.fixture
def book(tmp_path: Path) -> Path:
    make_templates(tmp_path / "函件模板")
    header = ("房号", "合同编号", "客户姓名", "款项类型", "应收金额", "已收金额", "约定付款日期")
    return write_workbook(tmp_path / "plain.xlsx", ROWS, header=header)


def capitalised(name: str, *, folders: str) -> str:
    """Part names as Cognos writes them: `xl/worksheets/Sheet1.xml` (and `xl/theme/Theme1.xml`, `xl/Styles.xml`)."""
    return re.sub(rf"(?<=/)({folders})(?=\d*\.xml)", lambda m: m[1].capitalize(), name)


@pytest.mark.parametrize("folders", ["sheet", "sheet|theme|styles"])
def test_capitalised_part_names_get_no_equivalent_names_beside_them(book: Path, tmp_path: Path, folders: str) -> None:
    def edit(name: str, data: bytes) -> bytes:
        changed = name.endswith(".rels") or name.startswith("[")
        return capitalised(data.decode(), folders=folders).encode() if changed else data

    cognos = rezip(book, tmp_path / "cognos.xlsx", lambda name: capitalised(name, folders=folders), edit)
    shared = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/styles.xml"}
    refreshed_and_written(cognos, changed=shared | {"xl/worksheets/Sheet1.xml"})  # the team's sheet read, not the board
    names = set(raw(cognos))
    assert "xl/worksheets/Sheet1.xml" in names and "xl/worksheets/_rels/sheet1.xml.rels" not in names


def refreshed_and_written(path: Path, *, changed: set[str]) -> None:
    """refresh, letters, refresh: each succeeds, only `changed` parts differ, the board reads as before."""
    original = path.with_name("original.xlsx")
    original.write_bytes(path.read_bytes())
    expected = board_rows(path)
    for command in (["refresh"], ["letters", "--backdate", BACKDATE], ["refresh"]):
        result = runner.invoke(app, [*command, str(path), "--as-of", AS_OF.isoformat()])
        assert result.exit_code == 0, result.output
    assert_foreign_parts_kept(original, path, changed=changed)
    assert board_rows(path) == expected


def moved_workbook(source: Path, target: Path, part: str) -> Path:
    """The workbook with its workbook part at `part` (its relationships beside it, targets made absolute)."""
    folder, base = part.rsplit("/", 1)
    moves = {"xl/workbook.xml": part, "xl/_rels/workbook.xml.rels": f"{folder}/_rels/{base}.rels"}

    def edit(name: str, data: bytes) -> bytes:
        if name == "xl/_rels/workbook.xml.rels":
            return re.sub(rb'Target="(?!/)', b'Target="/xl/', data)
        if name in ("_rels/.rels", "[Content_Types].xml"):
            return data.replace(b'"xl/workbook.xml"', f'"{part}"'.encode()).replace(
                b'"/xl/workbook.xml"', f'"/{part}"'.encode()
            )
        return data

    return rezip(source, target, lambda name: moves.get(name, name), edit)


def test_a_workbook_part_at_another_name_is_refreshed_and_written_to(book: Path, tmp_path: Path) -> None:
    moved = moved_workbook(book, tmp_path / "moved.xlsx", "xl/Workbook.xml")
    shared = {"xl/Workbook.xml", "xl/_rels/Workbook.xml.rels", "[Content_Types].xml", "xl/styles.xml"}
    refreshed_and_written(moved, changed=shared | {"xl/worksheets/sheet1.xml"})
    assert "xl/workbook.xml" not in raw(moved)
    assert [s.name for s in WorkbookXml(Package.open(moved)).sheets()] == [
        "合同执行情况",
        "催款看板",
        "今日待办",
        "催款规则",
        "跟进记录",  # added empty by the first run that finds none
        "函件归档",
    ]


def test_a_workbook_part_outside_xl_is_refreshed_and_written_to(book: Path, tmp_path: Path) -> None:
    moved = moved_workbook(book, tmp_path / "wb.xlsx", "wb/book.xml")
    original = tmp_path / "original.xlsx"
    original.write_bytes(moved.read_bytes())
    refresh(ReadsTwin(moved, book), RunOptions(as_of=AS_OF))
    made = letters(ReadsTwin(moved, book), RunOptions(as_of=AS_OF, backdate=BACKDATE)).made
    assert [m.letter.contract_no for m in made] == ["HT1"]
    shared = {"wb/book.xml", "wb/_rels/book.xml.rels", "[Content_Types].xml", "xl/styles.xml"}
    assert_foreign_parts_kept(original, moved, changed=shared | {"xl/worksheets/sheet1.xml"})
    package = Package.open(moved)
    assert "xl/workbook.xml" not in package
    sheets = {s.name: s.part for s in WorkbookXml(package).sheets()}
    assert list(sheets) == ["合同执行情况", "催款看板", "今日待办", "催款规则", "跟进记录", "函件归档"]
    assert "已发催款信次数".encode() in package.read(sheets["合同执行情况"])
    assert b"HT1" in package.read(sheets["函件归档"]) and b"HT2" in package.read(sheets["催款看板"])


def test_a_name_finds_its_part_whatever_the_case(tmp_path: Path) -> None:
    package = _package(tmp_path)
    assert package.read("XL/WORKSHEETS/SHEET1.XML") == b"<worksheet/>"
    assert "xl/worksheets/sheet1.xml" in package
    package.put("xl/worksheets/sheet1.xml", b"<worksheet><sheetData/></worksheet>")
    package.remove("XL/DRAWINGS/DRAWING1.XML")
    assert "xl/drawings/Drawing1.xml" not in package
    package.put("xl/drawings/drawing1.xml", b"<wsDr/>")  # back in its place, as it was spelled
    names = [entry.name for entry in read_entries(package.to_bytes())[0]]
    assert names == [entry.name for entry in read_entries(_zip(tmp_path).read_bytes())[0]]


def test_relationships_find_their_targets_whatever_the_case(tmp_path: Path) -> None:
    package = _package(tmp_path)
    assert [rel.target for rel in package.rels("xl/worksheets/sheet1.xml")] == ["xl/drawings/Drawing1.xml"]
    assert package.owned_tree("xl/worksheets/sheet1.xml") == {
        "xl/worksheets/Sheet1.xml",
        "xl/worksheets/_rels/SHEET1.XML.rels",
        "xl/drawings/Drawing1.xml",
        "xl/drawings/_rels/drawing1.xml.rels",
        "xl/charts/chart1.xml",
    }
    package.remove_rels_to("xl/Worksheets/sheet1.xml", {"XL/drawings/drawing1.xml"})
    assert package.rels("xl/worksheets/Sheet1.xml") == []


def test_new_names_are_free_in_any_case(tmp_path: Path) -> None:
    package = _package(tmp_path)
    assert package.free_name("xl/worksheets/sheet{}.xml") == "xl/worksheets/sheet3.xml"  # _rels/sheet2.xml.rels stray
    assert package.free_name("xl/charts/chart{}.xml") == "xl/charts/chart2.xml"
    assert package.free_name("xl/drawings/drawing{}.xml") == "xl/drawings/drawing2.xml"


def test_content_types_compare_names_and_extensions_in_any_case(tmp_path: Path) -> None:
    package = _package(tmp_path)
    assert package.content_type("xl/worksheets/sheet1.xml") == "worksheet"  # Override /XL/WORKSHEETS/SHEET1.XML
    assert package.content_type("xl/charts/chart1.xml") == "application/xml"  # Default Extension="XML"
    package.set_content_types({"xl/worksheets/sheet1.xml": "other"})
    overrides = re.findall(rb'PartName="([^"]*)"', package.read("[Content_Types].xml"))
    assert overrides == [b"/xl/worksheets/Sheet1.xml"]  # replaced, spelled as the part is


def test_two_names_for_one_part_are_refused_and_nothing_is_written(book: Path, tmp_path: Path) -> None:
    twice = rezip(book, tmp_path / "twice.xlsx", lambda n: n, lambda _n, d: d)
    with zipfile.ZipFile(twice, "a") as archive:
        archive.writestr("xl/worksheets/Sheet1.xml", b"<worksheet/>")  # what the old save left beside sheet1.xml
    before = twice.read_bytes()
    with pytest.raises(PartNamesClash):
        Package(before)
    result = runner.invoke(app, ["refresh", str(twice), "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 2 and "只差大小写" in result.stderr
    assert twice.read_bytes() == before


def _zip(tmp_path: Path) -> Path:
    parts = {
        "[Content_Types].xml": f'<Types xmlns="{TYPES_NS}"><Default Extension="XML" ContentType="application/xml"/>'
        '<Override PartName="/XL/WORKSHEETS/SHEET1.XML" ContentType="worksheet"/></Types>',
        "xl/worksheets/Sheet1.xml": "<worksheet/>",
        "xl/worksheets/_rels/SHEET1.XML.rels": f'<Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" '
        'Type="http://x/drawing" Target="../drawings/drawing1.xml"/></Relationships>',
        "xl/drawings/Drawing1.xml": "<wsDr/>",
        "xl/drawings/_rels/drawing1.xml.rels": f'<Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" '
        'Type="http://x/chart" Target="/XL/Charts/Chart1.xml"/></Relationships>',
        "xl/charts/chart1.xml": "<chartSpace/>",
        "xl/worksheets/_rels/Sheet2.xml.rels": f'<Relationships xmlns="{RELS_NS}"/>',
    }
    path = tmp_path / "names.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def _package(tmp_path: Path) -> Package:
    return Package.open(_zip(tmp_path))


def test_what_a_save_would_break_is_found_in_a_workbook_part_at_another_name(book: Path, tmp_path: Path) -> None:
    moved = moved_workbook(book, tmp_path / "moved.xlsx", "xl/Workbook.xml")
    sharing = b'<fileSharing userName="lina" hashValue="abc=" saltValue="def="/><workbookPr'
    rezip(moved, tmp_path / "locked.xlsx", lambda n: n, lambda n, d: d.replace(b"<workbookPr", sharing, 1))
    assert [r.what.split("（")[0] for r in refusals(tmp_path / "locked.xlsx")] == ["修改权限密码"]
