"""Page settings and their computation, without a browser: settings in, what the page would draw out.

One small frame with known figures; per page, a table of (settings, what the
result shows), the negatives (nothing picked, an unknown indicator, a year with
no figures) as carefully as the rest. ``expect`` names only what the case is about.
"""
from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from bench.synthetic import row, table, trained, trained_panel
from dashboard import choices
from dashboard.appdata import AppData
from dashboard.frame import prepare_mentions, prepare_problems
from dashboard.indicators import Indicators
from dashboard.pages import compare, documents, evidence, regions, rules, targets, trends
from dashboard.pages import table as table_page
from dashboard.pages.compare import CompareSettings
from dashboard.pages.evidence import EvidenceSettings
from dashboard.pages.regions import RegionSettings
from dashboard.pages.rules import RuleSettings
from dashboard.pages.table import NO_INDICATOR, TableSettings
from dashboard.pages.targets import TargetSettings
from dashboard.pages.trends import TrendSettings

VOCAB = Indicators(ids=("people_trained", "gdp"),
                   labels={"people_trained": {"zh": "培训人次", "en": "People trained"}},
                   unit_of={"people_trained": "人次"})


ROWS = [
    *trained_panel(),  # 乙县 2021 restated otherwise: a conflict
    trained("丙市", None, 500, province="乙省", doc_year=2022, start=300),  # the text does not say which year
    row(region="甲县", year=2020, doc_year=2021, indicator="gdp", value=3.05e11, start=100,
        doc="甲县_2021_组织工作总结.txt", text="3050亿元"),
    row(region="乙县", year=2020, doc_year=2021, indicator="gdp", value=1.2e11, start=100,
        doc="乙县_2021_组织工作总结.txt", text="1200亿元"),
    row(region="甲县", year=2020, doc_year=2021, indicator="", value=45, unit="个", start=200,
        doc="甲县_2021_组织工作总结.txt", label="新建党群服务中心", text="45个", sentence="新建党群服务中心45个。"),
]


@pytest.fixture(scope="module")
def frame():
    return prepare_mentions(table(ROWS))


def shows(described: dict, expect: dict) -> None:
    assert {k: described[k] for k in expect} == expect


def test_settings_are_frozen_and_compare_by_value():
    settings = TrendSettings("gdp", ("甲县",))
    assert settings == TrendSettings("gdp", ("甲县",)) and hash(settings) == hash(TrendSettings("gdp", ("甲县",)))
    with pytest.raises(AttributeError):
        settings.indicator = "funds"


# --------------------------------------------------------------------------
# What the pickers offer


def test_the_indicator_picker_offers_indicators_with_figures(frame):
    assert choices.indicators(frame, VOCAB) == choices.Choice(["people_trained", "gdp"], "people_trained")
    assert choices.indicators(frame, VOCAB, targets.target_rows(frame)) == choices.Choice(["people_trained"],
                                                                                          "people_trained")
    assert choices.indicators(frame.iloc[0:0], VOCAB) == choices.Choice([], None)


