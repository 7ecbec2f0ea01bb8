"""The rule catalog: units, markers, document words and indicator rules, read
from ``extract/data/*.yaml`` once and checked as they are read.

A duplicate id, a pattern that does not compile, a unit an indicator does not
know, an example field that is not a column: each raises `CatalogError`
naming the rule. The examples themselves are run by `extract.examples` (they
need the whole extractor); the tests run them too, so the catalog documents
and tests itself.
"""
from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import regex

from .model import MENTION_SCHEMA
from .vocabulary import DATA_DIR, CatalogError, read_data, words

__all__ = ["CatalogError", "Catalog", "Example", "Unit", "Dimension", "Indicator", "Markers", "Guards",
           "DocumentWords", "load_catalog", "DATA_DIR", "MENTION", "PREVIOUS", "NEXT", "END"]

# Window placeholders used by indicator patterns (see indicators.yaml).
MENTION, PREVIOUS, NEXT, END = "<N>", "<PREV>", "<NEXT>", "<END>"

# What an example may state about the mention it picks: any column of the table.
_EXAMPLE_KEYS = frozenset(MENTION_SCHEMA.names) - {"doc", "sentence", "start", "end"}


@dataclass(frozen=True)
class Example:
    """A sentence and what the extractor must say of one mention in it.

    ``expect`` holds only the columns the example states (``indicator: null``
    states that there is none); ``pick`` chooses the mention by its text (the
    first one otherwise); ``doc`` is a file name giving region and year.
    """

    text: str
    expect: Mapping[str, object]
    where: str
    pick: str | None = None
    doc: str | None = None


def _examples(raw, where: str) -> tuple[Example, ...]:
    out = []
    for ex in raw or ():
        if not isinstance(ex, dict) or not isinstance(ex.get("text"), str) or not ex["text"]:
            raise CatalogError(f"{where}: every example needs a `text`")
        expect = {k: v for k, v in ex.items() if k not in ("text", "pick", "doc")}
        unknown = set(expect) - _EXAMPLE_KEYS
        if unknown:
            raise CatalogError(f"{where}: example {ex['text']!r} has unknown field(s) {sorted(unknown)}")
        out.append(Example(ex["text"], expect, where, ex.get("pick"), ex.get("doc")))
    return tuple(out)


# --------------------------------------------------------------------------
# Units


@dataclass(frozen=True)
class Dimension:
    """What a unit measures; values in one dimension convert to its base unit."""

    id: str
    base: str
    label_zh: str
    label_en: str


@dataclass(frozen=True)
class Unit:
    unit: str
    forms: tuple[str, ...]
    dimension: str             # what it measures; its own name when nothing else measures the same
    factor: float              # how many base units of its dimension one of it is
    small_chinese: bool
    not_before: tuple[str, ...]
    examples: tuple[Example, ...]
    range_is_attribute: bool = False   # 35-50岁的干部: a range describes who is counted


def _load_units(data_dir: Path) -> tuple[dict[str, Dimension], dict[str, Unit], dict[str, Unit]]:
    raw = read_data("units.yaml", data_dir)
    dimensions: dict[str, Dimension] = {}
    for did, d in (raw.get("dimensions") or {}).items():
        if not isinstance(d, dict) or not d.get("base"):
            raise CatalogError(f"dimension {did}: needs a `base` unit")
        dimensions[did] = Dimension(did, d["base"], d.get("zh", did), d.get("en", did))
    units: dict[str, Unit] = {}
    by_form: dict[str, Unit] = {}
    for item in raw.get("units", []):
        name = item.get("unit")
        if not name:
            raise CatalogError(f"units.yaml: an entry has no `unit`: {item}")
        where = f"unit {name}"
        if name in units:
            raise CatalogError(f"{where}: duplicate id")
        dim = item.get("dimension", name)     # undeclared: a unit that measures only itself
        if dim != name and dim not in dimensions:
            raise CatalogError(f"{where}: unknown dimension {dim!r} (declare it under `dimensions`)")
        try:
            factor = float(item.get("factor", 1))
        except (TypeError, ValueError):
            raise CatalogError(f"{where}: factor {item.get('factor')!r} is not a number") from None
        if factor <= 0:
            raise CatalogError(f"{where}: factor must be positive")
        examples = tuple(Example(e.text, {"unit": name, **e.expect}, e.where, e.pick, e.doc)
                         for e in _examples(item.get("examples"), where))
        unit = Unit(name, words(item, "forms", where), dim, factor, bool(item.get("small_chinese", False)),
                    words(item, "not_before", where), examples, bool(item.get("range_is_attribute", False)))
        for form in unit.forms:
            if form in by_form:
                raise CatalogError(f"{where}: form {form!r} already belongs to unit {by_form[form].unit}")
            by_form[form] = unit
        units[name] = unit
    for d in dimensions.values():
        base = units.get(d.base)
        if base is None or base.dimension != d.id or base.factor != 1:
            raise CatalogError(f"dimension {d.id}: base {d.base!r} must be a unit of it with factor 1")
    return dimensions, units, by_form


