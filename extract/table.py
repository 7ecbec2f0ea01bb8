"""The indicator table: its columns, declared once, and how it is written.

One row per mention. Offsets refer to the document text as ingested, so
``document.text[start:end] == text`` always holds.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pandas as pd


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str
    doc: str
    example: str


COLUMNS: tuple[Column, ...] = (
    Column("doc", "string", "the document's file name", "丹东市_2021_政府工作报告.txt"),
    Column("region", "string", "the place the document (or its section) speaks for, official name", "丹东市"),
    Column("province", "string", "the province of that place, when known", "辽宁省"),
    Column("region_level", "string", "province, city, district or county; empty when unknown", "city"),
    Column("doc_year", "Int64", "the document's own year (title, front matter, first lines, file name)", "2021"),
    Column("year", "Int64", "the year the figure refers to; empty when the text does not say", "2020"),
    Column("kind", "string", "actual (a result or estimate) or target (planned, required)", "actual"),
    Column("indicator", "string", "canonical indicator id from the catalog; empty when none fits", "gdp_growth"),
    Column("label", "string", "the words that say what is counted", "地区生产总值"),
    Column("value", "Float64", "the number in plain units (万/亿 folded in); empty for a placeholder", "6.5"),
    Column("high", "Float64", "the high end of a range; empty otherwise", ""),
    Column("unit", "string", "the measure word, magnitude removed", "%"),
    Column("qualifier", "string", "exact, over, about, under or range", "exact"),
    Column("placeholder", "boolean", "true when the number was anonymised (×个, X名) and has no value", "False"),
    Column("text", "string", "the mention exactly as in the document", "6.5%"),
    Column("sentence", "string", "the sentence the mention stands in", "地区生产总值增长6.5%。"),
    Column("start", "Int64", "offset of the mention's first character in the document text", "1532"),
    Column("end", "Int64", "offset just past the mention's last character", "1536"),
)

COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
DTYPES: dict[str, str] = {c.name: c.dtype for c in COLUMNS}


def to_frame(rows: Iterable[dict]) -> pd.DataFrame:
    """Build the table from row dicts, with every declared column and dtype."""
    frame = pd.DataFrame.from_records(list(rows), columns=list(COLUMN_NAMES))
    return conform(frame)


def conform(frame: pd.DataFrame) -> pd.DataFrame:
    """Give a frame (e.g. one read back from CSV) the declared columns and dtypes.

    Raises ValueError naming a missing column.
    """
    missing = [n for n in COLUMN_NAMES if n not in frame.columns]
    if missing:
        raise ValueError(f"table lacks column(s): {', '.join(missing)}")
    out = frame[list(COLUMN_NAMES)].copy()
    for name, dtype in DTYPES.items():
        if dtype == "boolean" and not pd.api.types.is_bool_dtype(out[name]):
            # CSV gives text: "True"/"False" (pandas) or "1"/"0"
            out[name] = out[name].astype(object).map(_to_bool)
        out[name] = out[name].astype(dtype)
    return out


def _to_bool(x):
    if x is None or x is pd.NA:
        return None
    if isinstance(x, str):
        return {"true": True, "false": False, "1": True, "0": False, "": None}.get(x.strip().lower())
    return x


def read_table(path: str | os.PathLike) -> pd.DataFrame:
    """Read a table written by `write_table` (CSV or parquet, by suffix)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        frame = pd.read_parquet(path)
    elif suffix == ".csv":
        frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        frame = frame.replace({"": None})
    else:
        raise ValueError(f"{path.name}: table must be .csv or .parquet, not {suffix or 'no suffix'}")
    return conform(frame)


_ARROW_TYPES = {"string": "string", "Int64": "int64", "Float64": "float64", "boolean": "bool"}


class TableWriter:
    """Write the table in chunks: CSV (UTF-8 with BOM, so Excel shows Chinese)
    or parquet, by suffix.

    Rows go to a temporary file beside the target, renamed over it only by
    `commit`, so an interrupted run never leaves a half-written table over a
    good one. Use as a context manager: leaving it by an exception discards
    the temporary file.
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.suffix = self.path.suffix.lower()
        if self.suffix not in (".csv", ".parquet"):
            raise ValueError(f"{self.path.name}: output must end in .csv or .parquet")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".part", dir=self.path.parent)
        os.close(fd)
        self._file = None
        self._parquet = None
        self.rows = 0

    def write(self, frame: pd.DataFrame) -> None:
        """Append rows (a frame with the declared columns)."""
        frame = conform(frame)
        if self.suffix == ".csv":
            if self._file is None:
                self._file = open(self._tmp, "w", encoding="utf-8-sig", newline="")
                frame.to_csv(self._file, index=False)
            else:
                frame.to_csv(self._file, index=False, header=False)
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            schema = pa.schema([(c.name, _ARROW_TYPES[c.dtype]) for c in COLUMNS])
            if self._parquet is None:
                self._parquet = pq.ParquetWriter(self._tmp, schema)
            self._parquet.write_table(pa.Table.from_pandas(frame, schema=schema, preserve_index=False))
        self.rows += len(frame)

    def commit(self) -> None:
        """Finish the file and put it in place."""
        if self._file is None and self._parquet is None:
            self.write(to_frame([]))        # an empty table still has its header
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


def write_table(frame: pd.DataFrame, path: str | os.PathLike) -> None:
    """Write a whole table at once (see `TableWriter`)."""
    with TableWriter(path) as writer:
        writer.write(frame)
