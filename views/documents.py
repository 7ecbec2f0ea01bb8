"""Documents: what the data comes from; uploads placed (region, year, type) and kept in the store; kept ones fixed."""
import datetime

import streamlit as st

from dashboard import bounded, places, tables
from dashboard.markdown import escape_md
from dashboard.pages import documents as page
from dashboard.userstore import NotAllowed, Placement
from extract import store
from extract.uploads import content_hash, read_upload
from views import access, bound, loading, parts
from views.words import language, tt

LIMIT_MB = store.MAX_UPLOAD_BYTES // (1024 * 1024)
UNKNOWN = ""  # the "unknown" choice of a placement field


def read_settings() -> tuple[page.DocumentsSettings, dict]:
    """The files in the uploader (and the uploader's files by id, for their bytes)."""
    # No `type=` filter: streamlit would reject another suffix with an exception; ingest names the file instead.
    files = st.file_uploader(tt("documents.upload_label", mb=LIMIT_MB), accept_multiple_files=True,
                             key="uploader", max_upload_size=LIMIT_MB) or []
    return page.DocumentsSettings(tuple(page.Upload(f.file_id, f.name) for f in files)), {f.file_id: f for f in files}


def extract_bounded(name: str, data: bytes, placement: Placement = Placement()):
    """The upload read and extracted in a bounded worker; a bound hit is a problem naming it, as any other."""
    from extract.model import Problem
    from extract.uploads import UploadRecords

    try:
        return bounded.run_bounded(read_upload, name, data, store.MAX_UPLOAD_BYTES, page.hint_of(placement))
    except bounded.OverLimit as exc:
        reason = tt(page.problem_reason(exc.kind, exc.limit), seconds=f"{exc.limit:g}", mb=f"{exc.limit:g}")
    except Exception as exc:  # the worker itself failing: say so, the app goes on
        reason = f"{type(exc).__name__}: {exc}"
    return UploadRecords(name, problems=(Problem(name, "", reason),))


def sync_uploads(settings: page.DocumentsSettings, files: dict) -> dict:
    """This session's uploads: those gone from the uploader dropped, new ones extracted (or recognised as kept)."""
    pending, shared = loading.pending(), loading.shared_data()
    kept = {u.hash: u for u in shared.kept}
    for gone in page.dropped(settings, pending):
        del pending[gone]
    for upload in page.new(settings, pending):
        data = files[upload.id].getvalue()
        digest = content_hash(data)
        if digest in kept:  # the same bytes are kept already: not read, not saved again
            from extract.uploads import UploadRecords

            pending[upload.id] = page.Pending(upload, digest, UploadRecords(kept[digest].doc), None,
                                              kept_as=kept[digest].doc)
            continue
        name = store.free_name(store.safe_name(upload.name), page.taken_names(shared.documents, pending))
        with st.spinner(tt("documents.extracting", name=upload.name)):
            records = extract_bounded(name, data)
        dataset = store.dataset_of([records]) if records.readable else None
        pending[upload.id] = page.Pending(upload, digest, records, dataset, page.found_placement(records))
    return pending


def placement_form(key: str, found: Placement, regions: list, doctypes: list, submit: str,
                   disabled: bool = False) -> Placement | None:
    """Region (searchable over the division table), year and type; the placement when submitted, else None."""
    lang = language()
    keys = [UNKNOWN] + [p.key for p in regions]
    by_key = {p.key: p for p in regions}
    at = places.find(regions, found.region, found.province)
    years = [UNKNOWN] + page.year_choice(datetime.date.today().year)
    types = [UNKNOWN] + page.doctype_choice(doctypes, found.doctype)
    with st.form(f"place_{key}", border=True):
        c1, c2, c3 = st.columns([3, 1, 2])
        region = c1.selectbox(tt("documents.region"), keys, index=keys.index(at.key) if at else 0,
                              key=f"region_{key}", format_func=lambda k: places.label(by_key[k], lang)
                              if k in by_key else tt("documents.unknown"),
                              help=tt("documents.region_help"))
        year = c2.selectbox(tt("documents.year"), years, index=years.index(found.year) if found.year in years else 0,
                            key=f"year_{key}", format_func=lambda y: str(y) if y else tt("documents.unknown"))
        doctype = c3.selectbox(tt("documents.doctype"), types,
                               index=types.index(found.doctype) if found.doctype in types else 0,
                               key=f"doctype_{key}", format_func=lambda t: t or tt("documents.unknown"))
        if not st.form_submit_button(submit, disabled=disabled, type="primary", key=f"submit_{key}"):
            return None
    place = by_key.get(region)
    return Placement(place.name if place else None, place.province if place else None, year or None, doctype or None)


