"""Add (or replace) one standard module in a VBA project (`xl/vbaProject.bin`), in pure Python.

The project is a compound file ([MS-CFB]) holding the VBA storage ([MS-OVBA]). `add_module` keeps every
other stream byte for byte and changes only what a new standard module needs:

- `VBA/dir` (compressed): one MODULE record block before the terminator, and PROJECTMODULES' count;
- `VBA/<name>`: the module's source, compressed, at offset 0 (no compiled code before it);
- `PROJECT`: a `Module=<name>` line after the other modules, and a line in its `[Workspace]` section;
- `PROJECTwm`: the name pair;
- `VBA/_VBA_PROJECT`: the 7-byte form without a performance cache ([MS-OVBA] 2.3.4.1, as every writer
  must write it), so that Office compiles the project from source.

Names and source are in the project's code page (PROJECTCODEPAGE); text it cannot encode is refused.
The compound file is written anew (version 3, 512-byte sectors, streams under 4096 bytes in the mini
stream, each storage's children in a balanced red-black tree), keeping each entry's CLSID, state bits
and times. `compress`/`decompress` are [MS-OVBA] 2.4.1.
"""

from __future__ import annotations

import codecs
import re
import struct
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

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


# ---- [MS-CFB] compound file ----------------------------------------------------------------------

SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")
FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
SECTOR, MINI_SECTOR, MINI_CUTOFF, DIFAT_IN_HEADER = 512, 64, 4096, 109
STORAGE, STREAM, ROOT = 1, 2, 5


@dataclass(frozen=True)
class Entry:
    """A storage (`data` None) or a stream; `path` () is the root. `meta`: CLSID, state bits, times."""

    path: tuple[str, ...]
    data: bytes | None
    meta: bytes = bytes(36)


def read_cfb(data: bytes) -> list[Entry]:
    """Every entry of a compound file: the root first, then each storage's children in tree order."""
    if data[:8] != SIGNATURE:
        raise VbaProjectError("not a compound file")
    try:
        return _read_cfb(data)
    except (struct.error, IndexError, ValueError, RecursionError) as exc:
        raise VbaProjectError(f"damaged compound file: {exc}") from None


def _read_cfb(data: bytes) -> list[Entry]:
    fields = struct.unpack_from("<8s16s5H6s9I", data)
    major, shift, mini_shift = fields[3], fields[5], fields[6]
    n_fat, first_dir, _, cutoff, first_minifat, n_minifat, first_difat, n_difat = fields[9:]
    if (major, shift, mini_shift, fields[4]) not in ((3, 9, 6, 0xFFFE), (4, 12, 6, 0xFFFE)):
        raise VbaProjectError(f"not a version 3 or 4 compound file (version {major}, sector shift {shift})")
    size = 1 << shift

    def sector(number: int) -> bytes:
        return data[(number + 1) * size : (number + 2) * size]

    difat = list(struct.unpack_from(f"<{DIFAT_IN_HEADER}I", data, 76))
    if n_difat > len(data) // size:
        raise VbaProjectError(f"{n_difat} DIFAT sectors in a file of {len(data)} bytes")
    for _ in range(n_difat):
        table = struct.unpack(f"<{size // 4}I", sector(first_difat))
        difat, first_difat = difat + list(table[:-1]), table[-1]
    fat = [n for s in difat[:n_fat] for n in struct.unpack(f"<{size // 4}I", sector(s))]
    directory = b"".join(sector(s) for s in _chain(fat, first_dir))
    raw = [directory[i : i + 128] for i in range(0, len(directory), 128)]
    root_start, root_size = _start_and_size(raw[0], major)
    mini_stream = b"".join(sector(s) for s in _chain(fat, root_start))[:root_size]
    minifat_bytes = b"".join(sector(s) for s in _chain(fat, first_minifat))[: n_minifat * size]
    minifat = list(struct.unpack(f"<{len(minifat_bytes) // 4}I", minifat_bytes))
    mini_size = 1 << mini_shift

    def stream(entry: bytes) -> bytes:
        start, length = _start_and_size(entry, major)
        if length < cutoff:
            return b"".join(mini_stream[s * mini_size : (s + 1) * mini_size] for s in _chain(minifat, start))[:length]
        return b"".join(sector(s) for s in _chain(fat, start))[:length]

    def walk(sid: int, parent: tuple[str, ...], visited: set[int]) -> Iterator[Entry]:
        if sid == NOSTREAM:
            return
        if sid in visited or sid >= len(raw):
            raise VbaProjectError(f"directory entry {sid} is out of range or in a loop")
        visited.add(sid)
        entry = raw[sid]
        left, right, child = struct.unpack_from("<III", entry, 68)
        yield from walk(left, parent, visited)
        path = (*parent, _entry_name(entry))
        if entry[66] in (STORAGE, STREAM):
            yield Entry(path, stream(entry) if entry[66] == STREAM else None, entry[80:116])
        if entry[66] == STORAGE:
            yield from walk(child, path, visited)
        yield from walk(right, parent, visited)

    (child,) = struct.unpack_from("<I", raw[0], 76)
    return [Entry((), None, raw[0][80:116]), *walk(child, (), {0})]


