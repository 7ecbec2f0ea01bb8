"""Evidence: a document, then one of its figures, shown with its sentence and paragraph."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard import evidence as ev
from dashboard import filters as sel
from dashboard.fmt import format_value
from dashboard.indicators import Indicators


@dataclass(frozen=True)
class EvidenceSettings:
    doc: str | None
    at: int | None = None  # the figure's offset in the document


@dataclass(frozen=True)
class Found:
    mention: dict | None  # the mention's fields (evidence.find_mention)
    hint: str | None = None


def doc_choice(frame: pd.DataFrame) -> list[str]:
    return sel.distinct(frame, "doc")


def figure_choice(frame: pd.DataFrame, doc: str | None, vocab: Indicators, lang: str) -> dict[int, str]:
    """The document's figures in text order: offset → ``mention · what it counts · figure``."""
    if not doc:
        return {}
    rows = frame.iloc[np.flatnonzero(sel.equals(frame["doc"], doc))].sort_values("start", kind="stable")
    labels = {}
    for r in rows.drop_duplicates("start").to_dict("records"):
        figure = format_value(r["value"], r["unit"], r["qualifier"], r["high"], lang)
        what = (vocab.label(r["indicator"], lang, with_unit=False) if isinstance(r["indicator"], str)
                else (r["label"] or ""))
        labels[r["start"]] = f"{r['text']} · {what} · {figure}"
    return labels


def compute(frame: pd.DataFrame, settings: EvidenceSettings) -> Found:
    """The mention chosen; a hint when there is no document or no figure in it."""
    if not settings.doc:
        return Found(None, hint="hint.no_data_loaded")
    if settings.at is None:
        return Found(None, hint="hint.no_figures_in_doc")
    return Found(ev.find_mention(frame, settings.doc, settings.at))
