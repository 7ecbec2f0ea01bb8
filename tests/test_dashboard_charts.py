"""Charts as plotly figures, checked without a browser: traces, styles, hover texts, evidence keys.

A chart draws the cells it is given; the tests choose them as a page would (``of``).
"""
import pandas as pd
import pytest
from dashboard import cells as cl
from dashboard import charts
from dashboard.frame import prepare_mentions
from dashboard.indicators import Indicators
from bench.synthetic import row, table

VOCAB = Indicators(
    ids=("people_trained", "gdp"),
    topic_of={"people_trained": "cadres", "gdp": "economy"},
    labels={"people_trained": {"zh": "培训人次", "en": "People trained"}, "gdp": {"zh": "地区生产总值", "en": "GDP"}},
    unit_of={"people_trained": "人次", "gdp": "元"},
    topics={"cadres": {"zh": "干部与人才", "en": "Cadres"}, "economy": {"zh": "经济", "en": "Economy"}},
)


def trained(region, year, value, kind="actual", qualifier="exact", start=0, doc=None):
    doc = doc or f"{region}_{year + (kind == 'actual')}_组织工作总结.txt"
    return row(region=region, year=year, doc_year=year + (kind == "actual"), kind=kind, indicator="people_trained",
               value=value, unit="人次", qualifier=qualifier, doc=doc, start=start, text=f"{value}人次")


ROWS = [
    trained("甲县", 2020, 16000, qualifier="over"),
    trained("甲县", 2021, 18000),
    trained("甲县", 2021, 17000, kind="target"),
    trained("甲县", 2022, 20000, kind="target"),
    trained("乙县", 2020, 9000),
    trained("乙县", 2021, 9500, start=0),
    trained("乙县", 2021, 9900, start=40, doc="乙县_2023_组织工作总结.txt"),  # a conflict
    row(region="甲县<script>", year=2020, doc_year=2021, indicator="gdp", value=3.05e11, doc="<b>x</b>.txt"),
]


@pytest.fixture(scope="module")
def cells():
    return cl.cells(prepare_mentions(table(ROWS)))


def of(cells, indicator=None, regions=None, kinds=None):
    """The cells a page would hand a chart: one indicator, some regions, some kinds."""
    keep = cells["indicator"].notna()
    if indicator is not None:
        keep &= cells["indicator"] == indicator
    if regions is not None:
        keep &= cells["region"].isin(regions)
    if kinds is not None:
        keep &= cells["kind"].isin(kinds)
    return cells[keep]


def lines(fig):
    """The region lines of a trend chart (not the legend's key entries)."""
    return [t for t in fig.data if t.meta and "region" in t.meta]


def trace_named(fig, region, kind):
    hits = [t for t in lines(fig) if t.meta.get("region") == region and t.meta.get("kind") == kind]
    assert len(hits) == 1
    return hits[0]


def test_trend_lines_results_solid_targets_dashed(cells):
    fig = charts.trend_chart(of(cells, "people_trained", ["甲县", "乙县"]), "people_trained", ["甲县", "乙县"], VOCAB, "zh")
    actual, target = trace_named(fig, "甲县", "actual"), trace_named(fig, "甲县", "target")
    assert actual.line.dash == "solid" and target.line.dash == "dash"
    assert actual.line.color == target.line.color  # one colour per region
    assert trace_named(fig, "乙县", "actual").line.color != actual.line.color
    assert list(actual.x) == [2020, 2021] and list(target.x) == [2021, 2022]
    assert fig.layout.title.text == "培训人次（万人次）"  # the unit the axis is drawn in


def test_trend_axis_in_wan_and_hover_says_it_all(cells):
    fig = charts.trend_chart(of(cells, "people_trained", ["甲县"]), "people_trained", ["甲县"], VOCAB, "zh")
    actual = trace_named(fig, "甲县", "actual")
    assert list(actual.y) == [1.6, 1.8]
    assert fig.layout.yaxis.title.text == "万人次"
    hover = actual.hovertext[0]
    for part in ("≥1.6万人次", "甲县", "2020", "完成", "甲县_2021_组织工作总结.txt"):
        assert part in hover, part
    assert list(actual.customdata[0][:2]) == ["甲县_2021_组织工作总结.txt", 0]


