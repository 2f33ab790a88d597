"""Faults: an output folder that cannot be made, a disk that fills, a letter file that cannot be
replaced, a missing template — one clear message naming the place, and nothing half-recorded."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from dunning.core.errors import LettersUnwritable, SaveRefused, TemplateMissing
from dunning.core.problems import WorkbookProblem as P
from dunning.jobs import RunOptions, letters, refresh

from conftest import AS_OF, BACKDATE, days, write_workbook
from letters_helpers import make_templates


@pytest.fixture
def book(tmp_path: Path) -> Path:
    make_templates(tmp_path / "函件模板")
    rows = [["1", "HT1", "张三", "首付款", 1000, 0, days(-3)], ["2", "HT2", "李四", "尾款", 1000, 0, days(2)]]
    return write_workbook(tmp_path / "b.xlsx", rows)


def _unrecorded(book: Path) -> bool:
    return "函件归档" not in openpyxl.load_workbook(book).sheetnames


def test_output_folder_that_cannot_be_made(book: Path) -> None:
    blocker = book.parent / "blocked"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(LettersUnwritable) as refused:
        letters(book, RunOptions(as_of=AS_OF, out=blocker, backdate=BACKDATE))
    assert "blocked" in refused.value.where and refused.value.detail
    assert _unrecorded(book)


def test_something_in_a_letters_place_is_never_replaced(book: Path) -> None:
    """A folder (or any file the archive does not know) where a letter would go is left alone: the
    letter takes the next free name. (A file that cannot be written at all: the full-disk tests.)"""
    folder = book.parent / "催款函" / book.stem / AS_OF.isoformat()
    (folder / "HT1_催款信_第1次.docx").mkdir(parents=True)
    (folder.parent / ".dunning-owner").write_text(book.name, encoding="utf-8")
    (folder / "HT1_催款信_第1次.docx" / "keep.txt").write_text("hers")
    result = letters(book, RunOptions(as_of=AS_OF, backdate=BACKDATE))
    assert "HT1_催款信_第1次_2.docx" in [m.file.name for m in result.made]
    assert (folder / "HT1_催款信_第1次.docx" / "keep.txt").read_text() == "hers"
    assert not list(folder.glob(".~*"))


def test_missing_template_is_named(book: Path) -> None:
    (book.parent / "函件模板" / "预先提醒函.docx").unlink()
    with pytest.raises(TemplateMissing, match="函件模板「预先提醒函」找不到：.*函件模板 中没有 预先提醒函.docx"):
        letters(book, RunOptions(as_of=AS_OF, backdate=BACKDATE))
    assert not (book.parent / "催款函").exists() and _unrecorded(book)


@pytest.fixture
def small_disk(tmp_path: Path):  # noqa: ANN201
    """A real filesystem of 256 KiB (tmpfs), where the machine allows mounting one."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if shutil.which("mount") is None or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
                                                       capture_output=True).returncode != 0:  # fmt: skip
        pytest.skip("cannot mount a small filesystem here")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def test_disk_full_while_writing_letters(book: Path, small_disk: Path) -> None:
    filler = small_disk / "filler"
    filler.write_bytes(b"\0" * (256 * 1024 - 48 * 1024))  # leave room for about one letter
    with pytest.raises(LettersUnwritable):
        letters(book, RunOptions(as_of=AS_OF, out=small_disk / "letters", backdate=BACKDATE))
    assert _unrecorded(book)
    filler.unlink()
    made = letters(
        book, RunOptions(as_of=AS_OF, out=small_disk / "letters", backdate=BACKDATE)
    ).made  # room again: the rerun completes
    assert len(made) == 2


def test_disk_full_while_saving_the_workbook(tmp_path: Path, small_disk: Path) -> None:
    book = write_workbook(small_disk / "b.xlsx", [["1", "HT1", "张三", "首付款", 1000, 0, days(-3)]])
    before = book.read_bytes()
    (small_disk / "filler").write_bytes(b"\0" * (256 * 1024 - len(before) - 8 * 1024))
    with pytest.raises(SaveRefused) as refused:
        refresh(book, RunOptions(as_of=AS_OF))
    assert refused.value.problem in (P.BACKUP_FAILED, P.SAVE_FAILED) and Path(refused.value.file).name == "b.xlsx"
    assert book.read_bytes() == before
    assert not list(small_disk.glob(".~dunning-*"))
