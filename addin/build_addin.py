"""Build `addin/dunning.xlam` from the installed xlwings' ribbon template.

    python addin/build_addin.py [--out PATH] [--interpreter-win EXE] [--interpreter-mac EXE]

The logic lives in `dunning.addin_build.install`, so that the installed package can rebuild the add-in on the user's
machine (`install_addin`, for `dunning install-addin`) from whatever xlwings is installed there; this
script is the repository's entry point to it. The committed `addin/dunning.xlam` is its output with no
interpreter set; `tests/excel/test_addin.py` checks that it still equals a fresh build (pinned xlwings).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from dunning.addin_build.install import build_addin
from dunning.addin_build.install import main as install_main

DEFAULT_OUT = Path(__file__).resolve().parent / "dunning.xlam"


def build(out: Path = DEFAULT_OUT) -> Path:
    """Write the add-in (no interpreter set) to `out`, by default `addin/dunning.xlam`."""
    return build_addin(out)


def main(argv: Sequence[str] | None = None) -> None:
    install_main(argv, default_out=DEFAULT_OUT)


if __name__ == "__main__":
    main()
