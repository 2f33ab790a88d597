"""The add-in's VBA project: the module `dunning_functions` added to the template's, read back by independent readers
(oletools, olefile, LibreOffice when installed), with every other stream and record as it was."""

from __future__ import annotations

import functools
import io
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import olefile
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oletools.olevba import VBA_Parser, VBA_Project, decompress_stream

from dunning.addin_build.cfb import Entry, read_cfb, write_cfb
from dunning.addin_build.function_vba import EXCEL_MODULE, excel_vba_text, functions_vba_text, thisworkbook_vba_text
from dunning.addin_build.function_vba import FUNCTIONS_MODULE as VBA_MODULE_NAME
from dunning.addin_build.install import ADDIN_FILE_NAME, VBA_PROJECT_PART, template_path, xlwings_module
from dunning.addin_build.ovba import VbaProjectError, compress, decompress
from dunning.addin_build.ribbon_vba import MODULE_NAME as RIBBON_MODULE
from dunning.addin_build.ribbon_vba import TEMPLATE_SOURCE, ribbon_vba_text
from dunning.addin_build.vba_document import set_document_source
from dunning.addin_build.vba_project import NO_CACHE, add_module, module_source
from dunning.core.messages import NO_BOOK, PROTECTED_VIEW, TITLE

ADDIN = Path(__file__).resolve().parents[2] / "addin" / ADDIN_FILE_NAME
TEMPLATE_MODULES = {"ThisWorkbook", "Dictionary", "RibbonMyAddin", "Sheet2", "xlwings"}
CHANGED_STREAMS = {"PROJECT", "PROJECTwm", "VBA/dir"}  # and the new VBA/dunning_functions
NEW_MODULE_RECORDS = [0x19, 0x47, 0x1A, 0x32, 0x1C, 0x48, 0x31, 0x1E, 0x2C, 0x21, 0x2B]
NOSTREAM = 0xFFFFFFFF


# ---- helpers ---------------------------------------------------------------------------------------


def vba_project_of(xlam: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(xlam)) as z:
        return z.read(VBA_PROJECT_PART)


def streams(cfb: bytes) -> dict[str, bytes]:
    """Every stream, read by olefile, which here refuses any defect it counts as incorrect."""
    ole = olefile.OleFileIO(cfb, raise_defects=olefile.DEFECT_INCORRECT)
    try:
        return {"/".join(path): ole.openstream(path).read() for path in ole.listdir()}
    finally:
        ole.close()


def modules(cfb: bytes) -> dict[str, str]:
    """Module name → source, by olevba (its own dir stream parsing and decompression)."""
    parser = VBA_Parser("vbaProject.bin", data=cfb)
    try:
        return {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def dir_records(cfb: bytes) -> list[tuple[int, bytes]]:
    """The dir stream, decompressed by oletools, record by record: (Id, the record's bytes) per MS-OVBA 2.3.4.2."""
    data = bytes(decompress_stream(bytearray(streams(cfb)["VBA/dir"])))
    records, pos = [], 0
    while pos < len(data):
        record_id, size = struct.unpack_from("<HI", data, pos)
        length = 6 + (6 if record_id == 0x09 else size)  # PROJECTVERSION: Reserved=4, then 6 bytes
        records.append((record_id, data[pos : pos + length]))
        pos += length
    assert pos == len(data), "the last record runs past the end"
    return records


def module_blocks(records: list[tuple[int, bytes]]) -> list[list[tuple[int, bytes]]]:
    blocks: list[list[tuple[int, bytes]]] = []
    for record_id, record in records:
        if record_id == 0x19:
            blocks.append([])
        if blocks and (not blocks[-1] or blocks[-1][-1][0] != 0x2B):
            blocks[-1].append((record_id, record))
    return blocks


def directory_tree(cfb: bytes) -> list[olefile.olefile.OleDirectoryEntry]:
    ole = olefile.OleFileIO(cfb)
    return list(ole.direntries)


@functools.cache
def template_project() -> bytes:
    return vba_project_of(template_path().read_bytes())


@pytest.fixture(scope="module")
def template() -> bytes:
    return template_project()


@pytest.fixture(scope="module")
def ribbon() -> str:
    return ribbon_vba_text(NO_BOOK, TITLE, PROTECTED_VIEW)


def runpython_named(template: bytes) -> str:
    """xlwings' RunPython module of the template with the add-in's own project name and server command."""
    return xlwings_module(template_path(), module_source(template, "xlwings") or "")


def vba_body(code: str, header: str) -> list[str]:
    """The statements of a procedure, comments left out."""
    start = code.index(header)
    lines = code[start : code.index("End Function", start)].splitlines()
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("'")]


