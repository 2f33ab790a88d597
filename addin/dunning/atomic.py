"""Writing a file whole or not at all: into a temporary file beside the target, flushed to disk,
then moved over the target in one step (`os.replace`). A crash leaves the old file or the new one,
and at worst a `.~…` temporary that the next run removes.

Also the file itself, whatever name it is reached by: `real_path` resolves every link and `..` (a link
loop is a clear refusal), and `open_new` creates a file of the product's own without following a link
planted at its name (`O_EXCL`, and `O_NOFOLLOW` where the system has it)."""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from dunning.core.error_text import path_refused_text
from dunning.core.errors import WorkbookError
from dunning.core.problems import PathReason

BATCH_SYNC = hasattr(os, "sync")  # POSIX: one sync for a batch of files instead of one fsync each
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # POSIX; Windows has none: callers check `os.path.islink` first
_LOOP_ERRORS = {errno.ELOOP}
_WINDOWS_LOOP = 1921  # ERROR_CANT_RESOLVE_FILENAME


class PathRefused(WorkbookError):
    """A path the product will not use: a link loop, a link or a foreign file where a file or folder of
    its own belongs, a workbook a save would split or should not replace. `reason` says which; `detail`
    the system's reason (when it gave one), `links` how many names the file has (HARD_LINKS)."""

    def __init__(self, path: Path, reason: PathReason, detail: str = "", links: int | None = None) -> None:
        super().__init__(path_refused_text(str(path), reason, links=links))
        self.path, self.reason, self.detail, self.links = path, reason, detail, links

    def __reduce__(self) -> tuple[object, ...]:
        return type(self), (self.path, self.reason, self.detail, self.links)


def real_path(path: Path) -> Path:
    """The file `path` names, every symbolic link (of the file or of a folder above it) and `..`
    resolved: one name however the file is reached. A path that does not exist comes back resolved as far
    as it goes (the reader says it is missing); a link loop is a `PathRefused`."""
    resolved = Path(os.path.realpath(path))
    try:
        os.stat(resolved)
    except OSError as exc:
        if exc.errno in _LOOP_ERRORS or getattr(exc, "winerror", None) == _WINDOWS_LOOP:
            raise PathRefused(path, PathReason.LINK_LOOP, exc.strerror or str(exc)) from exc
    return resolved


def open_new(path: Path) -> int:
    """A new file at `path` for writing, never one that is there already, nor the target of a link
    planted at its name (Windows: refused when `path` is a link)."""
    if not NOFOLLOW and os.path.islink(path):
        raise FileExistsError(errno.EEXIST, "a link is in the way", str(path))
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | getattr(os, "O_BINARY", 0)
    return os.open(path, flags, 0o600)


def replace_atomically(
    target: Path, write: Callable[[str], None], *, prefix: str = ".~", mode: int | None = None, durable: bool = True
) -> None:
    """`write(temp_path)` fills a temporary file, which then replaces `target` (with `mode` if given).
    `durable=False` leaves flushing to a later `flush_all()` for the whole batch."""
    handle, temp = tempfile.mkstemp(prefix=prefix, suffix=target.suffix, dir=target.parent)
    os.close(handle)
    if mode is None:  # a new file gets the user's usual permissions, not mkstemp's private 0600
        mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask()
    try:
        write(temp)
        if durable or not BATCH_SYNC:
            with open(temp, "rb+") as stream:
                os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def flush_all() -> None:
    """Everything written so far on its way to disk (after a batch written with `durable=False`)."""
    if BATCH_SYNC:
        os.sync()


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()
