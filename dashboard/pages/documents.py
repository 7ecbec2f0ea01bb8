"""Documents: what the data comes from, what went wrong, and which uploads to read, drop or keep."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import pandas as pd

from dashboard.appdata import AppData


@dataclass(frozen=True)
class Upload:
    id: str  # the uploader's file id: the same file uploaded again is another upload
    name: str


@dataclass(frozen=True)
class DocumentsSettings:
    uploads: tuple[Upload, ...] = ()  # the files in the uploader, in its order


@dataclass(frozen=True)
class Summary:
    documents: int
    figures: int
    problems: int


def dropped(settings: DocumentsSettings, kept: Mapping) -> list[str]:
    """Ids of extracted uploads no longer in the uploader."""
    present = {u.id for u in settings.uploads}
    return [k for k in kept if k not in present]


def new(settings: DocumentsSettings, kept: Mapping) -> list[Upload]:
    """Uploads not extracted yet."""
    return [u for u in settings.uploads if u.id not in kept]


def taken_names(documents: pd.DataFrame, kept: Mapping) -> set[str]:
    """Document names in use (the data's and the uploads'), which a new upload must not take."""
    return set(documents["doc"].dropna()) | {d for dataset in kept.values() for d in dataset.texts}


def readable(settings: DocumentsSettings, kept: Mapping) -> list[Upload]:
    """Uploads that gave a text: what can be kept in the data folder."""
    return [u for u in settings.uploads if u.id in kept and kept[u.id].texts]


def compute(app: AppData) -> Summary:
    return Summary(len(app.documents), len(app.mentions), len(app.problems))
