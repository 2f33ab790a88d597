"""What a headless save could not do safely to this file, found before anything is written.

The save changes only what the product owns and copies every other part of the package as it was
(`dunning.sheets.ooxml`), so shapes, sparklines, VBA, images in cells and cached formula values all
survive. What is left is what any change to the file breaks or cannot express:

* a Strict Open XML workbook: our parts are Transitional, and a package cannot mix the two
  (refused; Excel's "另存为 Excel 工作簿" turns it into a Transitional one);
* two zip entries for one part (names that differ only in ASCII case, which OPC forbids; what older
  versions of this tool left beside a capitalised sheet): which one a reader takes is anyone's guess
  (refused);
* a digital signature over the package: any change invalidates it (refused unless --force);
* a password to modify (Excel's "修改权限密码"): the file's owner asked that it be changed only by
  whoever knows it (refused unless --force).

Cases that depend on what a run writes are refused where they are met (`dunning.sheets.ooxml.book`):
a tracking cell that holds a formula, a locked cell of a protected sheet, a new sheet in a workbook
whose structure is protected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from dunning.core.error_text import save_hazard_text
from dunning.core.errors import DunningError
from dunning.core.problems import SaveHazard
from dunning.sheets.ooxml.package import Package, PartNamesClash, as_utf8, fold
from dunning.sheets.ooxml.workbook import workbook_part

STRICT_NS = b"http://purl.oclc.org/ooxml/spreadsheetml/main"
_MODIFY_PASSWORD = re.compile(rb"<(?:\w+:)?fileSharing\b[^>]*\b(?:reservationPassword|hashValue)=")


@dataclass(frozen=True)
class Refusal:
    """What stops a save: `kind`, and for PART_NAMES_CLASH the two spellings (`first`, `second`)."""

    kind: SaveHazard
    first: str = ""
    second: str = ""

    @property
    def forceable(self) -> bool:
        """--force goes on anyway (with the backup)."""
        return self.kind.forceable

    @property
    def what(self) -> str:
        """As the refusal lists it: `数字签名（保存后签名失效）`."""
        return save_hazard_text(self.kind, first=self.first, second=self.second)


def refusals(path: Path) -> list[Refusal]:
    """Everything that stops a save of this file; empty when nothing does (or it is no workbook: the
    reader names that)."""
    try:
        package = Package.open(path)
        workbook = as_utf8(package.read(workbook_part(package)))  # wherever _rels/.rels puts it
    except PartNamesClash as exc:
        return [Refusal(SaveHazard.PART_NAMES_CLASH, exc.first, exc.second)]
    except (DunningError, OSError, ValueError, KeyError, etree.LxmlError):
        return []
    found: list[Refusal] = []
    if STRICT_NS in workbook[:2000]:
        found.append(Refusal(SaveHazard.STRICT))
    if any(fold(name).startswith("_xmlsignatures/") for name in package.names()):
        found.append(Refusal(SaveHazard.SIGNATURE))
    if _MODIFY_PASSWORD.search(workbook):
        found.append(Refusal(SaveHazard.MODIFY_PASSWORD))
    return found


def losses(path: Path) -> list[str]:
    """What a save would break that the person may accept with --force: `数字签名（保存后签名失效）`."""
    return [r.what for r in refusals(path) if r.forceable]
