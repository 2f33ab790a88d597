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
The compound file is `dunning.addin_build.cfb`'s, the compression `dunning.addin_build.ovba`'s.
"""

from __future__ import annotations

import codecs
import re
import struct
from collections.abc import Sequence
from dataclasses import replace

from dunning.addin_build.cfb import Entry, read_cfb, write_cfb
from dunning.addin_build.ovba import VbaProjectError, compress, decompress

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
