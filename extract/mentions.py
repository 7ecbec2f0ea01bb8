"""The mention grammar: numbers bound to units, read from normalised text.

Built on the numeral grammar (``extract.numerals``: its characters, its loose
run, its percent and fraction forms, its signs) and the catalog's units and
qualifier words. This stage decides what is a quantity and what it is worth:
value (sign kept), range, unit, qualifier; not what it counts or when.

>>> [(float(m.value), m.unit, m.qualifier) for m in default_grammar().scan("培训干部1.6万余人次，增长-3%")]
[(16000.0, '人次', 'over'), (-3.0, '%', 'exact')]
"""
from __future__ import annotations

import functools
import re
from decimal import Decimal
from typing import Iterator, NamedTuple

import regex

from .catalog import Catalog, load_catalog
from .numerals import (FRACTION, MAGNITUDE, NUMBER_BODY_CHARS, NUMBER_MARKS, NUMERAL_CHARS, NUMERAL_RUN, NUMERAL_SIGN,
                       OVER_CHARS, PERCENT_WORDS, SIGN_CHARS, magnitude_value, parse_number)
from .prefilter import SPACE, last_characters, may_end, words_search

# Characters that can start a placeholder (×个, X名, **人).
_PLACEHOLDER_MARKS = "×xX*＊"


class Match(NamedTuple):
    """A number bound to a unit, found in the normalised text (a tuple: one is made per match)."""

    start: int
    end: int
    value: Decimal | None   # None for an anonymised placeholder
    high: Decimal | None
    unit: str
    qualifier: str
    chinese_only: bool       # a plain numeral written in Chinese characters alone (slogans are)


def _alternation(words) -> str:
    """Longest first, so 人次 wins over 人."""
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True)) or "(?!)"


def _unit_pattern(catalog: Catalog) -> str:
    parts = []
    for form in sorted(catalog.unit_of_form, key=len, reverse=True):
        unit = catalog.unit_of_form[form]
        guard = f"(?!{_alternation(unit.not_before)})" if unit.not_before else ""
        parts.append(regex.escape(form) + guard)
    return "|".join(parts)


# Between the two numbers of a range (1-2个, 三到五名).
_RANGE_SEPARATORS = ("-", "~", "～", "—", "－", "至", "到")

# The mention pattern's groups, in order. Every reader gives them so, and they are
# read by index (a dict of groups per match costs more than the rest of reading it).
GROUPS = ("pct", "ph", "pq", "pmag", "punit", "frac", "a", "aq", "amag", "sep", "b", "rq1", "rmag", "rq2",
          "runit", "q1", "mag", "q2", "unit", "post")


