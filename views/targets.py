"""Targets vs results: each year's target (that year's report) beside its result (the next year's)."""
import streamlit as st

from dashboard import charts, tables
from dashboard.pages import targets as page
from views import bound, parts
from views import evidence_panel as panel
from views.words import language, tt


def read_settings(app, vocab) -> page.TargetSettings:
    col1, col2 = st.columns([3, 2])
    indicator = parts.indicator_picker(app.mentions, vocab, mask=page.target_rows(app.mentions), container=col1)
    if indicator is None:
        return page.TargetSettings(None)
    regions = page.region_choice(app.mentions, indicator)
    region = bound.bound_select("tregion", regions.options, regions.default, label=tt("pick.region"), container=col2)
    return page.TargetSettings(indicator, region)


def render(app, vocab, settings: page.TargetSettings, targets: page.Targets) -> None:
    if targets.hint:
        parts.stop_with(targets.hint)
    lang = language()
    m1, m2, m3 = st.columns(3)
    m1.metric(tt("status.met"), targets.count("met"))
    m2.metric(tt("status.missed"), targets.count("missed"))
    m3.metric(tt("status.pending"), targets.count("pending"))
    fig = charts.targets_chart(targets.years, settings.region, settings.indicator, vocab, lang)
    panel.chart(fig, "targets_chart", app, vocab)
    st.caption(tt("targets.rule"))
    st.dataframe(tables.targets_table(targets.years, lang), hide_index=True, width="stretch", key="targets_table")


parts.header("page.targets", "targets.caption")
parts.run(("indicator", "tregion"), read_settings, page.compute, render)
