"""A document module's source set in xlwings' template project (`ThisWorkbook`), read back by oletools and
olefile, with every other module, stream and record as it was (LibreOffice imports the committed add-in's
ThisWorkbook in test_vba_project)."""

from __future__ import annotations

import struct
from dataclasses import replace

import olefile
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oletools.olevba import VBA_Project
from test_vba_project import (
    TEMPLATE_MODULES,
    crlf,
    dir_records,
    module_blocks,
    modules,
    streams,
    template_project,
)

from dunning.addin_build.cfb import read_cfb, write_cfb
from dunning.addin_build.ovba import VbaProjectError
from dunning.addin_build.vba_document import set_document_source
from dunning.addin_build.vba_project import NO_CACHE, add_module

HOOK = (
    "Option Explicit\r\n"
    "Private WithEvents App As Application\r\n"
    "\r\n"
    "Private Sub Workbook_Open()\r\n"
    "    Set App = Application\r\n"
    "End Sub\r\n"
    "\r\n"
    "Private Sub App_WorkbookOpen(ByVal Wb As Workbook)\r\n"
    '    Debug.Print "opened: " & Wb.Name\r\n'
    "End Sub\r\n"
)


@pytest.fixture(scope="module")
def template() -> bytes:
    return template_project()


@pytest.fixture(scope="module")
def header(template: bytes) -> str:
    """ThisWorkbook's Attribute lines as the template has them (its whole source: it has no code)."""
    source = crlf(modules(template)["ThisWorkbook"])
    assert source.startswith('Attribute VB_Name = "ThisWorkbook"\r\nAttribute VB_Base = "0{00020819-')
    assert all(line.startswith("Attribute VB_") for line in source.splitlines())
    return source


@pytest.fixture(scope="module")
def source(header: str) -> str:
    return header + HOOK


@pytest.fixture(scope="module")
def changed(template: bytes, source: str) -> bytes:
    return set_document_source(template, "ThisWorkbook", source)


def test_olevba_reads_the_new_source_and_every_other_module_as_it_was(
    template: bytes, changed: bytes, source: str
) -> None:
    before, after = modules(template), modules(changed)
    assert set(after) == set(before) == TEMPLATE_MODULES
    assert after["ThisWorkbook"] == source  # exactly: no line ending or byte changed
    assert {n: after[n] for n in after if n != "ThisWorkbook"} == {n: before[n] for n in before if n != "ThisWorkbook"}


def test_only_the_module_stream_dir_and_cache_change(template: bytes, changed: bytes) -> None:
    before, after = streams(template), streams(changed)  # olefile, refusing any incorrect defect
    assert set(after) == set(before)
    assert {n for n in before if before[n] != after[n]} == {"VBA/ThisWorkbook", "VBA/dir"}
    assert after["VBA/_VBA_PROJECT"] == before["VBA/_VBA_PROJECT"] == NO_CACHE  # xlwings ships it without a cache
    assert after["PROJECT"] == before["PROJECT"] and after["PROJECTwm"] == before["PROJECTwm"]
    assert b"Document=ThisWorkbook/&H00000000" in after["PROJECT"].split(b"\r\n")


def test_the_dir_stream_changes_only_the_module_offset(template: bytes, changed: bytes) -> None:
    before, after = dir_records(template), dir_records(changed)  # record by record, as oletools decompresses it
    assert len(after) == len(before) and after[-1] == (0x10, b"\x10\x00" + bytes(4))
    differ = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert [(old[0], new[0]) for old, new in differ] == [(0x31, 0x31)]
    (ours,) = [b for b in module_blocks(after) if b[0][1][6:] == b"ThisWorkbook"]
    fields = {i: r[6:] for i, r in ours}
    assert fields[0x31] == bytes(4) and 0x22 in fields and 0x21 not in fields  # MODULEOFFSET 0, still a document
    (old,) = [b for b in module_blocks(before) if b[0][1][6:] == b"ThisWorkbook"]
    assert struct.unpack("<I", dict(old)[0x31][6:])[0] > 0  # the template's stream had P-code before the source


def test_oletools_strict_dir_parser_agrees(changed: bytes, source: str) -> None:
    ole = olefile.OleFileIO(changed)
    try:
        project = VBA_Project(ole, "", "PROJECT", "VBA/dir", relaxed=False)
        project.parse_project_stream()
        sources = {name: code for _, name, code in project.parse_modules()}
        found = {m.name_str: m for m in project.modules}
    finally:
        ole.close()
    ours = found["ThisWorkbook"]
    assert (ours.streamname_str, ours.textoffset, ours.type) == ("ThisWorkbook", 0, 0x22)
    assert sources["ThisWorkbook.cls"] == source


