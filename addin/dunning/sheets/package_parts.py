"""Where a workbook package keeps the parts the reader looks into: the workbook part found through the
package's own relationships (`_rels/.rels`, type officeDocument: `wb/workbook.xml` is as good as
`xl/workbook.xml`), its sheets and shared strings through the workbook part's relationships (targets
relative to the workbook part's folder). Part names are compared as OPC compares them, ASCII
case-insensitively (ECMA-376 Part 2 §6.2.2.3): `xl/worksheets/Sheet1.xml` answers to `sheet1.xml`."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from dunning.core.errors import PackageDamaged
from dunning.core.problems import WorkbookProblem as P
from dunning.sheets.ooxml.package import RELS_NS, fold, parse, rels_part, resolve, serialize

# The sheets with cells calamine reads; an Excel 4 macro sheet or a dialog sheet it cannot read
# ("Unrecognized sheet type"), and the product never needs one: they are left out of what it reads.
SHEET_TYPES = frozenset({"worksheet"})
OTHER_SHEET_TYPES = frozenset({"xlMacrosheet", "xlIntlMacrosheet", "dialogsheet"})


@dataclass(frozen=True)
class Parts:
    """The parts of one package the reader needs, by their names in the zip."""

    workbook: str = ""  # "" when the package holds no workbook part
    sheets: dict[str, str] = field(default_factory=dict)  # sheet name → part (worksheets)
    strings: str = ""  # the shared strings part, "" when none
    others: frozenset[str] = frozenset()  # macro and dialog sheets, by name: not read

    @property
    def binary(self) -> bool:
        """An .xlsb: the workbook and its sheets are binary records, not XML."""
        return self.workbook.lower().endswith(".bin")


def find_parts(names: list[str], read: Callable[[str], bytes]) -> Parts:
    """The workbook part and its sheets' and shared strings' parts; `read` gives a part's bytes (bounded)."""
    actual = {fold(name): name for name in names}

    def present(part: str) -> str:
        return actual.get(fold(part), "")

    def rels(source: str) -> list[tuple[str, str, str]]:
        """(id, type's last segment, target part) of each internal relationship of `source`."""
        part = present(rels_part(source))
        if not part:
            return []
        found = []
        for element in _xml(read(part), part).iter(f"{{{RELS_NS}}}Relationship"):
            if element.get("TargetMode") != "External":
                kind = element.get("Type", "").rsplit("/", 1)[-1]
                found.append((element.get("Id", ""), kind, resolve(source, element.get("Target", ""))))
        return found

    workbook = next((present(t) for _, kind, t in rels("") if kind == "officeDocument" and present(t)), "")
    workbook = workbook or present("xl/workbook.xml")
    if not workbook or workbook.lower().endswith(".bin"):
        return Parts(workbook)
    of_workbook = rels(workbook)
    targets = {rel_id: present(target) for rel_id, kind, target in of_workbook if kind in SHEET_TYPES}
    others = {rel_id for rel_id, kind, _ in of_workbook if kind in OTHER_SHEET_TYPES}
    strings = next((present(t) for _, kind, t in of_workbook if kind == "sharedStrings"), "")
    sheets: dict[str, str] = {}
    skipped: set[str] = set()
    for element in _xml(read(workbook), workbook).iter("{*}sheet"):
        rel_id = str(next((value for key, value in element.attrib.items() if str(key).endswith("}id")), ""))
        name, part = element.get("name"), targets.get(rel_id, "")
        if name is not None and part:
            sheets[str(name)] = part
        elif name is not None and rel_id in others:
            skipped.add(str(name))
    return Parts(workbook, sheets, strings, frozenset(skipped))


def package_copy(path: Path, *, replaced: Mapping[str, bytes], workbook: str, without: frozenset[str]) -> bytes:
    """The package in memory with the `replaced` parts' bytes instead of theirs (parts re-encoded as
    UTF-8) and the named sheets left out of its workbook part's list (macro sheets): every entry
    inflated and deflated again, only for the rare workbook that needs it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as copy:
        for entry in source.infolist():
            data = replaced.get(entry.filename)
            data = source.read(entry) if data is None else data
            if entry.filename == workbook and without:
                root = parse(data)
                for element in list(root.iter("{*}sheet")):
                    if element.get("name") in without:
                        element.getparent().remove(element)
                data = serialize(root)
            copy.writestr(entry.filename, data)
    return buffer.getvalue()


def _xml(data: bytes, part: str) -> etree._Element:
    try:
        return parse(data)
    except etree.LxmlError as exc:
        raise PackageDamaged(P.PART_XML, part=part, detail=str(exc).splitlines()[0]) from exc
