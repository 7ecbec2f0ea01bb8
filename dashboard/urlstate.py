"""Reading view settings from URL query parameters: anything unknown or malformed gives the default.

A parameter arrives as a string, a list of strings (repeated key) or None.
Lists are written comma-separated (``regions=甲县,乙县``); both forms are read.

>>> choice("gdp", ["gdp", "funds"], "funds")
'gdp'
>>> choice("<script>", ["gdp"], "gdp")
'gdp'
>>> year_range("2024-2020", (2019, 2023))
(2020, 2023)
"""
from __future__ import annotations

import re
from typing import Iterable, Sequence

Raw = str | list[str] | tuple[str, ...] | None
MAX_TEXT = 200


def _last(raw: Raw) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, (list, tuple)):
        return str(raw[-1]) if raw else None
    return str(raw)


def _items(raw: Raw) -> list[str]:
    if raw is None:
        return []
    values = raw if isinstance(raw, (list, tuple)) else [raw]
    out = []
    for value in values:
        out.extend(part.strip() for part in str(value).split(","))
    return [v for v in out if v]


def choice(raw: Raw, options: Sequence, default):
    """The option named by ``raw`` (compared as text), else ``default``."""
    value = _last(raw)
    if value is None:
        return default
    for option in options:
        if str(option) == value.strip():
            return option
    return default


def is_blank(raw: Raw) -> bool:
    """An explicitly empty parameter (``regions=``): the user cleared the choice."""
    values = raw if isinstance(raw, (list, tuple)) else [raw]
    return raw is not None and len(values) > 0 and all(isinstance(v, str) and not v.strip() for v in values)


def choices(raw: Raw, options: Sequence, default: Sequence, max_n: int | None = None) -> list:
    """The known options named by ``raw`` (order kept, no repeats, at most ``max_n``), else ``default``.

    A blank parameter (``regions=``) is an empty choice, not the default:
    a view whose regions were all cleared reopens with none.
    """
    if raw is None:
        return list(default)
    if is_blank(raw):
        return []
    by_text = {str(o): o for o in options}
    picked = []
    for item in _items(raw):
        option = by_text.get(item)
        if option is not None and option not in picked:
            picked.append(option)
    if max_n is not None:
        picked = picked[:max_n]
    return picked if picked else list(default)


def year_range(raw: Raw, bounds: tuple[int, int], default: tuple[int, int] | None = None) -> tuple[int, int]:
    """``2020-2024`` (or one year) clamped into ``bounds``; malformed gives ``default`` or the bounds."""
    fallback = tuple(default) if default else tuple(bounds)
    value = _last(raw)
    if value is None:
        return fallback
    numbers = re.fullmatch(r"\s*(\d{4})\s*(?:[-–~,]\s*(\d{4})\s*)?", value)
    if not numbers:
        return fallback
    lo = int(numbers.group(1))
    hi = int(numbers.group(2) or lo)
    lo, hi = sorted((lo, hi))
    lo, hi = max(lo, bounds[0]), min(hi, bounds[1])
    if lo > hi:
        return fallback
    return lo, hi


def integer(raw: Raw, options: Iterable[int] | None = None, default: int | None = None) -> int | None:
    """An integer (one of ``options`` when given), else ``default``."""
    value = _last(raw)
    if value is None or not re.fullmatch(r"\s*-?\d{1,12}\s*", value):
        return default
    number = int(value)
    if options is not None and number not in set(options):
        return default
    return number


def text(raw: Raw, max_length: int = MAX_TEXT) -> str:
    """Free text (a search), cut to ``max_length``; control characters dropped."""
    value = _last(raw) or ""
    value = re.sub(r"[\x00-\x1f\x7f]", "", value)
    return value[:max_length]


def flag(raw: Raw, default: bool) -> bool:
    value = (_last(raw) or "").strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    return default


def serialise(value) -> str | None:
    """A setting as it goes into the URL; None removes the parameter, an empty list is a blank one."""
    if value is None:
        return None
    if isinstance(value, list) and not value:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (list, tuple)):
        if len(value) == 2 and all(isinstance(v, int) for v in value) and value and value[0] <= value[1] and isinstance(value, tuple):
            return f"{value[0]}-{value[1]}"
        return ",".join(str(v) for v in value) or None
    text_value = str(value)
    return text_value or None
