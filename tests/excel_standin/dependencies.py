"""Which formulas refer to which cells, indexed by sheet and column, so that finding the formulas a change
makes dirty does not look at every formula of every open workbook."""

from __future__ import annotations

from typing import Any

from excel_standin.addresses import Area


class DependencyIndex:
    """Which formulas refer to which cells, by sheet and column, so that finding the dependents of a change
    does not look at every formula."""

    WIDE = 64  # an area wider than this (whole rows) is checked against every change on its sheet

    def __init__(self) -> None:
        self.columns: dict[tuple[int, int], list[tuple[Area, Any]]] = {}
        self.wide: dict[int, list[tuple[Area, Any]]] = {}

    def add(self, sheet: Any, area: Area, formula: Any) -> None:
        if area.columns > self.WIDE:
            self.wide.setdefault(id(sheet), []).append((area, formula))
            return
        for column in range(area.left, area.right + 1):
            self.columns.setdefault((id(sheet), column), []).append((area, formula))

    def overlapping(self, sheet: Any, changed: Area) -> list[Any]:
        found: dict[int, Any] = {}
        candidates = list(self.wide.get(id(sheet), []))
        if changed.columns <= self.WIDE:
            for column in range(changed.left, changed.right + 1):
                candidates += self.columns.get((id(sheet), column), [])
        else:
            candidates += [entry for (sid, _), entries in self.columns.items() if sid == id(sheet) for entry in entries]
        for area, formula in candidates:
            if area.overlaps(changed):
                found[id(formula[2])] = formula
        return list(found.values())
