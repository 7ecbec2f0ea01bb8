"""Regions: for one indicator and year, the regions ranked; and a region × year heatmap."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dashboard import cells as cl
from dashboard import choices
from dashboard import filters as sel
from dashboard import notes
from dashboard import units as un

KINDS = ("actual", "target")
TOP = 40  # more bars or heatmap rows than this are unreadable (and slow): narrow by province


@dataclass(frozen=True)
class RegionSettings:
    indicator: str | None
    year: int | None = None
    kind: str = "actual"
    provinces: tuple[str, ...] = ()  # () for every province


@dataclass(frozen=True, eq=False)
class Ranking:
    ranked: pd.DataFrame  # the year's cells, largest first, at most TOP
    total: int  # regions with a figure in the year
    heat: pd.DataFrame  # the heatmap's cells: the ranked regions, filled up with others to TOP
    heat_regions: list  # the heatmap's rows, in order
    conflicts: pd.DataFrame  # the year's conflicting values
    n_conflicts: int  # the year's cells in conflict
    hint: str | None = None
    unit: un.ChartUnit = field(default_factory=un.ChartUnit)
    coverage: notes.Coverage | None = None  # of the ranking: the year's regions


def _rows(frame: pd.DataFrame, indicator: str | None) -> np.ndarray:
    return sel.filter_mask(frame, indicator=indicator, with_value=True) if indicator else np.zeros(len(frame), bool)


def kind_choice(frame: pd.DataFrame, indicator: str | None) -> list[str]:
    """Results and targets, those the indicator has figures of (results when it has neither)."""
    rows = _rows(frame, indicator)
    return [k for k in KINDS if (sel.equals(frame["kind"], k) & rows).any()] or ["actual"]


def province_choice(frame: pd.DataFrame, indicator: str | None) -> list[str]:
    return sel.distinct(frame, "province", _rows(frame, indicator))


def _mask(frame: pd.DataFrame, indicator: str | None, kind: str, provinces) -> np.ndarray:
    return _rows(frame, indicator) & sel.filter_mask(frame, kinds=[kind], provinces=provinces)


def year_choice(frame: pd.DataFrame, indicator: str | None, kind: str, provinces=()) -> list[int]:
    """The years to rank, newest first."""
    return choices.years_newest_first(frame, _mask(frame, indicator, kind, provinces))


def _nothing(hint: str) -> Ranking:
    empty = cl.empty_cells()
    return Ranking(empty, 0, empty, [], cl.conflicts(empty), 0, hint=hint)


def compute(frame: pd.DataFrame, settings: RegionSettings, units: un.UnitTable | None = None) -> Ranking:
    """The ranking of the year and the heatmap around it, for the indicator, kind and provinces chosen, in one unit."""
    if not settings.indicator:
        return _nothing(hint="hint.no_indicators")
    if settings.year is None:
        return _nothing(hint="hint.no_data_selection")
    cells, unit = cl.in_unit(frame, _mask(frame, settings.indicator, settings.kind, settings.provinces),
                             settings.indicator, units)
    ranked = cl.ranking(cells, settings.year, settings.kind)
    shown = ranked["region"].head(TOP).tolist()
    if len(shown) < TOP:  # fill with regions that have figures in other years
        shown += [r for r in cl.default_regions(cells, TOP * 2) if r not in shown][: TOP - len(shown)]
    year_cells = cells[cells["year"] == settings.year]
    asked = sel.distinct(frame, "region", _mask(frame, settings.indicator, settings.kind, settings.provinces))
    return Ranking(ranked.head(TOP), len(ranked), cells[cells["region"].isin(shown)], shown,
                   cl.conflicts(year_cells), int(year_cells["conflict"].sum()), unit=unit,
                   coverage=notes.coverage(year_cells, asked, unit))