def render_pending(settings: page.DocumentsSettings, files: dict, pending: dict, regions, doctypes) -> None:
    who = access.identity()
    for upload in settings.uploads:
        item = pending.get(upload.id)
        if item is None:
            continue
        if item.kept_as is not None:
            st.info(tt("documents.already_kept", name=escape_md(upload.name), doc=escape_md(item.kept_as)), icon=":material/inventory_2:")
            continue
        for problem in item.records.problems:
            st.error(tt("documents.upload_failed", name=escape_md(problem.doc or upload.name), reason=escape_md(problem.reason)))
        if not item.records.readable:
            continue
        st.success(tt("documents.uploaded", name=escape_md(item.records.name), n=len(item.records.mentions)))
        if not item.placement.region or not item.placement.year:
            st.warning(tt("documents.unplaced_new", name=escape_md(item.records.name)))
        placement = placement_form(f"new_{upload.id}", item.placement, regions, doctypes,
                                   tt("documents.keep_one", name=escape_md(item.records.name)), disabled=who is None)
        if placement is not None:
            keep(who, item, files[upload.id].getvalue(), placement, pending, upload.id)
    if page.readable(settings, pending) and who is None:
        access.why_not()


def keep(who, item: page.Pending, data: bytes, placement: Placement, pending: dict, upload_id: str) -> None:
    """Keep an upload as placed: extracted again when the placement differs from what it was extracted with."""
    records = item.records
    if placement != item.placement:
        with st.spinner(tt("documents.extracting", name=records.name)):
            records = extract_bounded(records.name, data, placement)
    try:
        kept, new = loading.user_store().keep_upload(who, item.upload.name, data, records, placement)
    except NotAllowed:
        access.why_not()
        return
    except (OSError, ValueError) as exc:
        st.error(tt("documents.keep_failed", name=escape_md(records.name), reason=escape_md(str(exc))))
        return
    pending[upload_id] = page.Pending(item.upload, item.hash, records, None, placement, kept_as=kept.doc)
    st.toast(tt("documents.kept" if new else "documents.already_kept", name=escape_md(item.upload.name), doc=escape_md(kept.doc)))
    st.rerun()


def render_kept(app, regions, doctypes) -> None:
    """The kept uploads: listed, those without region or year warned about, one at a time fixed or removed."""
    st.subheader(tt("documents.kept_list", n=len(app.kept)))
    if not app.kept:
        parts.hint("documents.none_kept")
        return
    st.dataframe(tables.kept_table(app.kept, language()), hide_index=True, width="stretch", key="kept_table")
    unplaced = page.unplaced(app.kept)
    for upload in unplaced:
        st.warning(tt("documents.unplaced", doc=escape_md(upload.doc)))
    by_doc = {u.doc: u for u in app.kept}
    docs = list(by_doc)
    first = unplaced[0].doc if unplaced else docs[0]
    who = access.identity()
    with st.expander(tt("documents.fix"), expanded=bool(unplaced)):
        doc = st.selectbox(tt("documents.fix_which"), docs, index=docs.index(first), key="fix_doc")
        upload = by_doc[doc]
        found = Placement(upload.region, upload.province, upload.year, upload.doctype)
        placement = placement_form(f"kept_{upload.hash[:16]}", found, regions, doctypes, tt("documents.save_place"),
                                   disabled=who is None)
        if placement is not None:
            store_ = loading.user_store()
            with st.spinner(tt("documents.extracting", name=doc)):
                records = extract_bounded(doc, store_.upload_bytes(upload), placement)
            try:
                if not records.readable:
                    raise ValueError("; ".join(p.reason for p in records.problems))
                store_.place_upload(who, upload, placement, records)
                st.rerun()
            except NotAllowed:
                access.why_not()
            except (OSError, ValueError) as exc:
                st.error(tt("documents.keep_failed", name=escape_md(doc), reason=escape_md(str(exc))))
        if st.button(tt("documents.remove", doc=escape_md(doc)), key="remove_upload", disabled=who is None):
            try:
                loading.user_store().remove_upload(who, upload)
                st.rerun()
            except NotAllowed:
                access.why_not()
    if who is None:
        access.why_not()


def render(app, summary: page.Summary) -> None:
    lang = language()
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(tt("documents.count"), summary.documents)
    m2.metric(tt("documents.figures"), f"{summary.figures:,}")
    m3.metric(tt("documents.problems"), summary.problems)
    m4.metric(tt("documents.kept_count"), summary.kept)
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


def region_pairs(app) -> list:
    frame = app.documents[["region", "province"]].dropna(subset=["region"]).drop_duplicates()
    return sorted(zip(frame["region"].astype(object), frame["province"].astype(object).where(frame["province"].notna(), None)))


bound.keep_params(())
parts.header("page.documents", "documents.caption")
st.subheader(tt("documents.upload"))
settings, files = read_settings()
pending = sync_uploads(settings, files)
shared = loading.shared_data()
regions = places.region_options(region_pairs(shared))
doctypes = page.doctype_choice(loading.vocabulary().catalog.documents.doctypes
                               if loading.vocabulary().catalog is not None else (), None)
render_pending(settings, files, pending, regions, doctypes)
app = loading.data()  # now with this run's uploads
render_kept(app, regions, doctypes)
render(app, page.compute(app))
st.caption(tt("documents.where", path=str(loading.source().data_dir)))
