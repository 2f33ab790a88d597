"""[MS-CFB] compound files, read and written anew (version 3, 512-byte sectors, streams under 4096 bytes in the
mini stream, each storage's children in a balanced red-black tree), keeping each entry's CLSID, state bits and
times: the container of a VBA project (`xl/vbaProject.bin`)."""

from __future__ import annotations

import struct
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from dunning.addin_build.ovba import VbaProjectError

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
