"""Documents in, indicator rows out: the stages joined, one document at a time."""
from __future__ import annotations

import csv
import functools
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd
import regex

from .context import DocInfo, Hint, Layout, describe_document, hint_from_file_name
from .ingest import Document, IngestError, Problem, list_files, read_document
from .normalise import normalise
from .regions import find_region
from .rules import END, MENTION, NEXT, PREVIOUS, Catalog, CatalogError, Grammar, default_grammar, load_catalog
from .table import to_frame

DOCUMENT_COLUMNS = ("doc", "path", "region", "province", "region_level", "doc_year",
                    "doctype", "chars", "mentions")

# Label: what is left of a clause once numbers, marks and opening verbs are gone.
_LABEL_NOISE = regex.compile(r"[\s“”\"'《》【】（）()<>]|^(?:其中|全年|共|累计|先后|同时|并|已)")
# A lead that may name a place: a name before 市/县/区/旗/州/盟, other than the
# document's own way of saying itself (全市, 本县, 我区). Checked before the
# slower lookup in the division table.
_NAMED_PLACE = regex.compile(r"(?<![全本我该城市县])\p{Han}(?:市|县|区|旗|州|盟)")
_PLACEHOLDERS = regex.compile(r"<(?:N|PREV|NEXT|END)>")


@dataclass
class Extraction:
    """The result of a run: mention rows, one row per document, and problems."""

    mentions: pd.DataFrame
    documents: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)


def read_manifest(path: str | os.PathLike) -> dict[str, Hint]:
    """Manifest CSV (file, region, year[, doctype, province]) → hints by file name.

    Raises ValueError naming the file and the missing column or bad year.
    """
    path = Path(path)
    hints: dict[str, Hint] = {}
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        if not reader.fieldnames or "file" not in reader.fieldnames:
            raise ValueError(f"{path.name}: manifest needs a `file` column")
        for line, row in enumerate(reader, start=2):
            year = (row.get("year") or "").strip()
            if year and not year.isdigit():
                raise ValueError(f"{path.name} line {line}: year {year!r} is not a number")
            hints[Path(row["file"]).name] = Hint(
                region=(row.get("region") or "").strip() or None,
                year=int(year) if year else None,
                doctype=(row.get("doctype") or "").strip() or None,
                province=(row.get("province") or "").strip() or None,
            )
    return hints


def _hint_for(doc: str, manifest: dict[str, Hint] | None) -> Hint:
    from_name = hint_from_file_name(doc)
    given = (manifest or {}).get(doc)
    if given is None:
        return from_name
    return Hint(region=given.region or from_name.region,
                year=given.year or from_name.year,
                doctype=given.doctype or from_name.doctype,
                province=given.province)


@functools.lru_cache(maxsize=1)
def checked_grammar() -> Grammar:
    """The default catalog's grammar, its examples verified once."""
    grammar = default_grammar()
    verify_examples(grammar)
    return grammar


def load_grammar(data_dir: str | os.PathLike) -> Grammar:
    """A grammar from another rule folder, checked like the default one."""
    grammar = Grammar(load_catalog(data_dir))
    verify_examples(grammar)
    return grammar


def verify_examples(grammar: Grammar) -> None:
    """Run every example of the catalog; raise CatalogError naming the first rule that fails."""
    catalog = grammar.catalog

    def first(text: str, where: str) -> dict:
        _, rows = extract_document(Document(doc="example.txt", text=text), Hint(), grammar)
        if not rows:
            raise CatalogError(f"{where}: example {text!r} gives no mention")
        return rows[0]

    def same(a, b) -> bool:
        return a is not None and abs(a - b) <= 1e-6 * max(1.0, abs(b))

    for unit in catalog.units.values():
        for ex in unit.examples:
            row = first(ex.text, f"unit {unit.unit}")
            if row["unit"] != unit.unit or not same(row["value"], ex.value):
                raise CatalogError(f"unit {unit.unit}: example {ex.text!r} gives "
                                   f"{row['value']} {row['unit']}, not {ex.value} {unit.unit}")
    for ind in catalog.indicators.values():
        for ex in ind.examples:
            row = first(ex.text, f"indicator {ind.id}")
            if row["indicator"] != ex.indicator:
                raise CatalogError(f"indicator {ind.id}: example {ex.text!r} gives indicator "
                                   f"{row['indicator']}, not {ex.indicator}")
            if ex.value is not None and not same(row["value"], ex.value):
                raise CatalogError(f"indicator {ind.id}: example {ex.text!r} gives value {row['value']}, not {ex.value}")
    for ex in catalog.guards.examples:
        got = first(ex.text, "guards")["indicator"]
        if got != ex.indicator:
            raise CatalogError(f"guards: example {ex.text!r} gives indicator {got}, not {ex.indicator}")
    for ex in catalog.markers.qualifier_examples:
        got = first(ex.text, "qualifiers")["qualifier"]
        if got != ex.qualifier:
            raise CatalogError(f"qualifiers: example {ex.text!r} gives {got}, not {ex.qualifier}")
    for ex in catalog.markers.kind_examples:
        got = first(ex.text, "kind")["kind"]
        if got != ex.kind:
            raise CatalogError(f"kind: example {ex.text!r} gives {got}, not {ex.kind}")