# --------------------------------------------------------------------------
# Markers: qualifiers, kind, years, sections, periods


def _listed(section: str | None, key: str):
    """A field holding the word list at ``section.key`` of markers.yaml (top level when section is None)."""
    return field(metadata={"yaml": (section, key)})


@dataclass(frozen=True)
class Markers:
    qualifier_after: dict[str, str]        # word after the number -> qualifier
    qualifier_before: dict[str, str]       # word just before it -> qualifier
    relative_years: dict[str, int]         # 去年 -> -1
    plan_periods: dict[str, tuple[int, int]]  # 十三五 -> (2016, 2020)
    since_events: dict[str, int]           # 十八大 -> 2012
    past_spans: dict[str, int]             # 过去五年 -> 5 years up to the year under review
    future_spans: dict[str, int]           # 今后五年 -> 5 years from the year planned for
    pair_words: dict[str, tuple[str, ...]]  # 城乡 -> (城镇, 农村): one word naming the subjects of a pair
    examples: tuple[Example, ...]
    qualifier_not_before: tuple[str, ...] = _listed("qualifiers", "not_before")  # 节约: no 约
    enumeration_before: tuple[str, ...] = _listed(None, "enumeration_before")
    enumeration_not_after: tuple[str, ...] = _listed(None, "enumeration_not_after")  # 35岁以下2名
    threshold_nouns: tuple[str, ...] = _listed(None, "threshold_nouns")  # 10万元以上的村: an attribute
    target_strong: tuple[str, ...] = _listed("kind", "target_strong")
    target_weak: tuple[str, ...] = _listed("kind", "target_weak")
    target_routine: tuple[str, ...] = _listed("kind", "target_routine")
    actual_strong: tuple[str, ...] = _listed("kind", "actual_strong")
    not_markers: tuple[str, ...] = _listed("kind", "not_markers")
    section_review: tuple[str, ...] = _listed("sections", "review")
    section_plan: tuple[str, ...] = _listed("sections", "plan")
    subjectless: tuple[str, ...] = _listed(None, "subjectless")
    period: tuple[str, ...] = _listed(None, "period")
    year_anchors: tuple[str, ...] = _listed(None, "year_anchors")
    # 十三五时期, 十三五期末; 各位代表 may open a paragraph before its real opening
    plan_period_after: tuple[str, ...] = _listed("years", "plan_period_after")
    plan_end_after: tuple[str, ...] = _listed("years", "plan_end_after")
    address_words: tuple[str, ...] = _listed("years", "address_words")
    year_openers: tuple[str, ...] = _listed("years", "year_openers")     # 刚刚过去的2021年
    since_actions: tuple[str, ...] = _listed("years", "since_actions")   # 驻村以来: a span
    level_before: tuple[str, ...] = _listed("years", "level_before")     # 达到1035亿元: a level reached
    flow_before: tuple[str, ...] = _listed("years", "flow_before")       # 累计, 新增: counted over a span
    dateline_before: tuple[str, ...] = _listed("years", "dateline_before")  # 截至2023年底
    estimates: tuple[str, ...] = _listed(None, "estimates")         # 预计, 初步核算
    falls: tuple[str, ...] = _listed("changes", "fall")             # 下降3% is -3
    rises: tuple[str, ...] = _listed("changes", "rise")
    level_after: tuple[str, ...] = _listed("changes", "level_after")  # 下降到42.6岁 is a level
    change_nouns: tuple[str, ...] = _listed("changes", "nouns")     # 增加值 names no change
    name_words: tuple[str, ...] = _listed("kind", "name_words")     # 人才支持计划，: a name, no target
    name_followers: tuple[str, ...] = _listed("kind", "name_followers")
    completion_before: tuple[str, ...] = _listed("kind", "completion_before")  # 完成…目标任务
    # 比2015年: a year compared with; 2019年以来: cumulative since; 2020年是…: the year a speech plans for
    comparison_before_year: tuple[str, ...] = _listed("years", "comparison_before_year")
    since_after_year: tuple[str, ...] = _listed("years", "since_after_year")
    since_not_after: tuple[str, ...] = _listed("years", "since_not_after")  # 是2004年以来最好: a rank
    opening_year_after: tuple[str, ...] = _listed("years", "opening_year_after")
    plan_opening_after: tuple[str, ...] = _listed("years", "plan_opening_after")
    label_drop_leading: tuple[str, ...] = _listed(None, "label_drop_leading")  # 其中, 累计


