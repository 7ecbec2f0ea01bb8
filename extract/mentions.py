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
from dataclasses import dataclass
from decimal import Decimal

import regex

from .catalog import Catalog, load_catalog
from .numerals import (FRACTION, MAGNITUDE, NUMERAL_CHARS, NUMERAL_RUN, NUMERAL_SIGN, OVER_CHARS, PERCENT_WORDS,
                       SIGN_CHARS, magnitude_value, parse_number)

# Characters that can start a placeholder (×个, X名, **人).
_PLACEHOLDER_MARKS = "×xX*＊"


@dataclass(frozen=True, slots=True)
class Match:
    """A number bound to a unit, found in the normalised text."""

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


class Grammar:
    """The compiled mention pattern of one catalog, and what reads its matches."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        markers = catalog.markers
        cn = regex.escape(NUMERAL_CHARS)
        over = f"[{regex.escape(OVER_CHARS)}]"
        post = _alternation(markers.qualifier_after)   # (余/多 after a unit belong to the next word: 四个多样化)
        units = _unit_pattern(catalog)
        self.pattern = regex.compile(rf"""
        (?=[0-9０-９{cn}{regex.escape(SIGN_CHARS + _PLACEHOLDER_MARKS)}])   # most characters start nothing
        (?<![0-9A-Za-z.．/第届])          # not inside a number, a code or an ordinal
        (?!(?<=[{cn}])[{cn}])             # nor inside a Chinese numeral (十三届十五次: not 五次)
        (?:
            (?P<pct>{PERCENT_WORDS})      # 百分之八十五, 八成: percentages in words
          | # ×个, X名, **人: anonymised figures
            (?P<ph>(?<![A-Za-z])[{regex.escape(_PLACEHOLDER_MARKS)}]{{1,3}})(?P<q1>{over})?(?P<mag>{MAGNITUDE})?(?P<unit>{units})
          | # 三分之一, 1/3 (before a closing quote it names a rule: “两个三分之一”)
            (?P<frac>{FRACTION})(?![0-9/”"’」])
          | # one numeral, then what follows decides what it is
            (?P<a>{NUMERAL_SIGN}?{NUMERAL_RUN})
            (?:
                # 1-2个, 三到五名, 6%-7%: a range shares the unit
                (?P<aq>{over})?(?P<amag>{MAGNITUDE})?%?
                \s*(?P<sep>-|~|～|—|－|至|到)\s*
                (?P<b>{NUMERAL_RUN})(?P<q1>{over})?(?P<mag>{MAGNITUDE})?(?P<q2>{over})?
                (?P<unit>{units})
              | # 1.6万余人次, 2500余万元, 30多个
                (?P<q1>{over})?(?P<mag>{MAGNITUDE})?(?P<q2>{over})?
                (?P<unit>{units})
            )
        )
        (?P<post>{post})?
        """, regex.VERBOSE)
        self._after = markers.qualifier_after
        # the longest qualifier word ending right at a mention (约有, not 有)
        self._qualifier_before = regex.compile(f"(?:{_alternation(markers.qualifier_before)})$")
        self._not_qualifier_before = regex.compile(f"(?:{_alternation(markers.qualifier_not_before)})$")
        self._enumeration_before = regex.compile(
            f"(?<!{_alternation(markers.enumeration_not_after)})(?:{_alternation(markers.enumeration_before)})$")
        # the nearest change word before a figure, in its clause: 下降3.1% is -3.1, 下降到42.6岁 is a level
        self._change = regex.compile(
            rf"(?r)(?!{_alternation(markers.change_nouns)})(?:(?P<fall>{_alternation(markers.falls)})"
            rf"|{_alternation(markers.rises)})"
            rf"(?P<level>了?(?:{_alternation(markers.level_after)}))?(?!的)[^，,；;。！？!?\n]{{0,8}}?$")
        self._joiner = regex.compile(r"[\s、和与及]{1,2}")
        self._threshold_noun = regex.compile(f"的?(?:{_alternation(markers.threshold_nouns)})")

    def scan(self, text: str) -> list[Match]:
        """Every quantity in `text` (normalised), left to right; slogans, title counts,
        enumerations (以下5个方面) and attributes (35-50岁) left out; a fall made negative."""
        out: list[Match] = []
        fell = False      # the figure before fell: 分别下降2.1%和3.4%
        for m in self.pattern.finditer(text):
            found = self._read(m, self._bound_before(text, m.start()))
            if found is None or self._is_slogan(found) or _is_title_count(text, found) \
                    or self._enumeration_before.search(text, max(0, found.start - 3), found.start):
                continue
            qualifier = self._qualifier(found, text)
            if self._is_attribute(found, qualifier, text):
                continue
            prev = out[-1] if out else None
            if prev is not None and self._joiner.fullmatch(text, prev.end, found.start):
                falls = fell
            else:
                falls = self._falls(text, found.start, prev.end if prev else 0)
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
        change = self._change.search(text, max(floor, start - 14), start)
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
        return self._qualifier_before.search(text, max(0, start - 4), start) is not None

    def _read(self, m, bound: bool = False) -> Match | None:
        g = m.groupdict().get      # one call for all groups: this runs per match
        post = g("post")
        qualifier = self._after.get(post, "over" if post else None) if post else None
        if g("pct") is not None or g("frac") is not None:
            v = parse_number(g("pct") or g("frac"))
            if v is None:
                return None
            if g("frac") is not None:
                return Match(m.start(), m.end(), v.quantize(Decimal("0.000001")), None, "分之",
                             qualifier or "exact", False)
            return Match(m.start(), m.end(), v, None, "%", qualifier or "exact", False)

        unit = self.catalog.unit_of_form[g("unit")].unit
        if g("q1") or g("q2"):
            qualifier = qualifier or "over"
        if g("ph") is not None:
            return Match(m.start(), m.end(), None, None, unit, qualifier or "exact", False)

        a = g("a")
        if g("sep") is not None:
            value = _scaled(a, g("amag") or g("mag"))
            high = _scaled(g("b"), g("mag"))
            if value is None or high is None:
                return None
            qualifier = "range"
        else:
            if not (g("q1") or g("q2") or bound) and _BARE_MAGNITUDE.fullmatch(a):
                return None      # 千万元扶持计划 names a programme; 万余人 and 突破百万吨 count
            value, high = _scaled(a, g("mag")), None
            if value is None:
                return None
        chinese_only = _ARABIC.search(a) is None
        return Match(m.start(), m.end(), value, high, unit, qualifier or "exact", chinese_only)

    def _qualifier(self, m: Match, text: str) -> str:
        """The mention's own qualifier, else one from the words just before it."""
        if m.qualifier != "exact":
            return m.qualifier
        start = max(0, m.start - 4)
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


def _scaled(number: str, magnitude: str | None) -> Decimal | None:
    value = parse_number(number)
    if value is None and _BARE_MAGNITUDE.fullmatch(number):
        value = magnitude_value(number)      # 万余人: "ten thousand and more"
    if value is None:
        return None
    if magnitude:
        value = value * magnitude_value(magnitude)
    return value


def _is_title_count(text: str, m: Match) -> bool:
    """(5篇) on a line of its own, under a compilation's title, counts its parts."""
    line_start = text.rfind("\n", 0, m.start) + 1
    line_end = text.find("\n", m.end)
    line = text[line_start:line_end if line_end >= 0 else len(text)].strip()
    return line[:1] in "(（" and line[-1:] in ")）" and len(line) == m.end - m.start + 2


@functools.lru_cache(maxsize=1)
def default_grammar() -> Grammar:
    return Grammar(load_catalog())
