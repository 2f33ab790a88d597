"""[MS-OVBA] 2.4.1: the compression of a VBA project's streams (`compress`, `decompress`), and the error every
part of the VBA project writer raises."""

from __future__ import annotations

import struct

from dunning.core.errors import DunningError

# ---- [MS-OVBA] 2.4.1 compression -----------------------------------------------------------------

CHUNK = 4096


class VbaProjectError(DunningError):
    """The VBA project cannot be read or changed as asked."""


def compress(data: bytes) -> bytes:
    """A CompressedContainer: signature byte 0x01, then one chunk per 4096 bytes of `data`."""
    return b"\x01" + b"".join(_compress_chunk(data[start : start + CHUNK]) for start in range(0, len(data), CHUNK))


def _compress_chunk(chunk: bytes) -> bytes:
    body = _token_sequences(chunk)
    if len(body) <= CHUNK:  # header: size - 3 (12 bits), signature 0b011, compressed flag
        return struct.pack("<H", 0xB000 | (len(body) - 1)) + body
    return struct.pack("<H", 0x3FFF) + chunk.ljust(CHUNK, b"\x00")  # a raw chunk is always 4096 bytes


def _token_sequences(chunk: bytes) -> bytes:
    out = bytearray()
    seen: dict[bytes, list[int]] = {}  # 3-byte prefix → where it started, for finding matches
    pos = 0
    while pos < len(chunk):
        flags_at = len(out)
        out.append(0)
        for bit in range(8):
            if pos == len(chunk):
                break
            offset, length = _longest_match(chunk, pos, seen)
            if length:
                out += struct.pack("<H", _copy_token(pos, offset, length))
                out[flags_at] |= 1 << bit
            else:
                out.append(chunk[pos])
                length = 1
            for start in range(pos, pos + length):
                seen.setdefault(chunk[start : start + 3], []).append(start)
            pos += length
    return bytes(out)


def _bit_count(position: int) -> int:
    """Offset bits of a copy token at `position` in its chunk: ceil(log2(position)), at least 4."""
    return max(4, (position - 1).bit_length())


def _longest_match(chunk: bytes, pos: int, seen: dict[bytes, list[int]]) -> tuple[int, int]:
    limit = min((0xFFFF >> _bit_count(pos)) + 3, len(chunk) - pos)
    best_offset = best_length = 0
    if limit < 3:
        return 0, 0
    for candidate in reversed(seen.get(chunk[pos : pos + 3], [])[-256:]):
        length = 3
        while length < limit and chunk[candidate + length] == chunk[pos + length]:
            length += 1
        if length > best_length:
            best_offset, best_length = pos - candidate, length
            if length == limit:
                break
    return best_offset, best_length


def _copy_token(pos: int, offset: int, length: int) -> int:
    return ((offset - 1) << (16 - _bit_count(pos))) | (length - 3)


def decompress(container: bytes) -> bytes:
    """The bytes a CompressedContainer holds (a raw chunk's 4096 bytes included whole)."""
    if container[:1] != b"\x01":
        raise VbaProjectError("not a compressed container (no signature byte 0x01)")
    out = bytearray()
    pos = 1
    while pos < len(container):
        if pos + 2 > len(container):
            raise VbaProjectError("compressed container ends inside a chunk header")
        (header,) = struct.unpack_from("<H", container, pos)
        if header >> 12 & 0b111 != 0b011:
            raise VbaProjectError(f"bad chunk signature at byte {pos}")
        end = min(pos + (header & 0x0FFF) + 3, len(container))
        if header & 0x8000:
            _expand_tokens(container[pos + 2 : end], out)
        else:
            end = pos + 2 + CHUNK
            out += container[pos + 2 : end]
        pos = end
    return bytes(out)


def _expand_tokens(data: bytes, out: bytearray) -> None:
    start, pos = len(out), 0
    while pos < len(data):
        flags = data[pos]
        pos += 1
        for bit in range(8):
            if pos >= len(data):
                break
            if not (flags >> bit) & 1:
                out.append(data[pos])
                pos += 1
                continue
            if pos + 2 > len(data):
                raise VbaProjectError("compressed chunk ends inside a copy token")
            (token,) = struct.unpack_from("<H", data, pos)
            pos += 2
            bits = _bit_count(len(out) - start)
            length, offset = (token & (0xFFFF >> bits)) + 3, (token >> (16 - bits)) + 1
            if offset > len(out) - start:
                raise VbaProjectError("copy token reaches before its chunk")
            for _ in range(length):
                out.append(out[-offset])
