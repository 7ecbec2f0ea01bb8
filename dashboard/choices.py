"""What a picker offers: its options, and what it shows first (the values with the most figures)."""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from dashboard import filters as sel
from dashboard.memo import per_frame
from dashboard.indicators import Indicators


class Choice(NamedTuple):
    options: list
    default: object  # one option, a list of them for a multiselect, or None when there are none


def indicators(frame: pd.DataFrame, vocab: Indicators, mask: np.ndarray | None = None) -> Choice:
    """Indicators with figures (within ``mask``), grouped by topic; first the one with the best coverage.

    The catalog's first indicator is often one the data hardly has, and the one
    with the most figures can be the noisiest (资金投入: every sum of money);
    the first view shows the indicator whose results cover the most region-years
    with the fewest conflicting values (``coverage_scores``).
    """
    rows = sel.filter_mask(frame, with_indicator=True, with_value=True)
    if mask is not None:
        rows &= mask
    by_indicator = sel.counts(frame, "indicator", rows)
    if not len(by_indicator):
        return Choice([], None)
    scores = coverage_scores(frame)
    best = max(by_indicator.index, key=lambda i: (scores.get(i, -np.inf), by_indicator[i]))
    return Choice(vocab.order(by_indicator.index), best)


@per_frame
def coverage_scores(frame: pd.DataFrame) -> dict:
    """Per indicator: region-years with a result, less the extra values stated for them (conflicts).

    >>> from bench.synthetic import row, table
    >>> from dashboard.frame import prepare_mentions
    >>> rows = [row(indicator="funds", value=v, start=n) for n, v in enumerate((1.0, 2.0, 3.0))]
    >>> rows += [row(indicator="gdp_growth", value=6.5, unit="%", start=9)]
    >>> coverage_scores(prepare_mentions(table(rows)))
    {'funds': -1, 'gdp_growth': 1}
    """
    from dashboard.cells import annual

    rows = annual(frame) & sel.equals(frame["kind"], "actual")
    if not rows.any():
        return {}
    keys = pd.DataFrame({
        "indicator": frame["indicator"].cat.codes.to_numpy()[rows] if isinstance(frame["indicator"].dtype, pd.CategoricalDtype)
        else pd.factorize(frame["indicator"])[0][rows],
        "region": pd.factorize(frame["region"])[0][rows],
        "year": frame["year"].to_numpy(dtype="float64", na_value=np.nan)[rows],
        "value": frame["value"].to_numpy(dtype="float64", na_value=np.nan)[rows],
    })
    cells = keys.drop_duplicates(["indicator", "region", "year"]).groupby("indicator").size()
    values = keys.drop_duplicates().groupby("indicator").size()
    names = (frame["indicator"].cat.categories if isinstance(frame["indicator"].dtype, pd.CategoricalDtype)
             else pd.factorize(frame["indicator"])[1])
    return {str(names[i]): int(2 * cells[i] - values[i]) for i in cells.index}


def most(frame: pd.DataFrame, column: str, mask: np.ndarray, n: int) -> Choice:
    """The values of ``column`` within ``mask`` by name; by default the ``n`` with the most rows."""
    counts = sel.counts(frame, column, mask)
    return Choice(sorted(counts.index), counts.index[:n].tolist())


def years_newest_first(frame: pd.DataFrame, mask: np.ndarray) -> list[int]:
    """Every year from the latest to the earliest known within ``mask`` (gaps included); [] when none."""
    bounds = sel.year_bounds(frame, mask)
    return list(range(bounds[1], bounds[0] - 1, -1)) if bounds else []


@per_frame
def provinces(frame: pd.DataFrame) -> dict:
    """Each region's province (the first one stated), for grouping a region picker."""
    if frame.empty:
        return {}
    pairs = pd.DataFrame({"region": frame["region"], "province": frame["province"]}).dropna(subset=["region"])
    pairs = pairs.drop_duplicates("region")
    return {r: (p if isinstance(p, str) else None) for r, p in zip(pairs["region"].astype(object),
                                                                    pairs["province"].astype(object))}


def regions(frame: pd.DataFrame) -> list:
    """Every region of the data (a categorical's categories: no scan), by name."""
    series = frame["region"]
    values = series.cat.categories if isinstance(series.dtype, pd.CategoricalDtype) else series.dropna().unique()
    return sorted(str(v) for v in values)
