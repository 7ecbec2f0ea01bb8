"""Evidence: the number marked in its sentence and paragraph; document text always escaped."""
import pytest

from dashboard import evidence as ev
from dashboard.frame import prepare_mentions
from bench.synthetic import row, table

DOC = "一、回顾\n全年地区生产总值12亿元，增长6.5%，一般公共预算收入增长6.5%。\n二、计划\n预期增长7%。"


def span_of(text, needle, nth=0):
    at = -1
    for _ in range(nth + 1):
        at = text.find(needle, at + 1)
    return at, at + len(needle)


def test_paragraph_is_the_line_around_the_mention():
    start, end = span_of(DOC, "12亿元")
    para, (a, b) = ev.paragraph_around(DOC, start, end)
    assert para == "全年地区生产总值12亿元，增长6.5%，一般公共预算收入增长6.5%。"
    assert para[a:b] == "12亿元"


def test_paragraph_at_the_ends_of_the_text():
    para, (a, b) = ev.paragraph_around("增长7%", 2, 4)
    assert para == "增长7%" and para[a:b] == "7%"


def test_a_long_line_is_cut_around_the_mention():
    text = "字" * 5000 + "6.5%" + "字" * 5000
    para, (a, b) = ev.paragraph_around(text, 5000, 5004, limit=100)
    assert para.startswith("…") and para.endswith("…") and len(para) == 206 and para[a:b] == "6.5%"


def test_crlf_lines():
    text = "上一段\r\n增长6.5%\r\n下一段"
    start, end = span_of(text, "6.5%")
    para, (a, b) = ev.paragraph_around(text, start, end)
    assert para == "增长6.5%" and para[a:b] == "6.5%"


def test_sentence_span_finds_the_right_one_of_two_equal_numbers():
    sentence = "全年地区生产总值12亿元，增长6.5%，一般公共预算收入增长6.5%。"
    start, end = span_of(DOC, "6.5%", nth=1)
    a, b = ev.sentence_span(sentence, "6.5%", DOC, start, end)
    assert sentence[a:b] == "6.5%" and a == sentence.rfind("6.5%")


def test_sentence_span_without_the_document_takes_the_first():
    assert ev.sentence_span("增长6.5%，收入增长6.5%", "6.5%") == (2, 6)
    assert ev.sentence_span("增长6.5%", "7%") is None
    assert ev.sentence_span("", "7%") is None


# (text, span, expected HTML)
HIGHLIGHT = [
    ("增长6.5%。", (2, 6), "增长<mark>6.5%</mark>。"),
    ("<script>alert(1)</script>6%", (25, 27), "&lt;script&gt;alert(1)&lt;/script&gt;<mark>6%</mark>"),
    ('"<b>&', None, "&quot;&lt;b&gt;&amp;"),
    ("abc", (2, 9), "abc"),  # a span outside the text marks nothing
    ("<img src=x onerror=alert(1)>12名", (28, 31), "&lt;img src=x onerror=alert(1)&gt;<mark>12名</mark>"),
]


@pytest.mark.parametrize("text, span, expected", HIGHLIGHT)
def test_highlight_html_escapes(text, span, expected):
    assert ev.highlight_html(text, span) == expected


def test_highlight_many_spans():
    assert ev.highlight_spans_html("a1b2<c>3", [(1, 2), (3, 4), (7, 8)]) == "a<mark>1</mark>b<mark>2</mark>&lt;c&gt;<mark>3</mark>"
    assert ev.highlight_spans_html("abc", [(0, 2), (1, 3)]) == "<mark>ab</mark>c"  # overlaps skipped


@pytest.fixture(scope="module")
def frame():
    s, e = span_of(DOC, "12亿元")
    return prepare_mentions(table([row(doc="甲.txt", start=s, end=e, text="12亿元",
                                       sentence="全年地区生产总值12亿元，增长6.5%，一般公共预算收入增长6.5%。")]))


def test_find_mention(frame):
    s, _ = span_of(DOC, "12亿元")
    assert ev.find_mention(frame, "甲.txt", s)["text"] == "12亿元"
    assert ev.find_mention(frame, "甲.txt", str(s))["text"] == "12亿元"  # from a URL
    for doc, start in (("甲.txt", s + 1), ("乙.txt", s), ("甲.txt", "x"), (None, s), ("甲.txt", None)):
        assert ev.find_mention(frame, doc, start) is None


def test_build_with_the_document(frame):
    s, _ = span_of(DOC, "12亿元")
    found = ev.build(ev.find_mention(frame, "甲.txt", s), DOC)
    assert found.note is None
    assert found.paragraph[slice(*found.paragraph_mark)] == "12亿元"
    assert found.sentence[slice(*found.sentence_mark)] == "12亿元"


def test_build_without_the_document_keeps_the_sentence(frame):
    s, _ = span_of(DOC, "12亿元")
    found = ev.build(ev.find_mention(frame, "甲.txt", s), None)
    assert found.paragraph is None and found.note == "evidence.no_text"
    assert found.sentence[slice(*found.sentence_mark)] == "12亿元"


def test_build_when_the_document_changed(frame):
    s, _ = span_of(DOC, "12亿元")
    found = ev.build(ev.find_mention(frame, "甲.txt", s), "完全不同的文字" * 10)
    assert found.paragraph is None and found.note == "evidence.changed"


# chart selection events -> (doc, start)
POINTS = [
    ([{"customdata": ["甲.txt", 12, "actual"]}], [("甲.txt", 12)]),
    ([{"customdata": ["甲.txt", "12"]}, {"customdata": ["乙.txt", 3]}], [("甲.txt", 12), ("乙.txt", 3)]),
    ([{"customdata": ["", -1, "actual"]}], []),  # an empty heatmap cell
    ([{"x": 2020}], []),
    ([{"customdata": ["甲.txt", "x"]}], []),
    (None, []),
    (["junk"], []),
]


@pytest.mark.parametrize("points, expected", POINTS)
def test_keys_from_points(points, expected):
    assert ev.keys_from_points(points) == expected