CHOICES = [
    # (what, offered, expected)
    ("trends: regions by name, the most reported first", lambda f: trends.region_choice(f, "people_trained"),
     choices.Choice(["丙市", "乙县", "甲县"], ["乙县", "甲县", "丙市"])),
    ("trends: an unknown indicator has no regions", lambda f: trends.region_choice(f, "nothing"),
     choices.Choice([], [])),
    ("trends: no indicator has no regions", lambda f: trends.region_choice(f, None), choices.Choice([], [])),
    ("trends: year bounds", lambda f: trends.year_bounds(f, "people_trained"), (2020, 2022)),
    ("trends: no year bounds for an unknown indicator", lambda f: trends.year_bounds(f, "nothing"), None),
    ("regions: kinds the indicator has", lambda f: regions.kind_choice(f, "people_trained"), ["actual", "target"]),
    ("regions: results only", lambda f: regions.kind_choice(f, "gdp"), ["actual"]),
    ("regions: results when there is nothing", lambda f: regions.kind_choice(f, "nothing"), ["actual"]),
    ("regions: provinces", lambda f: regions.province_choice(f, "people_trained"), ["乙省", "甲省"]),
    ("regions: years of results, newest first", lambda f: regions.year_choice(f, "people_trained", "actual"),
     [2021, 2020]),
    ("regions: years of targets", lambda f: regions.year_choice(f, "people_trained", "target"), [2022, 2021]),
    ("regions: years within a province", lambda f: regions.year_choice(f, "people_trained", "actual", ("乙省",)),
     [2021]),
    ("regions: no years for an unknown indicator", lambda f: regions.year_choice(f, "nothing", "actual"), []),
    ("compare: the two most reported regions first", lambda f: compare.region_choice(f),
     choices.Choice(["丙市", "乙县", "甲县"], ["乙县", "甲县"])),
    ("compare: years of the regions", lambda f: compare.year_choice(f, ["甲县", "乙县"], "actual"), [2021, 2020]),
    ("compare: no regions, no years", lambda f: compare.year_choice(f, [], "actual"), []),
    ("targets: regions with targets, the one with most first", lambda f: targets.region_choice(f, "people_trained"),
     choices.Choice(["乙县", "甲县"], "甲县")),
    ("targets: no targets, no region", lambda f: targets.region_choice(f, "gdp"), choices.Choice([], None)),
    ("table: indicators, then none", lambda f: table_page.indicator_choice(f, VOCAB),
     ["people_trained", "gdp", NO_INDICATOR]),
    ("table: regions", lambda f: table_page.region_choice(f), ["丙市", "乙县", "甲县"]),
    ("evidence: documents", lambda f: evidence.doc_choice(f)[:2], ["丙市_2022_组织工作总结.txt", "乙县_2021_组织工作总结.txt"]),
]


@pytest.mark.parametrize("what, offered, expected", CHOICES, ids=[c[0] for c in CHOICES])
def test_what_the_widgets_offer(frame, what, offered, expected):
    assert offered(frame) == expected


# --------------------------------------------------------------------------
# Trends


def describe_trend(t: trends.Trend) -> dict:
    cov = t.coverage
    return {"hint": t.hint, "regions": sorted(set(t.cells["region"])), "years": sorted(set(t.cells["year"])),
            "kinds": sorted(set(t.cells["kind"])), "conflicts": t.n_conflicts, "unit": t.unit.unit,
            "left_out": dict(t.unit.left_out), "measure": t.measure, "highlight": t.highlight, "log": t.log,
            "y": [round(v, 6) for v in t.cells.sort_values(["region", "kind", "year"])["y"]] if len(t.cells) else [],
            "periods": sorted(zip(t.periods["region"], t.periods["period"])) if len(t.periods) else [],
            "coverage": None if cov is None else (cov.regions, cov.of, cov.first, cov.last, cov.gaps, cov.estimates),
            "no_base": list(t.shown.no_base) if t.shown else []}


TRENDS = [
    ("two regions, results and targets", TrendSettings("people_trained", ("甲县", "乙县")),
     {"hint": None, "regions": ["乙县", "甲县"], "years": [2020, 2021, 2022], "kinds": ["actual", "target"],
      "conflicts": 1}),
    ("targets hidden", TrendSettings("people_trained", ("甲县",), show_targets=False),
     {"kinds": ["actual"], "years": [2020, 2021]}),
    ("a year range", TrendSettings("people_trained", ("甲县", "乙县"), years=(2021, 2021)),
     {"years": [2021], "conflicts": 1}),
    ("a figure without a year is no point", TrendSettings("people_trained", ("丙市",)), {"years": [2021]}),
    ("another indicator", TrendSettings("gdp", ("甲县", "乙县", "丙市")), {"regions": ["乙县", "甲县"], "years": [2020]}),
    # negatives
    ("no indicator", TrendSettings(None, ("甲县",)), {"hint": "hint.no_indicators", "regions": []}),
    ("no region picked", TrendSettings("people_trained"), {"hint": "hint.pick_regions", "regions": []}),
    ("an unknown indicator", TrendSettings("nothing", ("甲县",)), {"hint": "hint.no_data_selection"}),
    ("an unknown region", TrendSettings("people_trained", ("火星",)), {"hint": "hint.no_data_selection"}),
    ("no figures in those years", TrendSettings("people_trained", ("甲县",), years=(2030, 2031)),
     {"hint": "hint.no_data_selection", "conflicts": 0}),
    ("only targets asked, targets hidden", TrendSettings("people_trained", ("甲县",), years=(2022, 2022),
                                                         show_targets=False), {"hint": "hint.no_data_selection"}),
]


