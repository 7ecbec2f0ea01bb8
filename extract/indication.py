"""Indication: what a figure counts. The window around a mention, the guards
that keep a figure from being the region's own, the indicator whose pattern
fits (highest priority first), and the few words that label it.

Indicator patterns (``data/indicators.yaml``) read a window built around one
mention: ``<lead of its clause><N><rest of the clause><END or NEXT>``, where
earlier mentions in the lead are ``<PREV>``. A clause with no subject of its
own (增长6.5%) borrows the lead of the clause before it.
"""
from __future__ import annotations

import dataclasses
import re

import regex

from .catalog import END, MENTION, NEXT, PREVIOUS, Catalog, Indicator
from .context import Layout
from .mentions import Match
from .model import Mention
from .prefilter import SPACE_CHARS, last_characters, may_end, required_words, words_search
from .regions import Region, find_region, lists_places, may_name_place

_PLACEHOLDERS = regex.compile(r"<(?:N|PREV|NEXT|END)>")
# What is cut from a lead before it becomes a label: whole years, numbers, clause marks.
_LABEL_CUT = re.compile(r"(?:19|20)[0-9]{2}年度?|[0-9.%]+|[，,、；;：:。]")
_LABEL_MARKS = rf"[{SPACE_CHARS}“”\"'《》【】（）()<>]"
_TAIL_CUT = re.compile(r"<|[，,、；;：:。]")


def _alternation(words) -> str:
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True)) or "(?!)"


