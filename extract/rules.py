"""The rule catalog (units, markers, indicators) and the mention grammar.

Vocabulary lives in ``extract/data/*.yaml``; this module loads it once,
checks it (a duplicate id, a pattern that does not compile or an example
that does not hold raises `CatalogError` naming the rule), and compiles the
grammar that finds numbers bound to units.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Iterator

import regex
import yaml

from .numerals import MAGNITUDE, magnitude_value, parse_number

DATA_DIR = Path(__file__).parent / "data"

# Window placeholders used by indicator patterns (see indicators.yaml).
MENTION, PREVIOUS, NEXT, END = "<N>", "<PREV>", "<NEXT>", "<END>"

QUALIFIERS = ("exact", "over", "about", "under", "range")
KINDS = ("actual", "target")


class CatalogError(ValueError):
    """A rule file is wrong; the message names the rule and the reason."""


# --------------------------------------------------------------------------
# Catalog types


@dataclass(frozen=True)
class Example:
    text: str
    value: float | None = None
    unit: str | None = None
    indicator: str | None = None
    qualifier: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class Unit:
    unit: str
    forms: tuple[str, ...]
    small_chinese: bool
    not_before: tuple[str, ...]
    examples: tuple[Example, ...]


@dataclass(frozen=True)
class Indicator:
    id: str
    topic: str
    label_zh: str
    label_en: str
    units: tuple[str, ...]
    patterns: tuple[str, ...]
    examples: tuple[Example, ...]
    compiled: tuple = field(default=(), compare=False, repr=False)

    def matches(self, unit: str, window: str) -> bool:
        """True when `unit` is one of ours and a pattern is found in `window`."""
        return unit in self.units and any(p.search(window) for p in self.compiled)


@dataclass(frozen=True)
class Markers:
    qualifier_after: dict[str, str]   # word after the number -> qualifier
    qualifier_before: dict[str, str]  # word just before it -> qualifier
    qualifier_not_before: tuple[str, ...]  # words ending in one of those that are not qualifiers
    target_strong: tuple[str, ...]
    target_weak: tuple[str, ...]
    target_routine: tuple[str, ...]
    actual_strong: tuple[str, ...]
    not_markers: tuple[str, ...]
    relative_years: dict[str, int]
    section_review: tuple[str, ...]
    section_plan: tuple[str, ...]
    subjectless: tuple[str, ...]
    enumeration_before: tuple[str, ...]
    period: tuple[str, ...]
    year_anchors: tuple[str, ...]
    qualifier_examples: tuple[Example, ...]
    kind_examples: tuple[Example, ...]


@dataclass(frozen=True)
class Guards:
    """Words that keep a figure from being the region's indicator."""

    part_of_region: tuple[str, ...]
    part_of_year: tuple[str, ...]
    milestone_after: tuple[str, ...]
    attribute_after: tuple[str, ...]
    change_from_before: tuple[str, ...]
    examples: tuple[Example, ...]


@dataclass(frozen=True)
class Catalog:
    units: dict[str, Unit]            # canonical unit -> Unit
    unit_of_form: dict[str, Unit]     # surface form -> Unit
    markers: Markers
    indicators: dict[str, Indicator]
    topics: dict[str, dict[str, str]]
    guards: Guards


# --------------------------------------------------------------------------
# Loading and checking


def _read_yaml(name: str, data_dir: Path) -> dict:
    path = data_dir / name
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.safe_load(f) or {}
    except yaml.YAMLError as e:
        raise CatalogError(f"{path.name}: not valid YAML: {e}") from None


def _examples(raw, where: str) -> tuple[Example, ...]:
    out = []
    for ex in raw or ():
        if not isinstance(ex, dict) or not ex.get("text"):
            raise CatalogError(f"{where}: every example needs a `text`")
        unknown = set(ex) - set(Example.__dataclass_fields__)
        if unknown:
            raise CatalogError(f"{where}: example has unknown field(s) {sorted(unknown)}")
        out.append(Example(**ex))
    return tuple(out)


def _load_units(data_dir: Path) -> tuple[dict[str, Unit], dict[str, Unit]]:
    units: dict[str, Unit] = {}
    by_form: dict[str, Unit] = {}
    for raw in _read_yaml("units.yaml", data_dir).get("units", []):
        name = raw.get("unit")
        if not name:
            raise CatalogError(f"units.yaml: an entry has no `unit`: {raw}")
        if name in units:
            raise CatalogError(f"unit {name}: duplicate id")
        unit = Unit(
            unit=name,
            forms=tuple(raw.get("forms", ())),
            small_chinese=bool(raw.get("small_chinese", False)),
            not_before=tuple(raw.get("not_before", ())),
            examples=_examples(raw.get("examples"), f"unit {name}"),
        )
        for form in unit.forms:
            if form in by_form:
                raise CatalogError(f"unit {name}: form {form!r} already belongs to unit {by_form[form].unit}")
            by_form[form] = unit
        units[name] = unit
    return units, by_form


