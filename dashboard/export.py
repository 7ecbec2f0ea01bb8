"""Downloads: CSV (UTF-8 with BOM, so Excel shows Chinese) and Excel, safe to open.

A text cell beginning with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return) is prefixed with ``'`` so a spreadsheet shows it instead of running it
as a formula. Numbers stay numbers: a value of -1.5 is not a formula.

>>> neutralise("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> neutralise("丹东市")
'丹东市'
"""
from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd

from dashboard.frame import MENTION_COLUMNS

FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
EXCEL_MAX_ROWS = 1_048_576 - 1  # one row for the header
EXCEL_MAX_CELL = 32_767
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def neutralise(value):
    """The cell as a spreadsheet should show it; non-strings unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _is_text(series: pd.Series) -> bool:
    return (
        isinstance(series.dtype, pd.CategoricalDtype)
        or pd.api.types.is_string_dtype(series.dtype)
        or series.dtype == object
    )


def safe_frame(frame: pd.DataFrame, columns=MENTION_COLUMNS) -> pd.DataFrame:
    """The export columns with every text cell neutralised (categoricals: per category)."""
    columns = [c for c in columns if c in frame.columns]
    out = {}
    for col in columns:
        s = frame[col]
        if isinstance(s.dtype, pd.CategoricalDtype):
            cats = s.cat.categories.astype(str)
            risky = cats.str.startswith(FORMULA_STARTS)
            if risky.any():
                s = s.cat.rename_categories([neutralise(c) if r else c for c, r in zip(cats, risky)])
        elif isinstance(s.dtype, pd.StringDtype):  # vectorised: only risky cells are rewritten
            risky = s.str.startswith(FORMULA_STARTS).to_numpy(dtype=bool, na_value=False)
            if risky.any():
                s = s.astype(object)
                s[risky] = ["'" + v for v in s[risky]]
        elif _is_text(s):
            s = s.map(neutralise, na_action="ignore")
        out[col] = s
    return pd.DataFrame(out, index=frame.index)


def to_csv_bytes(frame: pd.DataFrame, columns=MENTION_COLUMNS) -> bytes:
    """The rows as CSV bytes, UTF-8 with BOM, formulas neutralised."""
    buffer = io.StringIO()
    safe_frame(frame, columns).to_csv(buffer, index=False)
    return buffer.getvalue().encode("utf-8-sig")


def _excel_cell(value):
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, str):
        value = _ILLEGAL_XML.sub("", value)[:EXCEL_MAX_CELL]
        return neutralise(value)  # openpyxl writes a string starting with = as a formula
    return value


def to_excel_bytes(frame: pd.DataFrame, columns=MENTION_COLUMNS, sheet: str = "mentions") -> bytes:
    """The rows as an .xlsx workbook (first ``EXCEL_MAX_ROWS`` rows), formulas neutralised."""
    from openpyxl import Workbook

    columns = [c for c in columns if c in frame.columns]
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=sheet[:31])
    worksheet.append(columns)
    part = frame[columns].iloc[:EXCEL_MAX_ROWS]
    arrays = [part[c].astype(object).to_numpy() for c in columns]
    for row in zip(*arrays):
        worksheet.append([_excel_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def file_name(prefix: str, parts, ext: str, max_length: int = 120) -> str:
    """A file name that says what is in the file: ``指标表_gdp_丹东市_2020-2024.csv``.

    Characters a file system rejects are replaced, empty parts dropped.
    """
    pieces = [prefix] + [str(p) for p in parts if p not in (None, "")]
    stem = "_".join(_UNSAFE_NAME.sub("-", p).strip(" .") for p in pieces)
    stem = re.sub(r"\s+", " ", stem).strip() or "table"
    return f"{stem[:max_length]}.{ext.lstrip('.')}"


def list_part(values, more_word: str, limit: int = 3) -> str:
    """A few names for a file name: ``甲县+乙县+丙县+2``."""
    values = [str(v) for v in values]
    if len(values) <= limit:
        return "+".join(values)
    return "+".join(values[:limit]) + f"+{len(values) - limit}{more_word}"
