"""One run at a time per workbook: an operating-system lock on a file beside it.

`.~dunning.<workbook name>.lock` is locked with the system's file lock (`flock` on POSIX, a byte-range
lock on Windows, which SMB shares carry too): the kernel grants it to one process and releases it when
that process ends, however it ends, so a killed run never leaves a lock to take over and two runs can
never both believe they hold it. The file's text says who holds it (user, computer, process, command,
start time) for the message the second run shows. (Other programs' lock files: `sheets.save.check_not_open`.)

The lock belongs to the file itself, not to the name it was reached by: it is named after the
workbook's real path (`atomic.real_path`: links and `..` resolved) and lies beside the real file, so a
link to the workbook, a path through a linked folder and `./x/../台账.xlsx` all take the same lock (a
second hard link is refused before any run: `sheets.save.check_writable`). The lock file is opened
without following a link (`O_NOFOLLOW`; Windows: refused when it is a link), and anything at its name
that is not a plain file of one name is refused, so a planted link never gets the holder's text.
"""

from __future__ import annotations

import errno
import getpass
import json
import os
import socket
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from dunning.atomic import NOFOLLOW, PathRefused, real_path
from dunning.core.error_text import busy_text
from dunning.core.errors import WorkbookError
from dunning.core.problems import LockCase, LockHolder, PathReason

_FAR = 1 << 30  # Windows locks this byte, beyond the text, so the holder's text stays readable
_TEXT = 4096  # at most this much of the holder's text is read


class Busy(WorkbookError):
    """The run lock was not taken: `case` says why (held by another run, taken again and again, not
    creatable); `workbook` as named, `lock` the lock file's path, `holder` who holds it (HELD), `detail`
    the system's reason (UNCREATABLE)."""

    def __init__(
        self, case: LockCase, workbook: Path, lock: Path, holder: LockHolder | None = None, detail: str = ""
    ) -> None:
        super().__init__(busy_text(case, workbook.name, lock, holder, detail))
        self.case, self.workbook, self.lock, self.holder, self.detail = case, workbook, lock, holder, detail

    def __reduce__(self) -> tuple[object, ...]:
        return type(self), (self.case, self.workbook, self.lock, self.holder, self.detail)


def lock_path(workbook: Path) -> Path:
    """Beside the real file, named after its real name (case-folded where names are: Windows)."""
    real = real_path(workbook)
    return real.parent / f".~dunning.{os.path.normcase(real.name)}.lock"


@contextmanager
def run_lock(workbook: Path, *, command: str = "") -> Iterator[None]:
    """Hold the workbook's run lock for the block; a clear `Busy` if another run holds it."""
    path = lock_path(workbook)
    for _ in range(5):
        handle = _open(path, workbook)
        if not _try_lock(handle):
            holder = _holder(handle)
            os.close(handle)
            raise Busy(LockCase.HELD, workbook, path, holder)
        if _same_file(handle, path):  # not a file a releasing run unlinked after we opened it
            break
        _unlock(handle)
        os.close(handle)
    else:
        raise Busy(LockCase.CONTENDED, workbook, path)
    owner = {"user": _user(), "host": socket.gethostname(), "pid": os.getpid(),
             "started": datetime.now().isoformat(timespec="seconds"), "command": command}  # fmt: skip
    os.ftruncate(handle, 0)
    os.write(handle, json.dumps(owner, ensure_ascii=False).encode("utf-8"))
    try:
        yield
    finally:
        try:
            os.unlink(path)  # while still locked: a run that opened it meanwhile sees it is not the file at path
        except OSError:
            pass  # Windows keeps an open file; the next run locks it as it is
        _unlock(handle)
        os.close(handle)


def _open(path: Path, workbook: Path) -> int:
    """The lock file, made if missing; never through a link, never a file that has another name too."""
    if not NOFOLLOW and os.path.islink(path):
        raise _planted(path)
    try:
        handle = os.open(path, os.O_RDWR | os.O_CREAT | NOFOLLOW, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP or os.path.islink(path):
            raise _planted(path) from exc
        raise Busy(LockCase.UNCREATABLE, workbook, path, detail=exc.strerror or str(exc)) from exc
    found = os.fstat(handle)
    if not stat.S_ISREG(found.st_mode) or found.st_nlink > 1:
        os.close(handle)
        raise _planted(path)
    return handle


def _planted(path: Path) -> PathRefused:
    return PathRefused(path, PathReason.LOCK_PLANTED)


try:  # by what the system has, not by sys.platform (which an Excel stand-in may set)
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]


def _try_lock(handle: int) -> bool:
    if fcntl is None:
        import msvcrt

        os.lseek(handle, _FAR, os.SEEK_SET)
        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        finally:
            os.lseek(handle, 0, os.SEEK_SET)
        return True
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(handle: int) -> None:
    if fcntl is None:
        import msvcrt

        os.lseek(handle, _FAR, os.SEEK_SET)
        try:
            msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
        return
    fcntl.flock(handle, fcntl.LOCK_UN)


def _same_file(handle: int, path: Path) -> bool:
    try:
        here, there = os.fstat(handle), os.lstat(path)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        return "?"


def _holder(handle: int) -> LockHolder:
    """The holder's text, from the file this run opened (not by name again: it may be another by now)."""
    try:
        os.lseek(handle, 0, os.SEEK_SET)
        holder = json.loads(os.read(handle, _TEXT).decode("utf-8"))
    except (OSError, ValueError):
        return LockHolder()  # still being written, or unreadable: held all the same
    return LockHolder.of(holder) if isinstance(holder, dict) else LockHolder()
