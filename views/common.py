"""What every page shares: language, data, URL-bound widgets, the evidence panel.

URL state: a page's settings live in keyed widgets whose first value comes
from the URL (when valid), else from what the user last chose on any page
this session, else the default; after each widget the URL is updated, with
defaults left out so links stay short. Validation is done by the pure
parsers in ``dashboard.urlstate``: unknown or malformed parameters give the
default, never an error.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
import pandas as pd
import streamlit as st

from dashboard import evidence as ev
from dashboard import filters as sel
from dashboard import frame as fr
from dashboard import i18n, urlstate
from dashboard.fmt import format_value
from dashboard.indicators import Indicators, from_catalog
from extract import store

LANG_KEY = "lang"
MEMORY_KEY = "_remembered"
FORCED_KEY = "_fallbacks"
UPLOADS_KEY = "_uploads"  # file_id -> extracted upload (a store.Dataset)
GLOBAL_PARAMS = ("lang",)
EVIDENCE_PAGE = "views/evidence.py"


# --------------------------------------------------------------------------
# Language


def lang() -> str:
    return i18n.language(st.session_state.get(LANG_KEY))


def tt(key: str, **values) -> str:
    """The UI words for ``key`` in the current language."""
    return i18n.t(key, lang(), **values)


def language_picker() -> str:
    """The sidebar language switch, bound to ``?lang=``."""
    bound_radio(LANG_KEY, list(i18n.LANGUAGES), i18n.DEFAULT_LANGUAGE,
                label="语言 / Language", format_func=lambda code: i18n.t(f"language.{code}", code),
                container=st.sidebar, horizontal=True)
    return lang()


# --------------------------------------------------------------------------
# URL-bound widgets


def _raw_param(key: str):
    if key not in st.query_params:
        return None
    values = st.query_params.get_all(key)
    return values[0] if len(values) == 1 else values


def _memory() -> dict:
    return st.session_state.setdefault(MEMORY_KEY, {})


def _forced() -> dict:
    """Per key, a value a page had to fall back to because the user's choice is not offered there."""
    return st.session_state.setdefault(FORCED_KEY, {})


def _seed(key: str, valid: Callable[[object], bool], from_url: Callable[[object], object], default) -> None:
    """Give a widget its value before it is drawn: the current one, else the URL's, the remembered one, the default.

    A value a page only fell back to (the remembered choice was not among its
    options) gives way to the remembered choice on the next page that offers it.
    """
    forced = _forced()
    current = st.session_state.get(key)
    fallback = key in forced and forced[key] == current
    if key in st.session_state and valid(current) and not fallback:
        # Written back on purpose: a value another page's widget left behind counts only
        # when set through the Session State API; otherwise the new widget starts at its default.
        st.session_state[key] = current
        return
    remembered = _memory().get(key)
    raw = _raw_param(key)
    value = from_url(raw) if raw is not None else None
    if value is not None and valid(value) and not (key in forced and forced[key] == value):
        forced.pop(key, None)
    elif remembered is not None and valid(remembered):
        value = remembered
        forced.pop(key, None)
    elif fallback and valid(current):
        value = current
    else:
        value = default
        if remembered is not None:
            forced[key] = value  # keep the user's choice in memory for pages that offer it
    st.session_state[key] = value


def _publish(key: str, value, default) -> None:
    """Remember the choice for other pages and put it in the URL (defaults left out)."""
    forced = _forced()
    if key in forced and forced[key] != value:
        del forced[key]  # the user chose here
    if key not in forced:
        _memory()[key] = value
    text = None if value == default else urlstate.serialise(value)
    current = st.query_params.get(key) if key in st.query_params else None
    if text is None:
        if current is not None:
            del st.query_params[key]
    elif current != text or len(st.query_params.get_all(key)) > 1:
        st.query_params[key] = text


def _bound_choice(widget, key: str, options: Sequence, default, *, label: str, format_func=str, **kwargs):
    """A one-of-many widget whose value is in the URL (unknown values fall back to the default)."""
    if default not in options:
        default = options[0]
    _seed(key, lambda v: v in options, lambda raw: urlstate.choice(raw, options, None), default)
    value = widget(label, options, key=key, format_func=format_func, **kwargs)
    _publish(key, value, default)
    return value


