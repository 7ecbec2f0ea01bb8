"""The store stage: a dataset (mentions, documents, problems) ready for the app.

Three sources: the bundled sample (``data/sample``), a corpus folder
(``--corpus DIR``) or a table written by the CLI (``--table FILE.parquet|csv``).
Folders are extracted once and the result cached as parquet, keyed by every
file's name, size and mtime and by the extractor's own files, so a second
start reads the cache in well under a second; a broken cache is rewritten.
Uploaded files are extracted in memory; what users keep (uploads,
corrections) lives in the data folder (``dashboard.userstore``), which is
never the corpus folder: nothing is ever written into a corpus.

Pure: no streamlit. The app turns ``ValueError`` into a message.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import pandas as pd

from . import table as table_module
from .model import DOCUMENT_SCHEMA, MENTION_SCHEMA, PROBLEM_SCHEMA
from .uploads import MAX_UPLOAD_BYTES  # noqa: F401  (the app's per-file limit, named here too)

REPO = Path(__file__).resolve().parent.parent
SAMPLE_DIR = REPO / "data" / "sample"
EXTRACT_DIR = Path(__file__).resolve().parent
MANIFEST = "MANIFEST.csv"
CACHE_VERSION = "1"  # bump when the cached files' layout changes


@dataclass(frozen=True)
class Source:
    """Where the app's data comes from, where what users keep goes (``data_dir``), and the cache."""

    kind: str  # sample, corpus or table
    path: Path
    data_dir: Path
    cache_dir: Path | None = None  # None: do not cache

    def folders(self) -> list[Path]:
        """The folders extracted for this source (none for a table); kept uploads live in the store."""
        return [] if self.kind == "table" else [self.path]

    @property
    def collection(self) -> str:
        """What the store files this source's uploads and corrections under: its kind and where it is."""
        return "sample" if self.kind == "sample" else f"{self.kind}:{_absolute(self.path)}"


@dataclass(frozen=True)
class Dataset:
    """What the app shows: the declared mentions table, its documents, and what went wrong."""

    mentions: pd.DataFrame
    documents: pd.DataFrame
    problems: pd.DataFrame  # doc, path, reason
    source: Source | None = None
    cached: bool = False  # read from the cache rather than extracted
    texts: Mapping[str, str] = field(default_factory=dict)  # doc -> text, for uploads


# --------------------------------------------------------------------------
# Where from


APP_NAME = "report-dashboard"


def default_cache_dir(environ: Mapping[str, str] = os.environ) -> Path:
    if environ.get("DASHBOARD_CACHE_DIR"):
        return Path(environ["DASHBOARD_CACHE_DIR"])
    base = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / APP_NAME


def default_data_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """Where what users keep goes: ``$DASHBOARD_DATA_DIR``, else ``$XDG_DATA_HOME/report-dashboard``
    (``~/.local/share/report-dashboard``): outside the repository and any corpus."""
    if environ.get("DASHBOARD_DATA_DIR"):
        return Path(environ["DASHBOARD_DATA_DIR"])
    base = environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_NAME


# The data folder of a Source made without one (a table opened by path).
UPLOADS_DIR = default_data_dir()


def _absolute(path: Path) -> Path:
    return Path(os.path.abspath(os.path.expanduser(str(path))))


def is_within(path: Path, folder: Path) -> bool:
    """True when ``path`` is ``folder`` or inside it (links resolved where they exist).

    >>> is_within(Path("/c/d"), Path("/c")), is_within(Path("/cd"), Path("/c"))
    (True, False)
    """
    inner, outer = _absolute(path), _absolute(folder)
    candidates = {(inner, outer)}
    try:
        candidates.add((inner.resolve(), outer.resolve()))
    except OSError:
        pass
    return any(a == b or b in a.parents for a, b in candidates)


