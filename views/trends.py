"""Trends: one indicator over the years, a line per region; results solid, targets dashed."""
import streamlit as st

from dashboard import charts, tables
from dashboard.pages import trends as page
from views import bound, parts
from views import evidence_panel as panel
from views.words import language, tt


def read_settings(app, vocab) -> page.TrendSettings:
    left, right = st.columns([2, 3])
    indicator = parts.indicator_picker(app.mentions, vocab, container=left)
    if indicator is None:
        return page.TrendSettings(None)
    regions = page.region_choice(app.mentions, indicator)
    picked = bound.bound_multiselect("regions", regions.options, regions.default, label=tt("pick.regions"),
                                     container=right, placeholder=tt("pick.regions_placeholder"))
    bounds = page.year_bounds(app.mentions, indicator)
    a, b = st.columns([3, 1])
    years = bound.bound_year_range("years", bounds, label=tt("pick.years"), container=a) if bounds else None
    show_targets = bound.bound_toggle("targets", True, label=tt("pick.show_targets"), container=b)
    return page.TrendSettings(indicator, tuple(picked), years, show_targets)


def render(app, vocab, settings: page.TrendSettings, trend: page.Trend) -> None:
    if trend.hint:
        parts.stop_with(trend.hint)
    lang = language()
    fig = parts.figure(charts.trend_chart, app, (settings, lang), trend.cells, settings.indicator,
                       list(settings.regions), vocab, lang)
    panel.chart(fig, "trend_chart", app, vocab, caption=tt("hint.select_point"))
    if not trend.conflicts.empty:
        st.warning(tt("warn.conflicts", n=trend.n_conflicts))
        with st.expander(tt("conflicts.title", n=trend.n_conflicts), expanded=False):
            panel.table(tables.conflicts_table(trend.conflicts, vocab, lang), "trend_conflicts", app, vocab)


parts.header("page.trends", "trends.caption")
parts.run(("indicator", "regions", "years", "targets"), read_settings, page.compute, render)