def _load_markers(data_dir: Path) -> Markers:
    raw = read_data("markers.yaml", data_dir)
    quals = raw.get("qualifiers", {}) or {}
    q_after: dict[str, str] = {}
    q_before: dict[str, str] = {}
    for qual in ("over", "about", "under"):
        entry = quals.get(qual, {}) or {}
        for w in words(entry, "after", f"qualifiers.{qual}"):
            q_after[w] = qual
        for w in words(entry, "before", f"qualifiers.{qual}"):
            q_before[w] = qual
    rel: dict[str, int] = {}
    for group in raw.get("relative_years", ()):
        for w in words(group, "words", "relative_years"):
            rel[w] = int(group["offset"])
    years = raw.get("years") or {}
    spans = {key: _year_map(years.get(key), f"years.{key}") for key in
             ("plan_periods", "since_events", "past_spans", "future_spans")}
    for name, (first, last) in _pairs(spans["plan_periods"]):
        if first > last:
            raise CatalogError(f"years.plan_periods: {name} ends before it starts")
    pairs = raw.get("pair_words") or {}
    if not isinstance(pairs, dict) or not all(isinstance(v, list) and len(v) >= 2 for v in pairs.values()):
        raise CatalogError("markers.yaml: `pair_words` maps a word to the list of subjects it names")
    examples = _examples(raw.get("examples"), "markers") + _examples(raw.get("pair_examples"), "pair_words")
    for key in ("qualifiers", "kind", "years", "changes"):
        examples += _examples((raw.get(key) or {}).get("examples"), key)
    lists = {}
    for f in dataclasses.fields(Markers):
        if "yaml" in f.metadata:
            section, key = f.metadata["yaml"]
            block = raw if section is None else (raw.get(section) or {})
            lists[f.name] = words(block, key, section or "markers")
    return Markers(qualifier_after=q_after, qualifier_before=q_before, relative_years=rel,
                   pair_words={str(k): tuple(v) for k, v in pairs.items()}, examples=examples, **spans, **lists)


def _year_map(raw, where: str) -> dict:
    """A mapping of words to a number of years, or to a [first, last] pair of years."""
    out = {}
    for key, value in (raw or {}).items():
        pair = isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)
        if not (pair or (isinstance(value, int) and not isinstance(value, bool))):
            raise CatalogError(f"{where}: {key!r} needs a number of years or [first, last], not {value!r}")
        out[str(key)] = tuple(value) if pair else value
    return out


def _pairs(mapping: dict):
    return [(k, v) for k, v in mapping.items() if isinstance(v, tuple)]


# --------------------------------------------------------------------------
# Document words: types, plans, bylines


@dataclass(frozen=True)
class DocumentWords:
    doctypes: tuple[str, ...]          # in a title, the kind of document (longest first wins)
    plan_titles: tuple[str, ...]       # a work plan's title: its items are targets
    byline_suffixes: tuple[str, ...]   # 中共*县委组织部 opens a section of a compilation
    review_titles: tuple[str, ...]     # 2019年工作总结: reports on the year it names
    part_year_titles: tuple[str, ...]  # 上半年工作总结: plans for the rest of that year


def _load_documents(data_dir: Path) -> DocumentWords:
    raw = read_data("documents.yaml", data_dir)
    return DocumentWords(*(words(raw, key, "documents") for key in
                           ("doctypes", "plan_titles", "byline_suffixes", "review_titles", "part_year_titles")))


# --------------------------------------------------------------------------
# Indicators and guards


@dataclass(frozen=True)
class Indicator:
    id: str
    topic: str
    label_zh: str
    label_en: str
    units: tuple[str, ...]
    priority: int
    patterns: tuple[str, ...]
    examples: tuple[Example, ...]
    whole_only: bool = False           # of the whole region: no breakdown (其中…), no counted parts (三县)
    compiled: tuple = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Guards:
    """Words that keep a figure from being the region's indicator."""

    part_of_region: tuple[str, ...]
    part_of_year: tuple[str, ...]
    milestone_after: tuple[str, ...]
    attribute_after: tuple[str, ...]
    change_from_before: tuple[str, ...]
    counted_parts: tuple[str, ...]       # 南部三县: a numeral and one of these is a set of parts
    change_right_before: tuple[str, ...]  # 较上年增加7.2万元: a change, not the level
    breakdown_before: tuple[str, ...]    # 其中…: a breakdown of the whole
    examples: tuple[Example, ...]


