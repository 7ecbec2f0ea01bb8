"""Context of a mention: the document's region and year, the section it
stands in, the year the figure refers to, and whether it is a result or a
target.

Everything here reads the normalised text (same length as the document
text), so positions are document offsets.
"""
from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

import regex

from .catalog import Catalog
from .model import Hint
from .normalise import title_lines
from .prefilter import FirstOf, words_search
from .regions import Region, anonymised_in, find_region, normalise_region, unlisted_region

YEAR = regex.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?=年)")
# A date in a title or front matter: the year and month a text was delivered.
DATE = regex.compile(r"(?<![0-9])((?:19|20)[0-9]{2})年([0-9]{1,2})月")
_YEAR = r"(?:19|20)[0-9]{2}"
LAST_YEAR = regex.compile(r"(?r)(?<![0-9])((?:19|20)[0-9]{2})(?=年)")
QUOTED = re.compile(r"“[^”\n]{0,30}”|「[^」\n]{0,30}」|\"[^\"\n]{0,30}\"")
# Plain character classes: the standard `re` scans them several times faster.
SENTENCE_END = re.compile(r"[。！？!?；;\n]")
DIGIT = re.compile(r"[0-9０-９]")
COMMA_BEFORE = re.compile(r"(?s:.*)[，,：:]")  # (greedy: the last one)
FULL_STOP_BEFORE = re.compile(r"(?s:.*)[。！？!?]")  # (greedy: the last one)
CLAUSE_END = re.compile(r"[，,、；;：:。！？!?\n]")
ASIDE = re.compile(r"（[^（）\n]{1,40}）|\([^()\n]{1,40}\)")
HEADING = regex.compile(
    r"^[ \t]*(?:[一二三四五六七八九十]{1,3}[、．.]|第[一二三四五六七八九十]{1,3}(?:部分|章)|[（(][一二三四五六七八九十]{1,3}[)）])"
)


# A sentence cell is a window of at most this many characters around its
# mention: a text without sentence punctuation would otherwise copy itself into
# every mention's cell (work and table growing with the square of the text).
MAX_SENTENCE = 500
# Of a cut window's room, the share before the mention: the lead holds the
# subject, year and markers that context and indication read.
LEAD_SHARE = 0.7
CUT_MARK = "…"

# The title, a date line and the opening paragraph say a document's year; later
# lines already speak of other years (到2025年).
TITLE_LINES = 3
TITLE_SPAN = 4000
TITLE_CHARS = 60
TARGET_REACH = 40  # characters a target word reaches back over in a review section   # a title line is short; a longer first line is already the text


