"""Evidence: any figure with its sentence (number marked), paragraph, document, region and year."""
import streamlit as st

from dashboard.pages import evidence as page
from views import bound, correct, parts
from views import evidence_panel as panel
from views.words import language, tt


def read_settings(app, vocab) -> page.EvidenceSettings:
    col1, col2 = st.columns([2, 3])
    docs = page.doc_choice(app.mentions)
    doc = bound.bound_select("doc", docs, docs[0] if docs else None, label=tt("pick.document"), container=col1)
    figures = page.figure_choice(app.mentions, doc, vocab, language())
    starts = list(figures)
    at = bound.bound_select("at", starts, starts[0] if starts else None, label=tt("pick.figure"), container=col2,
                            format_func=lambda s: figures.get(s, str(s)))
    return page.EvidenceSettings(doc, None if at is None else int(at))


def render(app, vocab, settings: page.EvidenceSettings, found: page.Found) -> None:
    if found.hint:
        parts.stop_with(found.hint)
    if panel.show_evidence(app, settings.doc, settings.at, vocab, link=False, mention=found.mention):
        correct.panel(app, found.mention, vocab)


parts.header("page.evidence", "evidence.caption")
parts.run(("doc", "at"), read_settings, page.compute, render, needs_mentions=True)
