"""Cells: one figure per (region, year, indicator, kind); conflicts flagged, never summed or averaged."""
import pandas as pd
import pytest

from dashboard import cells as cl
from dashboard.frame import prepare_mentions
from bench.synthetic import mentions, row, table


def cells_of(rows):
    return cl.cells(prepare_mentions(table(rows)))


def only(cells, **key):
    hit = cells
    for k, v in key.items():
        hit = hit[hit[k] == v]
    assert len(hit) == 1, f"{key}: {len(hit)} cells"
    return hit.iloc[0]


def test_one_source_one_cell():
    c = cells_of([row()])
    cell = only(c, region="甲县", year=2020)
    assert cell["value"] == 1.2e9 and cell["sources"] == 1 and not cell["conflict"]
    assert cell["alternatives"] == ()


def test_the_same_value_twice_is_no_conflict():
    c = cells_of([row(start=0), row(start=50, doc="甲县_2022_政府工作报告.txt", doc_year=2022, qualifier="about")])
    cell = only(c, region="甲县", year=2020)
    assert cell["sources"] == 2 and not cell["conflict"]


def test_two_values_are_a_conflict_with_both_sources():
    c = cells_of([
        row(value=1.2e9, start=0, doc="甲县_2021_政府工作报告.txt", doc_year=2021, sentence="地区生产总值12亿元。"),
        row(value=1.25e9, start=80, doc="甲县_2022_政府工作报告.txt", doc_year=2022, sentence="上年地区生产总值12.5亿元。"),
    ])
    cell = only(c, region="甲县", year=2020)
    assert cell["conflict"]
    assert cell["value"] in (1.2e9, 1.25e9)  # one of them, never the mean or the sum
    assert sorted(a["value"] for a in cell["alternatives"]) == [1.2e9, 1.25e9]
    assert {a["doc"] for a in cell["alternatives"]} == {"甲县_2021_政府工作报告.txt", "甲县_2022_政府工作报告.txt"}
    conflicts = cl.conflicts(c)
    assert len(conflicts) == 2 and set(conflicts["sentence"]) == {"地区生产总值12亿元。", "上年地区生产总值12.5亿元。"}


# Which source a cell shows: (rows, expected doc)
PREFERENCE = [
    # a result from the next year's report beats a later report's restatement
    ([row(doc="A_2021", doc_year=2021, year=2020, value=1.0), row(doc="A_2023", doc_year=2023, year=2020, value=2.0)],
     "A_2021"),
    # ... and beats the same year's estimate
    ([row(doc="A_2020", doc_year=2020, year=2020, value=1.0), row(doc="A_2021", doc_year=2021, year=2020, value=2.0)],
     "A_2021"),
    # without the next year's report, the latest document
    ([row(doc="A_2022", doc_year=2022, year=2020, value=1.0), row(doc="A_2023", doc_year=2023, year=2020, value=2.0)],
     "A_2023"),
    # a target from that year's own report
    ([row(doc="A_2021", doc_year=2021, year=2021, kind="target", value=1.0),
      row(doc="A_2022", doc_year=2022, year=2021, kind="target", value=2.0)], "A_2021"),
]


@pytest.mark.parametrize("rows, expected", PREFERENCE)
def test_the_primary_source_is_shown(rows, expected):
    c = cells_of(rows)
    assert len(c) == 1 and c.iloc[0]["doc"] == expected


def test_rows_without_indicator_year_or_value_make_no_cell():
    c = cells_of([row(indicator=""), row(year=None, start=5), row(value=None, placeholder=True, start=9)])
    assert c.empty and list(c.columns) == cl.CELL_COLUMNS


def test_results_and_targets_are_separate_cells():
    c = cells_of([row(kind="actual", value=1.0), row(kind="target", value=2.0, start=9)])
    assert sorted(c["kind"]) == ["actual", "target"] and not c["conflict"].any()


def test_mask_limits_the_cells():
    frame = prepare_mentions(table([row(region="甲县"), row(region="乙县", doc="乙县_2021.txt")]))
    mask = (frame["region"] == "乙县").to_numpy()
    assert cl.cells(frame, mask)["region"].tolist() == ["乙县"]


def test_ranking_and_matrix():
    c = cells_of([
        row(region="甲县", value=3.0), row(region="乙县", value=5.0, doc="乙"), row(region="丙县", value=1.0, doc="丙"),
        row(region="甲县", year=2019, doc_year=2020, value=2.0, doc="甲2020"),
    ])
    assert cl.ranking(c, 2020)["region"].tolist() == ["乙县", "甲县", "丙县"]
    assert cl.ranking(c, 1999).empty
    m = cl.region_year_matrix(c)
    assert list(m.columns) == [2019, 2020] and m.loc["甲县", 2019] == 2.0 and pd.isna(m.loc["乙县", 2019])


def test_latest_and_shared():
    c = cells_of([
        row(region="甲县", indicator="gdp", year=2019, doc_year=2020, value=1.0, doc="甲2020"),
        row(region="甲县", indicator="gdp", year=2020, value=2.0, doc="甲2021"),
        row(region="乙县", indicator="gdp", year=2019, doc_year=2020, value=3.0, doc="乙2020"),
        row(region="乙县", indicator="funds", year=2020, value=4.0, doc="乙2021"),
    ])
    latest = cl.latest(c)
    assert only(latest, region="甲县", indicator="gdp")["year"] == 2020
    assert only(latest, region="乙县", indicator="gdp")["year"] == 2019
    assert len(cl.latest(c, 2019)) == 2
    assert cl.shared_indicators(c, ["甲县", "乙县"]) == ["gdp"]
    assert cl.shared_indicators(c, []) == []
    assert cl.default_regions(c, 1) == ["乙县"]  # most cells, ties by name


