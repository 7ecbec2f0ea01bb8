"""Targets vs results: each year's target (that year's report) beside its result (the next year's)."""
import streamlit as st

from dashboard import cells as cl
from dashboard import charts, tables
from dashboard import filters as sel
from views import bound, parts
from views import evidence_panel as panel
from views.loading import data, vocabulary
from views.words import language, tt

bound.keep_params(("indicator", "tregion"))
app, vocab, lang = data(), vocabulary(), language()
parts.header("page.targets", "targets.caption")

# --- settings
targets = sel.filter_mask(app.mentions, kinds=["target"], with_indicator=True, with_value=True)
col1, col2 = st.columns([3, 2])
indicator = parts.indicator_picker(app.mentions, vocab, mask=targets, container=col1)
if indicator is None:
    parts.hint("hint.no_targets")
    st.stop()
indicator_rows = sel.filter_mask(app.mentions, indicator=indicator, with_value=True)
indicator_rows &= sel.year_between(app.mentions["year"], None, None)
by_region = sel.counts(app.mentions, "region", indicator_rows & targets)
region = bound.bound_select("tregion", sorted(by_region.index), by_region.index[0] if len(by_region) else None,
                        label=tt("pick.region"), container=col2)
if region is None:
    parts.hint("hint.no_targets")
    st.stop()

# --- compute
cells = cl.cells(app.mentions, indicator_rows & sel.equals(app.mentions["region"], region))
tvr = cl.targets_vs_results(cells, region, indicator)

# --- render
if tvr.empty:
    parts.hint("hint.no_data_selection")
    st.stop()
met, missed = int((tvr["status"] == "met").sum()), int((tvr["status"] == "missed").sum())
m1, m2, m3 = st.columns(3)
m1.metric(tt("status.met"), met)
m2.metric(tt("status.missed"), missed)
m3.metric(tt("status.pending"), int((tvr["status"] == "pending").sum()))
panel.chart(charts.targets_chart(tvr, region, indicator, vocab, lang), "targets_chart", app, vocab)
st.caption(tt("targets.rule"))
table = tables.targets_table(tvr, lang)
st.dataframe(table, hide_index=True, width="stretch", key="targets_table")
