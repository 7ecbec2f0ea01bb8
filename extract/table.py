"""The tables as pandas frames, and how they are written and read back.

Columns and dtypes come from `extract.model` (declared once). One row per
mention; offsets refer to the document text as ingested, so
``document.text[start:end] == text`` always holds.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

import pandas as pd

from . import tabular
from .columnar import arrow_schema
from .model import DOCUMENT_SCHEMA, MENTION_SCHEMA, PROBLEM_SCHEMA, Schema, rows_of
from .writer import ROW_GROUP_ROWS, SUFFIXES, TableWriter, check_suffix, payload_of, tabular_header  # noqa: F401

COLUMNS = MENTION_SCHEMA
COLUMN_NAMES: tuple[str, ...] = MENTION_SCHEMA.names
DTYPES: dict[str, str] = MENTION_SCHEMA.dtypes


def frame_of(records: Iterable, schema: Schema = MENTION_SCHEMA) -> pd.DataFrame:
    """Records (model dataclasses) as a frame with the schema's columns and dtypes."""
    frame = pd.DataFrame.from_records(rows_of(records, schema), columns=list(schema.names))
    return conform(frame, schema)


def to_frame(rows: Iterable, schema: Schema = MENTION_SCHEMA) -> pd.DataFrame:
    """Build a table from records or row dicts, with every declared column and dtype."""
    rows = list(rows)
    if rows and not isinstance(rows[0], dict):
        return frame_of(rows, schema)
    return conform(pd.DataFrame.from_records(rows, columns=list(schema.names)), schema)


def conform(frame: pd.DataFrame, schema: Schema = MENTION_SCHEMA) -> pd.DataFrame:
    """Give a frame (e.g. one read back from CSV) the declared columns and dtypes.

    Raises ValueError naming a missing column.
    """
    missing = [n for n in schema.names if n not in frame.columns]
    if missing:
        raise ValueError(f"table lacks column(s): {', '.join(missing)}")
    out = frame[list(schema.names)].copy()
    for name, dtype in schema.dtypes.items():
        col = out[name]
        if dtype == "boolean" and not pd.api.types.is_bool_dtype(col):
            # CSV gives text: "True"/"False" (pandas) or "1"/"0"
            col = col.astype(object).map(_to_bool)
        elif dtype in ("Int64", "Float64") and not pd.api.types.is_numeric_dtype(col):
            col = pd.to_numeric(col.astype(object), errors="coerce")
        if dtype == "Int64" and pd.api.types.is_float_dtype(col):
            col = col.round()
        out[name] = col.astype(dtype)
    return out


def _to_bool(x):
    if x is None or x is pd.NA:
        return None
    if isinstance(x, str):
        return {"true": True, "false": False, "1": True, "0": False, "": None}.get(x.strip().lower())
    if isinstance(x, float) and x != x:
        return None
    return bool(x)


def empty(schema: Schema = MENTION_SCHEMA) -> pd.DataFrame:
    return conform(pd.DataFrame(columns=list(schema.names)), schema)


def read_table(path: str | os.PathLike, schema: Schema = MENTION_SCHEMA) -> pd.DataFrame:
    """Read a table written by `write_table` (CSV or parquet, by suffix)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        frame = pd.read_parquet(path)
    elif suffix == ".csv":
        frame = pd.read_csv(path, encoding=tabular.CSV_ENCODING, dtype=str, keep_default_na=False)
        frame = tabular.restored_frame(frame.replace({"": None}))
    else:
        raise ValueError(f"{path.name}: table must be .csv or .parquet, not {suffix or 'no suffix'}")
    return conform(frame, schema)


def write_table(frame: pd.DataFrame, path: str | os.PathLike, schema: Schema = MENTION_SCHEMA) -> None:
    """Write a whole table at once (see `TableWriter`)."""
    with TableWriter(path, schema) as writer:
        writer.write(frame)


__all__ = ["COLUMNS", "COLUMN_NAMES", "DTYPES", "DOCUMENT_SCHEMA", "PROBLEM_SCHEMA", "frame_of", "to_frame",
           "conform", "empty", "read_table", "write_table", "TableWriter", "arrow_schema"]
