"""Trends: one indicator over the years, a line per region; results solid, targets dashed."""
import streamlit as st

from dashboard import cells as cl
from dashboard import charts, tables
from dashboard import filters as sel
from views import bound, parts
from views import evidence_panel as panel
from views.loading import data, vocabulary
from views.words import language, tt

bound.keep_params(("indicator", "regions", "years", "targets"))
app, vocab, lang = data(), vocabulary(), language()
parts.header("page.trends", "trends.caption")

# --- settings
left, right = st.columns([2, 3])
indicator = parts.indicator_picker(app.mentions, vocab, container=left)
if indicator is None:
    parts.hint("hint.no_indicators")
    st.stop()
indicator_rows = sel.filter_mask(app.mentions, indicator=indicator, with_value=True)
by_region = sel.counts(app.mentions, "region", indicator_rows & sel.year_between(app.mentions["year"], None, None))
regions = bound.bound_multiselect("regions", sorted(by_region.index), by_region.index[:5].tolist(),
                              label=tt("pick.regions"), container=right,
                              placeholder=tt("pick.regions_placeholder"))
bounds = sel.year_bounds(app.mentions, indicator_rows)
a, b = st.columns([3, 1])
years = bound.bound_year_range("years", bounds, label=tt("pick.years"), container=a) if bounds else None
show_targets = bound.bound_toggle("targets", True, label=tt("pick.show_targets"), container=b)

if not regions:
    parts.hint("hint.pick_regions")
    st.stop()

# --- compute
mask = indicator_rows & sel.filter_mask(app.mentions, regions=regions, years=years,
                                        kinds=None if show_targets else ["actual"])
cells = cl.cells(app.mentions, mask)
if cells.empty:
    parts.hint("hint.no_data_selection")
    st.stop()

# --- render
fig = charts.trend_chart(cells, indicator, regions, vocab, lang)
panel.chart(fig, "trend_chart", app, vocab, caption=tt("hint.select_point"))

conflicting = cl.conflicts(cells)
if not conflicting.empty:
    n = int(cells["conflict"].sum())
    st.warning(tt("warn.conflicts", n=n))
    with st.expander(tt("conflicts.title", n=n), expanded=False):
        table = tables.conflicts_table(conflicting, vocab, lang)
        panel.table(table, "trend_conflicts", app, vocab)
