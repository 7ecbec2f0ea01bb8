"""What a selection event picked, as the (doc, start) of a mention; any other shape picks nothing."""
from types import SimpleNamespace

import pandas as pd
import pytest

from dashboard import selection

TABLE = pd.DataFrame({"地区": ["甲县", "乙县", "丙市"], "_doc": ["甲县_2021.txt", "", None], "_start": [10, 5, 7]})
KEYS = {(0, "甲县"): ("甲县_2021.txt", 10)}

CHART_EVENTS = [
    ({"selection": {"points": [{"customdata": ["a.txt", 3, "actual"]}, {"customdata": ["b.txt", 4]}]}}, ("a.txt", 3)),
    (SimpleNamespace(selection=SimpleNamespace(points=[{"customdata": ["a.txt", "3"]}])), ("a.txt", 3)),
    # nothing picked
    ({"selection": {"points": [{"customdata": ["", -1, "actual"]}]}}, None),  # an empty heatmap cell
    ({"selection": {"points": [{"customdata": ["a.txt", -1]}]}}, None),  # a missing result
    ({"selection": {"points": []}}, None),
    ({}, None),
    (None, None),
    ("not an event", None),
]


@pytest.mark.parametrize("event, expected", CHART_EVENTS)
def test_chart_key(event, expected):
    assert selection.chart_key(event) == expected


TABLE_EVENTS = [
    ({"selection": {"rows": [0]}}, ("甲县_2021.txt", 10)),
    (SimpleNamespace(selection=SimpleNamespace(rows=[0])), ("甲县_2021.txt", 10)),
    # nothing picked
    ({"selection": {"rows": [1]}}, None),  # no document
    ({"selection": {"rows": [2]}}, None),
    ({"selection": {"rows": [3]}}, None),  # past the end
    ({"selection": {"rows": []}}, None),
    (None, None),
]


@pytest.mark.parametrize("event, expected", TABLE_EVENTS)
def test_table_key(event, expected):
    assert selection.table_key(event, TABLE) == expected


CELL_EVENTS = [
    ({"selection": {"cells": [[0, "甲县"]]}}, ("甲县_2021.txt", 10)),
    ({"selection": {"cells": [(0, "乙县")]}}, None),  # a cell without a figure
    ({"selection": {"cells": []}}, None),
    ({"selection": {}}, None),
    (None, None),
]


@pytest.mark.parametrize("event, expected", CELL_EVENTS)
def test_cell_key(event, expected):
    assert selection.cell_key(event, KEYS) == expected
