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
        if dtype == "boolean" and out[name].dtype == object:
            out[name] = out[name].map(_to_bool)
        out[name] = out[name].astype(dtype)
    return out


def _to_bool(x):
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


def write_table(frame: pd.DataFrame, path: str | os.PathLike) -> None:
    """Write CSV (UTF-8 with BOM, so Excel shows Chinese) or parquet, by suffix.

    Written to a temporary file in the same folder and renamed over the target,
    so an interrupted run never leaves a half-written table over a good one.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise ValueError(f"{path.name}: output must end in .csv or .parquet")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    try:
        if suffix == ".csv":
            frame.to_csv(tmp, index=False, encoding="utf-8-sig")
        else:
            frame.to_parquet(tmp, index=False)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