def source_from_args(argv: Sequence[str], environ: Mapping[str, str] = os.environ) -> Source:
    """The source named on the command line (``-- --corpus DIR`` / ``-- --table FILE``).

    Environment variables DASHBOARD_CORPUS, DASHBOARD_TABLE, DASHBOARD_DATA_DIR
    and DASHBOARD_CACHE_DIR (``none`` turns the cache off) stand in for the
    options. Arguments the app does not know are ignored (under a test
    runner ``sys.argv`` holds the runner's). Raises ValueError for both
    --corpus and --table, and for a data or cache folder inside the corpus
    (nothing is ever written into a corpus).
    """
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--corpus")
    parser.add_argument("--table")
    parser.add_argument("--data-dir")
    parser.add_argument("--cache-dir")
    args, _ = parser.parse_known_args(list(argv))
    corpus = args.corpus or environ.get("DASHBOARD_CORPUS")
    table = args.table or environ.get("DASHBOARD_TABLE")
    data_dir = args.data_dir or environ.get("DASHBOARD_DATA_DIR")
    cache = args.cache_dir or environ.get("DASHBOARD_CACHE_DIR")
    if corpus and table:
        raise ValueError("give either --corpus or --table, not both")
    cache_dir = None if (cache or "").lower() == "none" else Path(cache) if cache else default_cache_dir(environ)
    data = Path(data_dir) if data_dir else default_data_dir(environ)
    if table:
        return Source("table", Path(table), data, cache_dir)
    if corpus:
        for what, folder in (("data", data), ("cache", cache_dir)):
            if folder is not None and is_within(folder, Path(corpus)):
                raise ValueError(f"the {what} folder {folder} is inside the corpus folder {corpus}; nothing is "
                                 f"written into a corpus: choose another with --{what}-dir")
        return Source("corpus", Path(corpus), data, cache_dir)
    return Source("sample", SAMPLE_DIR, data, cache_dir)


# --------------------------------------------------------------------------
# Loading


def load(source: Source, workers: int | None = None) -> Dataset:
    """The dataset for a source: a table read as is, folders extracted (or read from the cache).

    Raises ValueError (a message for the user) when the table or folder cannot be read.
    """
    if source.kind == "table":
        return load_table(source.path, source)
    if not source.path.is_dir():
        raise ValueError(f"{source.path}: no such folder")
    return load_folders(source.folders(), source.cache_dir, source=source, workers=workers)


def load_table(path: Path, source: Source | None = None) -> Dataset:
    """A table written by the CLI (a CSV or parquet file, or a dataset folder); its documents are derived from the rows."""
    path = Path(path)
    if not path.is_file() and not path.is_dir():
        raise ValueError(f"{path}: no such file or folder")
    try:
        if path.is_dir() or path.suffix.lower() == ".parquet":
            mentions = read_parquet_fast(path)
        else:
            mentions = table_module.read_table(path)
    except Exception as exc:  # a broken parquet or CSV file, or one without the columns
        message = str(exc) if isinstance(exc, ValueError) else f"cannot be read as a table ({type(exc).__name__}: {exc})"
        raise ValueError(message if path.name in message else f"{path.name}: {message}") from None
    return Dataset(mentions, documents_from_mentions(mentions), empty_problems(),
                   source or Source("table", path, UPLOADS_DIR))


# Repeating strings, read as parquet dictionaries straight into pandas categoricals.
DICTIONARY_COLUMNS = tuple(c.name for c in MENTION_SCHEMA if c.repeats)


def read_parquet_fast(path: Path) -> pd.DataFrame:
    """A parquet table (a file, or a dataset folder `python -m extract --out DIR/` wrote)
    with the declared columns, the repeating strings as categoricals.

    Reading dictionaries directly (``read_dictionary``) avoids turning a million
    cells into strings only for the app to turn them back into categories; the
    other strings stay Arrow-backed and numbers stay numpy (``dashboard.frame``
    takes both as they are).
    Raises ValueError naming a missing column.
    """
    import pyarrow.parquet as pq

    if Path(path).is_dir():
        from .dataset import read_arrow

        arrow = read_arrow(path, DICTIONARY_COLUMNS)
    else:
        names = pq.read_schema(path).names
        missing = [n for n in table_module.COLUMN_NAMES if n not in names]
        if missing:
            raise ValueError(f"table lacks column(s): {', '.join(missing)}")
        arrow = pq.read_table(path, columns=list(table_module.COLUMN_NAMES),
                              read_dictionary=list(DICTIONARY_COLUMNS))
    frame = arrow.to_pandas()
    for name, dtype in table_module.DTYPES.items():
        col = frame[name]
        if name in DICTIONARY_COLUMNS and isinstance(col.dtype, pd.CategoricalDtype):
            continue
        if dtype == "string":
            if not isinstance(col.dtype, pd.StringDtype):
                frame[name] = col.astype("str")
        elif dtype == "boolean":
            if not pd.api.types.is_bool_dtype(col):
                frame[name] = col.astype(object).map(table_module._to_bool).astype("boolean")
        elif not pd.api.types.is_numeric_dtype(col):
            frame[name] = pd.to_numeric(col, errors="coerce").astype(dtype)
        # numbers stay as numpy read them (float64 where integers have gaps): the app wants them so
    return frame


def documents_from_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    """One row per document named in the table (no path: the texts are not at hand)."""
    if mentions.empty:
        return empty_documents()
    grouped = mentions.groupby("doc", sort=True, dropna=True)
    docs = grouped[["region", "province", "region_level", "doc_year"]].first()
    docs["mentions"] = grouped.size()
    docs = docs.reset_index()
    for col in ("path", "doctype", "chars"):
        docs[col] = None
    # categories read from parquet keep the file's order, not the alphabet's
    return _documents_frame(docs).sort_values("doc", kind="stable").reset_index(drop=True)