@pytest.mark.parametrize("what, settings, expect", TRENDS, ids=[c[0] for c in TRENDS])
def test_trends(frame, what, settings, expect):
    shows(describe_trend(trends.compute(frame, settings)), expect)


def grain(region, year, value, unit="吨", **fields):
    """粮食产量 as government reports write it (万吨, 亿斤), a result from the next year's report."""
    doc_year = fields.pop("doc_year", year + 1 if year else 2021)
    return row(region=region, province=fields.pop("province", "甲省"), year=year, doc_year=doc_year,
               indicator="grain_output", label="粮食总产量", value=value, unit=unit, text=f"{value:g}{unit}",
               doc=fields.pop("doc", f"{region}_{doc_year}_政府工作报告.txt"), **fields)


GRAIN_ROWS = [
    grain("甲县", 2019, 500000), grain("甲县", 2020, 1.1e9, "斤"), grain("甲县", 2022, 600000),
    grain("乙县", 2020, 200000), grain("乙县", 2021, 220000, estimate=True),
    grain("丙县", 2021, 300000), grain("丙县", 2020, 5, "个", start=90),  # another dimension: left out
    grain("丁县", None, 2.5e6, period="2016-2020", doc_year=2021, start=40),  # a five-year total
] + [grain(f"{n}号县", 2020, 100000 * (n + 1)) for n in range(10)]


@pytest.fixture(scope="module")
def grain_frame():
    return prepare_mentions(table(GRAIN_ROWS))


TRENDS_IN_ONE_UNIT = [
    ("吨 and 斤 in one unit, the 个 left out", TrendSettings("grain_output", ("甲县", "乙县", "丙县")),
     {"unit": "吨", "left_out": {"个": 1}, "y": [300000, 200000, 220000, 500000, 550000, 600000],
      "coverage": (3, 3, 2019, 2022, 1, 1)}),
    ("an index on 2020", TrendSettings("grain_output", ("甲县", "乙县", "丙县"), measure="index", base_year=2020),
     {"measure": "index", "regions": ["乙县", "甲县"], "y": [100, 110, 90.909091, 100, 109.090909],
      "no_base": ["丙县"]}),
    ("an unknown base year gives the year most regions report", TrendSettings(
        "grain_output", ("甲县", "乙县"), measure="index", base_year=1999), {"y": [100, 110, 90.909091, 100, 109.090909]}),
    ("the change on the year before: a gap breaks it", TrendSettings("grain_output", ("甲县", "乙县"), measure="change"),
     {"measure": "change", "y": [10, 10]}),
    ("an unknown measure is the level", TrendSettings("grain_output", ("乙县",), measure="median"),
     {"measure": "level", "y": [200000, 220000]}),
    ("a log scale for positive values", TrendSettings("grain_output", ("乙县",), log=True), {"log": True}),
    ("few regions: all in colour", TrendSettings("grain_output", ("丙县", "甲县")), {"highlight": ["丙县", "甲县"]}),
    ("many regions: the top ones in colour", TrendSettings("grain_output", tuple(f"{n}号县" for n in range(10))),
     {"highlight": [f"{n}号县" for n in (9, 8, 7, 6, 5, 4)]}),
    ("many regions: the chosen ones in colour", TrendSettings(
        "grain_output", tuple(f"{n}号县" for n in range(10)), highlight=("0号县", "火星")), {"highlight": ["0号县"]}),
    ("a period figure is listed on its own, not drawn", TrendSettings("grain_output", ("丁县", "甲县")),
     {"regions": ["甲县"], "periods": [("丁县", "2016-2020")]}),
    # negatives
    ("only a period figure: nothing to draw, the figure still listed", TrendSettings("grain_output", ("丁县",)),
     {"hint": "hint.no_data_selection", "periods": [("丁县", "2016-2020")]}),
    ("no base-year figure anywhere: nothing to index", TrendSettings("grain_output", ("丙县",), measure="change"),
     {"hint": "hint.no_data_measure"}),
]