def _load_markers(data_dir: Path) -> Markers:
    raw = _read_yaml("markers.yaml", data_dir)
    q_after: dict[str, str] = {}
    q_before: dict[str, str] = {}
    quals = raw.get("qualifiers", {})
    for qual in ("over", "about", "under"):
        for w in quals.get(qual, {}).get("after", ()):
            q_after[w] = qual
        for w in quals.get(qual, {}).get("before", ()):
            q_before[w] = qual
    kind = raw.get("kind", {})
    rel: dict[str, int] = {}
    for group in raw.get("relative_years", ()):
        for w in group["words"]:
            rel[w] = int(group["offset"])
    sections = raw.get("sections", {})
    return Markers(
        qualifier_after=q_after,
        qualifier_before=q_before,
        qualifier_not_before=tuple(quals.get("not_before", ())),
        target_strong=tuple(kind.get("target_strong", ())),
        target_weak=tuple(kind.get("target_weak", ())),
        target_routine=tuple(kind.get("target_routine", ())),
        actual_strong=tuple(kind.get("actual_strong", ())),
        not_markers=tuple(kind.get("not_markers", ())),
        relative_years=rel,
        section_review=tuple(sections.get("review", ())),
        section_plan=tuple(sections.get("plan", ())),
        subjectless=tuple(raw.get("subjectless", ())),
        enumeration_before=tuple(raw.get("enumeration_before", ())),
        period=tuple(raw.get("period", ())),
        year_anchors=tuple(raw.get("year_anchors", ())),
        qualifier_examples=_examples(quals.get("examples"), "qualifiers"),
        kind_examples=_examples(kind.get("examples"), "kind"),
    )


def _compile_window_pattern(source: str, where: str):
    try:
        return regex.compile(source)
    except regex.error as e:
        raise CatalogError(f"{where}: pattern {source!r} does not compile: {e}") from None


def _load_indicators(data_dir: Path, units: dict[str, Unit]):
    raw = _read_yaml("indicators.yaml", data_dir)
    topics = raw.get("topics", {})
    indicators: dict[str, Indicator] = {}
    for item in raw.get("indicators", ()):
        iid = item.get("id")
        where = f"indicator {iid}"
        if not iid:
            raise CatalogError(f"indicators.yaml: an indicator has no id: {item}")
        if iid in indicators:
            raise CatalogError(f"{where}: duplicate id")
        for key in ("topic", "label_zh", "label_en", "units", "patterns"):
            if not item.get(key):
                raise CatalogError(f"{where}: missing `{key}`")
        if item["topic"] not in topics:
            raise CatalogError(f"{where}: unknown topic {item['topic']!r}")
        for u in item["units"]:
            if u not in units:
                raise CatalogError(f"{where}: unknown unit {u!r}")
        patterns = tuple(item["patterns"])
        for p in patterns:
            if MENTION not in p:
                raise CatalogError(f"{where}: pattern {p!r} does not place the mention {MENTION}")
        compiled = tuple(_compile_window_pattern(p, where) for p in patterns)
        indicators[iid] = Indicator(
            id=iid,
            topic=item["topic"],
            label_zh=item["label_zh"],
            label_en=item["label_en"],
            units=tuple(item["units"]),
            patterns=patterns,
            examples=_examples(item.get("examples"), where),
            compiled=compiled,
        )
    g = raw.get("guards", {})
    guards = Guards(
        part_of_region=tuple(g.get("part_of_region", ())),
        part_of_year=tuple(g.get("part_of_year", ())),
        milestone_after=tuple(g.get("milestone_after", ())),
        attribute_after=tuple(g.get("attribute_after", ())),
        change_from_before=tuple(g.get("change_from_before", ())),
        examples=_examples(g.get("examples"), "guards"),
    )
    return indicators, topics, guards


def load_catalog(data_dir: str | Path | None = None) -> Catalog:
    """Load and check the catalog; cached for the default data folder."""
    if data_dir is None:
        return _default_catalog()
    return _build_catalog(Path(data_dir))


@functools.lru_cache(maxsize=1)
def _default_catalog() -> Catalog:
    return _build_catalog(DATA_DIR)


def _build_catalog(data_dir: Path) -> Catalog:
    units, by_form = _load_units(data_dir)
    markers = _load_markers(data_dir)
    indicators, topics, guards = _load_indicators(data_dir, units)
    return Catalog(units=units, unit_of_form=by_form, markers=markers,
                   indicators=indicators, topics=topics, guards=guards)


