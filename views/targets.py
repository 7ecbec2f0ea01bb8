"""Targets vs results: every region's target and result for a year, and one region's years side by side."""
import streamlit as st

from dashboard import charts, notes, tables
from dashboard.fmt import format_value
from dashboard.pages import targets as page
from views import bound, downloads, parts
from views import evidence_panel as panel
from views.words import language, tt


def read_settings(app, vocab) -> page.TargetSettings:
    col1, col2, col3 = st.columns([3, 1, 2])
    indicator = parts.indicator_picker(app.mentions, vocab, mask=page.target_rows(app.mentions), container=col1)
    if indicator is None:
        return page.TargetSettings(None)
    years = page.year_choice(app.mentions, indicator)
    year = bound.bound_select("tyear", years.options, years.default, label=tt("pick.year"), container=col2)
    regions = page.region_choice(app.mentions, indicator)
    region = bound.bound_select("tregion", regions.options, regions.default, label=tt("pick.region"), container=col3)
    return page.TargetSettings(indicator, region, year)


def render_across(app, vocab, settings: page.TargetSettings, targets: page.Targets, lang: str) -> None:
    """How many regions set a target for the year, how many met it, the medians, and the regions ranked."""
    s = targets.summary
    st.subheader(tt("targets.across", year=settings.year))
    unit = targets.unit.unit
    m = st.columns(5)
    m[0].metric(tt("targets.with_target"), f"{s.with_target} / {s.regions}")
    m[1].metric(tt("status.met"), s.met)
    m[2].metric(tt("status.missed"), s.missed)
    m[3].metric(tt("targets.median_target"), format_value(s.median_target, unit, "exact", None, lang))
    m[4].metric(tt("targets.median_result"), format_value(s.median_result, unit, "exact", None, lang))
    st.caption(tt("targets.across_note", pending=s.pending))
    fig = charts.targets_across_chart(targets.across, settings.indicator, settings.year, vocab, lang)
    panel.chart(fig, "targets_across_chart", app, vocab, caption=tt("hint.select_point"))
    unit_note = notes.unit_note(targets.unit, lang)
    if unit_note:
        st.caption(unit_note)
    downloads.chart_data(app, vocab, targets.across, "targets_across", settings.indicator,
                         what=fig.layout.title.text, notes=[n for n in (unit_note,) if n])
    with st.expander(tt("targets.ranked", n=len(targets.across)), expanded=False):
        panel.table(tables.targets_across_table(targets.across, lang), "targets_across_table", app, vocab)


def render(app, vocab, settings: page.TargetSettings, targets: page.Targets) -> None:
    lang = language()
    if settings.indicator and settings.year is not None:
        render_across(app, vocab, settings, targets, lang)
    if targets.hint:
        parts.stop_with(targets.hint)
    st.subheader(tt("targets.one_region", region=settings.region))
    m1, m2, m3 = st.columns(3)
    m1.metric(tt("status.met"), targets.count("met"))
    m2.metric(tt("status.missed"), targets.count("missed"))
    m3.metric(tt("status.pending"), targets.count("pending"))
    fig = charts.targets_chart(targets.years, settings.region, settings.indicator, vocab, lang)
    panel.chart(fig, "targets_chart", app, vocab)
    st.caption(tt("targets.rule"))
    st.dataframe(tables.targets_table(targets.years, lang), hide_index=True, width="stretch", key="targets_table")
    downloads.chart_data(app, vocab, targets.years.assign(region=settings.region), "targets", settings.indicator,
                         what=fig.layout.title.text)


parts.header("page.targets", "targets.caption")
parts.run(("indicator", "tyear", "tregion"), read_settings, page.compute, render)