def test_the_server_command_line_does_not_name_the_active_workbook(template: bytes, committed: bytes) -> None:
    """xlwings' DLL starts one UDF server per distinct `XLPyCommand`: with the active workbook's name in
    it, every workbook a recalculation ran in started its own python.exe."""
    before = vba_body(modules(template)["xlwings"], "Function XLPyCommand()")
    after = vba_body(modules(committed)["xlwings"], "Function XLPyCommand()")
    assert any("ActiveWorkbook.FullName" in line for line in before)
    assert not any("ActiveWorkbook" in line for line in after), [line for line in after if "ActiveWorkbook" in line]
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert changed == [(before[i], before[i].replace("ActiveWorkbook.FullName", '""')) for i, (old, _) in
                       enumerate(zip(before, after, strict=True)) if old != after[i]]  # fmt: skip
    assert len(changed) == 1 and "ThisWorkbook.FullName" in changed[0][1]


def test_runmain_names_a_workbook_in_protected_view(ribbon: str) -> None:
    main = ribbon[ribbon.index("Sub RunMain") : ribbon.index("End Sub")]
    guard = "If ActiveWorkbook Is Nothing And Not ActiveProtectedViewWindow Is Nothing Then"
    assert guard in main and main.index(guard) < main.index("If ActiveWorkbook Is Nothing Then")
    assert "& ActiveProtectedViewWindow.SourceName &" in main and 'U("")' not in main


@pytest.fixture(scope="module")
def base(template: bytes, ribbon: str) -> bytes:
    """The template with the product's ribbon macro and project name: what the UDF module is added to."""
    return add_module(add_module(template, RIBBON_MODULE, ribbon), "xlwings", runpython_named(template))


@pytest.fixture(scope="module")
def committed() -> bytes:
    return vba_project_of(ADDIN.read_bytes())


@pytest.fixture(scope="module")
def one(base: bytes) -> bytes:
    """The project with the first module the add-in adds (the worksheet functions): the writer's own checks."""
    return add_module(base, VBA_MODULE_NAME, functions_vba_text())


@pytest.fixture(scope="module")
def text() -> str:
    return functions_vba_text()


# ---- the committed add-in, read back ---------------------------------------------------------------


def test_olevba_reads_the_udf_module_from_the_committed_addin(committed: bytes, text: str) -> None:
    code = modules(committed)[VBA_MODULE_NAME]
    assert "Function DUNNING_STAGE(" in code
    assert "Application.Volatile True" in code and "XLPy" not in code  # Python through dunning_excel only
    assert code.startswith(f'Attribute VB_Name = "{VBA_MODULE_NAME}"')
    assert crlf(code) == text


def test_every_template_module_keeps_its_source(template: bytes, committed: bytes, ribbon: str) -> None:
    before, after = modules(template), modules(committed)
    assert set(before) == TEMPLATE_MODULES
    assert crlf(before[RIBBON_MODULE]) == TEMPLATE_SOURCE  # the macro the product's replaces, as expected
    own = (VBA_MODULE_NAME, EXCEL_MODULE, RIBBON_MODULE, "xlwings", "ThisWorkbook")
    assert after == {**before, **{name: after[name] for name in own}}
    assert crlf(after["ThisWorkbook"]) == thisworkbook_vba_text()
    assert crlf(after[RIBBON_MODULE]) == ribbon
    assert crlf(after["xlwings"]) == crlf(runpython_named(template)) != crlf(before["xlwings"])


