"""Trying a pattern: matches found, a bad pattern reported, a runaway one stopped by the timeout."""
import time

import pytest

from dashboard import patterns

# (pattern, text, expected match texts)
MATCHES = [
    (r"\d+名", "发展党员12名，培训3名", ["12名", "3名"]),
    (r"培训[^，]{0,6}\d+人次", "培训党员干部3200人次，轮训500人次", ["培训党员干部3200人次"]),
    (r"(?P<n>\d+)个", "新建18个", ["18个"]),
    (r"x*", "ab", ["", "", ""]),  # empty matches advance, no endless loop
    (r"没有", "发展党员12名", []),
]


@pytest.mark.parametrize("pattern, text, expected", MATCHES)
def test_matches(pattern, text, expected):
    result = patterns.try_pattern(pattern, text)
    assert result.error is None and not result.timed_out
    assert result.texts() == expected


def test_match_offsets_and_groups():
    m = patterns.try_pattern(r"(?P<n>\d+)名", "发展党员12名").matches[0]
    assert (m["start"], m["end"], m["groups"]) == (4, 7, {"n": "12"})


@pytest.mark.parametrize("pattern", ["(", "[a-", r"(?P<x>a)(?P<x", "*a", ""])
def test_bad_pattern_is_reported(pattern):
    result = patterns.try_pattern(pattern, "text")
    assert result.error and result.matches == []


def test_runaway_pattern_is_stopped():
    started = time.monotonic()
    result = patterns.try_pattern(r"(?:a|aa){1,100}?(?=x)b", "a" * 60, timeout=0.3)
    assert result.timed_out and result.error is None
    assert time.monotonic() - started < 2.0


def test_the_time_limit_is_for_the_whole_text():
    # each search is quick, but there are very many: the total is bounded
    started = time.monotonic()
    result = patterns.try_pattern(r"(?:a|aa){1,30}?(?=x)b|c", ("a" * 25 + "c") * 2000, timeout=0.3, limit=10**6)
    assert time.monotonic() - started < 2.0
    assert result.timed_out or len(result.matches) == 2000


def test_many_matches_are_truncated():
    result = patterns.try_pattern(r"\d", "1" * 50, limit=10)
    assert len(result.matches) == 10 and result.truncated


def test_long_text_is_cut():
    result = patterns.try_pattern(r"\d", "a" * patterns.MAX_TEXT + "1")
    assert result.truncated and result.matches == []


def test_placeholders_expand_to_the_number_pattern():
    expanded = patterns.expand_placeholders("培训[^<]{0,10}<N><END>", r"[0-9]+ (?:名|人次)  # verbose")
    result = patterns.try_pattern(expanded, "培训党员干部3200人次，轮训村干部300名。其他12名")
    assert result.texts() == ["培训党员干部3200人次"]
    assert "<" not in patterns.expand_placeholders("<PREV>增长<N><NEXT>", "[0-9]+")


def test_catalog_patterns_work_on_plain_text():
    grammar = pytest.importorskip("extract.mentions").default_grammar()
    expanded = patterns.expand_placeholders("(?:培训|轮训)[^<]{0,10}<N>", grammar.pattern.pattern)
    result = patterns.try_pattern(expanded, "全年累计培训党员干部2.3万余人次，轮训村干部3200人次")
    assert result.texts() == ["培训党员干部2.3万余人次", "轮训村干部3200人次"]


def test_a_runaway_pattern_does_not_hold_up_other_sessions():
    """Sessions are threads of one server: while one runaway search runs to its timeout, another
    session's work goes on at (nearly) its own pace, since the search releases the GIL."""
    import threading
    import time

    def work(seconds: float) -> int:
        n, until = 0, time.perf_counter() + seconds
        while time.perf_counter() < until:
            n += 1
        return n

    alone = work(0.4)
    runaway = threading.Thread(target=patterns.try_pattern, args=(r"(?:a|aa){1,100}?(?=x)b", "a" * 60),
                               kwargs={"timeout": 1.5})
    runaway.start()
    time.sleep(0.05)
    beside = work(0.4)
    runaway.join()
    assert beside > 0.4 * alone