class _Patterns:
    """The catalog's year, period and document words compiled into this stage's patterns."""

    def __init__(self, catalog: Catalog):
        m, d = catalog.markers, catalog.documents
        # A year that does not date the figure: 比2015年 (a comparison), 2016—2020年
        # (a span), 2019年以来 (cumulative).
        self.not_dating = regex.compile(
            rf"(?:(?:{_alt(m.comparison_before_year)})(?:{_YEAR}年|(?:{_alt(m.relative_years)})))"
            rf"|(?:{_YEAR}年?\s*[-—~～至到]\s*{_YEAR}年)"
            rf"|(?:{_YEAR}年(?:{_alt(m.since_after_year)}))"
            rf"|(?:(?:{_alt(catalog.guards.change_from_before)})\s*{_YEAR}年)")
        self.address = regex.compile(rf"[ \t　—-]*(?:{_alt(m.address_words)})[，,：:！!]\s*")
        self.year_opener = regex.compile(rf"(?:{_alt(m.year_openers)})(?={_YEAR}年)")
        quote = r"[“”\"]?"
        sentence_start = r"(?:^|(?<=[。！？；;\n]))[ \t　—-]*"
        plan = _alt(m.plan_periods)
        part_of_year = _alt(w for w in catalog.guards.part_of_year if not w[0].isdigit())
        plan_after = _alt(w for w in m.plan_period_after if w not in m.since_after_year)
        frame_kinds = {
            "span": rf"(?P<span>(?P<a>{_YEAR})年?\s*[-—~～至到]\s*(?P<b>{_YEAR})年)",          # 2016—2020年
            "since": rf"(?P<since>(?<!{_alt(m.since_not_after)})(?P<since_year>{_YEAR})年(?:{_alt(m.since_after_year)}))",  # 2019年以来
            "event": rf"(?P<event>(?P<event_name>{_alt(m.since_events)})(?:召开)?(?:{_alt(m.since_after_year)}))",
            "action": rf"(?P<action>(?:{_alt(m.since_actions)})(?:{_alt(m.since_after_year)}))",  # 驻村以来
            "plan_end": rf"(?P<plan_end>{quote}(?P<plan_end_name>{plan}){quote}(?:{_alt(m.plan_end_after)}))",
            "plan": rf"(?P<plan>{quote}(?P<plan_name>{plan}){quote}(?:(?P<plan_since>{_alt(m.since_after_year)})"
                    rf"|{plan_after}))",                                                        # 十三五时期
            "past": rf"(?P<past>(?P<past_words>{_alt(m.past_spans)}))",                         # 过去五年
            "future": rf"(?P<future>(?P<future_words>{_alt(m.future_spans)}))",                 # 今后五年
            "dateline": rf"(?P<dateline>(?:{_alt(m.dateline_before)})\s*(?P<dateline_year>{_YEAR})年)",  # 截至2023年底
            "opening": rf"(?P<opening>{sentence_start}(?P<opening_year>{_YEAR})年"
                       rf"(?!{_alt(m.since_after_year)}|[-—~～至到前起]|以前|底前))",
            # 今年，…; 今年以来，…; 今年上半年，… (a part of that year dates it as well)
            "relative": rf"(?P<relative>{sentence_start}(?P<relative_word>{_alt(m.relative_years)})"
                        rf"(?:{_alt(m.since_after_year)}|{part_of_year})?[，,])",
        }
        # The datelines are found as the alternation of these kinds would find them
        # (the first kind that matches at a place wins); each kind scans fast on its
        # own, where their alternation would try all eleven at every character.
        self.frame_kinds = tuple(frame_kinds)
        self.frames = FirstOf([regex.compile(f"(?m){source}") for source in frame_kinds.values()])
        # words that look like target markers but are not: the end of a name
        # (人才支持计划，) and a target met (完成…目标任务)
        # (each target word checks the completion before it once it is found: a
        # lookbehind first would be tried at every character)
        completed = rf"(?:{_alt(m.completion_before)})[^，。；;\n]{{0,12}}?"
        self.not_marking = regex.compile(
            rf"(?:{_alt(m.name_words)})(?=[{regex.escape(''.join(m.name_followers))}])|"
            + "|".join(rf"{w}(?<={completed}{w})" for w in ("目标任务", "预期目标", "目标", "预期")))
        # plain word lists: the standard `re` skips to their first characters fast
        self.not_markers = re.compile(_alt(m.not_markers))
        self.opening_year = regex.compile(rf"(?m)^[ \t　—-]*({_YEAR})年(?P<after>{_alt(m.opening_year_after)})")
        self.since_words = frozenset(m.since_after_year)
        self.plan_opening_words = frozenset(m.plan_opening_after)
        # a level reached, just before a figure; what counts over a span, in its clause
        self.level = regex.compile(rf"(?:{_alt(m.level_before)})了?[^，,；;。！？\n]{{0,14}}$")
        self.flow = regex.compile(rf"(?:{_alt(m.flow_before)})(?!{_alt(m.level_after)})")
        # the words those patterns and span_start/span_end need: a cheap test before each
        self.any_level = words_search(m.level_before)
        self.any_flow = words_search(m.flow_before)
        self.any_change_from = words_search(catalog.guards.change_from_before)
        self.byline = regex.compile(
            rf"^[ \t]*(?:中共)?(?P<place>\S{{1,12}}?)(?:县|市|区|旗)?(?:{_alt(d.byline_suffixes)})[ \t]*$")
        self.plan_document = regex.compile(_alt(d.plan_titles))
        self.review_document = regex.compile(_alt(d.review_titles))
        self.part_year = regex.compile(_alt(d.part_year_titles))
        self.doctypes = d.doctypes
        # 由2015年的2866.9亿元增加到…: the end of a change that began in a year named
        self.span_end = regex.compile(
            rf"(?:{_alt(catalog.guards.change_from_before)})\s*(?P<since>{_YEAR})年[^，,。；;！？\n]{{0,40}}?"
            rf"(?:{_alt(m.level_after)})\s*(?P<until>{_YEAR}年(?:底|末)?的?)?$")
        self.compared = regex.compile(rf"(?r)(?:{_alt(m.comparison_before_year)})(?P<since>{_YEAR})年")
        # 由2015年的2866.9亿元…: the start value of a change, in the year named
        self.span_start = regex.compile(
            rf"(?:{_alt(catalog.guards.change_from_before)})\s*(?P<since>{_YEAR})年[^，,。；;！？\n到至为]{{0,12}}$")