def extract_document(document: Document, hint: Hint | None = None,
                     grammar: Grammar | None = None) -> tuple[DocInfo, list[dict]]:
    """Every mention of one document as table rows, with the document's info."""
    grammar = grammar or checked_grammar()
    text = document.text
    norm = normalise(text)
    info = describe_document(document.doc, text, hint if hint is not None else _hint_for(document.doc, None))
    layout = Layout(norm, info, grammar.catalog.markers)
    matches = list(grammar.finditer(norm))
    rows: list[dict] = []
    for i, m in enumerate(matches):
        if (_is_slogan(m, grammar.catalog) or _is_title_count(norm, m)
                or grammar.enumeration_before.search(norm, max(0, m.start - 3), m.start)):
            continue
        s_start, s_end = layout.sentence(m.start, m.end)
        lead, tail, own_lead = _window(norm, layout, grammar, matches, i, s_start)
        region = layout.section(m.start).region
        indicator = None
        if m.value is not None and not grammar.blocked(lead, tail, norm[s_start:m.start]):
            indicator = grammar.find_indicator(m.unit, lead + MENTION + tail)
            if indicator and _names_other_place(lead, region):
                indicator = None
        year = layout.year_of(m.start, s_start)
        rows.append({
            "doc": document.doc,
            "region": region.name if region else None,
            "province": region.province if region else None,
            "region_level": region.level if region else None,
            "doc_year": info.doc_year,
            "year": year,
            "kind": layout.kind_of(m.start, s_start, year),
            "indicator": indicator,
            "label": _label(own_lead, tail),
            "value": float(m.value) if m.value is not None else None,
            "high": float(m.high) if m.high is not None else None,
            "unit": m.unit,
            "qualifier": grammar.qualifier(m, norm),
            "placeholder": m.value is None,
            "text": text[m.start:m.end],
            "sentence": text[s_start:s_end].strip(),
            "start": m.start,
            "end": m.end,
        })
    return info, rows


def _window(norm: str, layout: Layout, grammar: Grammar, matches: list, i: int,
            s_start: int) -> tuple[str, str, str]:
    """The lead and tail of mention i's clause, as indicator patterns read them
    (see indicators.yaml): earlier mentions as <PREV>, the clause's end as
    <END> or <NEXT>; and the clause's own lead, before any subject is borrowed."""
    m = matches[i]
    c_start = max(layout.clause_start(m.start), s_start)
    # 城镇、农村居民人均可支配收入: an enumeration comma inside the subject
    # does not end the clause when what stands before it holds no figure
    for _ in range(3):
        if c_start <= s_start or norm[c_start - 1] != "、":
            break
        before = max(layout.clause_start(c_start - 1), s_start)
        if any(before <= x.start < c_start for x in matches[max(0, i - 3):i]):
            break
        c_start = before
    prev = matches[i - 1] if i and matches[i - 1].end > c_start else None
    lead = _safe(norm[prev.end if prev else c_start:m.start])
    if prev is not None:
        lead = _safe(norm[c_start:prev.start]) + PREVIOUS + lead
    c_end = layout.clause_end(m.end)
    nxt = matches[i + 1] if i + 1 < len(matches) and matches[i + 1].start < c_end else None
    tail = _safe(norm[m.end:nxt.start if nxt else c_end]) + (NEXT if nxt else END)
    own = lead
    # 增长6.5% after 地区生产总值1280亿元, 达到1035亿元 after 生产总值翻一番:
    # a clause with no subject of its own speaks of the one before it
    # (and that one, if it has none either, of the one before that)
    start = c_start
    for _ in range(3):
        if start <= s_start or not grammar.subjectless.fullmatch(_PLACEHOLDERS.sub("", lead)):
            break
        b_start = max(layout.clause_start(start - 1), s_start)
        earlier = [x for x in matches[max(0, i - 4):i] if x.start >= b_start and x.end <= start]
        if earlier:
            lead = _safe(norm[b_start:earlier[0].start]) + PREVIOUS + lead
        else:
            lead = _safe(norm[b_start:start - 1]) + lead
        start = b_start
    return lead, tail, own


def _names_other_place(lead: str, region) -> bool:
    """江油市经济总量突破300亿元: the lead names a place other than the document's."""
    if region is None or not _NAMED_PLACE.search(lead):
        return False
    place = find_region(lead)
    return place is not None and place.name not in (region.name, region.province)


def _safe(s: str) -> str:
    # '<' only ever marks a placeholder inside a window
    return s.replace("<", "＜").replace("\n", "")