def _chain(table: Sequence[int], start: int) -> list[int]:
    chain: list[int] = []
    while start != ENDOFCHAIN:
        if start >= len(table) or len(chain) > len(table):
            raise VbaProjectError(f"sector chain broken at sector {start}")
        chain.append(start)
        start = table[start]
    return chain


def _start_and_size(entry: bytes, major: int) -> tuple[int, int]:
    start, low, high = struct.unpack_from("<III", entry, 116)
    return start, low if major == 3 else low | high << 32  # version 3 ignores the high half


def _entry_name(entry: bytes) -> str:
    (length,) = struct.unpack_from("<H", entry, 64)
    return entry[: max(length - 2, 0)].decode("utf-16-le")


def write_cfb(entries: Sequence[Entry]) -> bytes:
    """A version 3 compound file of `entries` (the root first; every storage before its children)."""
    big = [e for e in entries if e.data is not None and len(e.data) >= MINI_CUTOFF]
    small = [e for e in entries if e.data is not None and 0 < len(e.data) < MINI_CUTOFF]
    mini_runs = _runs([_sectors(len(e.data or b""), MINI_SECTOR) for e in small])
    mini_stream = b"".join(_padded(e.data or b"", MINI_SECTOR) for e in small)
    minifat = _fat(mini_runs, _sectors(len(mini_stream) // MINI_SECTOR, 128) * 128)
    tail = [len(mini_stream), len(minifat) * 4, len(entries) * 128]  # mini stream, MiniFAT, directory
    runs = _runs([_sectors(len(e.data or b""), SECTOR) for e in big] + [_sectors(n, SECTOR) for n in tail])
    used = sum(length for _, length in runs)
    n_fat = next(n for n in range(1, used + 2) if n * 128 >= used + n)
    if n_fat > DIFAT_IN_HEADER:
        raise VbaProjectError("the VBA project is too large for this writer (more than 109 FAT sectors)")
    fat = _fat(runs, n_fat * 128)
    fat[used : used + n_fat] = [FATSECT] * n_fat
    mini_run, minifat_run, dir_run = runs[len(big) :]
    starts = {e.path: start for e, (start, _) in zip(big, runs, strict=False)}
    starts |= {e.path: start for e, (start, _) in zip(small, mini_runs, strict=True)}
    starts[()] = mini_run[0] if mini_stream else ENDOFCHAIN
    directory = _directory(entries, starts, len(mini_stream))
    header = struct.pack(
        "<8s16s5H6s9I",
        SIGNATURE,
        bytes(16),
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        bytes(6),
        0,
        n_fat,
        dir_run[0],
        0,
        MINI_CUTOFF,
        minifat_run[0] if minifat else ENDOFCHAIN,
        minifat_run[1],
        ENDOFCHAIN,
        0,
    )
    difat = [*range(used, used + n_fat), *[FREESECT] * (DIFAT_IN_HEADER - n_fat)]
    parts = [header, _words(difat), *(_padded(e.data or b"", SECTOR) for e in big), _padded(mini_stream, SECTOR)]
    return b"".join([*parts, _padded(_words(minifat), SECTOR), directory, _words(fat)])


def _sectors(length: int, size: int) -> int:
    return -(-length // size)


def _padded(data: bytes, size: int) -> bytes:
    return data + bytes(-len(data) % size)


def _words(values: Sequence[int]) -> bytes:
    return struct.pack(f"<{len(values)}I", *values)


def _runs(lengths: Sequence[int]) -> list[tuple[int, int]]:
    """(first sector, sector count) of consecutive runs of these lengths, from sector 0."""
    runs, start = [], 0
    for length in lengths:
        runs.append((start, length))
        start += length
    return runs


def _fat(runs: Sequence[tuple[int, int]], total: int) -> list[int]:
    """An allocation table of `total` entries chaining each run's sectors."""
    table = [FREESECT] * total
    for start, length in runs:
        table[start : start + length] = [*range(start + 1, start + length), ENDOFCHAIN][:length]
    return table


def _directory(entries: Sequence[Entry], starts: dict[tuple[str, ...], int], mini_stream_size: int) -> bytes:
    """The directory entries, each storage's children in a red-black tree; padded to whole sectors."""
    index = {e.path: i for i, e in enumerate(entries)}
    links = [[NOSTREAM, NOSTREAM, NOSTREAM, 1] for _ in entries]  # left, right, child, colour (0 red, 1 black)
    for storage in (e for e in entries if e.data is None):
        children = sorted((e.path for e in entries if e.path and e.path[:-1] == storage.path), key=_cfb_order)
        root = _tree([index[p] for p in children], links)
        _colour(root, links, 1, (len(children) + 1).bit_length() - 1)
        links[index[storage.path]][2] = root
    records = []
    for entry, (left, right, child, colour) in zip(entries, links, strict=True):
        name = (entry.path[-1] if entry.path else "Root Entry").encode("utf-16-le")
        if len(name) > 62:
            raise VbaProjectError(f"name too long for a compound file: {entry.path[-1]}")
        kind = ROOT if not entry.path else STORAGE if entry.data is None else STREAM
        start = 0 if kind == STORAGE else starts.get(entry.path, ENDOFCHAIN)
        size = mini_stream_size if kind == ROOT else len(entry.data or b"")
        fields = (name, len(name) + 2, kind, colour, left, right, child, entry.meta, start, size)
        records.append(struct.pack("<64sHBBIII36sIQ", *fields))
    free = struct.pack("<64sHBBIII36sIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM, bytes(36), 0, 0)
    return b"".join(records) + free * (-len(records) % 4)


def _cfb_order(path: tuple[str, ...]) -> tuple[int, str]:
    """[MS-CFB] 2.6.4: shorter names first, then by upper-cased name."""
    return len(path[-1].encode("utf-16-le")), path[-1].upper()


def _tree(sids: Sequence[int], links: list[list[int]]) -> int:
    """The root of a balanced binary search tree of `sids` (sorted): every level full but the last."""
    if not sids:
        return NOSTREAM
    middle = len(sids) // 2
    links[sids[middle]][0] = _tree(sids[:middle], links)
    links[sids[middle]][1] = _tree(sids[middle + 1 :], links)
    return sids[middle]


def _colour(node: int, links: list[list[int]], depth: int, full_levels: int) -> None:
    """Black on the full levels, red below them: every path then has `full_levels` black nodes."""
    if node == NOSTREAM:
        return
    links[node][3] = 1 if depth <= full_levels else 0
    _colour(links[node][0], links, depth + 1, full_levels)
    _colour(links[node][1], links, depth + 1, full_levels)


# ---- [MS-OVBA] the VBA project -------------------------------------------------------------------

PROJECTCODEPAGE, PROJECTVERSION, PROJECTMODULES, TERMINATOR = 0x03, 0x09, 0x0F, 0x10
MODULENAME, MODULESTREAMNAME, MODULETYPE_PROCEDURAL, MODULE_TERMINATOR = 0x19, 0x1A, 0x21, 0x2B
NO_CACHE = bytes.fromhex("cc61ffff000100")  # _VBA_PROJECT: Reserved1, Version 0xFFFF, Reserved2/3, no cache
PROJECT_ITEM = re.compile(rb"^(Document|Module|Class|BaseClass|Package)=", re.IGNORECASE)
VBA_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,30}")


def add_module(project: bytes, name: str, source: str) -> bytes:
    """`project` with the standard module `name` holding `source` (replacing a standard module so named)."""
    if not VBA_NAME.fullmatch(name):
        raise VbaProjectError(f"not a VBA module name: {name!r}")
    entries = read_cfb(project)
    streams = {e.path: e.data for e in entries if e.data is not None}
    project_text, project_wm, dir_stream = (streams.get(p) for p in (("PROJECT",), ("PROJECTwm",), ("VBA", "dir")))
    if project_text is None or project_wm is None or dir_stream is None or ("VBA", "_VBA_PROJECT") not in streams:
        raise VbaProjectError("not a VBA project: it lacks PROJECT, PROJECTwm, VBA/dir or VBA/_VBA_PROJECT")
    records = dir_records(decompress(dir_stream))
    encoding = _encoding(records)
    mbcs, code = _encode(name, encoding, "the module name"), _encode(source, encoding, "the module's source")
    old = _module_named(records, name, encoding)
    old_stream = _stream_name(records[old[0] : old[1]], encoding) if old else name
    replaced = {("vba", name.casefold()), ("vba", old_stream.casefold())}  # VBA names ignore case
    changed = {
        ("VBA", "dir"): compress(b"".join(_with_module(records, old, name, encoding))),
        ("VBA", "_VBA_PROJECT"): NO_CACHE,
        ("PROJECT",): _project_text(project_text, mbcs),
        ("PROJECTwm",): _project_wm(project_wm, mbcs, name),
    }
    kept = [e for e in entries if tuple(part.casefold() for part in e.path) not in replaced]
    updated = [replace(e, data=changed[e.path]) if e.path in changed else e for e in kept]
    return write_cfb([*updated, Entry(("VBA", name), compress(code))])


def dir_records(data: bytes) -> list[bytes]:
    """The decompressed `dir` stream as its records, each as stored (Id, Size, data)."""
    records, pos = [], 0
    while pos < len(data):
        if pos + 6 > len(data):
            raise VbaProjectError(f"dir stream: a record header is cut short at byte {pos}")
        record_id, size = struct.unpack_from("<HI", data, pos)
        end = pos + 6 + (6 if record_id == PROJECTVERSION else size)  # its Size says 4, 6 bytes follow
        if end > len(data):
            raise VbaProjectError(f"dir stream: record 0x{record_id:04X} at byte {pos} runs past the end")
        records.append(data[pos:end])
        pos = end
    if not records or _record_id(records[-1]) != TERMINATOR:
        raise VbaProjectError("dir stream: no terminator record")
    return records


def _record_id(record: bytes) -> int:
    return int.from_bytes(record[:2], "little")


def _record(record_id: int, data: bytes) -> bytes:
    return struct.pack("<HI", record_id, len(data)) + data


def _encoding(records: Sequence[bytes]) -> str:
    found = [r for r in records if _record_id(r) == PROJECTCODEPAGE]
    if len(found) != 1:
        raise VbaProjectError("dir stream: no single PROJECTCODEPAGE record")
    encoding = f"cp{int.from_bytes(found[0][6:8], 'little')}"
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise VbaProjectError(f"the project's code page {encoding} is unknown here") from None


def _encode(text: str, encoding: str, what: str) -> bytes:
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as exc:
        line, bad = text[: exc.start].count("\n") + 1, text[exc.start : exc.end]
        raise VbaProjectError(f"{what}, line {line} has {bad!r}: not in the project's code page {encoding}") from None


def _module_blocks(records: Sequence[bytes]) -> list[tuple[int, int]]:
    """(first, last + 1) record index of each MODULE, checked against PROJECTMODULES' count."""
    starts = [i for i, r in enumerate(records) if _record_id(r) == MODULENAME]
    ends = [i + 1 for i, r in enumerate(records) if _record_id(r) == MODULE_TERMINATOR]
    if len(starts) != len(ends) or any(s >= e for s, e in zip(starts, ends, strict=True)):
        raise VbaProjectError("dir stream: module records are not in MODULENAME … terminator blocks")
    counts = [int.from_bytes(r[6:8], "little") for r in records if _record_id(r) == PROJECTMODULES]
    if counts != [len(starts)]:
        raise VbaProjectError(f"dir stream: PROJECTMODULES says {counts}, there are {len(starts)} modules")
    return list(zip(starts, ends, strict=True))


def _module_named(records: Sequence[bytes], name: str, encoding: str) -> tuple[int, int] | None:
    """The standard module `name` already in the project, if any (VBA names ignore case)."""
    for start, end in _module_blocks(records):
        if records[start][6:].decode(encoding, "replace").casefold() == name.casefold():
            if MODULETYPE_PROCEDURAL not in {_record_id(r) for r in records[start:end]}:
                raise VbaProjectError(f"the project has a document or class module named {name}: not replaced")
            return start, end
    return None


def _stream_name(block: Sequence[bytes], encoding: str) -> str:
    names = [r[6:].decode(encoding, "replace") for r in block if _record_id(r) == MODULESTREAMNAME]
    return names[0] if names else ""


def _with_module(records: Sequence[bytes], old: tuple[int, int] | None, name: str, encoding: str) -> list[bytes]:
    """The records with `old` removed and a MODULE for `name` (source at offset 0) before the terminator."""
    kept = list(records[: old[0]]) + list(records[old[1] :]) if old else list(records)
    mbcs, utf16 = name.encode(encoding), name.encode("utf-16-le")
    block = [
        _record(MODULENAME, mbcs), _record(0x47, utf16),  # MODULENAMEUNICODE
        _record(MODULESTREAMNAME, mbcs), _record(0x32, utf16),  # and its Unicode form
        _record(0x1C, b""), _record(0x48, b""),  # MODULEDOCSTRING and its Unicode form
        _record(0x31, bytes(4)), _record(0x1E, bytes(4)),  # MODULEOFFSET 0 (source only), MODULEHELPCONTEXT 0
        _record(0x2C, b"\xff\xff"), _record(MODULETYPE_PROCEDURAL, b""), _record(MODULE_TERMINATOR, b""),  # COOKIE
    ]  # fmt: skip
    count = struct.pack("<H", len(_module_blocks(records)) + (0 if old else 1))
    kept = [_record(PROJECTMODULES, count) if _record_id(r) == PROJECTMODULES else r for r in kept]
    return [*kept[:-1], *block, kept[-1]]


def _project_text(project: bytes, mbcs: bytes) -> bytes:
    """PROJECT with `Module=<name>` after the last module line and `<name>=0, 0, 0, 0, C` under [Workspace]."""
    lines = project.split(b"\r\n")
    workspace = lines.index(b"[Workspace]") if b"[Workspace]" in lines else len(lines)
    ours = [i for i, line in enumerate(lines) if i < workspace and line.lower() == b"module=" + mbcs.lower()]
    ours += [i for i, line in enumerate(lines) if i > workspace and line.lower().startswith(mbcs.lower() + b"=")]
    lines = [line for i, line in enumerate(lines) if i not in ours]
    workspace -= sum(i < workspace for i in ours)
    items = [i for i, line in enumerate(lines[:workspace]) if PROJECT_ITEM.match(line)]
    if not items:
        raise VbaProjectError("PROJECT stream: no module lines")
    if workspace < len(lines):
        end = workspace + 1
        while end < len(lines) and lines[end] and not lines[end].startswith(b"["):
            end += 1
        lines.insert(end, mbcs + b"=0, 0, 0, 0, C")
    lines.insert(items[-1] + 1, b"Module=" + mbcs)
    return b"\r\n".join(lines)


def _project_wm(data: bytes, mbcs: bytes, name: str) -> bytes:
    """PROJECTwm with the pair (name in the code page, name in UTF-16) before its terminator."""
    pairs, pos = [], 0
    while data[pos : pos + 2] != b"\x00\x00":
        end = data.find(b"\x00", pos)
        wide = end + 1
        while 0 <= end and wide + 2 <= len(data) and data[wide : wide + 2] != b"\x00\x00":
            wide += 2
        if end < 0 or wide + 2 > len(data):
            raise VbaProjectError("PROJECTwm stream: a name pair is cut short")
        pairs.append(data[pos : wide + 2])
        pos = wide + 2
    kept = [p for p in pairs if p.split(b"\x00", 1)[0].lower() != mbcs.lower()]
    return b"".join([*kept, mbcs + b"\x00" + name.encode("utf-16-le") + b"\x00\x00"]) + data[pos:]


MODULEOFFSET = 0x31


def module_source(project: bytes, name: str) -> str | None:
    """The source of the standard module `name` (VBA names ignore case), or None when there is none."""
    entries = read_cfb(project)
    streams = {tuple(part.casefold() for part in e.path): e.data for e in entries if e.data is not None}
    dir_stream = streams.get(("vba", "dir"))
    if dir_stream is None:
        raise VbaProjectError("not a VBA project: it lacks VBA/dir")
    records = dir_records(decompress(dir_stream))
    encoding = _encoding(records)
    found = _module_named(records, name, encoding)
    if found is None:
        return None
    block = records[found[0] : found[1]]
    offsets = [int.from_bytes(r[6:10], "little") for r in block if _record_id(r) == MODULEOFFSET]
    data = streams.get(("vba", _stream_name(block, encoding).casefold()))
    if not offsets or data is None:
        raise VbaProjectError(f"module {name}: no source offset or no stream")
    return decompress(data[offsets[0] :]).decode(encoding)