# --------------------------------------------------------------------------
# The mention grammar


@dataclass(frozen=True)
class Match:
    """A number bound to a unit, found in the normalised text."""

    start: int
    end: int
    value: Decimal | None   # None for an anonymised placeholder
    high: Decimal | None
    unit: str
    qualifier: str
    chinese_only: bool       # the numeral was written in Chinese characters alone


def _alternation(words) -> str:
    """Longest first, so 人次 wins over 人."""
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _unit_pattern(by_form: dict[str, Unit]) -> str:
    parts = []
    for form in sorted(by_form, key=len, reverse=True):
        unit = by_form[form]
        guard = f"(?!{_alternation(unit.not_before)})" if unit.not_before else ""
        parts.append(regex.escape(form) + guard)
    return "|".join(parts)


# 桃源县、鼎城区…地区生产总值超过200亿元: a figure for a list of the
# region's parts is not the region's indicator.
_PLACE_LIST = regex.compile(r"\p{Han}{1,4}(?:县|区|市|镇|乡)、\p{Han}{1,4}(?:县|区|市|镇|乡)")

# Characters of Chinese numerals: a match may not start in the middle of one.
_CN = "零〇○一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟萬億"

# The scanner reads a numeral loosely, as a run of digits or of Chinese
# numeral characters; `parse_number` (the exact grammar) then accepts it or
# not. Scanning with the full grammar at every character is 5x slower.
NUMERAL_RUN = rf"""(?:
    [0-9０-９]{{1,15}}(?:,[0-9]{{3}})*(?:[.．][0-9０-９]{{1,8}})?   # 3,500  1.6  １２３
  | [{_CN}]{{1,20}}                                               # 一千二百三十四, 两千, 万(余)
)"""