def bound_select(key: str, options: Sequence, default, *, label: str, format_func=str, container=None, **kwargs):
    """A selectbox whose value is in the URL; None when there are no options."""
    container = container or st
    options = list(options)
    if not options:
        container.selectbox(label, [], key=f"{key}__empty", disabled=True, **kwargs)
        return None
    return _bound_choice(container.selectbox, key, options, default, label=label, format_func=format_func, **kwargs)


def bound_radio(key: str, options: Sequence, default, *, label: str, format_func=str, container=None, **kwargs):
    """Radio buttons whose value is in the URL."""
    container = container or st
    return _bound_choice(container.radio, key, list(options), default, label=label, format_func=format_func, **kwargs)


def bound_multiselect(key: str, options: Sequence, default: Sequence, *, label: str, format_func=str,
                      max_selections: int | None = None, container=None, **kwargs) -> list:
    """A multiselect whose values are in the URL (``key=a,b``); choices no longer offered are dropped."""
    container = container or st
    options = list(options)
    default = [d for d in default if d in options][: max_selections or None]

    def valid(v) -> bool:
        return isinstance(v, list) and all(x in options for x in v) and (
            max_selections is None or len(v) <= max_selections)

    if key in st.session_state and isinstance(st.session_state[key], list) and not valid(st.session_state[key]):
        kept = [x for x in st.session_state[key] if x in options][: max_selections or None]
        st.session_state[key] = kept if kept else list(default)
    _seed(key, valid, lambda raw: urlstate.choices(raw, options, [], max_selections) or None, list(default))
    value = container.multiselect(label, options, key=key, format_func=format_func,
                                  max_selections=max_selections, **kwargs)
    _publish(key, list(value), list(default))
    return list(value)


def bound_year_range(key: str, bounds: tuple[int, int], *, label: str, container=None) -> tuple[int, int]:
    """A year-range slider, ``key=2020-2024`` in the URL; one year of data needs no slider."""
    container = container or st
    lo, hi = bounds
    if lo == hi:
        return lo, hi

    def valid(v) -> bool:
        return isinstance(v, tuple) and len(v) == 2 and lo <= v[0] <= v[1] <= hi

    if key in st.session_state and isinstance(st.session_state[key], (tuple, list)) and not valid(tuple(st.session_state[key])):
        a, b = st.session_state[key][0], st.session_state[key][-1]
        clamped = (max(lo, min(int(a), hi)), max(lo, min(int(b), hi)))
        st.session_state[key] = clamped if clamped[0] <= clamped[1] else (lo, hi)
    elif key in st.session_state and isinstance(st.session_state[key], list):
        st.session_state[key] = tuple(st.session_state[key])
    _seed(key, valid, lambda raw: urlstate.year_range(raw, bounds, None) if raw else None, (lo, hi))
    value = tuple(int(v) for v in container.slider(label, min_value=lo, max_value=hi, key=key, step=1))
    _publish(key, value, (lo, hi))
    return value


def bound_text(key: str, *, label: str, container=None, **kwargs) -> str:
    container = container or st
    _seed(key, lambda v: isinstance(v, str), lambda raw: urlstate.text(raw), "")
    value = container.text_input(label, key=key, max_chars=urlstate.MAX_TEXT, **kwargs)
    value = urlstate.text(value)
    _publish(key, value, "")
    return value


def bound_toggle(key: str, default: bool, *, label: str, container=None, **kwargs) -> bool:
    container = container or st
    _seed(key, lambda v: isinstance(v, bool), lambda raw: urlstate.flag(raw, default), default)
    value = bool(container.toggle(label, key=key, **kwargs))
    _publish(key, value, default)
    return value


def keep_params(keys: Sequence[str]) -> None:
    """Drop URL parameters another page left behind, so a copied link holds only this view."""
    wanted = set(keys) | set(GLOBAL_PARAMS)
    for key in list(st.query_params.keys()):
        if key not in wanted:
            del st.query_params[key]


