"""The tables as pandas frames, and how they are written and read back.

Columns and dtypes come from `extract.model` (declared once). One row per
mention; offsets refer to the document text as ingested, so
``document.text[start:end] == text`` always holds.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable

import pandas as pd

from . import tabular
from .model import ARROW_TYPES, DOCUMENT_SCHEMA, MENTION_SCHEMA, PROBLEM_SCHEMA, Schema, rows_of

COLUMNS = MENTION_SCHEMA
COLUMN_NAMES: tuple[str, ...] = MENTION_SCHEMA.names
DTYPES: dict[str, str] = MENTION_SCHEMA.dtypes
SUFFIXES = (".csv", ".parquet")


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


def arrow_schema(schema: Schema = MENTION_SCHEMA):
    import pyarrow as pa

    return pa.schema([(c.name, ARROW_TYPES[c.dtype]) for c in schema])


class TableWriter:
    """Write a table in chunks: CSV (formula-safe, see `extract.tabular`) or
    parquet, by suffix.

    Rows go to a temporary file beside the target, renamed over it only by
    `commit`, so an interrupted run never leaves a half-written table over a
    good one. Use as a context manager: leaving it by an exception discards
    the temporary file.
    """

    def __init__(self, path: str | os.PathLike, schema: Schema = MENTION_SCHEMA):
        self.path = Path(path)
        self.schema = schema
        self.suffix = self.path.suffix.lower()
        if self.suffix not in SUFFIXES:
            raise ValueError(f"{self.path.name}: output must end in .csv or .parquet")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".part", dir=self.path.parent)
        os.close(fd)
        self._file = None
        self._parquet = None
        self.rows = 0

    def write(self, frame: pd.DataFrame) -> None:
        """Append rows (a frame with the declared columns)."""
        frame = conform(frame, self.schema)
        if self.suffix == ".csv":
            first = self._file is None
            if first:
                self._file = open(self._tmp, "w", encoding=tabular.CSV_ENCODING, newline="")
            tabular.write_csv(frame, self._file, header=first)
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            schema = arrow_schema(self.schema)
            if self._parquet is None:
                self._parquet = pq.ParquetWriter(self._tmp, schema)
            self._parquet.write_table(pa.Table.from_pandas(frame, schema=schema, preserve_index=False))
        self.rows += len(frame)

    def commit(self) -> None:
        """Finish the file and put it in place."""
        if self._file is None and self._parquet is None:
            self.write(empty(self.schema))        # an empty table still has its header
        if self._file is not None:
            self._file.close()
        if self._parquet is not None:
            self._parquet.close()
        os.replace(self._tmp, self.path)

    def abort(self) -> None:
        """Drop what was written; the target is left as it was."""
        for handle in (self._file, self._parquet):
            if handle is not None:
                handle.close()
        if os.path.exists(self._tmp):
            os.unlink(self._tmp)

    def __enter__(self) -> "TableWriter":
        return self

    def __exit__(self, kind, value, tb) -> None:
        if kind is None:
            self.commit()
        else:
            self.abort()


def write_table(frame: pd.DataFrame, path: str | os.PathLike, schema: Schema = MENTION_SCHEMA) -> None:
    """Write a whole table at once (see `TableWriter`)."""
    with TableWriter(path, schema) as writer:
        writer.write(frame)


__all__ = ["COLUMNS", "COLUMN_NAMES", "DTYPES", "DOCUMENT_SCHEMA", "PROBLEM_SCHEMA", "frame_of", "to_frame",
           "conform", "empty", "read_table", "write_table", "TableWriter", "arrow_schema"]
