"""What a picker offers: its options, and what it shows first (the values with the most figures)."""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from dashboard import filters as sel
from dashboard.indicators import Indicators


class Choice(NamedTuple):
    options: list
    default: object  # one option, a list of them for a multiselect, or None when there are none


def indicators(frame: pd.DataFrame, vocab: Indicators, mask: np.ndarray | None = None) -> Choice:
    """Indicators with figures (within ``mask``), grouped by topic; first the one with the most figures.

    The catalog's first indicator is often one the data hardly has.
    """
    rows = sel.filter_mask(frame, with_indicator=True, with_value=True)
    if mask is not None:
        rows &= mask
    by_indicator = sel.counts(frame, "indicator", rows)
    return Choice(vocab.order(by_indicator.index), by_indicator.index[0] if len(by_indicator) else None)


def most(frame: pd.DataFrame, column: str, mask: np.ndarray, n: int) -> Choice:
    """The values of ``column`` within ``mask`` by name; by default the ``n`` with the most rows."""
    counts = sel.counts(frame, column, mask)
    return Choice(sorted(counts.index), counts.index[:n].tolist())


def years_newest_first(frame: pd.DataFrame, mask: np.ndarray) -> list[int]:
    """Every year from the latest to the earliest known within ``mask`` (gaps included); [] when none."""
    bounds = sel.year_bounds(frame, mask)
    return list(range(bounds[1], bounds[0] - 1, -1)) if bounds else []