@pytest.mark.parametrize("what, settings, expect", TRENDS_IN_ONE_UNIT, ids=[c[0] for c in TRENDS_IN_ONE_UNIT])
def test_trends_in_one_unit(grain_frame, what, settings, expect):
    shows(describe_trend(trends.compute(grain_frame, settings)), expect)


def test_log_scale_refused_for_a_fall(frame):
    falling = prepare_mentions(table([row(indicator="gdp_growth", unit="%", value=-3.1),
                                      row(indicator="gdp_growth", unit="%", value=2.0, year=2021, doc_year=2022,
                                          doc="甲县_2022_政府工作报告.txt")]))
    assert trends.compute(falling, TrendSettings("gdp_growth", ("甲县",), log=True)).log is False


def test_the_picker_sorts_by_latest_value(grain_frame):
    latest = trends.latest_values(grain_frame, "grain_output")
    assert latest["甲县"] == (2022, 600000.0, "吨") and latest["乙县"][0] == 2021
    order = trends.region_order(["甲县", "乙县", "丙县", "丁县"], "value", {}, latest)
    assert order == ["甲县", "丙县", "乙县", "丁县"]  # 丁县 has only a period figure: last


# --------------------------------------------------------------------------
# Regions


def describe_ranking(r: regions.Ranking) -> dict:
    return {"hint": r.hint, "ranked": r.ranked["region"].tolist(), "values": r.ranked["value"].tolist(),
            "total": r.total, "heat": r.heat_regions, "heat_years": sorted(set(r.heat["year"])),
            "conflicts": r.n_conflicts}


REGIONS = [
    ("results of a year, largest first", RegionSettings("people_trained", 2021),
     {"hint": None, "ranked": ["丙市", "甲县", "乙县"], "values": [30000, 18000, 9500], "total": 3, "conflicts": 1}),
    ("the heatmap follows the ranking, then fills up", RegionSettings("people_trained", 2020),
     {"ranked": ["甲县", "乙县"], "heat": ["甲县", "乙县", "丙市"], "heat_years": [2020, 2021], "conflicts": 0}),
    ("a province", RegionSettings("people_trained", 2021, provinces=("甲省",)),
     {"ranked": ["甲县", "乙县"], "heat": ["甲县", "乙县"]}),
    ("targets", RegionSettings("people_trained", 2021, kind="target"),
     {"ranked": ["甲县", "乙县"], "values": [17000, 9000], "heat_years": [2021, 2022]}),
    # negatives
    ("no figures for the year: no ranking, the heatmap stays", RegionSettings("people_trained", 2019),
     {"hint": None, "ranked": [], "total": 0, "heat": ["乙县", "甲县", "丙市"]}),  # most cells first, ties by name
    ("no year", RegionSettings("people_trained"), {"hint": "hint.no_data_selection", "ranked": []}),
    ("no indicator", RegionSettings(None, 2021), {"hint": "hint.no_indicators"}),
    ("an unknown indicator", RegionSettings("nothing", 2021), {"hint": None, "ranked": [], "heat": []}),
    ("an unknown province", RegionSettings("people_trained", 2021, provinces=("火星",)),
     {"ranked": [], "heat": [], "total": 0}),
]


@pytest.mark.parametrize("what, settings, expect", REGIONS, ids=[c[0] for c in REGIONS])
def test_regions(frame, what, settings, expect):
    shows(describe_ranking(regions.compute(frame, settings)), expect)


def test_regions_ranks_at_most_top(monkeypatch):
    many = prepare_mentions(table([trained(f"县{n:02d}", 2021, 1000 + n, start=n) for n in range(6)]))
    monkeypatch.setattr(regions, "TOP", 4)
    ranking = regions.compute(many, RegionSettings("people_trained", 2021))
    assert ranking.ranked["region"].tolist() == ["县05", "县04", "县03", "县02"] and ranking.total == 6
    assert ranking.heat_regions == ranking.ranked["region"].tolist()


# --------------------------------------------------------------------------
# Compare


def describe_comparison(c: compare.Comparison) -> dict:
    latest = c.latest.sort_values(["indicator", "region"])
    return {"hint": c.hint, "shared": c.shared,
            "latest": [(r.region, r.indicator, r.year, r.value) for r in latest.itertuples()],
            "multiples": sorted(set(c.multiples["indicator"]))}


