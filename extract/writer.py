"""One table file written in chunks, CSV or parquet, by the one writer of a run.

Workers hand it what `payload_of` made of their column batches (CSV bytes or
an Arrow batch); frames (`TableWriter.write`) are for callers that hold one.
pandas is imported only for frames: a worker process starts without it.
"""
from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

from .atomic import Committable
from .cells import CSV_ENCODING
from .columnar import arrow_schema, csv_text, record_batch
from .model import MENTION_SCHEMA, Schema

SUFFIXES = (".csv", ".parquet")

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
    if suffix == ".csv":
        return csv_text(columns, schema, header=False).encode("utf-8")
    return record_batch(columns, schema)


class TableWriter(Committable):
    """Write a table in chunks: CSV (formula-safe, see `extract.cells`) or
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

    def write(self, frame) -> None:
        """Append rows (a frame with the declared columns)."""
        from . import tabular
        from .table import conform

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
    return csv_text({n: [] for n in schema.names}, schema).encode(CSV_ENCODING)
