"""A headless save changes only what the product owns: on workbooks full of features (tests/data/fidelity,
made by tests/data/make_fidelity_corpus.py), after refresh → letters → refresh every zip entry that is
not ours is the same bytes (compressed data and zip records), the team's sheet differs only in the
tracking cells, every cached value reads the same, and openpyxl and LibreOffice open the result."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import python_calamine
from lxml import etree

from dunning.core.table import column_letter
from dunning.jobs import RunOptions, letters, refresh
from dunning.sheets.ooxml.cell_splice import SheetXml
from dunning.sheets.ooxml.package import CONTENT_TYPES, Package, as_utf8, fold, rels_part
from dunning.sheets.ooxml.workbook import WorkbookXml
from dunning.sheets.ooxml.zipraw import read_entries, write_archive

from conftest import AS_OF, BACKDATE
from letters_helpers import make_templates

CORPUS = sorted((Path(__file__).parents[1] / "data" / "fidelity").glob("*.xls[xm]"))
OURS = ("催款看板", "今日待办", "函件归档", "跟进记录")  # 跟进记录: added empty by the first run
TRACKING = ("已发催款信次数", "最近催款信日期", "律师函审批人", "律师函寄出日期")  # the header cells added too


@dataclass(frozen=True)
class Run:
    before: Path
    after: Path
    made: list[str]  # contract numbers written to
    sheets_after_first_refresh: list[str]


@pytest.fixture(scope="module", params=CORPUS, ids=lambda p: p.name)
def run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Run:
    folder = tmp_path_factory.mktemp("lossless")
    make_templates(folder / "函件模板")
    book = folder / request.param.name
    shutil.copyfile(request.param, book)
    refresh(book, RunOptions(as_of=AS_OF))
    first = sheet_names(book)
    made = letters(book, RunOptions(as_of=AS_OF, backdate=BACKDATE)).made
    refresh(book, RunOptions(as_of=AS_OF))
    return Run(request.param, book, [m.letter.contract_no for m in made], first)


def sheet_names(path: Path) -> list[str]:
    return [s.name for s in WorkbookXml(Package.open(path)).sheets()]


def owned_parts(path: Path) -> set[str]:
    """Parts the tool may change: its sheets and what hangs from them, the package records (the workbook
    part wherever it is, its relationships, the content types, styles), the team's sheet."""
    package = Package.open(path)
    book = WorkbookXml(package)
    styles = [rel.target for rel in package.rels(book.part) if rel.type == "styles"]
    parts = {book.part, rels_part(book.part), CONTENT_TYPES, *styles, book.sheets()[0].part}
    for entry in book.sheets():
        if entry.name in OURS:
            parts |= package.owned_tree(entry.part)
    return parts


def raw(path: Path) -> dict[str, tuple[bytes, bytes]]:
    """Entry name → (central directory record without its offset, local header + compressed data)."""
    entries, _ = read_entries(path.read_bytes())
    return {e.name: (e.central[:42] + e.central[46:], e.raw) for e in entries}


def test_every_part_not_ours_is_copied_byte_for_byte(run: Run) -> None:
    before, after = raw(run.before), raw(run.after)
    mine = owned_parts(run.after)
    kept = [name for name in before if name not in mine]
    assert kept, "the corpus file has parts of its own"
    assert [name for name in after if name in kept] == kept  # all there, in the same order
    assert [name for name in kept if before[name] != after[name]] == []
    assert set(before) - set(after) == set()


def test_a_second_refresh_replaces_the_board(run: Run) -> None:
    names = sheet_names(run.after)
    assert names.count("催款看板") == 1 and names.count("函件归档") == 1
    assert names[: len(run.sheets_after_first_refresh)] == run.sheets_after_first_refresh
    assert names.index("催款看板") == 1  # right after the team's sheet
    with zipfile.ZipFile(run.after) as archive:
        charts = [n for n in archive.namelist() if fold(n).startswith("xl/charts/chart")]
    with zipfile.ZipFile(run.before) as archive:
        assert len(charts) == len([n for n in archive.namelist() if fold(n).startswith("xl/charts/chart")]) + 1
    assert len({fold(name) for name in raw(run.after)}) == len(raw(run.after))  # one name for each part