@functools.lru_cache(maxsize=4)
def _patterns(catalog: Catalog) -> _Patterns:
    return _Patterns(catalog)


def _alt(words) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"


@dataclass(frozen=True)
class DocInfo:
    doc: str
    region: Region | None
    doc_year: int | None       # the document's own year (session year of a report)
    review_year: int | None    # the year its review part reports on
    plan_year: int | None      # the year its plan part sets targets for
    delivery_year: int | None  # the year it was written or spoken
    doctype: str | None
    is_plan: bool = False      # a work plan (工作要点): its items are targets
    is_review: bool = False    # a summary or report on its year (工作总结): its figures are that year's
    part_year: bool = False    # it reviews part of a year (上半年工作总结): 上半年 is its whole scope


def describe_document(doc: str, text: str, hint: Hint | None, catalog: Catalog) -> DocInfo:
    """Region, year and type of a document from its hint, title and first lines.

    `text` is the document as ingested (its front matter holds the title).
    """
    hint = hint or Hint()
    patterns = _patterns(catalog)
    lines = title_lines(text[:TITLE_SPAN], n=TITLE_LINES)
    head = "\n".join(line for _, line in lines)

    delivery_year = delivery_month = None
    date = DATE.search(head)
    if date:
        delivery_year, delivery_month = int(date[1]), int(date[2])
    # years the title names, not the date it was given on
    named = [int(y) for y in YEAR.findall(DATE.sub("", head)) if 1949 < int(y) < 2100]
    # …and the years a text's own paragraphs open with (2020年是…, 2019年，…)
    openings = [(int(m[1]), m["after"]) for m in patterns.opening_year.finditer(text[:TITLE_SPAN])]
    dated_openings = [y for y, after in openings if after not in patterns.since_words]  # 2019年以来 names none
    # 2020年是…收官之年 names the year a text plans for; 2023年，全市… the year it reports on
    plan_openings = [y for y, after in openings if after in patterns.plan_opening_words]
    review_line = next((line for _, line in lines if len(line) <= TITLE_CHARS and patterns.review_document.search(line)),
                       None)
    is_review = review_line is not None and _comes_first(patterns.review_document, patterns.plan_document,
                                                         review_line)
    part_year = False
    if is_review:
        # 2019年工作总结, 2023年党内统计公报 (given in 2024): the year named is the one reviewed;
        # with none named, the year it was given in (the year before, early in a year)
        in_title = [int(y) for y in YEAR.findall(review_line)]
        if hint.year or in_title or named:
            reviewed = hint.year or max(in_title or named)
        elif delivery_year is not None:
            reviewed = delivery_year - 1 if delivery_month <= 3 else delivery_year
        else:
            reviewed = max(dated_openings, default=None)
        part_year = bool(patterns.part_year.search(review_line))
        review_year = doc_year = reviewed
        plan_year = None if reviewed is None else reviewed if part_year else reviewed + 1
        delivery_year = delivery_year or reviewed
    else:
        title_year = max(named) if named else None
        if date is not None:
            # the session a report is given to: one given in late autumn is for next year
            title_year = delivery_year + 1 if delivery_month >= 10 else delivery_year
        elif title_year is not None:
            # a speech names the year it plans for in a paragraph of its own (2020年是…)
            title_year = max([y for y, _ in openings if title_year <= y <= title_year + 1], default=title_year)
        elif plan_openings:
            title_year = max(plan_openings)        # a title that names no year: the year its text plans for
        elif dated_openings and not hint.year:
            # …or none planned: a report on the year its paragraphs open with (a news report, a study)
            is_review = True
            review_year = doc_year = max(dated_openings)
            plan_year = review_year + 1
            delivery_year = delivery_year or review_year
        if not is_review:
            doc_year, review_year, plan_year, delivery_year = _years_of_a_plan(
                hint, title_year, date, delivery_year, delivery_month)

    region = None
    if hint.region:
        try:
            region = normalise_region(hint.region, province_hint=hint.province)
        except ValueError:       # a province hint the table does not know
            region = None
        region = region or unlisted_region(hint.region, hint.province)
    if region is None:
        for _, line in lines:
            region = find_region(line)
            if region:
                break
    if region is None:
        # 在全县组织工作会议上的讲话 names no place; an anonymised one in its
        # text (《XX县…意见》) is the place it speaks for
        region = anonymised_in(text)

    doctype = hint.doctype
    if doctype is None:
        doctype = next((t for t in patterns.doctypes if t in head), None)
    plan = patterns.plan_document
    is_plan = not is_review and bool(plan.search(doctype or "") or plan.search(lines[0][1] if lines else ""))
    return DocInfo(doc, region, doc_year, review_year, plan_year, delivery_year, doctype, is_plan, is_review,
                   is_review and part_year)


