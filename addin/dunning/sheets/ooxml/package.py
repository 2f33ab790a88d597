"""The workbook file as an OPC package: its parts by name, their relationships and content types.
Parts nobody changed are written back as they were read (`zipraw`); a changed part is re-deflated in
its old place; a new part goes at the end.

Part names are compared as OPC compares them: names that differ only in the case of ASCII letters are
the same part (ECMA-376 Part 2, §6.2.2.3), so `xl/worksheets/Sheet1.xml`, a relationship's
`worksheets/sheet1.xml` and an Override's `/XL/worksheets/sheet1.xml` all find the one part, and a new
part is named free of every existing name in that sense. A part keeps the spelling the file gave it.
A changed part is written as UTF-8 whatever it was read in (`as_utf8`)."""

from __future__ import annotations

import posixpath
import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from dunning.core.errors import PackageDamaged
from dunning.core.problems import WorkbookProblem as P
from dunning.sheets.ooxml.zipraw import Entry, new_entry, read_entries, write_archive

RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_TYPE = R_NS + "/"
CONTENT_TYPES = "[Content_Types].xml"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_blank_text=False)

Element = Any  # lxml elements (lxml ships no type information here)
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_DECLARED = re.compile(rb"""^(?:\xef\xbb\xbf)?<\?xml[^>]*?\bencoding\s*=\s*["']([^"']*)["']""")
_DECLARATION_ENCODING = re.compile(r"""^(\ufeff?<\?xml[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2""")


def fold(name: str) -> str:
    """A part name as OPC compares it: ASCII letters in either case are the same letter."""
    return name.translate(_ASCII_LOWER)


