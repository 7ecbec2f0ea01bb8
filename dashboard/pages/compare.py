"""Compare: 2–4 regions side by side, and small trend charts of the indicators they share."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dashboard import cells as cl
from dashboard import choices
from dashboard import filters as sel
from dashboard import units as un

MIN_REGIONS, MAX_REGIONS = 2, 4


@dataclass(frozen=True)
class CompareSettings:
    regions: tuple[str, ...] = ()
    year: int | None = None  # None: each region's latest figure
    kind: str = "actual"


@dataclass(frozen=True, eq=False)
class Comparison:
    latest: pd.DataFrame  # a cell per region and indicator: of the year, or the latest
    shared: list  # the indicators every region has
    multiples: pd.DataFrame  # the shared indicators' cells, each in its chart unit, for the small charts
    hint: str | None = None
    conflicts: pd.DataFrame = field(default_factory=lambda: cl.conflicts(cl.empty_cells()))  # of the table's cells


def _figures(frame: pd.DataFrame) -> np.ndarray:
    """Rows that make cells: an indicator, a value and a known year."""
    return sel.filter_mask(frame, with_indicator=True, with_value=True) & sel.year_between(frame["year"], None, None)


def _mask(frame: pd.DataFrame, regions, kind: str) -> np.ndarray:
    if not regions:
        return np.zeros(len(frame), bool)
    return _figures(frame) & sel.filter_mask(frame, regions=regions, kinds=[kind])


def region_choice(frame: pd.DataFrame) -> choices.Choice:
    """Regions with figures; first the two with the most."""
    return choices.most(frame, "region", _figures(frame), MIN_REGIONS)


def year_choice(frame: pd.DataFrame, regions, kind: str) -> list[int]:
    """The years the regions have figures for, newest first."""
    return choices.years_newest_first(frame, _mask(frame, regions, kind))


def _nothing(hint: str) -> Comparison:
    empty = cl.empty_cells()
    return Comparison(empty, [], empty, hint=hint)


def compute(frame: pd.DataFrame, settings: CompareSettings, units: un.UnitTable | None = None) -> Comparison:
    """Each region's figure per indicator, and the indicators they all have."""
    if len(settings.regions) < MIN_REGIONS:
        return _nothing(hint="hint.pick_two")
    cells = cl.cells(frame, _mask(frame, settings.regions, settings.kind))
    if cells.empty:
        return _nothing(hint="hint.no_data_selection")
    shared = cl.shared_indicators(cells, list(settings.regions), settings.kind)
    multiples = pd.concat([un.converted(cells[cells["indicator"] == i], cl.indicator_unit(frame, i, units))
                           for i in shared], ignore_index=True) if shared else cells.iloc[0:0]
    return Comparison(cl.latest(cells, settings.year), shared, multiples, conflicts=cl.conflicts(
        cl.latest(cells, settings.year)))
