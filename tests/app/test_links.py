"""The file itself, never a planted link: the lock, the log, the backup folder and the backups are
opened without following a link; a link loop, a read-only workbook and a hard-linked one are clear
refusals before any letter is made; a run through a link works on the real file and leaves its
letters beside it."""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

import dunning.log
import dunning.run_lock
from dunning.cli import app
from dunning.core.errors import WorkbookError
from dunning.log import close
from dunning.run_lock import lock_path, run_lock
from dunning.sheets.save import backup

from conftest import AS_OF, BACKDATE, days, write_workbook
from letters_helpers import make_templates

pytestmark = pytest.mark.skipif(os.name != "posix", reason="symbolic links need privileges on Windows")
runner = CliRunner()
VICTIM = b"someone else's file, which must stay as it is\n"


@pytest.fixture(autouse=True)
def _release() -> None:
    yield
    close()


@pytest.fixture
def book(tmp_path: Path) -> Path:
    make_templates(tmp_path / "函件模板")
    rows = [["1", "HT1", "张三", "首付款", 1000, 0, days(-3)], ["2", "HT2", "李四", "尾款", 1000, 0, days(-3)]]
    return write_workbook(tmp_path / "b.xlsx", rows)


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    path = tmp_path / "elsewhere" / "victim.txt"
    path.parent.mkdir()
    path.write_bytes(VICTIM)
    return path


def letters(path: Path, *extra: str) -> tuple[int, str]:
    result = runner.invoke(app, ["letters", str(path), "--backdate", BACKDATE, "--as-of", AS_OF.isoformat(), *extra])
    return result.exit_code, result.stderr


def no_letters(book: Path) -> bool:
    return not (book.parent / "催款函").exists() and "函件归档" not in openpyxl.load_workbook(book).sheetnames