def empty_documents() -> pd.DataFrame:
    return table_module.empty(DOCUMENT_SCHEMA)


def empty_problems() -> pd.DataFrame:
    return table_module.empty(PROBLEM_SCHEMA)


def _documents_frame(docs: pd.DataFrame) -> pd.DataFrame:
    docs = docs.copy()
    for col in DOCUMENT_SCHEMA.names:
        if col not in docs.columns:
            docs[col] = None
    return table_module.conform(docs, DOCUMENT_SCHEMA).reset_index(drop=True)


def problems_frame(problems: Iterable) -> pd.DataFrame:
    """Problems (`extract.model.Problem`) as a frame."""
    return table_module.frame_of(list(problems), PROBLEM_SCHEMA)


def corpus_files(folders: Iterable[Path]) -> list[Path]:
    """The files extraction would read in these folders (README, MANIFEST skipped)."""
    from .ingest import list_files

    return sorted(list_files([Path(f) for f in folders]))


def _stat_lines(files: Iterable[Path]) -> list[str]:
    """One line per file: where it is, how big, when last changed."""
    lines = []
    for f in files:
        try:
            st = f.stat()
        except OSError:
            continue
        lines.append(f"{f.resolve()}\t{st.st_size}\t{st.st_mtime_ns}")
    return lines


def extractor_fingerprint() -> str:
    """Changes whenever the extractor's code or vocabulary changes, so old caches are not reused."""
    files = sorted(p for p in EXTRACT_DIR.rglob("*") if p.is_file() and p.suffix in (".py", ".yaml", ".yml", ".csv")
                   and "__pycache__" not in p.parts and p.name != "store.py")
    lines = [f"{p.relative_to(EXTRACT_DIR)}\t{p.stat().st_size}\t{p.stat().st_mtime_ns}" for p in files]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def cache_key(folders: Sequence[Path], files: Sequence[Path]) -> str:
    """A key over every input file (path, size, mtime), the manifests and the extractor."""
    manifests = [Path(f) / MANIFEST for f in folders if (Path(f) / MANIFEST).is_file()]
    lines = [CACHE_VERSION, extractor_fingerprint()]
    lines += [str(Path(f).resolve()) for f in folders]
    lines += _stat_lines(sorted(files) + manifests)
    return hashlib.sha256("\n".join(lines).encode("utf-8", "surrogatepass")).hexdigest()


def folder_signature(source: Source) -> str:
    """A cheap fingerprint of what a source reads (each file's path, size and mtime; a table's own),
    so a running app notices files added, changed or removed and reloads."""
    if source.kind == "table":
        files = [Path(source.path)]
        if Path(source.path).is_dir():  # a partitioned table: its parts
            files = sorted(p for p in Path(source.path).rglob("*") if p.is_file())
        return hashlib.sha256("\n".join(_stat_lines(files)).encode("utf-8", "surrogatepass")).hexdigest()
    folders = source.folders()
    try:
        files = corpus_files(folders)
    except OSError:
        files = []
    manifests = [Path(f) / MANIFEST for f in folders if (Path(f) / MANIFEST).is_file()]
    return hashlib.sha256("\n".join(_stat_lines(files + manifests)).encode("utf-8", "surrogatepass")).hexdigest()


def _read_cache(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame] | None:
    try:
        mentions = table_module.read_table(folder / "mentions.parquet")
        documents = _documents_frame(pd.read_parquet(folder / "documents.parquet"))
        problems = table_module.conform(pd.read_parquet(folder / "problems.parquet"), PROBLEM_SCHEMA)
        return mentions, documents, problems
    except Exception:  # missing or broken cache: extract again
        return None


