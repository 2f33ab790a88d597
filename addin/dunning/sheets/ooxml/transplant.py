"""A sheet of ours, rendered by openpyxl into a scratch workbook and moved into the team's file: its
worksheet XML (strings made inline, cell formats re-indexed into the team's styles), its drawing and
chart, its defined names. A sheet of ours that is already there keeps its place, name, sheetId and
part name; what hangs only from it (drawing, chart, printer settings …) is replaced."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
from lxml import etree
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from dunning.core.errors import SaveRefused
from dunning.core.problems import WorkbookProblem as P
from dunning.sheets.board_sheet import render_layout
from dunning.sheets.layout import SheetLayout
from dunning.sheets.ooxml.package import (
    R_NS,
    REL_TYPE,
    RELS_NS,
    Element,
    Package,
    as_utf8,
    parse,
    relative,
    rels_part,
    serialize,
)
from dunning.sheets.ooxml.styles import MAIN_NS, Styles
from dunning.sheets.ooxml.workbook import WorkbookXml

WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


def _q(tag: str) -> str:
    return f"{{{MAIN_NS}}}{tag}"


class Scratch:
    """The layout rendered alone into a new openpyxl workbook, read back as parts."""

    def __init__(self, layout: SheetLayout, *, epoch1904: bool) -> None:
        wb = openpyxl.Workbook()
        if epoch1904:
            wb.epoch = CALENDAR_MAC_1904
        wb.remove(wb.worksheets[0])
        render_layout(wb, layout)
        buffer = io.BytesIO()
        wb.save(buffer)
        self.zip = zipfile.ZipFile(buffer)
        self.package = Package(buffer.getvalue())
        self.styles = Styles(self.zip.read("xl/styles.xml"))
        book = WorkbookXml(self.package)
        self.sheet_part = book.sheets()[0].part
        self.names = {e.get("name"): e.text for e in book.root.iter(_q("definedName"))}
        shared = "xl/sharedStrings.xml"
        self.strings = ["".join(si.itertext()) for si in parse(self.zip.read(shared))] if shared in self.package else []


def put_sheet(package: Package, book: WorkbookXml, styles: Styles, layout: SheetLayout, *, after: str | None) -> None:
    """Replace (or add after the sheet `after`, else at the end) the layout's sheet."""
    scratch = Scratch(layout, epoch1904=book.epoch1904)
    existing = book.find(layout.name)
    if existing is None:
        if book.structure_locked:
            raise SaveRefused(P.BOOK_STRUCTURE_LOCKED, sheet=layout.name)
        anchor = book.find(after) if after else None
        position = anchor.index + 1 if anchor else len(book.sheets())
        part = package.free_name("xl/worksheets/sheet{}.xml")
        entry = book.add_sheet(layout.name, part, position=position)
    else:
        entry = existing
        if package.content_type(entry.part) != WORKSHEET_TYPE:
            raise SaveRefused(P.NOT_A_WORKSHEET, sheet=layout.name)
        _drop_old(package, book, entry.part)
    sheet = parse(scratch.zip.read(scratch.sheet_part))
    _inline_strings(sheet, scratch.strings)
    _restyle(sheet, scratch.styles, styles)
    for view in sheet.iter(_q("sheetView")):
        view.attrib.pop("tabSelected", None)
    overrides: dict[str, str | None] = {entry.part: WORKSHEET_TYPE}
    overrides.update(_carry_relations(package, scratch, sheet, entry.part))
    package.put(entry.part, serialize(sheet))
    package.set_content_types(overrides)
    local = {name: text for name, text in scratch.names.items() if name and name.startswith("_xlnm.")}
    book.set_local_names(entry.index, local)


