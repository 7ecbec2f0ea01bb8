"""The mentions table in the app's fast form, and the documents behind it.

``prepare_mentions`` turns the declared table (``extract.table``) into
categorical columns for the repeating strings (a million rows filter in
milliseconds and take a fraction of the memory), Arrow-backed strings for
the mention and its sentence (nearly all distinct: a categorical would only
cost time), plain float values and integer offsets. The result
is treated as frozen: views filter it with boolean masks and never write to it.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

from extract.model import DOCUMENT_SCHEMA, MENTION_SCHEMA, PROBLEM_SCHEMA

MENTION_COLUMNS: tuple[str, ...] = MENTION_SCHEMA.names
DOCUMENT_COLUMNS: tuple[str, ...] = DOCUMENT_SCHEMA.names
PROBLEM_COLUMNS: tuple[str, ...] = PROBLEM_SCHEMA.names
# Repeating strings: stored once per distinct value.
CATEGORICAL: tuple[str, ...] = tuple(c.name for c in MENTION_SCHEMA if c.repeats)
# Nearly unique strings: kept as Arrow-backed strings (pandas' "str"), missing as NaN.
STRINGS: tuple[str, ...] = tuple(c.name for c in MENTION_SCHEMA if c.dtype == "string" and not c.repeats)
STRING_DTYPE = pd.StringDtype("pyarrow", na_value=np.nan)
FLOATS: tuple[str, ...] = tuple(c.name for c in MENTION_SCHEMA if c.dtype == "Float64")
# Whole numbers that may be missing (years) stay nullable; offsets are always there.
YEARS: tuple[str, ...] = tuple(c.name for c in MENTION_SCHEMA if c.dtype == "Int64" and c.nullable)
OFFSETS: tuple[str, ...] = tuple(c.name for c in MENTION_SCHEMA if c.dtype == "Int64" and not c.nullable)
FLAGS: tuple[str, ...] = tuple(c.name for c in MENTION_SCHEMA if c.dtype == "boolean")
# Added by dashboard.corrections: whether a user corrected the figure, and what it was.
CORRECTION_COLUMNS: tuple[str, ...] = ("corrected", "original_value", "original")


def _category(series: pd.Series) -> pd.Series:
    """A categorical column where an empty string means missing."""
    cat = series.astype("category")
    if "" in cat.cat.categories:
        cat = cat.cat.remove_categories([""])
    return cat


def _string(series: pd.Series) -> pd.Series:
    """An Arrow-backed string column where an empty string means missing, in one chunk.

    A column read from parquet comes in chunks, and taking a few rows of a
    chunked array costs as much as copying it (60 ms for the sentences of a
    million rows, on every page that shows a cell); one chunk takes them at once.
    """
    s = series if series.dtype == STRING_DTYPE else series.astype(STRING_DTYPE)
    empty = (s == "").to_numpy(dtype=bool, na_value=False)
    if empty.any():
        s = s.mask(empty)
    chunks = getattr(s.array, "_pa_array", None)
    if chunks is not None and getattr(chunks, "num_chunks", 1) > 1:
        s = pd.Series(pd.array(chunks.combine_chunks(), dtype=STRING_DTYPE), index=s.index, name=s.name)
    return s


def prepare_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    """The declared table → the app's frame (categoricals, strings, float64 values, int64 offsets).

    Columns already in the app's form (e.g. categoricals read straight from
    parquet dictionaries by ``extract.store.load_table``) are kept as they are.
    """
    missing = [c for c in MENTION_COLUMNS if c not in mentions.columns]
    if missing:
        raise ValueError(f"mentions lack column(s): {', '.join(missing)}")
    out = {}
    for col in MENTION_COLUMNS:
        s = mentions[col]
        if col in CATEGORICAL:
            out[col] = _category(s)
        elif col in STRINGS:
            out[col] = _string(s)
        elif col in FLOATS:
            out[col] = pd.Series(pd.to_numeric(s, errors="coerce").to_numpy(dtype="float64", na_value=np.nan), index=s.index)
        elif col in YEARS:
            out[col] = pd.to_numeric(s, errors="coerce").astype("Int64")
        elif col in OFFSETS:
            out[col] = pd.to_numeric(s, errors="coerce").fillna(-1).astype("int64")
        elif col in FLAGS:
            out[col] = s.astype("boolean").fillna(False).astype(bool)
        else:
            raise ValueError(f"column {col}: no app form for its type {MENTION_SCHEMA[col].dtype}")
    frame = pd.DataFrame(out)
    frame.index = pd.RangeIndex(len(frame))
    return frame


def prepare_problems(problems) -> pd.DataFrame:
    """Problems (a frame, or objects with doc/path/reason) as a frame."""
    if isinstance(problems, pd.DataFrame):
        frame = problems.copy()
    else:
        frame = pd.DataFrame(
            [{c: getattr(p, c, None) for c in PROBLEM_COLUMNS} for p in problems or ()],
            columns=list(PROBLEM_COLUMNS),
        )
    for col in PROBLEM_COLUMNS:
        if col not in frame.columns:
            frame[col] = pd.NA
        frame[col] = frame[col].astype("string")
    return frame[list(PROBLEM_COLUMNS)].reset_index(drop=True)


def concat_mentions(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Prepared frames joined, categoricals merged (pd.concat would fall back to object), strings kept Arrow-backed.

    The correction columns are kept when the first frame has them (filled as "not corrected" for the others).
    """
    frames = [f for f in frames if f is not None]
    if not frames:
        return prepare_mentions(pd.DataFrame({c: [] for c in MENTION_COLUMNS}))
    if len(frames) == 1:
        return frames[0]
    columns = MENTION_COLUMNS
    if all(c in frames[0].columns for c in CORRECTION_COLUMNS):
        columns = MENTION_COLUMNS + CORRECTION_COLUMNS
        frames = [f if all(c in f.columns for c in CORRECTION_COLUMNS) else uncorrected(f) for f in frames]
    out = {}
    for col in columns:
        if col in CATEGORICAL or col == "original":
            out[col] = pd.Series(union_categoricals(_same_kind([f[col] for f in frames]), ignore_order=True))
        elif col in STRINGS:
            out[col] = pd.concat([f[col] for f in frames], ignore_index=True).astype(STRING_DTYPE)
        else:
            out[col] = pd.concat([f[col] for f in frames], ignore_index=True)
    return pd.DataFrame(out)


def _same_kind(columns: list[pd.Series]) -> list[pd.Series]:
    """Categoricals whose categories union_categoricals can join: one category dtype for all
    (a parquet dictionary gives Arrow strings, a frame built here plain objects)."""
    kinds = {str(c.cat.categories.dtype) for c in columns}
    if len(kinds) <= 1:
        return columns
    return [c.cat.set_categories(c.cat.categories.astype(object)) if str(c.cat.categories.dtype) != "object" else c
            for c in columns]


def uncorrected(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with empty correction columns (no figure corrected); cheap for a million rows."""
    n = len(frame)
    return frame.assign(
        corrected=np.zeros(n, dtype=bool),
        original_value=np.full(n, np.nan),
        original=pd.Categorical.from_codes(np.full(n, -1, dtype=np.int8), categories=pd.Index([], dtype=object)),
    )
