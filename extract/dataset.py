"""A table as a folder: a parquet dataset, partitioned hive-style, written a
batch at a time and resumable.

    OUT/doc_year=2021/part-<batch>.parquet          one part per batch and partition
    OUT/doc_year=__HIVE_DEFAULT_PARTITION__/...      rows whose key is empty
    OUT/_manifest/dataset.json                       the partition keys, the format
    OUT/_manifest/batch-<batch>.json                 a finished batch: its inputs
                                                     (path, size, mtime, sha256), parts, rows
    OUT/_manifest/lock                               held by the run writing into OUT

A batch's parts are written first (each whole or not at all, see
`extract.atomic`), then its record; the record is the commit. Parts without a
record (a run killed between the two) are removed when the next run opens the
folder, and readers (`read_arrow`) read only recorded parts, so a row is
never seen twice. ``_`` and ``.`` names are skipped by pyarrow, DuckDB and
Spark, which read the parts as a plain hive dataset.

>>> segment("province", "辽宁省"), segment("doc_year", None), segment("unit", "m/s")
('province=辽宁省', 'doc_year=__HIVE_DEFAULT_PARTITION__', 'unit=m%2Fs')
>>> partition_keys("province, doc_year"), partition_keys("none")
(('province', 'doc_year'), ())
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import secrets
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable

from .atomic import AtomicFile, clean_stale, fsync_folder, write_atomic
from .model import MENTION_SCHEMA

FORMAT = "extract-dataset"
VERSION = 1
MANIFEST_DIR = "_manifest"
SETTINGS = "dataset.json"
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"    # Hive's, Spark's and pyarrow's name for an empty key
# Columns a folder may be partitioned by: few, short values (a folder name holds at most 255 bytes).
PARTITION_COLUMNS = ("province", "region", "region_level", "doc_year", "year", "kind", "indicator",
                     "unit", "qualifier")
# The default: one folder per document year. Batches are formed in year order
# (see `extract.pipeline`), so a batch's rows land in one or two folders as
# whole parts, where province × year would cut every batch into many small files.
DEFAULT_PARTITION = ("doc_year",)
SORT_COLUMNS = ("doc", "start", "end")
# Characters a folder name cannot hold as they are (pyarrow decodes %XX when it reads).
_ESCAPE = set('%/\\=:*?"<>|#') | {chr(c) for c in range(32)} | {"\x7f"}


class DatasetError(ValueError):
    """The folder cannot take this run (not ours, in use, or written with other settings)."""


def partition_keys(text: str) -> tuple[str, ...]:
    """``--partition a,b`` as column names; ``none`` for no partitioning. ValueError names a bad one."""
    if text.strip().lower() in ("", "none"):
        return ()
    keys = tuple(k.strip() for k in text.split(",") if k.strip())
    bad = [k for k in keys if k not in PARTITION_COLUMNS]
    if bad:
        raise ValueError(f"cannot partition by {', '.join(bad)}; choose from {', '.join(PARTITION_COLUMNS)} or none")
    if len(set(keys)) < len(keys):
        raise ValueError(f"a column is named twice in {text!r}")
    return keys


def segment(key: str, value) -> str:
    """One folder of a partition path, ``key=value`` (an empty value is Hive's null)."""
    if value is None or value == "":
        return f"{key}={NULL_PARTITION}"
    text = str(value)
    return f"{key}=" + "".join("".join(f"%{b:02X}" for b in c.encode()) if c in _ESCAPE else c for c in text)


def file_digest(path: str | os.PathLike) -> str:
    """The file's sha256, read in blocks."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


@dataclass(frozen=True)
class Input:
    """A finished input file as the manifest records it."""

    path: str          # absolute
    size: int
    mtime_ns: int
    sha256: str
    mentions: int = 0

    @classmethod
    def of(cls, path: str | os.PathLike, mentions: int = 0) -> "Input":
        st = os.stat(path)
        return cls(str(path), st.st_size, st.st_mtime_ns, file_digest(path), mentions)

    def unchanged(self) -> bool:
        """The file is still as it was: same size, mtime and content."""
        try:
            st = os.stat(self.path)
        except OSError:
            return False
        return (st.st_size == self.size and st.st_mtime_ns == self.mtime_ns
                and file_digest(self.path) == self.sha256)


@dataclass
class BatchRecord:
    """One finished batch: what went in and which part files came out."""

    batch: str
    parts: list[str] = field(default_factory=list)      # relative to the folder
    rows: int = 0
    inputs: list[Input] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)   # (path, reason): retried on --resume

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False, indent=0).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> "BatchRecord":
        raw = json.loads(data)
        return cls(raw["batch"], list(raw["parts"]), int(raw["rows"]), [Input(**i) for i in raw["inputs"]],
                   [tuple(p) for p in raw.get("problems", [])])


# --------------------------------------------------------------------------
# Writing a batch's parts (in whichever process extracted it)


def make_folders(folder: Path) -> None:
    """Create ``folder`` and its parents, each new folder's entry made durable in its parent."""
    missing = []
    probe = folder
    while not probe.is_dir():
        missing.append(probe)
        probe = probe.parent
    for f in reversed(missing):
        with contextlib.suppress(FileExistsError):
            f.mkdir()
        fsync_folder(f.parent)


def part_name(batch: str) -> str:
    return f"part-{batch}.parquet"


def write_parts(columns, root: str | os.PathLike, keys: tuple[str, ...], batch: str) -> list[str]:
    """A batch's rows (`extract.columnar.Columns`) as one parquet part per partition; their paths."""
    import pyarrow.parquet as pq

    from .columnar import record_batch

    root = Path(root)
    if not len(columns):
        return []
    names = [n for n in columns.schema.names if n not in keys]
    if keys:
        groups: dict[tuple, list[int]] = {}
        for i, key in enumerate(zip(*(columns.data[k] for k in keys))):
            groups.setdefault(key, []).append(i)
    else:
        groups = {(): None}
    written = []
    for key, index in sorted(groups.items(), key=lambda kv: tuple("" if v is None else str(v) for v in kv[0])):
        rel = Path(*[segment(k, v) for k, v in zip(keys, key)], part_name(batch))
        make_folders((root / rel).parent)
        rows = columns.data if index is None else columns.take(index)
        with AtomicFile(root / rel) as out:
            pq.write_table(_table(record_batch(rows, columns.schema, names)), str(out.path),
                           row_group_size=max(1, len(index) if index is not None else len(columns)))
        written.append(rel.as_posix())
    return written


def _table(batch):
    import pyarrow as pa

    return pa.Table.from_batches([batch])


# --------------------------------------------------------------------------
# The folder of a run


class DatasetFolder:
    """The output folder of one run: its settings, finished batches and lock.

    `open` refuses a folder that is not ours, one another run is writing into,
    an earlier run's dataset without ``resume``, or other partition keys than
    it was written with; it removes what killed runs left (temporary files,
    parts without a record).
    """

    def __init__(self, root: Path, keys: tuple[str, ...], records: dict[str, BatchRecord], lock: int):
        self.root = root
        self.keys = keys
        self.records = records
        self._lock = lock
        self._run = time.strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(2)
        self._seq = 0

    @classmethod
    def open(cls, root: str | os.PathLike, keys: tuple[str, ...] | None, resume: bool) -> "DatasetFolder":
        root = Path(root)
        manifest = root / MANIFEST_DIR
        settings_path = manifest / SETTINGS
        if root.is_dir() and not settings_path.is_file():
            strangers = [p.name for p in root.iterdir() if p.name != MANIFEST_DIR]
            if strangers:
                raise DatasetError(f"folder is not empty and holds no extracted dataset "
                                   f"(found {strangers[0]}); give a new or empty folder")
        make_folders(manifest)
        lock = _lock(manifest / "lock", root)
        try:
            finished = list(manifest.glob("batch-*.json"))
            if finished and not resume:
                raise DatasetError("holds a dataset from an earlier run; add --resume to go on "
                                   "with it, or give a new folder")
            if finished:
                settings = json.loads(settings_path.read_bytes())
                if settings.get("format") != FORMAT:
                    raise DatasetError(f"{settings_path}: not a dataset manifest of this program")
                stored = tuple(settings.get("partition", ()))
                if keys is not None and keys != stored:
                    raise DatasetError(f"written with --partition {','.join(stored) or 'none'}; "
                                       "resume it with the same partition or give a new folder")
                keys = stored
            keys = DEFAULT_PARTITION if keys is None else keys
            write_atomic(settings_path, json.dumps({"format": FORMAT, "version": VERSION, "partition": list(keys),
                                                    "columns": list(MENTION_SCHEMA.names)}).encode())
            folder = cls(root, keys, read_records(root), lock)
            folder.tidy()
            return folder
        except BaseException:
            os.close(lock)
            raise

    def tidy(self) -> None:
        """Remove temporary files of killed runs and parts no record lists."""
        recorded = {p for r in self.records.values() for p in r.parts}
        for folder, dirs, files in os.walk(self.root):
            clean_stale(folder)
            for name in files:
                if name.startswith("part-") and name.endswith(".parquet"):
                    rel = Path(folder, name).relative_to(self.root).as_posix()
                    if rel not in recorded:
                        with contextlib.suppress(FileNotFoundError):
                            os.unlink(os.path.join(folder, name))

    def new_batch(self) -> str:
        """A batch id no earlier run of this folder used."""
        self._seq += 1
        return f"{self._run}-{self._seq:05d}"

    def commit(self, record: BatchRecord) -> None:
        """Record a batch whose parts are in place: from now on its rows count."""
        write_atomic(self.root / MANIFEST_DIR / f"batch-{record.batch}.json", record.to_json())
        self.records[record.batch] = record

    def drop(self, batch: str) -> None:
        """Forget a batch (its record first, so its rows never count twice), then remove its parts."""
        record = self.records.pop(batch)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.root / MANIFEST_DIR / f"batch-{batch}.json")
        fsync_folder(self.root / MANIFEST_DIR)
        for rel in record.parts:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.root / rel)

    def plan(self, files: Iterable[Path]) -> tuple[list[Path], int]:
        """The files still to extract, and how many are done already.

        A file done before and unchanged (size, mtime, sha256) is skipped. A
        changed one takes its whole batch back: the batch is dropped and every
        file of it that still exists is extracted again, so no row is stale or
        doubled.
        """
        files = [Path(f).resolve() for f in files]
        done = {i.path: (i, r.batch) for r in self.records.values() for i in r.inputs}
        stale = {done[str(f)][1] for f in files if str(f) in done and not done[str(f)][0].unchanged()}
        todo = [f for f in files if str(f) not in done or done[str(f)][1] in stale]
        listed = set(todo)
        for batch in sorted(stale):
            for i in self.records[batch].inputs:
                if Path(i.path) not in listed and os.path.isfile(i.path):
                    todo.append(Path(i.path))
                    listed.add(Path(i.path))
            self.drop(batch)
        return todo, len(files) - len([f for f in files if f in listed])

    def close(self) -> None:
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    def __enter__(self) -> "DatasetFolder":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _lock(path: Path, root: Path) -> int:
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise DatasetError("another run is writing into this folder") from None
    return fd


