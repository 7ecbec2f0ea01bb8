"""Table and download: every mention, filtered, searched and sorted; CSV and Excel files."""
import streamlit as st

from dashboard import evidence as ev
from dashboard import filters, tables
from dashboard.pages import table as page
from views import bound, correct, parts
from views import downloads as dl
from views import evidence_panel as panel
from views.words import language, tt


def read_settings(app, vocab) -> page.TableSettings:
    frame, lang = app.mentions, language()
    query = bound.bound_text("q", label=tt("pick.search"), placeholder=tt("pick.search_placeholder"))
    col1, col2, col3 = st.columns([3, 3, 2])
    indicators = bound.bound_multiselect(
        "ti", page.indicator_choice(frame, vocab), [], label=tt("pick.indicators"), container=col1,
        format_func=lambda i: tt("table.no_indicator") if i == page.NO_INDICATOR else vocab.option_label(i, lang),
        placeholder=tt("pick.all"))
    regions = bound.bound_multiselect("tr", page.region_choice(frame), [], label=tt("pick.regions"), container=col2,
                                      placeholder=tt("pick.all"))
    kinds = bound.bound_multiselect("tk", list(page.KINDS), [], label=tt("pick.kind"), container=col3,
                                    format_func=lambda k: tt(f"kind.{k}"), placeholder=tt("pick.all"))
    bounds = filters.year_bounds(frame)
    col4, col5, col6 = st.columns([4, 2, 1])
    years = bound.bound_year_range("ty", bounds, label=tt("pick.years"), container=col4) if bounds else None
    sort = bound.bound_select("sort", list(page.SORTS), "region", label=tt("pick.sort"), container=col5,
                              format_func=lambda s: tt(f"col.{s}"))
    descending = bound.bound_toggle("desc", False, label=tt("pick.descending"), container=col6)
    return page.TableSettings(query, tuple(indicators), tuple(regions), tuple(kinds),
                              page.year_filter(years, bounds), sort, descending)


def render(app, vocab, settings: page.TableSettings, selection: page.Selection) -> None:
    frame, lang, total = app.mentions, language(), len(selection.rows)
    st.caption(tt("table.count", n=f"{total:,}", all=f"{len(frame):,}")
               + (" " + tt("table.capped", shown=page.SHOWN) if total > page.SHOWN else ""))
    if selection.hint:
        parts.hint(selection.hint)
    else:
        table = tables.mentions_table(selection.shown, vocab, lang)
        picked = panel.table(table, "mentions_table", app, vocab, caption=tt("hint.select_row"), height=460)
        if picked is not None:
            correct.panel(app, ev.find_mention(frame, *picked), vocab)
    downloads(app, vocab, settings, selection)


def downloads(app, vocab, settings: page.TableSettings, selection: page.Selection) -> None:
    """The selection and the whole table, each with its codebook and note; built once when first clicked."""
    lang, total = language(), len(selection.rows)
    source = app.source.kind if app.source else "data"
    st.subheader(tt("table.download"))
    sel_name = page.selection_file_name(settings, source, total, lang)
    all_name = page.all_file_name(source, len(app.mentions), lang)
    what = tt("download.what_selection", name=sel_name[:-4])
    dl.table_downloads(app, vocab, settings, selection.rows, sel_name, all_name, what)


parts.header("page.table", "table.caption")
# not shared: a selection holds up to every row, too big to copy out of a cache
parts.run(("q", "ti", "tr", "tk", "ty", "sort", "desc"), read_settings, page.compute, render, needs_mentions=True,
          shared=False)
