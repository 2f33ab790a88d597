"""The ribbon add-in `addin/dunning.xlam`: a schema-valid ribbon whose callback exists in the VBA, the Excel
functions' VBA module, the file named like the package, and otherwise the installed xlwings' own template, part
for part (the VBA project itself: tests/excel/test_vba_project.py)."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from copy import deepcopy
from pathlib import Path
from xml.etree import ElementTree

import pytest
from lxml import etree
from oletools.olevba import VBA_Parser

import dunning
import dunning.excel.udfs
from dunning.addin_build.install import (
    ADDIN_FILE_NAME,
    CONF_SHEET_PART,
    IMAGE_MSO,
    RIBBON_CALLBACK,
    RIBBON_PART,
    SHARED_STRINGS_PART,
    UDF_MODULES,
    VBA_PROJECT_PART,
    WORKBOOK_PART,
    AddinError,
    build_addin,
    build_addin_bytes,
    install_addin,
    main,
    missing_dll_warning,
    template_path,
    xlwings_dll_name,
)

REPO = Path(__file__).resolve().parents[2]
ADDIN = REPO / "addin" / ADDIN_FILE_NAME
SCHEMAS = Path(__file__).resolve().parents[3] / "shared" / "schemas"
SCHEMA_FILES = {
    "http://schemas.microsoft.com/office/2006/01/customui": "customUI.xsd",
    "http://schemas.microsoft.com/office/2009/07/customui": "customui14.xsd",
}
CHANGED_PARTS = {RIBBON_PART, WORKBOOK_PART, CONF_SHEET_PART, VBA_PROJECT_PART}
XS = "{http://www.w3.org/2001/XMLSchema}"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


# ---- helpers ---------------------------------------------------------------------------------------


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {info.filename: z.read(info) for info in z.infolist()}


def entries(data: bytes) -> list[tuple[object, ...]]:
    """Everything about each zip entry except its compressed bytes, in order."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(i.filename, i.date_time, i.compress_type, i.extra, i.comment, i.create_system, i.create_version,
                 i.extract_version, i.external_attr, z.read(i)) for i in z.infolist()]  # fmt: skip


def ribbon_root(data: bytes) -> etree._Element:
    return etree.fromstring(parts(data)[RIBBON_PART])