def _write_cache(folder: Path, mentions: pd.DataFrame, documents: pd.DataFrame, problems: pd.DataFrame,
                 replace: bool = False) -> None:
    """Write into a temporary folder and rename it into place, so readers never see half a cache.

    ``replace``: the folder there is broken; it is moved aside first (a rename onto a
    folder that is not empty fails), so the next start reads the new cache.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    broken = None
    try:
        mentions.to_parquet(tmp / "mentions.parquet", index=False)
        documents.to_parquet(tmp / "documents.parquet", index=False)
        problems.to_parquet(tmp / "problems.parquet", index=False)
        if replace and folder.exists():
            broken = folder.with_name(f".{folder.name}.broken-{os.getpid()}")
            try:
                os.replace(folder, broken)
            except OSError:
                broken = None
        try:
            os.replace(tmp, folder)
        except OSError:  # another process wrote the same cache first
            pass
    finally:
        for leftover in (tmp, broken):
            if leftover is not None and leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            elif leftover is not None and leftover.exists():
                leftover.unlink(missing_ok=True)


def _manifest_hints(folders: Sequence[Path], problems: list) -> dict:
    """The folders' MANIFEST.csv hints merged; a broken manifest is a problem, not a failure."""
    from .manifest import read_manifest
    from .model import Problem

    hints: dict = {}
    for folder in folders:
        path = Path(folder) / MANIFEST
        if not path.is_file():
            continue
        try:
            hints.update(read_manifest(path))
        except (ValueError, OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(doc=MANIFEST, path=str(path), reason=f"manifest ignored: {exc}"))
    return hints


def load_folders(folders: Sequence[Path], cache_dir: Path | None = None, source: Source | None = None,
                 workers: int | None = None) -> Dataset:
    """Extract the folders' documents, or read the cached result of an identical earlier run."""
    from . import pipeline

    folders = [Path(f) for f in folders]
    files = corpus_files(folders)
    key = cache_key(folders, files)
    target = Path(cache_dir) / f"extraction-{key[:24]}" if cache_dir else None
    broken = False
    if target is not None and target.exists():
        cached = _read_cache(target) if target.is_dir() else None
        if cached is not None:
            return Dataset(*cached, source=source, cached=True)
        broken = True  # truncated or corrupt: extract again and write it anew
    problems: list = []
    hints = _manifest_hints(folders, problems)
    if workers is None:
        workers = 1 if len(files) < 40 else max(1, min(4, (os.cpu_count() or 1)))
    extraction = pipeline.run(folders, manifest=hints, workers=workers)
    mentions = table_module.frame_of(extraction.mentions)
    documents = table_module.frame_of(extraction.documents, DOCUMENT_SCHEMA)
    problem_frame = problems_frame(list(problems) + list(extraction.problems))
    if target is not None:
        try:
            _write_cache(target, mentions, documents, problem_frame, replace=broken)
        except OSError:
            pass  # a read-only cache folder only costs time
    return Dataset(mentions, documents, problem_frame, source=source, cached=False)


# --------------------------------------------------------------------------
# Uploads

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


MAX_NAME = 120  # characters of a document name kept


def safe_name(name: str) -> str:
    """A bare file name from whatever the browser sent (no folders, no control characters, not too long).

    Only a name: the store keeps files under their content hash, never under this.
    """
    name = _CONTROL.sub("", str(name or "")).replace("\\", "/").split("/")[-1].strip()
    name = name.lstrip(".")  # no hidden files, no '..'
    if len(name) > MAX_NAME:
        suffix = Path(name).suffix[:10]
        name = name[: MAX_NAME - len(suffix)] + suffix
    return name or "upload.txt"


def free_name(name: str, taken: Iterable[str]) -> str:
    """``name``, or ``name (2)``, ``name (3)`` … before the suffix, whichever is not taken."""
    taken = set(taken)
    if name not in taken:
        return name
    path = Path(name)
    stem, suffix = path.stem, path.suffix
    n = 2
    while f"{stem} ({n}){suffix}" in taken:
        n += 1
    return f"{stem} ({n}){suffix}"


def dataset_of(uploads: Iterable) -> Dataset:
    """Uploads read one by one (``extract.uploads.UploadRecords``) as one data set, texts kept for evidence."""
    mentions, documents, problems, texts = [], [], [], {}
    for up in uploads:
        mentions.extend(up.mentions)
        if up.document is not None:
            documents.append(up.document)
        problems.extend(up.problems)
        if up.text is not None:
            texts[up.name] = up.text
    doc_frame = _documents_frame(table_module.frame_of(documents, DOCUMENT_SCHEMA)) if documents else empty_documents()
    return Dataset(table_module.frame_of(mentions), doc_frame, problems_frame(problems), texts=texts)


def extract_uploads(files: Iterable[tuple[str, bytes]], taken: Iterable[str] = (),
                    max_bytes: int = MAX_UPLOAD_BYTES) -> Dataset:
    """Extract uploaded files one by one; a file that cannot be read becomes a problem naming it.

    Names already used (``taken``: the data's documents) get a ``(2)`` suffix,
    so a mention's (doc, offset) stays unique. The texts are kept for evidence.
    """
    from .uploads import read_upload

    taken = set(taken)
    results = []
    for raw_name, data in files:
        name = free_name(safe_name(raw_name), taken)
        result = read_upload(name, data, max_bytes)
        if result.readable:
            taken.add(name)
        results.append(result)
    return dataset_of(results)
