"""What a region picker offers: the data's own regions first, then every unit of the division table.

An option is a key (``name|province|code``) so places of the same name in
different provinces (朝阳区 in 北京市 and in 吉林省) stay apart.

>>> p = region_options([("萤川市", "甲省")])
>>> p[0].name, p[0].province, label(p[0], "zh")
('萤川市', '甲省', '萤川市（甲省）')
>>> [label(x, "zh") for x in p if x.name == "松溪县"]
['松溪县（福建省 南平市）']
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable


@dataclass(frozen=True)
class Place:
    key: str
    name: str
    province: str | None = None
    level: str | None = None
    code: str | None = None
    city: str | None = None


def _key(name: str, province: str | None, code: str | None) -> str:
    return f"{name}|{province or ''}|{code or ''}"


@lru_cache(maxsize=1)
def _divisions() -> tuple[Place, ...]:
    try:
        from extract.regions import divisions
    except Exception:  # without the division table the picker offers the data's regions
        return ()
    return tuple(Place(_key(r.name, r.province, r.code), r.name, r.province, r.level, r.code, city)
                 for r, city in divisions())


def region_options(data_regions: Iterable[tuple[str, str | None]] = ()) -> list[Place]:
    """The data's (region, province) pairs, then the division table's units not among them."""
    out, seen = [], set()
    table = {(p.name, p.province): p for p in _divisions()}
    for name, province in data_regions:
        if not isinstance(name, str) or not name or (name, province) in seen:
            continue
        seen.add((name, province))
        known = table.get((name, province))
        out.append(known or Place(_key(name, province, None), name, province))
    out += [p for p in _divisions() if (p.name, p.province) not in seen]
    return out


def label(place: Place, lang: str) -> str:
    where = " ".join(x for x in (place.province if place.province != place.name else None, place.city) if x)
    if not where:
        return place.name
    return f"{place.name}（{where}）" if lang == "zh" else f"{place.name} ({where})"


def find(options: Iterable[Place], name: str | None, province: str | None = None) -> Place | None:
    """The option for a region name (and province, where it tells two apart); None when there is none."""
    if not name:
        return None
    named = [p for p in options if p.name == name]
    if province:
        exact = [p for p in named if p.province == province]
        named = exact or named
    return named[0] if named else None