def _years_of_a_plan(hint: Hint, title_year, date, delivery_year, delivery_month):
    """(doc, review, plan, delivery) years of a report or speech given to plan its year."""
    doc_year = hint.year or title_year
    if delivery_year is None:
        delivery_year = doc_year
    if delivery_year is not None and delivery_month is not None and delivery_month >= 10:
        review_year = delivery_year      # a report given in late autumn reviews the year it is given in
    elif delivery_year is not None:
        review_year = delivery_year - 1
    else:
        review_year = None
    plan_year = review_year + 1 if review_year is not None else None
    if hint.year and plan_year and hint.year != plan_year and date is None:
        plan_year, review_year = hint.year, hint.year - 1
    return doc_year, review_year, plan_year, delivery_year


def _comes_first(first: regex.Pattern, then: regex.Pattern, line: str) -> bool:
    """Whether `first` occurs in the line before any `then` (总结及下半年工作计划: a summary)."""
    a, b = first.search(line), then.search(line)
    return a is not None and (b is None or a.start() < b.start())


@dataclass(frozen=True)
class Section:
    """State that holds from one line until a later line changes it."""

    kind: str | None                   # default kind: actual (review) or target (plan)
    year: int | None                   # the year a heading or a paragraph's opening names
    region: Region | None              # a compilation's section region
    period: bool = False               # the paragraphs speak of a span of years (过去五年…)
    span: tuple[int, int] | None = None  # that span, where the text tells it


@dataclass(frozen=True, slots=True)
class Frame:
    """A dateline (截至2023年底, 2019年以来, 十三五时期): what it says of the figures after it."""

    pos: int
    year: int | None
    span: tuple[int, int] | None       # a span of years: the figures after it count over it
    period: bool


@dataclass(frozen=True, slots=True)
class When:
    """What the text says of a figure's time: one year, or a span (its years where told)."""

    year: int | None
    span: tuple[int, int] | None = None
    over_span: bool = False


class Context(NamedTuple):
    """Where a mention stands and what it speaks of: its sentence, region, year or period, kind
    (a tuple: one is made per mention).

    A sentence longer than ``MAX_SENTENCE`` is a window around the mention;
    ``cut_before``/``cut_after`` say which ends of the sentence it cut.
    """

    sentence_start: int
    sentence_end: int
    region: Region | None
    year: int | None
    period: str | None
    kind: str
    estimate: bool
    cut_before: bool = False
    cut_after: bool = False

    def sentence_of(self, text: str) -> str:
        """The sentence cell: the window's text, "…" where the sentence was cut.

        >>> Context(2, 5, None, None, None, "actual", False, cut_before=True).sentence_of("前文增长6%")
        '…增长6'
        """
        cell = text[self.sentence_start:self.sentence_end].strip()
        return (CUT_MARK if self.cut_before else "") + cell + (CUT_MARK if self.cut_after else "")


