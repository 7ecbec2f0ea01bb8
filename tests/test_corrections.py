"""Corrections applied in the data layer (dashboard.corrections, dashboard.appdata.build): every page and
download sees the corrected figure, with ``corrected`` and the original kept; stale ones are not applied."""
from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd
import pytest

from bench.synthetic import row, table
from dashboard import appdata, cells as cl, corrections as co, frame as fr
from dashboard.pages import compare, targets, trends
from dashboard.places import Place
from dashboard.userstore import Correction, Snapshot
from extract.tabular import to_csv_bytes

GROWTH = dict(indicator="gdp_growth", unit="%", label="地区生产总值增长")
ROWS = [
    row(doc="松溪县_2023.txt", region="松溪县", year=2023, doc_year=2023, kind="target", value=6.0, start=10, end=13,
        text="6%", **GROWTH),
    row(doc="松溪县_2024.txt", region="松溪县", year=2023, doc_year=2024, value=5.2, start=20, end=24, text="5.2%",
        **GROWTH),
    row(doc="萤川市_2024.txt", region="萤川市", province="江西省", year=2023, doc_year=2024, value=6.1, start=5, end=9,
        text="6.1%", **GROWTH),
]


def correction(changes, doc="松溪县_2024.txt", start=20, end=24, text="5.2%", text_hash=None, n=1):
    return Correction(n, doc, start, end, text_hash, text, changes, "", "王芳", "王芳 (local)", datetime(2025, 1, 1))


@pytest.fixture()
def frame() -> pd.DataFrame:
    return fr.prepare_mentions(table(ROWS))


def result_row(out):
    return out.iloc[1]


# (provenance: what a user fixes on Evidence) changes -> what the row shows after, and its `original`
APPLIED = [
    ("a revised value", {"value": 6.5}, {"value": 6.5, "original_value": 5.2}, "value=5.2"),
    ("a result read as a target", {"kind": "target"}, {"kind": "target"}, "kind=actual"),
    ("the wrong year", {"year": 2022}, {"year": 2022}, "year=2023"),
    ("a five-year total filed as one year", {"year": None}, {"year": pd.NA}, "year=2023"),
    ("another indicator", {"indicator": "gdp"}, {"indicator": "gdp"}, "indicator=gdp_growth"),
    ("no indicator fits", {"indicator": None}, {"indicator": None}, "indicator=gdp_growth"),
    ("another region", {"region": "政和县", "province": "福建省", "region_level": "county", "region_code": "350725"},
     {"region": "政和县", "region_code": "350725"}, "region=松溪县; province=甲省; region_code="),
    ("not a figure", {"not_figure": True}, {"value": np.nan, "indicator": None}, "value=5.2; indicator=gdp_growth; not_figure"),
]


@pytest.mark.parametrize("what, changes, expected, original", APPLIED, ids=[a[0] for a in APPLIED])
def test_a_correction_changes_the_row_and_keeps_the_original(frame, what, changes, expected, original):
    out, outcome = co.apply(frame, [correction(changes)], {})
    r = result_row(out)
    for col, value in expected.items():
        got = r[col]
        if value is None or value is pd.NA:
            assert got is None or pd.isna(got), col
        elif isinstance(value, float) and np.isnan(value):
            assert np.isnan(got), col
        else:
            assert got == value, col
    assert bool(r["corrected"]) and r["original"] == original and r["original_value"] == 5.2
    assert out["corrected"].sum() == 1 and len(outcome.applied) == 1
    assert frame.iloc[1]["value"] == 5.2 and "corrected" not in frame.columns  # the input is not written to
    assert isinstance(out["region"].dtype, pd.CategoricalDtype) and isinstance(out["original"].dtype, pd.CategoricalDtype)


# (why a correction does not apply) -> stale or missing
NOT_APPLIED = [
    ("the document's text changed", correction({"value": 6.5}, text_hash="old"), {"松溪县_2024.txt": "new"}, "stale"),
    ("the offsets point at another mention", correction({"value": 6.5}, start=21, end=24), {}, "missing"),
    ("another surface text there", correction({"value": 6.5}, text="5.3%"), {}, "missing"),
    ("a document no longer in the data", correction({"value": 6.5}, doc="gone.txt"), {}, "missing"),
]


@pytest.mark.parametrize("what, c, hashes, outcome", NOT_APPLIED, ids=[n[0] for n in NOT_APPLIED])
def test_a_correction_that_no_longer_fits_is_not_applied(frame, what, c, hashes, outcome):
    out, result = co.apply(frame, [c], hashes)
    assert not out["corrected"].any() and result_row(out)["value"] == 5.2
    assert getattr(result, outcome) == (c,) and result.applied == ()


@pytest.mark.parametrize("hashes", [{"松溪县_2024.txt": "same"}, {"松溪县_2024.txt": None}, {}])
def test_a_re_extracted_document_keeps_its_corrections(frame, hashes):
    out, _ = co.apply(frame, [correction({"value": 6.5}, text_hash="same")], hashes)
    assert result_row(out)["value"] == 6.5


