"""What users add, kept in an embedded DuckDB file: uploads and their extraction, where they belong, corrections.

The data folder (``extract.store.default_data_dir``: ``$DASHBOARD_DATA_DIR`` or
``~/.local/share/report-dashboard``, never a corpus folder) holds

- ``dashboard.duckdb``: tables ``uploads`` (name, content hash, size, region,
  year, type, who and when), ``upload_mentions`` / ``upload_documents`` /
  ``upload_problems`` / ``upload_texts`` (their extraction, in the declared
  schemas) and ``corrections`` (a figure's new fields, who, when, why; undone
  ones kept);
- ``files/<sha256><suffix>``: each upload's bytes under its content hash, so a
  file name (``../x``, ``<script>``, NUL) never becomes a path, and the same
  file kept twice is one upload.

Everything is filed under a *collection* (``extract.store.Source.collection``),
so the sample's uploads do not join a corpus. Every write takes an
``Identity`` and refuses ``None``: who may write is decided by the app
(``dashboard.auth``), and the data layer will not write for nobody. Reads give
a frozen ``Snapshot``, read again only when the database file changed.

A connection is opened per operation (DuckDB locks the file while one is
open), under a lock per file, so two sessions of one server never collide.
"""
from __future__ import annotations

import json
import math
import os
import tempfile
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd

from extract import table as table_module
from extract.model import DOCUMENT_SCHEMA, MENTION_SCHEMA, PROBLEM_SCHEMA, Schema
from extract.uploads import UploadRecords, content_hash

DB_NAME = "dashboard.duckdb"
FILES = "files"
SCHEMA_VERSION = 1
_SQL_TYPES = {"string": "VARCHAR", "Int64": "BIGINT", "Float64": "DOUBLE", "boolean": "BOOLEAN"}
# Fields a correction may set, and the region's companions that follow a region picked from the division table.
CORRECTABLE = ("value", "year", "kind", "indicator", "region", "not_figure")
REGION_FIELDS = ("province", "region_level", "region_code")


class NotAllowed(PermissionError):
    """A write without an identity: nobody signed in where signing in is required."""


@dataclass(frozen=True)
class Identity:
    """Who writes: a name to show, and how they are known (local, password or oidc)."""

    name: str
    method: str = "local"


@dataclass(frozen=True)
class Placement:
    """Where an upload belongs, as the user set or confirmed it; None: as the extractor found."""

    region: str | None = None
    province: str | None = None
    year: int | None = None
    doctype: str | None = None


@dataclass(frozen=True)
class Upload:
    """A kept upload."""

    hash: str
    doc: str  # its name in the data (unique)
    name: str  # as the browser sent it
    suffix: str
    size: int
    region: str | None
    province: str | None
    year: int | None
    doctype: str | None
    added_by: str
    added_at: datetime
    mentions: int = 0


@dataclass(frozen=True)
class Correction:
    """A figure's fields as a user corrected them; ``changes`` maps a field to its new value."""

    id: int
    doc: str
    start: int
    end: int
    text_hash: str | None  # of the document's text when corrected; None when the text was not at hand
    mention_text: str  # the mention as written, checked again when applied
    changes: Mapping[str, object]
    note: str
    author: str  # the name given, else the signed-in one
    made_by: str  # the identity that wrote it
    made_at: datetime
    undone_at: datetime | None = None
    undone_by: str | None = None

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.doc, self.start, self.end)