def read_records(root: Path) -> dict[str, BatchRecord]:
    """The finished batches of a dataset folder, oldest first."""
    records = {}
    for path in sorted((root / MANIFEST_DIR).glob("batch-*.json")):
        record = BatchRecord.from_json(path.read_bytes())
        records[record.batch] = record
    return records


def is_dataset(path: str | os.PathLike) -> bool:
    return (Path(path) / MANIFEST_DIR / SETTINGS).is_file()


# --------------------------------------------------------------------------
# Reading


def read_arrow(root: str | os.PathLike, dictionary_columns: Iterable[str] = ()):
    """A dataset folder as one Arrow table with the declared columns, rows by (doc, start, end).

    A folder this program wrote is read by its records (only committed parts);
    any other folder of parquet files as a hive-partitioned dataset.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    from .columnar import arrow_schema

    root = Path(root)
    full = arrow_schema()
    wanted = [n for n in dictionary_columns]
    if is_dataset(root):
        settings = json.loads((root / MANIFEST_DIR / SETTINGS).read_bytes())
        keys = tuple(settings.get("partition", ()))
        files = [str(root / p) for r in read_records(root).values() for p in r.parts]
        partitioning = ds.HivePartitioning(pa.schema([full.field(k) for k in keys]), null_fallback=NULL_PARTITION,
                                           segment_encoding="uri") if keys else None
        fmt = ds.ParquetFileFormat(read_options=ds.ParquetReadOptions(
            dictionary_columns=[n for n in wanted if n not in keys]))
        if not files:
            return full.empty_table()
        dataset = ds.dataset(files, format=fmt, partitioning=partitioning, partition_base_dir=str(root))
    else:
        dataset = ds.dataset(root, format="parquet", partitioning="hive")
    table = dataset.to_table()
    missing = [n for n in full.names if n not in table.column_names]
    if missing:
        raise ValueError(f"table lacks column(s): {', '.join(missing)}")
    table = table.select(list(full.names))
    # parts come in no particular order: sort as a single-file run writes (files in order, then offsets);
    # Arrow does not sort dictionaries, so the order is found on plain copies of the three columns
    order = pc.sort_indices(pa.table({n: table[n].cast(full.field(n).type) for n in SORT_COLUMNS}),
                            sort_keys=[(n, "ascending") for n in SORT_COLUMNS])
    table = table.take(order)
    for name in wanted:          # a partition column comes back plain: give it its dictionary too
        i = table.schema.get_field_index(name)
        if not pa.types.is_dictionary(table.schema.field(i).type):
            table = table.set_column(i, name, pc.dictionary_encode(table[name]))
    return table
