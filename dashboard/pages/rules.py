"""Rules: the indicator catalog, and a pattern (or the whole extractor) tried on pasted text."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import bounded, patterns

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


def run_extractor(text: str, limits: bounded.Limits = bounded.UPLOAD_LIMITS) -> tuple[pd.DataFrame | None, str | None]:
    """The whole extractor on pasted text, in a worker with the uploads' time and memory bound:
    its mentions, or None and why it stopped (an i18n key, or the error)."""
    from extract.table import frame_of
    from extract.uploads import extract_pasted

    try:
        return frame_of(list(bounded.run_bounded(extract_pasted, text[: patterns.MAX_TEXT], limits=limits))), None
    except bounded.OverLimit as exc:
        return None, f"rules.over_{exc.kind}" if exc.kind in ("time", "memory") else f"{exc}"
    except Exception as exc:
        return None, f"{type(exc).__name__}: {exc}"
