"""What a user picked in a chart or table (Streamlit's selection event), as the (doc, start) of a mention.

>>> chart_key({"selection": {"points": [{"customdata": ["甲县_2021.txt", 10, "actual"]}]}})
('甲县_2021.txt', 10)
>>> chart_key({"selection": {"points": []}}) is None
True
"""
from __future__ import annotations

from typing import Mapping

import pandas as pd

from dashboard.evidence import keys_from_points
from dashboard.tables import KEY_COLUMNS

Key = tuple[str, int]


def _picked(event, part: str) -> list:
    """The event's selected points, rows or cells; [] for no event or another shape."""
    try:
        return list(event["selection"][part])
    except (KeyError, TypeError):
        try:
            return list(getattr(event.selection, part))
        except AttributeError:
            return []


def chart_key(event) -> Key | None:
    """The first selected point's mention; None when nothing (or a point without a source) is selected."""
    keys = keys_from_points(_picked(event, "points"))
    if not keys or keys[0][1] < 0:
        return None
    return keys[0]


def table_key(event, table: pd.DataFrame) -> Key | None:
    """The selected row's mention, from the hidden ``KEY_COLUMNS`` of the table shown."""
    rows = _picked(event, "rows")
    if not rows or not 0 <= rows[0] < len(table):
        return None
    doc_column, start_column = KEY_COLUMNS
    doc, start = table[doc_column].iloc[rows[0]], table[start_column].iloc[rows[0]]
    if not isinstance(doc, str) or not doc or start is None or pd.isna(start) or int(start) < 0:
        return None
    return doc, int(start)


def cell_key(event, keys: Mapping[tuple[int, str], Key]) -> Key | None:
    """The selected cell's mention, from ``{(row, column): (doc, start)}`` built with the table."""
    cells = _picked(event, "cells")
    if not cells:
        return None
    row, column = cells[0][0], cells[0][1]
    return keys.get((int(row), column))
