"""One run at a time per workbook: a lock file beside it, and other programs' lock files honoured.

`.~dunning.<workbook name>.lock` is created exclusively (the operating system guarantees one winner)
and says who holds it: user, computer, process and start time. A lock whose process has ended on this
computer, or that is older than `STALE_AFTER`, is taken over (a run that was killed). Excel (and WPS)
mark an open workbook with `~$<name>`, LibreOffice with `.~lock.<name>#`: a workbook open there would
be saved over the product's changes, so the command line refuses while either is present.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from dunning.core.errors import WorkbookError

STALE_AFTER = timedelta(hours=2)  # the longest run (100,000 rows, 1,000 letters) takes minutes


class Busy(WorkbookError):
    """Another run, or another program, holds the workbook."""


def lock_path(workbook: Path) -> Path:
    return workbook.parent / f".~dunning.{workbook.name}.lock"


def other_programs(workbook: Path) -> tuple[str, str] | None:
    """(program, its lock file's name) if another program has the workbook open."""
    name = workbook.name
    for lock, program in ((f"~${name}", "Excel"), (f".~lock.{name}#", "LibreOffice")):
        if (workbook.parent / lock).exists():
            return program, lock
    return None


def check_other_programs(workbook: Path) -> None:
    found = other_programs(workbook)
    if found:
        program, lock = found
        also = "，或在 Excel 中使用按钮" if program == "Excel" else ""
        raise Busy(f"{workbook.name} 正在被 {program} 打开（发现 {lock}）：请先在 {program} 中关闭它{also}"
                   "（否则它下次保存会覆盖本次的归档和看板）")  # fmt: skip


@contextmanager
def run_lock(workbook: Path, *, command: str = "") -> Iterator[None]:
    """Hold the workbook's run lock for the block; a clear `Busy` if another run holds it."""
    path = lock_path(workbook)
    owner = {"user": _user(), "host": socket.gethostname(), "pid": os.getpid(),
             "started": datetime.now().isoformat(timespec="seconds"), "command": command}  # fmt: skip
    for _ in range(2):
        try:
            handle = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = _holder(path)
            if holder is not None and not _stale(holder):
                raise Busy(_busy_message(workbook, holder, path)) from None
            _remove(path)  # a killed run's lock: take it over
            continue
        except OSError as exc:
            raise Busy(f"无法在 {path.parent} 建立运行锁（{exc.strerror}）：请确认该文件夹可写") from exc
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(owner, stream, ensure_ascii=False)
        break
    else:
        raise Busy(f"{workbook.name} 的运行锁 {path.name} 一再被占用：请稍后再试")
    try:
        yield
    finally:
        if _holder(path) == owner:
            _remove(path)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        return "?"


def _holder(path: Path) -> dict[str, object] | None:
    try:
        holder = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}  # released meanwhile: try again
    except (OSError, ValueError):
        return None  # being written or unreadable: treat as held unless old
    return holder if isinstance(holder, dict) else None


def _stale(holder: dict[str, object]) -> bool:
    if not holder:
        return True
    try:
        started = datetime.fromisoformat(str(holder.get("started")))
    except ValueError:
        return True
    if datetime.now() - started > STALE_AFTER:
        return True
    pid = holder.get("pid")
    return holder.get("host") == socket.gethostname() and isinstance(pid, int) and not _alive(pid)


def _alive(pid: int) -> bool:
    if sys.platform == "win32":
        import ctypes

        kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel.OpenProcess(0x1000, 0, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def _busy_message(workbook: Path, holder: dict[str, object], path: Path) -> str:
    who = f"{holder.get('user', '?')}@{holder.get('host', '?')}"
    return (f"{workbook.name} 正由 {who} 处理（进程 {holder.get('pid', '?')}，{holder.get('command') or '运行'}，"
            f"开始于 {holder.get('started', '?')}）：请等它结束后再运行。若确认没有在运行，可删除 {path}")  # fmt: skip
