"""Targets vs results: each year's target (that year's report) beside its result (the next year's)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard import cells as cl
from dashboard import choices
from dashboard import filters as sel


@dataclass(frozen=True)
class TargetSettings:
    indicator: str | None
    region: str | None = None


@dataclass(frozen=True, eq=False)
class Targets:
    years: pd.DataFrame  # cells.targets_vs_results: a row per year, with its status
    hint: str | None = None

    def count(self, status: str) -> int:
        return int((self.years["status"] == status).sum())


def target_rows(frame: pd.DataFrame) -> np.ndarray:
    """Targets with an indicator and a value: what the indicator picker offers."""
    return sel.filter_mask(frame, kinds=["target"], with_indicator=True, with_value=True)


def _rows(frame: pd.DataFrame, indicator: str | None) -> np.ndarray:
    if not indicator:
        return np.zeros(len(frame), bool)
    return sel.filter_mask(frame, indicator=indicator, with_value=True) & sel.year_between(frame["year"], None, None)


def region_choice(frame: pd.DataFrame, indicator: str | None) -> choices.Choice:
    """Regions with targets of the indicator; first the one with the most (a region, not a list)."""
    most = choices.most(frame, "region", _rows(frame, indicator) & target_rows(frame), 1)
    return choices.Choice(most.options, most.default[0] if most.default else None)


def compute(frame: pd.DataFrame, settings: TargetSettings) -> Targets:
    """The region's targets and results of the indicator, year by year."""
    if not settings.indicator or not settings.region:
        return Targets(cl.targets_vs_results(cl.empty_cells(), "", ""), hint="hint.no_targets")
    cells = cl.cells(frame, _rows(frame, settings.indicator) & sel.equals(frame["region"], settings.region))
    years = cl.targets_vs_results(cells, settings.region, settings.indicator)
    return Targets(years, hint="hint.no_data_selection" if years.empty else None)
