"""Downloads people can use: headers and codes in the UI's language, values also in a display unit (亿元,
万人), a codebook and a source note with every file, names that say what is inside; big files built once.

Every byte goes through the one formula-safe writer (``extract.tabular``).
A download carries whatever columns the app's frame has, the table's in
schema order first, so a column another stage adds (``corrected``) arrives
without a change here.
"""
from __future__ import annotations

import datetime as dt
import functools
import io
import re
import threading
import weakref
import zipfile
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import pandas as pd
import yaml

from dashboard.fmt import MAGNITUDES, unit_label
from dashboard.i18n import has, t
from dashboard.indicators import Indicators
from dashboard.units import is_rate
from extract.model import MENTION_SCHEMA
from extract.tabular import (CSV_ENCODING, CSV_LINE_END, EXCEL_MAX_ROWS, neutralise, safe_frame,  # noqa: F401
                             to_csv_bytes, to_excel_bytes, workbook_bytes)

_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
CODEBOOK_FILE = Path(__file__).with_name("codebook.yaml")
ADDED_AFTER = {"indicator": ("indicator_name",), "unit": ("display_value", "display_high", "display_unit")}
STATUSES = ("met", "missed", "pending", "no_target", "incomparable")
CODED = {"kind": ("actual", "target"), "qualifier": ("exact", "over", "about", "under", "range"),
         "region_level": ("province", "city", "district", "county")}


def file_name(prefix: str, parts, ext: str, max_length: int = 120) -> str:
    """A file name that says what is in the file: ``指标表_gdp_丹东市_2020-2024.csv``.

    Characters a file system rejects are replaced, empty parts dropped.
    """
    pieces = [prefix] + [str(p) for p in parts if p not in (None, "")]
    stem = "_".join(_UNSAFE_NAME.sub("-", p).strip(" .") for p in pieces)
    stem = re.sub(r"\s+", " ", stem).strip() or "table"
    return f"{stem[:max_length]}.{ext.lstrip('.')}"


def list_part(values, more_word: str, limit: int = 3) -> str:
    """A few names for a file name: ``甲县+乙县+丙县+2``."""
    values = [str(v) for v in values]
    if len(values) <= limit:
        return "+".join(values)
    return "+".join(values[:limit]) + f"+{len(values) - limit}{more_word}"


# --------------------------------------------------------------------------
# The table as downloaded


def columns_of(frame: pd.DataFrame) -> list[str]:
    """The frame's columns as a download holds them: the table's in schema order, then any other (not ``_``-hidden)."""
    schema = [c for c in MENTION_SCHEMA.names if c in frame.columns]
    return schema + [c for c in frame.columns if c not in set(schema) and not str(c).startswith("_")]


PAIRED = {"target_": "target", "result_": "actual"}  # a target and its result side by side (cells.targets_across)


def header(column: str, lang: str) -> str:
    """A column's header in the language (the field id itself when it has no words)."""
    key = f"export.{column}"
    if has(key):
        return t(key, lang)
    for prefix, kind in PAIRED.items():
        if str(column).startswith(prefix) and lang == "zh":
            return f"{t('kind.' + kind, lang)}·{header(column[len(prefix):], lang)}"
    return str(column)


def display_scale(frame: pd.DataFrame, lang: str) -> tuple[np.ndarray, pd.Series]:
    """Per row, the divisor and the display unit (亿元, 万人, billion yuan) of its value.

    One display unit per indicator and unit (from the median figure), so a
    column of one indicator reads in one magnitude; a figure without an
    indicator gets its own; rates (%) are never scaled.
    """
    values = frame["value"].to_numpy(dtype="float64", na_value=np.nan)
    size = np.abs(values)
    unit_codes, unit_names = _codes(frame["unit"])
    ind_codes, _ = _codes(frame["indicator"])
    with_indicator = ind_codes >= 0
    group = ind_codes.astype(np.int64) * (len(unit_names) + 1) + unit_codes + 1
    if with_indicator.any():
        medians = pd.Series(size[with_indicator]).groupby(group[with_indicator]).median()
        size = np.where(with_indicator, pd.Series(group).map(medians).to_numpy(dtype="float64"), size)
    levels = MAGNITUDES.get(lang, MAGNITUDES["zh"])
    level = np.select([size >= d for d, _ in levels], list(range(len(levels))), default=len(levels))
    rate = np.array([is_rate(u) for u in unit_names] + [False])[unit_codes]
    level = np.where(rate | np.isnan(size), len(levels), level)
    divisors = np.array([d for d, _ in levels] + [1.0])
    words = [w for _, w in levels] + [""]
    combos, inverse = np.unique(level * (len(unit_names) + 1) + unit_codes + 1, return_inverse=True)
    labels = []
    for combo in combos:
        lv, uc = divmod(int(combo), len(unit_names) + 1)
        unit = unit_label(unit_names[uc - 1], lang) if uc > 0 else ""
        word = words[lv]
        labels.append((word + unit) if lang == "zh" else f"{word.strip()} {unit}".strip())
    display_unit = pd.Series(pd.Categorical(np.asarray(labels, dtype=object)[inverse.reshape(-1)]),
                             index=frame.index).where(~np.isnan(values), None)
    return divisors[level], display_unit


