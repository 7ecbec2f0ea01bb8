"""The session's data: loaded once per process, joined with this session's uploads, named in the sidebar."""
from __future__ import annotations

import os
import sys

import streamlit as st

from dashboard import appdata
from dashboard.appdata import AppData
from dashboard.indicators import Indicators, from_catalog
from dashboard.markdown import code_span
from extract import store
from views.words import tt

UPLOADS_KEY = "_uploads"  # file_id -> extracted upload (a store.Dataset)
JOINED_KEY = "_joined"  # (upload ids, base, joined): the join of the last set of uploads


@st.cache_resource(show_spinner=False)
def _vocabulary() -> tuple[Indicators, str | None]:
    try:
        from extract.catalog import load_catalog

        return from_catalog(load_catalog()), None
    except Exception as exc:  # the app still shows the data, with ids for labels
        return Indicators(), f"{type(exc).__name__}: {exc}"


def vocabulary() -> Indicators:
    """The indicator vocabulary from the catalog; a warning (and ids for labels) when it cannot be loaded."""
    vocab, error = _vocabulary()
    if error:
        st.warning(tt("warn.catalog", error=error))
    return vocab


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(src: store.Source) -> AppData:
    return appdata.from_dataset(store.load(src), src)


def base_data() -> AppData:
    """The data the app was started on, loaded once per process; stops the page with a message on failure."""
    try:
        src = store.source_from_args(sys.argv[1:])
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
    """This session's extracted uploads by file id; the documents page adds and drops them."""
    return st.session_state.setdefault(UPLOADS_KEY, {})


def data() -> AppData:
    """The base data joined with this session's uploads (joined once per set of uploads)."""
    base = base_data()
    ups = uploads()
    if not ups:
        return base
    signature = tuple(sorted(ups))
    cached = st.session_state.get(JOINED_KEY)
    if cached is not None and cached[0] == signature and cached[1] is base:
        return cached[2]
    joined = appdata.with_uploads(base, ups.values())
    st.session_state[JOINED_KEY] = (signature, base, joined)
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
    path = appdata.document_path(app, doc)
    if path is None:
        return None
    try:
        mtime = os.path.getmtime(path)
    except OSError:
        return None
    return _read_text(path, mtime)


def source_panel() -> None:
    """The sidebar's note on what data is open."""
    app = data()
    src = app.source
    with st.sidebar:
        st.caption(tt("source.title"))
        if src is not None:
            st.markdown(f"**{tt('source.' + src.kind)}**  \n{code_span(src.path)}")
        st.markdown(tt("source.counts", docs=len(app.documents), figures=f"{len(app.mentions):,}"))
        if app.texts:
            st.caption(tt("source.uploads", n=len(app.texts)))
        if not app.problems.empty:
            st.warning(tt("source.problems", n=len(app.problems)))
        if app.cached:
            st.caption(tt("source.cached"))
