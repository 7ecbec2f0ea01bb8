"""Correcting a figure (value, year, kind, indicator, region, or "not a figure") and undoing it, under its evidence."""
from __future__ import annotations

import streamlit as st

from dashboard import places
from dashboard.appdata import AppData
from dashboard.corrections import changes_from_form, describe, merged, plain_number
from dashboard.indicators import Indicators
from dashboard.markdown import escape_md
from dashboard.pages.documents import year_choice
from dashboard.userstore import NotAllowed
from extract.uploads import text_hash
from views import access, loading
from views.words import language, tt

NONE = ""  # the "none" choice of year, indicator and region


def _key(row: dict, part: str) -> str:
    return f"correct_{part}_{row['doc']}_{row['start']}_{row['end']}"


def panel(app: AppData, row: dict | None, vocab: Indicators) -> None:
    """The correction (if any) of the figure with undo, and a form to correct it."""
    if row is None:
        return
    lang = language()
    store = loading.user_store()
    existing = store.snapshot().correction_of(row["doc"], row["start"], row["end"])
    who = access.identity()
    if existing is not None:
        with st.container(border=True):
            st.markdown(f"**{tt('correct.corrected')}** · {escape_md(describe(existing.changes))}  \n"
                        f"{tt('correct.original')}: {escape_md(str(row.get('original') or '—'))}  \n"
                        f"{tt('correct.by', who=escape_md(existing.author), when=existing.made_at.strftime('%Y-%m-%d %H:%M'))}"
                        + (f"  \n{tt('correct.why')}: {escape_md(existing.note)}" if existing.note else ""))
            if st.button(tt("correct.undo"), key=_key(row, "undo"), disabled=who is None, icon=":material/undo:"):
                try:
                    store.undo_correction(who, existing.id)
                    st.rerun()
                except NotAllowed:
                    access.why_not()
    with st.expander(tt("correct.title"), expanded=False):
        if who is None:
            access.why_not()
        form(app, row, vocab, lang, existing, who)


def form(app: AppData, row: dict, vocab: Indicators, lang: str, existing, who) -> None:
    import datetime

    years = [NONE] + year_choice(datetime.date.today().year)
    indicators = [NONE] + list(vocab.ids or ())
    if row.get("indicator") and row["indicator"] not in indicators:
        indicators.append(row["indicator"])
    regions = places.region_options(sorted({(r, p) for r, p in zip(app.documents["region"].dropna().astype(object),
                                                                     app.documents["province"].astype(object))
                                            if isinstance(r, str)}))
    by_key = {p.key: p for p in regions}
    at = places.find(regions, row.get("region"), row.get("province"))
    region_keys = [NONE] + [p.key for p in regions]
    with st.form(_key(row, "form"), border=False):
        c1, c2, c3 = st.columns([2, 1, 1])
        value = c1.text_input(tt("correct.value"), value=plain_number(row.get("value")), key=_key(row, "value"),
                              help=tt("correct.value_help", unit=row.get("unit") or "—"))
        year = c2.selectbox(tt("col.year"), years, index=years.index(row["year"]) if row.get("year") in years else 0,
                            key=_key(row, "year"), format_func=lambda y: str(y) if y else tt("correct.none"))
        kind = c3.radio(tt("col.kind"), ["actual", "target"], index=1 if row.get("kind") == "target" else 0,
                        key=_key(row, "kind"), format_func=lambda k: tt(f"kind.{k}"), horizontal=True)
        indicator = st.selectbox(tt("col.indicator"), indicators,
                                 index=indicators.index(row["indicator"]) if row.get("indicator") in indicators else 0,
                                 key=_key(row, "indicator"),
                                 format_func=lambda i: vocab.option_label(i, lang) if i else tt("correct.none"))
        region = st.selectbox(tt("col.region"), region_keys, index=region_keys.index(at.key) if at else 0,
                              key=_key(row, "region"),
                              format_func=lambda k: places.label(by_key[k], lang) if k in by_key else tt("correct.none"))
        not_figure = st.checkbox(tt("correct.not_figure"), value=False, key=_key(row, "not_figure"))
        note = st.text_area(tt("correct.note"), key=_key(row, "note"), max_chars=2000, height=70)
        author = st.text_input(tt("correct.author"), key=_key(row, "author"), max_chars=100,
                               placeholder=who.name if who else "")
        submitted = st.form_submit_button(tt("correct.save"), disabled=who is None, type="primary",
                                          key=_key(row, "save"))
    if not submitted:
        return
    try:
        changes = changes_from_form(row, value=value, year=year or None, kind=kind, indicator=indicator or None,
                                    region=by_key.get(region), not_figure=not_figure)
    except ValueError as exc:
        st.error(tt("correct.invalid", error=str(exc)))
        return
    if not changes:
        st.info(tt("correct.nothing"))
        return
    text = loading.document_text(app, row["doc"])
    try:
        loading.user_store().add_correction(
            who, row["doc"], row["start"], row["end"], row.get("text") or "", merged(existing, changes),
            note=note, author=author, text_hash=text_hash(text) if text is not None else None)
    except NotAllowed:
        access.why_not()
        return
    except (OSError, ValueError) as exc:
        st.error(tt("correct.invalid", error=str(exc)))
        return
    st.rerun()
