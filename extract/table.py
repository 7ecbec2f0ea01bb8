"""The tables as pandas frames, and how they are written and read back.

Columns and dtypes come from `extract.model` (declared once). One row per
mention; offsets refer to the document text as ingested, so
``document.text[start:end] == text`` always holds.
"""
from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path
from typing import Iterable

import pandas as pd

from . import tabular
from .atomic import Committable
from .columnar import arrow_schema
from .model import DOCUMENT_SCHEMA, MENTION_SCHEMA, PROBLEM_SCHEMA, Schema, rows_of

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


# Parquet row groups of about this many rows: large enough for fast scans and
# good dictionaries, small enough that the writer's buffer stays a few tens of MB.
ROW_GROUP_ROWS = 65_536


def check_suffix(path: Path) -> str:
    """The table's format from its file name; ValueError naming the file otherwise."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"{path.name}: output must end in .csv or .parquet")
    return suffix


def payload_of(columns: dict[str, list], suffix: str, schema: Schema = MENTION_SCHEMA):
    """What a worker hands the writer for a chunk of rows: CSV bytes (no header) or an Arrow batch."""
    from .columnar import csv_text, record_batch

    if suffix == ".csv":
        return csv_text(columns, schema, header=False).encode("utf-8")
    return record_batch(columns, schema)


class TableWriter(Committable):
    """Write a table in chunks: CSV (formula-safe, see `extract.tabular`) or
    parquet, by suffix.

    Rows go to a temporary file beside the target (`extract.atomic`),
    renamed over it only by `commit`, so an interrupted run never leaves a
    half-written table over a good one. Chunks come as frames (`write`),
    column lists (`write_columns`) or what a worker prepared (`write_payload`);
    parquet rows are gathered into row groups of about `ROW_GROUP_ROWS`.
    Use as a context manager: leaving it by an exception discards the
    temporary file.
    """

    def __init__(self, path: str | os.PathLike, schema: Schema = MENTION_SCHEMA,
                 row_group_rows: int = ROW_GROUP_ROWS):
        from .atomic import AtomicFile, clean_stale

        self.path = Path(path)
        self.schema = schema
        self.suffix = check_suffix(self.path)
        self.row_group_rows = row_group_rows
        self.path.parent.mkdir(parents=True, exist_ok=True)
        clean_stale(self.path.parent)           # what killed runs left here
        self._out = AtomicFile(self.path)
        self._parquet = None
        self._pending: list = []                # Arrow batches not yet in a row group
        self._pending_rows = 0
        self.rows = 0
        if self.suffix == ".csv":
            self._out.file.write(tabular_header(schema))

    def write(self, frame: pd.DataFrame) -> None:
        """Append rows (a frame with the declared columns)."""
        frame = conform(frame, self.schema)
        if self.suffix == ".csv":
            text = io.StringIO()
            tabular.write_csv(frame, text, header=False)
            self.write_payload(text.getvalue().encode("utf-8"), len(frame))
        else:
            import pyarrow as pa

            table = pa.Table.from_pandas(frame, schema=arrow_schema(self.schema), preserve_index=False)
            for batch in table.to_batches():
                self.write_payload(batch, batch.num_rows)

    def write_columns(self, columns: dict[str, list]) -> None:
        """Append rows given as column lists (`extract.columnar.Columns.data`)."""
        n = len(next(iter(columns.values()), []))
        self.write_payload(payload_of(columns, self.suffix, self.schema), n)

    def write_payload(self, payload, rows: int) -> None:
        """Append what `payload_of` made for this table's format."""
        if self.suffix == ".csv":
            self._out.file.write(payload)
        else:
            self._open_parquet()
            if payload is not None and rows:
                self._pending.append(payload)
                self._pending_rows += rows
                if self._pending_rows >= self.row_group_rows:
                    self._flush_row_group()
        self.rows += rows

    def _open_parquet(self) -> None:
        if self._parquet is None:
            import pyarrow.parquet as pq

            self._parquet = pq.ParquetWriter(str(self._out.path), arrow_schema(self.schema))

    def _flush_row_group(self) -> None:
        import pyarrow as pa

        if self._pending:
            table = pa.Table.from_batches(self._pending)
            self._parquet.write_table(table, row_group_size=max(1, table.num_rows))
        self._pending, self._pending_rows = [], 0

    def commit(self) -> None:
        """Finish the file and put it in place (durably)."""
        if self.suffix == ".parquet":
            self._open_parquet()                # an empty table still has its schema
            self._flush_row_group()
            self._parquet.close()
        self._out.commit()

    def abort(self) -> None:
        """Drop what was written; the target is left as it was."""
        if self._parquet is not None:
            with contextlib.suppress(Exception):
                self._parquet.close()
        self._out.abort()


def tabular_header(schema: Schema = MENTION_SCHEMA) -> bytes:
    """The first bytes of a CSV table: byte-order mark and header row."""
    from .columnar import csv_text

    return csv_text({n: [] for n in schema.names}, schema).encode(tabular.CSV_ENCODING)


def write_table(frame: pd.DataFrame, path: str | os.PathLike, schema: Schema = MENTION_SCHEMA) -> None:
    """Write a whole table at once (see `TableWriter`)."""
    with TableWriter(path, schema) as writer:
        writer.write(frame)


__all__ = ["COLUMNS", "COLUMN_NAMES", "DTYPES", "DOCUMENT_SCHEMA", "PROBLEM_SCHEMA", "frame_of", "to_frame",
           "conform", "empty", "read_table", "write_table", "TableWriter", "arrow_schema"]
