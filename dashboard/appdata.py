"""The data a session shows: mentions in the app's fast form, documents, problems, uploaded texts; frozen."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Mapping

import pandas as pd

from dashboard import frame as fr

if TYPE_CHECKING:
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


def from_dataset(dataset: Dataset, source: Source | None = None) -> AppData:
    """A loaded data set in the app's form."""
    return AppData(fr.prepare_mentions(dataset.mentions), dataset.documents, fr.prepare_problems(dataset.problems),
                   source if source is not None else dataset.source, dict(dataset.texts), dataset.cached)


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
    return AppData(mentions, documents, problems, base.source, texts, base.cached)


def document_path(app: AppData, doc: str) -> str | None:
    """The file a document was read from, or None (an upload, a table without paths, an unknown doc)."""
    hits = app.documents[app.documents["doc"] == doc]
    if hits.empty:
        return None
    path = hits["path"].iloc[0]
    return None if pd.isna(path) or not str(path) else str(path)