class Layout:
    """Sentences, clauses, datelines and sections of one normalised document."""

    def __init__(self, norm: str, info: DocInfo, catalog: Catalog):
        m = catalog.markers
        self.norm = norm
        self.info = info
        self.markers = m
        self._patterns = _patterns(catalog)
        self.sentence_ends = [x.end() for x in SENTENCE_END.finditer(norm)]
        # a remark in brackets (预计数，下同) does not end the clause it stands in
        self.clause_ends = _outside([x.end() for x in CLAUSE_END.finditer(norm)],
                                    [(x.start(), x.end()) for x in ASIDE.finditer(norm)])
        self._relative = _words_pattern(m.relative_years)
        self._target_strong = _word_list(m.target_strong)
        self._actual_strong = _word_list(m.actual_strong + m.estimates)
        self._estimate = _word_list(m.estimates)
        self._target_weak = _word_list(m.target_weak)
        self._target_routine = _word_list(m.target_routine)
        self._period = _word_list(m.period + tuple(m.past_spans) + tuple(m.future_spans))
        self._anchor = _word_list(m.year_anchors)
        self._last_relative = _word_list(tuple(m.relative_years))
        # years that do not date a figure (比2015年, 2016—2020年, 2019年以来), blanked once
        self.dated = self._patterns.not_dating.sub(_blank, norm)
        # Words in quotation marks name things (“千万元扶持计划”), words like 重要
        # contain a marker without being one, a name may end in one (人才支持计划，)
        # and a target met is no target (完成…目标任务): blank them all, once.
        blank = QUOTED.sub(_blank, norm)
        blank = self._patterns.not_marking.sub(_blank, blank)
        self.marked = self._patterns.not_markers.sub(_blank, blank)
        self._frames = list(self._read_frames())
        self._frame_starts = [f.pos for f in self._frames]
        self._line_starts: list[int] = []
        self._sections: list[Section] = []
        self._read_sections()

    # -- spans
    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """The span of the sentence around text[start:end], at most ``MAX_SENTENCE``
        characters: a longer one is cut to a window around the mention, at clause
        marks where there are some (`sentence_window` says whether it was cut)."""
        return self.sentence_window(start, end)[:2]

    def sentence_window(self, start: int, end: int) -> tuple[int, int, bool, bool]:
        """(start, end, cut before, cut after) of the bounded sentence around text[start:end]."""
        i = bisect.bisect_right(self.sentence_ends, start)
        s = self.sentence_ends[i - 1] if i else 0
        j = bisect.bisect_left(self.sentence_ends, end)
        e = self.sentence_ends[j] if j < len(self.sentence_ends) else len(self.norm)
        if e - s <= MAX_SENTENCE:
            return s, e, False, False
        room = max(MAX_SENTENCE - (end - start), 0)
        before = min(start - s, max(room - (e - end), int(room * LEAD_SHARE)))
        after = min(e - end, room - before)
        ws, we = start - before, end + after
        if ws > s:
            # begin at the first clause that starts inside the window, so the
            # lead indication reads is a whole clause
            k = bisect.bisect_left(self.clause_ends, ws)
            if k < len(self.clause_ends) and self.clause_ends[k] <= start:
                ws = self.clause_ends[k]
        if we < e:
            k = bisect.bisect_right(self.clause_ends, we)
            if k and self.clause_ends[k - 1] > end:
                we = self.clause_ends[k - 1]
        return ws, we, ws > s, we < e

    def _comma_clause_start(self, pos: int, sentence_start: int) -> int:
        """Where the clause holding `pos` begins when 、 does not end it."""
        found = COMMA_BEFORE.search(self.norm, sentence_start, pos)
        return found.end() if found else sentence_start

    def _sentence_start(self, pos: int) -> int:
        """Where the sentence holding `pos` begins when semicolons do not end it (。, ！, ？, a line)."""
        lo = max(self.paragraph_start(pos), pos - MAX_SENTENCE)
        found = FULL_STOP_BEFORE.search(self.norm, lo, pos)
        return found.end() if found else lo

    def clause_start(self, pos: int) -> int:
        i = bisect.bisect_right(self.clause_ends, pos)
        return self.clause_ends[i - 1] if i else 0

    def clause_end(self, pos: int) -> int:
        i = bisect.bisect_left(self.clause_ends, pos + 1)
        return self.clause_ends[i] - 1 if i < len(self.clause_ends) else len(self.norm)

    def paragraph_start(self, pos: int) -> int:
        return self.norm.rfind("\n", 0, pos) + 1

    # -- datelines
    def _read_frames(self):
        info, p = self.info, self._patterns
        review = info.review_year
        for kind, x in p.frames.finditer(self.norm):
            g = p.frame_kinds[kind]
            if g == "span":
                yield Frame(x.start(), None, (int(x["a"]), int(x["b"])), True)
            elif g == "dateline" or g == "opening":
                yield Frame(x.start(), int(x[g + "_year"]), None, False)
            elif g == "since":
                since = int(x["since_year"])
                if review is None or since >= review:
                    yield Frame(x.start(), since, None, False)     # 2023年以来 in a review of 2023
                else:
                    yield Frame(x.start(), None, (since, review), True)
            elif g == "event":
                since = self.markers.since_events[x["event_name"]]
                yield Frame(x.start(), None, (since, review) if review and review > since else None, True)
            elif g == "action":
                yield Frame(x.start(), None, None, True)
            elif g in ("plan", "plan_end"):
                first, last = self.markers.plan_periods[x[g + "_name"]]
                if g == "plan_end":
                    yield Frame(x.start(), last, None, False)
                else:
                    yield Frame(x.start(), None, (first, min(last, review) if review and
                                                  x["plan_since"] else last), True)
            elif g == "past":
                n = self.markers.past_spans[x["past_words"]]
                yield Frame(x.start(), None, (review - n + 1, review) if review else None, True)
            elif g == "future":
                n = self.markers.future_spans[x["future_words"]]
                plan = info.plan_year
                yield Frame(x.start(), None, (plan, plan + n - 1) if plan else None, True)
            elif g == "relative" and info.delivery_year is not None:
                yield Frame(x.start(), info.delivery_year + self.markers.relative_years[x["relative_word"]],
                            None, False)

    def _frame_before(self, lo: int, hi: int) -> Frame | None:
        """The last dateline in text[lo:hi]."""
        i = bisect.bisect_left(self._frame_starts, hi) - 1
        if i >= 0 and self._frame_starts[i] >= lo:
            return self._frames[i]
        return None

    # -- sections
    def _read_sections(self) -> None:
        info = self.info
        if info.is_plan:
            state = Section("target", info.plan_year, info.region)
        elif info.is_review:
            state = Section("actual", info.review_year, info.region)
        else:
            state = Section(None, None, info.region)
        self._opening_state = state
        pos = 0
        for line in self.norm.split("\n"):
            stripped = line.strip()
            if stripped:
                state = self._next_state(state, stripped, pos + len(line) - len(line.lstrip()))
            self._line_starts.append(pos)
            self._sections.append(state)
            pos += len(line) + 1

    def _next_state(self, state: Section, line: str, at: int) -> Section:
        info, m = self.info, self.markers
        kind, year, region = state.kind, state.year, state.region
        byline = self._patterns.byline.match(line)
        if byline:
            found = find_region(line) or normalise_region(byline["place"])
            if found:      # a compilation's next part starts afresh, for its own place
                return dataclasses.replace(self._opening_state, region=found)
        opening = self._opening_frame(line, at)
        is_heading = bool(HEADING.match(line)) or (len(line) <= 30 and not regex.search(r"[。；;，,]", line))
        if is_heading and len(line) <= 60:
            head_years = [int(y) for y in YEAR.findall(DATE.sub("", line))]   # not the date it was given
            if any(w in line for w in m.section_review):
                kind, year = "actual", max(head_years) if head_years else info.review_year
            elif any(w in line for w in m.section_plan):
                kind, year = "target", max(head_years) if head_years else info.plan_year
            elif head_years and info.review_year is not None:
                # 三、扎实抓好2021年组织工作各项任务: a heading naming a year speaks of it
                year = max(head_years)
                kind = self._kind_of_year(year)
            if opening is not None and opening.period and not head_years:
                # 一、过去五年工作回顾 / 今后五年的目标: a section over a span of years
                # (一、2015年和“十二五”工作回顾 names its year: the year's, flows keep their span)
                return Section(kind or "actual", None, region, True, opening.span)
            return Section(kind, year, region)
        # a paragraph that opens with a span (过去五年, “十三五”时期) has no one year
        if opening is not None and opening.period:
            return Section(kind or "actual", None, region, True, opening.span)
        # …and after a plan's span (十三五时期…), one whose first sentence names the
        # year planned for (实现“十三五”蓝图，2016年开局十分关键) turns to that year
        plan = info.plan_year
        if state.period and state.span and plan is not None and state.span[0] >= plan:
            first = SENTENCE_END.split(line, maxsplit=1)[0]
            if str(plan) + "年" in self._patterns.not_dating.sub(_blank, first):
                return Section("target", plan, region)
        # a paragraph that opens with a year (2019年，… / 2020年是…) speaks of it
        lead = line.lstrip("—- 　")
        address = self._patterns.address.match(lead)
        lead = lead[address.end():] if address else lead
        opener = self._patterns.year_opener.match(lead)
        lead = lead[opener.end():] if opener else lead
        opened = YEAR.match(lead)
        if opened and info.plan_year is not None:
            y = int(opened[1])
            return Section(self._kind_of_year(y), y, region)
        opened = self._relative.match(lead.removeprefix("回顾"))
        if opened and info.delivery_year is not None:
            y = info.delivery_year + m.relative_years[opened[0]]
            return Section(self._kind_of_year(y) if info.plan_year is not None else kind, y, region)
        return state

    def _kind_of_year(self, year: int) -> str:
        """A paragraph about a year up to the one reviewed reports results; a later one, plans."""
        review = self.info.review_year
        return "actual" if review is not None and year <= review else "target"

    def _opening_frame(self, line: str, at: int) -> Frame | None:
        """The dateline a line opens with (after a word of address), if any."""
        lead = self._patterns.address.match(line)
        offset = lead.end() if lead else 0
        frame = self._frame_before(at + offset, at + offset + 1)
        return frame if frame is not None and frame.pos == at + offset else None

    def section(self, pos: int) -> Section:
        i = bisect.bisect_right(self._line_starts, pos) - 1
        return self._sections[max(i, 0)]

    # -- a mention's context
    def context_of(self, start: int, end: int, is_rate: bool = False) -> Context:
        """The sentence, region, year or period, kind and estimate flag of the mention at
        text[start:end]; `is_rate` for a percentage (a level, unless a change says otherwise)."""
        # a bounded window, not the whole of an endless sentence: the work stays linear
        s_start, s_end, cut_before, cut_after = self.sentence_window(start, end)
        section = self.section(start)
        clause = self.clause_start(start)
        clause = clause if clause > s_start else s_start      # (what each step below reads: found once)
        year, span, over_span = self._when(start, s_start, clause, section)
        if over_span and self._is_level(start, s_start, is_rate, self._comma_clause_start(clause, s_start)
                                        if self.norm[clause - 1:clause] == "、" else clause):
            # within a span, a level reached is the figure of its last year
            year, span = (span[1] if span else self.info.review_year), None
        period = f"{span[0]}-{span[1]}" if span else None
        kind = self._kind(start, s_start, year, clause, section)
        if year is None and not over_span:
            # nothing near says when: a result of the year the document reviews, a target of the one it plans
            year = self.info.review_year if kind == "actual" else self.info.plan_year
        # (with no estimate word there is nothing to compare)
        said = self._estimate.last(self.marked, s_start, start)
        estimate = said >= 0 and said > self._target_strong.last(self.marked, s_start, start)
        return Context(s_start, s_end, section.region, year, period, kind, estimate, cut_before, cut_after)

    def year_of(self, start: int, sentence_start: int) -> When:
        """The year a figure at `start` refers to, or the span it counts over; nearest evidence first.

        A span word in the figure's clause (年均, 五年) makes it a period figure;
        then a year in its sentence; then the last dateline of its paragraph
        (截至2023年底, 2019年以来, 十三五时期); then its section.
        """
        return When(*self._when(start, sentence_start, max(self.clause_start(start), sentence_start),
                                self.section(start)))

    def _when(self, start: int, sentence_start: int, clause: int, section: Section):
        """`year_of` as (year, span, over_span), given the figure's clause start and section."""
        p, norm, marked, review = self._patterns, self.norm, self.marked, self.info.review_year
        if self._period.any(marked, clause, start):
            return None, self._span_before(self.paragraph_start(start), start) or section.span, True
        if p.any_change_from(norm, sentence_start, start):     # (both patterns begin with 从/由)
            opened = p.span_start.search(norm, sentence_start, start)
            if opened:
                return int(opened["since"]), None, False
            span = p.span_end.search(norm, sentence_start, start)
            if span and not span["until"] and review and int(span["since"]) < review:
                return review, None, False   # 由2015年的…增加到3948.6亿元: the level now reached
        year = self._year_in(sentence_start, start)
        if year is not None:
            return year, None, False
        # (a list joined by 、 shares what was compared: 较2015年分别增长46%、56.3%)
        lo = self._comma_clause_start(clause, sentence_start) if norm[clause - 1:clause] == "、" else clause
        compared = p.compared.search(norm, lo, start) if norm.find("年", lo, start) >= 0 else None
        if compared and review and int(compared["since"]) < review - 1:
            # 比2015年增长12%: a change over the years since
            return None, (int(compared["since"]), review), True
        # 2015年地区生产总值…；一般公共预算收入104.2亿元…。: a year named earlier in the
        # sentence dates the parts after its semicolons too (in a five-year review as well)
        # (only a year before the sentence's first figure, with a figure in its own clause:
        # 是2009年的2倍 and 高铁2013年开通运行 date nothing after them)
        whole = self._sentence_start(sentence_start)
        named = YEAR.search(self.dated, whole, sentence_start) if whole < sentence_start else None
        if named is not None and DIGIT.search(norm, whole, named.start()) is None \
                and DIGIT.search(norm, named.end(), self.clause_end(named.start())) is not None:
            return int(named[1]), None, False
        frame = self._frame_before(self.paragraph_start(start), start)
        if frame is not None and not (frame.period and self._anchor.any(marked, sentence_start, start)):
            return (None, frame.span, True) if frame.period else (frame.year, None, False)
        if section.period and not self._anchor.any(marked, sentence_start, start):
            return None, section.span, True
        if section.year is not None:
            return section.year, None, False
        if section.kind == "actual":
            return review, None, False
        if section.kind == "target":
            return self.info.plan_year, None, False
        return None, None, False

    def _is_level(self, start: int, sentence_start: int, is_rate: bool, clause: int) -> bool:
        """A level reached (达到1035亿元, 森林覆盖率53.01%), not what counts over a span (累计, 年均)."""
        p = self._patterns
        if (p.any_flow(self.marked, clause, start) and p.flow.search(self.marked, clause, start)) \
                or self._period.any(self.marked, clause, start):
            return False
        lo = max(sentence_start, start - 24)
        return bool(is_rate or (p.any_level(self.norm, lo, start) and p.level.search(self.norm, lo, start)))

    def _span_before(self, lo: int, hi: int) -> tuple[int, int] | None:
        i = bisect.bisect_left(self._frame_starts, hi) - 1
        while i >= 0 and self._frame_starts[i] >= lo:
            if self._frames[i].span:
                return self._frames[i].span
            i -= 1
        return None

    def _year_in(self, start: int, end: int) -> int | None:
        """The last year named in text[start:end], explicitly or relative to the document's."""
        # (a year is a number before 年: where the range holds no 年 it names none)
        explicit = LAST_YEAR.search(self.dated, start, end) if self.dated.find("年", start, end) >= 0 else None
        relative = None
        if self.info.delivery_year is not None:
            relative = self._last_relative.last_match(self.dated, start, end)
        if relative and (explicit is None or relative.start() > explicit.start()):
            return self.info.delivery_year + self.markers.relative_years[relative[0]]
        return int(explicit[1]) if explicit else None

    def kind_of(self, start: int, sentence_start: int, year: int | None) -> str:
        """actual or target: markers near the figure, then its year, then its section.

        Strong markers (力争, 预计) count anywhere in the sentence before the
        figure, weak ones (要, 将) only in its own clause; words in quotation
        marks name things (“千万元扶持计划”) and are no markers.
        """
        return self._kind(start, sentence_start, year, max(self.clause_start(start), sentence_start),
                          self.section(start))

    def _kind(self, start: int, sentence_start: int, year: int | None, clause: int, section: Section) -> str:
        marked = self.marked
        # in a review, a target word far back in a long sentence (聚焦…发展目标，…，完成409.3亿元)
        # names a goal, not this figure
        reach = sentence_start if section.kind != "actual" else max(sentence_start, start - TARGET_REACH)
        target = self._target_strong.last(marked, reach, start)
        actual = self._actual_strong.last(marked, sentence_start, start)
        if target > actual:
            return "target"
        if actual > target:
            return "actual"
        info = self.info
        if year is not None and info.review_year is not None:
            if year <= info.review_year:
                return "actual"
            if year > (info.plan_year or year):
                return "target"
        if section.kind:
            return section.kind
        if (self._target_weak.last(marked, clause, start) >= 0
                or self._target_routine.last(marked, sentence_start, start) >= 0):
            return "target"
        return "actual"