class Grammar:
    """The compiled mention pattern of one catalog, and what reads its matches.

    ``pattern`` is the grammar in one piece. Scanning with it tries a long
    alternation at every numeral character of the text (一 in 统一, 万 in 千万),
    so `matches` finds the same matches in two stages instead: the standard `re`
    scans for a number with a unit (its fast first-character test rejects most
    characters), and the rare percent-in-words and fraction forms (八成, 三分之一),
    which take precedence where they match, are tried only where a number stands
    right before their mark (成, 分之, /).
    """

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        markers = catalog.markers
        cn = regex.escape(NUMERAL_CHARS)
        over = f"[{regex.escape(OVER_CHARS)}]"
        units = _unit_pattern(catalog)
        lead = rf"""
        (?=[0-9０-９{cn}{regex.escape(SIGN_CHARS + _PLACEHOLDER_MARKS)}])   # most characters start nothing
        (?<![0-9A-Za-z.．/第届])          # not inside a number, a code or an ordinal
        (?!(?<=[{cn}])[{cn}])             # nor inside a Chinese numeral (十三届十五次: not 五次)
        """
        # 百分之八十五, 八成: percentages in words
        pct = rf"(?P<pct>{PERCENT_WORDS})"
        # ×个, X名, **人: anonymised figures
        ph = rf"""(?P<ph>(?<![A-Za-z])[{regex.escape(_PLACEHOLDER_MARKS)}]{{1,3}})(?P<pq>{over})?(?P<pmag>{MAGNITUDE})?
            (?P<punit>{units})"""
        # 三分之一, 1/3 (before a closing quote it names a rule: “两个三分之一”)
        frac = rf"""(?P<frac>{FRACTION})(?![0-9/”"’」])"""
        separator = "|".join(regex.escape(s) for s in _RANGE_SEPARATORS)
        # one numeral, then what follows decides what it is
        number = rf"""(?P<a>{NUMERAL_SIGN}?{NUMERAL_RUN})
            (?:
                # 1-2个, 三到五名, 6%-7%: a range shares the unit
                (?P<aq>{over})?(?P<amag>{MAGNITUDE})?%?
                {SPACE}*(?P<sep>{separator}){SPACE}*
                (?P<b>{NUMERAL_RUN})(?P<rq1>{over})?(?P<rmag>{MAGNITUDE})?(?P<rq2>{over})?
                (?P<runit>{units})
              | # 1.6万余人次, 2500余万元, 30多个
                (?P<q1>{over})?(?P<mag>{MAGNITUDE})?(?P<q2>{over})?
                (?P<unit>{units})
            )"""
        # (余/多 after a unit belong to the next word: 四个多样化)
        post = rf"(?P<post>{_alternation(markers.qualifier_after)})?"
        self._source = rf"{lead}(?:{pct}|{ph}|{frac}|{number}){post}"
        # The two stages. Their alternatives keep the pattern's order: where a
        # percent or fraction form matches it wins, as it would in `pattern`.
        self._unit_reader = re.compile(rf"{lead}(?:{ph}|{number}){post}", re.VERBOSE)
        # (compiled when a text first has a place for them: most have none, and the two
        # long patterns took most of the grammar's start-up)
        self._percent_source = rf"{lead}{pct}{post}"
        self._fraction_source = rf"{lead}{frac}{post}"
        self._marks = re.compile(_alternation(NUMBER_MARKS))
        self._body = frozenset(NUMBER_BODY_CHARS)
        self._after = markers.qualifier_after
        # the longest qualifier word ending right at a mention (约有, not 有)
        self._qualifier_before = regex.compile(f"(?:{_alternation(markers.qualifier_before)})$")
        self._not_qualifier_before = regex.compile(f"(?:{_alternation(markers.qualifier_not_before)})$")
        self._enumeration_before = regex.compile(
            f"(?<!{_alternation(markers.enumeration_not_after)})(?:{_alternation(markers.enumeration_before)})$")
        # Words that must end a few characters before a mention for those patterns to
        # match there ($ also matches before a last newline): a cheap test first.
        self._qualifier_ends = last_characters(markers.qualifier_before)
        self._enumeration_ends = last_characters(markers.enumeration_before)
        # the nearest change word before a figure, in its clause: 下降3.1% is -3.1, 下降到42.6岁 is a level
        self._change = regex.compile(
            rf"(?r)(?!{_alternation(markers.change_nouns)})(?:(?P<fall>{_alternation(markers.falls)})"
            rf"|{_alternation(markers.rises)})"
            rf"(?P<level>了?(?:{_alternation(markers.level_after)}))?(?!的)[^，,；;。！？!?\n]{{0,8}}?$")
        self._any_change = words_search(markers.falls + markers.rises)
        self._joiner = regex.compile(r"[\s、和与及]{1,2}")
        self._threshold_noun = regex.compile(f"的?(?:{_alternation(markers.threshold_nouns)})")

    @functools.cached_property
    def _percent_reader(self) -> regex.Pattern:
        return regex.compile(self._percent_source, regex.VERBOSE)

    @functools.cached_property
    def _fraction_reader(self) -> regex.Pattern:
        return regex.compile(self._fraction_source, regex.VERBOSE)

    @functools.cached_property
    def pattern(self) -> regex.Pattern:
        """The mention grammar as one pattern: its `finditer` gives what `matches` gives."""
        return regex.compile(self._source, regex.VERBOSE)

    def reference_matches(self, text: str) -> Iterator[tuple[int, int, tuple]]:
        """(start, end, groups) of every match of `pattern`, scanning with it (slow; the reference)."""
        for m in self.pattern.finditer(text):
            yield m.start(), m.end(), m.groups()

    def matches(self, text: str) -> Iterator[tuple[int, int, tuple]]:
        """(start, end, groups in `GROUPS` order) of every match of `pattern` in `text`, left to right."""
        marked = self._percent_or_fraction_starts(text)
        k, n = 0, len(marked)
        search = self._unit_reader.search
        pos = 0
        while True:
            m = search(text, pos)
            limit = m.start() if m is not None else len(text)
            found = None
            while k < n and marked[k] <= limit:
                q = marked[k]
                k += 1
                if q >= pos:
                    found = self._percent_or_fraction(text, q)
                    if found is not None:
                        break
            if found is not None:
                yield found
                pos = found[1]
            elif m is None:
                return
            else:
                g = m.groups()
                yield m.start(), m.end(), (None,) + g[:4] + (None,) + g[4:]
                pos = m.end()

    def _percent_or_fraction_starts(self, text: str) -> list[int]:
        """Where a percent-in-words or fraction form may start: in the run of numeral
        characters right before one of its marks. (A superset: the readers decide.)"""
        out: list[int] = []
        body = self._body
        floor = 0
        for mark in self._marks.finditer(text):
            i = j = mark.start()
            while j > floor and text[j - 1] in body:
                j -= 1
            out.extend(range(j, i))
            floor = i
        return out

    def _percent_or_fraction(self, text: str, at: int) -> tuple[int, int, tuple] | None:
        m = self._percent_reader.match(text, at)
        if m is not None:
            pct, post = m.groups()
            return m.start(), m.end(), (pct,) + (None,) * 18 + (post,)
        m = self._fraction_reader.match(text, at)
        if m is not None:
            frac, post = m.groups()
            return m.start(), m.end(), (None,) * 5 + (frac,) + (None,) * 13 + (post,)
        return None

    def scan(self, text: str) -> list[Match]:
        """Every quantity in `text` (normalised), left to right; slogans, title counts,
        enumerations (以下5个方面) and attributes (35-50岁) left out; a fall made negative."""
        out: list[Match] = []
        fell = False      # the figure before fell: 分别下降2.1%和3.4%
        for start, end, groups in self.matches(text):
            found = self._read(text, start, end, groups)
            if found is None or self._is_slogan(found) or _is_title_count(text, found) \
                    or self._enumerated(text, start):
                continue
            qualifier = self._qualifier(found, text)
            if self._is_attribute(found, qualifier, text):
                continue
            prev = out[-1] if out else None
            # (the joiner takes one or two characters: test the gap before the pattern)
            if prev is not None and 0 < start - prev.end <= 2 and self._joiner.fullmatch(text, prev.end, start):
                falls = fell
            else:
                falls = self._falls(text, start, prev.end if prev else 0)
            fell = falls
            if qualifier != found.qualifier or (falls and found.value is not None and found.value > 0):
                sign = -1 if falls and found.value is not None and found.value > 0 else 1
                found = Match(found.start, found.end, None if found.value is None else found.value * sign,
                              None if found.high is None else found.high * sign, found.unit, qualifier,
                              found.chinese_only)
            out.append(found)
        return out

    def _falls(self, text: str, start: int, floor: int) -> bool:
        """Whether the nearest change word before `start` (after `floor`) states a fall, not a level."""
        lo = max(floor, start - 14)
        if self._any_change(text, lo, start) is None:
            return False          # no change word at all: the reverse search would find nothing
        change = self._change.search(text, lo, start)
        return bool(change and change["fall"] and not change["level"])

    def _is_attribute(self, m: Match, qualifier: str, text: str) -> bool:
        """35-50岁的干部, 收入10万元以上的村: a range or bound that describes what is counted, not a count."""
        if m.high is not None and self.catalog.units[m.unit].range_is_attribute:
            return True
        # (九成以上的村: a share of villages, which is a figure; 20家以上企业 counts firms:
        # without 的 only a sum of money sets a threshold, 亿元以上项目)
        if qualifier not in ("over", "under") or m.unit in self.catalog.rates:
            return False
        noun = self._threshold_noun.match(text, m.end)
        return noun is not None and (noun[0].startswith("的") or m.unit in self.catalog.money)

    def _bound_before(self, text: str, start: int) -> bool:
        """突破百万吨, 超过千亿元: a bound stated just before the figure."""
        lo = max(0, start - 4)
        return may_end(text, lo, start, self._qualifier_ends) and \
            self._qualifier_before.search(text, lo, start) is not None

    def _enumerated(self, text: str, start: int) -> bool:
        """以下5个方面: the number counts the items a list goes on to give."""
        lo = max(0, start - 3)
        return may_end(text, lo, start, self._enumeration_ends) and \
            self._enumeration_before.search(text, lo, start) is not None

    def _read(self, text: str, start: int, end: int, groups: tuple) -> Match | None:
        pct, ph, pq, pmag, punit, frac, a, aq, amag, sep, b, rq1, rmag, rq2, runit, q1, mag, q2, unit, post = groups
        qualifier = self._after.get(post, "over") if post else None
        if pct is not None or frac is not None:
            v = parse_number(pct or frac)
            if v is None:
                return None
            if frac is not None:
                return Match(start, end, v.quantize(Decimal("0.000001")), None, "分之", qualifier or "exact", False)
            return Match(start, end, v, None, "%", qualifier or "exact", False)

        # the placeholder, range and plain branches each have their own over-words, magnitude and unit
        q1, mag, q2 = pq or rq1 or q1, pmag or rmag or mag, rq2 or q2
        unit = self.catalog.unit_of_form[punit or runit or unit].unit
        if q1 or q2:
            qualifier = qualifier or "over"
        if ph is not None:
            return Match(start, end, None, None, unit, qualifier or "exact", False)

        if sep is not None:
            value = _scaled(a, amag or mag)
            high = _scaled(b, mag)
            if value is None or high is None:
                return None
            qualifier = "range"
        else:
            if not (q1 or q2) and _is_bare_magnitude(a) and not self._bound_before(text, start):
                return None      # 千万元扶持计划 names a programme; 万余人 and 突破百万吨 count
            value, high = _scaled(a, mag), None
            if value is None:
                return None
        return Match(start, end, value, high, unit, qualifier or "exact", _is_chinese_only(a))

    def _qualifier(self, m: Match, text: str) -> str:
        """The mention's own qualifier, else one from the words just before it."""
        if m.qualifier != "exact":
            return m.qualifier
        start = max(0, m.start - 4)
        if not may_end(text, start, m.start, self._qualifier_ends):
            return "exact"
        found = self._qualifier_before.search(text, start, m.start)
        if not found or self._not_qualifier_before.search(text, start, m.start):
            return "exact"
        return self.catalog.markers.qualifier_before[found[0]]

    def _is_slogan(self, m: Match) -> bool:
        """A small number written in Chinese before 个/项/条 names a slogan or a list.

        三个表率, 五支队伍 and 十件实事 are names; 一次, 一批 are articles. Counts of
        people and events (两次, 三名) stay, as their unit says (units.yaml).
        """
        if not m.chinese_only or m.value is None or m.value < 0 or m.qualifier != "exact":
            return False            # 三十余个: a bound counts, a slogan never has one
        if m.value == 1 and m.high is None:
            return True
        if m.value >= 100 or m.high is not None:
            return False
        return not self.catalog.units[m.unit].small_chinese