def test_the_ribbon_macro_and_project_name_replace_the_templates(template: bytes, base: bytes, ribbon: str) -> None:
    before, after = streams(template), streams(base)
    assert set(after) == set(before)
    replaced = {f"VBA/{RIBBON_MODULE}", "VBA/xlwings"}
    assert {name for name in before if before[name] != after[name]} == CHANGED_STREAMS | replaced
    lines, old = after["PROJECT"].split(b"\r\n"), before["PROJECT"].split(b"\r\n")
    windows = (b"RibbonMyAddin=", b"xlwings=")  # their editor window positions in [Workspace] are reset
    assert sorted(x for x in lines if not x.startswith(windows)) == sorted(x for x in old if not x.startswith(windows))
    for name in (b"RibbonMyAddin", b"xlwings"):
        assert lines.count(b"Module=" + name) == 1 and sum(x.startswith(name + b"=") for x in lines) == 1
    assert "If ActiveWorkbook Is Nothing Then" in ribbon and ribbon.count("RunPython") == 1


def test_the_committed_project_is_the_template_plus_the_modules(one: bytes, committed: bytes) -> None:
    """The worksheet functions, what they ask of Excel, and ThisWorkbook's event hook — nothing else."""
    assert committed == set_document_source(add_module(one, EXCEL_MODULE, excel_vba_text()), "ThisWorkbook",
                                            thisworkbook_vba_text())  # fmt: skip


def test_only_the_projects_own_streams_change(base: bytes, one: bytes) -> None:
    before, after = streams(base), streams(one)
    assert set(after) == set(before) | {f"VBA/{VBA_MODULE_NAME}"}
    assert {name for name in before if before[name] != after[name]} == CHANGED_STREAMS
    assert after["VBA/_VBA_PROJECT"] == before["VBA/_VBA_PROJECT"] == NO_CACHE  # no p-code cache: compiled from source


def test_project_stream_lists_the_module(base: bytes, one: bytes) -> None:
    before, after = streams(base)["PROJECT"].split(b"\r\n"), streams(one)["PROJECT"].split(b"\r\n")
    assert after.count(b"Module=dunning_functions") == 1
    last_module = max(i for i, line in enumerate(before) if line.startswith(b"Module="))
    assert after.index(b"Module=dunning_functions") == last_module + 1
    assert after[after.index(b"[Workspace]") :][-3:] == [b"dunning_functions=0, 0, 0, 0, C", b"", b""]
    assert [line for line in after if b"dunning_functions" not in line] == before


def test_projectwm_gains_the_name_pair(base: bytes, one: bytes) -> None:
    before, after = streams(base)["PROJECTwm"], streams(one)["PROJECTwm"]
    assert (
        after
        == before[:-2] + b"dunning_functions\x00" + "dunning_functions".encode("utf-16-le") + b"\x00\x00" + b"\x00\x00"
    )


def test_dir_stream_parses_record_by_record(base: bytes, one: bytes) -> None:
    before, after = dir_records(base), dir_records(one)
    blocks = module_blocks(after)
    (count,) = [r for i, r in after if i == 0x0F]
    assert struct.unpack_from("<H", count, 6)[0] == len(blocks) == len([i for i, _ in after if i == 0x19]) == 6
    assert all(block[-1][0] == 0x2B for block in blocks)
    new = blocks[-1]
    assert [i for i, _ in new] == NEW_MODULE_RECORDS
    fields = {i: r[6:] for i, r in new}
    assert fields[0x19] == fields[0x1A] == b"dunning_functions"
    assert fields[0x47] == fields[0x32] == "dunning_functions".encode("utf-16-le")
    assert fields[0x31] == bytes(4) and fields[0x2C] == b"\xff\xff"  # MODULEOFFSET 0, MODULECOOKIE 0xFFFF
    # Everything else is the template's, record for record, in the same order.
    at = [i for i, _ in before].index(0x0F)
    assert after == [*before[:at], (0x0F, count), *before[at + 1 : -1], *new, before[-1]]
    assert before[at] == (0x0F, b"\x0f\x00\x02\x00\x00\x00\x05\x00")
    assert after[-1] == (0x10, b"\x10\x00" + bytes(4))


