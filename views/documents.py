"""Documents: what the data comes from, what went wrong, and uploads joined to this session."""
import streamlit as st

from dashboard import tables
from dashboard.pages import documents as page
from extract import store
from views import bound, loading, parts
from views.words import language, tt

LIMIT_MB = store.MAX_UPLOAD_BYTES // (1024 * 1024)


def read_settings() -> tuple[page.DocumentsSettings, dict]:
    """The files in the uploader (and the uploader's files by id, for their bytes)."""
    # No `type=` filter: streamlit would reject another suffix with an exception; ingest names the file instead.
    files = st.file_uploader(tt("documents.upload_label", mb=LIMIT_MB), accept_multiple_files=True,
                             key="uploader", max_upload_size=LIMIT_MB) or []
    return page.DocumentsSettings(tuple(page.Upload(f.file_id, f.name) for f in files)), {f.file_id: f for f in files}


def sync_uploads(settings: page.DocumentsSettings, files: dict) -> dict:
    """The session's uploads: those gone from the uploader dropped, new ones extracted at once."""
    kept, base = loading.uploads(), loading.base_data()
    for gone in page.dropped(settings, kept):
        del kept[gone]
    for upload in page.new(settings, kept):
        taken = page.taken_names(base.documents, kept)
        with st.spinner(tt("documents.extracting", name=upload.name)):
            kept[upload.id] = store.extract_uploads([(upload.name, files[upload.id].getvalue())], taken=taken)
    return kept


def render_uploads(settings: page.DocumentsSettings, files: dict, kept: dict) -> None:
    for upload in settings.uploads:
        result = kept.get(upload.id)
        if result is None:
            continue
        if result.texts:
            st.success(tt("documents.uploaded", name=next(iter(result.texts)), n=len(result.mentions)))
        for problem in result.problems.itertuples(index=False):
            st.error(tt("documents.upload_failed", name=problem.doc or upload.name, reason=problem.reason))
    readable = page.readable(settings, kept)
    if not readable:
        return
    source = loading.base_data().source
    folder = source.data_dir if source else store.UPLOADS_DIR
    if st.button(tt("documents.keep", n=len(readable), folder=str(folder)), key="keep_uploads"):
        for upload in readable:
            try:
                saved = store.save_upload(folder, upload.name, files[upload.id].getvalue())
                st.success(tt("documents.kept", name=upload.name, path=str(saved)))
            except (OSError, ValueError) as exc:
                st.error(tt("documents.keep_failed", name=upload.name, reason=str(exc)))
    st.caption(tt("documents.keep_note"))


def render(app, summary: page.Summary) -> None:
    lang = language()
    m1, m2, m3 = st.columns(3)
    m1.metric(tt("documents.count"), summary.documents)
    m2.metric(tt("documents.figures"), f"{summary.figures:,}")
    m3.metric(tt("documents.problems"), summary.problems)
    st.subheader(tt("documents.list"))
    docs = tables.documents_table(app.documents, app.problems, lang)
    if docs.empty:
        parts.hint("hint.no_data_loaded")
    else:
        st.dataframe(docs, hide_index=True, width="stretch", key="documents_table")
    if summary.problems:
        st.subheader(tt("documents.problem_list"))
        st.dataframe(tables.problems_table(app.problems, lang), hide_index=True, width="stretch",
                     key="problems_table")


bound.keep_params(())
parts.header("page.documents", "documents.caption")
st.subheader(tt("documents.upload"))
settings, files = read_settings()
render_uploads(settings, files, sync_uploads(settings, files))
app = loading.data()  # now with this run's uploads
render(app, page.compute(app))
