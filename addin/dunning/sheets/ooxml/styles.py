"""The target workbook's `styles.xml`, added to and never renumbered: a look the tool needs becomes a
new cell format (xf) appended at the end, or an existing identical one reused, so every index the
team's sheets use keeps its meaning. Fonts are the workbook's default font with our weight, colour,
size and underline, so our sheets read in the team's typeface."""

from __future__ import annotations

import copy
import re

from lxml import etree

from dunning.sheets.ooxml.package import Element, parse, serialize

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_FONT_LOOK = ("b", "i", "u", "strike", "color", "sz")
_TOGGLES = ("b", "i", "u", "strike")  # off unless the look turns them on
# the built-in number formats that show a date or time
_BUILTIN_DATES = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57})
_CHILD_ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs")


def _q(tag: str) -> str:
    return f"{{{MAIN_NS}}}{tag}"


def _key(element: Element) -> tuple[object, ...]:
    """What a style record says, whatever its namespace prefixes, attribute order and whitespace."""
    children = tuple(_key(child) for child in element if isinstance(child.tag, str))
    return etree.QName(element).localname, tuple(sorted(element.attrib.items())), (element.text or "").strip(), children


def is_date_code(code: str) -> bool:
    bare = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code)
    return bool(re.search(r"[ymdhs]", bare, re.IGNORECASE)) and "General" not in code


class Styles:
    def __init__(self, xml: bytes) -> None:
        self.root = parse(xml)
        self.dirty = False
        self._known: dict[str, dict[tuple[object, ...], int]] = {}  # block → record → its index

    def to_bytes(self) -> bytes:
        return serialize(self.root)

    def _block(self, tag: str) -> Element:
        block = self.root.find(_q(tag))
        if block is None:
            block = etree.Element(_q(tag))
            later = [self.root.find(_q(t)) for t in _CHILD_ORDER[_CHILD_ORDER.index(tag) + 1 :]]
            anchor = next((e for e in later if e is not None), None)
            if anchor is not None:
                anchor.addprevious(block)
            else:
                self.root.insert(0, block)
        return block

    def _items(self, tag: str, item: str) -> list[Element]:
        block = self.root.find(_q(tag))
        return [] if block is None else block.findall(_q(item))

    def _ensure(self, tag: str, element: Element) -> int:
        """The index of an identical record in the block, appending `element` when there is none."""
        block = self._block(tag)
        if tag not in self._known:
            known: dict[tuple[object, ...], int] = {}
            for index, existing in enumerate(block.findall(element.tag)):
                known.setdefault(_key(existing), index)
            self._known[tag] = known
        key = _key(element)
        if key in self._known[tag]:
            return self._known[tag][key]
        index = len(block.findall(element.tag))
        block.append(element)
        block.set("count", str(index + 1))
        self._known[tag][key] = index
        self.dirty = True
        return index

    def xf(self, index: int) -> Element:
        xfs = self._items("cellXfs", "xf")
        return xfs[index] if 0 <= index < len(xfs) else xfs[0]

    def format_code(self, num_fmt_id: int) -> str | None:
        for element in self._items("numFmts", "numFmt"):
            if element.get("numFmtId") == str(num_fmt_id):
                return str(element.get("formatCode"))
        return None

    def is_date(self, index: int) -> bool:
        num_fmt_id = int(self.xf(index).get("numFmtId", "0"))
        code = self.format_code(num_fmt_id)
        return num_fmt_id in _BUILTIN_DATES if code is None else is_date_code(code)

    def is_locked(self, index: int) -> bool:
        protection = self.xf(index).find(_q("protection"))
        return protection is None or protection.get("locked", "1") not in ("0", "false")

    def number_format(self, code: str) -> int:
        for element in self._items("numFmts", "numFmt"):
            if element.get("formatCode") == code:
                return int(element.get("numFmtId"))
        taken = [int(e.get("numFmtId")) for e in self._items("numFmts", "numFmt")]
        new = max([163, *taken]) + 1
        element = etree.Element(_q("numFmt"))
        element.set("numFmtId", str(new))
        element.set("formatCode", code)
        self._ensure("numFmts", element)
        return new

    def font(self, look: Element | None) -> int:
        """The default font with the look (bold, colour …) of an openpyxl font record."""
        if look is None:
            return 0
        fonts = self._items("fonts", "font")
        base = copy.deepcopy(fonts[0]) if fonts else etree.Element(_q("font"))
        given = {etree.QName(child).localname for child in look}
        for child in list(base):
            name = etree.QName(child).localname
            if name in given or name in _TOGGLES:
                base.remove(child)
        for child in look:
            if etree.QName(child).localname in _FONT_LOOK:
                base.append(_in_main(child))
        return self._ensure("fonts", base)

    def derive(self, index: int, *, code: str | None = None, bold: bool = False) -> int:
        """A cell format like `index`, with the number format `code` and/or a bold font."""
        xf = copy.deepcopy(self.xf(index))
        if code is not None:
            xf.set("numFmtId", str(self.number_format(code)))
            xf.set("applyNumberFormat", "1")
        if bold:
            fonts = self._items("fonts", "font")
            look = copy.deepcopy(fonts[int(xf.get("fontId", "0"))])
            for child in look.findall(_q("b")):
                look.remove(child)
            etree.SubElement(look, _q("b"))
            xf.set("fontId", str(self._ensure("fonts", look)))
            xf.set("applyFont", "1")
        return self._ensure("cellXfs", xf)

    def date_format_of(self, index: int, default_code: str) -> int:
        """`index` when it already shows a date, else the same look with a date format."""
        return index if self.is_date(index) else self.derive(index, code=default_code)

    def import_xf(self, source: Styles, index: int) -> int:
        """A cell format of another stylesheet (openpyxl's, for our sheets) as one of ours."""
        if index == 0:
            return 0
        theirs = source.xf(index)
        xf = etree.Element(_q("xf"))
        num_fmt_id = int(theirs.get("numFmtId", "0"))
        code = source.format_code(num_fmt_id)
        ids = {"numFmtId": self.number_format(code) if code is not None else num_fmt_id,
               "fontId": self.font(source._record("fonts", "font", theirs.get("fontId"))),
               "fillId": self._copy(source, "fills", "fill", theirs.get("fillId")),
               "borderId": self._copy(source, "borders", "border", theirs.get("borderId")), "xfId": 0}  # fmt: skip
        for name, value in ids.items():
            xf.set(name, str(value))
        for name, apply in (
            ("numFmtId", "applyNumberFormat"),
            ("fontId", "applyFont"),
            ("fillId", "applyFill"),
            ("borderId", "applyBorder"),
        ):
            if theirs.get(name, "0") != "0":
                xf.set(apply, "1")
        for child in theirs:
            xf.append(_in_main(child))
            xf.set("applyAlignment" if etree.QName(child).localname == "alignment" else "applyProtection", "1")
        return self._ensure("cellXfs", xf)

    def _record(self, tag: str, item: str, index: str | None) -> Element | None:
        if index is None or index == "0":
            return None
        return self._items(tag, item)[int(index)]

    def _copy(self, source: Styles, tag: str, item: str, index: str | None) -> int:
        record = source._record(tag, item, index)
        if record is None or (tag == "fills" and index == "1"):
            return int(index or 0)
        return self._ensure(tag, _in_main(record))


def _in_main(element: Element) -> Element:
    """A copy of an element of another stylesheet (same namespace)."""
    return copy.deepcopy(element)
