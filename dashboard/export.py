"""Downloads: the safe CSV and Excel writers of `extract.tabular`, and file
names that say what a download holds."""
from __future__ import annotations

import re

from extract.tabular import EXCEL_MAX_ROWS, neutralise, safe_frame, to_csv_bytes, to_excel_bytes  # noqa: F401

_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


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