def vba_modules(data: bytes) -> dict[str, str]:
    """VBA module name → source, read by olevba from the add-in's vbaProject.bin."""
    parser = VBA_Parser(ADDIN_FILE_NAME, data=data)
    try:
        return {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def settings(data: bytes) -> dict[str, object]:
    """The settings sheet as the VBA reads it: column A (upper-cased by the VBA) → column B."""
    files = parts(data)
    strings = ["".join(si.itertext()) for si in ElementTree.fromstring(files[SHARED_STRINGS_PART]).iter(f"{MAIN}si")]
    cells: dict[str, object] = {}
    for c in ElementTree.fromstring(files[CONF_SHEET_PART]).iter(f"{MAIN}c"):
        kind, v = c.get("t"), c.find(f"{MAIN}v")
        if kind == "s" and v is not None and v.text:
            cells[c.get("r", "")] = strings[int(v.text)]
        elif kind == "inlineStr":
            cells[c.get("r", "")] = "".join(c.find(f"{MAIN}is").itertext())  # type: ignore[union-attr]
        elif kind == "b" and v is not None:
            cells[c.get("r", "")] = v.text == "1"
    keys = {ref: name for ref, name in cells.items() if ref.startswith("A")}
    return {str(name): cells.get("B" + ref[1:]) for ref, name in keys.items()}


def sheet_names(data: bytes) -> list[str]:
    return [s.get("name", "") for s in ElementTree.fromstring(parts(data)[WORKBOOK_PART]).iter(f"{MAIN}sheet")]


def load_ribbon_schema(path: Path) -> etree.XMLSchema:
    """Office's ribbon schema made loadable by libxml2.

    As published, several types extend a base and re-declare attributes the base already has (often by
    referencing an attribute group again), which libxml2 rejects as "Duplicate attribute use". Here each such
    group reference is replaced by the group's own attributes minus the inherited ones, and a re-declared
    plain attribute is dropped; nothing else changes.
    """
    doc = etree.parse(str(path))
    root = doc.getroot()
    groups = {g.get("name"): g for g in root.findall(f"{XS}attributeGroup")}
    types = {t.get("name"): t for t in root.findall(f"{XS}complexType")}

    def flat(container: etree._Element) -> list[etree._Element]:
        found: list[etree._Element] = []
        for child in container:
            if child.tag == f"{XS}attribute":
                found.append(child)
            elif child.tag == f"{XS}attributeGroup":
                found.extend(flat(groups[child.get("ref")]))
        return found

    def attribute_names(type_name: str | None) -> set[str | None]:
        complex_type = types.get(type_name)
        if complex_type is None:
            return set()
        derivation = complex_type.find(f"{XS}complexContent/*")
        if derivation is None:
            return {a.get("name") for a in flat(complex_type)}
        own = flat(derivation)
        names = attribute_names(derivation.get("base"))
        if derivation.tag == f"{XS}restriction":
            names -= {a.get("name") for a in own if a.get("use") == "prohibited"}
        return names | {a.get("name") for a in own if a.get("use") != "prohibited"}

    for extension in root.iter(f"{XS}extension"):
        inherited = attribute_names(extension.get("base"))
        for child in list(extension):
            if child.tag == f"{XS}attribute" and child.get("name") in inherited:
                extension.remove(child)
            elif child.tag == f"{XS}attributeGroup":
                declared = flat(groups[child.get("ref")])
                if any(a.get("name") in inherited for a in declared):
                    at = extension.index(child)
                    extension.remove(child)
                    kept = [deepcopy(a) for a in declared if a.get("name") not in inherited]
                    for offset, attribute in enumerate(kept):
                        extension.insert(at + offset, attribute)
    return etree.XMLSchema(doc)


# ---- fixtures --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template() -> bytes:
    return template_path().read_bytes()


@pytest.fixture(scope="module")
def fresh() -> bytes:
    return build_addin_bytes(template_path())


@pytest.fixture(scope="module")
def committed() -> bytes:
    return ADDIN.read_bytes()


@pytest.fixture(scope="module")
def ribbon_schema(committed: bytes) -> etree.XMLSchema:
    if not SCHEMAS.is_dir():
        pytest.skip(f"Office's ribbon schemas are not at {SCHEMAS}")
    namespace = etree.QName(ribbon_root(committed)).namespace
    return load_ribbon_schema(SCHEMAS / SCHEMA_FILES[str(namespace)])


# ---- the ribbon ------------------------------------------------------------------------------------


def test_ribbon_is_valid_against_office_schema(ribbon_schema: etree.XMLSchema, committed: bytes) -> None:
    ribbon_schema.assertValid(ribbon_root(committed))


def test_template_ribbon_is_valid_too(ribbon_schema: etree.XMLSchema, template: bytes) -> None:
    ribbon_schema.assertValid(ribbon_root(template))


@pytest.mark.parametrize(
    ("good", "bad", "blamed"),
    [
        ('size="large"', 'size="huge"', "'size'"),
        ('id="dunningGenerateLetters"', 'id="1 letters"', "'id'"),
        ('size="large"', 'size="large" colour="red"', "'colour'"),
        ("</group>", '<slider id="volume"/></group>', "slider"),
        ('<tab id="dunningTab"', '<tab id="dunningTab" visible="maybe"', "'visible'"),
    ],
    ids=["size", "id", "unknown-attribute", "unknown-element", "boolean"],
)
def test_schema_rejects_a_bad_ribbon(
    ribbon_schema: etree.XMLSchema, committed: bytes, good: str, bad: str, blamed: str
) -> None:
    text = parts(committed)[RIBBON_PART].decode()
    assert good in text
    assert not ribbon_schema.validate(etree.fromstring(text.replace(good, bad, 1).encode()))
    assert blamed in str(ribbon_schema.error_log)


def test_ribbon_has_the_generate_letters_button(committed: bytes) -> None:
    root = ribbon_root(committed)
    ns = {"ui": etree.QName(root).namespace}
    (tab,) = root.findall("ui:ribbon/ui:tabs/ui:tab", ns)
    (button,) = tab.findall(".//ui:button", ns)
    assert tab.get("label") == "催款"
    assert "生成催款函" in button.get("label", "")
    assert "Generate letters" in button.get("label", "") + button.get("supertip", "") + button.get("screentip", "")
    assert button.get("size") == "large"
    assert button.get("imageMso") == IMAGE_MSO
    assert button.get("screentip") and button.get("supertip")
    assert button.get("onAction") == RIBBON_CALLBACK


def test_every_callback_is_a_vba_macro(committed: bytes) -> None:
    modules = vba_modules(committed)
    callbacks = {e.get("onAction") for e in ribbon_root(committed).iter() if e.get("onAction")}
    assert callbacks
    for callback in callbacks:
        module, _, procedure = callback.rpartition(".")
        assert module in modules, f"{callback}: no VBA module {module!r} in {sorted(modules)}"
        signature = rf"^\s*(Public\s+)?Sub\s+{procedure}\s*\(\s*control\s+As\s+IRibbonControl\s*\)"
        assert re.search(signature, modules[module], re.IGNORECASE | re.MULTILINE), callback


def test_the_macro_runs_main_of_the_module_named_like_the_file(committed: bytes) -> None:
    code = vba_modules(committed)[RIBBON_CALLBACK.split(".")[0]]
    assert "ThisWorkbook.Name" in code
    assert 'RunPython "import " & mymodule & ";" & mymodule & ".main()"' in code


def test_the_excel_functions_are_declared_for_the_udf_modules_setting(committed: bytes) -> None:
    code = vba_modules(committed)["dunning_functions"]
    declared = re.findall(r"^Public Function (DUNNING_\w+)\(", code, re.MULTILINE)
    assert sorted(declared) == ["DUNNING_ACTION_DUE", "DUNNING_BOARD", "DUNNING_DAYS_OVERDUE", "DUNNING_LATE_FEE",
                                "DUNNING_NEXT_ACTION", "DUNNING_STAGE"]  # fmt: skip
    host = vba_modules(committed)["dunning_excel"]  # the one place Python is called, in the settings' module
    assert host.count(f'Server.CallUDF("{settings(committed)["UDF Modules"]}", Name, Args, Nothing, Nothing)') == 2
    assert settings(committed)["UDF Modules"] == UDF_MODULES
    for name in [*declared, "TABLE_OUTCOMES"]:  # every function Python is asked for exists there, as xlwings needs it
        assert callable(getattr(dunning.excel.udfs, name))


def test_file_name_matches_the_package() -> None:
    assert ADDIN.stem == Path(ADDIN_FILE_NAME).stem == dunning.__name__ == "dunning"
    assert callable(dunning.main)


# ---- the rest is the template ----------------------------------------------------------------------


def test_only_the_ribbon_settings_and_vba_parts_differ_from_the_template(template: bytes, committed: bytes) -> None:
    old, new = entries(template), entries(committed)
    assert [e[:-1] for e in old] == [e[:-1] for e in new]  # names, order, dates, compression, attributes
    differing = {o[0] for o, n in zip(old, new, strict=True) if o[-1] != n[-1]}
    assert differing == CHANGED_PARTS


def test_workbook_part_differs_only_by_the_sheet_name(template: bytes, committed: bytes) -> None:
    old, new = parts(template)[WORKBOOK_PART], parts(committed)[WORKBOOK_PART]
    assert new == old.replace(b'name="_myaddin.conf"', b'name="dunning.conf"')
    assert sheet_names(template) == ["_myaddin.conf"]
    assert sheet_names(committed) == ["dunning.conf"]


def test_settings_sheet_gains_only_the_udf_module(template: bytes, committed: bytes) -> None:
    before, after = settings(template), settings(committed)
    assert after == {**before, "UDF Modules": "dunning.excel.udfs"}
    assert after["Interpreter_Win"] is None  # written per machine by install_addin


def test_interpreters_are_written_escaped(template: bytes) -> None:
    win, mac = r"C:\Users\张三\a&b <x>\Scripts\python.exe", "/Users/li/venv/bin/python"
    data = build_addin_bytes(template_path(), interpreter_win=win, interpreter_mac=mac)
    assert settings(data) == {**settings(template), "UDF Modules": "dunning.excel.udfs", "Interpreter_Win": win,
                              "Interpreter_Mac": mac}  # fmt: skip


def test_ribbon_relationship_and_namespace_are_the_templates(template: bytes, committed: bytes) -> None:
    rels = ElementTree.fromstring(parts(committed)["_rels/.rels"])
    types = {r.get("Target"): r.get("Type") for r in rels.iter(f"{RELS}Relationship")}
    assert types[RIBBON_PART] == "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
    assert etree.QName(ribbon_root(committed)).namespace == etree.QName(ribbon_root(template)).namespace


def test_a_different_template_is_refused(tmp_path: Path, template: bytes) -> None:
    changed = tmp_path / "template.xlam"
    with zipfile.ZipFile(io.BytesIO(template)) as source, zipfile.ZipFile(changed, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, data.replace(b"_myaddin.conf", b"myaddin.conf"))
    with pytest.raises(AddinError, match="_myaddin.conf"):
        build_addin_bytes(changed)


def test_a_template_whose_vba_project_is_unreadable_is_refused(tmp_path: Path, template: bytes) -> None:
    changed = tmp_path / "template.xlam"
    with zipfile.ZipFile(io.BytesIO(template)) as source, zipfile.ZipFile(changed, "w") as target:
        for info in source.infolist():
            target.writestr(info, b"not a compound file" if info.filename == VBA_PROJECT_PART else source.read(info))
    with pytest.raises(AddinError, match="xl/vbaProject.bin: not a compound file"):
        build_addin_bytes(changed)


# ---- builds ----------------------------------------------------------------------------------------


def test_build_is_deterministic(tmp_path: Path, fresh: bytes) -> None:
    assert build_addin_bytes(template_path()) == fresh
    assert build_addin(tmp_path / ADDIN_FILE_NAME).read_bytes() == fresh


def test_committed_addin_is_a_fresh_build(committed: bytes, fresh: bytes) -> None:
    """Pinned to the installed xlwings: every entry, its metadata and its content as a build makes them.

    (Compared part by part rather than as zip bytes: another zlib may deflate the same parts differently.)
    """
    assert entries(committed) == entries(fresh), "rebuild with: python addin/build_addin.py"


def test_build_script_writes_the_same_add_in(tmp_path: Path, fresh: bytes) -> None:
    out = tmp_path / ADDIN_FILE_NAME
    subprocess.run([sys.executable, str(REPO / "addin" / "build_addin.py"), "--out", str(out)], check=True)
    assert out.read_bytes() == fresh


def test_build_refuses_another_file_name(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["--out", str(tmp_path / "myaddin.xlam")])
    assert not (tmp_path / "myaddin.xlam").exists()


# ---- install ---------------------------------------------------------------------------------------


def files_under(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*"))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("APPDATA", "USERPROFILE", "HOME"):
        monkeypatch.setenv(name, str(tmp_path))
    return tmp_path


def test_install_on_linux_writes_nothing_and_says_what_to_do(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    message = install_addin()
    assert "nothing was installed" in message and "dunning install-addin" in message
    assert files_under(home) == []


def test_install_on_macos_writes_nothing_and_gives_the_steps(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    message = install_addin(python="/Users/li/venv/bin/python")
    assert "xlwings addin install --file dunning.xlam" in message
    assert '--interpreter-mac "/Users/li/venv/bin/python"' in message
    assert "UDF" in message
    assert files_under(home) == []


def test_install_on_windows_puts_the_add_in_in_xlstart(home: Path, monkeypatch: pytest.MonkeyPatch,
                                                      fresh: bytes) -> None:  # fmt: skip
    monkeypatch.setattr(sys, "platform", "win32")
    message = install_addin()
    target = home / "Microsoft" / "Excel" / "XLSTART" / ADDIN_FILE_NAME
    assert files_under(home) == [home / "Microsoft", target.parent.parent, target.parent, target]
    assert str(target) in message
    installed = target.read_bytes()
    assert settings(installed)["Interpreter_Win"] == sys.executable
    assert {k: v for k, v in parts(installed).items() if k != CONF_SHEET_PART} == {
        k: v for k, v in parts(fresh).items() if k != CONF_SHEET_PART
    }


def test_install_refuses_a_missing_interpreter(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    with pytest.raises(AddinError, match="no such Python"):
        install_addin(python=os.fspath(home / "python.exe"))
    assert files_under(home) == []


def test_the_dll_name_is_the_one_the_add_ins_vba_declares(committed: bytes) -> None:
    import xlwings

    vba = "\n".join(code for _, _, _, code in VBA_Parser("dunning.xlam", data=committed).extract_macros())
    assert f'"{xlwings_dll_name(bits=64)}"' in vba and f'"{xlwings_dll_name(bits=32)}"' in vba
    assert xlwings.__version__ in xlwings_dll_name()


@pytest.mark.parametrize("where", ["beside", "venv"])
def test_a_dll_where_the_add_in_looks_gives_no_warning(tmp_path: Path, where: str) -> None:
    python = tmp_path / "venv" / "Scripts" / "python.exe"
    python.parent.mkdir(parents=True)
    folder = python.parent if where == "beside" else python.parent.parent
    (folder / "xlwings64-0.37.8.dll").write_bytes(b"")
    assert missing_dll_warning(python, "xlwings64-0.37.8.dll") is None


def test_a_user_install_dll_is_warned_about(tmp_path: Path) -> None:
    python = tmp_path / "Python311" / "python.exe"
    python.parent.mkdir(parents=True)
    (tmp_path / "AppData" / "Python" / "Python311").mkdir(parents=True)
    (tmp_path / "AppData" / "Python" / "Python311" / "xlwings64-0.37.8.dll").write_bytes(b"")
    warning = missing_dll_warning(python, "xlwings64-0.37.8.dll")
    assert warning is not None and "xlwings64-0.37.8.dll" in warning and "--user" in warning
