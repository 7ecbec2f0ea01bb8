"""Corrections applied to the app's frame, so every page and download shows the corrected figure.

A correction names its figure by (doc, start, end) and the hash of the
document's text when it was made: a re-extracted document keeps it, a
changed one does not (its offsets may point elsewhere) and the correction is
*stale*, listed for review. The frame gains ``corrected`` (bool),
``original_value`` (the value as extracted) and ``original`` (the fields
changed, as extracted: ``year=2020; kind=target``); a figure marked as not a
figure loses its value and indicator, so it drops out of every chart.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from dashboard import filters
from dashboard.frame import CATEGORICAL, CORRECTION_COLUMNS, uncorrected  # noqa: F401  (named here too)

NOT_FIGURE = "not_figure"


@dataclass(frozen=True)
class Outcome:
    """What became of the corrections: applied to a row, stale (the text changed) or missing (no such figure)."""

    applied: tuple = ()
    stale: tuple = ()
    missing: tuple = ()


def _shown(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _fields_changed(changes: Mapping[str, object]) -> list[str]:
    """The frame's columns a correction writes."""
    if changes.get(NOT_FIGURE):
        return ["value", "high", "indicator"]
    cols = [k for k in changes if k != NOT_FIGURE]
    if "value" in cols:
        cols.append("high")  # a corrected value is one number, not a range
    return cols


def _matches(frame: pd.DataFrame, corrections) -> dict[int, object]:
    """Row position → the correction for it; a figure is (doc, start, end) with the same surface text."""
    by_doc: dict[str, list] = {}
    for c in corrections:
        by_doc.setdefault(c.doc, []).append(c)
    rows: dict[int, object] = {}
    if not by_doc:
        return rows
    candidates = np.flatnonzero(filters.isin(frame["doc"], list(by_doc)))
    if len(candidates) == 0:
        return rows
    sub = frame.iloc[candidates][["doc", "start", "end", "text"]]
    for pos, doc, start, end, text in zip(candidates, sub["doc"].astype(object), sub["start"], sub["end"],
                                          sub["text"].astype(object)):
        for c in by_doc.get(doc, ()):
            if c.start == start and c.end == end and (not c.mention_text or c.mention_text == text):
                rows[int(pos)] = c
    return rows


def apply(frame: pd.DataFrame, corrections: Iterable, text_hashes: Mapping[str, str | None]) -> tuple[pd.DataFrame, Outcome]:
    """The frame (app form) with the corrections applied and the correction columns added.

    ``corrections``: the active ones (``userstore.Snapshot.active_corrections``);
    ``text_hashes``: each corrected document's text hash now (None: the text is not at hand,
    and the surface text alone is checked). The frame passed in is not written to.
    """
    current, stale = [], []
    for c in corrections:
        now = text_hashes.get(c.doc)
        (stale if c.text_hash and now and c.text_hash != now else current).append(c)
    out = uncorrected(frame)
    rows = _matches(frame, current)
    applied = set(map(id, rows.values()))
    missing = tuple(c for c in current if id(c) not in applied)
    if not rows:
        return out, Outcome((), tuple(stale), missing)
    positions = np.array(sorted(rows), dtype=np.int64)
    originals = []
    changes_by_col: dict[str, dict[int, object]] = {}
    for pos in positions:
        c = rows[int(pos)]
        changes = dict(c.changes)
        was = []
        for col in _fields_changed(changes):
            if col not in frame.columns:
                continue
            old = frame[col].iloc[pos]
            if col == "high" and "value" in changes and not changes.get(NOT_FIGURE):
                new = np.nan
            elif changes.get(NOT_FIGURE):
                new = np.nan if col in ("value", "high") else None
            else:
                new = changes[col]
            changes_by_col.setdefault(col, {})[int(pos)] = new
            if col != "high" and _shown(old) != _shown(new):
                was.append(f"{col}={_shown(old)}")
        if changes.get(NOT_FIGURE):
            was.append(NOT_FIGURE)
        originals.append("; ".join(was))
    original_value = out["original_value"].to_numpy(copy=True)
    original_value[positions] = frame["value"].to_numpy(dtype="float64", na_value=np.nan)[positions]
    corrected = np.zeros(len(frame), dtype=bool)
    corrected[positions] = True
    categories = sorted({o for o in originals if o})
    lookup = {cat: n for n, cat in enumerate(categories)}
    codes = np.full(len(frame), -1, dtype=np.int32)
    codes[positions] = [lookup.get(o, -1) for o in originals]
    out["original"] = pd.Categorical.from_codes(codes, categories=pd.Index(categories, dtype=object))
    out["corrected"] = corrected
    out["original_value"] = original_value
    for col, new_values in changes_by_col.items():
        out[col] = _set(out[col], new_values)
    return out, Outcome(tuple(rows.values()), tuple(stale), missing)


