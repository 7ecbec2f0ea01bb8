"""Regions: for one indicator and year, regions ranked; and a region × year heatmap."""
import streamlit as st

from dashboard import cells as cl
from dashboard import charts, tables
from dashboard import filters as sel
from views import bound, parts
from views import evidence_panel as panel
from views.loading import data, vocabulary
from views.words import language, tt

bound.keep_params(("indicator", "year", "kind", "provinces"))
app, vocab, lang = data(), vocabulary(), language()
parts.header("page.regions", "regions.caption")

# --- settings
col1, col2, col3, col4 = st.columns([3, 1, 1, 2])
indicator = parts.indicator_picker(app.mentions, vocab, container=col1)
if indicator is None:
    parts.hint("hint.no_indicators")
    st.stop()
indicator_rows = sel.filter_mask(app.mentions, indicator=indicator, with_value=True)
kinds = [k for k in ("actual", "target") if sel.equals(app.mentions["kind"], k)[indicator_rows].any()] or ["actual"]
kind = bound.bound_radio("kind", kinds, kinds[0], label=tt("pick.kind"), format_func=lambda k: tt(f"kind.{k}"),
                     container=col3)
provinces = bound.bound_multiselect("provinces", sel.distinct(app.mentions, "province", indicator_rows), [],
                                label=tt("pick.provinces"), container=col4,
                                placeholder=tt("pick.all_provinces"))
mask = indicator_rows & sel.filter_mask(app.mentions, kinds=[kind], provinces=provinces)
bounds = sel.year_bounds(app.mentions, mask)
years = list(range(bounds[1], bounds[0] - 1, -1)) if bounds else []
year = bound.bound_select("year", years, years[0] if years else None, label=tt("pick.year"), container=col2)
if year is None:
    parts.hint("hint.no_data_selection")
    st.stop()

# --- compute
TOP = 40  # more bars or heatmap rows than this are unreadable (and slow): narrow by province
cells = cl.cells(app.mentions, mask)
ranked = cl.ranking(cells, year, kind)
total = len(ranked)
shown_regions = ranked["region"].head(TOP).tolist()
if len(shown_regions) < TOP:  # fill with regions that have figures in other years
    shown_regions += [r for r in cl.default_regions(cells, TOP * 2) if r not in shown_regions][: TOP - len(shown_regions)]

# --- render
if ranked.empty:
    parts.hint("hint.no_data_year", year=year)
else:
    st.subheader(tt("regions.ranking", year=year, n=total))
    if total > TOP:
        st.caption(tt("regions.top", top=TOP, n=total))
    panel.chart(charts.ranking_chart(ranked.head(TOP), indicator, year, vocab, lang), "ranking_chart", app, vocab)
st.subheader(tt("regions.heatmap"))
heat = cells[cells["region"].isin(shown_regions)]
panel.chart(charts.heatmap_chart(heat, indicator, vocab, lang, kind, regions=shown_regions), "heatmap_chart",
            app, vocab, caption=tt("hint.select_point"))
conflicting = cl.conflicts(cells[cells["year"] == year])
if not conflicting.empty:
    st.warning(tt("warn.conflicts", n=int(cells.loc[cells["year"] == year, "conflict"].sum())))
    table = tables.conflicts_table(conflicting, vocab, lang)
    panel.table(table, "regions_conflicts", app, vocab)
