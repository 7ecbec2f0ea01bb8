"""Regions: for one indicator and year, regions ranked; and a region × year heatmap."""
import streamlit as st

from dashboard import charts, notes, tables
from dashboard.pages import regions as page
from views import bound, downloads, parts
from views import evidence_panel as panel
from views.words import language, tt


def read_settings(app, vocab) -> page.RegionSettings:
    col1, col2, col3, col4 = st.columns([3, 1, 1, 2])
    indicator = parts.indicator_picker(app.mentions, vocab, container=col1)
    if indicator is None:
        return page.RegionSettings(None)
    kinds = page.kind_choice(app.mentions, indicator)
    kind = bound.bound_radio("kind", kinds, kinds[0], label=tt("pick.kind"), format_func=lambda k: tt(f"kind.{k}"),
                             container=col3)
    provinces = bound.bound_multiselect("provinces", page.province_choice(app.mentions, indicator), [],
                                        label=tt("pick.provinces"), container=col4,
                                        placeholder=tt("pick.all_provinces"))
    years = page.year_choice(app.mentions, indicator, kind, provinces)
    year = bound.bound_select("year", years, years[0] if years else None, label=tt("pick.year"), container=col2)
    return page.RegionSettings(indicator, year, kind, tuple(provinces))


def render(app, vocab, settings: page.RegionSettings, ranking: page.Ranking) -> None:
    if ranking.hint:
        parts.stop_with(ranking.hint)
    lang, year = language(), settings.year
    if ranking.ranked.empty:
        parts.hint("hint.no_data_year", year=year)
    else:
        st.subheader(tt("regions.ranking", year=year, n=ranking.total))
        if ranking.total > page.TOP:
            st.caption(tt("regions.top", top=page.TOP, n=ranking.total))
        fig = charts.ranking_chart(ranking.ranked, settings.indicator, year, vocab, lang)
        panel.chart(fig, "ranking_chart", app, vocab)
        said = [notes.coverage_note(ranking.coverage, lang), notes.unit_note(ranking.unit, lang)]
        for line in filter(None, said):
            st.caption(line)
        downloads.chart_data(app, vocab, ranking.ranked, "regions", settings.indicator, what=fig.layout.title.text,
                             notes=[n for n in said if n])
    st.subheader(tt("regions.heatmap"))
    heatmap = charts.heatmap_chart(ranking.heat, settings.indicator, vocab, lang, settings.kind,
                                   regions=ranking.heat_regions)
    panel.chart(heatmap, "heatmap_chart", app, vocab, caption=tt("hint.select_point"))
    if not ranking.conflicts.empty:
        st.warning(tt("warn.conflicts", n=ranking.n_conflicts))
        panel.table(tables.conflicts_table(ranking.conflicts, vocab, lang), "regions_conflicts", app, vocab)


parts.header("page.regions", "regions.caption")
parts.run(("indicator", "year", "kind", "provinces"), read_settings, page.compute, render)