def test_oletools_dir_parser_agrees(committed: bytes, text: str) -> None:
    ole = olefile.OleFileIO(committed)
    project = VBA_Project(ole, "", "PROJECT", "VBA/dir", relaxed=False)  # strict: raises on unexpected values
    project.parse_project_stream()
    sources = {name: code for _, name, code in project.parse_modules()}
    found = {m.name_str: m for m in project.modules}
    assert project.modules_count == len(found) == len(sources) == 7
    assert set(found) == TEMPLATE_MODULES | {VBA_MODULE_NAME, EXCEL_MODULE}
    ours = found[VBA_MODULE_NAME]
    assert (ours.streamname_str, ours.textoffset, ours.type) == (VBA_MODULE_NAME, 0, 0x21)
    assert project.module_ext[VBA_MODULE_NAME] == "bas"  # from the PROJECT stream's Module= line
    assert crlf(sources[f"{VBA_MODULE_NAME}.bas"]) == text


# ---- add_module ------------------------------------------------------------------------------------


def test_adding_again_replaces_the_module(template: bytes, one: bytes) -> None:
    assert add_module(one, VBA_MODULE_NAME, functions_vba_text()) == one
    changed = add_module(one, "DUNNING_FUNCTIONS", 'Attribute VB_Name = "DUNNING_FUNCTIONS"\r\nSub A()\r\nEnd Sub\r\n')
    found = modules(changed)
    assert set(found) == TEMPLATE_MODULES | {"DUNNING_FUNCTIONS"}  # VBA names ignore case: one module, renamed
    assert "Sub A()" in found["DUNNING_FUNCTIONS"]
    assert len(module_blocks(dir_records(changed))) == 6


def test_text_outside_the_code_page_is_refused(template: bytes) -> None:
    with pytest.raises(VbaProjectError, match=r"line 2 has '催款'.*cp1252"):
        add_module(template, VBA_MODULE_NAME, 'Function A()\r\n    A = "催款"\r\nEnd Function\r\n')


@pytest.mark.parametrize("name", ["", "1abc", "has space", "x" * 32, "模块"])
def test_bad_module_names_are_refused(template: bytes, name: str) -> None:
    with pytest.raises(VbaProjectError, match="not a VBA module name"):
        add_module(template, name, "")


def test_a_document_module_is_not_replaced(template: bytes) -> None:
    with pytest.raises(VbaProjectError, match="document or class module named sheet2"):
        add_module(template, "sheet2", "")


def test_not_a_vba_project_is_refused() -> None:
    with pytest.raises(VbaProjectError, match="not a compound file"):
        add_module(b"PK\x03\x04", VBA_MODULE_NAME, "")
    bare = write_cfb([Entry((), None), Entry(("PROJECT",), b"ID=")])
    with pytest.raises(VbaProjectError, match="not a VBA project"):
        add_module(bare, VBA_MODULE_NAME, "")


# ---- the compound file writer ----------------------------------------------------------------------


def test_rewriting_the_template_keeps_every_stream(template: bytes) -> None:
    assert streams(write_cfb(read_cfb(template))) == streams(template)


def check_tree(entries: list[olefile.olefile.OleDirectoryEntry], root: int) -> int:
    """Check one storage's red-black tree ([MS-CFB] 2.6.4); returns its black height."""

    def key(sid: int) -> tuple[int, str]:
        return len(entries[sid].name), entries[sid].name.upper()

    def walk(sid: int, low: tuple[int, str] | None, high: tuple[int, str] | None, parent_red: bool) -> int:
        if sid == NOSTREAM:
            return 1
        node = entries[sid]
        assert (low is None or low < key(sid)) and (high is None or key(sid) < high), node.name
        red = node.color == 0
        assert not (red and parent_red), f"two reds in a row at {node.name}"
        left = walk(node.sid_left, low, key(sid), red)
        assert left == walk(node.sid_right, key(sid), high, red), f"black heights differ under {node.name}"
        return left + (0 if red else 1)

    assert root == NOSTREAM or entries[root].color == 1, "the tree's root must be black"
    return walk(root, None, None, parent_red=False)


def test_every_storage_is_a_valid_red_black_tree(committed: bytes) -> None:
    entries = directory_tree(committed)
    storages = [e for e in entries if e is not None and e.entry_type in (olefile.STGTY_ROOT, olefile.STGTY_STORAGE)]
    assert len(storages) == 2
    for storage in storages:
        check_tree(entries, storage.sid_child)


