"""Trying a pattern on pasted text, safely: a bad pattern is reported, a runaway one stopped.

>>> try_pattern(r"\\d+名", "发展党员12名，培训3名").texts()
['12名', '3名']
>>> try_pattern("(", "x").error is not None
True
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import regex

DEFAULT_TIMEOUT = 1.0  # seconds for the whole search
MAX_MATCHES = 500
MAX_TEXT = 200_000  # characters searched


# Catalog patterns are searched in a window where <N> is the mention, <PREV>/<NEXT>
# other mentions in the clause and <END> the clause's end (extract/data/indicators.yaml).
# On plain text, each mention placeholder stands for "a number with its unit".
MENTION_PLACEHOLDERS = ("<N>", "<PREV>", "<NEXT>")
CLAUSE_END = r"(?=[，,。；;！？!?：:\n]|$)"


def expand_placeholders(pattern: str, number_pattern: str) -> str:
    """A catalog pattern made searchable in plain text: placeholders become sub-patterns.

    ``number_pattern`` is the grammar's (verbose) pattern for a number with a
    unit; it is wrapped in a scoped verbose group so the rest stays as written.

    >>> expand_placeholders("培训<N>", "[0-9]+名")
    '培训(?x:[0-9]+名\\n)'
    """
    out = pattern
    for placeholder in MENTION_PLACEHOLDERS:
        # the newline ends a trailing verbose comment before the group closes
        out = out.replace(placeholder, f"(?x:{number_pattern}\n)")
    return out.replace("<END>", CLAUSE_END)


@dataclass(frozen=True)
class PatternResult:
    matches: list[dict] = field(default_factory=list)  # start, end, text, groups
    error: str | None = None  # why the pattern does not compile
    timed_out: bool = False
    truncated: bool = False  # more matches than MAX_MATCHES, or the text was cut

    def texts(self) -> list[str]:
        return [m["text"] for m in self.matches]


def try_pattern(pattern: str, text: str, timeout: float = DEFAULT_TIMEOUT,
                limit: int = MAX_MATCHES, flags: int = 0) -> PatternResult:
    """All matches of ``pattern`` in ``text``, stopped after ``timeout`` seconds in total."""
    if not pattern:
        return PatternResult(error="empty pattern")
    truncated = len(text) > MAX_TEXT
    text = text[:MAX_TEXT]
    try:
        compiled = regex.compile(pattern, flags)
    except (regex.error, ValueError, TypeError, OverflowError, RecursionError) as exc:
        return PatternResult(error=str(exc) or type(exc).__name__)
    matches: list[dict] = []
    deadline = time.monotonic() + timeout
    pos = 0
    try:
        # One search at a time, each with the time left, so the limit is for the whole text.
        while pos <= len(text):
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("regex timed out")
            # concurrent: the GIL is released while it searches, so a runaway pattern slows no other session
            m = compiled.search(text, pos, timeout=left, concurrent=True)
            if m is None:
                break
            if len(matches) >= limit:
                truncated = True
                break
            matches.append({"start": m.start(), "end": m.end(), "text": m.group(0),
                            "groups": {k: v for k, v in m.groupdict().items() if v is not None}
                            or [g for g in m.groups() if g is not None]})
            pos = m.end() if m.end() > m.start() else m.end() + 1
    except TimeoutError:
        return PatternResult(matches, None, True, truncated)
    return PatternResult(matches, None, False, truncated)