# --------------------------------------------------------------------------
# Data


@st.cache_resource(show_spinner=False)
def _vocabulary() -> tuple[Indicators, str | None]:
    try:
        from extract.catalog import load_catalog

        return from_catalog(load_catalog()), None
    except Exception as exc:  # the app still shows the data, with ids for labels
        return Indicators(), f"{type(exc).__name__}: {exc}"


def vocab() -> Indicators:
    vocabulary, error = _vocabulary()
    if error:
        st.warning(tt("warn.catalog", error=error))
    return vocabulary


@dataclass(frozen=True)
class AppData:
    """The session's data in the app's fast form; frozen, never written to."""

    mentions: pd.DataFrame  # dashboard.frame.prepare_mentions
    documents: pd.DataFrame
    problems: pd.DataFrame
    source: store.Source | None
    texts: dict  # doc -> text, for uploaded documents
    cached: bool = False


def source() -> store.Source:
    args = sys.argv[1:]
    return store.source_from_args(args)


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(src: store.Source) -> AppData:
    dataset = store.load(src)
    return AppData(fr.prepare_mentions(dataset.mentions), dataset.documents, fr.prepare_problems(dataset.problems),
                   src, {}, dataset.cached)


def base_data() -> AppData:
    """The data the app was started on, loaded once per process; stops the page with a message on failure."""
    try:
        src = source()
    except ValueError as exc:
        st.error(tt("error.args", error=str(exc)))
        st.stop()
    try:
        with st.spinner(tt("loading", path=str(src.path))):
            return _load(src)
    except ValueError as exc:
        st.error(tt("error.load", error=str(exc)))
        st.stop()
    except Exception as exc:  # the extractor failing on the whole corpus: say so, no traceback
        st.error(tt("error.load", error=f"{type(exc).__name__}: {exc}"))
        st.stop()


def uploads() -> dict:
    return st.session_state.setdefault(UPLOADS_KEY, {})


def data() -> AppData:
    """The base data joined with this session's uploads (joined once per set of uploads)."""
    base = base_data()
    ups = uploads()
    if not ups:
        return base
    signature = tuple(sorted(ups))
    cached = st.session_state.get("_joined")
    if cached is not None and cached[0] == signature and cached[1] is base:
        return cached[2]
    parts = [u for u in ups.values()]
    mentions = fr.concat_mentions([base.mentions] + [fr.prepare_mentions(u.mentions) for u in parts])
    documents = pd.concat([base.documents] + [u.documents for u in parts], ignore_index=True)
    problems = pd.concat([base.problems] + [fr.prepare_problems(u.problems) for u in parts], ignore_index=True)
    texts = {}
    for u in parts:
        texts.update(u.texts)
    joined = AppData(mentions, documents, problems, base.source, texts, base.cached)
    st.session_state["_joined"] = (signature, base, joined)
    return joined


@st.cache_data(show_spinner=False, max_entries=64)
def _read_text(path: str, mtime: float) -> str | None:
    from extract.ingest import read_document

    try:
        return read_document(path).text
    except Exception:
        return None


def document_text(app: AppData, doc: str) -> str | None:
    """The document's text (uploads from the session, files re-read and cached), or None."""
    if doc in app.texts:
        return app.texts[doc]
    hits = app.documents[app.documents["doc"] == doc]
    if hits.empty or pd.isna(hits["path"].iloc[0]) or not str(hits["path"].iloc[0]):
        return None
    path = str(hits["path"].iloc[0])
    try:
        mtime = os.path.getmtime(path)
    except OSError:
        return None
    return _read_text(path, mtime)


# --------------------------------------------------------------------------
# Common page pieces


def hint(key: str, **values) -> None:
    st.info(tt(key, **values), icon=":material/info:")


def header(title_key: str, caption_key: str | None = None) -> None:
    st.title(tt(title_key))
    if caption_key:
        st.caption(tt(caption_key))


