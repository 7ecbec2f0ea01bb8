"""Filtering the prepared mentions frame with boolean masks (no per-row Python).

Categorical columns are matched on their codes: the few distinct values are
compared in Python, the million rows in numpy.
"""
from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

SEARCH_COLUMNS: tuple[str, ...] = ("region", "doc", "label", "indicator", "text", "sentence")


def everything(frame: pd.DataFrame) -> np.ndarray:
    return np.ones(len(frame), dtype=bool)


def isin(series: pd.Series, values: Iterable) -> np.ndarray:
    """Rows whose value is one of ``values``; for categoricals, a lookup on codes."""
    values = [v for v in values if v is not None]
    if isinstance(series.dtype, pd.CategoricalDtype):
        wanted = series.cat.categories.get_indexer(values)
        wanted = wanted[wanted >= 0]
        if len(wanted) == 0:
            return np.zeros(len(series), dtype=bool)
        # a lookup per category (the last for missing, code -1): one gather, no sort of a million codes
        lookup = np.zeros(len(series.cat.categories) + 1, dtype=bool)
        lookup[wanted] = True
        return lookup[series.cat.codes.to_numpy()]
    return series.isin(values).to_numpy(dtype=bool)


def equals(series: pd.Series, value) -> np.ndarray:
    return isin(series, [value])


def notna(series: pd.Series) -> np.ndarray:
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series.cat.codes.to_numpy() >= 0
    return series.notna().to_numpy(dtype=bool)


def year_between(series: pd.Series, low: int | None, high: int | None) -> np.ndarray:
    """Rows with a known year in [low, high] (either end open when None)."""
    years = series.to_numpy(dtype="float64", na_value=np.nan)
    mask = ~np.isnan(years)
    if low is not None:
        mask &= years >= low
    if high is not None:
        mask &= years <= high
    return mask


def contains(series: pd.Series, query: str) -> np.ndarray:
    """Case-insensitive substring match; on categoricals, only distinct values are searched."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        cats = series.cat.categories
        hits = np.flatnonzero(cats.astype(str).str.contains(query, case=False, regex=False))
        if len(hits) == 0:
            return np.zeros(len(series), dtype=bool)
        return np.isin(series.cat.codes.to_numpy(), hits)
    if not isinstance(series.dtype, pd.StringDtype):
        series = series.astype("string")
    return series.str.contains(query, case=False, regex=False).fillna(False).to_numpy(dtype=bool)


def search(frame: pd.DataFrame, query: str, columns: Iterable[str] = SEARCH_COLUMNS) -> np.ndarray:
    """Rows where any of ``columns`` contains every word of ``query``."""
    words = [w for w in str(query or "").split() if w]
    mask = everything(frame)
    for word in words:
        hit = np.zeros(len(frame), dtype=bool)
        for col in columns:
            if col in frame.columns:
                hit |= contains(frame[col], word)
        mask &= hit
    return mask


def filter_mask(
    frame: pd.DataFrame,
    *,
    indicator: str | None = None,
    indicators: Iterable[str] | None = None,
    regions: Iterable[str] | None = None,
    provinces: Iterable[str] | None = None,
    years: tuple[int | None, int | None] | None = None,
    kinds: Iterable[str] | None = None,
    units: Iterable[str] | None = None,
    query: str = "",
    with_indicator: bool = False,
    with_value: bool = False,
) -> np.ndarray:
    """One boolean mask for all the filters a page sets; None/empty means "any"."""
    mask = everything(frame)
    if indicator:
        mask &= equals(frame["indicator"], indicator)
    if indicators:
        mask &= isin(frame["indicator"], indicators)
    if with_indicator:
        mask &= notna(frame["indicator"])
    if regions:
        mask &= isin(frame["region"], regions)
    if provinces:
        mask &= isin(frame["province"], provinces)
    if years is not None and (years[0] is not None or years[1] is not None):
        mask &= year_between(frame["year"], *years)
    if kinds:
        mask &= isin(frame["kind"], kinds)
    if units:
        mask &= isin(frame["unit"], units)
    if with_value:
        mask &= ~np.isnan(frame["value"].to_numpy(dtype="float64", na_value=np.nan))
    if query:
        mask &= search(frame, query)
    return mask


def counts(frame: pd.DataFrame, column: str, mask: np.ndarray | None = None) -> pd.Series:
    """How many rows each value of ``column`` has (descending), present values only."""
    series = frame[column] if mask is None else frame[column][mask]
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy()
        codes = codes[codes >= 0]
        n = np.bincount(codes, minlength=len(series.cat.categories))
        out = pd.Series(n, index=series.cat.categories.astype(str))
        out = out[out > 0]
    else:
        out = series.dropna().value_counts()
    return out.sort_values(ascending=False, kind="stable")


def distinct(frame: pd.DataFrame, column: str, mask: np.ndarray | None = None) -> list:
    """The sorted distinct present values of ``column`` (within ``mask``)."""
    values = counts(frame, column, mask).index.tolist()
    return sorted(values)


def year_bounds(frame: pd.DataFrame, mask: np.ndarray | None = None) -> tuple[int, int] | None:
    """The smallest and largest known year, or None when there is none."""
    years = frame["year"].to_numpy(dtype="float64", na_value=np.nan)
    if mask is not None:
        years = years[mask]
    years = years[~np.isnan(years)]
    if len(years) == 0:
        return None
    return int(years.min()), int(years.max())


def sort_rows(frame: pd.DataFrame, column: str, descending: bool = False, limit: int | None = None) -> pd.DataFrame:
    """The rows sorted by one column (missing last), optionally only the first ``limit``.

    Works on category codes (categories are sorted when built), so sorting a
    million rows is one numpy argsort.
    """
    if column not in frame.columns or frame.empty:
        return frame if limit is None else frame.iloc[:limit]
    series = frame[column]
    if isinstance(series.dtype, pd.CategoricalDtype):
        cats = series.cat.categories
        order = np.argsort(np.argsort(cats.astype(str), kind="stable"), kind="stable")  # rank of each category
        keys = np.where(series.cat.codes.to_numpy() >= 0, order[series.cat.codes.to_numpy()], -1).astype("float64")
        keys[keys < 0] = np.nan
    else:
        keys = pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    missing = np.isnan(keys)
    keys = np.where(missing, np.inf, -keys if descending else keys)
    order = np.argsort(keys, kind="stable")
    if limit is not None:
        order = order[:limit]
    return frame.iloc[order]
