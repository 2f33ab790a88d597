"""Set the source of a document (or class) module already in a VBA project (`xl/vbaProject.bin`).

`vba_project.add_module` writes standard modules only. A document module such as `ThisWorkbook` belongs to
the workbook and is listed in PROJECT (`Document=ThisWorkbook/&H00000000`) and PROJECTwm already, so
`set_document_source` changes only what new source needs, with the helpers of `vba_project`:

- `VBA/dir` (compressed): the module's MODULEOFFSET becomes 0 (its stream holds source only, no P-code);
  every other record, the module's type (MODULETYPE 0x22) included, stays as it was;
- `VBA/<stream>`: the source, compressed, in place of the compiled code and source it held;
- `VBA/_VBA_PROJECT`: the 7-byte form without a performance cache, so that Office compiles from source.

The caller gives the source whole: its `Attribute VB_Name = "<module>"` line first, then the module's other
`Attribute` lines (the ones the module already has), then the code.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from dunning.addin_build.cfb import read_cfb, write_cfb
from dunning.addin_build.ovba import VbaProjectError, compress, decompress
from dunning.addin_build.vba_project import (
    MODULEOFFSET,
    NO_CACHE,
    _encode,
    _encoding,
    _module_blocks,
    _record,
    _record_id,
    _stream_name,
    dir_records,
)

MODULETYPE_DOCUMENT = 0x22  # [MS-OVBA] 2.3.4.2.3.2.8: a document module or a class module
VB_NAME = re.compile(r'Attribute VB_Name = "([^"]*)"')


def set_document_source(project: bytes, name: str, source: str) -> bytes:
    """`project` with the existing document or class module `name` (VBA names ignore case) holding `source`."""
    entries = read_cfb(project)
    streams = {tuple(part.casefold() for part in e.path): e.data for e in entries if e.data is not None}
    dir_stream = streams.get(("vba", "dir"))
    if dir_stream is None or ("vba", "_vba_project") not in streams:
        raise VbaProjectError("not a VBA project: it lacks VBA/dir or VBA/_VBA_PROJECT")
    records = dir_records(decompress(dir_stream))
    encoding = _encoding(records)
    start, end = _document_module(records, name, encoding)
    module = records[start][6:].decode(encoding, "replace")
    _check_vb_name(source, module)
    code = _encode(source, encoding, "the module's source")
    stream = ("vba", _stream_name(records[start:end], encoding).casefold())
    if stream not in streams:
        raise VbaProjectError(f"module {module}: its stream VBA/{stream[1]} is not in the project")
    offset = _record(MODULEOFFSET, bytes(4))  # source only, from the stream's first byte
    block = [offset if _record_id(r) == MODULEOFFSET else r for r in records[start:end]]
    changed = {
        ("vba", "dir"): compress(b"".join([*records[:start], *block, *records[end:]])),
        ("vba", "_vba_project"): NO_CACHE,
        stream: compress(code),
    }
    folded = [tuple(part.casefold() for part in e.path) for e in entries]
    return write_cfb([replace(e, data=changed[p]) if p in changed else e for e, p in zip(entries, folded, strict=True)])


def _document_module(records: Sequence[bytes], name: str, encoding: str) -> tuple[int, int]:
    """(first, last + 1) record index of the document or class module `name`; refused when there is none."""
    for start, end in _module_blocks(records):
        if records[start][6:].decode(encoding, "replace").casefold() != name.casefold():
            continue
        ids = {_record_id(r) for r in records[start:end]}
        if MODULETYPE_DOCUMENT not in ids:
            raise VbaProjectError(f"{name} is a standard module, not a document or class module: not changed")
        if MODULEOFFSET not in ids:
            raise VbaProjectError(f"dir stream: module {name} has no MODULEOFFSET record")
        return start, end
    raise VbaProjectError(f"the project has no document or class module named {name}")


def _check_vb_name(source: str, module: str) -> None:
    """The source's first line must be `Attribute VB_Name = "<module>"`, as the project spells the module."""
    first = source.split("\n", 1)[0].rstrip("\r")
    found = VB_NAME.fullmatch(first)
    if found is None or found.group(1) != module:
        raise VbaProjectError(
            f'the source of module {module} must begin with the line Attribute VB_Name = "{module}", not {first!r}'
        )
