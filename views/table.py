"""Table and download: every mention, filtered, searched and sorted; CSV and Excel files."""
import numpy as np
import streamlit as st

from dashboard import export, tables
from dashboard import filters as sel
from views import bound, parts
from views import evidence_panel as panel
from views.loading import data, vocabulary
from views.words import language, tt

SHOWN = 2000  # rows sent to the browser; downloads hold them all
SORTS = ("region", "doc_year", "year", "indicator", "value", "doc", "kind")
NONE = "_none"  # the "no indicator" choice
bound.keep_params(("q", "ti", "tr", "tk", "ty", "sort", "desc"))
app, vocab, lang = data(), vocabulary(), language()
parts.header("page.table", "table.caption")
frame = app.mentions
if frame.empty:
    parts.hint("hint.no_data_loaded")
    st.stop()

# --- settings
query = bound.bound_text("q", label=tt("pick.search"), placeholder=tt("pick.search_placeholder"))
col1, col2, col3 = st.columns([3, 3, 2])
indicator_options = vocab.order(sel.counts(frame, "indicator").index) + [NONE]
chosen_indicators = bound.bound_multiselect(
    "ti", indicator_options, [], label=tt("pick.indicators"), container=col1,
    format_func=lambda i: tt("table.no_indicator") if i == NONE else vocab.option_label(i, lang),
    placeholder=tt("pick.all"))
regions = bound.bound_multiselect("tr", sel.distinct(frame, "region"), [], label=tt("pick.regions"), container=col2,
                              placeholder=tt("pick.all"))
kinds = bound.bound_multiselect("tk", ["actual", "target"], [], label=tt("pick.kind"), container=col3,
                            format_func=lambda k: tt(f"kind.{k}"), placeholder=tt("pick.all"))
bounds = sel.year_bounds(frame)
col4, col5, col6 = st.columns([4, 2, 1])
years = bound.bound_year_range("ty", bounds, label=tt("pick.years"), container=col4) if bounds else None
sort = bound.bound_select("sort", list(SORTS), "region", label=tt("pick.sort"), container=col5,
                      format_func=lambda s: tt(f"col.{s}"))
descending = bound.bound_toggle("desc", False, label=tt("pick.descending"), container=col6)

# --- compute: one mask over the whole frame
mask = sel.filter_mask(frame, regions=regions, kinds=kinds, query=query)
if chosen_indicators:
    wanted = [i for i in chosen_indicators if i != NONE]
    pick = sel.isin(frame["indicator"], wanted) if wanted else np.zeros(len(frame), bool)
    if NONE in chosen_indicators:
        pick |= ~sel.notna(frame["indicator"])
    mask &= pick
if years is not None and bounds is not None and tuple(years) != tuple(bounds):
    mask &= sel.year_between(frame["year"], *years)  # rows without a year stay only while the range is whole
selected = frame[mask]
shown = sel.sort_rows(selected, sort, descending, limit=SHOWN)

# --- render
total = len(selected)
st.caption(tt("table.count", n=f"{total:,}", all=f"{len(frame):,}")
           + (" " + tt("table.capped", shown=SHOWN) if total > SHOWN else ""))
if total == 0:
    parts.hint("hint.no_rows")
else:
    table = tables.mentions_table(shown, vocab, lang)
    panel.table(table, "mentions_table", app, vocab, caption=tt("hint.select_row"), height=460)

# --- downloads: built only when clicked (a million rows take a while)
source_name = app.source.kind if app.source else "data"
parts = [source_name]
if chosen_indicators:
    parts.append(export.list_part([tt("table.no_indicator") if i == NONE else i for i in chosen_indicators],
                                  tt("file.more")))
if regions:
    parts.append(export.list_part(regions, tt("file.more")))
if kinds:
    parts.append("+".join(tt(f"kind.{k}") for k in kinds))
if years is not None and bounds is not None and tuple(years) != tuple(bounds):
    parts.append(f"{years[0]}-{years[1]}")
if query:
    parts.append(tt("file.search", q=query[:20]))
parts.append(tt("file.rows", n=total))
sel_name = export.file_name(tt("file.selection"), parts, "csv")
all_name = export.file_name(tt("file.all"), [source_name, tt("file.rows", n=len(frame))], "csv")
xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

st.subheader(tt("table.download"))
d1, d2, d3, d4 = st.columns(4)
d1.download_button(tt("download.selection_csv"), data=lambda: export.to_csv_bytes(selected),
                   file_name=sel_name, mime="text/csv", on_click="ignore", key="dl_sel_csv",
                   disabled=total == 0)
d2.download_button(tt("download.selection_xlsx"), data=lambda: export.to_excel_bytes(selected),
                   file_name=sel_name[:-4] + ".xlsx", mime=xlsx, on_click="ignore", key="dl_sel_xlsx",
                   disabled=total == 0)
d3.download_button(tt("download.all_csv"), data=lambda: export.to_csv_bytes(frame),
                   file_name=all_name, mime="text/csv", on_click="ignore", key="dl_all_csv")
d4.download_button(tt("download.all_xlsx"), data=lambda: export.to_excel_bytes(frame),
                   file_name=all_name[:-4] + ".xlsx", mime=xlsx, on_click="ignore", key="dl_all_xlsx")
if len(frame) > export.EXCEL_MAX_ROWS:
    st.caption(tt("download.excel_cap", n=f"{export.EXCEL_MAX_ROWS:,}"))
st.caption(tt("download.note"))
