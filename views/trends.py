"""Trends: one indicator over the years, a line per region; results solid, targets dashed."""
import streamlit as st

from dashboard import cells as cl
from dashboard import charts, tables
from dashboard import filters as sel
from views import common as c

c.keep_params(("indicator", "regions", "years", "targets"))
app, vocab, lang = c.data(), c.vocab(), c.lang()
c.header("page.trends", "trends.caption")

# --- settings
left, right = st.columns([2, 3])
indicator = c.indicator_picker(app, vocab, container=left)
if indicator is None:
    c.hint("hint.no_indicators")
    st.stop()
indicator_rows = sel.filter_mask(app.mentions, indicator=indicator, with_value=True)
by_region = sel.counts(app.mentions, "region", indicator_rows & sel.year_between(app.mentions["year"], None, None))
regions = c.bound_multiselect("regions", sorted(by_region.index), by_region.index[:5].tolist(),
                              label=c.tt("pick.regions"), container=right,
                              placeholder=c.tt("pick.regions_placeholder"))
bounds = sel.year_bounds(app.mentions, indicator_rows)
a, b = st.columns([3, 1])
years = c.bound_year_range("years", bounds, label=c.tt("pick.years"), container=a) if bounds else None
show_targets = c.bound_toggle("targets", True, label=c.tt("pick.show_targets"), container=b)

if not regions:
    c.hint("hint.pick_regions")
    st.stop()

# --- compute
mask = indicator_rows & sel.filter_mask(app.mentions, regions=regions, years=years)
cells = cl.cells(app.mentions, mask)
if not show_targets:
    cells = cells[cells["kind"] == "actual"]
if cells.empty:
    c.hint("hint.no_data_selection")
    st.stop()

# --- render
fig = charts.trend_chart(cells, indicator, regions, vocab, lang, show_targets)
event = c.plotly(fig, "trend_chart")
st.caption(c.tt("hint.select_point"))
c.evidence_for_chart(event, app, vocab)

conflicting = cl.conflicts(cells)
if not conflicting.empty:
    n = int(cells["conflict"].sum())
    st.warning(c.tt("warn.conflicts", n=n))
    with st.expander(c.tt("conflicts.title", n=n), expanded=False):
        table = tables.conflicts_table(conflicting, vocab, lang)
        ev = st.dataframe(table, hide_index=True, width="stretch", key="trend_conflicts",
                          column_config=c.hidden_keys_config(), on_select="rerun", selection_mode="single-row")
        c.evidence_for_table(ev, table, app, vocab)