class Indication:
    """The indicator rules of one catalog, compiled once."""

    def __init__(self, catalog: Catalog):
        markers, guards = catalog.markers, catalog.guards
        ranked = sorted(catalog.indicators.values(), key=lambda ind: -ind.priority)
        self.by_unit: dict[str, list[Indicator]] = {}
        for indicator in ranked:
            for unit in indicator.units:
                self.by_unit.setdefault(unit, []).append(indicator)
        # Each pattern with the words one of which every match of it holds: a window
        # without any of them is not searched (most windows hold none of most rules' words).
        required = {p: required_words(p.pattern) for ind in ranked for p in ind.compiled}
        self._guarded = {ind.id: tuple((p, words_search(required[p])) for p in ind.compiled) for ind in ranked}
        # …and all of a unit's rules at once: a window with none of their words fits none
        self._unit_words = {unit: None if any(required[p] is None for ind in inds for p in ind.compiled)
                            else words_search(w for ind in inds for p in ind.compiled for w in required[p])
                            for unit, inds in self.by_unit.items()}
        # a clause made only of linking words, or a year, has no subject of its own
        self._subjectless = regex.compile(
            r"[\s，,、；;：:]*(?:(?:" + _alternation(markers.subjectless)
            + r"|(?:19|20)[0-9]{2}年(?:底|末)?)[\s，,、]*)*")
        self._part_of_region = re.compile(_alternation(guards.part_of_region))
        # (?r): the last part of the year named; a 全年 after it brings the whole year back
        self._part_of_year = regex.compile("(?r)" + _alternation(guards.part_of_year))
        self._any_part_of_year = re.compile(_alternation(guards.part_of_year))
        self._whole_year = regex.compile(_alternation(markers.year_anchors))
        self._milestone_after = regex.compile(f"^(?:{_alternation(guards.milestone_after + guards.attribute_after)})")
        self._change_from_before = regex.compile(f"(?:{_alternation(guards.change_from_before)})$")
        self._change_right_before = regex.compile(f"(?:{_alternation(guards.change_right_before)})了?$")
        # what those two `$` patterns need at the lead's end: a cheap test first
        self._change_from_ends = last_characters(guards.change_from_before)
        self._change_right_ends = last_characters(guards.change_right_before) | {"了"}
        numeral = "[一二三四五六七八九十两]{1,2}个?"
        self._parts_of_whole = regex.compile(
            rf"{numeral}(?:{_alternation(guards.counted_parts)})(?![委长])|^(?:{_alternation(guards.breakdown_before)})"
            rf"|[，,]\s*(?:{_alternation(guards.breakdown_before)})")
        self._rates = catalog.rates
        self._pair_words = markers.pair_words
        self._label_noise = re.compile(rf"{_LABEL_MARKS}|^(?:{_alternation(markers.label_drop_leading)})")
        # 30名左右的: words that only qualify the figure say nothing of what it counts
        self._qualifier_tails = tuple(w for w in markers.qualifier_after if len(w) > 1)

    def indicate(self, norm: str, layout: Layout, matches: list[Match], i: int, sentence_start: int,
                 region: Region | None) -> tuple[str | None, str, tuple[str, ...]]:
        """Mention i's indicator (None when none fits or a guard holds), its label, and the
        indicators it also states (城乡居民收入均增长7%: urban income growth, and rural too)."""
        m = matches[i]
        lead, tail, own_lead = self.window(norm, layout, matches, i, sentence_start)
        header = _table_header(norm, m.start)
        if header is not None:
            # a cell of a table (a docx table, tab-separated): its column's header says what it counts
            lead = own_lead = _safe(header)
            tail = END
        indicator, also = None, ()
        # (most figures fit no rule: the guards are asked only of one that fits, which decides alike)
        if m.value is not None and m.unit in self.by_unit:
            # A、B分别X、Y: when subjects and figures pair up, each figure speaks of its own subject
            pair = self._respective_window(norm, matches, i, sentence_start)
            found = self.find_indicator(m.unit, (pair if pair is not None else lead) + MENTION + tail)
            if found is None and pair is not None:
                found = self.find_indicator(m.unit, lead + MENTION + tail)
            both = self._both_of_pair(norm, matches, i, lead, tail) if pair is None else None
            if both is not None:
                found = both[0]
            if found and not self.blocked(lead, tail, "" if layout.info.part_year else norm[sentence_start:m.start],
                                          m.unit) \
                    and not (found.whole_only and self._parts_of_whole.search(_unplaced(lead))) \
                    and not _names_other_place(lead, region):
                indicator = found.id
                also = tuple(f.id for f in both[1:]) if both is not None else ()
        return indicator, self.label(own_lead, tail), also

    def _both_of_pair(self, norm: str, matches: list[Match], i: int, lead: str, tail: str) -> list | None:
        """城乡居民人均可支配收入均增长7%: one rate, standing alone, after a word naming a pair
        states it of each part; their indicators (one each, all different), or None."""
        m = matches[i]
        if m.unit not in self._rates or (i and _joined(norm, matches[i - 1].end, m.start)) \
                or (i + 1 < len(matches) and _joined(norm, m.end, matches[i + 1].start)):
            return None
        for word, parts in self._pair_words.items():
            at = lead.rfind(word)
            if at < 0:
                continue
            found = [self.find_indicator(m.unit, lead[:at] + part + lead[at + len(word):] + MENTION + tail)
                     for part in parts]
            if all(found) and len({f.id for f in found}) == len(found):
                return found
        return None

    def window(self, norm: str, layout: Layout, matches: list[Match], i: int,
               s_start: int) -> tuple[str, str, str]:
        """The lead and tail of mention i's clause, as indicator patterns read them;
        and the clause's own lead, before any subject is borrowed."""
        m = matches[i]
        c_start = max(layout.clause_start(m.start), s_start)
        # 城镇、农村居民人均可支配收入: an enumeration comma inside the subject
        # does not end the clause when what stands before it holds no figure
        for _ in range(3):
            if c_start <= s_start or norm[c_start - 1] != "、":
                break
            before = max(layout.clause_start(c_start - 1), s_start)
            if any(before <= x.start < c_start for x in matches[max(0, i - 3):i]):
                break
            c_start = before
        prev = matches[i - 1] if i and matches[i - 1].end > c_start else None
        lead = _safe(norm[prev.end if prev else c_start:m.start])
        if prev is not None:
            lead = _safe(norm[c_start:prev.start]) + PREVIOUS + lead
        c_end = layout.clause_end(m.end)
        # 选派34名干部到浙江大学、复旦大学等高校参加培训: an enumeration comma in the
        # object does not end the clause when no figure follows it
        for _ in range(3):
            if c_end >= len(norm) or norm[c_end] != "、":
                break
            after = layout.clause_end(c_end + 1)
            if any(c_end < x.start < after for x in matches[i + 1:i + 3]):
                break
            c_end = after
        nxt = matches[i + 1] if i + 1 < len(matches) and matches[i + 1].start < c_end else None
        tail = _safe(norm[m.end:nxt.start if nxt else c_end]) + (NEXT if nxt else END)
        own = lead
        # 增长6.5% after 地区生产总值1280亿元, 达到1035亿元 after 生产总值翻一番:
        # a clause with no subject of its own speaks of the one before it
        # (and that one, if it has none either, of the one before that)
        start = c_start
        for _ in range(3):
            if start <= s_start or not self._subjectless.fullmatch(_unplaced(lead)):
                break
            b_start = max(layout.clause_start(start - 1), s_start)
            earlier = [x for x in matches[max(0, i - 4):i] if x.start >= b_start and x.end <= start]
            if earlier:
                lead = _safe(norm[b_start:earlier[0].start]) + PREVIOUS + lead
            else:
                lead = _safe(norm[b_start:start - 1]) + lead
            start = b_start
        return lead, tail, own

    def _respective_window(self, norm: str, matches: list[Match], i: int, sentence_start: int) -> str | None:
        """A和B、C分别增长X、Y、Z: the i-th figure after 分别 speaks of the i-th subject before it.

        The lead that figure would have had alone (B增长), or None when the
        sentence is not of that shape or subjects and figures do not pair up.
        """
        m = matches[i]
        at = norm.rfind(RESPECTIVELY, sentence_start, m.start)
        if at < 0:
            return self._pair_word_window(norm, matches, i, sentence_start)
        group = [j for j in range(i + 1) if matches[j].start > at]
        for a, b in zip(group, group[1:]):
            if not _joined(norm, matches[a].end, matches[b].start):
                return None
        verb = norm[at + len(RESPECTIVELY):matches[group[0]].start]
        if len(verb) > 8 or _CLAUSE_MARK.search(verb):
            return None
        # the subjects: from the clause's start (an enumeration comma does not end it) to 分别
        opening = max((norm.rfind(c, sentence_start, at) for c in "，,；;：:"), default=-1)
        subjects = norm[max(opening + 1, sentence_start):at]
        items = self._subject_items(subjects)
        total = 1            # the figures after 分别, joined one to the next
        while group[0] + total < len(matches) and _joined(
                norm, matches[group[0] + total - 1].end, matches[group[0] + total].start):
            total += 1
        if len(items) < 2 or len(items) != max(total, len(group)):
            return None
        return _safe(items[len(group) - 1] + verb)

    def _pair_word_window(self, norm: str, matches: list[Match], i: int, sentence_start: int) -> str | None:
        """城乡居民收入达到22368元、7799元: two figures after a word naming a pair, one for each."""
        first = i if i == 0 or not _joined(norm, matches[i - 1].end, matches[i].start) else i - 1
        if i - first > 1 or first + 1 >= len(matches) or \
                not _joined(norm, matches[first].end, matches[first + 1].start):
            return None
        opening = max((norm.rfind(c, sentence_start, matches[first].start) for c in "，,；;：:"), default=-1)
        lead = norm[max(opening + 1, sentence_start):matches[first].start]
        if not any(word in lead for word in self._pair_words):
            return None
        items = self._subject_items(lead)
        return _safe(items[i - first]) if len(items) == 2 else None

    def _subject_items(self, subjects: str) -> list[str]:
        """A、B和C → [A, B, C]; 城镇、农村居民收入 → [城镇居民收入, 农村居民收入] (a shared head);
        城乡居民收入 → [城镇居民收入, 农村居民收入] (a word naming a pair)."""
        items = [x for x in _ENUMERATION.split(subjects) if x]
        if len(items) == 1:
            for word, parts in self._pair_words.items():
                at = items[0].find(word)
                if at >= 0:
                    return [items[0][:at] + part + items[0][at + len(word):] for part in parts]
            return items
        if len(items) >= 2 and all(len(x) <= 3 for x in items[:-1]):
            head = items[-1][len(items[-2]):]
            items = [x + head for x in items[:-1]] + items[-1:]
        return items

    def find_indicator(self, unit: str, window: str) -> Indicator | None:
        """The highest-priority indicator whose unit and pattern fit the window."""
        unit_words = self._unit_words.get(unit)
        if unit_words is not None and unit_words(window) is None:
            return None
        for indicator in self.by_unit.get(unit, ()):
            for pattern, words in self._guarded[indicator.id]:
                if (words is None or words(window) is not None) and pattern.search(window):
                    return indicator
        return None

    def blocked(self, lead: str, tail: str, sentence_lead: str, unit: str) -> bool:
        """A pattern may fit, yet the figure is not the region's own (catalog guards):
        for a part of it (县域, 园区, a list of its counties), for part of the year
        (前三季度, named anywhere before), a threshold (突破300亿元大关, 10万元以上的村), or the start
        of a change (从15104元提高到…)."""
        end = len(lead)
        return bool(self._part_of_region.search(lead) or self._milestone_after.match(tail)
                    or (may_end(lead, 0, end, self._change_from_ends) and self._change_from_before.search(lead))
                    or lists_places(lead)
                    or self._part_of_year_only(sentence_lead)
                    or (unit not in self._rates and may_end(lead, 0, end, self._change_right_ends)
                        and self._change_right_before.search(lead)))

    def _part_of_year_only(self, sentence_lead: str) -> bool:
        """前三季度，…增长6.4%: the figure is for part of the year (unless 全年 follows)."""
        if self._any_part_of_year.search(sentence_lead) is None:
            return False         # none of its words: the reverse search would find nothing
        part = self._part_of_year.search(sentence_lead)
        return part is not None and not self._whole_year.search(sentence_lead, part.end())

    def label(self, lead: str, tail: str) -> str:
        """The few words that say what is counted: the clause before, or after."""
        before = self._label_noise.sub("", _LABEL_CUT.sub("", _unplaced(lead)))[-24:]
        # 选派57名事业身份优秀干部到乡镇挂职: the words after the figure name it too
        cut = _TAIL_CUT.search(tail)
        after = self._label_noise.sub("", tail[:cut.start()] if cut else tail)
        if after[:1] in ("的", "") or after.startswith(self._qualifier_tails):
            return before
        return before + after[:14]