def test_trend_in_english(cells):
    fig = charts.trend_chart(of(cells, "people_trained", ["甲县"]), "people_trained", ["甲县"], VOCAB, "en")
    assert "≥16,000 person-times" in trace_named(fig, "甲县", "actual").hovertext[0]
    assert fig.layout.title.text == "People trained (person-times)"
    assert fig.layout.xaxis.title.text == "Year"


def test_conflicts_marked_with_both_sources(cells):
    fig = charts.trend_chart(of(cells, "people_trained", ["乙县"]), "people_trained", ["乙县"], VOCAB, "zh")
    actual = trace_named(fig, "乙县", "actual")
    assert list(actual.marker.symbol) == ["circle", "x"]
    hover = actual.hovertext[1]
    assert "冲突" in hover and "9500人次" in hover and "9900人次" in hover
    assert "乙县_2022_组织工作总结.txt" in hover and "乙县_2023_组织工作总结.txt" in hover


def test_targets_can_be_hidden(cells):
    fig = charts.trend_chart(of(cells, "people_trained", ["甲县"], ["actual"]), "people_trained", ["甲县"], VOCAB, "zh")
    assert {t.meta["kind"] for t in lines(fig)} == {"actual"}


def test_no_data_gives_a_message_not_an_error(cells):
    fig = charts.trend_chart(of(cells, "people_trained", ["丙县"]), "people_trained", ["丙县"], VOCAB, "zh")
    assert not fig.data and fig.layout.annotations[0].text == "没有可显示的数据。"
    assert not charts.ranking_chart(cells.iloc[0:0], "gdp", 2020, VOCAB, "zh").data
    assert not charts.heatmap_chart(of(cells, "nothing"), "nothing", VOCAB, "zh").data
    assert not charts.small_multiples(cells.iloc[0:0], [], ["甲县"], VOCAB, "zh").data
    assert not charts.targets_chart(cl.targets_vs_results(cells, "丙县", "gdp"), "丙县", "gdp", VOCAB, "zh").data


def test_document_text_is_escaped_in_charts(cells):
    """What plotly renders (names, hover texts, labels, titles) is escaped; ids in meta/customdata are data."""
    fig = charts.trend_chart(of(cells, "gdp"), "gdp", ["甲县<script>"], VOCAB, "zh")
    rendered = ([fig.layout.title.text] + [t.name for t in fig.data] + [h for t in lines(fig) for h in t.hovertext]
                + [a.text for a in fig.layout.annotations])
    rendered = " ".join(rendered)
    assert "<script>" not in rendered and "<b>x</b>" not in rendered
    assert "&lt;script&gt;" in rendered and "&lt;b&gt;x&lt;/b&gt;.txt" in rendered and "3050亿元" in rendered
    assert lines(fig)[0].customdata[0][0] == "<b>x</b>.txt"  # the key that finds the evidence, unchanged


def test_ranking_largest_on_top(cells):
    ranked = cl.ranking(cells, 2020)
    ranked = ranked[ranked["indicator"] == "people_trained"]
    fig = charts.ranking_chart(ranked, "people_trained", 2020, VOCAB, "zh")
    bar = fig.data[0]
    assert list(bar.y) == ["乙县", "甲县"]  # plotly draws the first at the bottom
    assert list(bar.x) == [0.9, 1.6]
    assert list(bar.text) == ["9000人次", "≥1.6万人次"]


def test_heatmap_regions_by_years(cells):
    fig = charts.heatmap_chart(of(cells, "people_trained", kinds=["actual"]), "people_trained", VOCAB, "zh")
    heat = fig.data[0]
    assert list(heat.y) == ["乙县", "甲县"] and list(heat.x) == ["2020", "2021"]
    assert heat.text[1][0] == "≥1.6万人次" and heat.text[0][1].startswith("⚠")
    assert list(heat.customdata[1][0][:2]) == ["甲县_2021_组织工作总结.txt", 0]


def test_small_multiples_one_panel_per_indicator(cells):
    fig = charts.small_multiples(of(cells, kinds=["actual"]), ["people_trained", "gdp"], ["甲县", "乙县"], VOCAB, "zh")
    titles = [a.text for a in fig.layout.annotations]
    assert titles[0].startswith("培训人次") and titles[1].startswith("地区生产总值")
    assert sum(1 for t in fig.data if t.showlegend) == 3  # one legend entry per region, 甲县<script> in gdp's panel


