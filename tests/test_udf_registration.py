"""The UDFs as Excel registers them, through xlwings' own decorators and VBA generation (the
Windows-only modules stood in), compared with the committed `addin/dunning_udfs.bas`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UDFS = ("DUNNING_ACTION_DUE", "DUNNING_BOARD", "DUNNING_DAYS_OVERDUE", "DUNNING_LATE_FEE", "DUNNING_NEXT_ACTION",
        "DUNNING_STAGE")  # fmt: skip

PROBE = """
import json, sys
sys.path.insert(0, {addin!r})
import build_udfs_bas as b
module = b.registered_module()
meta = {{name: getattr(module, name).__xlfunc__ for name in dir(module) if hasattr(getattr(module, name), "__xlfunc__")}}
out = {{name: {{"category": m["category"], "args": [(a["name"], a["doc"], bool(a["options"].get("convert"))) for a in m["args"]],
               "doc": m["ret"]["doc"]}} for name, m in meta.items()}}
print(json.dumps({{"meta": out, "vba": b.vba_text()}}, ensure_ascii=False))
"""


def _probe() -> dict[str, object]:
    code = PROBE.format(addin=str(ROOT / "addin"))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(result.stdout)  # type: ignore[no-any-return]


PROBED = _probe()


def test_every_udf_is_registered_in_category_cuikuan() -> None:
    meta = PROBED["meta"]
    assert sorted(meta) == list(UDFS)  # type: ignore[call-overload]
    for name, info in meta.items():  # type: ignore[attr-defined]
        assert info["category"] == "催款", name
        assert info["doc"] and "Python function" not in info["doc"], name  # a description for the wizard
        assert all(doc and not doc.startswith("Positional argument") for _, doc, _ in info["args"]), name


def test_single_cell_udfs_take_a_range_the_board_takes_values() -> None:
    meta = PROBED["meta"]
    for name in UDFS:
        first = meta[name]["args"][0]  # type: ignore[index]
        assert first[2] is (name != "DUNNING_BOARD"), name  # only the row functions convert to a Range


def test_committed_bas_is_what_import_functions_writes() -> None:
    committed = (ROOT / "addin" / "dunning_udfs.bas").read_bytes().decode("utf-8")
    assert committed == PROBED["vba"]
    for name in UDFS:
        assert f"Function {name}(" in committed
        assert f'XLPy.CallUDF("dunning.udfs", "{name}"' in committed
