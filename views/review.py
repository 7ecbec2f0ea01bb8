"""Review: conflicts, estimates and doubtful figures to work through, largest first; corrections and their undo."""
import streamlit as st

from dashboard import corrections, tables
from dashboard import evidence as ev
from dashboard.pages import review as page
from views import bound, correct, parts
from views import evidence_panel as panel
from views.loading import data, vocabulary
from views.words import language, tt

ALL = "_all"  # the indicator choice for every indicator


def read_settings(app, vocab) -> page.ReviewSettings:
    lang = language()
    col1, col2 = st.columns([3, 2])
    reasons = bound.bound_multiselect("rv", list(page.REASONS), list(page.REASONS), label=tt("review.reasons"),
                                      container=col1, format_func=lambda r: tt(f"review.reason.{r}"),
                                      placeholder=tt("review.pick_reason"))
    present = vocab.order(app.mentions["indicator"].dropna().unique())
    indicator = bound.bound_select("ri", [ALL] + present, ALL, label=tt("pick.indicator"), container=col2,
                                   format_func=lambda i: tt("pick.all") if i == ALL else vocab.option_label(i, lang))
    return page.ReviewSettings(tuple(reasons), None if indicator in (ALL, None) else indicator)


def render(app, vocab, settings: page.ReviewSettings, review: page.Review) -> None:
    lang = language()
    cols = st.columns(len(page.REASONS))
    for col, reason in zip(cols, page.REASONS):
        col.metric(tt(f"review.reason.{reason}"), f"{review.counts[reason]:,}")
    if review.hint:
        parts.hint(review.hint)
    else:
        st.caption(tt("review.shown", n=len(review.rows), shown=page.SHOWN))
        table = tables.review_table(review.rows, vocab, lang)
        picked = panel.table(table, "review_table", app, vocab, caption=tt("hint.select_row"), height=420)
        if picked is not None:
            correct.panel(app, ev.find_mention(app.mentions, *picked), vocab)
    outcome = app.outcome
    if outcome.stale or outcome.missing:
        st.warning(tt("review.stale", n=len(outcome.stale) + len(outcome.missing)))
        st.dataframe(tables.corrections_table(outcome.stale + outcome.missing, corrections.describe, lang),
                     hide_index=True, width="stretch", key="stale_table", column_config=panel.HIDDEN_KEYS)
    st.subheader(tt("review.corrections", n=len(outcome.applied)))
    if outcome.applied:
        st.dataframe(tables.corrections_table(outcome.applied, corrections.describe, lang), hide_index=True,
                     width="stretch", key="corrections_table", column_config=panel.HIDDEN_KEYS)
    else:
        parts.hint("review.no_corrections")


parts.header("page.review", "review.caption")
bound.keep_params(("rv", "ri"))
app, vocab = data(), vocabulary()
settings = read_settings(app, vocab)
render(app, vocab, settings, parts.computed(page.compute, app, settings, vocab))
