"""One printable .docx of the whole batch, each letter starting on a new page."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from docx import Document
from docxcompose.composer import Composer


def combine(files: list[Path], target: Path) -> None:
    if not files:
        return
    master = Document(str(files[0]))
    composer = Composer(master)
    for path in files[1:]:
        master.add_page_break()  # type: ignore[no-untyped-call]
        composer.append(Document(str(path)))
    handle, temp = tempfile.mkstemp(prefix=".~", suffix=".docx", dir=target.parent)
    os.close(handle)
    try:
        composer.save(temp)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
