"""Workbooks written by hand as raw zips, the way no library would write them: cells and rows without
`r` attributes, a `<dimension>` that lies, the workbook part away from xl/workbook.xml, a macro sheet,
sizes the zip's directory misstates. Small and fast to build."""

from __future__ import annotations

import posixpath
import struct
import zipfile
from collections.abc import Sequence
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
WORKSHEET = f"{REL}/worksheet"
MACROSHEET = "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet"
CONTENT_TYPES = {
    WORKSHEET: "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
    MACROSHEET: "application/vnd.ms-excel.macrosheet+xml",
}
HEADER = ("合同编号", "客户姓名", "款项类型", "应收金额", "已收金额", "约定付款日期")


def text_cell(value: str, ref: str = "") -> str:
    at = f' r="{ref}"' if ref else ""
    return f'<c{at} t="inlineStr"><is><t>{value}</t></is></c>'


def row(cells: Sequence[str], number: int | None = None) -> str:
    at = f' r="{number}"' if number else ""
    return f"<row{at}>{''.join(cells)}</row>"


def worksheet(rows: str, *, dimension: str = "A1:A1", root: str = "worksheet") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><{root} xmlns="{MAIN}"><dimension ref="{dimension}"/>'
        f"<sheetData>{rows}</sheetData></{root}>"
    )


def write_package(path: Path, sheets: Sequence[tuple[str, str, str, str]], *, workbook: str = "xl/workbook.xml",
                  parts: Sequence[tuple[str, bytes | str]] = ()) -> Path:  # fmt: skip
    """A package of `sheets` (name, part, relationship type, XML), its workbook part at `workbook`,
    sheets' targets relative to the workbook part's folder; `parts` added as they are."""
    folder = posixpath.dirname(workbook)
    overrides = "".join(
        f'<Override PartName="/{part}" ContentType="{CONTENT_TYPES[kind]}"/>' for _, part, kind, _ in sheets
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{workbook}" ContentType="application/vnd.openxmlformats-officedocument.'
        f'spreadsheetml.sheet.main+xml"/>{overrides}</Types>'
    )
    listed = "".join(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>' for i, (name, *_) in enumerate(sheets, 1))
    targets = "".join(
        f'<Relationship Id="rId{i}" Type="{kind}" Target="{posixpath.relpath(part, folder)}"/>'
        for i, (_, part, kind, _) in enumerate(sheets, 1)
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", types)
        package.writestr("_rels/.rels", f'<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
                                        f'Type="{REL}/officeDocument" Target="{workbook}"/></Relationships>')  # fmt: skip
        package.writestr(workbook, f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{listed}</sheets></workbook>')
        package.writestr(posixpath.join(folder, "_rels", posixpath.basename(workbook) + ".rels"),
                         f'<Relationships xmlns="{PKG_REL}">{targets}</Relationships>')  # fmt: skip
        for _, part, _, xml in sheets:
            package.writestr(part, xml)
        for name, data in parts:
            package.writestr(name, data)
    return path


def one_sheet(path: Path, rows: str, **options: str) -> Path:
    """The team's sheet (合同执行情况) alone, at xl/worksheets/sheet1.xml."""
    return write_package(path, [("合同执行情况", "xl/worksheets/sheet1.xml", WORKSHEET, worksheet(rows, **options))])


def misstate_size(path: Path, part: str, size: int) -> None:
    """Make the zip's directory (central and local headers) claim `size` inflated bytes for `part`."""
    blob = bytearray(path.read_bytes())
    name = part.encode()
    for signature, field in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        at = blob.find(signature)
        while at != -1:
            length = struct.unpack_from("<H", blob, at + (28 if signature == b"PK\x01\x02" else 26))[0]
            start = at + (46 if signature == b"PK\x01\x02" else 30)
            if blob[start : start + length] == name:
                struct.pack_into("<L", blob, at + field, size)
            at = blob.find(signature, at + 4)
    path.write_bytes(bytes(blob))
