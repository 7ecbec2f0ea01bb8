"""The review page's list (dashboard.pages.review): conflicts, estimates, no year, periods, indicator-like
labels and corrected figures, largest first; negatives that must not be listed."""
import pandas as pd
import pytest

from bench.synthetic import row, table
from dashboard import frame as fr
from dashboard.indicators import Indicators
from dashboard.pages import review

VOCAB = Indicators(ids=("gdp", "new_urban_jobs"), labels={"gdp": {"zh": "地区生产总值"},
                                                          "new_urban_jobs": {"zh": "城镇新增就业"}})
ROWS = [
    # a conflict: one cell, two values
    row(doc="a_2021.txt", region="甲县", year=2020, doc_year=2021, value=3.0e10, start=1),
    row(doc="a_2022.txt", region="甲县", year=2020, doc_year=2022, value=3.1e10, start=1),
    # an estimate
    row(doc="b.txt", region="乙县", year=2021, value=2.0e9, estimate=True, start=2),
    # no year, no period
    row(doc="c.txt", region="丙县", year=None, value=5.0e9, start=3),
    # a period figure
    row(doc="d.txt", region="丁县", year=None, period="2016-2020", value=9.0e10, start=4),
    # an indicator-like label without an indicator
    row(doc="e.txt", region="戊县", indicator="", label="全县地区生产总值", value=1.0e9, start=5),
    # negatives: a plain figure, an unlabelled count, a short label
    row(doc="f.txt", region="己县", year=2021, value=4.0e9, start=6),
    row(doc="g.txt", region="庚县", indicator="", label="新建村级活动场所", value=40, unit="个", start=7),
    row(doc="h.txt", region="辛县", indicator="", label="就业", value=30, unit="人", start=8),
]


@pytest.fixture()
def frame():
    out = fr.uncorrected(fr.prepare_mentions(table(ROWS)))
    out["corrected"] = out["doc"].astype(object).eq("f.txt").to_numpy()
    return out


@pytest.mark.parametrize("reason, docs", [
    ("conflict", ["a_2022.txt", "a_2021.txt"]),
    ("estimate", ["b.txt"]),
    ("no_year", ["c.txt"]),
    ("period", ["d.txt"]),
    ("label_only", ["e.txt"]),
    ("corrected", ["f.txt"]),
])
def test_each_reason_lists_its_figures_largest_first(frame, reason, docs):
    result = review.compute(frame, review.ReviewSettings((reason,)), VOCAB)
    assert result.rows["doc"].astype(object).tolist() == docs
    assert set(result.rows["reason"]) == {reason}


def test_everything_largest_first_and_negatives_left_out(frame):
    result = review.compute(frame, review.ReviewSettings(), VOCAB)
    values = result.rows["value"].tolist()
    assert values == sorted(values, reverse=True)
    assert not set(result.rows["doc"].astype(object)) & {"g.txt", "h.txt"}
    assert result.counts == {"conflict": 2, "estimate": 1, "no_year": 1, "period": 1, "label_only": 1, "corrected": 1}


def test_one_indicator_and_no_reason(frame):
    assert review.compute(frame, review.ReviewSettings(indicator="new_urban_jobs"), VOCAB).hint == "review.nothing"
    assert review.compute(frame, review.ReviewSettings(()), VOCAB).hint == "review.pick_reason"