NAMES = st.text(alphabet="abcXYZ_01é", min_size=1, max_size=31)
SIZES = st.one_of(st.integers(0, 200), st.integers(4090, 4100), st.integers(8000, 9000))


@st.composite
def compound_files(draw: st.DrawFn) -> list[Entry]:
    entries = [Entry((), None)]
    storages: list[tuple[str, ...]] = [()]
    for _ in range(draw(st.integers(1, 14))):
        parent = draw(st.sampled_from(storages))
        taken = {e.path[-1].upper() for e in entries if e.path and e.path[:-1] == parent}
        name = draw(NAMES.filter(lambda n: n.upper() not in taken))  # noqa: B023 - drawn at once
        if draw(st.booleans()) and len(storages) < 4:
            storages.append((*parent, name))
            entries.append(Entry((*parent, name), None, draw(st.binary(min_size=36, max_size=36))))
        else:
            size = draw(SIZES)
            entries.append(Entry((*parent, name), bytes((i * 7 + len(name)) % 251 for i in range(size))))
    return entries


@settings(max_examples=60, deadline=None)
@given(compound_files())
def test_written_compound_files_read_back_in_olefile(entries: list[Entry]) -> None:
    data = write_cfb(entries)
    expected = {"/".join(e.path): e.data for e in entries if e.data is not None}
    assert streams(data) == expected
    tree = directory_tree(data)
    for storage in (e for e in tree if e is not None and e.entry_type != olefile.STGTY_STREAM):
        check_tree(tree, storage.sid_child)
    assert {e.path: e.data for e in read_cfb(data)} == {e.path: e.data for e in entries}


def test_large_files_need_several_fat_and_minifat_sectors() -> None:
    small = [Entry((f"s{i:03}",), bytes([i]) * 3000) for i in range(10)]  # 470 mini sectors: 4 MiniFAT sectors
    big = Entry(("big",), bytes(range(256)) * 400)  # 200 sectors, 59 of mini stream, 4 + 3 more: 3 FAT sectors
    data = write_cfb([Entry((), None), *small, big])
    assert struct.unpack_from("<I", data, 44)[0] == 3 and struct.unpack_from("<I", data, 64)[0] == 4
    assert len(data) == 512 * (1 + 200 + 59 + 4 + 3 + 3)
    assert streams(data) == {"/".join(e.path): e.data for e in [*small, big]}


def test_entry_metadata_is_kept(template: bytes) -> None:
    stamped = [Entry(e.path, e.data, bytes(range(36)) if e.data is None else e.meta) for e in read_cfb(template)]
    assert [e.meta for e in read_cfb(write_cfb(stamped))] == [e.meta for e in stamped]


# ---- compression -----------------------------------------------------------------------------------

# [MS-OVBA] 3.2.3: an example and the compressed container the specification gives for it.
SPEC_EXAMPLE = bytes.fromhex(
    "23616161626364656661616161676869 6a61616161616b6c6161616d6e6f707161616161616161616161616172737475 767778797a616161"
)
SPEC_COMPRESSED = bytes.fromhex(
    "012fb000236161616263646582660070 61676869 6a013808616b6c00306d6e6f70067102700410727374757610777879 7a003c"
)


def test_the_specifications_example_decompresses() -> None:
    assert decompress(SPEC_COMPRESSED) == bytes(decompress_stream(bytearray(SPEC_COMPRESSED))) == SPEC_EXAMPLE
    assert bytes(decompress_stream(bytearray(compress(SPEC_EXAMPLE)))) == SPEC_EXAMPLE


def test_office_compressed_streams_decompress_like_oletools(template: bytes) -> None:
    for name, data in streams(template).items():
        if name in ("VBA/dir", f"VBA/{VBA_MODULE_NAME}"):
            assert decompress(data) == bytes(decompress_stream(bytearray(data))), name


