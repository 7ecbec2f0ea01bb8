"""Cheap tests before costly pattern searches. Each says only when a search
cannot match, so a stage that skips the search then decides exactly as before,
only faster: most figures' windows hold none of most patterns' words.

- `required_words` reads, from a pattern itself, words one of which every match holds;
- `words_search` tests a text for any of some words (the standard `re` skips to
  a first character of the list fast);
- `may_end` tests whether a ``(?:words)$`` pattern can match at the end of a range;
- `SPACE` is `regex`'s ``\\s`` spelled out, so the standard `re` reads a pattern alike;
- `FirstOf` scans with several patterns as their alternation would, each on its own.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable

try:                                  # the standard library's own pattern parser (3.11+)
    from re import _constants as _C
    from re import _parser as _sre_parse
except ImportError:                   # pragma: no cover - older layout
    import sre_constants as _C
    import sre_parse as _sre_parse

# `regex`'s \s (Unicode White_Space); the standard `re` would take \x1c-\x1f too.
SPACE_CHARS = r"\t\n\x0b\x0c\r\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
SPACE = f"[{SPACE_CHARS}]"

_MAX_WORDS = 64       # a word set larger than this says too little to be worth testing


class FirstOf:
    """Patterns matched as their alternation ``(?:p0|p1|…)`` would be: left to right,
    without overlap, at each place the first pattern that matches there. Each
    pattern scans on its own, which is faster where the alternation would try every
    one at every character. None may match the empty string.

    >>> import re
    >>> [(i, m[0]) for i, m in FirstOf([re.compile("ab"), re.compile("b+c")]).finditer("abbc bc")]
    [(0, 'ab'), (1, 'bc'), (1, 'bc')]
    """

    def __init__(self, patterns):
        self.patterns = list(patterns)
        # a pattern whose words the text lacks is not searched at all (datelines such as
        # 十八大以来 or 过去五年 are absent from most texts)
        self._words = [words_search(required_words(p.pattern)) for p in self.patterns]

    def finditer(self, text: str):
        """(index of the pattern, its match), in order."""
        found = [p.search(text) if words is None or words(text) else None
                 for p, words in zip(self.patterns, self._words)]
        pos = 0
        while True:
            best = None
            for i, m in enumerate(found):
                if m is not None and m.start() < pos:      # overtaken: its next match from here
                    m = found[i] = self.patterns[i].search(text, pos)
                if m is not None and (best is None or m.start() < found[best].start()):
                    best = i
            if best is None:
                return
            m = found[best]
            yield best, m
            pos = m.end()


def last_characters(words: Iterable[str]) -> frozenset[str]:
    return frozenset(w[-1] for w in words)


def may_end(text: str, lo: int, hi: int, lasts: frozenset[str]) -> bool:
    """Whether a word ending in one of `lasts` may end text[lo:hi], as ``(?:words)$``
    searched there needs (``$`` also matches before a newline that ends the range)."""
    if hi <= lo:
        return False
    c = text[hi - 1]
    return c in lasts or (c == "\n" and hi - 2 >= lo and text[hi - 2] in lasts)


def words_search(words: Iterable[str] | None) -> Callable | None:
    """The `search` of a pattern for any of the words (None for none: no test)."""
    if words is None:
        return None
    return re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) or "(?!)").search


def required_words(source: str, ignore: tuple[str, str] = ("<", ">")) -> frozenset[str] | None:
    """Words one of which every match of the pattern holds, read from the pattern;
    None when it cannot say for sure (then the pattern must always be searched).

    What stands between the `ignore` marks (the indicator windows' placeholders
    <N>, <PREV>…, in every window) says nothing.

    >>> sorted(required_words("(?:培训|轮训)[^<]{0,16}<N>"))
    ['培训', '轮训']
    >>> sorted(required_words("(?<!人均)农(?:牧)?民(?:产量|总产)<N>"))
    ['民产量', '民总产']
    >>> required_words("[^<，。]{0,8}<N>") is None
    True
    """
    if "[[:" in source or "\\\\" in source:      # POSIX classes, escaped backslashes: not read here
        return None
    # `regex`-only properties (\p{Han}) read as a class of no known characters (\W), in a set or not
    source = re.sub(r"\\[pP](?:\{[^}]*\}|[A-Za-z])", r"\\W", source)
    try:
        parsed = _sre_parse.parse(source)
    except Exception:      # syntax the standard parser does not know
        return None
    if parsed.state.flags & re.IGNORECASE:
        return None
    return _required(list(parsed), ignore)


def _required(items, ignore: tuple[str, str]) -> frozenset[str] | None:
    """Of a sequence: the best word set that one of its parts requires."""
    best: frozenset[str] | None = None
    run: list = []         # consecutive parts that match a small, known set of strings
    skipping = False       # between the ignore marks
    opening, closing = ignore

    def better(found):
        nonlocal best
        if found is None or not found or "" in found or len(found) > _MAX_WORDS \
                or any(opening in w or closing in w for w in found):
            return
        if best is None or (min(map(len, found)), -len(found)) > (min(map(len, best)), -len(best)):
            best = frozenset(found)

    for op, av in items:
        if op is _C.LITERAL and chr(av) == opening:
            better(_exact(run))
            run, skipping = [], True
            continue
        if skipping:
            skipping = not (op is _C.LITERAL and chr(av) == closing)
            continue
        if _exact([(op, av)]) is not None:
            run.append((op, av))
            continue
        better(_exact(run))
        run = []
        better(_required_part(op, av, ignore))
    better(_exact(run))
    return best


def _required_part(op, av, ignore) -> frozenset[str] | None:
    if op is _C.SUBPATTERN:
        return None if av[1] & re.IGNORECASE else _required(list(av[3]), ignore)
    if op is _C.ATOMIC_GROUP:
        return _required(list(av), ignore)
    if op is _C.BRANCH:
        sets = [_required(list(p), ignore) for p in av[1]]
        return None if any(s is None for s in sets) else frozenset().union(*sets)
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT) and av[0] >= 1:
        return _required(list(av[2]), ignore)
    return None          # assertions, classes, anchors: nothing certain


def _exact(items) -> set[str] | None:
    """Every string a sequence matches, when they are few and known; None otherwise."""
    out = {""}
    for op, av in items:
        if op is _C.LITERAL:
            part = {chr(av)}
        elif op is _C.IN and all(o is _C.LITERAL for o, _ in av):
            part = {chr(a) for _, a in av}
        elif op is _C.BRANCH:
            parts = [_exact(p) for p in av[1]]
            if any(p is None for p in parts):
                return None
            part = set().union(*parts)
        elif op is _C.SUBPATTERN and not av[1] & re.IGNORECASE:
            part = _exact(av[3])
        else:
            return None
        if part is None:
            return None
        out = {a + b for a in out for b in part}
        if len(out) > _MAX_WORDS:
            return None
    return out
