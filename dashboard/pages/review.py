"""Review: the figures worth a second look, largest first, to confirm or correct one by one.

What is listed (``REASONS``): figures whose cell has conflicting values;
estimates (预计, 初步核算); figures with an indicator but no year and no
period (the text does not say when); period figures (five-year totals and
the like, kept out of annual charts: is the span right?); mentions without an
indicator whose label names one (a rule may have missed it); and figures
already corrected. Largest first: a wrong 2,469亿元 matters more than a wrong 3个.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard import cells as cl
from dashboard import filters as sel
from dashboard.indicators import Indicators

REASONS = ("conflict", "estimate", "no_year", "period", "label_only", "corrected")
SHOWN = 500
MIN_LABEL = 4  # characters: shorter indicator labels (人口) match too much to mean anything


@dataclass(frozen=True)
class ReviewSettings:
    reasons: tuple[str, ...] = REASONS
    indicator: str | None = None  # None: every indicator


@dataclass(frozen=True, eq=False)
class Review:
    rows: pd.DataFrame  # the mentions to look at, largest first, at most SHOWN, with a ``reason`` column
    counts: dict  # reason -> how many figures
    hint: str | None = None


def indicator_words(vocab: Indicators) -> dict[str, str]:
    """Chinese indicator labels long enough to recognise in a mention's label: label -> indicator id."""
    out = {}
    for indicator in vocab.ids:
        words = vocab.labels.get(indicator, {}).get("zh") or ""
        if len(words) >= MIN_LABEL:
            out[words] = indicator
    return out


def label_only_mask(frame: pd.DataFrame, words: dict[str, str]) -> np.ndarray:
    """Mentions with a value and no indicator whose label contains an indicator's label (on distinct labels only)."""
    label = frame["label"]
    if not words or frame.empty:
        return np.zeros(len(frame), bool)
    if isinstance(label.dtype, pd.CategoricalDtype):
        cats = label.cat.categories.astype(str)
        hit = np.array([any(w in c for w in words) for c in cats], dtype=bool)
        codes = label.cat.codes.to_numpy()
        named = np.where(codes >= 0, hit[np.maximum(codes, 0)], False)
    else:
        named = label.astype(str).map(lambda c: any(w in c for w in words)).to_numpy(dtype=bool)
    return named & ~sel.notna(frame["indicator"]) & ~np.isnan(frame["value"].to_numpy(dtype="float64", na_value=np.nan))


def conflict_mask(frame: pd.DataFrame, mask: np.ndarray) -> np.ndarray:
    """Mentions behind a cell that has conflicting values."""
    cells = cl.cells(frame, mask)
    out = np.zeros(len(frame), bool)
    if cells.empty or not cells["conflict"].any():
        return out
    conflicted = cells[cells["conflict"]][["region", "year", "indicator", "kind"]]
    keys = set(map(tuple, conflicted.astype(object).to_numpy().tolist()))
    rows = np.flatnonzero(mask & sel.notna(frame["indicator"]) & sel.year_between(frame["year"], None, None))
    sub = frame.iloc[rows][["region", "year", "indicator", "kind"]].astype(object)
    hit = np.array([tuple(r) in keys for r in sub.itertuples(index=False, name=None)], dtype=bool)
    out[rows[hit]] = True
    return out


def masks(frame: pd.DataFrame, vocab: Indicators, indicator: str | None = None) -> dict[str, np.ndarray]:
    """Per reason, the rows it lists."""
    valued = sel.filter_mask(frame, with_value=True)
    scope = valued & (sel.equals(frame["indicator"], indicator) if indicator else True)
    with_indicator = scope & sel.notna(frame["indicator"])
    period = sel.notna(frame["period"])
    out = {
        "conflict": conflict_mask(frame, with_indicator),
        "estimate": with_indicator & frame["estimate"].to_numpy(dtype=bool),
        "no_year": with_indicator & ~sel.year_between(frame["year"], None, None) & ~period,
        "period": with_indicator & period,
        "label_only": label_only_mask(frame, indicator_words(vocab)) if indicator is None else np.zeros(len(frame), bool),
        "corrected": (frame["corrected"].to_numpy(dtype=bool) if "corrected" in frame.columns
                      else np.zeros(len(frame), bool)) & (sel.equals(frame["indicator"], indicator)
                                                          if indicator else True),
    }
    return out


def compute(frame: pd.DataFrame, settings: ReviewSettings, vocab: Indicators) -> Review:
    """The rows of the reasons chosen, largest value first (the first reason of each row named)."""
    found = masks(frame, vocab, settings.indicator)
    counts = {r: int(found[r].sum()) for r in REASONS}
    chosen = [r for r in REASONS if r in settings.reasons]
    if not chosen:
        return Review(frame.iloc[:0].assign(reason=pd.Series([], dtype=object)), counts, hint="review.pick_reason")
    reason = np.full(len(frame), None, dtype=object)
    for r in reversed(chosen):  # the first reason listed wins
        reason[found[r]] = r
    rows = np.flatnonzero(reason != None)  # noqa: E711  (an object array)
    if len(rows) == 0:
        return Review(frame.iloc[:0].assign(reason=pd.Series([], dtype=object)), counts, hint="review.nothing")
    value = np.abs(frame["value"].to_numpy(dtype="float64", na_value=np.nan)[rows])
    order = np.argsort(-np.nan_to_num(value, nan=-1), kind="stable")[:SHOWN]
    picked = rows[order]
    out = frame.iloc[picked].assign(reason=reason[picked])
    return Review(out, counts)
