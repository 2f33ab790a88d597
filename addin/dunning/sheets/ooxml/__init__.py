"""A workbook file changed in place, part by part: only what the product owns is rewritten (our two
sheets, the tracking cells, and the package records they need); every other part of the zip is
copied byte for byte, compressed bytes and zip records included. lxml does the XML; openpyxl only
renders our own sheets into a scratch workbook whose parts are moved in."""

from dunning.sheets.ooxml.book import OoxmlBook

__all__ = ["OoxmlBook"]