class Grammar:
    """The compiled mention pattern for one catalog."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        after = catalog.markers.qualifier_after
        # 余/多 sit inside the number (2500余万元, 4万多元); the rest follow the unit.
        inner = _alternation(w for w in after if w in ("余", "多"))
        post = _alternation(w for w in after if w not in ("余", "多")) + "|" + inner
        units = _unit_pattern(catalog.unit_of_form)
        pattern = rf"""
        (?=[0-9０-９{_CN}×xX*＊])         # cheap first test: most characters start nothing
        (?<![0-9A-Za-z.．/第届])          # not inside a number, a code or an ordinal
        (?!(?<=[{_CN}])[{_CN}])           # nor inside a Chinese numeral (十三届十五次: not 五次)
        (?:
            # 百分之八十五, 千分之五: percentages written out
            (?P<pctword>(?P<per>百|千)分之(?P<pnum>{NUMERAL_RUN}))
          | # 八成: tenths, read as a percentage
            (?P<cheng>(?P<cnum>[一二三四五六七八九]|十)成)(?![员本果绩效立为])
          | # ×个, X名, **人: anonymised figures
            (?P<ph>(?<![A-Za-z])[×xX*＊]{{1,3}})(?P<q1>{inner})?(?P<mag>{MAGNITUDE})?(?P<unit>{units})
          | # 1/3
            (?P<frac>(?P<fa>[0-9]{{1,3}})/(?P<fb>[0-9]{{1,3}}))(?![0-9/”"’」])
          | # one numeral, then what follows decides what it is
            (?P<a>{NUMERAL_RUN})
            (?:
                # 三分之一 (before a closing quote it names a rule: “两个三分之一”)
                (?P<fracword>分之)(?P<numr>{NUMERAL_RUN})(?![”"’」])
              | # 1-2个, 三到五名, 6%-7%: a range shares the unit
                (?P<aq>{inner})?(?P<amag>{MAGNITUDE})?%?
                \s*(?P<sep>-|~|～|—|－|至|到)\s*
                (?P<b>{NUMERAL_RUN})(?P<q1>{inner})?(?P<mag>{MAGNITUDE})?(?P<q2>{inner})?
                (?P<unit>{units})
              | # 1.6万余人次, 2500余万元, 30多个
                (?P<q1>{inner})?(?P<mag>{MAGNITUDE})?(?P<q2>{inner})?
                (?P<unit>{units})
            )
        )
        (?P<post>{post})?
        """
        self.pattern = regex.compile(pattern, regex.VERBOSE)

        markers, guards = catalog.markers, catalog.guards
        self.by_unit: dict[str, list[Indicator]] = {}
        for indicator in catalog.indicators.values():
            for unit in indicator.units:
                self.by_unit.setdefault(unit, []).append(indicator)
        # a clause made only of linking words, or a year, has no subject of its own
        self.subjectless = regex.compile(
            r"[\s，,、；;：:]*(?:(?:" + _alternation(markers.subjectless)
            + r"|(?:19|20)[0-9]{2}年(?:底|末)?)[\s，,、]*)*")
        # the longest qualifier word ending right at a mention (约有, not 有)
        self.qualifier_before = regex.compile(f"(?:{_alternation(markers.qualifier_before)})$")
        self.not_qualifier_before = regex.compile(f"(?:{_alternation(markers.qualifier_not_before) or '(?!)'})$")
        self.enumeration_before = regex.compile(f"(?:{_alternation(markers.enumeration_before) or '(?!)'})$")
        self.part_of_region = regex.compile(_alternation(guards.part_of_region) or "(?!)")
        self.part_of_year = regex.compile(_alternation(guards.part_of_year) or "(?!)")
        self.milestone_after = regex.compile(
            f"^(?:{_alternation(guards.milestone_after + guards.attribute_after) or '(?!)'})")
        self.change_from_before = regex.compile(f"(?:{_alternation(guards.change_from_before) or '(?!)'})$")

    def find_indicator(self, unit: str, window: str) -> str | None:
        """The first indicator (in catalog order) whose unit and pattern fit the window."""
        for indicator in self.by_unit.get(unit, ()):
            if any(p.search(window) for p in indicator.compiled):
                return indicator.id
        return None

    def blocked(self, lead: str, tail: str, sentence_lead: str) -> bool:
        """A pattern may fit, yet the figure is not the region's own (catalog guards):
        for a part of it (县域, 园区, a list of its counties), for part of the year
        (前三季度, named anywhere before), a threshold (突破300亿元大关, 10万元以上的村), or the start
        of a change (从15104元提高到…)."""
        return bool(self.part_of_region.search(lead) or self.milestone_after.match(tail)
                    or self.change_from_before.search(lead) or _PLACE_LIST.search(lead)
                    or self.part_of_year.search(sentence_lead))

    def qualifier(self, m: Match, text: str) -> str:
        """The mention's own qualifier, else one from the words just before it."""
        if m.qualifier != "exact":
            return m.qualifier
        start = max(0, m.start - 4)
        found = self.qualifier_before.search(text, start, m.start)
        if not found or self.not_qualifier_before.search(text, start, m.start):
            return "exact"
        return self.catalog.markers.qualifier_before[found[0]]

    def finditer(self, text: str) -> Iterator[Match]:
        """Every number-with-unit in `text` (normalised), left to right."""
        after = self.catalog.markers.qualifier_after
        for m in self.pattern.finditer(text):
            found = self._read(m, after)
            if found is not None:
                yield found

    def _read(self, m, after) -> Match | None:
        g = m.groupdict().get      # one call for all groups: this runs per match
        post = g("post")
        qualifier = after.get(post) if post else None
        if g("pctword") is not None:
            v = parse_number(g("pnum"))
            if v is None:
                return None
            if g("per") == "千":
                v = v / 10
            return Match(m.start(), m.end(), v, None, "%", qualifier or "exact", True)
        if g("fracword") is not None or g("frac") is not None:
            if g("frac") is not None:
                num, den = Decimal(g("fa")), Decimal(g("fb"))
            else:
                num, den = parse_number(g("numr")), parse_number(g("a"))
            if num is None or not den:
                return None
            v = (num / den).quantize(Decimal("0.000001"))
            return Match(m.start(), m.end(), v, None, "分之", qualifier or "exact", g("frac") is None)
        if g("cheng") is not None:
            v = parse_number(g("cnum"))
            if v is None:
                return None
            return Match(m.start(), m.end(), v * 10, None, "%", qualifier or "exact", True)

        unit = self.catalog.unit_of_form[g("unit")].unit
        inner_q = g("q1") or g("q2")
        if inner_q and not qualifier:
            qualifier = after.get(inner_q)
        if g("ph") is not None:
            return Match(m.start(), m.end(), None, None, unit, qualifier or "exact", False)

        if g("sep") is not None:
            value = _scaled(g("a"), g("amag") or g("mag"))
            high = _scaled(g("b"), g("mag"))
            if value is None or high is None:
                return None
            qualifier = "range"
        else:
            if inner_q is None and _BARE_MAGNITUDE.fullmatch(g("a")):
                return None      # 千万元扶持计划 names a programme; 万余人 counts
            value, high = _scaled(g("a"), g("mag")), None
            if value is None:
                return None
        chinese_only = _ARABIC.search(g("a")) is None
        return Match(m.start(), m.end(), value, high, unit, qualifier or "exact", chinese_only)


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


@functools.lru_cache(maxsize=1)
def default_grammar() -> Grammar:
    return Grammar(load_catalog())
