"""One printable .docx of the whole batch, each letter starting on a new page.

docxcompose merges any documents but slows as the document grows (about 19 s for 1,000 letters).
Letters made from templates that share one style sheet and the same headers and footers, with no
images, links or lists in their bodies, are merged directly instead: each letter's body is appended
after a section break that carries the previous letter's own page setup, every section shows the
shared header and footer, and page numbers restart for each letter (a footer's `共 N 页` total is
dropped, since it would count the batch) — fast, and the same result. Anything else goes through
docxcompose.
"""

from __future__ import annotations

import copy
import re
import zipfile
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from lxml import etree

from dunning.atomic import replace_atomically

DOCUMENT, STYLES = "word/document.xml", "word/styles.xml"
_NEEDS_COMPOSER = (b"r:id=", b"r:embed=", b"r:link=", b"<w:numPr", b"w:footnoteReference", b"w:commentReference")
_SECTION = re.compile(rb"<w:sectPr[ >].*?</w:sectPr>", re.DOTALL)
_HEADER_FOOTER = re.compile(r"word/(header|footer)\d*\.xml")


def _parts(path: Path) -> tuple[bytes, bytes, tuple[bytes, ...]]:
    """The document, its styles, and its headers and footers (sorted by content)."""
    with zipfile.ZipFile(path) as archive:
        margins = tuple(sorted(archive.read(n) for n in archive.namelist() if _HEADER_FOOTER.fullmatch(n)))
        return archive.read(DOCUMENT), archive.read(STYLES), margins


def mergeable(files: list[Path]) -> bool:
    """All share one style sheet and the same headers and footers, and no letter's body (its section
    properties aside) refers to a part of its own package."""
    first: tuple[bytes, tuple[bytes, ...]] | None = None
    for path in files:
        document, styles, margins = _parts(path)
        first = first or (styles, margins)
        body = _SECTION.sub(b"", document)
        if (styles, margins) != first or any(marker in body for marker in _NEEDS_COMPOSER):
            return False
    return True


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


def _pages_of_each_letter(master: object) -> None:
    """Page numbers restart for each letter, so a footer's total (`共 N 页`, NUMPAGES) would count the
    whole batch. A simple field with its `共 … 页` around it is removed (`第 2 页` stays right in Word and
    LibreOffice alike: LibreOffice does not compute SECTIONPAGES); any other total becomes SECTIONPAGES."""
    for part in master.part.package.parts:  # type: ignore[attr-defined]
        if not _HEADER_FOOTER.fullmatch(str(part.partname).lstrip("/")):
            continue
        for element in list(part.element.iter(qn("w:fldSimple"), qn("w:instrText"))):
            if element.tag == qn("w:fldSimple"):
                if "NUMPAGES" in element.get(qn("w:instr")) and _drop_total(element):
                    continue
                element.set(qn("w:instr"), element.get(qn("w:instr")).replace("NUMPAGES", "SECTIONPAGES"))
            elif element.text:
                element.text = element.text.replace("NUMPAGES", "SECTIONPAGES")


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


def _save(document: object, target: Path) -> None:
    replace_atomically(target, document.save)  # type: ignore[attr-defined]


def _merge(files: list[Path], target: Path) -> None:
    master = Document(str(files[0]))
    body = master.element.body
    first = body[-1] if body[-1].tag == qn("w:sectPr") else None
    shared = _margin_references(first) if first is not None else []
    for path in files[1:]:
        section = body[-1] if body[-1].tag == qn("w:sectPr") else None
        if section is not None:  # end the previous letter with its own page setup, next page
            _restart_numbering(section)
            breaker, properties = OxmlElement("w:p"), OxmlElement("w:pPr")
            body.remove(section)
            properties.append(section)
            breaker.append(properties)
            body.append(breaker)
        other = etree.fromstring(_parts(path)[0]).find(qn("w:body"))
        assert other is not None
        for child in list(other):
            if child.tag == qn("w:sectPr"):  # its own header and footer references → the shared ones
                for reference in _margin_references(child):
                    child.remove(reference)
                for position, reference in enumerate(shared):
                    child.insert(position, copy.deepcopy(reference))
            body.append(child)
    if body[-1].tag == qn("w:sectPr"):
        _restart_numbering(body[-1])
    _pages_of_each_letter(master)
    _save(master, target)


def _compose(files: list[Path], target: Path) -> None:
    from docxcompose.composer import Composer

    master = Document(str(files[0]))
    composer = Composer(master)
    for path in files[1:]:
        master.add_page_break()  # type: ignore[no-untyped-call]
        composer.append(Document(str(path)))
    _save(composer, target)


def combine(files: list[Path], target: Path) -> None:
    if not files:
        return
    (_merge if mergeable(files) else _compose)(files, target)
