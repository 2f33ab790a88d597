"""Normalising text as people type it: full-width forms, stray and zero-width spaces."""

from __future__ import annotations

import re
import unicodedata

EXCEL_ERRORS = frozenset(
    {
        "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
        "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
    }
)  # fmt: skip

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def clean(text: str) -> str:
    """NFKC (full-width digits and letters to ASCII, ideographic space to space), no zero-width
    characters, outer white space stripped."""
    if text.isascii():
        return text.strip()
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return _INVISIBLE.sub("", text).strip()


def is_excel_error(value: object) -> bool:
    return isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return clean(value) == ""
    return False
