"""Filling Word templates: with letters.compiled, the only modules that import docxtpl.

Templates are user files: they are rendered in a sandboxed Jinja environment with autoescape on, so
a value carrying `&`, `<` or quotes stays text, and a template cannot reach into Python. A template
that names an unknown placeholder, or that Word could not open, is refused with its name.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

from docx.opc.part import XmlPart
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import TemplateError as JinjaError
from jinja2.sandbox import SandboxedEnvironment

from dunning.atomic import replace_atomically
from dunning.core.errors import TemplateFieldUnknown, TemplateUnreadable
from dunning.letters.compiled import CompiledDocx, compilable
from dunning.letters.context import FIELDS

SUFFIX = ".docx"


def environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True)


class Template:
    """One template file, checked and compiled once, rendered many times (letters.compiled; a template
    with footnotes through docxtpl, letter by letter)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name
        if not path.is_file():
            raise TemplateUnreadable(self.name, f"文件不存在（{path}）")
        try:
            with zipfile.ZipFile(path) as archive:
                archive.getinfo("word/document.xml")
            self._tpl = DocxTemplate(str(path))
            self.fields = self._declared()
            self._compiled = CompiledDocx(path, environment(), hyphens=_hyphens) if compilable(path) else None
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise TemplateUnreadable(self.name, str(exc) or type(exc).__name__) from exc
        except JinjaError as exc:
            raise TemplateUnreadable(self.name, f"占位符语法错误：{exc}") from exc
        unknown = sorted(self.fields - FIELDS.keys())
        if unknown:
            raise TemplateFieldUnknown(self.name, unknown)

    def _declared(self) -> set[str]:
        return set(self._tpl.get_undeclared_template_variables(environment()))

    def render(self, context: dict[str, object], target: Path) -> str:
        """Render to `target`, written whole (a temporary file moved into place) or not at all; the
        SHA-256 of what was written."""
        try:
            letter = self._fill(context)
        except JinjaError as exc:
            raise TemplateUnreadable(self.name, f"填写失败：{exc}") from exc
        except (ArithmeticError, TypeError, ValueError, LookupError, AttributeError, MemoryError) as exc:
            # the template's own expressions failed ({{ 1/0 }}, a range too big for the sandbox …)
            raise TemplateUnreadable(self.name, f"模板中的表达式出错：{type(exc).__name__}: {exc}") from exc

        def save(path: str) -> None:
            Path(path).write_bytes(letter)

        replace_atomically(target, save, durable=False)  # the batch is flushed once, before the archive
        return hashlib.sha256(letter).hexdigest()

    def _fill(self, context: dict[str, object]) -> bytes:
        """The letter's .docx, filled in."""
        stream = io.BytesIO()
        if self._compiled is None:
            self._tpl.render(context, environment(), autoescape=True)
            no_break_hyphens(self._tpl.docx)
            self._tpl.save(stream)
        else:
            self._compiled.write(context, stream)
        return stream.getvalue()


NO_BREAK_HYPHEN = "\u2011"  # what letters.statements.unbroken puts in a telephone number


def no_break_hyphens(document: Any) -> None:
    """Each U+2011 a value brought written as Word's own non-breaking hyphen (`<w:noBreakHyphen/>`): Word
    and LibreOffice keep the number on one line, and its text reads `-` (search, copy, python-docx)."""
    for part in document.part.package.iter_parts():
        if isinstance(part, XmlPart):
            _hyphens(part.element)


def _hyphens(element: Any) -> None:
    """no_break_hyphens in one part (its root `element`)."""
    for text in list(element.iter(qn("w:t"))):
        if NO_BREAK_HYPHEN not in (text.text or ""):
            continue
        first, *rest = text.text.split(NO_BREAK_HYPHEN)
        text.text = first
        text.set(qn("xml:space"), "preserve")
        anchor = text
        for piece in rest:
            hyphen, after = OxmlElement("w:noBreakHyphen"), OxmlElement("w:t")
            after.text = piece
            after.set(qn("xml:space"), "preserve")
            anchor.addnext(hyphen)
            hyphen.addnext(after)
            anchor = after


def check_folder(folder: Path) -> list[tuple[str, list[str], str | None]]:
    """For `dunning templates check`: (file, placeholders, problem or None) for every template."""
    results: list[tuple[str, list[str], str | None]] = []
    for path in sorted(folder.glob(f"*{SUFFIX}")):
        if path.name.startswith(("~$", ".~")):
            continue
        try:
            template = Template(path)
            results.append((path.name, sorted(template.fields), None))
        except TemplateFieldUnknown as exc:
            results.append((path.name, sorted(exc.fields), str(exc)))
        except TemplateUnreadable as exc:
            results.append((path.name, [], str(exc)))
    return results
