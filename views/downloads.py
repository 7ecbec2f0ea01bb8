"""Download buttons: the data of a chart, and the table's selection or the whole table, each with its codebook.

Files are built when clicked and kept (``export.PREPARED``): a second click,
or another session on the same data, gets the same bytes at once.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import export
from views.words import language, tt

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"


def source_text(app) -> str:
    src = app.source
    return f"{tt('source.' + src.kind)} {src.path}" if src is not None else ""


def note(app, what: str, rows: pd.DataFrame, extra=()) -> export.Note:
    documents = int(rows["doc"].nunique()) if "doc" in rows.columns and len(rows) else 0
    return export.Note(what, source_text(app), documents, len(rows), tuple(extra))


def download_language() -> str:
    """The headers' language: the UI's, or the table's own field names when asked for (for programs)."""
    return "en" if st.session_state.get("dl_ids") else language()


def chart_data(app, vocab, cells: pd.DataFrame, page: str, indicator: str | None, what: str, notes=()) -> None:
    """A "data of this chart" download: the cells drawn, in the chart's unit, with the note and the codebook."""
    if cells is None or cells.empty:
        return
    lang = language()
    name = export.file_name(tt("file.chart"), [page, indicator, tt("file.rows", n=len(cells))], "xlsx")

    def build() -> bytes:  # when clicked: most reruns never need it
        rows = export.chart_rows(cells, lang)
        return export.excel(rows, vocab, lang, note(app, what, rows, notes))

    st.download_button(tt("download.chart"), data=build, file_name=name, mime=XLSX, on_click="ignore",
                       key=f"dl_chart_{page}", icon=":material/download:")


def table_downloads(app, vocab, settings, rows: pd.DataFrame, selection_name: str, all_name: str,
                    what: str) -> None:
    """The selection and the whole table, as Excel (data, note, codebook) and as a zip of CSV files."""
    frame, total = app.mentions, len(rows)
    st.toggle(tt("download.ids"), key="dl_ids", help=tt("download.ids_help"))
    lang = download_language()
    everything = tt("download.everything")

    def selection(kind: str):
        build = export.excel if kind == "xlsx" else export.csv_zip
        return lambda: export.PREPARED.get(frame, ("selection", settings, lang, kind),
                                           lambda: build(rows, vocab, lang, note(app, what, rows)))

    def whole(kind: str):
        build = export.excel if kind == "xlsx" else export.csv_zip
        return lambda: export.PREPARED.get(frame, ("all", lang, kind),
                                           lambda: build(frame, vocab, lang, note(app, everything, frame)))

    d1, d2, d3, d4 = st.columns(4)
    d1.download_button(tt("download.selection_csv"), data=selection("zip"), file_name=selection_name[:-4] + ".zip",
                       mime=ZIP, on_click="ignore", key="dl_sel_csv", disabled=total == 0)
    d2.download_button(tt("download.selection_xlsx"), data=selection("xlsx"), file_name=selection_name[:-4] + ".xlsx",
                       mime=XLSX, on_click="ignore", key="dl_sel_xlsx", disabled=total == 0)
    d3.download_button(tt("download.all_csv"), data=whole("zip"), file_name=all_name[:-4] + ".zip",
                       mime=ZIP, on_click="ignore", key="dl_all_csv")
    d4.download_button(tt("download.all_xlsx"), data=whole("xlsx"), file_name=all_name[:-4] + ".xlsx",
                       mime=XLSX, on_click="ignore", key="dl_all_xlsx")
    if len(frame) > export.EXCEL_MAX_ROWS:
        st.caption(tt("download.excel_cap", n=f"{export.EXCEL_MAX_ROWS:,}"))
    st.caption(tt("download.note"))