def _codes(series: pd.Series) -> tuple[np.ndarray, list]:
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series.cat.codes.to_numpy().astype(np.int64), [str(c) for c in series.cat.categories]
    codes, uniques = pd.factorize(series)
    return codes.astype(np.int64), [str(u) for u in uniques]


def _words(series: pd.Series, prefix: str, codes: Sequence[str], lang: str) -> pd.Series:
    """A coded column (actual, exact) with the UI's words for its codes; other values as they are."""
    words = {c: t(f"{prefix}.{c}", lang) for c in codes}
    if isinstance(series.dtype, pd.CategoricalDtype):
        renamed = [words.get(str(c), c) for c in series.cat.categories]
        if len(set(renamed)) == len(renamed):
            return series.cat.rename_categories(renamed)
    return series.astype(object).map(lambda v: words.get(v, v))


def _yes_no(series: pd.Series, lang: str) -> pd.Series:
    flags = series.astype("boolean")
    out = np.where(flags.fillna(False).to_numpy(dtype=bool), t("export.yes", lang), t("export.no", lang))
    return pd.Series(pd.Categorical(out), index=series.index).where(flags.notna().to_numpy(), None)


def readable(frame: pd.DataFrame, vocab: Indicators, lang: str) -> pd.DataFrame:
    """The rows as a download holds them: headers and codes in ``lang``, the indicator named, display values.

    In English the codes stay the table's own (actual, exact, True), which are English already.
    """
    added = {}
    if "indicator" in frame.columns:
        added["indicator_name"] = _indicator_names(frame["indicator"], vocab, lang)
    if {"value", "high", "unit"} <= set(frame.columns):
        divisor, display_unit = display_scale(frame, lang)
        added["display_value"] = frame["value"].to_numpy(dtype="float64", na_value=np.nan) / divisor
        added["display_high"] = frame["high"].to_numpy(dtype="float64", na_value=np.nan) / divisor
        added["display_unit"] = display_unit
    out: dict[str, object] = {}
    for column in columns_of(frame):
        series = frame[column]
        coded = CODED.get(column) or CODED.get(str(column).split("_", 1)[-1] if str(column).startswith(tuple(PAIRED)) else "")
        if lang == "zh" and coded:
            series = _words(series, column.split("_", 1)[-1] if column not in CODED else column, coded, lang)
        elif lang == "zh" and column == "status":
            series = _words(series, "status", STATUSES, lang)
        elif lang == "zh" and pd.api.types.is_bool_dtype(series.dtype):
            series = _yes_no(series, lang)
        out[column] = series
        for extra in ADDED_AFTER.get(column, ()):
            if extra in added:
                out[extra] = added[extra]
    table = pd.DataFrame(out, index=frame.index)
    table.columns = [header(c, lang) for c in table.columns]
    return table.reset_index(drop=True)


def _indicator_names(series: pd.Series, vocab: Indicators, lang: str) -> pd.Series:
    if isinstance(series.dtype, pd.CategoricalDtype):
        names = [vocab.label(str(c), lang, with_unit=False) for c in series.cat.categories]
        if len(set(names)) == len(names):
            return series.cat.rename_categories(names)
    return series.astype(object).map(lambda v: vocab.label(v, lang, with_unit=False) if isinstance(v, str) else None)


