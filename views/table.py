"""Table and download: every mention, filtered, searched and sorted; CSV and Excel files."""
import streamlit as st

from dashboard import evidence as ev
from dashboard import export, filters, tables
from dashboard.pages import table as page
from views import bound, correct, parts
from views import evidence_panel as panel
from views.words import language, tt

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
    downloads(app, settings, selection)


def downloads(app, settings: page.TableSettings, selection: page.Selection) -> None:
    """The selection and the whole table as CSV and Excel, built only when clicked (a million rows take a while)."""
    frame, lang, total = app.mentions, language(), len(selection.rows)
    source = app.source.kind if app.source else "data"
    sel_name = page.selection_file_name(settings, source, total, lang)
    all_name = page.all_file_name(source, len(frame), lang)
    st.subheader(tt("table.download"))
    d1, d2, d3, d4 = st.columns(4)
    d1.download_button(tt("download.selection_csv"), data=lambda: export.to_csv_bytes(selection.rows),
                       file_name=sel_name, mime="text/csv", on_click="ignore", key="dl_sel_csv",
                       disabled=total == 0)
    d2.download_button(tt("download.selection_xlsx"), data=lambda: export.to_excel_bytes(selection.rows),
                       file_name=sel_name[:-4] + ".xlsx", mime=XLSX, on_click="ignore", key="dl_sel_xlsx",
                       disabled=total == 0)
    d3.download_button(tt("download.all_csv"), data=lambda: export.to_csv_bytes(frame),
                       file_name=all_name, mime="text/csv", on_click="ignore", key="dl_all_csv")
    d4.download_button(tt("download.all_xlsx"), data=lambda: export.to_excel_bytes(frame),
                       file_name=all_name[:-4] + ".xlsx", mime=XLSX, on_click="ignore", key="dl_all_xlsx")
    if len(frame) > export.EXCEL_MAX_ROWS:
        st.caption(tt("download.excel_cap", n=f"{export.EXCEL_MAX_ROWS:,}"))
    st.caption(tt("download.note"))


parts.header("page.table", "table.caption")
# not shared: a selection holds up to every row, too big to copy out of a cache
parts.run(("q", "ti", "tr", "tk", "ty", "sort", "desc"), read_settings, page.compute, render, needs_mentions=True,
          shared=False)
