"""The data a session shows: mentions in the app's fast form, documents, problems, uploaded texts; frozen.

``build`` joins the data the app was started on with what the store keeps
(uploads, corrections) and a session's own not-yet-kept uploads; ``token``
names the result, so what is computed from it can be cached across sessions.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Mapping

import pandas as pd

from dashboard import corrections as co
from dashboard import frame as fr

if TYPE_CHECKING:
    from dashboard.userstore import Snapshot, Upload
    from extract.store import Dataset, Source


@dataclass(frozen=True, eq=False)
class AppData:
    """One data set as the pages read it; never written to."""

    mentions: pd.DataFrame  # dashboard.frame.prepare_mentions
    documents: pd.DataFrame
    problems: pd.DataFrame
    source: Source | None = None
    texts: Mapping[str, str] = field(default_factory=dict)  # doc -> text, for uploaded documents
    cached: bool = False  # read from the extraction cache
    token: str = ""  # names this data (source, store version, uploads): the key of what is cached from it
    kept: tuple[Upload, ...] = ()  # uploads the store keeps
    pending: tuple[str, ...] = ()  # documents uploaded in this session and not kept
    outcome: co.Outcome = co.Outcome()  # the corrections applied, stale or missing


def from_dataset(dataset: Dataset, source: Source | None = None, token: str = "") -> AppData:
    """A loaded data set in the app's form."""
    return AppData(fr.prepare_mentions(dataset.mentions), dataset.documents, fr.prepare_problems(dataset.problems),
                   source if source is not None else dataset.source, dict(dataset.texts), dataset.cached, token)


def with_uploads(base: AppData, uploads: Iterable[Dataset]) -> AppData:
    """The base data joined with uploaded data sets; the base itself when there are none."""
    parts = list(uploads)
    if not parts:
        return base
    mentions = fr.concat_mentions([base.mentions] + [fr.prepare_mentions(u.mentions) for u in parts])
    documents = pd.concat([base.documents] + [u.documents for u in parts], ignore_index=True)
    problems = pd.concat([base.problems] + [fr.prepare_problems(u.problems) for u in parts], ignore_index=True)
    texts = dict(base.texts)
    for u in parts:
        texts.update(u.texts)
    return dataclasses.replace(base, mentions=mentions, documents=documents, problems=problems, texts=texts)


def build(base: AppData, snapshot: Snapshot | None = None, text_hashes: Mapping[str, str | None] | None = None,
          token: str = "") -> AppData:
    """The base data with the store's uploads joined and its corrections applied (the frame gains the
    correction columns even when there are none, so every page and download has them)."""
    parts = []
    if snapshot is not None and snapshot.uploads:
        from extract.store import Dataset

        parts.append(Dataset(snapshot.mentions, snapshot.documents, snapshot.problems, texts=snapshot.texts))
    joined = with_uploads(base, parts)
    active = snapshot.active_corrections() if snapshot is not None else []
    mentions, outcome = co.apply(joined.mentions, active, text_hashes or {})
    return dataclasses.replace(joined, mentions=mentions, outcome=outcome, token=token or base.token,
                               kept=snapshot.uploads if snapshot is not None else ())


def with_pending(shared: AppData, uploads: Mapping[str, Dataset]) -> AppData:
    """The shared data with a session's uploads not kept yet (by upload id); the shared data itself when none."""
    if not uploads:
        return shared
    joined = with_uploads(shared, uploads.values())
    docs = tuple(d for u in uploads.values() for d in u.texts)
    return dataclasses.replace(joined, pending=docs, token=f"{shared.token}|pending:{','.join(sorted(uploads))}")


def document_path(app: AppData, doc: str) -> str | None:
    """The file a document was read from, or None (an upload, a table without paths, an unknown doc)."""
    hits = app.documents[app.documents["doc"] == doc]
    if hits.empty:
        return None
    path = hits["path"].iloc[0]
    return None if pd.isna(path) or not str(path) else str(path)