@dataclass(frozen=True, eq=False)
class Snapshot:
    """Everything the store holds for one collection, read at once; never written to."""

    uploads: tuple[Upload, ...] = ()
    mentions: pd.DataFrame = field(default_factory=lambda: table_module.empty(MENTION_SCHEMA))
    documents: pd.DataFrame = field(default_factory=lambda: table_module.empty(DOCUMENT_SCHEMA))
    problems: pd.DataFrame = field(default_factory=lambda: table_module.empty(PROBLEM_SCHEMA))
    texts: Mapping[str, str] = field(default_factory=dict)
    corrections: tuple[Correction, ...] = ()  # every one, oldest first, undone ones included
    version: str = "empty"

    def active_corrections(self) -> list[Correction]:
        """Per figure, its latest correction not undone."""
        latest: dict = {}
        for c in self.corrections:
            if c.undone_at is None:
                latest[c.key] = c
        return list(latest.values())

    def correction_of(self, doc: str, start: int, end: int) -> Correction | None:
        found = [c for c in self.active_corrections() if c.key == (doc, int(start), int(end))]
        return found[-1] if found else None


_locks: dict[str, threading.RLock] = {}
_locks_guard = threading.Lock()
_snapshots: dict[tuple[str, str], tuple[tuple, Snapshot]] = {}
_writes: dict[str, int] = {}  # per database, writes made by this process (a stat may not see two in one tick)


def _lock(path: Path) -> threading.RLock:
    with _locks_guard:
        return _locks.setdefault(str(path), threading.RLock())


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _columns_sql(schema: Schema) -> str:
    return ", ".join(f'"{c.name}" {_SQL_TYPES[c.dtype]}' for c in schema)


def _require(who: Identity | None) -> Identity:
    if not isinstance(who, Identity) or not who.name:
        raise NotAllowed("sign in to change the data")
    return who


def _clean_text(value, limit: int) -> str:
    """Free text from a user (a note, a name): control characters dropped, cut to ``limit``."""
    text = "".join(ch for ch in str(value or "") if ch in "\n\t" or ord(ch) >= 32)
    return text.strip()[:limit]


