"""A Word template compiled once per run, each letter rendered into it.

docxtpl's `render` + `save` re-reads the whole package, re-compiles its Jinja source and re-compresses
every part for each letter; most of a letter's time went there. Here docxtpl's own steps run once per
template: the package is read, the body, headers and footers are prepared by docxtpl's `patch_xml` and
compiled, and every part a letter does not change is serialized and deflated. Per letter, only the
compiled Jinja templates are rendered, docxtpl's post-processing applied (`resolve_listing`,
`fix_tables`, `fix_docpr_ids`), the core properties filled, and the package written with the other
parts copied as bytes (letters.docx_zip): each member the same bytes as docxtpl's save.

A template with footnotes (docxtpl renders them once per section of the rendered letter) is not
compiled (`compilable`): render.Template renders it through docxtpl, letter by letter.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part, XmlPart
from docxtpl import DocxTemplate
from jinja2 import Environment
from jinja2 import Template as Jinja

from dunning.letters import docx_zip
from dunning.letters.docx_zip import Member, saved

# docxtpl's render_properties: the core properties it renders as templates, in its order
PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
_PARAGRAPH, _MARKED = re.compile(r"<w:p([ >])"), re.compile(r"\n<w:p([ >])")
_LISTING = re.compile("[\t\n\a\f]")
Hyphens = Callable[[Any], None]  # render.no_break_hyphens, on one part's root element


def compilable(path: Path) -> bool:
    """The template holds no footnotes part."""
    with zipfile.ZipFile(path) as archive:
        return not any(name.startswith("word/footnotes") for name in archive.namelist())


def _source(xml: str) -> str:
    """docxtpl's render_xml_part, before Jinja: each paragraph on its own line."""
    return _PARAGRAPH.sub(r"\n<w:p\1", xml)


class CompiledDocx:
    """One template: its parts compiled, its fixed members deflated; `write` makes one letter."""

    def __init__(self, path: Path, env: Environment, *, hyphens: Hyphens) -> None:
        self._tpl = tpl = DocxTemplate(str(path))
        tpl.render_init()  # the package read, as docxtpl reads it before each render
        self._hyphens = hyphens
        document = tpl.docx
        self._root = document.element
        self._body = env.from_string(_source(tpl.patch_xml(tpl.get_xml())))
        self._margins: dict[Part, Jinja] = {}  # headers and footers, as docxtpl finds them
        self._encodings: dict[Part, str] = {}
        for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
            for _key, part in tpl.get_headers_footers(uri):
                xml = tpl.get_part_xml(part)
                self._encodings[part] = tpl.get_headers_footers_encoding(xml)
                self._margins[part] = env.from_string(_source(tpl.patch_xml(xml)))
        self._core = document.core_properties  # made here if the package has none, as docxtpl's render does
        self._core_part = document.part.package.part_related_by(RT.CORE_PROPERTIES)
        self._properties = [(name, env.from_string(getattr(self._core, name))) for name in PROPERTIES]
        self._filled: tuple[tuple[str, ...], Member] | None = None  # the last core properties, deflated
        self._members = self._layout()

    def _layout(self) -> list[Member | Part]:
        """Every member in the order python-docx saves them: a Member where it is the same for every
        letter (deflated now), the Part itself where each letter fills it."""
        filled = {self._tpl.docx.part, self._core_part, *self._margins}
        members: list[Member | Part] = []
        for name, content in saved(self._tpl.docx.part.package):
            if isinstance(content, bytes):
                members.append(docx_zip.deflate(name, content))
            elif content in filled:
                members.append(content)
            else:
                if isinstance(content, XmlPart):
                    self._hyphens(content.element)
                members.append(docx_zip.deflate(name, content.blob))
        return members

    def write(self, context: dict[str, object], stream: BinaryIO) -> None:
        """One letter: `context` rendered into the template, the package written to `stream`."""
        filled = {self._tpl.docx.part: self._document(context)}
        for part, template in self._margins.items():
            filled[part] = self._margin(part, template, context)
        filled[self._core_part] = self._properties_member(context)
        docx_zip.write(stream, (m if isinstance(m, Member) else filled[m] for m in self._members))

    def _finish(self, xml: str) -> str:
        """docxtpl's render_xml_part after Jinja. Its resolve_listing turns a tab, newline, bell or form
        feed inside a text into Word's own: a text without any is left as it is."""
        xml = _MARKED.sub(r"<w:p\1", xml)
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        return str(self._tpl.resolve_listing(xml)) if _LISTING.search(xml) else xml

    def _document(self, context: dict[str, object]) -> Member:
        tpl = self._tpl
        tree = tpl.fix_tables(self._finish(self._body.render(context)))
        tpl.docx_ids_index = 1000
        tpl.fix_docpr_ids(tree)
        self._root.replace(self._root.body, tree)
        self._hyphens(self._root)
        part = tpl.docx.part
        return docx_zip.deflate(part.partname.membername, part.blob)

    def _margin(self, part: Part, template: Jinja, context: dict[str, object]) -> Member:
        xml = self._finish(template.render(context)).encode(self._encodings[part])
        rendered = XmlPart.load(part.partname, part.content_type, xml, part.package)
        self._hyphens(rendered.element)
        return docx_zip.deflate(part.partname.membername, rendered.blob)

    def _properties_member(self, context: dict[str, object]) -> Member:
        values = tuple(template.render(context) for _name, template in self._properties)
        if self._filled is None or self._filled[0] != values:
            for name, value in zip(PROPERTIES, values, strict=True):
                setattr(self._core, name, value)
            self._filled = values, docx_zip.deflate(self._core_part.partname.membername, self._core_part.blob)
        return self._filled[1]
