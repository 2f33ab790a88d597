"""A letter's .docx package written from members already deflated: the parts a template shares with all
its letters are compressed once per run and copied as bytes, only the parts filled for a letter are
compressed for it.

The bytes are those `zipfile.ZipFile(path, "w", ZIP_DEFLATED).writestr(name, blob)` writes, as
python-docx saves a package (same headers, same deflate stream, no data descriptors), so a letter is
what docxtpl wrote before, member for member; only the members' time stamps say when. `saved` lists
a python-docx package's members in the order its save writes them.
"""

from __future__ import annotations

import struct
import sys
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.part import Part
from docx.opc.pkgwriter import _ContentTypesItem

VERSION = 20  # deflate: what zipfile writes as made-by and needed-to-extract versions
SYSTEM = 0 if sys.platform == "win32" else 3  # zipfile's ZipInfo.create_system
ATTRIBUTES = 0o600 << 16  # zipfile.writestr's external attributes for a file given by name
UTF8_NAME = 0x800
DEFLATED = 8
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")


@dataclass(frozen=True)
class Member:
    """One member of the package: its name and its content, deflated."""

    name: str
    deflated: bytes
    crc: int
    size: int


def deflate(name: str, blob: bytes) -> Member:
    """`blob` compressed as zipfile compresses a member (zlib's default level, raw deflate)."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return Member(name, compressor.compress(blob) + compressor.flush(), zlib.crc32(blob), len(blob))


def _dos_time(moment: time.struct_time) -> tuple[int, int]:
    day = (moment.tm_year - 1980) << 9 | moment.tm_mon << 5 | moment.tm_mday
    return moment.tm_hour << 11 | moment.tm_min << 5 | moment.tm_sec // 2, day


def write(stream: BinaryIO, members: Iterable[Member], *, moment: time.struct_time | None = None) -> None:
    """The package of `members`, in their order, dated `moment` (now, local time, as zipfile dates them)."""
    clock, day = _dos_time(moment or time.localtime())
    directory: list[bytes] = []
    offset = 0
    for member in members:
        try:
            name, flags = member.name.encode("ascii"), 0
        except UnicodeEncodeError:
            name, flags = member.name.encode("utf-8"), UTF8_NAME
        sizes = (member.crc, len(member.deflated), member.size, len(name))
        header = _LOCAL.pack(b"PK\x03\x04", VERSION, 0, flags, DEFLATED, clock, day, *sizes, 0)
        stream.write(header + name)
        stream.write(member.deflated)
        directory.append(
            _CENTRAL.pack(b"PK\x01\x02", VERSION, SYSTEM, VERSION, 0, flags, DEFLATED, clock, day, *sizes,
                          0, 0, 0, 0, ATTRIBUTES, offset) + name
        )  # fmt: skip
        offset += len(header) + len(name) + len(member.deflated)
    listing = b"".join(directory)
    stream.write(listing)
    stream.write(_END.pack(b"PK\x05\x06", 0, 0, len(directory), len(directory), len(listing), offset, 0))


def saved(package: Any) -> Iterator[tuple[str, Part | bytes]]:
    """What python-docx's save writes, member by member: the content types, the package's relationships,
    then each part (given as the Part, its blob read when it is written) and its relationships."""
    parts = package.parts
    for part in parts:
        part.before_marshal()
    yield CONTENT_TYPES_URI.membername, _ContentTypesItem.from_parts(parts).blob  # type: ignore[no-untyped-call]
    yield PACKAGE_URI.rels_uri.membername, package.rels.xml
    for part in parts:
        yield part.partname.membername, part
        if len(part.rels):
            yield part.partname.rels_uri.membername, part.rels.xml