COMPARE = [
    ("each region's latest", CompareSettings(("甲县", "乙县")),
     {"hint": None, "shared": ["gdp", "people_trained"],
      "latest": [("乙县", "gdp", 2020, 1.2e11), ("甲县", "gdp", 2020, 3.05e11),
                 ("乙县", "people_trained", 2021, 9500), ("甲县", "people_trained", 2021, 18000)]}),
    ("a year", CompareSettings(("甲县", "乙县"), year=2020),
     {"latest": [("乙县", "gdp", 2020, 1.2e11), ("甲县", "gdp", 2020, 3.05e11),
                 ("乙县", "people_trained", 2020, 9000), ("甲县", "people_trained", 2020, 16000)]}),
    ("targets", CompareSettings(("甲县", "乙县"), kind="target"),
     {"shared": ["people_trained"], "latest": [("乙县", "people_trained", 2021, 9000),
                                               ("甲县", "people_trained", 2022, 20000)]}),
    ("what they do not share is no small chart", CompareSettings(("甲县", "丙市")),
     {"shared": ["people_trained"], "multiples": ["people_trained"]}),
    # negatives
    ("one region", CompareSettings(("甲县",)), {"hint": "hint.pick_two", "latest": []}),
    ("no region", CompareSettings(), {"hint": "hint.pick_two"}),
    ("unknown regions", CompareSettings(("火星", "月球")), {"hint": "hint.no_data_selection", "shared": []}),
    ("no figures for the year", CompareSettings(("甲县", "乙县"), year=2030),
     {"hint": None, "latest": [], "shared": ["gdp", "people_trained"]}),
]


@pytest.mark.parametrize("what, settings, expect", COMPARE, ids=[c[0] for c in COMPARE])
def test_compare(frame, what, settings, expect):
    shows(describe_comparison(compare.compute(frame, settings)), expect)


# --------------------------------------------------------------------------
# Targets


def describe_targets(t: targets.Targets) -> dict:
    return {"hint": t.hint, "years": t.years["year"].tolist(), "status": t.years["status"].tolist(),
            "met": t.count("met"), "missed": t.count("missed"), "pending": t.count("pending")}


TARGETS = [
    ("a region's years", TargetSettings("people_trained", "甲县"),
     {"hint": None, "years": [2020, 2021, 2022], "status": ["no_target", "met", "pending"], "met": 1, "pending": 1}),
    ("another region", TargetSettings("people_trained", "乙县"),
     {"years": [2020, 2021], "status": ["no_target", "met"], "missed": 0}),
    ("results without targets", TargetSettings("people_trained", "丙市"), {"status": ["no_target"]}),
    # negatives
    ("no indicator", TargetSettings(None, "甲县"), {"hint": "hint.no_targets", "years": []}),
    ("no region", TargetSettings("people_trained"), {"hint": "hint.no_targets", "years": []}),
    ("an unknown indicator", TargetSettings("nothing", "甲县"), {"hint": "hint.no_data_selection", "years": []}),
    ("an unknown region", TargetSettings("people_trained", "火星"), {"hint": "hint.no_data_selection"}),
]


@pytest.mark.parametrize("what, settings, expect", TARGETS, ids=[c[0] for c in TARGETS])
def test_targets(frame, what, settings, expect):
    shows(describe_targets(targets.compute(frame, settings)), expect)


# --------------------------------------------------------------------------
# Table


def describe_selection(s: table_page.Selection) -> dict:
    return {"hint": s.hint, "rows": len(s.rows), "regions": sorted(set(s.rows["region"].astype(str))),
            "first": s.shown["value"].iloc[0] if len(s.shown) else None}


