"""Evidence: any figure with its sentence (number marked), paragraph, document, region and year."""
import numpy as np
import streamlit as st

from dashboard import filters as sel
from dashboard.fmt import format_value
from views import bound, parts
from views import evidence_panel as panel
from views.loading import data, vocabulary
from views.words import language, tt

bound.keep_params(("doc", "at"))
app, vocab, lang = data(), vocabulary(), language()
parts.header("page.evidence", "evidence.caption")
frame = app.mentions
if frame.empty:
    parts.hint("hint.no_data_loaded")
    st.stop()

# --- settings: a document, then one of its figures
col1, col2 = st.columns([2, 3])
docs = sel.distinct(frame, "doc")
doc = bound.bound_select("doc", docs, docs[0] if docs else None, label=tt("pick.document"), container=col1)
if doc is None:
    parts.hint("hint.no_data_loaded")
    st.stop()
in_doc = np.flatnonzero(sel.equals(frame["doc"], doc))
rows = frame.iloc[in_doc].sort_values("start", kind="stable")
starts = rows["start"].drop_duplicates().tolist()
labels = {}
for r in rows.drop_duplicates("start").to_dict("records"):
    figure = format_value(r["value"], r["unit"], r["qualifier"], r["high"], lang)
    what = vocab.label(r["indicator"], lang, with_unit=False) if isinstance(r["indicator"], str) else (r["label"] or "")
    labels[r["start"]] = f"{r['text']} · {what} · {figure}"
at = bound.bound_select("at", starts, starts[0] if starts else None, label=tt("pick.figure"), container=col2,
                    format_func=lambda s: labels.get(s, str(s)))

# --- render
if at is None:
    parts.hint("hint.no_figures_in_doc")
    st.stop()
panel.show_evidence(app, doc, int(at), vocab, link=False)
