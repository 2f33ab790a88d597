"""Workbook files rewritten by hand for the package tests: parts renamed, re-encoded, moved; and the
check that every part not ours kept its bytes."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from dunning.sheets.file_book import FileBook
from dunning.sheets.ooxml.package import fold
from dunning.sheets.ooxml.zipraw import read_entries
from dunning.sheets.reader import Values, read_values


def rezip(source: Path, target: Path, rename: Callable[[str], str], edit: Callable[[str, bytes], bytes]) -> Path:
    """The zip again, each part renamed and its bytes edited (names given before renaming)."""
    with zipfile.ZipFile(source) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(rename(name), edit(name, data))
    return target


def raw(path: Path) -> dict[str, tuple[bytes, bytes]]:
    """Entry name → (central directory record without its offset, local header + compressed data)."""
    entries, _ = read_entries(path.read_bytes())
    return {e.name: (e.central[:42] + e.central[46:], e.raw) for e in entries}


def assert_foreign_parts_kept(before: Path, after: Path, *, changed: set[str]) -> None:
    """Every part of `before` but the `changed` ones (any case) is in `after`, the same bytes."""
    old, new = raw(before), raw(after)
    folded = {fold(name) for name in changed}
    kept = [name for name in old if fold(name) not in folded]
    assert kept and [name for name in kept if old[name] != new.get(name)] == []
    assert len({fold(name) for name in new}) == len(new)  # no two names for one part


class ReadsTwin(FileBook):
    """The workbook file saved as the command line saves it, its values read from a twin in the usual
    layout (reading a workbook part outside xl/ is the reader's, `dunning.sheets.reader`)."""

    def __init__(self, path: Path, twin: Path) -> None:
        super().__init__(path)
        self.twin = twin

    def read(self) -> Values:
        return replace(read_values(self.twin), path=self.path)


def sheet_part(book: Path, title: str) -> str:
    """The XML of the sheet named `title` as stored, found through the workbook's relationships (a sheet added
    before it moves its place in the tab order, not its part)."""
    from lxml import etree

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    with zipfile.ZipFile(book) as z:
        workbook = etree.fromstring(z.read("xl/workbook.xml"))
        rid = next(s.get(rel) for s in workbook.iter(f"{main}sheet") if s.get("name") == title)
        rels = etree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        target = next(r.get("Target") for r in rels if r.get("Id") == rid)
        name = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        return z.read(name).decode("utf-8")
