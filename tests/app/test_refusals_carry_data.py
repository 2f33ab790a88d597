"""Refusals met on real files and real command lines, their kind and facts asserted (the words:
tests/core/test_error_text.py). Through the command line the error is the one its edge logged."""

from __future__ import annotations

import errno
import getpass
import os
import socket
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dunning.atomic import PathRefused
from dunning.cli import app
from dunning.core.errors import AsOfFlagUnreadable, BackdateReasonMissing, DunningError, TemplateFolderMissing
from dunning.core.problems import LockCase, PathReason
from dunning.jobs import check_templates
from dunning.log import close
from dunning.run_lock import Busy, lock_path, run_lock

from conftest import AS_OF, BACKDATE, days, write_workbook
from letters_helpers import make_templates

runner = CliRunner()


@pytest.fixture(autouse=True)
def _release() -> None:
    yield
    close()


@pytest.fixture
def book(tmp_path: Path) -> Path:
    make_templates(tmp_path / "函件模板")
    return write_workbook(tmp_path / "b.xlsx", [["1", "HT1", "张三", "首付款", 1000, 0, days(-3)]])


def refused(caplog: pytest.LogCaptureFixture, *args: str) -> DunningError:
    """The error the command line refused with: exit code 2, its one line on stderr, as its edge logged it."""
    caplog.clear()
    result = runner.invoke(app, list(args))
    assert result.exit_code == 2, result.output
    (record,) = [r for r in caplog.records if r.name == "dunning.cli_base" and r.msg == "未执行：%s"]
    assert isinstance(record.args, tuple)
    error = record.args[0]
    assert isinstance(error, DunningError) and result.stderr.strip() == str(error)
    return error


def test_a_blank_backdate_reason_is_refused_as_such(book: Path, caplog: pytest.LogCaptureFixture) -> None:
    long_ago = (date.today() - timedelta(days=60)).isoformat()
    error = refused(caplog, "letters", str(book), "--as-of", long_ago, "--backdate", " \t ")
    assert isinstance(error, BackdateReasonMissing) and error.given == " \t "
    assert not (book.parent / "催款函").exists()


@pytest.mark.parametrize("text", ["2026/13/45", "明天"])
def test_an_unreadable_as_of_flag_carries_the_text(book: Path, caplog: pytest.LogCaptureFixture, text: str) -> None:
    error = refused(caplog, "board", str(book), "--as-of", text)
    assert isinstance(error, AsOfFlagUnreadable) and (error.text, error.reason) == (text, "无法识别")


def test_a_missing_templates_folder_is_named(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    folder = tmp_path / "没有这个文件夹"
    error = refused(caplog, "templates", "check", str(folder))
    assert isinstance(error, TemplateFolderMissing) and error.folder == str(folder)
    (tmp_path / "一个文件").write_bytes(b"")
    with pytest.raises(TemplateFolderMissing) as caught:
        check_templates(tmp_path / "一个文件")
    assert caught.value.folder == str(tmp_path / "一个文件")


def test_a_read_only_workbook_is_refused_by_its_mode(book: Path, caplog: pytest.LogCaptureFixture) -> None:
    book.chmod(0o444)
    try:
        error = refused(caplog, "refresh", str(book), "--as-of", AS_OF.isoformat())
    finally:
        book.chmod(0o644)
    assert isinstance(error, PathRefused) and (error.reason, error.path, error.links) == (
        PathReason.READ_ONLY,
        book,
        None,
    )


def test_a_hard_linked_workbook_names_how_many_names(book: Path, caplog: pytest.LogCaptureFixture) -> None:
    os.link(book, book.parent / "另一个名字.xlsx")
    error = refused(caplog, "letters", str(book), "--backdate", BACKDATE, "--as-of", AS_OF.isoformat())
    assert isinstance(error, PathRefused) and (error.reason, error.path, error.links) == (
        PathReason.HARD_LINKS,
        book,
        2,
    )


def test_a_file_where_the_backup_folder_belongs_is_refused(book: Path, caplog: pytest.LogCaptureFixture) -> None:
    (book.parent / ".dunning-backup").write_bytes(b"not a folder")
    error = refused(caplog, "refresh", str(book), "--as-of", AS_OF.isoformat())
    assert isinstance(error, PathRefused)
    assert (error.reason, error.path) == (PathReason.BACKUP_NOT_A_FOLDER, book.parent / ".dunning-backup")


@pytest.mark.skipif(os.name != "posix", reason="symbolic links need privileges on Windows")
def test_a_link_loop_carries_the_systems_reason(tmp_path: Path) -> None:
    (tmp_path / "a.xlsx").symlink_to(tmp_path / "a.xlsx")
    with pytest.raises(PathRefused) as caught, run_lock(tmp_path / "a.xlsx"):
        pass
    assert (caught.value.reason, caught.value.path) == (PathReason.LINK_LOOP, tmp_path / "a.xlsx")
    assert caught.value.detail == os.strerror(errno.ELOOP)


@pytest.mark.skipif(os.name != "posix", reason="symbolic links need privileges on Windows")
def test_a_link_where_the_lock_belongs_is_refused(book: Path) -> None:
    lock_path(book).symlink_to(book.parent / "elsewhere")
    with pytest.raises(PathRefused) as caught, run_lock(book):
        pass
    assert (caught.value.reason, caught.value.path) == (PathReason.LOCK_PLANTED, lock_path(book))
    assert not (book.parent / "elsewhere").exists()


def test_a_held_lock_names_its_holder(book: Path) -> None:
    with run_lock(book, command="letters"), pytest.raises(Busy) as caught, run_lock(book):
        pass
    busy = caught.value
    assert (busy.case, busy.workbook, busy.lock, busy.detail) == (LockCase.HELD, book, lock_path(book), "")
    assert busy.holder is not None
    assert (busy.holder.user, busy.holder.host, busy.holder.pid, busy.holder.command) == (
        getpass.getuser(),
        socket.gethostname(),
        str(os.getpid()),
        "letters",
    )


@pytest.mark.skipif(os.name != "posix", reason="the silent holder uses flock")
def test_a_held_lock_that_says_nothing_yet_has_an_unknown_holder(book: Path) -> None:
    import fcntl

    lock_path(book).write_text("{", encoding="utf-8")  # a holder still writing its text
    handle = os.open(lock_path(book), os.O_RDWR)
    fcntl.flock(handle, fcntl.LOCK_EX)
    try:
        with pytest.raises(Busy) as caught, run_lock(book):
            pass
    finally:
        os.close(handle)
    assert caught.value.case is LockCase.HELD and caught.value.holder is not None
    assert (caught.value.holder.user, caught.value.holder.pid, caught.value.holder.command) == ("?", "?", "")


def test_a_lock_that_cannot_be_made_carries_the_systems_reason(tmp_path: Path) -> None:
    """A workbook whose name leaves no room for the lock's (names are at most 255 bytes)."""
    book = tmp_path / ("a" * 250 + ".xlsx")
    book.write_bytes(b"")
    with pytest.raises(Busy) as caught, run_lock(book):
        pass
    busy = caught.value
    assert (busy.case, busy.workbook, busy.lock, busy.holder) == (LockCase.UNCREATABLE, book, lock_path(book), None)
    assert busy.detail == os.strerror(errno.ENAMETOOLONG)