def test_targets_chart_colours_met_and_missed():
    rows = [
        row(kind="target", year=2021, doc_year=2021, value=6.0, unit="%", qualifier="about", doc="T21", start=1),
        row(kind="actual", year=2021, doc_year=2022, value=6.5, unit="%", doc="R22", start=2),
        row(kind="target", year=2022, doc_year=2022, value=7.0, unit="%", doc="T22", start=3),
        row(kind="actual", year=2022, doc_year=2023, value=5.0, unit="%", doc="R23", start=4),
        row(kind="target", year=2023, doc_year=2023, value=6.0, unit="%", doc="T23", start=5),
    ]
    tvr = cl.targets_vs_results(cl.cells(prepare_mentions(table(rows))), "甲县", "gdp")
    assert tvr["status"].tolist() == ["met", "missed", "pending"]
    fig = charts.targets_chart(tvr, "甲县", "gdp", VOCAB, "zh")
    target, *results = fig.data
    # one trace per verdict: each legend swatch is the colour of its bars
    assert [(r.name, r.marker.color, list(r.x)) for r in results] == [
        ("完成值：达成目标", charts.STATUS_COLORS["met"], [2021]), ("完成值：未达成", charts.STATUS_COLORS["missed"], [2022])]
    assert target.name == "目标" and target.marker.color == charts.TARGET_COLOR
    assert list(target.text) == ["约6%", "7%", "6%"]
    assert list(target.customdata[2][:2]) == ["T23", 5]


def test_targets_across_regions_ranked_with_matching_legend():
    rows = []
    for region, target, result in (("甲县", 6.0, 6.5), ("乙县", 7.0, 5.0), ("丙县", 6.0, 8.0), ("丁县", 6.0, None)):
        rows.append(row(region=region, kind="target", year=2021, doc_year=2021, value=target, unit="%",
                        doc=f"{region}_2021", start=1))
        if result is not None:
            rows.append(row(region=region, kind="actual", year=2021, doc_year=2022, value=result, unit="%",
                            doc=f"{region}_2022", start=2))
    rows.append(row(region="戊县", kind="actual", year=2021, doc_year=2022, value=9.0, unit="%", doc="戊县_2022"))
    across = cl.targets_across(cl.cells(prepare_mentions(table(rows))), "gdp", 2021)
    assert across["region"].tolist() == ["丙县", "甲县", "乙县", "丁县", "戊县"]  # best against its target first
    assert across["margin"].round(1).tolist()[:3] == [2.0, 0.5, -2.0]  # percentage points for a rate
    fig = charts.targets_across_chart(across, "gdp", 2021, VOCAB, "zh")
    names = {tr.name: tr for tr in fig.data}
    assert set(names) == {"目标", "完成值：达成目标", "完成值：未达成"}
    assert list(names["完成值：达成目标"].y) == ["甲县", "丙县"] and list(names["完成值：未达成"].y) == ["乙县"]
    assert list(fig.layout.yaxis.categoryarray) == ["丁县", "乙县", "甲县", "丙县"]  # the best on top; 戊县 set none
    summary = cl.summarise_targets(across, 2021)
    assert (summary.with_target, summary.met, summary.missed, summary.pending) == (4, 2, 1, 1)
    assert summary.median_target == 6.0 and summary.median_result == 6.5


# --------------------------------------------------------------------------
# A chart draws what it is given: names beside the frame order, never filter


def test_trend_draws_every_region_it_is_given_picked_ones_first(cells):
    fig = charts.trend_chart(of(cells, "people_trained"), "people_trained", ["乙县"], VOCAB, "zh")
    assert [t.meta["region"] for t in lines(fig)] == ["乙县", "甲县", "甲县"]
    assert trace_named(fig, "乙县", "actual").line.color == charts.PALETTE[0]  # the picked region keeps its colour


def test_trend_draws_targets_when_given_them(cells):
    fig = charts.trend_chart(of(cells, "people_trained", ["甲县"]), "people_trained", ["甲县"], VOCAB, "zh")
    assert {t.meta["kind"] for t in lines(fig)} == {"actual", "target"}