def _compile_window_pattern(source: str, where: str):
    if MENTION not in source:
        raise CatalogError(f"{where}: pattern {source!r} does not place the mention {MENTION}")
    try:
        return regex.compile(source)
    except regex.error as e:
        raise CatalogError(f"{where}: pattern {source!r} does not compile: {e}") from None


def _load_indicators(data_dir: Path, units: dict[str, Unit]):
    raw = read_data("indicators.yaml", data_dir)
    topics = raw.get("topics", {}) or {}
    indicators: dict[str, Indicator] = {}
    priorities: dict[int, str] = {}
    for item in raw.get("indicators", ()):
        iid = item.get("id")
        where = f"indicator {iid}"
        if not iid:
            raise CatalogError(f"indicators.yaml: an indicator has no id: {item}")
        if iid in indicators:
            raise CatalogError(f"{where}: duplicate id")
        for key in ("topic", "label_zh", "label_en", "units", "patterns", "priority"):
            if item.get(key) in (None, "", [], ()):
                raise CatalogError(f"{where}: missing `{key}`")
        if item["topic"] not in topics:
            raise CatalogError(f"{where}: unknown topic {item['topic']!r}")
        for u in item["units"]:
            if u not in units:
                raise CatalogError(f"{where}: unknown unit {u!r}")
        priority = item["priority"]
        if not isinstance(priority, int) or isinstance(priority, bool):
            raise CatalogError(f"{where}: priority {priority!r} is not a whole number")
        if priority in priorities:
            raise CatalogError(f"{where}: priority {priority} is already {priorities[priority]}'s "
                               f"(priorities decide which indicator wins and must differ)")
        priorities[priority] = iid
        patterns = tuple(item["patterns"])
        indicators[iid] = Indicator(
            id=iid, topic=item["topic"], label_zh=item["label_zh"], label_en=item["label_en"],
            units=tuple(item["units"]), priority=priority, patterns=patterns,
            examples=_examples(item.get("examples"), where), whole_only=bool(item.get("whole_only", False)),
            compiled=tuple(_compile_window_pattern(p, where) for p in patterns),
        )
    g = raw.get("guards", {}) or {}
    guards = Guards(
        part_of_region=words(g, "part_of_region", "guards"),
        part_of_year=words(g, "part_of_year", "guards"),
        milestone_after=words(g, "milestone_after", "guards"),
        attribute_after=words(g, "attribute_after", "guards"),
        change_from_before=words(g, "change_from_before", "guards"),
        counted_parts=words(g, "counted_parts", "guards"),
        change_right_before=words(g, "change_right_before", "guards"),
        breakdown_before=words(g, "breakdown_before", "guards"),
        examples=_examples(g.get("examples"), "guards"),
    )
    return indicators, topics, guards


# --------------------------------------------------------------------------
# The catalog


@dataclass(frozen=True, eq=False)      # compared and hashed by identity: one per data folder
class Catalog:
    dimensions: dict[str, Dimension]
    units: dict[str, Unit]            # canonical unit -> Unit
    unit_of_form: dict[str, Unit]     # surface form -> Unit
    markers: Markers
    documents: DocumentWords
    indicators: dict[str, Indicator]  # in file order (the app lists them so); `priority` decides
    topics: dict[str, dict[str, str]]
    guards: Guards

    @functools.cached_property
    def rates(self) -> frozenset[str]:
        """Units of a rate or share (%, 个百分点): a level, not a count."""
        return frozenset(u.unit for u in self.units.values()
                         if u.dimension in ("percent", "percentage_points") or u.unit == "%")

    @functools.cached_property
    def money(self) -> frozenset[str]:
        """Units of money (元, 美元)."""
        return frozenset(u.unit for u in self.units.values() if u.unit.endswith("元"))

    def examples(self) -> tuple[Example, ...]:
        """Every example of every rule, in file order."""
        out: tuple[Example, ...] = ()
        for unit in self.units.values():
            out += unit.examples
        for indicator in self.indicators.values():
            out += indicator.examples
        return out + self.guards.examples + self.markers.examples


def load_catalog(data_dir: str | Path | None = None) -> Catalog:
    """Load and check the catalog; cached for the default data folder."""
    if data_dir is None:
        return _default_catalog()
    return _build_catalog(Path(data_dir))


@functools.lru_cache(maxsize=1)
def _default_catalog() -> Catalog:
    return _build_catalog(DATA_DIR)


def _build_catalog(data_dir: Path) -> Catalog:
    dimensions, units, by_form = _load_units(data_dir)
    indicators, topics, guards = _load_indicators(data_dir, units)
    return Catalog(dimensions=dimensions, units=units, unit_of_form=by_form, markers=_load_markers(data_dir),
                   documents=_load_documents(data_dir), indicators=indicators, topics=topics, guards=guards)
