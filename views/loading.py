"""The session's data: loaded once per process, joined with what the store keeps and this session's uploads.

Three layers, each cached where every session can share it: the data the app
was started on (reloaded when its files change: a cheap stat, at most every
few seconds), that joined with the store's uploads and corrections (rebuilt
when the store changes), and a session's own uploads not kept yet.
"""
from __future__ import annotations

import os
import sys
import threading
import time

import streamlit as st

from dashboard import appdata, bounded
from dashboard.appdata import AppData
from dashboard.indicators import Indicators, from_catalog
from dashboard.markdown import code_span
from dashboard.userstore import UserStore
from extract import store
from extract.uploads import text_hash
from views.words import tt

PENDING_KEY = "_uploads"  # upload id -> extracted upload not kept yet (documents page)
JOINED_KEY = "_joined"  # (shared token, pending ids, joined)
CHECK_EVERY = 3.0  # seconds between looks at the source's files (a stat of each)


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


def source() -> store.Source:
    """The source named on the command line; stops the page with a message when the options are wrong."""
    try:
        return store.source_from_args(sys.argv[1:])
    except ValueError as exc:
        st.error(tt("error.args", error=str(exc)))
        st.stop()


@st.cache_resource(show_spinner=False)
def _watch() -> dict:
    """Per source: when its files were last looked at, and what they were (shared by every session)."""
    bounded.warm_up()  # the upload worker's server starts while nobody waits
    return {"lock": threading.Lock()}


def _signature(src: store.Source) -> str:
    """The source's files' fingerprint, looked at again at most every CHECK_EVERY seconds."""
    watch = _watch()
    with watch["lock"]:
        seen = watch.get(src)
        if seen is None or time.monotonic() - seen[0] > CHECK_EVERY:
            seen = (time.monotonic(), store.folder_signature(src))
            watch[src] = seen
        return seen[1]


@st.cache_resource(show_spinner=False, max_entries=2)
def _load(src: store.Source, signature: str) -> AppData:
    return appdata.from_dataset(store.load(src), src, token=f"{src.collection}|{signature}")


def base_data() -> AppData:
    """The data the app was started on, loaded once per process (again when its files change)."""
    src = source()
    try:
        signature = _signature(src)
        with st.spinner(tt("loading", path=str(src.path))):
            return _load(src, signature)
    except ValueError as exc:
        st.error(tt("error.load", error=str(exc)))
        st.stop()
    except Exception as exc:  # the extractor failing on the whole corpus: say so, no traceback
        st.error(tt("error.load", error=f"{type(exc).__name__}: {exc}"))
        st.stop()


def user_store() -> UserStore:
    """The data folder's store for this source (uploads and corrections of what is open)."""
    src = source()
    return UserStore(src.data_dir, src.collection)


@st.cache_resource(show_spinner=False, max_entries=2)
def _shared(_base: AppData, base_token: str, _snapshot, version: str, hashes: tuple) -> AppData:
    return appdata.build(_base, _snapshot, dict(hashes), token=f"{base_token}|{version}|{hash(hashes)}")


@st.cache_resource(show_spinner=False, max_entries=4)
def _hashes(_base: AppData, base_token: str, _snapshot, version: str) -> tuple:
    """The text hash now of each document a correction names (None when its text is not at hand).

    Keyed by the base data's token, which changes with its files, and the store's version: a document's
    text is read and hashed once, not on every rerun.
    """
    docs = sorted({c.doc for c in _snapshot.active_corrections()})
    out = []
    for doc in docs:
        text = _snapshot.texts.get(doc) or document_text(_base, doc)
        out.append((doc, text_hash(text) if text is not None else None))
    return tuple(out)


def shared_data() -> AppData:
    """The base data with the store's uploads and corrections: the same for every session."""
    base = base_data()
    try:
        snapshot = user_store().snapshot()
    except Exception as exc:  # a broken or locked store: the data still shows, without what users added
        st.warning(tt("store.unreadable", error=f"{type(exc).__name__}: {exc}"))
        return appdata.build(base, None, token=base.token)
    hashes = _hashes(base, base.token, snapshot, snapshot.version)
    return _shared(base, base.token, snapshot, snapshot.version, hashes)


def pending() -> dict:
    """This session's extracted uploads not kept yet, by upload id; the documents page adds and drops them."""
    return st.session_state.setdefault(PENDING_KEY, {})


def data() -> AppData:
    """The shared data joined with this session's uploads not kept yet (joined once per set of them)."""
    shared = shared_data()
    ups = {k: v.dataset for k, v in pending().items() if v.dataset is not None}
    if not ups:
        return shared
    signature = tuple(sorted(ups))
    cached = st.session_state.get(JOINED_KEY)
    if cached is not None and cached[0] == (shared.token, signature):
        return cached[1]
    joined = appdata.with_pending(shared, ups)
    st.session_state[JOINED_KEY] = ((shared.token, signature), joined)
    return joined


@st.cache_data(show_spinner=False, max_entries=64)
def _read_text(path: str, mtime: float) -> str | None:
    from extract.ingest import read_document

    try:
        return read_document(path).text
    except Exception:
        return None


def document_text(app: AppData, doc: str) -> str | None:
    """The document's text (uploads from the store or session, files re-read and cached), or None."""
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
        if app.kept:
            st.caption(tt("source.kept", n=len(app.kept)))
        if app.pending:
            st.caption(tt("source.pending", n=len(app.pending)))
        n_corrected = len(app.outcome.applied)
        if n_corrected:
            st.caption(tt("source.corrected", n=n_corrected))
        if not app.problems.empty:
            st.warning(tt("source.problems", n=len(app.problems)))
        if app.cached:
            st.caption(tt("source.cached"))