def test_no_corrections_still_gives_the_columns(frame):
    out, outcome = co.apply(frame, [], {})
    assert list(out.columns) == list(fr.MENTION_COLUMNS) + list(fr.CORRECTION_COLUMNS)
    assert not out["corrected"].any() and out["original_value"].isna().all() and out["original"].isna().all()
    assert outcome == co.Outcome()


def app_with(frame_rows, changes):
    base = appdata.from_dataset(
        __import__("extract.store", fromlist=["Dataset"]).Dataset(table(frame_rows), pd.DataFrame({"doc": []}),
                                                                  fr.prepare_problems([])), token="t")
    snap = Snapshot(corrections=(correction(changes),) if changes else (), version="v")
    return appdata.build(base, snap, {}, token="t|v")


def test_every_page_and_the_csv_see_the_correction():
    """The Targets verdict flips, the trend and Compare show the new value, the CSV has corrected and original."""
    before, after = app_with(ROWS, None), app_with(ROWS, {"value": 6.5})
    verdicts = [targets.compute(a.mentions, targets.TargetSettings("gdp_growth", "松溪县")).years["status"].tolist()
                for a in (before, after)]
    assert verdicts == [["missed"], ["met"]]
    trend = trends.compute(after.mentions, trends.TrendSettings("gdp_growth", ("松溪县",), show_targets=False))
    assert trend.cells["value"].tolist() == [6.5]
    comparison = compare.compute(after.mentions, compare.CompareSettings(("松溪县", "萤川市")))
    assert cl.latest(comparison.latest).set_index("region").loc["松溪县", "value"] == 6.5
    csv = to_csv_bytes(after.mentions).decode("utf-8-sig").splitlines()
    header = csv[0].split(",")
    assert header[-3:] == ["corrected", "original_value", "original"]
    line = next(x for x in csv if "5.2%" in x)
    assert ",6.5," in line and line.endswith("True,5.2,value=5.2")


def test_pending_uploads_join_a_corrected_frame():
    shared = app_with(ROWS, {"value": 6.5})
    from extract.store import Dataset

    pending = Dataset(table([row(doc="新.txt", region="新县", start=3)]), pd.DataFrame({"doc": ["新.txt"]}),
                      fr.prepare_problems([]), texts={"新.txt": "…"})
    joined = appdata.with_pending(shared, {"id1": pending})
    assert len(joined.mentions) == 4 and joined.mentions["corrected"].tolist() == [False, True, False, False]
    assert joined.pending == ("新.txt",) and joined.token != shared.token


# --------------------------------------------------------------------------
# What the form gives

SHOWN = {"value": 5.2, "year": 2023, "kind": "actual", "indicator": "gdp_growth", "region": "松溪县", "province": "福建省"}
SONGXI = Place("k", "松溪县", "福建省", "county", "350724")
FORMS = [
    ("nothing changed", dict(value="5.2", year=2023, kind="actual", indicator="gdp_growth", region=SONGXI), {}),
    ("the value typed with a magnitude", dict(value="5.4万", year=2023, kind="actual", indicator="gdp_growth",
                                              region=SONGXI), {"value": 54000.0}),
    ("the value cleared", dict(value="", year=2023, kind="actual", indicator="gdp_growth", region=SONGXI),
     {"value": None}),
    ("year and kind", dict(value="5.2", year=None, kind="target", indicator="gdp_growth", region=SONGXI),
     {"year": None, "kind": "target"}),
    ("another region brings its province and code",
     dict(value="5.2", year=2023, kind="actual", indicator="gdp_growth", region=Place("z", "政和县", "福建省", "county", "350725")),
     {"region": "政和县", "province": "福建省", "region_level": "county", "region_code": "350725"}),
    ("not a figure wins over the rest", dict(value="9", year=2020, kind="target", indicator=None, region=None,
                                             not_figure=True), {"not_figure": True}),
]


@pytest.mark.parametrize("what, form, expected", FORMS, ids=[f[0] for f in FORMS])
def test_changes_from_the_form(what, form, expected):
    assert co.changes_from_form(SHOWN, **{"not_figure": False, **form}) == expected


@pytest.mark.parametrize("typed, expected", [
    ("6.5", 6.5), (" 12,860 ", 12860.0), ("130.2亿", 1.302e10), ("一千二百", 1200.0), ("-3.5", -3.5), ("", None),
])
def test_parse_value(typed, expected):
    assert co.parse_value(typed) == expected


@pytest.mark.parametrize("typed", ["abc", "6.5%%", "inf", "nan", "1e400"])
def test_parse_value_refuses_what_is_not_a_number(typed):
    with pytest.raises(ValueError):
        co.parse_value(typed)


@pytest.mark.parametrize("earlier, new, expected", [
    (None, {"year": 2022}, {"year": 2022}),
    ({"value": 6.5}, {"year": 2022}, {"value": 6.5, "year": 2022}),
    ({"value": 6.5}, {"value": 7.0}, {"value": 7.0}),
    ({"value": 6.5}, {"not_figure": True}, {"not_figure": True}),
    ({"not_figure": True}, {"year": 2022}, {"year": 2022}),
])
def test_a_second_correction_keeps_the_first_ones_changes(earlier, new, expected):
    assert co.merged(correction(earlier) if earlier else None, new) == expected
