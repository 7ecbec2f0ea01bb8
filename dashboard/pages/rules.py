"""Rules: the indicator catalog, and a pattern (or the whole extractor) tried on pasted text."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import patterns

DIGITS = r"[0-9０-９.]+"  # what <N> means when the extractor's grammar cannot be loaded


@dataclass(frozen=True)
class RuleSettings:
    rule: str
    pattern: str = ""
    text: str = ""
    timeout: float = patterns.DEFAULT_TIMEOUT


@dataclass(frozen=True)
class Trial:
    result: patterns.PatternResult
    outcome: str  # "empty" (no pattern), "error" (it does not compile), "timed_out" or "done"


def first_try(indicator) -> tuple[str, str]:
    """The pattern and text a rule's trial starts with: its first pattern, its examples."""
    return (indicator.patterns[0] if indicator.patterns else "", "\n".join(e.text for e in indicator.examples))


def number_pattern() -> str:
    """The extractor's pattern for a number with its unit, which ``<N>`` in a catalog pattern stands for."""
    try:
        from extract.mentions import default_grammar

        return default_grammar().pattern.pattern
    except Exception:  # the grammar is the extractor's: without it, <N> means "digits"
        return DIGITS


def compute(settings: RuleSettings, number: str) -> Trial:
    """Every match of the pattern (placeholders expanded to ``number``) in the text, within the timeout."""
    searched = patterns.expand_placeholders(settings.pattern, number) if settings.pattern else ""
    result = patterns.try_pattern(searched, settings.text, timeout=settings.timeout)
    if not settings.pattern:
        return Trial(result, "empty")
    if result.error:
        return Trial(result, "error")
    return Trial(result, "timed_out" if result.timed_out else "done")


def run_extractor(text: str) -> tuple[pd.DataFrame | None, str | None]:
    """The whole extractor on pasted text: its mentions, or None and why it failed."""
    try:
        from extract.model import Document
        from extract.pipeline import run_documents
        from extract.table import frame_of

        return frame_of(run_documents([Document(doc="pasted.txt", text=text)]).mentions), None
    except Exception as exc:
        return None, f"{type(exc).__name__}: {exc}"