@pytest.mark.parametrize("planted", ["link", "dangling link", "hard link", "link, no O_NOFOLLOW"])
def test_a_link_planted_as_the_lock_file_is_refused_and_its_target_untouched(
    book: Path, victim: Path, planted: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    lock = lock_path(book)
    if planted == "hard link":
        os.link(victim, lock)
    elif planted == "dangling link":
        victim.unlink()
        lock.symlink_to(victim)
    else:
        lock.symlink_to(victim)
    if planted == "link, no O_NOFOLLOW":  # Windows' way: the link seen by lstat before opening
        monkeypatch.setattr(dunning.run_lock, "NOFOLLOW", 0)
    code, err = letters(book)
    assert code == 2 and "运行锁的位置上是链接或其他文件" in err and lock.name in err, err
    if planted == "dangling link":
        assert not victim.exists()
    else:
        assert victim.read_bytes() == VICTIM
    assert no_letters(book)


@pytest.mark.parametrize("nofollow", ["O_NOFOLLOW", "lstat first (Windows)"])
def test_a_link_planted_as_the_log_gets_no_line(
    book: Path, victim: Path, nofollow: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if nofollow != "O_NOFOLLOW":
        monkeypatch.setattr(dunning.log, "NOFOLLOW", 0)
    (book.parent / ".dunning-backup").mkdir()
    (book.parent / ".dunning-backup" / "dunning.log").symlink_to(victim)
    code, err = letters(book)
    assert code == 0, err  # the run goes on without its log
    assert victim.read_bytes() == VICTIM


def test_a_hard_link_planted_as_the_log_gets_no_line(book: Path, victim: Path) -> None:
    (book.parent / ".dunning-backup").mkdir()
    os.link(victim, book.parent / ".dunning-backup" / "dunning.log")
    assert letters(book)[0] == 0
    assert victim.read_bytes() == VICTIM


@pytest.mark.parametrize("planted", ["link to a folder", "file"])
def test_a_backup_folder_that_is_not_a_real_folder_stops_the_save(book: Path, tmp_path: Path, planted: str) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    if planted == "file":
        (book.parent / ".dunning-backup").write_bytes(VICTIM)
    else:
        (book.parent / ".dunning-backup").symlink_to(elsewhere, target_is_directory=True)
    before = book.read_bytes()
    code, err = letters(book)
    assert code == 2 and ".dunning-backup" in err and "不是文件夹" in err, err
    assert book.read_bytes() == before
    assert not list(elsewhere.iterdir())  # no backup, no log went through the link
    if planted == "file":
        assert (book.parent / ".dunning-backup").read_bytes() == VICTIM


def test_a_link_planted_at_a_backups_name_is_not_written_through(book: Path, victim: Path) -> None:
    when = datetime(2026, 11, 20, 9, 30)
    folder = book.parent / ".dunning-backup"
    folder.mkdir()
    (folder / f"b.{when:%Y%m%d-%H%M%S-%f}.xlsx").symlink_to(victim)
    with pytest.raises(FileExistsError):
        backup(book, now=when)
    assert victim.read_bytes() == VICTIM


def test_a_backup_is_a_copy_with_the_workbooks_times_and_no_partial_copy_is_left(book: Path) -> None:
    made = backup(book, now=datetime(2026, 11, 20))
    assert made.read_bytes() == book.read_bytes() and not made.is_symlink()
    assert made.stat().st_mtime == book.stat().st_mtime


def test_stale_temporaries_are_removed_without_following_links_or_entering_folders(book: Path, victim: Path) -> None:
    link = book.parent / ".~dunning-b.xlsx.ab12.xlsx"
    link.symlink_to(victim)
    folder = book.parent / ".~dunning-b.xlsx.cd34.xlsx"
    folder.mkdir()
    (folder / "keep.txt").write_bytes(VICTIM)
    code, err = letters(book)
    assert code == 0, err
    assert victim.read_bytes() == VICTIM and not link.is_symlink()  # the link went, its target stayed
    assert (folder / "keep.txt").read_bytes() == VICTIM


@pytest.mark.parametrize("command", ["letters", "refresh", "letters --dry-run", "init"])
def test_a_link_loop_is_one_clear_line(tmp_path: Path, command: str) -> None:
    (tmp_path / "a.xlsx").symlink_to(tmp_path / "b.xlsx")
    (tmp_path / "b.xlsx").symlink_to(tmp_path / "a.xlsx")
    name, *options = command.split()
    result = runner.invoke(app, [name, str(tmp_path / "a.xlsx"), *options])
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.strip().splitlines()
    assert "符号链接循环" in line and "a.xlsx" in line
    assert "内部错误" not in result.output


def test_the_lock_of_a_link_loop_is_refused_by_name(tmp_path: Path) -> None:
    (tmp_path / "a.xlsx").symlink_to(tmp_path / "a.xlsx")
    with pytest.raises(WorkbookError, match="符号链接循环"), run_lock(tmp_path / "a.xlsx"):
        pass


def test_a_read_only_workbook_is_refused_before_any_letter(book: Path) -> None:
    """By the mode bits: an administrator (the CI runs as root) could write it, but the user said not to."""
    before = book.read_bytes()
    book.chmod(0o444)
    code, err = letters(book)
    assert code == 2 and "只读" in err and "b.xlsx" in err, err
    assert book.read_bytes() == before and stat.S_IMODE(book.stat().st_mode) == 0o444
    assert no_letters(book)
    book.chmod(0o644)
    assert letters(book)[0] == 0


def test_a_hard_linked_workbook_is_refused_so_its_names_are_not_split(book: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere" / "台账.xlsx"
    other.parent.mkdir()
    os.link(book, other)
    before = book.read_bytes()
    for name in (book, other):
        code, err = letters(name)
        assert code == 2 and "2 个硬链接" in err, err
    assert book.read_bytes() == other.read_bytes() == before and os.path.samefile(book, other)
    assert no_letters(book) and not (other.parent / "催款函").exists()


def test_a_run_through_a_link_works_on_the_real_file_and_files_letters_beside_it(book: Path, tmp_path: Path) -> None:
    desk = tmp_path / "desk"
    desk.mkdir()
    (desk / "台账.xlsx").symlink_to(book)
    code, err = letters(desk / "台账.xlsx")
    assert code == 0, err
    assert (desk / "台账.xlsx").is_symlink()
    assert not (desk / "催款函").exists() and len(list((book.parent / "催款函").rglob("HT*.docx"))) == 2
    assert runner.invoke(app, ["verify-archive", str(book)]).exit_code == 0
    again = runner.invoke(app, ["letters", str(book), "--backdate", BACKDATE, "--as-of", AS_OF.isoformat(), "--json"])
    assert again.exit_code == 0 and json.loads(again.stdout)["generated"] == []  # the real name's run: all archived