def _is_slogan(m, catalog: Catalog) -> bool:
    """A small number written in Chinese before 个/项/条 names a slogan or a list.

    三个表率, 五支队伍 and 十件实事 are names; 一次, 一批 are articles. Counts of
    people and events (两次, 三名) stay, as their unit says (units.yaml).
    """
    if not m.chinese_only or m.value is None or m.unit in ("%", "分之"):
        return False
    if m.value == 1 and m.high is None:
        return True
    if m.value >= 100 or m.high is not None:
        return False
    return not catalog.units[m.unit].small_chinese


def _is_title_count(norm: str, m) -> bool:
    """(5篇) on a line of its own, under a compilation's title, counts its parts."""
    line_start = norm.rfind("\n", 0, m.start) + 1
    line_end = norm.find("\n", m.end)
    line = norm[line_start:line_end if line_end >= 0 else len(norm)].strip()
    return line[:1] in "(（" and line[-1:] in ")）" and len(line) == m.end - m.start + 2


_LABEL_CUT = regex.compile(r"(?:19|20)[0-9]{2}年度?|[0-9.%]+|[，,、；;：:。]")
_QUALIFIER_TAILS = ("以上", "左右", "以下", "以内")
_TAIL_CUT = regex.compile(r"<|[，,、；;：:。]")


def _label(lead: str, tail: str) -> str:
    """The few words that say what is counted: the clause before, or after."""
    before = _LABEL_NOISE.sub("", _LABEL_CUT.sub("", _PLACEHOLDERS.sub("", lead)))[-24:]
    # 选派57名事业身份优秀干部到乡镇挂职: the words after the figure name it too
    after = _LABEL_NOISE.sub("", _TAIL_CUT.split(tail, maxsplit=1)[0])
    if after[:1] in ("的", "") or after[:2] in _QUALIFIER_TAILS:
        return before
    return before + after[:14]


# --------------------------------------------------------------------------
# Over files


def _document_row(document: Document, info: DocInfo, n: int) -> dict:
    region = info.region
    return {
        "doc": document.doc, "path": document.path,
        "region": region.name if region else None,
        "province": region.province if region else None,
        "region_level": region.level if region else None,
        "doc_year": info.doc_year, "doctype": info.doctype,
        "chars": len(document.text), "mentions": n,
    }


def run_documents(documents: Iterable[Document], manifest: dict[str, Hint] | None = None) -> Extraction:
    """Extract already-read documents (e.g. browser uploads)."""
    rows: list[dict] = []
    docs: list[dict] = []
    for document in documents:
        info, found = extract_document(document, _hint_for(document.doc, manifest))
        rows.extend(found)
        docs.append(_document_row(document, info, len(found)))
    return Extraction(to_frame(rows), _documents_frame(docs), [])


def _documents_frame(docs: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(docs, columns=list(DOCUMENT_COLUMNS))
    return frame.astype({"doc_year": "Int64", "chars": "Int64", "mentions": "Int64"})


@dataclass(frozen=True)
class FileResult:
    """One file's outcome: its rows and document row, or the problem."""

    rows: list[dict]
    document: dict | None
    problem: Problem | None


def _work(job: tuple[str, Hint]) -> FileResult:
    """Read and extract one file (in a worker process when there are several)."""
    path, hint = job
    try:
        document = read_document(path)
    except IngestError as e:
        return FileResult([], None, Problem(doc=Path(path).name, path=str(path), reason=e.reason))
    info, rows = extract_document(document, hint)
    return FileResult(rows, _document_row(document, info, len(rows)), None)


def stream(paths: Iterable, manifest: dict[str, Hint] | None = None, workers: int = 1,
           problems: list[Problem] | None = None) -> Iterator[FileResult]:
    """Per file, in order. One document at a time per worker: memory stays flat
    however large the corpus. Paths that do not exist go to `problems`."""
    files = list_files(paths, problems)
    jobs = [(str(f), _hint_for(Path(f).name, manifest)) for f in files]
    if workers <= 1 or len(jobs) <= 1:
        yield from map(_work, jobs)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        # results come back in order, a few files per task to keep workers busy
        yield from pool.map(_work, jobs, chunksize=max(1, min(16, len(jobs) // (workers * 8))))


def run(paths: Iterable, manifest: dict[str, Hint] | str | os.PathLike | None = None,
        workers: int = 1, progress: bool = False) -> Extraction:
    """Extract files and folders into one table, the documents, and the problems."""
    if manifest is not None and not isinstance(manifest, dict):
        manifest = read_manifest(manifest)
    problems: list[Problem] = []
    rows: list[dict] = []
    docs: list[dict] = []
    for result in with_progress(stream(list(paths), manifest, workers, problems), progress):
        rows.extend(result.rows)
        if result.document:
            docs.append(result.document)
        if result.problem:
            problems.append(result.problem)
    return Extraction(to_frame(rows), _documents_frame(docs), problems)


def with_progress(results: Iterable[FileResult], on: bool) -> Iterable[FileResult]:
    """A progress bar on stderr, counting files, when `on`."""
    if not on:
        return results
    from tqdm import tqdm
    return tqdm(results, unit="doc", file=sys.stderr, desc="extracting")
