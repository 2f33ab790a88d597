"""A zip archive read and written entry by entry, so that an entry nobody changed is copied as it
was: its local header, its compressed bytes, its data descriptor and its central directory record
(date, flags, attributes, extra fields), in the same order. Only the offsets move.

Covers what Excel, LibreOffice and the Python writers produce: stored or deflated entries, no
encryption, no ZIP64 (a workbook over 4 GiB or 65,535 parts is refused), no spanning.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

from dunning.core.errors import PackageDamaged, ZipUnsupported
from dunning.core.problems import WorkbookProblem as P

_EOCD = struct.Struct("<4s4H2LH")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_LOCAL = struct.Struct("<4s5H3L2H")
_EOCD_SIG, _CENTRAL_SIG, _LOCAL_SIG, _DESCRIPTOR_SIG = b"PK\x05\x06", b"PK\x01\x02", b"PK\x03\x04", b"PK\x07\x08"
STORED, DEFLATED = 0, 8
_DATA_DESCRIPTOR, _ENCRYPTED, _UTF8 = 0x08, 0x01, 0x800


@dataclass(frozen=True)
class Entry:
    """One entry as it sits in the archive: `raw` is its local header, data and descriptor."""

    name: str
    central: bytes  # its central directory record, offset field included
    raw: bytes

    @property
    def method(self) -> int:
        return int(_CENTRAL.unpack_from(self.central)[4])

    def data(self) -> bytes:
        """The entry's content, uncompressed and checked against its CRC."""
        fields = _LOCAL.unpack_from(self.raw)
        start = _LOCAL.size + fields[9] + fields[10]
        size, crc = _CENTRAL.unpack_from(self.central)[8], _CENTRAL.unpack_from(self.central)[7]
        payload = self.raw[start : start + size]
        data = payload if self.method == STORED else zlib.decompress(payload, -15)
        if zlib.crc32(data) != crc:
            raise PackageDamaged(P.CHECKSUM, part=self.name)
        return data


def read_entries(blob: bytes) -> tuple[list[Entry], bytes]:
    """The entries in archive order, and the archive comment."""
    at = blob.rfind(_EOCD_SIG, max(0, len(blob) - 65_557))
    if at < 0 or at + _EOCD.size > len(blob):
        raise PackageDamaged(P.NOT_ZIP)
    _, disk, cd_disk, _, count, cd_size, cd_offset, comment_len = _EOCD.unpack_from(blob, at)
    if disk or cd_disk or count == 0xFFFF or cd_offset == 0xFFFFFFFF or cd_offset + cd_size != at:
        raise ZipUnsupported(P.ZIP_LAYOUT)
    entries, pos = [], cd_offset
    for _ in range(count):
        fields = _CENTRAL.unpack_from(blob, pos)
        if fields[0] != _CENTRAL_SIG:
            raise PackageDamaged(P.CENTRAL_DIRECTORY)
        flags, method, csize, name_len, extra_len, comment_len_e, offset = (fields[3], fields[4], fields[8],
                                                                             fields[10], fields[11], fields[12],
                                                                             fields[16])  # fmt: skip
        end = pos + _CENTRAL.size + name_len + extra_len + comment_len_e
        central = blob[pos:end]
        raw_name = blob[pos + _CENTRAL.size : pos + _CENTRAL.size + name_len]
        name = raw_name.decode("utf-8" if flags & _UTF8 else "cp437")
        if flags & _ENCRYPTED or method not in (STORED, DEFLATED):
            raise ZipUnsupported(P.ENTRY_ENCODING, part=name)
        entries.append(Entry(name, central, blob[offset : _entry_end(blob, offset, csize, flags)]))
        pos = end
    return entries, blob[at + _EOCD.size : at + _EOCD.size + comment_len]


def _entry_end(blob: bytes, offset: int, csize: int, flags: int) -> int:
    local = _LOCAL.unpack_from(blob, offset)
    if local[0] != _LOCAL_SIG:
        raise PackageDamaged(P.LOCAL_HEADER)
    end: int = offset + _LOCAL.size + int(local[9]) + int(local[10]) + csize
    if flags & _DATA_DESCRIPTOR:
        end += 16 if blob[end : end + 4] == _DESCRIPTOR_SIG else 12
    return end


def new_entry(name: str, data: bytes, *, like: Entry) -> Entry:
    """An entry with `data`, deflated, dated and attributed like `like` (the part it replaces, or a
    neighbour for a new part)."""
    fields = list(_CENTRAL.unpack_from(like.central))
    encoded = name.encode("utf-8")
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    payload = compressor.compress(data) + compressor.flush()
    flags = (fields[3] & ~(_DATA_DESCRIPTOR | _ENCRYPTED | 0x06)) | (_UTF8 if not encoded.isascii() else 0)
    crc = zlib.crc32(data)
    version, time, day = max(20, fields[2]), fields[5], fields[6]
    local = _LOCAL.pack(_LOCAL_SIG, version, flags, DEFLATED, time, day, crc, len(payload), len(data), len(encoded), 0)
    central = _CENTRAL.pack(
        _CENTRAL_SIG,
        fields[1],
        version,
        flags,
        DEFLATED,
        time,
        day,
        crc,
        len(payload),
        len(data),
        len(encoded),
        0,
        0,
        0,
        fields[14],
        fields[15],
        0,
    )
    return Entry(name, central + encoded, local + encoded + payload)


def write_archive(entries: list[Entry], comment: bytes) -> bytes:
    """The archive of `entries` in this order, each entry's bytes as they are; offsets set anew."""
    out = bytearray()
    directory = bytearray()
    for entry in entries:
        record = bytearray(entry.central)
        struct.pack_into("<L", record, 42, len(out))
        if len(out) > 0xFFFFFFFF - len(entry.raw):
            raise ZipUnsupported(P.OVER_4GB)
        out += entry.raw
        directory += record
    eocd = _EOCD.pack(_EOCD_SIG, 0, 0, len(entries), len(entries), len(directory), len(out), len(comment))
    return bytes(out + directory + eocd + comment)
