"""Write `addin/dunning_udfs.bas`: the VBA that xlwings' "Import Functions" puts into a workbook for
the UDFs of `dunning.udfs`, made here by xlwings' own code, for users whose IT forbids access to the
VBA project (they import the .bas by hand: VBA editor → File → Import File).

    python addin/build_udfs_bas.py [--out PATH]

`xlwings.udfs` imports Windows-only modules at the top; small stand-ins for those four modules let it
import on any system. `xw.func`, `xw.arg` and `xw.ret` are pointed at its real decorators before the
UDF module is imported, so each function gets the metadata Excel registration uses, and
`generate_vba_wrapper` writes the VBA (it reads only the workbook's `Name`). Line endings are
normalised to CRLF, as Windows writes them.
"""

from __future__ import annotations

import argparse
import importlib
import io
import sys
import types
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "dunning_udfs.bas"
MODULE = "dunning.udfs"
WINDOWS_ONLY = ("pythoncom", "pywintypes", "win32com", "win32com.client")


class _Workbook:
    Name = "dunning.xlam"


def _stand_ins() -> dict[str, types.ModuleType]:
    pythoncom = types.ModuleType("pythoncom")
    pythoncom.CoInitialize = lambda: None  # type: ignore[attr-defined]
    pywintypes = types.ModuleType("pywintypes")
    win32com = types.ModuleType("win32com")
    client = types.ModuleType("win32com.client")
    client.Dispatch = lambda *args, **kwargs: None  # type: ignore[attr-defined]
    win32com.client = client  # type: ignore[attr-defined]
    return {"pythoncom": pythoncom, "pywintypes": pywintypes, "win32com": win32com, "win32com.client": client}


def registered_module() -> types.ModuleType:
    """`dunning.udfs` imported with xlwings' real UDF decorators (Windows-only modules stood in)."""
    for name, module in _stand_ins().items():
        sys.modules.setdefault(name, module)
    import xlwings as xw
    from xlwings import udfs

    xw.func, xw.arg, xw.ret = udfs.xlfunc, udfs.xlarg, udfs.xlret  # type: ignore[assignment]
    sys.modules.pop(MODULE, None)
    return importlib.import_module(MODULE)


def vba_text() -> str:
    module = registered_module()
    from xlwings import udfs

    stream = io.StringIO()
    udfs.generate_vba_wrapper(MODULE, module, stream, _Workbook())
    text = stream.getvalue().replace("\r\n", "\n")
    header = 'Attribute VB_Name = "xlwings_udfs"\n'
    return (header + text).replace("\n", "\r\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.write_bytes(vba_text().encode("utf-8"))
    print(f"wrote {args.out}")  # noqa: T201


if __name__ == "__main__":
    main()