def chart_rows(cells: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The cells a chart draws as rows to download: conflicting values written out, in the chart's order."""
    rows = cells.drop(columns=[c for c in ("alternatives",) if c in cells.columns])
    if "alternatives" in cells.columns:
        from dashboard.fmt import format_value

        rows = rows.assign(conflict_values=[
            t("note.list", lang).join(f"{format_value(a['value'], a['unit'], a['qualifier'], a['high'], lang)}"
                                      f" ({a['doc']})" for a in alts) if alts else None
            for alts in cells["alternatives"]])
    return rows.reset_index(drop=True)


# --------------------------------------------------------------------------
# The codebook and the source note


@functools.cache
def _codebook() -> dict:
    with CODEBOOK_FILE.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def column_meaning(column: str, lang: str) -> str:
    """What a column means: the schema's words in English, the codebook's in Chinese."""
    book = _codebook()
    for prefix, kind in PAIRED.items():
        if column.startswith(prefix) and column not in book.get("added", {}):
            return f"{t('kind.' + kind, lang)}: {column_meaning(column[len(prefix):], lang)}"
    if column in book.get("added", {}):
        words = book["added"][column]
        return words.get(lang) or words.get("en", "")
    if lang == "zh" and column in book.get("columns", {}):
        return book["columns"][column]
    return MENTION_SCHEMA[column].doc if column in MENTION_SCHEMA.names else ""


def definition(indicator: str, vocab: Indicators, lang: str) -> str:
    """An indicator's definition; one made from the catalog (label, units, an example) when the codebook has none."""
    words = _codebook().get("indicators", {}).get(indicator)
    if words and words.get(lang):
        return words[lang]
    ind = (getattr(vocab.catalog, "indicators", {}) or {}).get(indicator)
    example = next(iter(getattr(ind, "examples", ()) or ()), None)
    text = vocab.label(indicator, lang, with_unit=False)
    return t("codebook.made", lang, label=text, example=getattr(example, "text", "—") if example else "—")


def codebook_columns(table_columns: Sequence[str], lang: str) -> pd.DataFrame:
    """One row per column of a download: its header, field id, type and meaning."""
    rows = []
    for column in table_columns:
        dtype = MENTION_SCHEMA[column].dtype if column in MENTION_SCHEMA.names else (
            "Float64" if column.startswith("display_") and column != "display_unit" else "string")
        example = MENTION_SCHEMA[column].example if column in MENTION_SCHEMA.names else ""
        rows.append({t("codebook.header", lang): header(column, lang), t("codebook.field", lang): column,
                     t("codebook.type", lang): dtype, t("codebook.meaning", lang): column_meaning(column, lang),
                     t("codebook.example", lang): example})
    return pd.DataFrame(rows)


def codebook_indicators(vocab: Indicators, lang: str, present: Sequence[str] = ()) -> pd.DataFrame:
    """Every indicator of the catalog (and any other in the data): id, names, topic, units, definition."""
    other = "en" if lang == "zh" else "zh"
    catalog = getattr(vocab.catalog, "indicators", {}) or {}
    ids = list(vocab.ids) + [i for i in vocab.order(present) if i not in set(vocab.ids)]
    rows = []
    for indicator in ids:
        units = getattr(catalog.get(indicator), "units", ()) or ((vocab.unit_of.get(indicator),) if
                                                                 vocab.unit_of.get(indicator) else ())
        rows.append({t("codebook.field", lang): indicator,
                     t("codebook.name", lang): vocab.label(indicator, lang, with_unit=False),
                     t("codebook.other_name", lang): vocab.label(indicator, other, with_unit=False),
                     t("codebook.topic", lang): vocab.topic_label(vocab.topic(indicator), lang),
                     t("codebook.units", lang): t("note.list", lang).join(unit_label(u, lang) or u for u in units),
                     t("codebook.definition", lang): definition(indicator, vocab, lang)})
    return pd.DataFrame(rows)


def codebook_codes(lang: str) -> pd.DataFrame:
    """The codes of the coded columns (kind, qualifier, yes/no) and what each means."""
    rows = []
    for column, codes in {**CODED, "status": STATUSES}.items():
        for code in codes:
            rows.append((header(column, lang), code, t(f"{column}.{code}", "zh"), t(_key("codes", column, code), lang)))
    for flag in ("True", "False"):
        rows.append((t("codebook.flags", lang), flag, t("export.yes" if flag == "True" else "export.no", "zh"),
                     t(_key("codes", "flag", flag.lower()), lang)))
    return pd.DataFrame(rows, columns=[t("codebook.column", lang), t("codebook.code", lang),
                                       t("codebook.word", lang), t("codebook.meaning", lang)])


def _key(*parts: str) -> str:
    """An i18n key of several parts (the codes' words: ``codes.kind.actual``)."""
    return ".".join(parts)


@dataclass(frozen=True)
class Note:
    """What a download says about itself: what it holds and where the figures come from."""

    what: str  # "全部数据" or the selection's filters or the chart's title
    source: str = ""  # the data the app opened (sample, corpus folder, table file)
    documents: int = 0
    figures: int = 0
    extra: tuple[str, ...] = ()  # the chart's coverage and unit notes
    made: str = field(default_factory=lambda: dt.datetime.now().strftime("%Y-%m-%d %H:%M"))


def note_lines(note: Note, lang: str) -> list[str]:
    return [t("export.note_title", lang), t("export.note_what", lang, what=note.what),
            t("export.note_source", lang, source=note.source or "—"),
            t("export.note_counts", lang, documents=note.documents, figures=f"{note.figures:,}"),
            *note.extra, t("export.note_made", lang, made=note.made), t("export.note_method", lang),
            t("export.note_units", lang), t("export.note_safe", lang), t("export.note_cite", lang)]


def documents_sheet(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The documents the rows come from, with how many of the rows each gives."""
    if frame.empty:
        return pd.DataFrame(columns=[header(c, lang) for c in ("doc", "region", "doc_year")] + [t("codebook.rows", lang)])
    keys = [c for c in ("doc", "region", "doc_year") if c in frame.columns]
    counts = frame.groupby(keys, observed=True, dropna=False).size().reset_index(name="_n")
    counts = counts.sort_values(keys, kind="stable")
    counts.columns = [header(c, lang) for c in keys] + [t("codebook.rows", lang)]
    return counts.reset_index(drop=True)


def sheets(frame: pd.DataFrame, vocab: Indicators, lang: str, note: Note,
           table: pd.DataFrame | None = None) -> list[tuple[str, pd.DataFrame]]:
    """The sheets of a download: the data, the note, the codebook (columns, indicators, codes), the documents."""
    table = readable(frame, vocab, lang) if table is None else table
    fields = columns_for_codebook(frame, table)
    present = [str(i) for i in pd.Series(frame["indicator"]).dropna().unique()] if "indicator" in frame else []
    return [(t("export.sheet_data", lang), table),
            (t("export.sheet_note", lang), pd.DataFrame({t("export.sheet_note", lang): note_lines(note, lang)})),
            (t("export.sheet_columns", lang), codebook_columns(fields, lang)),
            (t("export.sheet_indicators", lang), codebook_indicators(vocab, lang, present)),
            (t("export.sheet_codes", lang), codebook_codes(lang)),
            (t("export.sheet_documents", lang), documents_sheet(frame, lang))]


def columns_for_codebook(frame: pd.DataFrame, table: pd.DataFrame) -> list[str]:
    """The field ids of a readable table's columns, in its order."""
    added = set(table.columns)
    return [f for column in columns_of(frame) for f in (column, *ADDED_AFTER.get(column, ()))
            if f == column or header(f, "zh") in added or header(f, "en") in added]


def excel(frame: pd.DataFrame, vocab: Indicators, lang: str, note: Note) -> bytes:
    """An .xlsx workbook: the data, then the note, the codebook and the documents, each its own sheet."""
    return workbook_bytes(sheets(frame, vocab, lang, note))


def csv_zip(frame: pd.DataFrame, vocab: Indicators, lang: str, note: Note) -> bytes:
    """A zip of CSV files (UTF-8 with BOM, CRLF): the data and, beside it, the codebook and the note."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=5) as archive:
        data, _note, *codebook = sheets(frame, vocab, lang, note)
        text = CSV_LINE_END.join(note_lines(note, lang)) + CSV_LINE_END  # the note as text, to be read first
        archive.writestr(f"{t('export.readme', lang)}.txt", text.encode(CSV_ENCODING))
        archive.writestr(f"{data[0]}.csv", to_csv_bytes(data[1]))
        for n, (title, sheet) in enumerate(codebook, start=1):
            archive.writestr(f"{n}_{title}.csv", to_csv_bytes(sheet))
    return buffer.getvalue()


# --------------------------------------------------------------------------
# Big downloads, built once


class Prepared:
    """Download bytes built once per data frame and key, shared by every session, dropped with the frame.

    The frame is the app's frozen one: the same object means the same rows. A
    few entries are kept (a million-row workbook is tens of MB), the oldest
    dropped first.
    """

    def __init__(self, max_entries: int = 6) -> None:
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict = {}
        self.max_entries = max_entries

    def get(self, frame: pd.DataFrame, key: tuple, build: Callable[[], bytes]) -> bytes:
        entry_key = (id(frame), key)
        with self._lock:
            hit = self._entries.get(entry_key)
            if hit is not None and hit[0]() is frame:
                self._entries.move_to_end(entry_key)
                return hit[1]
            lock = self._building.setdefault(entry_key, threading.Lock())
        with lock:  # two clicks at once build it once
            with self._lock:
                hit = self._entries.get(entry_key)
                if hit is not None and hit[0]() is frame:
                    return hit[1]
            data = build()
            with self._lock:
                self._entries[entry_key] = (weakref.ref(frame), data)
                self._entries.move_to_end(entry_key)
                while len(self._entries) > self.max_entries:
                    self._entries.popitem(last=False)
                self._building.pop(entry_key, None)
            return data

    def __len__(self) -> int:
        return len(self._entries)


PREPARED = Prepared()
