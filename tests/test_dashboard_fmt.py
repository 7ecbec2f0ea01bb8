"""Numbers shown the Chinese way (万, 亿) in Chinese, K/million/billion in English."""
import math

import pandas as pd
import pytest

from dashboard.fmt import axis_scale, axis_title, format_number, format_value, unit_label

# (value, lang, expected)
NUMBERS_FROM_THE_BRIEF = [
    (16000, "zh", "1.6万"),
    (3.05e11, "zh", "3050亿"),
    (1e8, "zh", "1亿"),
    (1.5e12, "zh", "1.5万亿"),
]
NUMBERS_SMALL = [
    (0, "zh", "0"),
    (6.5, "zh", "6.5"),
    (6.55, "zh", "6.55"),
    (6.556, "zh", "6.56"),  # two decimals at most
    (9999, "zh", "9999"),
    (10000, "zh", "1万"),
    (-12000, "zh", "-1.2万"),
    (0.3333333, "zh", "0.33"),
]
NUMBERS_KEPT_EXACT = [  # a magnitude never rounds the figure the report gave away
    (29640, "zh", "2.964万"),   # 城镇居民人均可支配收入29640元 (issue 8)
    (38514, "zh", "3.8514万"),
    (301008000000, "zh", "3010.08亿"),
    (123456789, "zh", "1.2346亿"),  # beyond four decimals: rounded
    (1234567, "en", "1.2346 million"),
]
NUMBERS_ENGLISH = [
    (16000, "en", "16,000"),
    (999.5, "en", "999.5"),
    (1.2e6, "en", "1.2 million"),
    (3.05e11, "en", "305 billion"),
    (6.5, "en", "6.5"),
]
NUMBERS_MISSING = [
    (None, "zh", "—"),
    (float("nan"), "zh", "—"),
    (pd.NA, "zh", "—"),
    ("abc", "zh", "—"),
]


@pytest.mark.parametrize("value, lang, expected",
                         NUMBERS_FROM_THE_BRIEF + NUMBERS_SMALL + NUMBERS_KEPT_EXACT + NUMBERS_ENGLISH
                         + NUMBERS_MISSING)
def test_format_number(value, lang, expected):
    assert format_number(value, lang) == expected


# (value, unit, qualifier, high, lang, expected)
VALUES = [
    (16000, "人次", "over", None, "zh", "≥1.6万人次"),  # the brief's example
    (16000, "人次", "over", None, "en", "≥16,000 person-times"),
    (3.05e11, "元", "exact", None, "zh", "3050亿元"),
    (3.05e11, "元", "exact", None, "en", "305 billion yuan"),
    (6.5, "%", "about", None, "zh", "约6.5%"),
    (6.5, "%", "about", None, "en", "≈6.5%"),
    (4.5, "%", "under", None, "zh", "≤4.5%"),
    (12000, "人", "range", 15000, "zh", "1.2万–1.5万人"),
    (12000, "人", "range", None, "zh", "1.2万人"),  # a range without its high end shows the value
    (0.5, "个百分点", "exact", None, "en", "0.5 pp"),
    (3, "新单位", "exact", None, "en", "3 新单位"),  # unknown units as written
    (3, None, "exact", None, "zh", "3"),
    (None, "元", "exact", None, "zh", "—"),  # a placeholder has no value
]


@pytest.mark.parametrize("value, unit, qualifier, high, lang, expected", VALUES)
def test_format_value(value, unit, qualifier, high, lang, expected):
    assert format_value(value, unit, qualifier, high, lang) == expected


@pytest.mark.parametrize("unit, lang, expected", [
    ("元", "zh", "元"), ("元", "en", "yuan"), ("%", "en", "%"), (None, "zh", ""), (pd.NA, "en", ""),
    (float("nan"), "zh", ""), ("分之", "zh", ""),
])
def test_unit_label(unit, lang, expected):
    assert unit_label(unit, lang) == expected


@pytest.mark.parametrize("values, lang, expected", [
    ([3e10, 5e10], "zh", (1e8, "亿")),
    ([12000, 800], "zh", (1e4, "万")),
    ([6.5, 7.1], "zh", (1.0, "")),
    ([3e10, float("nan")], "en", (1e9, " billion")),
    ([], "zh", (1.0, "")),
    ([None, float("nan")], "zh", (1.0, "")),
])
def test_axis_scale(values, lang, expected):
    assert axis_scale(values, lang) == expected


@pytest.mark.parametrize("unit, lang, word, expected", [
    ("元", "zh", "亿", "亿元"), ("元", "en", " billion", "billion yuan"), ("%", "en", "", "%"),
])
def test_axis_title(unit, lang, word, expected):
    assert axis_title(unit, lang, word) == expected


def test_format_number_never_raises_on_odd_input():
    for odd in (math.inf, -math.inf, 1e300, -0.0, True):
        assert isinstance(format_number(odd), str)
