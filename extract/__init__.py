"""Indicators from Chinese local-government reports: every number with its
unit, what it counts, region, year, result or target, and where it stands.

>>> from extract import extract_text
>>> extract_text("2019年，全县累计培训干部1.6万余人次。", doc="a.txt")[["value", "unit", "qualifier"]].values.tolist()
[[16000.0, '人次', 'over']]
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING, Iterable

from .numerals import parse_number

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["parse_number", "extract_text", "extract_paths", "COLUMNS", "COLUMN_NAMES",
           "read_table", "write_table"]


def __getattr__(name: str):
    # the table's names load pandas; `python -m extract` must be able to start without it
    if name in ("COLUMNS", "COLUMN_NAMES", "read_table", "write_table"):
        from . import table
        return getattr(table, name)
    raise AttributeError(f"module 'extract' has no attribute {name!r}")


def extract_text(text: str, doc: str = "text.txt", region: str | None = None,
                 year: int | None = None) -> "pd.DataFrame":
    """The indicator table of one text; `doc` may be a `<region>_<year>_<type>` name."""
    from .manifest import hint_from_file_name
    from .model import Document, Hint
    from .pipeline import extract_document
    from .table import frame_of

    if not isinstance(text, str):
        raise ValueError(f"text must be a str, not {type(text).__name__}")
    named = hint_from_file_name(doc)
    hint = Hint(region=region or named.region, year=year or named.year, doctype=named.doctype)
    _, mentions = extract_document(Document(doc=doc, text=text), hint)
    return frame_of(mentions)


def extract_paths(paths: Iterable[str | os.PathLike] | str | os.PathLike,
                  manifest: str | os.PathLike | None = None, workers: int = 1) -> "pd.DataFrame":
    """The indicator table of files and folders (unreadable files are skipped)."""
    from .pipeline import run
    from .table import frame_of

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return frame_of(run(paths, manifest=manifest, workers=workers).mentions)
