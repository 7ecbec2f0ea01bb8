"""Context of a mention: the document's region and year, the section it
stands in, the year the figure refers to, and whether it is a result or a
target.

Everything here reads the normalised text (same length as the document
text), so positions are document offsets.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

import regex

from .catalog import Catalog
from .model import Hint
from .normalise import title_lines
from .regions import Region, anonymised_in, find_region, normalise_region, unlisted_region

YEAR = regex.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?=年)")
# A date in a title or front matter: the year and month a text was delivered.
DATE = regex.compile(r"(?<![0-9])((?:19|20)[0-9]{2})年([0-9]{1,2})月")
_YEAR = r"(?:19|20)[0-9]{2}"
LAST_YEAR = regex.compile(r"(?r)(?<![0-9])((?:19|20)[0-9]{2})(?=年)")
QUOTED = regex.compile(r"“[^”\n]{0,30}”|「[^」\n]{0,30}」|\"[^\"\n]{0,30}\"")
_QUOTES = regex.compile(r"[“”\"「」]")
# Plain character classes: the standard `re` scans them several times faster.
SENTENCE_END = re.compile(r"[。！？!?；;\n]")
CLAUSE_END = re.compile(r"[，,、；;：:。！？!?\n]")
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


class _Patterns:
    """The catalog's year, period and document words compiled into this stage's patterns."""

    def __init__(self, catalog: Catalog):
        m, d = catalog.markers, catalog.documents
        # A year that does not date the figure: 比2015年 (a comparison), 2016—2020年
        # (a span), 2019年以来 (cumulative).
        self.not_dating = regex.compile(
            rf"(?:(?:{_alt(m.comparison_before_year)}){_YEAR}年)"
            rf"|(?:{_YEAR}年?\s*[-—~～至到]\s*{_YEAR}年)"
            rf"|(?:{_YEAR}年(?:{_alt(m.since_after_year)}))")
        self.period_opening = regex.compile(
            rf"^[ \t　—-]*(?:(?:{_alt(m.address_words)})[，,：:]\s*)?(?:{_alt(m.period_openings)})")
        self.opening_year = regex.compile(rf"(?m)^[ \t　—-]*({_YEAR})年(?:{_alt(m.opening_year_after)})")
        self.byline = regex.compile(
            rf"^[ \t]*(?:中共)?(?P<place>\S{{1,12}}?)(?:县|市|区|旗)?(?:{_alt(d.byline_suffixes)})[ \t]*$")
        self.plan_document = regex.compile(_alt(d.plan_titles))
        self.doctypes = d.doctypes


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
    years = [int(y) for y in YEAR.findall(head) if 1949 < int(y) < 2100]
    title_year = max(years) if years else None
    if date is not None:
        # the session a report is given to: one given in late autumn is for next year
        title_year = delivery_year + 1 if delivery_month >= 10 else delivery_year

    if date is None and title_year is not None:
        # a speech names the year it plans for in a paragraph of its own
        # (2020年是…), often after the title lines
        openings = [int(m[1]) for m in patterns.opening_year.finditer(text)]
        title_year = max([y for y in openings if title_year <= y <= title_year + 1], default=title_year)
    doc_year = hint.year or title_year
    if delivery_year is None:
        delivery_year = doc_year
    if delivery_year is not None and delivery_month is not None and delivery_month >= 10:
        # a report given in late autumn reviews the year it is given in
        review_year = delivery_year
    elif delivery_year is not None:
        review_year = delivery_year - 1
    else:
        review_year = None
    plan_year = review_year + 1 if review_year is not None else None
    if hint.year and plan_year and hint.year != plan_year and date is None:
        plan_year, review_year = hint.year, hint.year - 1

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
    is_plan = bool(plan.search(doctype or "") or plan.search(lines[0][1] if lines else ""))
    return DocInfo(doc, region, doc_year, review_year, plan_year, delivery_year, doctype, is_plan)


@dataclass(frozen=True)
class Section:
    """State that holds from one line until a later line changes it."""

    kind: str | None         # default kind: actual (review) or target (plan)
    year: int | None         # the year a heading or a paragraph's opening names
    region: Region | None    # a compilation's section region
    period: bool = False     # the paragraphs speak of a span of years (过去五年…)


@dataclass(frozen=True, slots=True)
class Context:
    """Where a mention stands and what it speaks of: its sentence, region, year and kind.

    A sentence longer than ``MAX_SENTENCE`` is a window around the mention;
    ``cut_before``/``cut_after`` say which ends of the sentence it cut.
    """

    sentence_start: int
    sentence_end: int
    region: Region | None
    year: int | None
    kind: str
    cut_before: bool = False
    cut_after: bool = False

    def sentence_of(self, text: str) -> str:
        """The sentence cell: the window's text, "…" where the sentence was cut.

        >>> Context(2, 5, None, None, "actual", cut_before=True).sentence_of("前文增长6%")
        '…增长6'
        """
        cell = text[self.sentence_start:self.sentence_end].strip()
        return (CUT_MARK if self.cut_before else "") + cell + (CUT_MARK if self.cut_after else "")


class Layout:
    """Sentences, clauses and sections of one normalised document."""

    def __init__(self, norm: str, info: DocInfo, catalog: Catalog):
        markers = catalog.markers
        self.norm = norm
        self.info = info
        self.markers = markers
        self._patterns = _patterns(catalog)
        self.sentence_ends = [m.end() for m in SENTENCE_END.finditer(norm)]
        self.clause_ends = [m.end() for m in CLAUSE_END.finditer(norm)]
        self._relative = _words_pattern(markers.relative_years)
        self._target_strong = _last_word_pattern(markers.target_strong)
        self._actual_strong = _last_word_pattern(markers.actual_strong)
        self._target_weak = _last_word_pattern(markers.target_weak)
        self._target_routine = _last_word_pattern(markers.target_routine)
        self._period = _words_pattern(markers.period)
        self._anchor = _words_pattern(markers.year_anchors)
        self._last_relative = _last_word_pattern(tuple(markers.relative_years))
        # years that do not date a figure (比2015年, 2016—2020年, 2019年以来), blanked once
        self.dated = self._patterns.not_dating.sub(_blank, norm)
        # Words in quotation marks name things (“千万元扶持计划”) and words
        # like 重要 contain a marker without being one: blank both, once.
        blank = QUOTED.sub(_blank, norm)
        self.marked = _words_pattern(markers.not_markers).sub(_blank, blank)
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

    def clause_start(self, pos: int) -> int:
        i = bisect.bisect_right(self.clause_ends, pos)
        return self.clause_ends[i - 1] if i else 0

    def clause_end(self, pos: int) -> int:
        i = bisect.bisect_left(self.clause_ends, pos + 1)
        return self.clause_ends[i] - 1 if i < len(self.clause_ends) else len(self.norm)

    # -- sections
    def _read_sections(self) -> None:
        info = self.info
        state = Section("target", info.plan_year, info.region) if info.is_plan else Section(None, None, info.region)
        pos = 0
        for line in self.norm.split("\n"):
            stripped = line.strip()
            if stripped:
                state = self._next_state(state, stripped)
            self._line_starts.append(pos)
            self._sections.append(state)
            pos += len(line) + 1

    def _next_state(self, state: Section, line: str) -> Section:
        info, m = self.info, self.markers
        kind, year, region = state.kind, state.year, state.region
        byline = self._patterns.byline.match(line)
        if byline:
            found = find_region(line) or normalise_region(byline["place"])
            if found:
                return Section(None, None, found)
        is_heading = bool(HEADING.match(line)) or (len(line) <= 30 and not regex.search(r"[。；;，,]", line))
        if is_heading and len(line) <= 60:
            head_years = [int(y) for y in YEAR.findall(line)]
            if any(w in line for w in m.section_review):
                kind, year = "actual", max(head_years) if head_years else info.review_year
            elif any(w in line for w in m.section_plan):
                kind, year = "target", max(head_years) if head_years else info.plan_year
            return Section(kind, year, region)
        # a paragraph that opens with a span (过去五年, “十三五”时期) has no one year
        if self._patterns.period_opening.match(_QUOTES.sub("", line)):
            return Section(kind or "actual", None, region, period=True)
        # a paragraph that opens with a year (2019年，… / 2020年是…) speaks of it
        opening = YEAR.match(line.lstrip("—- 　"))
        if opening and info.plan_year is not None:
            y = int(opening[1])
            kind = "actual" if y < info.plan_year else "target"
            return Section(kind, y, region)
        opening = self._relative.match(line.lstrip("—- 　").removeprefix("回顾"))
        if opening and info.delivery_year is not None:
            y = info.delivery_year + m.relative_years[opening[0]]
            if info.plan_year is not None:
                kind = "actual" if y < info.plan_year else "target"
            return Section(kind, y, region)
        return state

    def section(self, pos: int) -> Section:
        i = bisect.bisect_right(self._line_starts, pos) - 1
        return self._sections[max(i, 0)]

    # -- a mention's context
    def context_of(self, start: int, end: int) -> Context:
        """The sentence, region, year and kind of the mention at text[start:end]."""
        s_start, s_end, cut_before, cut_after = self.sentence_window(start, end)
        year = self.year_of(start, s_start)
        return Context(s_start, s_end, self.section(start).region, year, self.kind_of(start, s_start, year),
                       cut_before, cut_after)

    def year_of(self, start: int, sentence_start: int) -> int | None:
        """The year a figure at `start` refers to, nearest evidence first.

        None for a figure over a span of years (年均增长7%, 五年新增…).
        """
        if self._period.search(self.marked, self.clause_start(start), start):
            return None
        year = self._year_in(sentence_start, start)
        if year is not None:
            return year
        section = self.section(start)
        if section.period and not self._anchor.search(self.marked, sentence_start, start):
            return None
        if section.year is not None:
            return section.year
        if section.kind == "actual":
            return self.info.review_year
        if section.kind == "target":
            return self.info.plan_year
        return None

    def _year_in(self, start: int, end: int) -> int | None:
        """The last year named in text[start:end], explicitly or relative to the document's."""
        explicit = LAST_YEAR.search(self.dated, start, end)
        relative = None
        if self.info.delivery_year is not None:
            relative = self._last_relative.search(self.dated, start, end)
        if relative and (explicit is None or relative.start() > explicit.start()):
            return self.info.delivery_year + self.markers.relative_years[relative[0]]
        return int(explicit[1]) if explicit else None

    def kind_of(self, start: int, sentence_start: int, year: int | None) -> str:
        """actual or target: markers near the figure, then its year, then its section.

        Strong markers (力争, 预计) count anywhere in the sentence before the
        figure, weak ones (要, 将) only in its own clause; words in quotation
        marks name things (“千万元扶持计划”) and are no markers.
        """
        clause_start = max(self.clause_start(start), sentence_start)
        target = _last_at(self._target_strong, self.marked, sentence_start, start)
        actual = _last_at(self._actual_strong, self.marked, sentence_start, start)
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
        section = self.section(start)
        if section.kind:
            return section.kind
        if (_last_at(self._target_weak, self.marked, clause_start, start) >= 0
                or _last_at(self._target_routine, self.marked, sentence_start, start) >= 0):
            return "target"
        return "actual"


def _blank(m) -> str:
    return " " * len(m[0])


def _last_at(pattern, text: str, start: int, end: int) -> int:
    """Where the last of a word list occurs in text[start:end], or -1."""
    m = pattern.search(text, start, end)
    return m.start() if m else -1


@functools.lru_cache(maxsize=16)
def _last_word_pattern(words: tuple[str, ...]):
    # (?r) searches from the end, so the first match found is the last one
    return regex.compile("(?r)" + ("|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"))


@functools.lru_cache(maxsize=16)
def _cached_words(words: tuple[str, ...]):
    return regex.compile("|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)")


def _words_pattern(words) -> "regex.Pattern":
    """One alternation of words, longest first, compiled once per word list."""
    return _cached_words(tuple(words))
