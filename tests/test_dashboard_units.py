"""One axis, one unit: the chart unit of an indicator, conversions within a dimension, other dimensions left out.

The units are the catalog's own (extract/data/units.yaml), so adding a unit
there is all a new indicator needs to chart in one unit.
"""
import numpy as np
import pandas as pd
import pytest

from bench.synthetic import row, table
from dashboard import cells as cl
from dashboard import units as un
from dashboard.frame import prepare_mentions

UNITS = un.default_units()

# (figures per unit, chart unit, converted units, left out)
CHOICES_FROM_THE_CATALOG = [
    ({"吨": 5, "斤": 2}, "吨", {"吨": 1.0, "斤": 0.0005}, {}),             # 粮食产量 in 万吨 and 亿斤
    ({"斤": 5, "吨": 2}, "斤", {"斤": 1.0, "吨": 2000.0}, {}),             # the most used unit wins
    ({"亩": 3, "公顷": 1}, "亩", {"亩": 1.0, "公顷": 15.0}, {}),           # 1 公顷 = 15 亩
    ({"名": 4, "人": 1}, "名", {"名": 1.0, "人": 1.0}, {}),                 # people either way
    ({"公里": 2, "米": 1}, "公里", {"公里": 1.0, "米": 0.001}, {}),
    ({"平方公里": 1, "平方米": 1}, "平方公里", {"平方公里": 1.0, "平方米": 1e-6}, {}),  # a tie: by name
]
CHOICES_ACROSS_DIMENSIONS = [
    ({"人次": 5, "名": 2}, "人次", {"人次": 1.0}, {"名": 2}),              # person-times are not persons
    ({"名": 2, "人": 2, "人次": 3}, "人", {"人": 1.0, "名": 1.0}, {"人次": 3}),  # the dimension with most figures (tie: by name)
    ({"元": 9, "美元": 1}, "元", {"元": 1.0}, {"美元": 1}),                 # no exchange rate in the catalog
    ({"%": 8, "个百分点": 3}, "%", {"%": 1.0}, {"个百分点": 3}),             # a rate beside a change of it
    ({"个": 1, "项": 1}, "个", {"个": 1.0}, {"项": 1}),                     # counts of different things
    ({"新单位": 2, "吨": 1}, "新单位", {"新单位": 1.0}, {"吨": 1}),          # a unit the catalog lacks: its own
]
NOTHING = [({}, "", {}, {}), ({"吨": 0}, "", {}, {})]


@pytest.mark.parametrize("counts, unit, factors, left_out",
                         CHOICES_FROM_THE_CATALOG + CHOICES_ACROSS_DIMENSIONS + NOTHING)
def test_chart_unit(counts, unit, factors, left_out):
    chosen = un.choose(counts, UNITS)
    assert chosen.unit == unit
    assert chosen.factors == pytest.approx(factors)
    assert dict(chosen.left_out) == left_out
    assert chosen.n_left_out == sum(left_out.values())


def test_chart_unit_from_a_series():
    assert un.choose(pd.Series({"斤": 1, "吨": 3}), UNITS).unit == "吨"


def grain(region, year, value, unit, **fields):
    """粮食产量, as government reports write it: 万吨 or 亿斤."""
    return row(region=region, year=year, doc_year=year + 1, indicator="grain_output", label="粮食总产量",
               value=value, unit=unit, doc=fields.pop("doc", f"{region}_{year + 1}_政府工作报告.txt"), **fields)


GRAIN = [
    grain("甲县", 2020, 520000, "吨", text="52万吨"),
    grain("甲县", 2021, 1.36e9, "斤", text="13.6亿斤"),            # 68万吨
    grain("甲县", 2022, 700000, "吨", text="70万吨"),
    grain("乙县", 2021, 680000, "吨", text="68万吨", start=0),
    grain("乙县", 2021, 1.36e9, "斤", text="13.6亿斤", start=40, doc="乙县_2023_政府工作报告.txt"),  # the same amount
    grain("丙县", 2021, 680000, "吨", text="68万吨", start=0),
    grain("丙县", 2021, 1.4e9, "斤", text="14亿斤", start=40, doc="丙县_2023_政府工作报告.txt"),     # 70万吨: a conflict
    grain("丁县", 2021, 480, "公斤", text="480公斤", start=0),  # mass too: converted
]


@pytest.fixture(scope="module")
def grain_cells():
    frame = prepare_mentions(table(GRAIN))
    chart = un.choose(frame["unit"].value_counts(), UNITS)
    return chart, un.converted(cl.cells(frame, units=UNITS), chart)


def test_grain_in_tonnes_and_jin_charts_in_tonnes(grain_cells):
    chart, cells = grain_cells
    assert chart.unit == "吨" and chart.converts and not chart.left_out
    jia = cells[cells["region"] == "甲县"].set_index("year")
    assert jia["value"].tolist() == pytest.approx([520000, 680000, 700000])
    assert set(cells["unit"]) == {"吨"}
    assert jia.loc[2021, "stated_value"] == 1.36e9 and jia.loc[2021, "stated_unit"] == "斤"
    assert cells.set_index("region").loc["丁县", "value"] == pytest.approx(0.48)


# (region, conflict): conflicts are found on converted values
GRAIN_CONFLICTS = [("乙县", False), ("丙县", True), ("甲县", False)]


@pytest.mark.parametrize("region, conflict", GRAIN_CONFLICTS)
def test_conflicts_compare_converted_values(grain_cells, region, conflict):
    _, cells = grain_cells
    assert bool(cells[(cells["region"] == region)]["conflict"].any()) is conflict


def test_a_rate_and_a_change_of_it_are_a_conflict_not_the_same():
    rows = [row(indicator="urbanization_rate", value=1.2, unit="%", start=0),
            row(indicator="urbanization_rate", value=1.2, unit="个百分点", start=9, doc="甲县_2022_政府工作报告.txt")]
    assert cl.cells(prepare_mentions(table(rows)), units=UNITS)["conflict"].tolist() == [True]


def test_other_dimensions_are_left_out_of_the_chart():
    cells = cl.cells(prepare_mentions(table([row(value=5.0, unit="元"), row(value=2.0, unit="美元", region="乙县")])),
                     units=UNITS)
    chart = un.choose(cells["unit"].value_counts(), UNITS)
    assert un.converted(cells, chart)["region"].tolist() == ["甲县"] and chart.left_out == {"美元": 1}


def test_converting_nothing_gives_nothing():
    out = un.converted(cl.empty_cells(), un.ChartUnit("吨", "mass", {"吨": 1.0}))
    assert out.empty and {"stated_value", "stated_unit"} <= set(out.columns)


# (values, expected): what compares equal after conversion
SIGNIFICANT = [
    ([1.36e9 * 0.5, 680000 * 1000.0], [6.8e8, 6.8e8]),
    ([0.1 + 0.2], [0.3]),
    ([0.0, -3.1, np.nan], [0.0, -3.1, np.nan]),
    ([1234567891234.0], [1234567891000.0]),
]


@pytest.mark.parametrize("values, expected", SIGNIFICANT)
def test_significant(values, expected):
    np.testing.assert_array_equal(un.significant(np.array(values)), np.array(expected))


# (unit, is a rate)
RATES = [("%", True), ("个百分点", True), ("百分点", True), ("元", False), ("人次", False), (None, False)]


@pytest.mark.parametrize("unit, rate", RATES)
def test_is_rate(unit, rate):
    assert un.is_rate(unit) is rate