def needs_utf8(head: bytes) -> bool:
    """Whether `as_utf8` re-encodes a part that starts with these bytes (its first chunk will do)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")):
        return True
    declared = _DECLARED.match(head)
    return declared is not None and _encoding(declared[1]) not in ("utf-8", "utf8")


def _encoding(declared: bytes) -> str:
    return declared.decode("ascii", "replace").lower().replace("_", "-")


def as_utf8(xml: bytes) -> bytes:
    """A part's XML encoded as UTF-8, its declaration saying so: a UTF-16 part (with its byte order mark,
    or starting `<` in either byte order) or one declared in another encoding is re-encoded; UTF-8 (and
    an undeclared ASCII-compatible part, which is UTF-8 by XML's rule) is returned as it is. The bytes
    are spliced afterwards: UTF-8 text in a UTF-16 or GB2312 part would corrupt it."""
    if xml.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = xml.decode("utf-16")
    elif xml.startswith((b"<\x00", b"\x00<")):
        text = xml.decode("utf-16-le" if xml[0] == 0x3C else "utf-16-be")
    else:
        declared = _DECLARED.match(xml)
        encoding = _encoding(declared[1]) if declared else "utf-8"
        if encoding in ("utf-8", "utf8"):
            return xml
        try:
            text = xml.decode(encoding)
        except LookupError as exc:
            raise ValueError(f"未知的 XML 编码 {encoding}") from exc
    text = _DECLARATION_ENCODING.sub(r"\1\2UTF-8\2", text.removeprefix("\ufeff"), count=1)
    return text.encode("utf-8")


class PartNamesClash(PackageDamaged):
    """Two zip entries name the same part (they differ only in ASCII case, or not at all): `part` and
    `detail` (also `first` and `second`) are their spellings."""

    @property
    def first(self) -> str:
        return self.part

    @property
    def second(self) -> str:
        return self.detail


def parse(xml: bytes) -> Element:
    return etree.fromstring(xml, _PARSER)


def serialize(root: Element) -> bytes:
    """The element's document, with an XML declaration as Office writes it."""
    standalone = ' standalone="yes"' if root.getroottree().docinfo.standalone is True else ""
    body: bytes = etree.tostring(root.getroottree(), encoding="UTF-8", xml_declaration=False)
    return f'<?xml version="1.0" encoding="UTF-8"{standalone}?>\r\n'.encode() + body


@dataclass(frozen=True)
class Rel:
    id: str
    type: str  # the last segment: worksheet, drawing, chart, hyperlink …
    target: str  # resolved part name for an internal target, as written for an external one
    external: bool


def rels_part(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def resolve(source: str, target: str) -> str:
    """The part a relationship of `source` points to ("" source: the package's own relationships)."""
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def relative(source: str, part: str) -> str:
    return posixpath.relpath(part, posixpath.dirname(source) or ".")


class Package:
    def __init__(self, blob: bytes) -> None:
        entries, self._comment = read_entries(blob)
        self._entries: dict[str, Entry] = {entry.name: entry for entry in entries}
        self._spelling: dict[str, str] = {}  # folded name → the name as the package spells it
        for entry in entries:
            if fold(entry.name) in self._spelling:
                raise PartNamesClash(P.PART_NAMES_CLASH, part=self._spelling[fold(entry.name)], detail=entry.name)
            self._spelling[fold(entry.name)] = entry.name
        self._changed: dict[str, bytes] = {}
        self._removed: set[str] = set()

    def _name(self, name: str) -> str:
        """The package's spelling of an equivalent name, or the name as given for a new part."""
        return self._spelling.get(fold(name), name)

    @classmethod
    def open(cls, path: Path) -> Package:
        return cls(path.read_bytes())

    def names(self) -> list[str]:
        return [n for n in self._entries if n not in self._removed] + [
            n for n in self._changed if n not in self._entries
        ]

    def __contains__(self, name: str) -> bool:
        name = self._name(name)
        return name in self._changed or (name in self._entries and name not in self._removed)

    def read(self, name: str) -> bytes:
        name = self._name(name)
        if name in self._changed:
            return self._changed[name]
        if name in self._removed or name not in self._entries:
            raise KeyError(name)
        return self._entries[name].data()

    def put(self, name: str, data: bytes) -> None:
        name = self._spelling.setdefault(fold(name), name)
        if name in self._entries and name not in self._removed and self._entries[name].data() == data:
            self._changed.pop(name, None)
            return
        self._removed.discard(name)
        self._changed[name] = data

    def remove(self, name: str) -> None:
        name = self._name(name)
        self._changed.pop(name, None)
        if name in self._entries:
            self._removed.add(name)
        else:
            self._spelling.pop(fold(name), None)

    def to_bytes(self) -> bytes:
        model = next(iter(self._entries.values()))
        entries: list[Entry] = []
        for name, entry in self._entries.items():
            if name in self._removed:
                continue
            entries.append(new_entry(name, self._changed[name], like=entry) if name in self._changed else entry)
            model = entry if name.startswith("xl/") else model
        entries += [new_entry(n, data, like=model) for n, data in self._changed.items() if n not in self._entries]
        return write_archive(entries, self._comment)

    def save(self, filename: str) -> None:
        Path(filename).write_bytes(self.to_bytes())

    # relationships

    def rels(self, part: str) -> list[Rel]:
        part = self._name(part)
        name = rels_part(part)
        if name not in self:
            return []
        found = []
        for element in parse(self.read(name)).iter(f"{{{RELS_NS}}}Relationship"):
            external = element.get("TargetMode") == "External"
            target = element.get("Target", "")
            found.append(
                Rel(
                    element.get("Id", ""),
                    element.get("Type", "").rsplit("/", 1)[-1],
                    target if external else self._name(resolve(part, target)),
                    external,
                )
            )
        return found

    def add_rel(self, part: str, rel_type: str, target: str) -> str:
        """A new relationship of `part` to the part `target`; its id."""
        part = self._name(part)
        name = rels_part(part)
        root = (
            parse(self.read(name))
            if name in self
            else etree.Element(f"{{{RELS_NS}}}Relationships", nsmap={None: RELS_NS})
        )
        used = {element.get("Id") for element in root}
        rid = next(f"rId{n}" for n in range(1, len(used) + 2) if f"rId{n}" not in used)
        element = etree.SubElement(root, f"{{{RELS_NS}}}Relationship")
        element.set("Id", rid)
        element.set("Type", REL_TYPE + rel_type)
        element.set("Target", relative(part, target))
        self.put(name, serialize(root))
        return rid

    def remove_rels_to(self, part: str, targets: set[str]) -> None:
        name = rels_part(self._name(part))
        if name not in self:
            return
        root = parse(self.read(name))
        folded = {fold(target) for target in targets}
        for element in list(root):
            if element.get("TargetMode") != "External" and fold(resolve(part, element.get("Target", ""))) in folded:
                root.remove(element)
        self.put(name, serialize(root))

    def free_name(self, pattern: str) -> str:
        """The first part name of a pattern such as `xl/charts/chart{}.xml` that no part has, in any case,
        and whose relationships part no part has either."""
        taken = {fold(name) for name in self.names()}
        return next(
            name
            for name in (pattern.format(n) for n in range(1, len(taken) + 2))
            if fold(name) not in taken and fold(rels_part(name)) not in taken
        )

    # content types

    def set_content_types(self, overrides: dict[str, str | None]) -> None:
        """Add (or, with None, remove) the Override of each part."""
        root = parse(self.read(CONTENT_TYPES))
        folded = {fold(part) for part in overrides}
        for element in list(root.iter(f"{{{TYPES_NS}}}Override")):
            if fold(element.get("PartName", "").lstrip("/")) in folded:
                root.remove(element)
        for part, content_type in overrides.items():
            if content_type is not None:
                element = etree.SubElement(root, f"{{{TYPES_NS}}}Override")
                element.set("PartName", "/" + self._name(part))
                element.set("ContentType", content_type)
        self.put(CONTENT_TYPES, serialize(root))

    def content_type(self, part: str) -> str | None:
        root = parse(self.read(CONTENT_TYPES))
        for element in root.iter(f"{{{TYPES_NS}}}Override"):
            if fold(element.get("PartName", "").lstrip("/")) == fold(part):
                return str(element.get("ContentType"))
        extension = fold(part.rsplit(".", 1)[-1])
        for element in root.iter(f"{{{TYPES_NS}}}Default"):
            if fold(element.get("Extension", "")) == extension:
                return str(element.get("ContentType"))
        return None

    def owned_tree(self, part: str) -> set[str]:
        """`part`, its relationships part and every part reached from it that no other part points to."""
        part = self._name(part)
        found = self._reached_from({part}, within=set(self.names()))
        shared = self._pointed_from_outside(found) - {part}
        return found - self._reached_from(shared, within=found) if shared else found

    def _pointed_from_outside(self, group: set[str]) -> set[str]:
        outside = [n for n in self.names() if fold(n).endswith(".rels") and n not in group]
        pointed: set[str] = set()
        for name in outside:
            folder = posixpath.dirname(posixpath.dirname(name))
            source = posixpath.join(folder, posixpath.basename(name)[: -len(".rels")]) if folder else ""
            pointed |= {rel.target for rel in self.rels(source) if not rel.external and rel.target in group}
        return pointed

    def _reached_from(self, starts: set[str], *, within: set[str]) -> set[str]:
        """`starts` and every part (and relationships part) in `within` reached from them by relationships."""
        reached, frontier = set(starts), list(starts)
        while frontier:
            current = frontier.pop()
            relationships = self._name(rels_part(current))
            if relationships in within:
                reached.add(relationships)
            for rel in self.rels(current):
                if not rel.external and rel.target in within and rel.target not in reached:
                    reached.add(rel.target)
                    frontier.append(rel.target)
        return reached
