"""Writing a file whole or not at all: into a temporary file beside the target, flushed to disk,
then moved over the target in one step (`os.replace`). A crash leaves the old file or the new one,
and at worst a `.~…` temporary that the next run removes."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

BATCH_SYNC = hasattr(os, "sync")  # POSIX: one sync for a batch of files instead of one fsync each


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
