"""What a headless save through openpyxl would lose from this file, found before anything is written.

openpyxl keeps tables, data validation, plain conditional formatting, defined names, images (with
Pillow), charts (rewritten) and pivot tables; it drops shapes and text boxes, form controls, Office 2010
extensions (data bars and icon sets of the newer kind, sparklines, slicers, timelines, cross-sheet
validation lists) and the formatting of comments (shared/EXCEL-BRIDGE.md). A save that would lose any
of these is refused, naming what and where, unless the person says --force.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath

# marker in a worksheet's XML → what is lost
SHEET_MARKERS = {
    b"<x14:conditionalFormatting": "Office 2010 条件格式（新式数据条、图标集）",
    b"<x14:sparklineGroups": "迷你图",
    b"<x14:slicerList": "切片器",
    b"<x15:timelineRefs": "日程表",
    b"<x14:dataValidations": "引用其他工作表的数据验证",
}
_SHAPE = re.compile(rb"<(?:\w+:)?sp[ >]")
_SHEET_ENTRY = re.compile(rb'<(?:\w+:)?sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"')
_REL = re.compile(rb'<Relationship [^>]*Id="([^"]+)"[^>]*Target="([^"]+)"')
_REL_ALT = re.compile(rb'<Relationship [^>]*Target="([^"]+)"[^>]*Id="([^"]+)"')


def _rels(archive: zipfile.ZipFile, part: str) -> dict[str, str]:
    """Relationship id → target part (resolved) of a part."""
    path = PurePosixPath(part)
    rels_name = str(path.parent / "_rels" / f"{path.name}.rels")
    if rels_name not in archive.namelist():
        return {}
    xml = archive.read(rels_name)
    found = {i.decode(): t.decode() for i, t in _REL.findall(xml)}
    found.update({i.decode(): t.decode() for t, i in _REL_ALT.findall(xml)})
    resolved = {}
    for rid, target in found.items():
        joined = PurePosixPath(target.lstrip("/")) if target.startswith("/") else path.parent / target
        parts: list[str] = []
        for piece in joined.parts:
            if piece == "..":
                parts.pop()
            elif piece != ".":
                parts.append(piece)
        resolved[rid] = "/".join(parts)
    return resolved


def _sheets(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part → sheet name."""
    targets = _rels(archive, "xl/workbook.xml")
    xml = archive.read("xl/workbook.xml")
    return {targets[rid.decode()]: name.decode() for name, rid in _SHEET_ENTRY.findall(xml) if rid.decode() in targets}


def losses(path: Path) -> list[str]:
    """One line per thing a save would lose: `「合同执行情况」：形状或文本框`. Empty when nothing."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return []
    found: list[str] = []
    with archive:
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names:
            return []
        for part, sheet in _sheets(archive).items():
            if part not in names:
                continue
            xml = archive.read(part)
            lost = [what for marker, what in SHEET_MARKERS.items() if marker in xml]
            for target in _rels(archive, part).values():
                if target.startswith("xl/drawings/") and target.endswith(".xml") and target in names:
                    if _SHAPE.search(archive.read(target)):
                        lost.append("形状或文本框")
                elif target.startswith("xl/comments"):
                    lost.append("批注的格式（批注文字保留）")
                elif target.startswith("xl/ctrlProps/"):
                    lost.append("表单控件")
            found += [f"「{sheet}」：{what}" for what in dict.fromkeys(lost)]
    return found