def show_evidence(app: AppData, doc: str, start: int, *, link: bool = True, vocabulary: Indicators | None = None) -> bool:
    """The evidence panel for one mention: sentence and paragraph with the number marked.

    Returns False (and says so) when the mention is not in the data.
    """
    row = ev.find_mention(app.mentions, doc, start)
    if row is None:
        st.warning(tt("evidence.not_found", doc=doc, start=start))
        return False
    language = lang()
    vocabulary = vocabulary or vocab()
    found = ev.build(row, document_text(app, row["doc"]))
    with st.container(border=True):
        figure = format_value(row.get("value"), row.get("unit"), row.get("qualifier"), row.get("high"), language)
        indicator = vocabulary.label(row["indicator"], language) if row.get("indicator") else tt("evidence.no_indicator")
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
                         query_params={"doc": str(row["doc"]), "at": str(row["start"]), "lang": language})
    return True


def escape_md(text: str) -> str:
    """Text shown in Markdown as written (no links, emphasis or HTML from a document)."""
    out = []
    for ch in str(text):
        if ch in "\\`*_{}[]()#+-.!|<>~$:":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def selected_chart_points(event) -> list[tuple[str, int]]:
    """(doc, start) of the points selected in a plotly chart event."""
    try:
        points = event["selection"]["points"]
    except (KeyError, TypeError):
        try:
            points = event.selection.points
        except AttributeError:
            return []
    return ev.keys_from_points(points)


def selected_table_rows(event) -> list[int]:
    try:
        return list(event["selection"]["rows"])
    except (KeyError, TypeError):
        try:
            return list(event.selection.rows)
        except AttributeError:
            return []


def evidence_for_table(event, table: pd.DataFrame, app: AppData, vocabulary: Indicators) -> None:
    """Below a table with hidden ``_doc``/``_start`` columns: the evidence of the selected row."""
    rows = selected_table_rows(event)
    if not rows:
        return
    pos = rows[0]
    if 0 <= pos < len(table):
        doc, start = table["_doc"].iloc[pos], table["_start"].iloc[pos]
        if isinstance(doc, str) and doc and start is not None and not pd.isna(start) and int(start) >= 0:
            show_evidence(app, doc, int(start), vocabulary=vocabulary)


def evidence_for_chart(event, app: AppData, vocabulary: Indicators) -> None:
    keys = selected_chart_points(event)
    if keys:
        doc, start = keys[0]
        if start >= 0:
            show_evidence(app, doc, start, vocabulary=vocabulary)


def hidden_keys_config() -> dict:
    return {"_doc": None, "_start": None}


def plotly(fig, key: str):
    """A chart whose points can be selected (click or box) for evidence."""
    return st.plotly_chart(fig, width="stretch", key=key, on_select="rerun",
                           selection_mode=("points", "box", "lasso"),
                           config={"displaylogo": False})


def indicator_picker(app: AppData, vocabulary: Indicators, mask: np.ndarray | None = None, key: str = "indicator",
                     container=None):
    """The indicator picker: indicators with figures, grouped by topic, labels in the UI language.

    The first view shows the indicator with the most figures, not the catalog's first.
    """
    base = sel.notna(app.mentions["indicator"]) & ~np.isnan(app.mentions["value"].to_numpy())
    if mask is not None:
        base &= mask
    by_indicator = sel.counts(app.mentions, "indicator", base)
    options = vocabulary.order(by_indicator.index)
    language = lang()
    default = by_indicator.index[0] if len(by_indicator) else None
    return bound_select(key, options, default, label=tt("pick.indicator"),
                        format_func=lambda i: vocabulary.option_label(i, language), container=container)


def source_panel() -> None:
    """The sidebar's note on what data is open."""
    app = data()
    src = app.source
    with st.sidebar:
        st.caption(tt("source.title"))
        if src is not None:
            st.markdown(f"**{tt('source.' + src.kind)}**  \n`{escape_md(str(src.path))}`")
        st.markdown(tt("source.counts", docs=len(app.documents), figures=f"{len(app.mentions):,}"))
        if app.texts:
            st.caption(tt("source.uploads", n=len(app.texts)))
        if not app.problems.empty:
            st.warning(tt("source.problems", n=len(app.problems)))
        if app.cached:
            st.caption(tt("source.cached"))