def test_heatmap_orders_rows_as_named_then_by_name(cells):
    heat = charts.heatmap_chart(of(cells, "people_trained", kinds=["actual"]), "people_trained", VOCAB, "zh",
                                regions=["甲县"]).data[0]
    assert list(heat.y) == ["甲县", "乙县"]


def test_small_multiples_panels_are_the_indicators_given(cells):
    fig = charts.small_multiples(of(cells, "gdp", kinds=["actual"]), ["people_trained", "gdp"], ["甲县"], VOCAB, "zh")
    assert [a.text for a in fig.layout.annotations] == ["地区生产总值（亿元）"]


def test_small_multiples_titles_in_english(cells):
    fig = charts.small_multiples(of(cells, kinds=["actual"]), ["people_trained"], ["甲县"], VOCAB, "en")
    assert fig.layout.annotations[0].text == "People trained (person-times)"  # not （…）


# --------------------------------------------------------------------------
# Honest lines: gaps, estimates, converted figures


def growth(region, year, value, **fields):
    doc = fields.pop("doc", f"{region}_{year + 1}_政府工作报告.txt")
    return row(region=region, year=year, doc_year=year + 1, indicator="gdp", value=value, unit="元", doc=doc,
               **fields)


def test_a_missing_year_is_a_gap_not_a_straight_line():
    cells = cl.cells(prepare_mentions(table([growth("甲县", 2020, 1e9), growth("甲县", 2021, 1.1e9),
                                             growth("甲县", 2024, 1.3e9)])))
    line = trace_named(charts.trend_chart(cells, "gdp", ["甲县"], VOCAB, "zh"), "甲县", "actual")
    assert list(line.x) == [2020, 2021, 2022, 2023, 2024]
    assert list(line.y) == [10.0, 11.0, None, None, 13.0] and line.connectgaps is False
    assert line.customdata[2][1] == -1 and line.hovertext[2] == ""  # nothing to select in a gap


def test_an_estimate_is_hollow_and_says_so():
    cells = cl.cells(prepare_mentions(table([growth("甲县", 2020, 1e9), growth("甲县", 2021, 1.1e9, estimate=True)])))
    line = trace_named(charts.trend_chart(cells, "gdp", ["甲县"], VOCAB, "zh"), "甲县", "actual")
    assert list(line.marker.symbol) == ["circle", "circle-open"]
    assert "预计数" in line.hovertext[1] and "预计数" not in line.hovertext[0]
    assert any(t.name == "预计数（空心）" for t in fig_keys(charts.trend_chart(cells, "gdp", ["甲县"], VOCAB, "zh")))


def test_a_converted_figure_says_how_it_was_stated():
    from dashboard import units
    frame = prepare_mentions(table([row(indicator="gdp", value=1.36e9, unit="斤", text="13.6亿斤"),
                                    row(indicator="gdp", value=5e5, unit="吨", year=2021, doc_year=2022,
                                        doc="甲县_2022_政府工作报告.txt")]))
    chart = units.choose(frame["unit"].value_counts())
    fig = charts.trend_chart(units.converted(cl.cells(frame), chart), "gdp", ["甲县"], VOCAB, "zh")
    hover = trace_named(fig, "甲县", "actual").hovertext[0]
    assert "68万吨" in hover and "原文 13.6亿斤" in hover


def fig_keys(fig):
    return [t for t in fig.data if t.meta and t.meta.get("key")]


# --------------------------------------------------------------------------
# Many regions: a few in colour, labelled at their ends, the rest grey

SIXTEEN = [f"{name}市" for name in "丹咸常文永海淮湘滁绵营葫襄鄂鞍黄"]


@pytest.fixture(scope="module")
def sixteen():
    rows = [growth(r, y, (n + 1) * 1e9 * (1 + (y - 2019) / 10), start=y) for n, r in enumerate(SIXTEEN)
            for y in range(2019, 2024)]
    return cl.cells(prepare_mentions(table(rows)))


