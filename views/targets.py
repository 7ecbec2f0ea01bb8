"""Targets vs results: each year's target (that year's report) beside its result (the next year's)."""
import streamlit as st

from dashboard import cells as cl
from dashboard import charts, tables
from dashboard import filters as sel
from views import common as c

c.keep_params(("indicator", "tregion"))
app, vocab, lang = c.data(), c.vocab(), c.lang()
c.header("page.targets", "targets.caption")

# --- settings
targets = sel.filter_mask(app.mentions, kinds=["target"], with_indicator=True, with_value=True)
col1, col2 = st.columns([3, 2])
indicator = c.indicator_picker(app, vocab, mask=targets, container=col1)
if indicator is None:
    c.hint("hint.no_targets")
    st.stop()
indicator_rows = sel.filter_mask(app.mentions, indicator=indicator, with_value=True)
indicator_rows &= sel.year_between(app.mentions["year"], None, None)
by_region = sel.counts(app.mentions, "region", indicator_rows & targets)
region = c.bound_select("tregion", sorted(by_region.index), by_region.index[0] if len(by_region) else None,
                        label=c.tt("pick.region"), container=col2)
if region is None:
    c.hint("hint.no_targets")
    st.stop()

# --- compute
cells = cl.cells(app.mentions, indicator_rows & sel.equals(app.mentions["region"], region))
tvr = cl.targets_vs_results(cells, region, indicator)

# --- render
if tvr.empty:
    c.hint("hint.no_data_selection")
    st.stop()
met, missed = int((tvr["status"] == "met").sum()), int((tvr["status"] == "missed").sum())
m1, m2, m3 = st.columns(3)
m1.metric(c.tt("status.met"), met)
m2.metric(c.tt("status.missed"), missed)
m3.metric(c.tt("status.pending"), int((tvr["status"] == "pending").sum()))
event = c.plotly(charts.targets_chart(tvr, region, indicator, vocab, lang), "targets_chart")
c.evidence_for_chart(event, app, vocab)
st.caption(c.tt("targets.rule"))
table = tables.targets_table(tvr, lang)
st.dataframe(table, hide_index=True, width="stretch", key="targets_table")
