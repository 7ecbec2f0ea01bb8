"""The one formula-safe writer of spreadsheets: CSV and Excel, for the command
line and the app alike.

Following OWASP's CSV-injection guidance, a text cell that begins with ``=``,
``+``, ``-``, ``@``, a tab, a carriage return or a line feed is prefixed with
``'`` so a spreadsheet shows it instead of running it; a cell that already
begins with ``'`` gets one more, so `restore` can undo exactly what
`neutralise` did. Numbers stay numbers: a value of -1.5 is no formula. CSV is
UTF-8 with a byte-order mark (Excel then shows Chinese) and CRLF line ends, so
any cell holding a CR or LF is quoted and a reader never starts a row inside it.

>>> neutralise('=HYPERLINK("http://x","y")')
'\\'=HYPERLINK("http://x","y")'
>>> neutralise("丹东市"), restore(neutralise("-1+2")), restore(neutralise("'a"))
('丹东市', '-1+2', "'a")
"""
from __future__ import annotations

import io
import re
from typing import IO, Sequence

import numpy as np
import pandas as pd

FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r", "\n")
_ESCAPED_STARTS = FORMULA_STARTS + ("'",)
CSV_ENCODING = "utf-8-sig"
CSV_LINE_END = "\r\n"
EXCEL_MAX_ROWS = 1_048_576 - 1  # one row for the header
EXCEL_MAX_CELL = 32_767
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise(value):
    """The cell as a spreadsheet should hold it; non-strings unchanged."""
    if isinstance(value, str) and value.startswith(_ESCAPED_STARTS):
        return "'" + value
    return value


def restore(value):
    """The cell as it was before `neutralise`; non-strings unchanged."""
    if isinstance(value, str) and value.startswith("'") and value[1:2] and value[1] in _ESCAPED_STARTS:
        return value[1:]
    return value


def _is_text(series: pd.Series) -> bool:
    return (isinstance(series.dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(series.dtype)
            or series.dtype == object)


def _map_text(series: pd.Series, starts: tuple[str, ...], fn) -> pd.Series:
    """Apply `fn` to the text cells beginning with one of `starts`, touching no other cell."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        cats = series.cat.categories
        if not pd.api.types.is_string_dtype(cats.dtype) and cats.dtype != object:
            return series
        risky = cats.astype(str).str.startswith(starts)
        if not risky.any():
            return series
        renamed = [fn(c) if r else c for c, r in zip(cats, risky)]
        if len(set(renamed)) < len(renamed):        # two categories became one: merge them
            return series.astype(object).map(lambda v: fn(v) if isinstance(v, str) else v).astype("category")
        return series.cat.rename_categories(renamed)
    if not _is_text(series):
        return series
    as_text = series.astype("string") if series.dtype == object else series
    risky = as_text.str.startswith(starts).to_numpy(dtype=bool, na_value=False)
    if not risky.any():
        return series
    out = series.astype(object).copy()
    out[risky] = [fn(v) for v in out[risky]]
    return out if series.dtype == object else out.astype(series.dtype)


def safe_frame(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The columns (all by default) with every text cell neutralised."""
    columns = list(frame.columns) if columns is None else [c for c in columns if c in frame.columns]
    return pd.DataFrame({c: _map_text(frame[c], _ESCAPED_STARTS, neutralise) for c in columns},
                        index=frame.index)


def restored_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame read back from our CSV with every neutralised cell as it was."""
    return pd.DataFrame({c: _map_text(frame[c], ("'",), restore) for c in frame.columns}, index=frame.index)


def write_csv(frame: pd.DataFrame, handle: IO[str], header: bool = True) -> None:
    """Append rows to an open text file (opened with ``newline=""``), cells made safe."""
    safe_frame(frame).to_csv(handle, index=False, header=header, lineterminator=CSV_LINE_END)


def to_csv_bytes(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> bytes:
    """The rows as CSV bytes, UTF-8 with BOM, cells made safe."""
    buffer = io.StringIO()
    write_csv(frame if columns is None else frame[[c for c in columns if c in frame.columns]], buffer)
    return buffer.getvalue().encode(CSV_ENCODING)


def excel_cell(value):
    """One value as openpyxl should write it: numbers as numbers, text made safe and cut to Excel's limit."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (float, np.floating)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, str):
        # openpyxl would write a string starting with = as a formula
        return neutralise(_ILLEGAL_XML.sub("", value)[:EXCEL_MAX_CELL - 1])
    return value


def write_sheet(workbook, frame: pd.DataFrame, title: str, header: Sequence[str] | None = None) -> None:
    """One sheet of a write-only openpyxl workbook: a header row, then the frame's rows (Excel's limit)."""
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([excel_cell(h) for h in (header if header is not None else frame.columns)])
    part = frame.iloc[:EXCEL_MAX_ROWS]
    arrays = [part[c].astype(object).to_numpy() for c in part.columns]
    for row in zip(*arrays):
        sheet.append([excel_cell(v) for v in row])


def to_excel_bytes(frame: pd.DataFrame, columns: Sequence[str] | None = None, sheet: str = "mentions") -> bytes:
    """The rows as an .xlsx workbook (the first ``EXCEL_MAX_ROWS``), cells made safe."""
    from openpyxl import Workbook

    if columns is not None:
        frame = frame[[c for c in columns if c in frame.columns]]
    workbook = Workbook(write_only=True)
    write_sheet(workbook, frame, sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