def test_a_performance_cache_is_dropped(template: bytes, source: str) -> None:
    """A project Office saved has compiled code in `_VBA_PROJECT` (version-dependent): it goes, as add_module's."""
    cached = NO_CACHE[:2] + bytes.fromhex("b200") + b"\x00\x03" + bytes(58)  # Office's header, then a cache
    entries = [replace(e, data=cached) if e.path == ("VBA", "_VBA_PROJECT") else e for e in read_cfb(template)]
    project = write_cfb(entries)
    assert streams(project)["VBA/_VBA_PROJECT"] == cached
    assert streams(set_document_source(project, "ThisWorkbook", source))["VBA/_VBA_PROJECT"] == NO_CACHE


def test_setting_it_again_gives_the_same_bytes(changed: bytes, source: str) -> None:
    assert set_document_source(changed, "ThisWorkbook", source) == changed
    assert set_document_source(changed, "thisworkbook", source) == changed  # VBA names ignore case


def test_a_class_module_and_a_project_with_added_modules(template: bytes, changed: bytes) -> None:
    dictionary = crlf(modules(template)["Dictionary"])
    edited = dictionary.replace("Drop-in replacement", "A drop-in replacement", 1)
    assert edited != dictionary
    after = modules(set_document_source(changed, "Dictionary", edited))
    assert after["Dictionary"] == edited and crlf(after["ThisWorkbook"]) == crlf(modules(changed)["ThisWorkbook"])
    standard = 'Attribute VB_Name = "Extra"\r\nSub A()\r\nEnd Sub\r\n'
    both = modules(
        set_document_source(add_module(template, "Extra", standard), "ThisWorkbook", modules(changed)["ThisWorkbook"])
    )
    assert both["Extra"] == standard and both["ThisWorkbook"] == modules(changed)["ThisWorkbook"]


# ---- refusals --------------------------------------------------------------------------------------


def test_a_standard_module_is_refused(template: bytes) -> None:
    with pytest.raises(VbaProjectError, match="RibbonMyAddin is a standard module"):
        set_document_source(template, "RibbonMyAddin", 'Attribute VB_Name = "RibbonMyAddin"\r\n')


def test_a_missing_module_is_refused(template: bytes) -> None:
    with pytest.raises(VbaProjectError, match="no document or class module named Sheet1"):
        set_document_source(template, "Sheet1", 'Attribute VB_Name = "Sheet1"\r\n')


@pytest.mark.parametrize(
    "first", ['Attribute VB_Name = "Sheet2"', 'Attribute VB_Name = "thisworkbook"', "Option Explicit", ""]
)
def test_a_source_not_named_for_the_module_is_refused(header: str, first: str) -> None:
    source = header.replace('Attribute VB_Name = "ThisWorkbook"', first, 1) + HOOK
    with pytest.raises(VbaProjectError, match='must begin with the line Attribute VB_Name = "ThisWorkbook"'):
        set_document_source(template_project(), "ThisWorkbook", source)


def test_text_outside_the_code_page_is_refused(source: str) -> None:
    with pytest.raises(VbaProjectError, match=r"line 17 has '催款'.*cp1252"):
        set_document_source(template_project(), "ThisWorkbook", source.replace("opened: ", "催款"))


def test_not_a_vba_project_is_refused() -> None:
    with pytest.raises(VbaProjectError, match="not a compound file"):
        set_document_source(b"PK\x03\x04", "ThisWorkbook", "")


# ---- LibreOffice, when installed -------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(
    st.one_of(st.integers(0, 512), st.integers(48000, 52224), st.integers(0, 52224)), st.binary(min_size=1, max_size=8)
)
def test_damaged_projects_raise_the_products_error(at: int, junk: bytes) -> None:
    """Overwritten bytes anywhere: the result is a project or a VbaProjectError, never another exception."""
    template = template_project()
    damaged = template[:at] + junk + template[at + len(junk) :]
    try:
        set_document_source(damaged, "ThisWorkbook", 'Attribute VB_Name = "ThisWorkbook"\r\n')
    except VbaProjectError:
        pass
