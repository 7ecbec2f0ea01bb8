"""Where a figure comes from: its sentence and paragraph, with the number marked.

Everything taken from a document is HTML-escaped before it is marked up, so
a document containing ``<script>`` shows the tag as text.

>>> paragraph_around("第一段\\n营收增长6.5%。\\n第三段", 8, 12)
('营收增长6.5%。', (4, 8))
>>> highlight_html("a<b>6%", (4, 6))
'a&lt;b&gt;<mark>6%</mark>'
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, Iterable

import numpy as np
import pandas as pd

from dashboard import filters

PARAGRAPH_LIMIT = 800  # characters either side kept of a paragraph without line breaks


@dataclass(frozen=True)
class Evidence:
    """One mention with the text around it, ready to show."""

    row: dict  # the mention's fields (doc, region, year, kind, value, ...)
    sentence: str
    sentence_mark: tuple[int, int] | None
    paragraph: str | None
    paragraph_mark: tuple[int, int] | None
    note: str | None  # i18n key explaining why the paragraph is missing


def paragraph_around(text: str, start: int, end: int, limit: int = PARAGRAPH_LIMIT) -> tuple[str, tuple[int, int]]:
    """The line (between newlines) holding [start:end], and the span's place in it.

    A very long line is cut to ``limit`` characters either side, marked with ….
    """
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    prefix = suffix = ""
    if start - lo > limit:
        lo, prefix = start - limit, "…"
    if hi - end > limit:
        hi, suffix = end + limit, "…"
    para = text[lo:hi]
    stripped = para.rstrip("\r")
    a, b = start - lo, end - lo
    return prefix + stripped + suffix, (a + len(prefix), b + len(prefix))


def sentence_span(sentence: str, mention: str, doc_text: str | None = None,
                  start: int | None = None, end: int | None = None) -> tuple[int, int] | None:
    """Where the mention stands in its sentence (the right one when the number repeats)."""
    if not sentence or not mention:
        return None
    if doc_text is not None and start is not None and end is not None and start >= 0:
        window_lo = max(0, end - len(sentence))
        window_hi = min(len(doc_text), start + len(sentence))
        at = doc_text.find(sentence, window_lo, window_hi)
        if at >= 0 and at <= start and end <= at + len(sentence):
            return start - at, end - at
    at = sentence.find(mention)
    return None if at < 0 else (at, at + len(mention))


def highlight_html(text: str, span: tuple[int, int] | None) -> str:
    """The text HTML-escaped, with ``span`` wrapped in <mark>."""
    if span is None or not (0 <= span[0] <= span[1] <= len(text)):
        return html.escape(text)
    a, b = span
    return (html.escape(text[:a]) + "<mark>" + html.escape(text[a:b]) + "</mark>" + html.escape(text[b:]))


def highlight_spans_html(text: str, spans) -> str:
    """The text HTML-escaped with every (non-overlapping, in order) span marked."""
    out, pos = [], 0
    for a, b in sorted(spans):
        if a < pos or b > len(text) or a > b:
            continue  # overlapping or out of range: left unmarked
        out.append(html.escape(text[pos:a]) + "<mark>" + html.escape(text[a:b]) + "</mark>")
        pos = b
    out.append(html.escape(text[pos:]))
    return "".join(out)


def find_mention(frame: pd.DataFrame, doc: str | None, start: Any) -> dict | None:
    """The mention of ``doc`` starting at offset ``start`` (first if several), as a dict."""
    try:
        start = int(start)
    except (TypeError, ValueError):
        return None
    if not doc:
        return None
    mask = filters.equals(frame["doc"], doc) & (frame["start"].to_numpy() == start)
    hits = np.flatnonzero(mask)
    if len(hits) == 0:
        return None
    return _row_dict(frame.iloc[hits[0]])


def _row_dict(row: pd.Series) -> dict:
    out = {}
    for key, value in row.items():
        if value is pd.NA or (isinstance(value, float) and np.isnan(value)):
            value = None
        elif isinstance(value, np.integer):
            value = int(value)
        elif isinstance(value, np.floating):
            value = float(value)
        out[key] = value
    return out


def build(row: dict, doc_text: str | None) -> Evidence:
    """The evidence for a mention; ``doc_text`` is the document (None when not available)."""
    sentence = str(row.get("sentence") or "")
    mention = str(row.get("text") or "")
    start, end = row.get("start"), row.get("end")
    paragraph = paragraph_mark = note = None
    if doc_text is None:
        note = "evidence.no_text"
    elif start is None or end is None or not (0 <= start <= end <= len(doc_text)) or doc_text[start:end] != mention:
        note = "evidence.changed"
        doc_text = None
    else:
        paragraph, paragraph_mark = paragraph_around(doc_text, start, end)
    mark = sentence_span(sentence, mention, doc_text, start, end)
    return Evidence(row, sentence, mark, paragraph, paragraph_mark, note)


def keys_from_points(points: Iterable[dict]) -> list[tuple[str, int]]:
    """(doc, start) of each selected chart point, from the customdata the charts attach.

    Charts put ``[doc, start, ...]`` first in each point's customdata; points
    without it (e.g. a heatmap cell with no value) are skipped.
    """
    keys = []
    for point in points or ():
        data = point.get("customdata") if isinstance(point, dict) else None
        if isinstance(data, (list, tuple)) and len(data) >= 2 and data[0]:
            try:
                keys.append((str(data[0]), int(data[1])))
            except (TypeError, ValueError):
                continue
    return keys
