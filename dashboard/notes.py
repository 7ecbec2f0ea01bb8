"""What a chart shows, said under it: coverage (regions, years, gaps), estimates, corrections, conflicts, sources, units.

>>> import pandas as pd
>>> c = pd.DataFrame({"region": ["甲县", "甲县", "乙县"], "year": [2020, 2022, 2021], "kind": ["actual"] * 3,
...                   "doc": ["a", "b", "c"], "estimate": [False, True, False], "conflict": [False] * 3,
...                   "unit": ["%"] * 3})
>>> cov = coverage(c, ["甲县", "乙县", "丙县"])
>>> (cov.regions, cov.of, cov.first, cov.last, cov.gaps, cov.estimates, cov.documents)
(2, 3, 2020, 2022, 1, 1, 3)
>>> coverage_note(cov, "zh")
'3 个地区中 2 个有数据，2020–2022 年；缺 1 个地区年份（线条断开处）；1 个预计数（空心点）；出处：3 份文件'
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dashboard.fmt import unit_label
from dashboard.i18n import t
from dashboard.units import ChartUnit


@dataclass(frozen=True)
class Coverage:
    """How much of what was asked a chart can show, and what is special about its figures."""

    regions: int  # regions with a figure
    of: int  # regions asked for
    first: int | None = None
    last: int | None = None
    gaps: int = 0  # results missing between a region's first and last year
    estimates: int = 0
    corrected: int = 0
    conflicts: int = 0
    documents: int = 0
    unit: ChartUnit = field(default_factory=ChartUnit)


def coverage(cells: pd.DataFrame, asked=(), unit: ChartUnit | None = None) -> Coverage:
    """The coverage of the cells drawn, of the regions ``asked`` for (those drawn when none are named)."""
    asked = list(dict.fromkeys(asked)) or sorted(set(cells["region"].dropna()), key=str)
    unit = unit or ChartUnit()
    if cells.empty:
        return Coverage(0, len(asked), unit=unit)
    results = cells[cells["kind"] == "actual"]
    spans = results.groupby("region")["year"].agg(["min", "max", "nunique"])
    gaps = int((spans["max"] - spans["min"] + 1 - spans["nunique"]).sum()) if len(spans) else 0

    def count(column: str) -> int:
        return int(cells[column].fillna(False).astype(bool).sum()) if column in cells.columns else 0

    return Coverage(
        regions=int(cells["region"].nunique()), of=max(len(asked), int(cells["region"].nunique())),
        first=int(cells["year"].min()), last=int(cells["year"].max()), gaps=gaps,
        estimates=count("estimate"), corrected=count("corrected"), conflicts=count("conflict"),
        documents=int(cells["doc"].nunique()), unit=unit)


def coverage_note(cov: Coverage, lang: str) -> str:
    """The coverage in a sentence: ``12 of 16 regions, 2014–2024; 3 estimates; sources: 20 documents``."""
    if not cov.regions:
        return t("note.nothing", lang, of=cov.of)
    parts = [t("note.regions", lang, n=cov.regions, of=cov.of)
             + t("note.years", lang, first=cov.first, last=cov.last)]
    for name in ("gaps", "estimates", "corrected", "conflicts"):
        if getattr(cov, name):
            parts.append(t(f"note.{name}", lang, n=getattr(cov, name)))
    parts.append(t("note.sources", lang, n=cov.documents))
    return t("note.separator", lang).join(parts)


def unit_note(unit: ChartUnit, lang: str) -> str | None:
    """The unit, what was converted to it and what was left out: ``单位：吨（斤已换算）；另有 2 个数字单位为名，未画出``."""
    if not unit.unit and not unit.left_out:
        return None
    parts = []
    if unit.unit:
        text = t("note.unit", lang, unit=unit_label(unit.unit, lang) or unit.unit)
        converted = [unit_label(u, lang) or u for u in unit.factors if u != unit.unit]
        if converted:
            text += t("note.converted", lang, units=t("note.list", lang).join(converted))
        parts.append(text)
    for u, n in unit.left_out.items():
        parts.append(t("note.left_out", lang, n=n, unit=unit_label(u, lang) or u or "—"))
    return t("note.separator", lang).join(parts)