def _table_header(norm: str, pos: int) -> str | None:
    """The header of the table column the figure at `pos` stands in, or None outside a table.

    A table row is a line of tab-separated cells; its header is the nearest line
    above with as many cells and no digit in them.
    """
    start = norm.rfind("\n", 0, pos) + 1
    end = norm.find("\n", pos)
    line = norm[start:end if end >= 0 else len(norm)]
    if "\t" not in line:
        return None
    column = norm.count("\t", start, pos)
    cells = line.count("\t") + 1
    above = start - 1
    for _ in range(TABLE_REACH):
        if above <= 0:
            return None
        head_start = norm.rfind("\n", 0, above) + 1
        row = norm[head_start:above].split("\t")
        if len(row) == cells and not _DIGIT.search(norm, head_start, above):
            return row[column].strip() or None
        if len(row) != cells and row != [""]:
            return None            # the table ended before a header was found
        above = head_start - 1
    return None


def settle(mentions: list[Mention]) -> list[Mention]:
    """One cell, one value: a bound restated by the exact figure right after it
    (突破3000亿元、达到3010.08亿元) gives its indicator to the exact one."""
    out = list(mentions)
    for n in range(len(out) - 1):
        bound, exact = out[n], out[n + 1]
        if (bound.indicator and bound.indicator == exact.indicator and bound.sentence == exact.sentence
                and exact.qualifier == "exact" and (bound.kind, bound.year, bound.unit) ==
                (exact.kind, exact.year, exact.unit) and bound.value is not None and exact.value is not None
                and ((bound.qualifier == "over" and bound.value <= exact.value)
                     or (bound.qualifier == "under" and bound.value >= exact.value))):
            out[n] = dataclasses.replace(bound, indicator=None)
    return out


