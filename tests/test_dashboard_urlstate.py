"""URL parameters: valid ones restore a view, unknown or malformed ones give the default."""
import pytest

from dashboard import urlstate as u

OPTIONS = ["gdp", "funds", "people_trained"]

# (raw, expected) for choice(raw, OPTIONS, "gdp")
CHOICE = [
    ("funds", "funds"),
    (" funds ", "funds"),
    (["gdp", "funds"], "funds"),  # a repeated key: the last one
    ("FUNDS", "gdp"),  # ids are exact
    ("nonsense", "gdp"),
    ("", "gdp"),
    ("<script>alert(1)</script>", "gdp"),
    ("%00", "gdp"),
    (None, "gdp"),
    ([], "gdp"),
]


@pytest.mark.parametrize("raw, expected", CHOICE)
def test_choice(raw, expected):
    assert u.choice(raw, OPTIONS, "gdp") == expected


def test_choice_compares_numbers_as_text():
    assert u.choice("2021", [2020, 2021], 2020) == 2021
    assert u.choice("2021.0", [2020, 2021], 2020) == 2020


REGIONS = ["甲县", "乙县", "丙市", "丁县", "戊县"]
# (raw, max_n, expected) for choices(raw, REGIONS, ["甲县"], max_n)
CHOICES = [
    ("乙县,丙市", None, ["乙县", "丙市"]),
    (["乙县", "丙市"], None, ["乙县", "丙市"]),  # repeated keys
    (["乙县,丙市", "丁县"], None, ["乙县", "丙市", "丁县"]),
    ("乙县,乙县,丙市", None, ["乙县", "丙市"]),  # no repeats
    ("乙县,,, 丙市 ", None, ["乙县", "丙市"]),
    ("乙县,不存在县", None, ["乙县"]),  # unknown ones dropped
    ("不存在县", None, ["甲县"]),  # none known: the default
    ("", None, []),  # cleared by the user: nothing, not the default
    (["", " "], None, []),
    (",,,", None, ["甲县"]),  # malformed, not blank
    (None, None, ["甲县"]),
    ("甲县,乙县,丙市,丁县,戊县", 4, ["甲县", "乙县", "丙市", "丁县"]),
]


@pytest.mark.parametrize("raw, max_n, expected", CHOICES)
def test_choices(raw, max_n, expected):
    assert u.choices(raw, REGIONS, ["甲县"], max_n) == expected


# (raw, expected) for year_range(raw, (2019, 2024))
YEARS = [
    ("2020-2023", (2020, 2023)),
    ("2023-2020", (2020, 2023)),  # swapped
    ("2021", (2021, 2021)),
    ("2010-2030", (2019, 2024)),  # clamped
    ("2010-2021", (2019, 2021)),
    ("1990-1995", (2019, 2024)),  # outside: the default
    ("2020–2022", (2020, 2022)),  # en dash
    ("2020~2022", (2020, 2022)),
    ("abc", (2019, 2024)),
    ("2020-", (2019, 2024)),
    ("20-22", (2019, 2024)),
    ("", (2019, 2024)),
    (None, (2019, 2024)),
    ("99999999999999999999-2020", (2019, 2024)),
]


@pytest.mark.parametrize("raw, expected", YEARS)
def test_year_range(raw, expected):
    assert u.year_range(raw, (2019, 2024)) == expected


@pytest.mark.parametrize("raw, options, expected", [
    ("1532", None, 1532), ("-3", None, -3), ("1e3", None, None), ("", None, None), ("12" * 20, None, None),
    ("5", [1, 2, 3], None), ("2", [1, 2, 3], 2), (None, None, None),
])
def test_integer(raw, options, expected):
    assert u.integer(raw, options) == expected


@pytest.mark.parametrize("raw, expected", [
    ("党群", "党群"), ("a\x00b\nc", "abc"), ("x" * 500, "x" * u.MAX_TEXT), (None, ""), (["a", "b"], "b"),
])
def test_text(raw, expected):
    assert u.text(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("1", True), ("true", True), ("0", False), ("off", False), ("maybe", True), (None, True),
])
def test_flag(raw, expected):
    assert u.flag(raw, True) == expected


@pytest.mark.parametrize("value, expected", [
    ("gdp", "gdp"), (["甲县", "乙县"], "甲县,乙县"), ((2020, 2024), "2020-2024"), (True, "1"), (False, "0"),
    ([], ""), (None, None), ("", None), (2021, "2021"),  # an empty choice is kept as a blank parameter
])
def test_serialise(value, expected):
    assert u.serialise(value) == expected


@pytest.mark.parametrize("value", [["乙县", "丙市"], [], (2020, 2023), "funds"])
def test_serialise_then_parse_round_trips(value):
    text = u.serialise(value)
    if isinstance(value, tuple):
        assert u.year_range(text, (2019, 2024)) == value
    elif isinstance(value, list):
        assert u.choices(text, REGIONS, []) == value
    else:
        assert u.choice(text, OPTIONS, "gdp") == value