def _drop_old(package: Package, book: WorkbookXml, part: str) -> None:
    """The old sheet part and what hangs only from it; the calculation chain too when it held formulas
    (Excel rebuilds the chain; a chain naming cells that hold no formula is reported as damage)."""
    had_formulas = re.search(rb"<(?:\w+:)?f[ >/]", as_utf8(package.read(part))) is not None
    gone = package.owned_tree(part) - {part}
    for name in gone:
        package.remove(name)
    removed_types: dict[str, str | None] = {name: None for name in gone if not name.lower().endswith(".rels")}
    chain = next((r.target for r in package.rels(book.part) if r.type == "calcChain" and not r.external), None)
    if had_formulas and chain is not None:
        if chain in package:
            package.remove(chain)
        package.remove_rels_to(book.part, {chain})
        removed_types[chain] = None
    if removed_types:
        package.set_content_types(removed_types)


def _inline_strings(sheet: Element, strings: list[str]) -> None:
    for cell in sheet.iter(_q("c")):
        if cell.get("t") != "s":
            continue
        value = cell.find(_q("v"))
        text = strings[int(value.text)] if value is not None and value.text else ""
        if value is not None:
            cell.remove(value)
        cell.set("t", "inlineStr")
        inline = etree.SubElement(cell, _q("is"))
        etree.SubElement(inline, _q("t")).text = text


def _restyle(sheet: Element, theirs: Styles, ours: Styles) -> None:
    mapping: dict[str, str] = {}

    def mapped(index: str) -> str:
        if index not in mapping:
            mapping[index] = str(ours.import_xf(theirs, int(index)))
        return mapping[index]

    for cell in sheet.iter(_q("c")):
        if cell.get("s"):
            cell.set("s", mapped(cell.get("s")))
    for row in sheet.iter(_q("row")):
        if row.get("s"):
            row.set("s", mapped(row.get("s")))
    for col in sheet.iter(_q("col")):
        if col.get("style"):
            col.set("style", mapped(col.get("style")))


def _carry_relations(package: Package, scratch: Scratch, sheet: Element, part: str) -> dict[str, str | None]:
    """The sheet's relationships anew: internal hyperlinks as locations, the drawing and its charts
    copied under free names. Returns the content types of the new parts."""
    types: dict[str, str | None] = {}
    relationships = etree.Element(f"{{{RELS_NS}}}Relationships", nsmap={None: RELS_NS})
    links = {rel.id: rel for rel in scratch.package.rels(scratch.sheet_part)}
    for link in sheet.iter(_q("hyperlink")):
        rel = links.get(link.get(f"{{{R_NS}}}id", ""))
        if rel is not None and rel.target.startswith("#"):
            del link.attrib[f"{{{R_NS}}}id"]
            link.set("location", rel.target[1:])
    for rel in links.values():
        if rel.type == "hyperlink" and rel.target.startswith("#"):
            continue
        target = rel.target
        if rel.type == "drawing":
            target = package.free_name("xl/drawings/drawing{}.xml")
            types.update(_copy_drawing(package, scratch, rel.target, target))
        _relationship(relationships, rel.id, rel.type, target, part=part, external=rel.external)
    if len(relationships):
        package.put(rels_part(part), serialize(relationships))
    return types


def _copy_drawing(package: Package, scratch: Scratch, source: str, target: str) -> dict[str, str | None]:
    types: dict[str, str | None] = {target: scratch.package.content_type(source)}
    relationships = etree.Element(f"{{{RELS_NS}}}Relationships", nsmap={None: RELS_NS})
    package.put(target, scratch.package.read(source))
    for rel in scratch.package.rels(source):
        if rel.type != "chart":
            continue
        chart = package.free_name("xl/charts/chart{}.xml")
        package.put(chart, scratch.package.read(rel.target))
        types[chart] = scratch.package.content_type(rel.target)
        _relationship(relationships, rel.id, rel.type, chart, part=target, external=False)
    package.put(rels_part(target), serialize(relationships))
    return types


def _relationship(parent: Element, rid: str, rel_type: str, target: str, *, part: str, external: bool) -> None:
    element = etree.SubElement(parent, f"{{{RELS_NS}}}Relationship")
    element.set("Id", rid)
    element.set("Type", REL_TYPE + rel_type)
    element.set("Target", target if external else relative(part, target))
    if external:
        element.set("TargetMode", "External")
