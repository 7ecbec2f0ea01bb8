"""The cheap tests before pattern searches (`extract.prefilter`) must never say
"cannot match" of a text a pattern matches: hand-written patterns, then every
indicator pattern of the catalog on generated windows."""
from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.catalog import load_catalog
from extract.prefilter import last_characters, may_end, required_words

# pattern, the words read from it (None: it says nothing for sure)
WRITTEN = [
    ("培训<N>", {"培训"}),
    ("(?:培训|轮训)[^<]{0,16}<N>", {"培训", "轮训"}),
    ("(?:城镇|城市)(?:常住)?居民<N>", {"居民"}),
    ("村(?:（社区）|\\(社区\\))?[“\"]?两委<N>", {"两委"}),
    ("(?:增长|增速)[^<，。]{0,6}<N>", {"增长", "增速"}),
    ("农(?:牧)?民人均<N>", {"民人均"}),
    ("(?:发展)+党员<N>", {"发展"}),          # (either would do: the first of the best)
    ("(?:a|b)(?:c|d)<N>", {"ac", "ad", "bc", "bd"}),
    ("(?:培训)?<N>", None),
    ("(?:培训|)<N>", None),
    ("(?:培训|[^<]+)<N>", None),
    ("(?=培训)<N>", None),
    ("(?<!培训)<N>", None),
    ("(?i)gdp<N>", None),
    ("(?i:gdp)<N>", None),
    ("\\p{Han}<N>", None),
    ("[\\p{Han}a]经济<N>", {"经济"}),
    ("[\\p{Han}a]<N>", None),
    ("(?:(?<!\\p{Han})|(?<=全市))经济<N>", {"经济"}),
    ("<N>", None),
    ("<PREV>增长<N>", {"增长"}),
    ("分别<N>", {"分别"}),
    ("[[:alpha:]]<N>", None),
]


@pytest.mark.parametrize("pattern, words", WRITTEN)
def test_words_read_from_written_patterns(pattern, words):
    found = required_words(pattern)
    assert (None if found is None else set(found)) == words


_CATALOG = load_catalog()
_PATTERNS = [(f"{ind.id}#{n}", p) for ind in _CATALOG.indicators.values() for n, p in enumerate(ind.compiled)]


def _windows(pattern):
    """Windows made of the pattern's own characters and words, around one <N>: often a match."""
    words = sorted(required_words(pattern.pattern) or ())
    pieces = sorted({c for c in pattern.pattern if c > "\x7f"}) + words + ["<PREV>", "，", "的"]
    side = st.lists(st.sampled_from(pieces), max_size=12).map("".join)
    return st.tuples(side, side).map(lambda t: t[0] + "<N>" + t[1])


@pytest.mark.parametrize("iid, pattern", _PATTERNS, ids=[i for i, _ in _PATTERNS])
def test_no_catalog_pattern_matches_a_window_without_its_words(iid, pattern):
    words = required_words(pattern.pattern)
    if words is None:
        pytest.skip("no words read: the pattern is always searched")

    @settings(max_examples=150, deadline=None)
    @given(_windows(pattern))
    def holds(window):
        if pattern.search(window):
            assert any(w in window for w in words), window
    holds()


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="从由增长了\n ab", max_size=8), st.integers(0, 8), st.integers(0, 8))
def test_may_end_holds_where_a_dollar_pattern_matches(text, lo, hi):
    words = ("从", "由", "增长")
    found = regex.compile("(?:增长|从|由)了?$").search(text, lo, hi)
    if found is not None:
        assert may_end(text, lo, min(hi, len(text)), last_characters(words) | {"了"})