class UserStore:
    """The data folder's database for one collection."""

    def __init__(self, folder: Path, collection: str):
        self.folder = Path(folder)
        self.collection = collection
        self.path = self.folder / DB_NAME
        self.files = self.folder / FILES

    # ------------------------------------------------------------------
    # Connection and schema

    def _connect(self):
        import duckdb

        self.folder.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(self.path))
        try:
            self._create(con)
        except Exception:
            con.close()
            raise
        return con

    def _create(self, con) -> None:
        con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        found = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if found is None:
            con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        elif int(found[0]) > SCHEMA_VERSION:
            raise ValueError(f"{self.path} was written by a newer version of the app (schema {found[0]})")
        con.execute("""CREATE TABLE IF NOT EXISTS uploads (
            collection VARCHAR, hash VARCHAR, doc VARCHAR, name VARCHAR, suffix VARCHAR, size BIGINT,
            region VARCHAR, province VARCHAR, year INTEGER, doctype VARCHAR,
            added_by VARCHAR, added_at TIMESTAMP, PRIMARY KEY (collection, hash))""")
        for table, schema in (("upload_mentions", MENTION_SCHEMA), ("upload_documents", DOCUMENT_SCHEMA),
                              ("upload_problems", PROBLEM_SCHEMA)):
            con.execute(f"CREATE TABLE IF NOT EXISTS {table} (collection VARCHAR, hash VARCHAR, {_columns_sql(schema)})")
        con.execute("CREATE TABLE IF NOT EXISTS upload_texts (collection VARCHAR, hash VARCHAR, doc VARCHAR, text VARCHAR)")
        con.execute("CREATE SEQUENCE IF NOT EXISTS correction_ids START 1")
        con.execute("""CREATE TABLE IF NOT EXISTS corrections (
            id BIGINT PRIMARY KEY DEFAULT nextval('correction_ids'), collection VARCHAR,
            doc VARCHAR, start BIGINT, "end" BIGINT, text_hash VARCHAR, mention_text VARCHAR,
            changes VARCHAR, note VARCHAR, author VARCHAR, made_by VARCHAR, made_at TIMESTAMP,
            undone_at TIMESTAMP, undone_by VARCHAR)""")

    def _write(self, fn):
        """Run ``fn(con)`` in one transaction; the process's write count goes up, so readers look again."""
        with _lock(self.path):
            con = self._connect()
            try:
                con.execute("BEGIN TRANSACTION")
                try:
                    result = fn(con)
                    con.execute("COMMIT")
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
            finally:
                con.close()
            _writes[str(self.path)] = _writes.get(str(self.path), 0) + 1
            return result

    # ------------------------------------------------------------------
    # Reading

    def signature(self) -> tuple:
        """Changes whenever the database does (its file's size and time, and this process's writes)."""
        parts: list = [_writes.get(str(self.path), 0)]
        for p in (self.path, self.path.with_name(self.path.name + ".wal")):
            try:
                st = p.stat()
                parts.append((st.st_size, st.st_mtime_ns))
            except OSError:
                parts.append(None)
        return tuple(parts)

    def snapshot(self) -> Snapshot:
        """What the store holds for this collection, read again only when the file changed."""
        key = (str(self.path), self.collection)
        with _lock(self.path):
            sig = self.signature()
            cached = _snapshots.get(key)
            if cached is not None and cached[0] == sig:
                return cached[1]
            snap = self._read(sig) if self.path.exists() else Snapshot()
            _snapshots[key] = (sig, snap)
            return snap

    def _read(self, sig: tuple) -> Snapshot:
        con = self._connect()
        try:
            c = [self.collection]
            uploads = con.execute(
                "SELECT u.hash, u.doc, u.name, u.suffix, u.size, u.region, u.province, u.year, u.doctype, "
                "u.added_by, u.added_at, (SELECT count(*) FROM upload_mentions m WHERE m.collection = u.collection "
                "AND m.hash = u.hash) FROM uploads u WHERE u.collection = ? ORDER BY u.added_at, u.doc", c).fetchall()
            frames = {}
            for table, schema in (("upload_mentions", MENTION_SCHEMA), ("upload_documents", DOCUMENT_SCHEMA),
                                  ("upload_problems", PROBLEM_SCHEMA)):
                order = ' ORDER BY doc, "start"' if schema is MENTION_SCHEMA else " ORDER BY doc"
                raw = con.execute(f"SELECT * EXCLUDE (collection, hash) FROM {table} WHERE collection = ?{order}",
                                  c).df()
                frames[table] = table_module.conform(raw, schema).reset_index(drop=True)
            texts = dict(con.execute("SELECT doc, text FROM upload_texts WHERE collection = ?", c).fetchall())
            corrections = con.execute(
                'SELECT id, doc, start, "end", text_hash, mention_text, changes, note, author, made_by, made_at, '
                "undone_at, undone_by FROM corrections WHERE collection = ? ORDER BY id", c).fetchall()
        finally:
            con.close()
        return Snapshot(
            tuple(Upload(*u[:11], mentions=int(u[11])) for u in uploads),
            frames["upload_mentions"], frames["upload_documents"], frames["upload_problems"], texts,
            tuple(Correction(r[0], r[1], int(r[2]), int(r[3]), r[4], r[5], json.loads(r[6] or "{}"), *r[7:])
                  for r in corrections),
            version=f"{self.collection}|{sig}")

    def find_upload(self, data_hash: str) -> Upload | None:
        return next((u for u in self.snapshot().uploads if u.hash == data_hash), None)

    def upload_bytes(self, upload: Upload) -> bytes:
        return self._file(upload.hash, upload.suffix).read_bytes()

    # ------------------------------------------------------------------
    # Uploads

    def _file(self, data_hash: str, suffix: str) -> Path:
        if len(data_hash) != 64 or not all(ch in "0123456789abcdef" for ch in data_hash):
            raise ValueError(f"not a content hash: {data_hash!r}")
        return self.files / f"{data_hash}{suffix}"

    def _save_bytes(self, data_hash: str, suffix: str, data: bytes) -> None:
        """The bytes under their hash: written to a temporary file and renamed, never over another file."""
        target = self._file(data_hash, suffix)
        if target.exists():
            return  # the same hash is the same content
        self.files.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".part-", dir=self.files)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.link(tmp, target)  # fails if it appeared meanwhile: nothing is overwritten
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)

    def keep_upload(self, who: Identity | None, name: str, data: bytes, records: UploadRecords,
                    placement: Placement = Placement()) -> tuple[Upload, bool]:
        """Keep an extracted upload; (the kept upload, True) or, for bytes kept before, (that one, False).

        ``records.name`` is its name in the data (the caller made it unique); nothing is saved twice.
        """
        from extract.ingest import SUPPORTED_SUFFIXES

        who = _require(who)
        suffix = Path(records.name).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            raise ValueError(f"{records.name}: not a supported file type ({', '.join(SUPPORTED_SUFFIXES)})")
        if not records.readable:
            raise ValueError(f"{records.name}: nothing was read from it, so there is nothing to keep")
        data_hash = content_hash(data)
        existing = self.find_upload(data_hash)
        if existing is not None:
            return existing, False
        self._save_bytes(data_hash, suffix, data)
        region = placement.region or (records.document.region if records.document else None)
        province = placement.province or (records.document.province if records.document else None)
        year = placement.year or (records.document.doc_year if records.document else None)
        doctype = placement.doctype or (records.document.doctype if records.document else None)

        def write(con):
            if con.execute("SELECT 1 FROM uploads WHERE collection = ? AND hash = ?",
                           [self.collection, data_hash]).fetchone():
                return False  # another session kept it first
            con.execute("INSERT INTO uploads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [self.collection, data_hash, records.name, _clean_text(name, 300) or records.name, suffix,
                         len(data), region, province, year, doctype, who.name, _now()])
            self._insert_records(con, data_hash, records)
            return True

        new = self._write(write)
        return self.find_upload(data_hash), new

    def _insert_records(self, con, data_hash: str, records: UploadRecords) -> None:
        for table in ("upload_mentions", "upload_documents", "upload_problems", "upload_texts"):
            con.execute(f"DELETE FROM {table} WHERE collection = ? AND hash = ?", [self.collection, data_hash])
        frames = (("upload_mentions", table_module.frame_of(list(records.mentions))),
                  ("upload_documents", table_module.frame_of([records.document] if records.document else [],
                                                             DOCUMENT_SCHEMA)),
                  ("upload_problems", table_module.frame_of(list(records.problems), PROBLEM_SCHEMA)))
        for table, frame in frames:
            if frame.empty:
                continue
            con.register("incoming", frame)
            try:
                con.execute(f"INSERT INTO {table} BY NAME SELECT ? AS collection, ? AS hash, * FROM incoming",
                            [self.collection, data_hash])
            finally:
                con.unregister("incoming")
        con.execute("INSERT INTO upload_texts VALUES (?, ?, ?, ?)",
                    [self.collection, data_hash, records.name, records.text or ""])

    def place_upload(self, who: Identity | None, upload: Upload, placement: Placement,
                     records: UploadRecords) -> Upload:
        """Set where an upload belongs; ``records`` is its extraction again with that placement."""
        _require(who)

        def write(con):
            con.execute("UPDATE uploads SET region = ?, province = ?, year = ?, doctype = ? "
                        "WHERE collection = ? AND hash = ?",
                        [placement.region, placement.province, placement.year, placement.doctype,
                         self.collection, upload.hash])
            self._insert_records(con, upload.hash, records)

        self._write(write)
        return self.find_upload(upload.hash)

    def remove_upload(self, who: Identity | None, upload: Upload) -> None:
        """Drop an upload, its extraction and (when no other collection keeps them) its bytes."""
        _require(who)

        def write(con):
            for table in ("uploads", "upload_mentions", "upload_documents", "upload_problems", "upload_texts"):
                con.execute(f"DELETE FROM {table} WHERE collection = ? AND hash = ?", [self.collection, upload.hash])
            return con.execute("SELECT count(*) FROM uploads WHERE hash = ?", [upload.hash]).fetchone()[0]

        if self._write(write) == 0:
            self._file(upload.hash, upload.suffix).unlink(missing_ok=True)

    # ------------------------------------------------------------------
    # Corrections

    def add_correction(self, who: Identity | None, doc: str, start: int, end: int, mention_text: str,
                       changes: Mapping[str, object], note: str = "", author: str = "",
                       text_hash: str | None = None) -> Correction:
        """Record a correction of the figure at (doc, start, end); ValueError for a change that makes no sense."""
        who = _require(who)
        changes = check_changes(changes)
        if not changes:
            raise ValueError("nothing to correct: no field was changed")
        author = _clean_text(author, 100) or who.name

        def write(con):
            return con.execute(
                "INSERT INTO corrections (collection, doc, start, \"end\", text_hash, mention_text, changes, note, "
                "author, made_by, made_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                [self.collection, doc, int(start), int(end), text_hash, mention_text,
                 json.dumps(changes, ensure_ascii=False, sort_keys=True), _clean_text(note, 2000), author,
                 f"{who.name} ({who.method})", _now()]).fetchone()[0]

        new_id = self._write(write)
        return next(c for c in self.snapshot().corrections if c.id == new_id)

    def undo_correction(self, who: Identity | None, correction_id: int) -> None:
        """Undo a correction: the figure is as before it (the previous correction, or as extracted)."""
        who = _require(who)
        self._write(lambda con: con.execute(
            "UPDATE corrections SET undone_at = ?, undone_by = ? WHERE collection = ? AND id = ? AND undone_at IS NULL",
            [_now(), who.name, self.collection, int(correction_id)]))


