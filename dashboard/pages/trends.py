"""Trends: one indicator by year, a line per region in one unit; a few in colour, results solid, targets dashed.

Annual figures only: figures over several years (``period``) are listed on
their own. The chart unit is the indicator's (``dashboard.units``); the line
shows the level, an index or the change on the year before
(``dashboard.measures``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dashboard import cells as cl
from dashboard import choices, measures, notes
from dashboard import filters as sel
from dashboard import units as un
from dashboard.charts import MAX_HIGHLIGHT

FIRST_REGIONS = 16  # lines in the first view: beyond MAX_HIGHLIGHT they are grey
AUTO_HIGHLIGHT = 6  # coloured lines when the user has chosen none and there are more than MAX_HIGHLIGHT
SORTS = ("name", "value")  # how the region picker lists its options


@dataclass(frozen=True)
class TrendSettings:
    indicator: str | None
    regions: tuple[str, ...] = ()
    years: tuple[int, int] | None = None  # None: every year
    show_targets: bool = True
    highlight: tuple[str, ...] = ()  # (): the top ones
    measure: str = "level"
    base_year: int | None = None  # for the index; None: the year most regions report
    log: bool = False


@dataclass(frozen=True, eq=False)
class Trend:
    cells: pd.DataFrame  # what the chart draws, in the chart unit, with ``y``
    conflicts: pd.DataFrame  # one row per conflicting value (cells.conflicts)
    unit: un.ChartUnit = field(default_factory=un.ChartUnit)
    highlight: list = field(default_factory=list)  # the regions in colour
    coverage: notes.Coverage | None = None
    periods: pd.DataFrame = field(default_factory=pd.DataFrame)  # figures over several years, on their own
    shown: measures.Shown | None = None
    log: bool = False  # the log scale asked for and possible
    hint: str | None = None  # why there is nothing to draw

    @property
    def n_conflicts(self) -> int:
        return int(self.cells["conflict"].sum()) if len(self.cells) else 0

    @property
    def measure(self) -> str:
        return self.shown.measure if self.shown else "level"


def _indicator_rows(frame: pd.DataFrame, indicator: str | None) -> np.ndarray:
    return sel.filter_mask(frame, indicator=indicator, with_value=True) if indicator else np.zeros(len(frame), bool)


def region_choice(frame: pd.DataFrame, indicator: str | None) -> choices.Choice:
    """Regions with a figure of the indicator in a known year; first those with the most."""
    rows = _indicator_rows(frame, indicator) & sel.year_between(frame["year"], None, None)
    return choices.most(frame, "region", rows, FIRST_REGIONS)


def chart_unit(frame: pd.DataFrame, indicator: str | None, units: un.UnitTable | None = None) -> un.ChartUnit:
    """The unit the indicator is charted in: the most used of its dominant dimension."""
    return cl.indicator_unit(frame, indicator, units)


def latest_values(frame: pd.DataFrame, indicator: str | None, units: un.UnitTable | None = None) -> dict:
    """Each region's latest result in the chart unit, ``{region: (year, value, unit)}``: the picker sorts by it."""
    if not indicator:
        return {}
    cells, _ = cl.in_unit(frame, sel.filter_mask(frame, kinds=["actual"]), indicator, units)
    latest = cl.latest(cells)
    return {r["region"]: (int(r["year"]), float(r["value"]), r["unit"]) for r in latest.to_dict("records")}


def region_order(options: list, sort: str, provinces: dict, latest: dict) -> list:
    """The picker's options: by province then name, or by latest value (largest first, those without last).

    >>> region_order(["乙", "甲", "丙"], "name", {"甲": "B省", "乙": "A省", "丙": "A省"}, {})
    ['丙', '乙', '甲']
    >>> region_order(["乙", "甲", "丙"], "value", {}, {"甲": (2023, 5.0, "%"), "丙": (2023, 7.0, "%")})
    ['丙', '甲', '乙']
    """
    if sort == "value":
        return sorted(options, key=lambda r: (r not in latest, -latest.get(r, (0, 0.0))[1], str(r)))
    return sorted(options, key=lambda r: (str(provinces.get(r) or "~"), str(r)))


def year_bounds(frame: pd.DataFrame, indicator: str | None) -> tuple[int, int] | None:
    """The first and last year the indicator has figures for; None when it has none."""
    return sel.year_bounds(frame, _indicator_rows(frame, indicator))


def base_year_choice(frame: pd.DataFrame, settings: TrendSettings) -> list[int]:
    """The base years an index can have: years with results, the one most regions report first."""
    if not settings.indicator or not settings.regions:
        return []
    mask = _indicator_rows(frame, settings.indicator) & sel.filter_mask(
        frame, regions=settings.regions, years=settings.years, kinds=["actual"])
    mask &= cl.annual(frame)
    years = frame["year"].to_numpy(dtype="float64", na_value=np.nan)[mask]
    region_codes = cl.codes_of(frame["region"])[mask]
    if len(years) == 0:
        return []
    per_year = pd.Series(region_codes).groupby(years.astype(int)).nunique()
    best = int(per_year.sort_index().idxmax())
    return [best] + [int(y) for y in per_year.index if int(y) != best]


def top_regions(cells: pd.DataFrame, n: int = AUTO_HIGHLIGHT) -> list:
    """The regions highest in the latest year most of them report (as drawn); those without it after, by name.

    The latest year at least half the regions have a result in, so a region whose
    figures stop early is not ranked by an old one.
    """
    results = cells[cells["kind"] == "actual"]
    if results.empty:
        results = cells
    per_year = results.groupby("year")["region"].nunique()
    common = per_year[per_year >= max(1, results["region"].nunique() / 2)]
    year = int(common.index.max()) if len(common) else int(per_year.idxmax())
    that_year = results[results["year"] == year]
    ranked = that_year.assign(_name=that_year["region"].astype(str)).sort_values(["y", "_name"], ascending=[False, True])
    order = ranked["region"].tolist()
    order += sorted(set(results["region"]) - set(order), key=str)
    return order[:n]


def highlighted(cells: pd.DataFrame, settings: TrendSettings) -> list:
    """The regions in colour: those chosen (drawn ones), else all when few, else the top ones."""
    drawn = list(dict.fromkeys(cells["region"]))
    chosen = [r for r in settings.highlight if r in set(drawn)][:MAX_HIGHLIGHT]
    if chosen:
        return chosen
    if len(drawn) <= MAX_HIGHLIGHT:
        return [r for r in settings.regions if r in set(drawn)] + [r for r in drawn if r not in set(settings.regions)]
    return top_regions(cells)


def period_figures(frame: pd.DataFrame, settings: TrendSettings) -> pd.DataFrame:
    """The indicator's figures over several years (累计, 年均, 十三五期间) for the regions: one row per figure stated."""
    mask = _indicator_rows(frame, settings.indicator) & sel.notna(frame["period"]) & sel.filter_mask(
        frame, regions=settings.regions, kinds=None if settings.show_targets else ["actual"])
    rows = frame.iloc[np.flatnonzero(mask)]
    columns = ["region", "period", "kind", "estimate", "value", "high", "unit", "qualifier", "doc", "start", "sentence"]
    out = cl._plain_columns(rows[columns]).drop_duplicates(["region", "period", "kind", "value", "unit"])
    return out.sort_values(["region", "period", "kind"], kind="stable").reset_index(drop=True)


def _nothing(hint: str, **fields) -> Trend:
    empty = cl.empty_cells()
    return Trend(empty, cl.conflicts(empty), hint=hint, **fields)


def compute(frame: pd.DataFrame, settings: TrendSettings, units: un.UnitTable | None = None) -> Trend:
    """The cells of the indicator for the regions and years chosen, in one unit, as the measure asks."""
    if not settings.indicator:
        return _nothing(hint="hint.no_indicators")
    if not settings.regions:
        return _nothing(hint="hint.pick_regions")
    mask = sel.filter_mask(frame, with_value=True, regions=settings.regions, years=settings.years,
                           kinds=None if settings.show_targets else ["actual"])
    periods = period_figures(frame, settings)
    cells, unit = cl.in_unit(frame, mask, settings.indicator, units)
    if cells.empty:
        return _nothing(hint="hint.no_data_selection", unit=unit, periods=periods)
    shown = measures.shown(cells, settings.measure, settings.base_year)
    drawn = shown.cells
    if drawn.empty:
        return _nothing(hint="hint.no_data_measure", unit=unit, periods=periods, shown=shown)
    return Trend(drawn, cl.conflicts(drawn), unit, highlighted(drawn, settings),
                 notes.coverage(drawn, settings.regions, unit), periods, shown,
                 log=settings.log and bool((drawn["y"] > 0).all()))
