"""Filtering the prepared frame with masks: each filter alone, together, and on odd input."""
import numpy as np
import pandas as pd
import pytest

from dashboard import filters as fl
from dashboard.frame import concat_mentions, prepare_mentions
from bench.synthetic import row, table

ROWS = [
    row(region="甲县", province="甲省", year=2020, indicator="gdp", value=1.2e9, start=0, label="地区生产总值"),
    row(region="甲县", province="甲省", year=2021, kind="target", indicator="gdp", value=1.3e9, start=10,
        doc="甲县_2021_政府工作报告.txt"),
    row(region="乙县", province="甲省", year=2020, indicator="gdp_growth", value=6.5, unit="%", start=0,
        doc="乙县_2021_政府工作报告.txt", sentence="增长6.5%。", text="6.5%"),
    row(region="丙市", province="乙省", year=None, indicator="", value=45, unit="个", start=0,
        doc="丙市_2022_政府工作报告.txt", label="新建党群服务中心", sentence="新建党群服务中心45个。"),
    row(region="", province="", year=2019, indicator="funds", value=None, placeholder=True, start=5,
        doc="无名_2020.txt", text="××元", sentence="投入资金××元。"),
]


@pytest.fixture(scope="module")
def frame():
    return prepare_mentions(table(ROWS))


def test_prepare_makes_categoricals_and_empty_means_missing(frame):
    assert isinstance(frame["region"].dtype, pd.CategoricalDtype)
    assert isinstance(frame["sentence"].dtype, pd.StringDtype)  # nearly unique: Arrow-backed, not categorical
    assert frame["sentence"].dtype.storage == "pyarrow"
    assert frame["value"].dtype == np.float64
    assert frame["start"].dtype == np.int64
    assert frame["indicator"].isna().sum() == 1  # "" became missing
    assert frame["region"].isna().sum() == 1
    assert frame["placeholder"].dtype == bool


# (filters, expected row numbers)
FILTER_CASES = [
    ({}, [0, 1, 2, 3, 4]),
    ({"indicator": "gdp"}, [0, 1]),
    ({"indicator": "no_such_indicator"}, []),
    ({"indicators": ["gdp", "gdp_growth"]}, [0, 1, 2]),
    ({"with_indicator": True}, [0, 1, 2, 4]),
    ({"regions": ["甲县"]}, [0, 1]),
    ({"regions": ["甲县", "乙县", "没有这个县"]}, [0, 1, 2]),
    ({"provinces": ["乙省"]}, [3]),
    ({"years": (2020, 2020)}, [0, 2]),
    ({"years": (2021, None)}, [1]),
    ({"years": (None, None)}, [0, 1, 2, 3, 4]),  # an open range is no filter (rows without a year stay)
    ({"kinds": ["target"]}, [1]),
    ({"with_value": True}, [0, 1, 2, 3]),
    ({"query": "党群"}, [3]),
    ({"query": "6.5%"}, [2]),
    ({"query": "甲县 2021"}, [0, 1]),  # every word must be found (here: in the document name)
    ({"query": "甲县 6.5%"}, []),
    ({"query": "GDP"}, [0, 1, 2]),  # the indicator id is searched too, without case (gdp, gdp_growth)
    ({"query": "没有的词"}, []),
    ({"indicator": "gdp", "kinds": ["actual"], "regions": ["甲县"]}, [0]),
]


@pytest.mark.parametrize("filters, expected", FILTER_CASES)
def test_filter_mask(frame, filters, expected):
    assert np.flatnonzero(fl.filter_mask(frame, **filters)).tolist() == expected


def test_counts_and_distinct(frame):
    assert fl.counts(frame, "region").to_dict() == {"甲县": 2, "丙市": 1, "乙县": 1}
    assert fl.distinct(frame, "province") == ["乙省", "甲省"]
    assert fl.counts(frame, "region", fl.filter_mask(frame, indicator="nothing")).empty


def test_year_bounds(frame):
    assert fl.year_bounds(frame) == (2019, 2021)
    assert fl.year_bounds(frame, fl.filter_mask(frame, provinces=["乙省"])) is None


@pytest.mark.parametrize("column, descending, expected", [
    ("value", False, [2, 3, 0, 1, 4]),  # missing last
    ("value", True, [1, 0, 3, 2, 4]),  # missing last either way
    ("region", False, [3, 2, 0, 1, 4]),  # by the characters' order, missing last
    ("year", False, [4, 0, 2, 1, 3]),
    ("no_such_column", False, [0, 1, 2, 3, 4]),
])
def test_sort_rows(frame, column, descending, expected):
    assert fl.sort_rows(frame, column, descending).index.tolist() == expected


def test_sort_rows_limit(frame):
    assert fl.sort_rows(frame, "value", True, limit=2).index.tolist() == [1, 0]


def test_concat_keeps_categoricals(frame):
    other = prepare_mentions(table([row(region="新县", doc="新县_2024.txt")]))
    joined = concat_mentions([frame, other])
    assert len(joined) == len(frame) + 1
    assert isinstance(joined["region"].dtype, pd.CategoricalDtype)
    assert joined["text"].dtype == frame["text"].dtype
    assert fl.filter_mask(joined, regions=["新县"]).sum() == 1
    assert fl.filter_mask(joined, regions=["甲县"]).sum() == 2


def test_prepare_rejects_a_table_without_columns():
    with pytest.raises(ValueError, match="region"):
        prepare_mentions(pd.DataFrame({"doc": ["a"]}))


def test_empty_text_means_missing_and_search_finds_sentences():
    prepared = prepare_mentions(table([row(text="", sentence="地区生产总值增长6.5%。"), row()]))
    assert prepared["text"].isna().tolist() == [True, False]
    assert fl.search(prepared, "增长6.5").tolist() == [True, False]