def _outside(ends: list[int], spans: list[tuple[int, int]]) -> list[int]:
    """The sorted mark ends (each just past a one-character mark) whose mark lies
    outside every one of the sorted, disjoint spans."""
    if not spans:
        return ends
    out: list[int] = []
    kept = 0
    for start, end in spans:
        # a mark at pos has end pos + 1: inside [start, end) when start < its end <= end
        i = bisect.bisect_right(ends, start, kept)
        out.extend(ends[kept:i])
        kept = max(i, bisect.bisect_right(ends, end, i))
    out.extend(ends[kept:])
    return out


def _blank(m) -> str:
    return " " * len(m[0])


class _WordList:
    """A word list searched in ranges of a document's text: whether any of its words
    occurs there, and the last one (the standard `re` answers "none" fast, which is
    the common answer; `regex` searching backwards finds the last one)."""

    def __init__(self, words: tuple[str, ...]):
        self.any = words_search(words)
        # (?r) searches from the end, so the first match found is the last one
        self._last = regex.compile("(?r)" + _alt(words))

    def last_match(self, text: str, start: int, end: int):
        return self._last.search(text, start, end) if self.any(text, start, end) else None

    def last(self, text: str, start: int, end: int) -> int:
        """Where the last of the words occurs in text[start:end], or -1."""
        m = self.last_match(text, start, end)
        return m.start() if m else -1


@functools.lru_cache(maxsize=16)
def _word_list(words: tuple[str, ...]) -> _WordList:
    return _WordList(words)


@functools.lru_cache(maxsize=16)
def _cached_words(words: tuple[str, ...]):
    return regex.compile(_alt(words))


def _words_pattern(words) -> "regex.Pattern":
    """One alternation of words, longest first, compiled once per word list."""
    return _cached_words(tuple(words))
