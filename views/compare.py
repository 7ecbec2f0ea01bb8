"""Compare: 2–4 regions side by side, and small trend charts of the indicators they share."""
import numpy as np
import streamlit as st

from dashboard import cells as cl
from dashboard import charts, tables
from dashboard import filters as sel
from views import common as c

LATEST = "latest"
c.keep_params(("compare", "cyear", "ckind"))
app, vocab, lang = c.data(), c.vocab(), c.lang()
c.header("page.compare", "compare.caption")

# --- settings
with_figures = sel.filter_mask(app.mentions, with_indicator=True, with_value=True)
with_figures &= sel.year_between(app.mentions["year"], None, None)
by_region = sel.counts(app.mentions, "region", with_figures)
col1, col2, col3 = st.columns([4, 1, 1])
regions = c.bound_multiselect("compare", sorted(by_region.index), by_region.index[:2].tolist(),
                              label=c.tt("pick.compare_regions"), max_selections=4, container=col1,
                              placeholder=c.tt("pick.regions_placeholder"))
kind = c.bound_radio("ckind", ["actual", "target"], "actual", label=c.tt("pick.kind"),
                     format_func=lambda k: c.tt(f"kind.{k}"), container=col3)
mask = with_figures & sel.filter_mask(app.mentions, regions=regions, kinds=[kind]) if regions else np.zeros(len(app.mentions), bool)
bounds = sel.year_bounds(app.mentions, mask)
year_options = [LATEST] + (list(range(bounds[1], bounds[0] - 1, -1)) if bounds else [])
year = c.bound_select("cyear", year_options, LATEST, label=c.tt("pick.year"), container=col2,
                      format_func=lambda y: c.tt("pick.latest") if y == LATEST else str(y))
if len(regions) < 2:
    c.hint("hint.pick_two")
    st.stop()

# --- compute
cells = cl.cells(app.mentions, mask)
if cells.empty:
    c.hint("hint.no_data_selection")
    st.stop()
chosen = cl.latest(cells, None if year == LATEST else int(year))
table, keys = tables.compare_table(chosen, regions, vocab, lang)
shared = cl.shared_indicators(cells, regions, kind)

# --- render
st.subheader(c.tt("compare.table", year=c.tt("pick.latest") if year == LATEST else year))
if table.empty:
    c.hint("hint.no_data_selection")
else:
    event = st.dataframe(table, hide_index=True, width="stretch", key="compare_table",
                         height=min(35 * (len(table) + 1) + 3, 720),
                         on_select="rerun", selection_mode="single-cell")
    st.caption(c.tt("hint.select_cell"))
    try:
        picked = event["selection"]["cells"]
    except (KeyError, TypeError):
        picked = []
    if picked:
        row, column = picked[0][0], picked[0][1]
        key = keys.get((int(row), column))
        if key:
            c.show_evidence(app, key[0], key[1], vocabulary=vocab)

st.subheader(c.tt("compare.multiples_title", n=len(shared)))
if not shared:
    c.hint("hint.no_shared")
else:
    fig = charts.small_multiples(cells, shared, regions, vocab, lang, kind=kind)
    event = c.plotly(fig, "compare_multiples")
    c.evidence_for_chart(event, app, vocab)
