"""The Excel functions as xlwings registers them: its own decorators and its own "Import Functions"
(`xlwings.udfs.import_udfs`, run in a separate process against a stand-in workbook that records what Excel
would be asked to do), compared with `dunning.udf_vba.udf_vba_text`, whose text the add-in carries."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dunning.udf_vba import udf_vba_text

ROOT = Path(__file__).resolve().parents[2]
UDFS = ("DUNNING_ACTION_DUE", "DUNNING_BOARD", "DUNNING_DAYS_OVERDUE", "DUNNING_LATE_FEE", "DUNNING_NEXT_ACTION",
        "DUNNING_STAGE")  # fmt: skip

# Set up by hand, independently of dunning.udf_vba: pywin32 stood in, xlwings' real decorators in place.
PROBE = textwrap.dedent("""
    import json, sys, types
    for name in ("pythoncom", "pywintypes", "win32com", "win32com.client"):
        sys.modules.setdefault(name, types.ModuleType(name))
    sys.modules["pythoncom"].CoInitialize = lambda: None
    sys.modules["win32com.client"].Dispatch = lambda *a, **k: None
    sys.modules["win32com"].client = sys.modules["win32com.client"]
    import xlwings as xw
    from xlwings import udfs
    xw.func, xw.arg, xw.ret = udfs.xlfunc, udfs.xlarg, udfs.xlret
    import dunning.udfs as module

    class Components:
        imported = []
        def __call__(self, name): return name
        def Remove(self, component): pass
        def Import(self, path): self.imported.append(open(path, encoding="utf-8", newline="").read())

    class Application:
        Version = "16.0"
        options = []
        def MacroOptions(self, macro, **kwargs): self.options.append({"macro": macro, **kwargs})

    class Workbook:  # falsy: import_udfs then looks for no code embedded in the workbook
        Name = "dunning.xlam"
        VBProject = types.SimpleNamespace(VBComponents=Components())
        Application = Application()
        def __bool__(self): return False

    udfs.import_udfs("dunning.udfs", Workbook())
    meta = {n: getattr(module, n).__xlfunc__ for n in dir(module) if hasattr(getattr(module, n), "__xlfunc__")}
    print(json.dumps({
        "meta": {n: {"category": m["category"], "doc": m["ret"]["doc"], "args": [(a["name"], a["doc"]) for a in m["args"]]}
                 for n, m in meta.items()},
        "imported": Components.imported,
        "options": Application.options,
    }, ensure_ascii=False))
""")


@pytest.fixture(scope="module")
def probed() -> dict[str, object]:
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(result.stdout.splitlines()[-1])  # type: ignore[no-any-return]  # after xlwings' own message


def test_every_udf_is_registered_in_category_cuikuan(probed: dict[str, object]) -> None:
    meta = probed["meta"]
    assert sorted(meta) == list(UDFS)  # type: ignore[call-overload]
    for name, info in meta.items():  # type: ignore[attr-defined]
        assert info["category"] == "催款", name
        assert info["doc"] and "Python function" not in info["doc"], name  # a description for the wizard
        assert all(doc and not doc.startswith("Positional argument") for _, doc in info["args"]), name


def test_import_functions_would_set_category_and_descriptions(probed: dict[str, object]) -> None:
    """What "Import Functions" asks Excel after importing the module (not stored in the add-in file)."""
    options = {o["macro"]: o for o in probed["options"]}  # type: ignore[attr-defined]
    assert sorted(options) == [f"'dunning.xlam'!{name}" for name in UDFS]
    for name in UDFS:
        option, info = options[f"'dunning.xlam'!{name}"], probed["meta"][name]  # type: ignore[index]
        assert option["Category"] == "催款" and option["Description"] == info["doc"][:255]
        assert option["ArgumentDescriptions"] == [doc[:255] for _, doc in info["args"]]


def test_udf_vba_text_is_what_import_functions_writes(probed: dict[str, object]) -> None:
    (imported,) = probed["imported"]  # type: ignore[misc]
    text = udf_vba_text()
    assert text == imported.replace("\r\n", "\n").replace("\n", "\r\n")  # Windows writes the file with CRLF
    assert "\n" not in text.replace("\r\n", "")
    assert text.startswith('Attribute VB_Name = "xlwings_udfs"\r\n')
    assert '\r\n#Const App = "Microsoft Excel" \'Adjust when using outside of Excel\r\n' in text
    for name in UDFS:
        assert f"\r\nFunction {name}(" in text
        assert f'{name} = XLPy.CallUDF("dunning.udfs", "{name}", Array(' in text
        assert "ActiveWorkbook, Application.Caller)" in text  # an add-in's wrappers use the active workbook


def test_udf_vba_text_leaves_the_process_as_it_was() -> None:
    import xlwings as xw

    import dunning
    import dunning.udfs

    before = (xw.func, xw.arg, xw.ret, dunning.udfs, sys.modules["dunning.udfs"])
    loaded = {name for name in ("xlwings.udfs", "pythoncom", "pywintypes", "win32com") if name in sys.modules}
    udf_vba_text()
    assert (xw.func, xw.arg, xw.ret, dunning.udfs, sys.modules["dunning.udfs"]) == before
    assert {name for name in ("xlwings.udfs", "pythoncom", "pywintypes", "win32com") if name in sys.modules} == loaded
    assert ("udfs" in vars(xw)) == ("xlwings.udfs" in loaded)


def test_udf_vba_text_imports_the_module_afresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "probe_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    source = "import xlwings as xw\n\n@xw.func\ndef {name}(a, b=None):\n    return a\n"
    (package / "funcs.py").write_text(source.format(name="FIRST"))
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        first = udf_vba_text("probe_pkg.funcs", "book.xlsm")
        assert "Function FIRST(a, Optional b)" in first and "ThisWorkbook, Application.Caller)" in first
        assert "probe_pkg.funcs" not in sys.modules and "funcs" not in vars(sys.modules["probe_pkg"])
        (package / "funcs.py").write_text(source.format(name="SECOND"))
        second = udf_vba_text("probe_pkg.funcs", "book.xlsm")
        assert "Function SECOND(" in second and "FIRST" not in second
    finally:
        sys.modules.pop("probe_pkg", None)