_BARE_MAGNITUDE = regex.compile(MAGNITUDE)
_ARABIC = regex.compile(r"[0-9０-９]")


# Numerals repeat (一, 2, 10): what is read of one is read once.
@functools.lru_cache(maxsize=4096)
def _is_bare_magnitude(number: str) -> bool:
    return _BARE_MAGNITUDE.fullmatch(number) is not None


@functools.lru_cache(maxsize=4096)
def _is_chinese_only(number: str) -> bool:
    return _ARABIC.search(number) is None


@functools.lru_cache(maxsize=8192)
def _scaled(number: str, magnitude: str | None) -> Decimal | None:
    # 万余人: "ten thousand and more". (No bare magnitude reads as a number, so it is
    # tested first: parse_number would try, and compile, every other numeral form.)
    value = magnitude_value(number) if _is_bare_magnitude(number) else parse_number(number)
    if value is None:
        return None
    if magnitude:
        value = value * magnitude_value(magnitude)
    return value


def _is_title_count(text: str, m: Match) -> bool:
    """(5篇) on a line of its own, under a compilation's title, counts its parts."""
    # only a mention right between brackets can be one: test that before finding its line
    if not (m.start > 0 and text[m.start - 1] in "(（" and m.end < len(text) and text[m.end] in ")）"):
        return False
    line_start = text.rfind("\n", 0, m.start) + 1
    line_end = text.find("\n", m.end)
    line = text[line_start:line_end if line_end >= 0 else len(text)].strip()
    return line[:1] in "(（" and line[-1:] in ")）" and len(line) == m.end - m.start + 2


@functools.lru_cache(maxsize=1)
def default_grammar() -> Grammar:
    return Grammar(load_catalog())