def check_changes(changes: Mapping[str, object]) -> dict:
    """A correction's changes with their types checked; ValueError naming the field that is wrong.

    >>> check_changes({"value": "6.5", "year": 2021, "kind": "target"})
    {'value': 6.5, 'year': 2021, 'kind': 'target'}
    >>> check_changes({"year": None, "indicator": ""})
    {'year': None, 'indicator': None}
    """
    out: dict = {}
    for key, value in changes.items():
        if key == "value":
            number = None if value in (None, "") else float(value)
            if number is not None and not math.isfinite(number):
                raise ValueError("value: not a finite number")
            out[key] = number
        elif key == "year":
            year = None if value in (None, "") else int(value)
            if year is not None and not 1900 <= year <= 2100:
                raise ValueError(f"year: {year} is not a year")
            out[key] = year
        elif key == "kind":
            if value not in ("actual", "target"):
                raise ValueError(f"kind: {value!r} is neither actual nor target")
            out[key] = value
        elif key in ("indicator", "region", *REGION_FIELDS):
            text = _clean_text(value, 100)
            out[key] = text or None
        elif key == "not_figure":
            out[key] = bool(value)
        else:
            raise ValueError(f"{key}: not a field that can be corrected")
    if "region" not in out and any(k in out for k in REGION_FIELDS):
        raise ValueError("province, level and code follow a region")
    return out


def open_store(folder: Path, collection: str) -> UserStore:
    return UserStore(folder, collection)


def kept_docs(snapshot: Snapshot) -> set[str]:
    return {u.doc for u in snapshot.uploads}


def uploads_frame(uploads: Iterable[Upload]) -> pd.DataFrame:
    """The kept uploads as a frame (for the documents page)."""
    rows = [{"doc": u.doc, "name": u.name, "hash": u.hash, "size": u.size, "region": u.region,
             "province": u.province, "year": u.year, "doctype": u.doctype, "added_by": u.added_by,
             "added_at": u.added_at, "mentions": u.mentions} for u in uploads]
    return pd.DataFrame(rows, columns=["doc", "name", "hash", "size", "region", "province", "year", "doctype",
                                       "added_by", "added_at", "mentions"])
