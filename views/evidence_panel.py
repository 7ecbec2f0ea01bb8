"""The evidence panel: a figure's sentence and paragraph with the number marked, under whatever led to it."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import evidence as ev
from dashboard import selection
from dashboard.appdata import AppData
from dashboard.fmt import format_value
from dashboard.indicators import Indicators
from dashboard.markdown import escape_md
from dashboard.tables import KEY_COLUMNS
from views.loading import document_text
from views.words import language, tt

EVIDENCE_PAGE = "views/evidence.py"
HIDDEN_KEYS = {column: None for column in KEY_COLUMNS}  # column_config that hides a table's evidence keys


def show_evidence(app: AppData, doc: str, start: int, vocab: Indicators, *, link: bool = True,
                  mention: dict | None = None) -> bool:
    """The panel for the mention of ``doc`` at ``start`` (``mention``, when already found).

    False (and a warning) when it is not in the data.
    """
    row = mention if mention is not None else ev.find_mention(app.mentions, doc, start)
    if row is None:
        st.warning(tt("evidence.not_found", doc=doc, start=start))
        return False
    _panel(app, row, vocab, link)
    return True


def _panel(app: AppData, row: dict, vocab: Indicators, link: bool) -> None:
    lang = language()
    found = ev.build(row, document_text(app, row["doc"]))
    with st.container(border=True):
        figure = format_value(row.get("value"), row.get("unit"), row.get("qualifier"), row.get("high"), lang)
        indicator = vocab.label(row["indicator"], lang) if row.get("indicator") else tt("evidence.no_indicator")
        kind = tt(f"kind.{row['kind']}") if row.get("kind") in ("actual", "target") else "—"
        cols = st.columns([3, 2, 1, 1])  # the figure is the longest ("12.19 billion yuan")
        cols[0].metric(tt("col.figure"), figure)
        cols[1].metric(tt("col.region"), str(row.get("region") or "—"))
        cols[2].metric(tt("col.year"), str(row.get("year") or "—"))
        cols[3].metric(tt("col.kind"), kind)
        st.markdown(f"**{tt('col.indicator')}:** {escape_md(indicator)}  \n"
                    f"**{tt('col.label')}:** {escape_md(str(row.get('label') or '—'))}  \n"
                    f"**{tt('col.doc')}:** {escape_md(str(row['doc']))} · {tt('col.doc_year')} {row.get('doc_year') or '—'}"
                    f" · {tt('evidence.offset', start=row['start'], end=row['end'])}")
        if row.get("corrected"):
            st.caption(tt("evidence.corrected", original=str(row.get("original") or "—")))
        st.caption(tt("evidence.sentence"))
        st.html(f'<div class="evidence-sentence" style="font-size:1.05rem;line-height:1.8">'
                f'{ev.highlight_html(found.sentence, found.sentence_mark)}</div>')
        if found.paragraph is not None:
            st.caption(tt("evidence.paragraph"))
            st.html(f'<div class="evidence-paragraph" style="line-height:1.8;color:#444;white-space:pre-wrap">'
                    f'{ev.highlight_html(found.paragraph, found.paragraph_mark)}</div>')
        elif found.note:
            st.caption(tt(found.note))
        if link:
            st.page_link(EVIDENCE_PAGE, label=tt("evidence.open"), icon=":material/search:",
                         query_params={"doc": str(row["doc"]), "at": str(row["start"]), "lang": lang})


def _show(app: AppData, key: tuple[str, int] | None, vocab: Indicators) -> None:
    if key is not None:
        show_evidence(app, key[0], key[1], vocab)


def chart(fig, key: str, app: AppData, vocab: Indicators, caption: str | None = None) -> None:
    """A chart whose points can be selected (click, box or lasso); the first selected point's evidence below."""
    event = st.plotly_chart(fig, width="stretch", key=key, on_select="rerun",
                            selection_mode=("points", "box", "lasso"), config={"displaylogo": False})
    if caption:
        st.caption(caption)
    _show(app, selection.chart_key(event), vocab)


def table(frame: pd.DataFrame, key: str, app: AppData, vocab: Indicators, caption: str | None = None,
          **kwargs) -> tuple[str, int] | None:
    """A table with hidden evidence keys whose rows can be selected; the selected row's evidence below.

    Returns the selected mention's (doc, start), or None.
    """
    event = st.dataframe(frame, hide_index=True, width="stretch", key=key, column_config=HIDDEN_KEYS,
                         on_select="rerun", selection_mode="single-row", **kwargs)
    if caption:
        st.caption(caption)
    picked = selection.table_key(event, frame)
    _show(app, picked, vocab)
    return picked


def grid(frame: pd.DataFrame, keys: dict, key: str, app: AppData, vocab: Indicators, caption: str | None = None,
         **kwargs) -> None:
    """A table whose cells can be selected, ``keys`` mapping (row, column) to a mention; its evidence below."""
    event = st.dataframe(frame, hide_index=True, width="stretch", key=key, on_select="rerun",
                         selection_mode="single-cell", **kwargs)
    if caption:
        st.caption(caption)
    _show(app, selection.cell_key(event, keys), vocab)
