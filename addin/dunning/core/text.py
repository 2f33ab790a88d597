"""Normalising text as people type it: full-width forms, stray and zero-width spaces."""

from __future__ import annotations

import re
import unicodedata

EXCEL_ERRORS = frozenset(
    {
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
    }
)

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Characters no worksheet or Word file may hold (XML 1.0): a vertical tab pasted from Word, a form
# feed, other C0 controls, U+FFFE/U+FFFF. Tab, line feed and carriage return are allowed.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """NFKC (full-width digits and letters to ASCII, ideographic space to space), no zero-width
    characters, control characters as spaces, outer white space stripped."""
    if text.isascii() and text.isprintable():
        return text.strip()
    text = without_controls(text)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return _INVISIBLE.sub("", text).strip()


def without_controls(text: str) -> str:
    """The text with each character a worksheet or a letter cannot hold replaced by a space."""
    return _CONTROLS.sub(" ", text)


def clean_controls(rows: list[list[object]]) -> int:
    """Replace, in place, the characters no worksheet or letter may hold in every text cell of a
    sheet's rows. Returns how many cells changed."""
    changed = 0
    for cells in rows:
        for index, value in enumerate(cells):
            if isinstance(value, str) and not value.isprintable() and _CONTROLS.search(value):
                cells[index] = _CONTROLS.sub(" ", value)
                changed += 1
    return changed


def is_excel_error(value: object) -> bool:
    return isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS
