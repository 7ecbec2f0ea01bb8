"""What a trend line shows: the level, an index (base year = 100) or the change on the year before.

Only results are transformed (a target's index means nothing); a region
without a figure in the base year has no index line, and a change needs
the year before (a gap breaks it, it is never bridged). For rates (%,
百分点) the change is a difference in percentage points and there is no
index; for other figures the change is a growth rate in percent.

>>> import pandas as pd
>>> c = pd.DataFrame({"region": ["甲"] * 3, "kind": ["actual"] * 3, "year": [2020, 2021, 2023],
...                   "value": [100.0, 110.0, 121.0], "unit": ["元"] * 3})
>>> shown(c, "index", 2020).y.tolist()
[100.0, 110.0, 121.0]
>>> shown(c, "change").y.tolist()
[10.0]
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.units import is_rate, significant

MEASURES: tuple[str, ...] = ("level", "index", "change")
RATE_MEASURES: tuple[str, ...] = ("level", "change")


def offered(unit: str) -> tuple[str, ...]:
    """The measures that make sense for figures in ``unit``."""
    return RATE_MEASURES if is_rate(unit) else MEASURES


@dataclass(frozen=True, eq=False)
class Shown:
    """The cells a trend chart draws, each with the ``y`` it is drawn at."""

    cells: pd.DataFrame  # the input cells kept, with a column ``y``
    measure: str = "level"
    base_year: int | None = None
    no_base: tuple[str, ...] = ()  # regions left out of an index: no result in the base year
    dropped_targets: int = 0  # targets left out (only results have an index or a change)
    rate: bool = False

    @property
    def y(self) -> pd.Series:
        return self.cells["y"]


def base_year_choice(cells: pd.DataFrame) -> list[int]:
    """Years with results, the one most regions report first (ties: the earliest)."""
    results = cells[cells["kind"] == "actual"]
    if results.empty:
        return []
    per_year = results.groupby("year")["region"].nunique()
    best = int(per_year.sort_index().idxmax())
    return [best] + [int(y) for y in per_year.index if int(y) != best]


def shown(cells: pd.DataFrame, measure: str = "level", base_year: int | None = None) -> Shown:
    """The cells with ``y``: the value, its index on ``base_year`` (=100) or its change on the year before.

    An unknown measure, or one that makes no sense for the unit, is the level.
    """
    unit = cells["unit"].iloc[0] if len(cells) else ""
    rate = is_rate(unit)
    if measure not in offered(unit) or measure == "level" or cells.empty:
        return Shown(cells.assign(y=cells["value"].astype("float64")), "level", rate=rate)
    results = cells[cells["kind"] == "actual"]
    dropped = int(len(cells) - len(results))
    if measure == "index":
        years = base_year_choice(results)
        base_year = base_year if base_year in years else (years[0] if years else None)
        base = results[results["year"] == base_year].set_index("region")["value"]
        base = base[base > 0]
        kept = results[results["region"].isin(base.index)]
        y = significant(kept["value"].to_numpy(dtype="float64") / kept["region"].map(base).to_numpy(dtype="float64") * 100)
        no_base = tuple(sorted(set(results["region"]) - set(base.index), key=str))
        return Shown(kept.assign(y=y), "index", base_year, no_base, dropped, rate)
    previous = results.assign(year=results["year"] + 1).set_index(["region", "year"])["value"]
    before = pd.Series(list(zip(results["region"], results["year"]))).map(previous).to_numpy(dtype="float64")
    now = results["value"].to_numpy(dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        y = now - before if rate else np.where(before > 0, (now / before - 1) * 100, np.nan)
    y = significant(y)
    keep = ~np.isnan(y)
    return Shown(results[keep].assign(y=y[keep]), "change", None, (), dropped, rate)

