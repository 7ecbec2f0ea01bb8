"""Documents: what the data comes from, what went wrong, uploads to place and keep, and kept ones to fix."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import pandas as pd

from dashboard.appdata import AppData
from dashboard.userstore import Placement, Upload as KeptUpload
from extract.store import Dataset
from extract.uploads import UploadRecords

FIRST_YEAR = 1978  # the years a document can be placed in: from reform and opening up to next year


@dataclass(frozen=True)
class Upload:
    id: str  # the uploader's file id: the same file uploaded again is another upload
    name: str


@dataclass(frozen=True)
class DocumentsSettings:
    uploads: tuple[Upload, ...] = ()  # the files in the uploader, in its order


@dataclass(frozen=True, eq=False)
class Pending:
    """An upload extracted in this session and not kept yet."""

    upload: Upload
    hash: str
    records: UploadRecords  # its name in the data is records.name
    dataset: Dataset | None  # its figures, joined to the session's data; None when nothing was read
    placement: Placement = Placement()  # what it was extracted with (none: as found)
    kept_as: str | None = None  # the kept upload with the same bytes, when there is one


@dataclass(frozen=True)
class Summary:
    documents: int
    figures: int
    problems: int
    kept: int
    unplaced: int  # kept uploads without a region or a year


def dropped(settings: DocumentsSettings, kept: Mapping) -> list[str]:
    """Ids of extracted uploads no longer in the uploader."""
    present = {u.id for u in settings.uploads}
    return [k for k in kept if k not in present]


def new(settings: DocumentsSettings, kept: Mapping) -> list[Upload]:
    """Uploads not extracted yet."""
    return [u for u in settings.uploads if u.id not in kept]


def taken_names(documents: pd.DataFrame, pending: Mapping) -> set[str]:
    """Document names in use (the data's, kept uploads' and this session's), which a new upload must not take."""
    return set(documents["doc"].dropna()) | {p.records.name for p in pending.values()}


def readable(settings: DocumentsSettings, pending: Mapping) -> list[Upload]:
    """Uploads that gave a text and are not kept yet: what can be kept."""
    return [u for u in settings.uploads if u.id in pending and pending[u.id].records.readable
            and pending[u.id].kept_as is None]


def found_placement(records: UploadRecords) -> Placement:
    """Where the extractor put a document: region, province, year and type from its record."""
    d = records.document
    if d is None:
        return Placement()
    return Placement(d.region, d.province, d.doc_year, d.doctype)


def unplaced(kept: tuple[KeptUpload, ...]) -> list[KeptUpload]:
    """Kept uploads whose region or year is unknown: listed with a warning until fixed."""
    return [u for u in kept if not u.region or not u.year]


def year_choice(this_year: int) -> list[int]:
    """Years a document can be placed in, newest first."""
    return list(range(this_year + 1, FIRST_YEAR - 1, -1))


def doctype_choice(doctypes, found: str | None) -> list[str]:
    """The catalog's document types, with the one found first when the catalog lacks it."""
    out = list(dict.fromkeys(doctypes))
    if found and found not in out:
        out.insert(0, found)
    return out


def compute(app: AppData) -> Summary:
    return Summary(len(app.documents), len(app.mentions), len(app.problems), len(app.kept), len(unplaced(app.kept)))


def hint_of(placement: Placement):
    """The extractor's hint for a placement; None when nothing is set (the document says for itself)."""
    from extract.model import Hint

    if not any((placement.region, placement.year, placement.doctype)):
        return None
    return Hint(region=placement.region, year=placement.year, doctype=placement.doctype,
                province=placement.province)


def problem_reason(kind: str, limit: float) -> str:
    """An upload stopped by the worker's bound, as the reason shown beside its name (an i18n key and values)."""
    return {"time": "documents.over_time", "memory": "documents.over_memory"}.get(kind, "documents.crashed")
