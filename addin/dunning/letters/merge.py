"""The direct merge of letters that share one style sheet and the same headers and footers (letters.combine
decides): each letter's body after a section break carrying the previous letter's own page setup, every
section showing the first letter's header and footer, page numbers restarting for each letter.

Streamed: the print file's document part is written letter by letter, one letter's body read at a time;
the other parts are the first letter's (its headers and footers without the batch's page total). The
parts are what python-docx saved when the merge built one Document of the whole batch.
"""

from __future__ import annotations

import copy
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from docx import Document
from docx.opc.part import XmlPart
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from lxml import etree

from dunning.atomic import replace_atomically
from dunning.letters.docx_zip import saved

DOCUMENT = "word/document.xml"  # where python-docx and docxtpl write a letter's main part
HEADER_FOOTER = re.compile(r"word/(header|footer)\d*\.xml")
_SECTION = qn("w:sectPr")
_MARK = "dunning: the letters go here"


def _serialized(element: etree._Element) -> bytes:
    """As python-docx writes a part."""
    return bytes(etree.tostring(element, encoding="UTF-8", standalone=True))


def merge(files: list[Path], target: Path) -> None:
    """`files` merged into one document at `target` (written whole or not at all)."""
    master = Document(str(files[0]))  # its parts as python-docx saves them: the batch's, but for its body
    root = master.element
    body = root.body
    first = list(body)
    section = first[-1] if first and first[-1].tag == _SECTION else None
    shared = _margin_references(section) if section is not None else []
    for child in first:
        body.remove(child)
    mark = etree.Comment(_MARK)
    body.append(mark)
    head, tail = _serialized(root).split(f"<!--{_MARK}-->".encode())
    body.remove(mark)

    def bodies() -> Iterator[list[etree._Element]]:
        yield first
        for path in files[1:]:
            yield _body(path, shared)

    def write(path: str) -> None:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
            for name, content in saved(master.part.package):
                if content is master.part:
                    with package.open(name, "w") as stream:
                        stream.write(head)
                        for elements in _sections(bodies()):
                            stream.write(_inside(root, body, elements, frame=(len(head), len(tail))))
                        stream.write(tail)
                elif isinstance(content, XmlPart) and HEADER_FOOTER.fullmatch(name):
                    package.writestr(name, _pages_of_each_letter(content.element))
                else:
                    package.writestr(name, content if isinstance(content, bytes) else content.blob)

    replace_atomically(target, write)


def _body(path: Path, shared: list[etree._Element]) -> list[etree._Element]:
    """A later letter's body, its sections showing the first letter's header and footer."""
    with zipfile.ZipFile(path) as archive:
        body = etree.fromstring(archive.read(DOCUMENT)).find(qn("w:body"))
    assert body is not None
    for child in body:
        if child.tag == _SECTION:  # its own header and footer references → the shared ones
            for reference in _margin_references(child):
                child.remove(reference)
            for position, reference in enumerate(shared):
                child.insert(position, copy.deepcopy(reference))
    return list(body)


def _sections(bodies: Iterator[list[etree._Element]]) -> Iterator[list[etree._Element]]:
    """What each letter adds to the batch's body: the previous letter's last section properties, if it
    ends with them, as a paragraph's (a section break, next page), then its own body but those."""
    pending = None
    for children in bodies:
        added: list[etree._Element] = []
        if pending is not None:  # end the previous letter with its own page setup, next page
            _restart_numbering(pending)
            breaker, properties = OxmlElement("w:p"), OxmlElement("w:pPr")
            properties.append(pending)
            breaker.append(properties)
            added.append(breaker)
        pending = children[-1] if children and children[-1].tag == _SECTION else None
        yield added + (children[:-1] if pending is not None else children)
    if pending is not None:
        _restart_numbering(pending)
        yield [pending]


def _inside(
    root: etree._Element, body: etree._Element, elements: list[etree._Element], *, frame: tuple[int, int]
) -> bytes:
    """`elements` as they are written inside the batch's body (`root` written whole, the `frame` of bytes
    before and after the body's children cut off)."""
    for element in elements:
        body.append(element)
    written = _serialized(root)
    for element in elements:
        body.remove(element)
    return written[frame[0] : len(written) - frame[1]]


def _margin_references(section: etree._Element) -> list[etree._Element]:
    return [child for child in section if child.tag in (qn("w:headerReference"), qn("w:footerReference"))]


# what follows w:pgNumType in a section's properties (the schema fixes the order)
_AFTER_PAGE_NUMBERS = {
    qn(f"w:{name}")
    for name in (
        "cols",
        "formProt",
        "vAlign",
        "noEndnote",
        "titlePg",
        "textDirection",
        "bidi",
        "rtlGutter",
        "docGrid",
        "printerSettings",
        "sectPrChange",
    )
}


def _restart_numbering(section: etree._Element) -> None:
    numbering = section.find(qn("w:pgNumType"))
    if numbering is None:
        numbering = OxmlElement("w:pgNumType")
        later = next((child for child in section if child.tag in _AFTER_PAGE_NUMBERS), None)
        if later is None:
            section.append(numbering)
        else:
            later.addprevious(numbering)
    numbering.set(qn("w:start"), "1")


_TOTAL_BEFORE = re.compile(r"\s*共\s*$")
_TOTAL_AFTER = re.compile(r"^\s*页")


def _pages_of_each_letter(part: etree._Element) -> bytes:
    """Page numbers restart for each letter, so a footer's total (`共 N 页`, NUMPAGES) would count the
    whole batch. A simple field with its `共 … 页` around it is removed (`第 2 页` stays right in Word and
    LibreOffice alike: LibreOffice does not compute SECTIONPAGES); any other total becomes SECTIONPAGES.
    `part`: a header's or footer's root element."""
    for element in list(part.iter(qn("w:fldSimple"), qn("w:instrText"))):
        if element.tag == qn("w:fldSimple"):
            if "NUMPAGES" in element.get(qn("w:instr")) and _drop_total(element):
                continue
            element.set(qn("w:instr"), element.get(qn("w:instr")).replace("NUMPAGES", "SECTIONPAGES"))
        elif element.text:
            element.text = element.text.replace("NUMPAGES", "SECTIONPAGES")
    return _serialized(part)


def _drop_total(field: etree._Element) -> bool:
    """Remove `共 <field> 页` when the texts beside the field say just that; False if they do not."""
    before, after = field.getprevious(), field.getnext()
    texts = [_last_text(before), _first_text(after)]
    if texts[0] is None or texts[1] is None:
        return False
    if not _TOTAL_BEFORE.search(texts[0].text or "") or not _TOTAL_AFTER.match(texts[1].text or ""):
        return False
    texts[0].text = _TOTAL_BEFORE.sub("", texts[0].text or "")
    texts[1].text = _TOTAL_AFTER.sub("", texts[1].text or "")
    field.getparent().remove(field)
    return True


def _last_text(run: etree._Element | None) -> etree._Element | None:
    found = list(run.iter(qn("w:t"))) if run is not None and run.tag == qn("w:r") else []
    return found[-1] if found else None


def _first_text(run: etree._Element | None) -> etree._Element | None:
    found = list(run.iter(qn("w:t"))) if run is not None and run.tag == qn("w:r") else []
    return found[0] if found else None
