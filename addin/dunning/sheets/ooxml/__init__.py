"""A workbook file changed in place, part by part: only what the product owns is rewritten (our two
sheets, the tracking cells, and the package records they need); every other part of the zip is
copied byte for byte, compressed bytes and zip records included. lxml does the XML; openpyxl only
renders our own sheets into a scratch workbook whose parts are moved in.

`OoxmlBook` is imported when first asked for: reading a workbook uses this package's helpers
(`ooxml.package`) but not the writer, whose openpyxl (and numpy) take a third of a second to import."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dunning.sheets.ooxml.book import OoxmlBook

__all__ = ["OoxmlBook"]


def __getattr__(name: str) -> object:
    if name == "OoxmlBook":
        from dunning.sheets.ooxml.book import OoxmlBook

        return OoxmlBook
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
