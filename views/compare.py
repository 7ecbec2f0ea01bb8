"""Compare: 2–4 regions side by side, and small trend charts of the indicators they share."""
import streamlit as st

from dashboard import charts, notes, tables
from dashboard.pages import compare as page
from views import bound, downloads, parts
from views import evidence_panel as panel
from views.words import language, tt

LATEST = "latest"  # the year choice (and URL value) for each region's latest figure


def year_label(year) -> str:
    return tt("pick.latest") if year in (LATEST, None) else str(year)


def read_settings(app, vocab) -> page.CompareSettings:
    regions = page.region_choice(app.mentions)
    col1, col2, col3 = st.columns([4, 1, 1])
    picked = bound.bound_multiselect("compare", regions.options, regions.default, label=tt("pick.compare_regions"),
                                     max_selections=page.MAX_REGIONS, container=col1,
                                     placeholder=tt("pick.regions_placeholder"))
    kind = bound.bound_radio("ckind", ["actual", "target"], "actual", label=tt("pick.kind"),
                             format_func=lambda k: tt(f"kind.{k}"), container=col3)
    years = [LATEST] + page.year_choice(app.mentions, picked, kind)
    year = bound.bound_select("cyear", years, LATEST, label=tt("pick.year"), container=col2, format_func=year_label)
    return page.CompareSettings(tuple(picked), None if year == LATEST else int(year), kind)


def render(app, vocab, settings: page.CompareSettings, comparison: page.Comparison) -> None:
    if comparison.hint:
        parts.stop_with(comparison.hint)
    lang, regions = language(), list(settings.regions)
    table, keys = tables.compare_table(comparison.latest, regions, vocab, lang)
    st.subheader(tt("compare.table", year=year_label(settings.year)))
    if table.empty:
        parts.hint("hint.no_data_selection")
    else:
        panel.grid(table, keys, "compare_table", app, vocab, caption=tt("hint.select_cell"),
                   height=min(35 * (len(table) + 1) + 3, 720))
        if not comparison.conflicts.empty:
            n = int(comparison.latest["conflict"].sum())
            st.warning(tt("warn.conflicts_table", n=n))
            with st.expander(tt("conflicts.title", n=n), expanded=False):
                panel.table(tables.conflicts_table(comparison.conflicts, vocab, lang), "compare_conflicts", app, vocab)
    st.subheader(tt("compare.multiples_title", n=len(comparison.shared)))
    if not comparison.shared:
        parts.hint("hint.no_shared")
    else:
        fig = charts.small_multiples(comparison.multiples, comparison.shared, regions, vocab, lang,
                                     colors=parts.colors(app.mentions))
        panel.chart(fig, "compare_multiples", app, vocab)
        st.caption(notes.coverage_note(notes.coverage(comparison.multiples, regions), lang))
        downloads.chart_data(app, vocab, comparison.multiples, "compare", None, what=tt("compare.multiples"))


parts.header("page.compare", "compare.caption")
parts.run(("compare", "cyear", "ckind"), read_settings, page.compute, render)
