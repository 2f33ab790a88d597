"""The workbook part (`xl/workbook.xml` in most files; wherever `_rels/.rels` says) as the tool touches it: the list of sheets (a sheet of ours added with a new
sheetId and relationship, indexes of the sheets after it shifted where the file counts by index),
the defined names that belong to our sheets, and a recalculation on open when cached values of
formulas may be stale."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from dunning.core.errors import PackageDamaged
from dunning.core.problems import WorkbookProblem as P
from dunning.sheets.ooxml.package import R_NS, Element, Package, parse, serialize

WORKBOOK = "xl/workbook.xml"  # where most writers put it
STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
# CT_Workbook's children that come before definedNames, and before calcPr
_BEFORE_NAMES = ("fileVersion", "fileSharing", "workbookPr", "AlternateContent", "revisionPtr", "absPath",
                 "workbookProtection", "bookViews", "sheets", "functionGroups", "externalReferences")  # fmt: skip
_BEFORE_CALC = (*_BEFORE_NAMES, "definedNames")


def workbook_part(package: Package) -> str:
    """The workbook part, wherever the package puts it: the target of the package's officeDocument
    relationship (`xl/workbook.xml` only for a package that has no relationships part)."""
    if "_rels/.rels" not in package:
        found: str | None = WORKBOOK
    else:
        found = next((r.target for r in package.rels("") if r.type == "officeDocument" and not r.external), None)
    if found is None or found not in package:
        raise PackageDamaged(P.NO_WORKBOOK_PART, part=found or "")
    return found


@dataclass(frozen=True)
class SheetEntry:
    name: str
    part: str
    index: int
    sheet_id: int


class WorkbookXml:
    def __init__(self, package: Package) -> None:
        self.package = package
        self.part = workbook_part(package)
        self.root = parse(package.read(self.part))
        self.ns = etree.QName(self.root).namespace
        self.dirty = False

    def _q(self, tag: str) -> str:
        return f"{{{self.ns}}}{tag}"

    def save(self) -> None:
        if self.dirty:
            self.package.put(self.part, serialize(self.root))

    @property
    def epoch1904(self) -> bool:
        pr = self.root.find(self._q("workbookPr"))
        return pr is not None and pr.get("date1904") in ("1", "true")

    @property
    def structure_locked(self) -> bool:
        protection = self.root.find(self._q("workbookProtection"))
        return protection is not None and protection.get("lockStructure") in ("1", "true")

    def sheets(self) -> list[SheetEntry]:
        targets = {rel.id: rel.target for rel in self.package.rels(self.part)}
        entries = []
        for index, element in enumerate(self._sheet_elements()):
            rid = element.get(f"{{{R_NS}}}id", "")
            entries.append(
                SheetEntry(element.get("name", ""), targets.get(rid, ""), index, int(element.get("sheetId", "0")))
            )
        return entries

    def _sheet_elements(self) -> list[Element]:
        sheets = self.root.find(self._q("sheets"))
        return [] if sheets is None else sheets.findall(self._q("sheet"))

    def find(self, name: str) -> SheetEntry | None:
        return next((s for s in self.sheets() if s.name == name), None)

    def add_sheet(self, name: str, part: str, *, position: int) -> SheetEntry:
        """A `<sheet>` for a new worksheet part at `position` (0-based); later sheets move one on."""
        rid = self.package.add_rel(self.part, "worksheet", part)
        elements = self._sheet_elements()
        sheet_id = max((int(e.get("sheetId", "0")) for e in elements), default=0) + 1
        element = etree.Element(self._q("sheet"))
        element.set("name", name)
        element.set("sheetId", str(sheet_id))
        element.set(f"{{{R_NS}}}id", rid)
        position = min(position, len(elements))
        if position < len(elements):
            elements[position].addprevious(element)
            self._shift_indexes(position)
        else:
            self.root.find(self._q("sheets")).append(element)
        self.dirty = True
        return SheetEntry(name, part, position, sheet_id)

    def _shift_indexes(self, position: int) -> None:
        for name in self._defined_names():
            local = name.get("localSheetId")
            if local is not None and int(local) >= position:
                name.set("localSheetId", str(int(local) + 1))
        for view in self.root.iter(self._q("workbookView")):
            for attribute in ("activeTab", "firstSheet"):
                if int(view.get(attribute, "0")) >= position and view.get(attribute) is not None:
                    view.set(attribute, str(int(view.get(attribute)) + 1))

    def _defined_names(self) -> list[Element]:
        block = self.root.find(self._q("definedNames"))
        return [] if block is None else block.findall(self._q("definedName"))

    def set_local_names(self, index: int, names: dict[str, str]) -> None:
        """Our sheet's own defined names (print titles, filter range): replaced by these."""
        current = {
            e.get("name"): e.text
            for e in self._defined_names()
            if e.get("localSheetId") == str(index) and e.get("name") in names
        }
        if current == names:
            return
        block = self.root.find(self._q("definedNames"))
        if block is None:
            block = etree.Element(self._q("definedNames"))
            self._insert(block, _BEFORE_NAMES)
        for element in self._defined_names():
            if element.get("localSheetId") == str(index) and element.get("name") in names:
                block.remove(element)
        for name, text in names.items():
            element = etree.SubElement(block, self._q("definedName"))
            element.set("name", name)
            element.set("localSheetId", str(index))
            if name == "_xlnm._FilterDatabase":
                element.set("hidden", "1")
            element.text = text
        self.dirty = True

    def formulas_mention(self, names: tuple[str, ...]) -> bool:
        """Whether a defined name of the team's (not a print area or filter range) mentions one of the sheets."""
        return any(
            n in (e.text or "")
            for e in self._defined_names()
            for n in names
            if not e.get("name", "").startswith("_xlnm.")
        )

    def recalculate_on_open(self) -> None:
        calc = self.root.find(self._q("calcPr"))
        if calc is None:
            calc = etree.Element(self._q("calcPr"))
            self._insert(calc, _BEFORE_CALC)
        if calc.get("fullCalcOnLoad") != "1":
            calc.set("fullCalcOnLoad", "1")
            self.dirty = True

    def _insert(self, element: Element, after: tuple[str, ...]) -> None:
        last = None
        for child in self.root:
            if isinstance(child.tag, str) and etree.QName(child).localname in after:
                last = child
        if last is None:
            self.root.insert(0, element)
        else:
            last.addnext(element)