def _set(series: pd.Series, values: Mapping[int, object]) -> pd.Series:
    """The column with a few positions set, in its own form (categorical, nullable year, float)."""
    at = np.fromiter(values.keys(), dtype=np.int64)
    new = list(values.values())
    if isinstance(series.dtype, pd.CategoricalDtype):
        wanted = {v for v in new if isinstance(v, str) and v}
        series = series.cat.add_categories(sorted(wanted - set(series.cat.categories)))
        codes = series.cat.codes.to_numpy(copy=True)
        lookup = {cat: n for n, cat in enumerate(series.cat.categories)}
        codes[at] = [lookup[v] if isinstance(v, str) and v else -1 for v in new]
        return pd.Series(pd.Categorical.from_codes(codes, dtype=series.dtype), index=series.index)
    if str(series.dtype) == "Int64":
        arr = series.array.copy()
        for pos, v in zip(at, new):
            arr[pos] = pd.NA if v is None else int(v)
        return pd.Series(arr, index=series.index)
    arr = series.to_numpy(dtype="float64", na_value=np.nan, copy=True)
    arr[at] = [np.nan if v is None else float(v) for v in new]
    return pd.Series(arr, index=series.index)


def describe(changes: Mapping[str, object]) -> str:
    """A correction's changes in one line: ``value=6.5; year=2021``; ``not_figure``.

    >>> describe({"value": 6.5, "year": None})
    'value=6.5; year='
    """
    if changes.get(NOT_FIGURE):
        return NOT_FIGURE
    return "; ".join(f"{k}={_shown(v)}" for k, v in changes.items() if k in CATEGORICAL or k in ("value", "year"))


def plain_number(value) -> str:
    """A value as a user types it: no exponent, no trailing zeros.

    >>> plain_number(12860000000.0), plain_number(6.5), plain_number(None)
    ('12860000000', '6.5', '')
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    text = f"{float(value):.6f}".rstrip("0").rstrip(".")
    return text or "0"


def parse_value(text: str) -> float | None:
    """What a user typed as a figure: ``6.5``, ``12,860``, ``130.2亿``, ``一千二百``; None for nothing; ValueError else.

    >>> parse_value("130.2亿"), parse_value(" 6.5 "), parse_value("")
    (13020000000.0, 6.5, None)
    """
    text = str(text or "").strip()
    if not text:
        return None
    from extract.numerals import parse_number

    try:
        number = parse_number(text)
    except ArithmeticError:  # a numeral beyond what a Decimal context holds
        raise ValueError(f"{text!r} is not a finite number") from None
    if number is None:
        try:
            number = float(text.replace(",", ""))
        except ValueError:
            raise ValueError(f"{text!r} is not a number") from None
    try:
        number = float(number)
    except OverflowError:
        raise ValueError(f"{text!r} is not a finite number") from None
    if not np.isfinite(number):
        raise ValueError(f"{text!r} is not a finite number")
    return number


def _same(a, b) -> bool:
    missing_a = a is None or a is pd.NA or (isinstance(a, float) and np.isnan(a))
    missing_b = b is None or b is pd.NA or (isinstance(b, float) and np.isnan(b))
    if missing_a or missing_b:
        return missing_a and missing_b
    if isinstance(a, (int, float, np.number)) and isinstance(b, (int, float, np.number)):
        return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)))
    return a == b


def changes_from_form(row: Mapping, *, value: str, year, kind: str, indicator, region, not_figure: bool) -> dict:
    """The fields a correction form changed, against the figure as shown (``row``); {} for no change.

    ``region`` is a ``dashboard.places.Place`` (or None); picking one brings its province, level and code.
    """
    if not_figure:
        return {NOT_FIGURE: True}
    out: dict = {}
    number = parse_value(value)
    if not _same(number, row.get("value")):
        out["value"] = number
    if not _same(year, row.get("year")):
        out["year"] = year
    if kind != row.get("kind"):
        out["kind"] = kind
    if not _same(indicator, row.get("indicator")):
        out["indicator"] = indicator
    name = region.name if region is not None else None
    province = region.province if region is not None else None
    if not _same(name, row.get("region")) or (name and province and not _same(province, row.get("province"))):
        out["region"] = name
        out["province"] = province
        out["region_level"] = region.level if region is not None else None
        out["region_code"] = region.code if region is not None else None
    return out


def merged(existing, changes: Mapping) -> dict:
    """A new correction of a figure already corrected keeps the earlier changes it does not override
    (only the latest correction applies); one that does not mark it "not a figure" brings it back."""
    if existing is None or changes.get(NOT_FIGURE):
        return dict(changes)
    base = {k: v for k, v in existing.changes.items() if k != NOT_FIGURE}
    return {**base, **changes}
