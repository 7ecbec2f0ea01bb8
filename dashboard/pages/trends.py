"""Trends: one indicator by year, a line per region; results solid, targets dashed."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard import cells as cl
from dashboard import choices
from dashboard import filters as sel

FIRST_REGIONS = 5  # lines in the first view


@dataclass(frozen=True)
class TrendSettings:
    indicator: str | None
    regions: tuple[str, ...] = ()
    years: tuple[int, int] | None = None  # None: every year
    show_targets: bool = True


@dataclass(frozen=True, eq=False)
class Trend:
    cells: pd.DataFrame  # what the chart draws
    conflicts: pd.DataFrame  # one row per conflicting value (cells.conflicts)
    hint: str | None = None  # why there is nothing to draw

    @property
    def n_conflicts(self) -> int:
        return int(self.cells["conflict"].sum())


def _indicator_rows(frame: pd.DataFrame, indicator: str | None) -> np.ndarray:
    return sel.filter_mask(frame, indicator=indicator, with_value=True) if indicator else np.zeros(len(frame), bool)


def region_choice(frame: pd.DataFrame, indicator: str | None) -> choices.Choice:
    """Regions with a figure of the indicator in a known year; first those with the most."""
    rows = _indicator_rows(frame, indicator) & sel.year_between(frame["year"], None, None)
    return choices.most(frame, "region", rows, FIRST_REGIONS)


def year_bounds(frame: pd.DataFrame, indicator: str | None) -> tuple[int, int] | None:
    """The first and last year the indicator has figures for; None when it has none."""
    return sel.year_bounds(frame, _indicator_rows(frame, indicator))


def _nothing(hint: str) -> Trend:
    empty = cl.empty_cells()
    return Trend(empty, cl.conflicts(empty), hint=hint)


def compute(frame: pd.DataFrame, settings: TrendSettings) -> Trend:
    """The cells of the indicator for the regions and years chosen (targets only when shown)."""
    if not settings.indicator:
        return _nothing(hint="hint.no_indicators")
    if not settings.regions:
        return _nothing(hint="hint.pick_regions")
    mask = sel.filter_mask(frame, indicator=settings.indicator, with_value=True, regions=settings.regions,
                           years=settings.years, kinds=None if settings.show_targets else ["actual"])
    cells = cl.cells(frame, mask)
    if cells.empty:
        return _nothing(hint="hint.no_data_selection")
    return Trend(cells, cl.conflicts(cells))