TABLE = [
    ("everything", TableSettings(), {"hint": None, "rows": len(ROWS), "regions": ["丙市", "乙县", "甲县"]}),
    ("a search", TableSettings(query="丙市"), {"rows": 2, "regions": ["丙市"]}),
    ("every word searched", TableSettings(query="甲县 3050亿元"), {"rows": 1}),
    ("rows without an indicator", TableSettings(indicators=(NO_INDICATOR,)), {"rows": 1, "regions": ["甲县"]}),
    ("an indicator and none", TableSettings(indicators=("gdp", NO_INDICATOR)), {"rows": 3}),
    ("targets", TableSettings(kinds=("target",)), {"rows": 3}),
    ("regions", TableSettings(regions=("甲县", "丙市")), {"rows": 8}),
    ("a year range leaves out figures without a year", TableSettings(regions=("丙市",), years=(2021, 2021)),
     {"rows": 1}),
    ("sorted by value, largest first", TableSettings(sort="value", descending=True), {"first": 3.05e11}),
    ("sorted by value", TableSettings(sort="value"), {"first": 45}),
    # negatives
    ("a search that finds nothing", TableSettings(query="没有这样的文字"), {"hint": "hint.no_rows", "rows": 0}),
    ("an unknown indicator", TableSettings(indicators=("nothing",)), {"hint": "hint.no_rows", "rows": 0}),
    ("an unknown region", TableSettings(regions=("火星",)), {"rows": 0, "first": None}),
    ("no rows for the years", TableSettings(years=(2030, 2031)), {"hint": "hint.no_rows"}),
    ("an unknown sort column sorts nothing", TableSettings(sort="drop table"), {"rows": len(ROWS)}),
]


@pytest.mark.parametrize("what, settings, expect", TABLE, ids=[c[0] for c in TABLE])
def test_table(frame, what, settings, expect):
    shows(describe_selection(table_page.compute(frame, settings)), expect)


def test_table_shows_at_most_shown(frame, monkeypatch):
    monkeypatch.setattr(table_page, "SHOWN", 3)
    selection = table_page.compute(frame, TableSettings())
    assert len(selection.shown) == 3 and len(selection.rows) == len(ROWS)


@pytest.mark.parametrize("years, bounds, expected", [
    ((2020, 2022), (2020, 2022), None),  # the whole range: no filter, figures without a year stay
    ((2021, 2022), (2020, 2022), (2021, 2022)),
    (None, (2020, 2022), None),
    ((2020, 2020), None, None),
])
def test_year_filter(years, bounds, expected):
    assert table_page.year_filter(years, bounds) == expected


FILE_NAMES = [
    (TableSettings(), "sample", 13, "zh", "指标表_筛选_sample_13行.csv"),
    (TableSettings(indicators=("gdp", NO_INDICATOR), kinds=("target",)), "table", 3, "zh",
     "指标表_筛选_table_gdp+（无指标）_目标_3行.csv"),
    (TableSettings(regions=("甲县", "乙县", "丙市", "丁县"), years=(2021, 2022)), "corpus", 5, "zh",
     "指标表_筛选_corpus_甲县+乙县+丙市+1等_2021-2022_5行.csv"),
    (TableSettings(query="a/b:c"), "sample", 0, "en", "indicator-table_selection_sample_search-a-b-c_0-rows.csv"),
]


@pytest.mark.parametrize("settings, source, rows, lang, expected", FILE_NAMES)
def test_selection_file_name(settings, source, rows, lang, expected):
    assert table_page.selection_file_name(settings, source, rows, lang) == expected


def test_all_file_name():
    assert table_page.all_file_name("sample", 13, "zh") == "指标表_全部_sample_13行.csv"


# --------------------------------------------------------------------------
# Evidence


EVIDENCE = [
    ("a figure of a document", EvidenceSettings("乙县_2023_组织工作总结.txt", 80), {"hint": None, "text": "9900人次"}),
    # negatives
    ("no document", EvidenceSettings(None, 80), {"hint": "hint.no_data_loaded", "text": None}),
    ("no figure", EvidenceSettings("乙县_2023_组织工作总结.txt"), {"hint": "hint.no_figures_in_doc"}),
    ("no figure at that offset", EvidenceSettings("乙县_2023_组织工作总结.txt", 81), {"hint": None, "text": None}),
    ("an unknown document", EvidenceSettings("../../etc/passwd", 0), {"text": None}),
]


@pytest.mark.parametrize("what, settings, expect", EVIDENCE, ids=[c[0] for c in EVIDENCE])
def test_evidence(frame, what, settings, expect):
    found = evidence.compute(frame, settings)
    shows({"hint": found.hint, "text": found.mention["text"] if found.mention else None}, expect)