def _names_other_place(lead: str, region) -> bool:
    """江油市经济总量突破300亿元: the lead names a place other than the document's."""
    lead = lead[-PLACE_REACH:]   # a place named just before the figure; an endless lead costs nothing more
    if region is None or not may_name_place(lead):
        return False
    place = find_region(lead)
    return place is not None and place.name not in (region.name, region.province)


PLACE_REACH = 40
TABLE_REACH = 60     # rows a table's header may stand above a cell
_DIGIT = regex.compile(r"[0-9０-９]")
RESPECTIVELY = "分别"
_JOINER = regex.compile(r"[\s、，,和与及]{1,2}")
_CLAUSE_MARK = regex.compile(r"[，,；;。：:]")
# the last 和/与/及 of an enumeration joins its last item; 、 the others
_ENUMERATION = regex.compile(r"、|(?:和|与|及)(?!.*(?:和|与|及|、))")
_ASIDE = regex.compile(r"（[^（）]{1,40}）|\([^()]{1,40}\)")


def _safe(s: str) -> str:
    # '<' only ever marks a placeholder inside a window; a remark in brackets
    # (预计数，下同; 以下简称“增长”) says nothing of what is counted
    s = s.replace("<", "＜").replace("\n", "")
    return _ASIDE.sub("", s) if "（" in s or "(" in s else s


def _unplaced(s: str) -> str:
    """A window's text without its placeholders."""
    return _PLACEHOLDERS.sub("", s) if "<" in s else s


def _joined(norm: str, end: int, start: int) -> bool:
    """Whether one or two joining characters (、, 和, a space) are all that stand between two figures."""
    return 0 < start - end <= 2 and _JOINER.fullmatch(norm, end, start) is not None

