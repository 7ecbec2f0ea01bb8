"""Table and download: every mention, filtered, searched and sorted; CSV and Excel files."""
import numpy as np
import streamlit as st

from dashboard import export, tables
from dashboard import filters as sel
from views import common as c

SHOWN = 2000  # rows sent to the browser; downloads hold them all
SORTS = ("region", "doc_year", "year", "indicator", "value", "doc", "kind")
NONE = "_none"  # the "no indicator" choice
c.keep_params(("q", "ti", "tr", "tk", "ty", "sort", "desc"))
app, vocab, lang = c.data(), c.vocab(), c.lang()
c.header("page.table", "table.caption")
frame = app.mentions
if frame.empty:
    c.hint("hint.no_data_loaded")
    st.stop()

# --- settings
query = c.bound_text("q", label=c.tt("pick.search"), placeholder=c.tt("pick.search_placeholder"))
col1, col2, col3 = st.columns([3, 3, 2])
indicator_options = vocab.order(sel.counts(frame, "indicator").index) + [NONE]
chosen_indicators = c.bound_multiselect(
    "ti", indicator_options, [], label=c.tt("pick.indicators"), container=col1,
    format_func=lambda i: c.tt("table.no_indicator") if i == NONE else vocab.option_label(i, lang),
    placeholder=c.tt("pick.all"))
regions = c.bound_multiselect("tr", sel.distinct(frame, "region"), [], label=c.tt("pick.regions"), container=col2,
                              placeholder=c.tt("pick.all"))
kinds = c.bound_multiselect("tk", ["actual", "target"], [], label=c.tt("pick.kind"), container=col3,
                            format_func=lambda k: c.tt(f"kind.{k}"), placeholder=c.tt("pick.all"))
bounds = sel.year_bounds(frame)
col4, col5, col6 = st.columns([4, 2, 1])
years = c.bound_year_range("ty", bounds, label=c.tt("pick.years"), container=col4) if bounds else None
sort = c.bound_select("sort", list(SORTS), "region", label=c.tt("pick.sort"), container=col5,
                      format_func=lambda s: c.tt(f"col.{s}"))
descending = c.bound_toggle("desc", False, label=c.tt("pick.descending"), container=col6)

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
st.caption(c.tt("table.count", n=f"{total:,}", all=f"{len(frame):,}")
           + (" " + c.tt("table.capped", shown=SHOWN) if total > SHOWN else ""))
if total == 0:
    c.hint("hint.no_rows")
else:
    table = tables.mentions_table(shown, vocab, lang)
    event = st.dataframe(table, hide_index=True, width="stretch", height=460, key="mentions_table",
                         on_select="rerun", selection_mode="single-row",
                         column_config=c.hidden_keys_config())
    st.caption(c.tt("hint.select_row"))
    c.evidence_for_table(event, table, app, vocab)

# --- downloads: built only when clicked (a million rows take a while)
source_name = app.source.kind if app.source else "data"
parts = [source_name]
if chosen_indicators:
    parts.append(export.list_part([c.tt("table.no_indicator") if i == NONE else i for i in chosen_indicators],
                                  c.tt("file.more")))
if regions:
    parts.append(export.list_part(regions, c.tt("file.more")))
if kinds:
    parts.append("+".join(c.tt(f"kind.{k}") for k in kinds))
if years is not None and bounds is not None and tuple(years) != tuple(bounds):
    parts.append(f"{years[0]}-{years[1]}")
if query:
    parts.append(c.tt("file.search", q=query[:20]))
parts.append(c.tt("file.rows", n=total))
sel_name = export.file_name(c.tt("file.selection"), parts, "csv")
all_name = export.file_name(c.tt("file.all"), [source_name, c.tt("file.rows", n=len(frame))], "csv")
xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

st.subheader(c.tt("table.download"))
d1, d2, d3, d4 = st.columns(4)
d1.download_button(c.tt("download.selection_csv"), data=lambda: export.to_csv_bytes(selected),
                   file_name=sel_name, mime="text/csv", on_click="ignore", key="dl_sel_csv",
                   disabled=total == 0)
d2.download_button(c.tt("download.selection_xlsx"), data=lambda: export.to_excel_bytes(selected),
                   file_name=sel_name[:-4] + ".xlsx", mime=xlsx, on_click="ignore", key="dl_sel_xlsx",
                   disabled=total == 0)
d3.download_button(c.tt("download.all_csv"), data=lambda: export.to_csv_bytes(frame),
                   file_name=all_name, mime="text/csv", on_click="ignore", key="dl_all_csv")
d4.download_button(c.tt("download.all_xlsx"), data=lambda: export.to_excel_bytes(frame),
                   file_name=all_name[:-4] + ".xlsx", mime=xlsx, on_click="ignore", key="dl_all_xlsx")
if len(frame) > export.EXCEL_MAX_ROWS:
    st.caption(c.tt("download.excel_cap", n=f"{export.EXCEL_MAX_ROWS:,}"))
st.caption(c.tt("download.note"))
