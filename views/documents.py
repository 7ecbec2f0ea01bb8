"""Documents: what the data comes from, what went wrong, and uploads joined to this session."""
import pandas as pd
import streamlit as st

from dashboard import tables
from extract import store
from views import bound, parts
from views import loading
from views.loading import data
from views.words import language, tt

bound.keep_params(())
app, lang = data(), language()
parts.header("page.documents", "documents.caption")

# --- uploads: extracted at once, kept in the session
st.subheader(tt("documents.upload"))
limit_mb = store.MAX_UPLOAD_BYTES // (1024 * 1024)
# No `type=` filter: streamlit would reject another suffix with an exception; ingest names the file instead.
files = st.file_uploader(tt("documents.upload_label", mb=limit_mb), accept_multiple_files=True,
                         key="uploader", max_upload_size=limit_mb) or []
ups = loading.uploads()
present = {f.file_id for f in files}
for gone in [k for k in ups if k not in present]:
    del ups[gone]
base = loading.base_data()
for f in files:
    if f.file_id in ups:
        continue
    taken = set(base.documents["doc"].dropna()) | {d for u in ups.values() for d in u.texts}
    with st.spinner(tt("documents.extracting", name=f.name)):
        ups[f.file_id] = store.extract_uploads([(f.name, f.getvalue())], taken=taken)
for f in files:
    result = ups.get(f.file_id)
    if result is None:
        continue
    if result.texts:
        name = next(iter(result.texts))
        st.success(tt("documents.uploaded", name=name, n=len(result.mentions)))
    for problem in result.problems.itertuples(index=False):
        st.error(tt("documents.upload_failed", name=problem.doc or f.name, reason=problem.reason))
good = [f for f in files if ups.get(f.file_id) is not None and ups[f.file_id].texts]
if good:
    folder = (app.source.data_dir if app.source else store.UPLOADS_DIR)
    if st.button(tt("documents.keep", n=len(good), folder=str(folder)), key="keep_uploads"):
        for f in good:
            try:
                saved = store.save_upload(folder, f.name, f.getvalue())
                st.success(tt("documents.kept", name=f.name, path=str(saved)))
            except (OSError, ValueError) as exc:
                st.error(tt("documents.keep_failed", name=f.name, reason=str(exc)))
    st.caption(tt("documents.keep_note"))
app = data()  # now with this run's uploads

# --- documents and problems
docs = tables.documents_table(app.documents, app.problems, lang)
m1, m2, m3 = st.columns(3)
m1.metric(tt("documents.count"), len(app.documents))
m2.metric(tt("documents.figures"), f"{len(app.mentions):,}")
m3.metric(tt("documents.problems"), len(app.problems))
st.subheader(tt("documents.list"))
if docs.empty:
    parts.hint("hint.no_data_loaded")
else:
    st.dataframe(docs, hide_index=True, width="stretch", key="documents_table")
if not app.problems.empty:
    st.subheader(tt("documents.problem_list"))
    problems = pd.DataFrame({tt("col.doc"): app.problems["doc"], tt("col.path"): app.problems["path"],
                             tt("col.reason"): app.problems["reason"]})
    st.dataframe(problems, hide_index=True, width="stretch", key="problems_table")