def _cells(xml: bytes) -> dict[str, bytes]:
    root = etree.fromstring(xml)
    return {c.get("r"): etree.tostring(c, method="c14n") for c in root.iter("{*}c")}


def test_the_team_sheet_differs_only_in_the_tracking_cells(run: Run) -> None:
    part = WorkbookXml(Package.open(run.after)).sheets()[0].part
    old_xml, new_xml = (as_utf8(Package.open(p).read(part)) for p in (run.before, run.after))
    old, new = _cells(old_xml), _cells(new_xml)
    header = {c: v for c, v in _header(run.after).items() if v in TRACKING}
    changed = {ref for ref in old.keys() | new.keys() if old.get(ref) != new.get(ref)}
    assert changed, "letters were recorded"
    assert {ref.rstrip("0123456789") for ref in changed} <= set(header)
    new_columns = {c for c in header if f"{c}1" not in old}
    assert all(f"{c}1" in changed for c in new_columns)
    old_sheet, new_sheet = SheetXml(old_xml), SheetXml(new_xml)
    assert old_xml[old_sheet.data_end :] == new_xml[new_sheet.data_end :]  # everything after the cells
    outside = [old_xml[: old_sheet.data_start], new_xml[: new_sheet.data_start]]
    assert _without_dimension(outside[0]) == _without_dimension(outside[1])


def _header(path: Path) -> dict[str, object]:
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    return {column_letter(i): value for i, value in enumerate(rows[0])}


def _without_dimension(xml: bytes) -> bytes:
    return re.sub(rb'<dimension ref="[^"]*"/>', b"", xml)


def _values(path: Path) -> dict[str, list[list[object]]]:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def test_cached_values_survive(run: Run) -> None:
    before, after = _values(run.before), _values(run.after)
    assert set(after) == set(before) | set(OURS)
    tracking = {i for i, name in enumerate(after["合同执行情况"][0]) if name in TRACKING}
    for name, rows in before.items():
        got = after[name]
        if name == "合同执行情况":
            rows = [[v for i, v in enumerate(row) if i not in tracking] for row in rows]
            got = [[v for i, v in enumerate(row) if i not in tracking][: len(before[name][0])] for row in got]
        assert got == rows, name
    assert "HT2" not in run.made  # paid in full, as the cached SUMIFS says


@pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")  # it drops sparklines and data bars on reading
def test_openpyxl_reads_our_sheets(run: Run) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(run.after)
    board = wb["催款看板"]
    assert [c.value for c in board[5]][:4] == ["原表行", "合同编号", "客户姓名", "催款阶段"]
    stages = {row[1]: row[3] for row in board.iter_rows(min_row=6, max_col=4, values_only=True) if row[1]}
    assert stages["HT2"] == "已结清"
    assert len(board._charts) == 1
    assert board.freeze_panes == "D6"
    archive = wb["函件归档"]
    assert [c.value for c in archive[1]][:3] == ["生成时间", "基准日", "合同编号"]
    rows = list(archive.iter_rows(min_row=2, values_only=True))
    assert sorted(r[2] for r in rows) == sorted(run.made)
    assert all(r[1].date() == AS_OF for r in rows)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_the_result_to_pdf(run: Run, tmp_path: Path) -> None:
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(run.after)], check=True, capture_output=True, timeout=300)  # fmt: skip
    pdf = tmp_path / (run.after.stem + ".pdf")
    assert pdf.read_bytes()[:4] == b"%PDF"


def test_a_zip_with_data_descriptors_is_copied_as_it_was(tmp_path: Path) -> None:
    class Unseekable:
        def __init__(self) -> None:
            self.data = bytearray()

        def write(self, chunk: bytes) -> int:
            self.data += chunk
            return len(chunk)

        def flush(self) -> None:
            pass

    stream = Unseekable()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:  # type: ignore[arg-type]
        archive.writestr("a.xml", b"<a/>" * 100)
        archive.writestr("b.bin", bytes(range(256)))
    blob = bytes(stream.data)
    entries, comment = read_entries(blob)
    assert all(e.central[8] & 0x08 for e in entries)  # sizes in a descriptor after the data
    assert write_archive(entries, comment) == blob