def padded(data: bytes, container: bytes) -> bytes:
    """What a container decompresses to: a raw last chunk (flag bit clear) carries 4096 bytes, padded with 0x00."""
    if not data:
        return data
    last = (len(data) - 1) // 4096 * 4096
    offset = 1
    for _ in range(last // 4096):
        offset += (struct.unpack_from("<H", container, offset)[0] & 0x0FFF) + 3
    raw = not struct.unpack_from("<H", container, offset)[0] & 0x8000
    return data + bytes(4096 - (len(data) - last)) if raw else data


LENGTHS = st.one_of(st.integers(0, 64), st.integers(4086, 4106), st.integers(8182, 8202), st.integers(12280, 12300))


@st.composite
def payloads(draw: st.DrawFn) -> bytes:
    length = draw(LENGTHS)
    kind = draw(st.sampled_from(["random", "runs", "text"]))
    if kind == "random":
        return draw(st.binary(min_size=length, max_size=length))
    unit = draw(st.binary(min_size=1, max_size=9)) if kind == "runs" else b"    If x Then y = CallUDF(a, b)\r\n"
    return (unit * (length // len(unit) + 1))[:length]


@settings(max_examples=150, deadline=None)
@given(payloads())
def test_compression_round_trips_through_oletools(data: bytes) -> None:
    container = compress(data)
    expected = padded(data, container)
    assert bytes(decompress_stream(bytearray(container))) == expected
    assert decompress(container) == expected


@settings(max_examples=40, deadline=None)
@given(st.binary(min_size=0, max_size=3000))
def test_compressible_data_round_trips_exactly(data: bytes) -> None:
    text = data * 2  # repeats itself: never a raw chunk
    assert decompress(compress(text)) == bytes(decompress_stream(bytearray(compress(text)))) == text


def test_compression_compresses_vba_source(text: str) -> None:
    source = text.encode("cp1252")
    assert len(compress(source)) < len(source) / 2


# ---- LibreOffice, when installed -------------------------------------------------------------------


def test_libreoffice_imports_the_module(tmp_path: Path) -> None:
    """A developer check: LibreOffice imports an .xlsm's VBA into a Basic library; CI has no LibreOffice."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    xlsm = tmp_path / "dunning.xlsm"  # LibreOffice opens no add-in content type: the same parts as a workbook
    with zipfile.ZipFile(ADDIN) as source, zipfile.ZipFile(xlsm, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"ms-excel.addin.macroEnabled.main", b"ms-excel.sheet.macroEnabled.main")
            target.writestr(info, data)
    command = [soffice, "--headless", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--convert-to",
               "ods", "--outdir", str(tmp_path), str(xlsm)]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True, timeout=240)
    with zipfile.ZipFile(tmp_path / "dunning.ods") as ods:
        names = ods.namelist()
        module = ods.read(f"Basic/MyAddin/{VBA_MODULE_NAME}.xml").decode()
        hook = ods.read("Basic/MyAddin/ThisWorkbook.xml").decode()
    assert {f"Basic/MyAddin/{m}.xml" for m in TEMPLATE_MODULES} < set(names)
    assert 'script:moduleType="normal"' in module
    for name in ("DUNNING_STAGE", "DUNNING_BOARD"):
        assert f"Function {name}(" in module
    assert 'script:moduleType="document"' in hook  # ThisWorkbook, set by vba_document.set_document_source
    for line in ("Private WithEvents App As Application", "Private Sub Workbook_Open()", "Set App = Application",
                 "Private Sub App_AfterCalculate()", "Private Sub App_WorkbookOpen(ByVal Wb As Workbook)"):  # fmt: skip
        assert line in hook


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(st.integers(0, 512), st.integers(48000, 52224), st.integers(0, 52224)), st.binary(min_size=1, max_size=8)
)
def test_damaged_projects_raise_the_products_error(at: int, junk: bytes) -> None:
    """Overwritten bytes anywhere: the result is a project or a VbaProjectError, never another exception."""
    template = template_project()
    damaged = template[:at] + junk + template[at + len(junk) :]
    try:
        add_module(damaged, VBA_MODULE_NAME, "Sub A()\r\nEnd Sub\r\n")
    except VbaProjectError:
        pass


def test_module_source_reads_what_add_module_wrote(committed: bytes, text: str, ribbon: str) -> None:
    assert module_source(committed, VBA_MODULE_NAME) == text
    assert module_source(committed, RIBBON_MODULE.upper()) == ribbon  # VBA names ignore case
    assert module_source(committed, "NoSuchModule") is None
    with pytest.raises(VbaProjectError, match="document or class module"):
        module_source(committed, "Sheet2")