def test_evidence_offers_a_documents_figures_in_text_order(frame):
    figures = evidence.figure_choice(frame, "甲县_2021_组织工作总结.txt", VOCAB, "zh")
    assert list(figures) == [10, 50, 100, 200]  # the year's results, its target, GDP, a figure of no indicator
    assert figures[10] == "16000人次 · 培训人次 · ≥1.6万人次"
    assert figures[200] == "45个 · 新建党群服务中心 · 45个"  # no indicator: the label says what is counted
    assert evidence.figure_choice(frame, None, VOCAB, "zh") == {}
    assert evidence.figure_choice(frame, "没有的文件.txt", VOCAB, "zh") == {}


# --------------------------------------------------------------------------
# Documents


def uploaded(name, text):
    """An upload extracted in this session and not kept yet (text None: it could not be read)."""
    from extract.uploads import UploadRecords

    return SimpleNamespace(records=UploadRecords(name, text=text), kept_as=None)


KEPT = {"a": uploaded("新县.txt", "…"), "b": uploaded("坏.docx", None)}  # b: a file that could not be read


UPLOADS = [
    ("nothing changed", ("a", "b"), {"dropped": [], "new": [], "readable": ["a"]}),
    ("one removed, one added", ("a", "c"), {"dropped": ["b"], "new": ["c"], "readable": ["a"]}),
    ("the uploader emptied", (), {"dropped": ["a", "b"], "new": [], "readable": []}),
]


@pytest.mark.parametrize("what, ids, expect", UPLOADS, ids=[c[0] for c in UPLOADS])
def test_documents_uploads(what, ids, expect):
    settings = documents.DocumentsSettings(tuple(documents.Upload(i, f"{i}.txt") for i in ids))
    shows({"dropped": documents.dropped(settings, KEPT), "new": [u.id for u in documents.new(settings, KEPT)],
           "readable": [u.id for u in documents.readable(settings, KEPT)]}, expect)


def test_documents_names_taken_and_counts(frame):
    docs = pd.DataFrame({"doc": ["甲县_2021.txt", None], "path": ["", ""]})
    problems = prepare_problems([SimpleNamespace(doc="坏.txt", path="", reason="no text found")])
    assert documents.taken_names(docs, KEPT) == {"甲县_2021.txt", "新县.txt", "坏.docx"}
    assert documents.compute(AppData(frame, docs, problems)) == documents.Summary(2, len(ROWS), 1, 0, 0)


# --------------------------------------------------------------------------
# Rules


TRIALS = [
    ("matches", RuleSettings("x", r"发展党员\d+名", "全年发展党员312名，发展党员45名"),
     {"outcome": "done", "texts": ["发展党员312名", "发展党员45名"]}),
    ("a placeholder stands for a number", RuleSettings("x", "发展党员<N>名", "发展党员312名"),
     {"outcome": "done", "texts": ["发展党员312名"]}),
    ("no match is no error", RuleSettings("x", "培训", "发展党员312名"), {"outcome": "done", "texts": []}),
    # negatives
    ("no pattern", RuleSettings("x", "", "发展党员312名"), {"outcome": "empty", "texts": []}),
    ("a pattern that does not compile", RuleSettings("x", "([", "x"), {"outcome": "error"}),
    ("a runaway pattern", RuleSettings("x", r"(?:a|aa){1,100}?(?=x)b", "a" * 60, timeout=0.2),
     {"outcome": "timed_out"}),
]


@pytest.mark.parametrize("what, settings, expect", TRIALS, ids=[c[0] for c in TRIALS])
def test_rules_trial(what, settings, expect):
    trial = rules.compute(settings, rules.DIGITS)
    shows({"outcome": trial.outcome, "texts": trial.result.texts()}, expect)


def test_a_rules_trial_starts_from_the_rule():
    rule = SimpleNamespace(patterns=("培训<N>", "轮训<N>"), examples=(SimpleNamespace(text="培训1.6万人次"),
                                                                     SimpleNamespace(text="轮训300人")))
    assert rules.first_try(rule) == ("培训<N>", "培训1.6万人次\n轮训300人")
    assert rules.first_try(SimpleNamespace(patterns=(), examples=())) == ("", "")


def test_the_extractor_runs_on_pasted_text():
    found, error = rules.run_extractor("2023年，全县地区生产总值增长6.5%。")
    assert error is None and "6.5%" in found["text"].tolist()