def test_sixteen_regions_highlight_at_most_eight_over_grey(sixteen):
    fig = charts.trend_chart(sixteen, "gdp", SIXTEEN, VOCAB, "zh", colors=charts.region_colors(SIXTEEN))
    coloured = [t for t in lines(fig) if not t.meta["grey"]]
    grey = [t for t in lines(fig) if t.meta["grey"]]
    assert 0 < len({t.meta["region"] for t in coloured}) <= charts.MAX_HIGHLIGHT
    assert len(coloured) + len(grey) == len(SIXTEEN)
    assert {t.line.color for t in grey} == {charts.GREY} and charts.GREY not in {t.line.color for t in coloured}
    assert len({t.line.color for t in coloured}) == len(coloured)  # no two coloured lines alike
    labels = {a.name: a for a in fig.layout.annotations}
    assert set(labels) == {t.meta["region"] for t in coloured}  # a direct label at each coloured line's end
    assert all(labels[t.meta["region"]].font.color == t.line.color for t in coloured)
    assert not [t for t in fig.data if t.showlegend and t.meta.get("region")]  # no legend entry per region
    assert {t.name for t in fig_keys(fig)} == {"完成", "其他地区"}


def test_the_chosen_regions_are_the_highlighted_ones(sixteen):
    chosen = ["黄市", "丹市", "淮市"]
    fig = charts.trend_chart(sixteen, "gdp", SIXTEEN, VOCAB, "zh", highlight=chosen)
    assert [t.meta["region"] for t in lines(fig) if not t.meta["grey"]] == chosen


def test_a_region_keeps_its_colour_on_every_chart(sixteen):
    colors = charts.region_colors(SIXTEEN + ["另一个县"])
    one = charts.trend_chart(sixteen, "gdp", SIXTEEN, VOCAB, "zh", highlight=["湘市", "丹市"], colors=colors)
    two = charts.trend_chart(sixteen, "gdp", SIXTEEN, VOCAB, "zh", highlight=["鄂市", "湘市"], colors=colors)
    assert trace_named(one, "湘市", "actual").line.color == trace_named(two, "湘市", "actual").line.color == colors["湘市"]


def test_targets_are_drawn_for_the_highlighted_regions_only(sixteen):
    targets = cl.cells(prepare_mentions(table([row(region=r, year=2024, doc_year=2024, kind="target",
                                                   indicator="gdp", value=9e9, doc=f"{r}_2024_政府工作报告.txt")
                                               for r in SIXTEEN])))
    both = pd.concat([sixteen, targets], ignore_index=True)
    fig = charts.trend_chart(both, "gdp", SIXTEEN, VOCAB, "zh", highlight=["丹市"])
    assert [t.meta["region"] for t in lines(fig) if t.meta["kind"] == "target"] == ["丹市"]


# (ends of lines, gap, label positions): labels never overlap, order kept
SPREAD = [
    ([1.0, 1.0, 1.0], 1.0, [0.0, 1.0, 2.0]),
    ([5.0, 1.0], 1.0, [5.0, 1.0]),
    ([1.0, 1.5, 9.0], 1.0, [0.75, 1.75, 9.0]),
    ([], 1.0, []),
]


@pytest.mark.parametrize("ys, gap, expected", SPREAD)
def test_spread_labels(ys, gap, expected):
    assert charts.spread(ys, gap) == expected


# --------------------------------------------------------------------------
# Level, index, change; log scale

def test_index_and_change_axes(sixteen):
    from dashboard import measures
    two = sixteen[sixteen["region"].isin(["丹市", "咸市"])]
    index = measures.shown(two, "index", 2019)
    fig = charts.trend_chart(index.cells, "gdp", ["丹市"], VOCAB, "zh", measure="index", base_year=2019)
    assert fig.layout.yaxis.title.text == "指数（2019年=100）"
    assert list(trace_named(fig, "丹市", "actual").y) == [100.0, 110.0, 120.0, 130.0, 140.0]
    change = measures.shown(two, "change")
    fig = charts.trend_chart(change.cells, "gdp", ["丹市"], VOCAB, "en", measure="change")
    assert fig.layout.yaxis.title.text == "Change on the year before (%)"
    assert list(trace_named(fig, "丹市", "actual").x) == [2020, 2021, 2022, 2023]


def test_log_scale_only_for_positive_values(sixteen):
    assert charts.trend_chart(sixteen, "gdp", SIXTEEN, VOCAB, "zh", log=True).layout.yaxis.type == "log"
    falling = cl.cells(prepare_mentions(table([growth("甲县", 2020, -3.1), growth("甲县", 2021, 2.0)])))
    assert charts.trend_chart(falling, "gdp", ["甲县"], VOCAB, "zh", log=True).layout.yaxis.type == "linear"
