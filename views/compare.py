"""Compare: 2–4 regions side by side, and small trend charts of the indicators they share."""
import numpy as np
import streamlit as st

from dashboard import cells as cl
from dashboard import charts, tables
from dashboard import filters as sel
from views import bound, parts
from views import evidence_panel as panel
from views.loading import data, vocabulary
from views.words import language, tt

LATEST = "latest"
bound.keep_params(("compare", "cyear", "ckind"))
app, vocab, lang = data(), vocabulary(), language()
parts.header("page.compare", "compare.caption")

# --- settings
with_figures = sel.filter_mask(app.mentions, with_indicator=True, with_value=True)
with_figures &= sel.year_between(app.mentions["year"], None, None)
by_region = sel.counts(app.mentions, "region", with_figures)
col1, col2, col3 = st.columns([4, 1, 1])
regions = bound.bound_multiselect("compare", sorted(by_region.index), by_region.index[:2].tolist(),
                              label=tt("pick.compare_regions"), max_selections=4, container=col1,
                              placeholder=tt("pick.regions_placeholder"))
kind = bound.bound_radio("ckind", ["actual", "target"], "actual", label=tt("pick.kind"),
                     format_func=lambda k: tt(f"kind.{k}"), container=col3)
mask = with_figures & sel.filter_mask(app.mentions, regions=regions, kinds=[kind]) if regions else np.zeros(len(app.mentions), bool)
bounds = sel.year_bounds(app.mentions, mask)
year_options = [LATEST] + (list(range(bounds[1], bounds[0] - 1, -1)) if bounds else [])
year = bound.bound_select("cyear", year_options, LATEST, label=tt("pick.year"), container=col2,
                      format_func=lambda y: tt("pick.latest") if y == LATEST else str(y))
if len(regions) < 2:
    parts.hint("hint.pick_two")
    st.stop()

# --- compute
cells = cl.cells(app.mentions, mask)
if cells.empty:
    parts.hint("hint.no_data_selection")
    st.stop()
chosen = cl.latest(cells, None if year == LATEST else int(year))
table, keys = tables.compare_table(chosen, regions, vocab, lang)
shared = cl.shared_indicators(cells, regions, kind)

# --- render
st.subheader(tt("compare.table", year=tt("pick.latest") if year == LATEST else year))
if table.empty:
    parts.hint("hint.no_data_selection")
else:
    panel.grid(table, keys, "compare_table", app, vocab, caption=tt("hint.select_cell"),
               height=min(35 * (len(table) + 1) + 3, 720))

st.subheader(tt("compare.multiples_title", n=len(shared)))
if not shared:
    parts.hint("hint.no_shared")
else:
    fig = charts.small_multiples(cells[cells["indicator"].isin(shared)], shared, regions, vocab, lang)
    panel.chart(fig, "compare_multiples", app, vocab)