# (target, result, expected status): a row dict each, or None
STATUS_CASES = [
    (dict(value=6.0, qualifier="about"), dict(value=6.5), "met"),
    (dict(value=6.0, qualifier="about"), dict(value=6.0), "met"),
    (dict(value=6.0, qualifier="over"), dict(value=5.9), "missed"),
    (dict(value=4.5, qualifier="under"), dict(value=4.0), "met"),  # an upper limit
    (dict(value=4.5, qualifier="under"), dict(value=4.8), "missed"),
    (dict(value=6.0, high=7.0, qualifier="range"), dict(value=6.2), "met"),  # the low end counts
    (dict(value=6.0), None, "pending"),
    (None, dict(value=6.0), "no_target"),
    (dict(value=6.0, unit="%"), dict(value=8.0, unit="个百分点"), "incomparable"),
]


@pytest.mark.parametrize("target, result, expected", STATUS_CASES)
def test_targets_vs_results_status(target, result, expected):
    rows = []
    if target is not None:
        rows.append(row(kind="target", year=2021, doc_year=2021, doc="甲县_2021", start=0, **{"unit": "%", **target}))
    if result is not None:
        rows.append(row(kind="actual", year=2021, doc_year=2022, doc="甲县_2022", start=3, **{"unit": "%", **result}))
    tvr = cl.targets_vs_results(cells_of(rows), "甲县", "gdp")
    assert tvr["status"].tolist() == [expected]


def test_targets_vs_results_takes_sources_from_the_right_reports():
    rows = [
        row(kind="target", year=2021, doc_year=2021, doc="T2021", value=6.0, unit="%", start=1),
        row(kind="target", year=2021, doc_year=2022, doc="T2022", value=6.0, unit="%", start=2),
        row(kind="actual", year=2021, doc_year=2022, doc="R2022", value=6.3, unit="%", start=3),
        row(kind="actual", year=2021, doc_year=2021, doc="R2021", value=6.1, unit="%", start=4),  # an estimate
    ]
    tvr = cl.targets_vs_results(cells_of(rows), "甲县", "gdp")
    first = tvr.iloc[0]
    assert first["target_doc"] == "T2021" and first["result_doc"] == "R2022" and first["result_value"] == 6.3
    assert first["result_conflict"]  # the estimate disagrees: flagged, not hidden


def test_targets_vs_results_empty():
    assert cl.targets_vs_results(cl.empty_cells(), "甲县", "gdp").empty


def test_synthetic_table_has_a_few_conflicts_only():
    c = cl.cells(prepare_mentions(mentions(5000, regions=30)))
    share = c["conflict"].mean()
    assert 0 < share < 0.2


# Estimates (预计, 初步核算): (rows, doc shown, estimate shown, revised, conflict)
ESTIMATES = [
    # the next year's report gives an estimate, a later one the final figure: the final one is shown
    ([row(doc="A_2021", doc_year=2021, value=6.5, unit="%", estimate=True),
      row(doc="A_2022", doc_year=2022, value=6.2, unit="%", start=5)], "A_2022", False, True, False),
    # an estimate alone is shown, and says so
    ([row(doc="A_2021", doc_year=2021, value=6.5, unit="%", estimate=True)], "A_2021", True, False, False),
    # the final figure equal to the estimate: confirmed, still the final one's source
    ([row(doc="A_2021", doc_year=2021, value=6.5, unit="%", estimate=True),
      row(doc="A_2022", doc_year=2022, value=6.5, unit="%", start=5)], "A_2022", False, True, False),
    # two estimates that disagree, and no final figure: a conflict among estimates
    ([row(doc="A_2021", doc_year=2021, value=6.5, unit="%", estimate=True),
      row(doc="A_2021b", doc_year=2021, value=6.0, unit="%", estimate=True, start=5)], "A_2021", True, False, True),
    # two final figures that disagree beside an estimate: still a conflict
    ([row(doc="A_2021", doc_year=2021, value=6.5, unit="%", estimate=True),
      row(doc="A_2022", doc_year=2022, value=6.2, unit="%", start=5),
      row(doc="A_2023", doc_year=2023, value=6.3, unit="%", start=9)], "A_2023", False, True, True),  # the latest
]


@pytest.mark.parametrize("rows, doc, estimate, revised, conflict", ESTIMATES)
def test_a_final_figure_replaces_the_estimate(rows, doc, estimate, revised, conflict):
    cell = only(cells_of(rows), region="甲县", year=2020)
    assert (cell["doc"], bool(cell["estimate"]), bool(cell["revised"]), bool(cell["conflict"])) == (
        doc, estimate, revised, conflict)


# Figures over several years (累计, 年均, 十三五期间) make no annual cell
PERIOD_FIGURES = [
    [row(year=None, period="2016-2020", value=7.3, unit="%")],
    [row(year=None, period="", value=7.3, unit="%")],  # a span the text does not bound
]


@pytest.mark.parametrize("rows", PERIOD_FIGURES)
def test_period_figures_make_no_annual_cell(rows):
    assert cells_of(rows).empty


def test_columns_the_app_frame_adds_ride_along():
    """A column another stage adds to the app's frame (e.g. corrections) reaches the cells."""
    frame = prepare_mentions(table([row()]))
    frame = frame.assign(corrected=[True])
    assert cl.cells(frame)["corrected"].tolist() == [True]
