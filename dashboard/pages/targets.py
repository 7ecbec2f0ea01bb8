"""Targets vs results: across regions for one year (how many set one, how many met it), and one region year by year.

A target comes from that year's report, its result from the next year's;
both are compared in the indicator's chart unit (``dashboard.units``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dashboard import cells as cl
from dashboard import choices
from dashboard import filters as sel
from dashboard import units as un


@dataclass(frozen=True)
class TargetSettings:
    indicator: str | None
    region: str | None = None
    year: int | None = None  # for the regions side by side; None: the latest year with a verdict


@dataclass(frozen=True, eq=False)
class Targets:
    years: pd.DataFrame  # cells.targets_vs_results: the region's years, with their status
    across: pd.DataFrame = field(default_factory=lambda: cl.targets_across(cl.empty_cells(), "", 0))
    summary: cl.TargetSummary = field(default_factory=cl.TargetSummary)
    unit: un.ChartUnit = field(default_factory=un.ChartUnit)
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


def year_choice(frame: pd.DataFrame, indicator: str | None) -> choices.Choice:
    """Years with targets, newest first; first the newest in which most regions can be judged (target and result)."""
    if not indicator:
        return choices.Choice([], None)
    rows = _rows(frame, indicator) & cl.annual(frame)
    pairs = pd.DataFrame({"region": cl.codes_of(frame["region"])[rows],
                          "year": frame["year"].to_numpy(dtype="float64", na_value=np.nan)[rows].astype(int),
                          "target": sel.equals(frame["kind"], "target")[rows]}).drop_duplicates()
    targets = pairs[pairs["target"]]
    options = sorted(set(targets["year"]), reverse=True)
    judged = targets.merge(pairs[~pairs["target"]], on=["region", "year"]).groupby("year").size()
    if judged.empty:
        return choices.Choice(options, options[0] if options else None)
    most = judged.max()
    return choices.Choice(options, int(max(y for y, n in judged.items() if n >= max(1, most // 2))))


def compute(frame: pd.DataFrame, settings: TargetSettings, units: un.UnitTable | None = None) -> Targets:
    """The indicator's targets and results: every region's in the year, and the region's year by year."""
    empty = cl.targets_vs_results(cl.empty_cells(), "", "")
    if not settings.indicator:
        return Targets(empty, hint="hint.no_targets")
    cells, unit = cl.in_unit(frame, _rows(frame, settings.indicator), settings.indicator, units)
    across = cl.targets_across(cells, settings.indicator, settings.year) if settings.year is not None else \
        cl.targets_across(cl.empty_cells(), "", 0)
    summary = cl.summarise_targets(across, settings.year)
    if not settings.region:
        return Targets(empty, across, summary, unit, hint="hint.no_targets")
    years = cl.targets_vs_results(cells, settings.region, settings.indicator)
    return Targets(years, across, summary, unit, hint="hint.no_data_selection" if years.empty else None)
