"""Numbers as people read them: the Chinese way (万, 亿) in Chinese, K/million/billion in English.

Values in the table are in plain units (亿元 folded to 元); these functions put
the magnitude back for display only.

>>> format_number(16000, "zh")
'1.6万'
>>> format_value(16000, "人次", "over", lang="zh")
'≥1.6万人次'
>>> format_value(3.05e11, "元", "exact", lang="zh")
'3050亿元'
>>> format_value(6.5, "%", "about", lang="en")
'≈6.5%'
>>> format_value(29640, "元", lang="zh")
'2.964万元'
"""
from __future__ import annotations

import math

from dashboard.i18n import maybe

# Largest first; the first whose size the number reaches is used.
MAGNITUDES: dict[str, tuple[tuple[float, str], ...]] = {
    "zh": ((1e12, "万亿"), (1e8, "亿"), (1e4, "万")),
    "en": ((1e12, " trillion"), (1e9, " billion"), (1e6, " million")),
}
QUALIFIER_SIGNS: dict[str, dict[str, str]] = {
    "zh": {"over": "≥", "under": "≤", "about": "约"},
    "en": {"over": "≥", "under": "≤", "about": "≈"},
}
# Units written straight after the number in English too (no space).
_TIGHT_UNITS = {"%", "‰"}
MISSING = "—"
MAGNITUDE_DIGITS = 4  # decimals kept after 万/亿: a report's 29640元 must not read as 2.96万元


def _is_missing(x: object) -> bool:
    if x is None:
        return True
    try:
        return bool(math.isnan(float(x)))  # NaN, pd.NA raises TypeError
    except (TypeError, ValueError):
        return True


def _plain(x: float, digits: int = 2) -> str:
    """A number with at most ``digits`` decimals, trailing zeros removed."""
    text = f"{x:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def magnitude(x: float, lang: str) -> tuple[float, str]:
    """The divisor and its word for showing ``x``: (1e4, '万') for 16000 in Chinese."""
    size = abs(x)
    for divisor, word in MAGNITUDES.get(lang, MAGNITUDES["zh"]):
        if size >= divisor:
            return divisor, word
    return 1.0, ""


def format_number(x: object, lang: str = "zh") -> str:
    """One number with its magnitude word; a missing number is a dash."""
    if _is_missing(x):
        return MISSING
    x = float(x)
    divisor, word = magnitude(x, lang)
    if divisor == 1.0 and lang == "en" and abs(x) >= 1000:
        return f"{x:,.2f}".rstrip("0").rstrip(".")
    # with a magnitude, as many decimals as the figure has (up to four): 29640 is 2.964万, not 2.96万
    return _plain(x / divisor, MAGNITUDE_DIGITS if divisor > 1 else 2) + word


def unit_label(unit: object, lang: str) -> str:
    """The unit in the UI language (元 → yuan); unknown units as written."""
    if not isinstance(unit, str) or not unit:
        return ""  # None, NaN and pd.NA all mean "no unit"
    return maybe(f"unit.{unit}", lang, unit)


def _with_unit(number: str, unit: str, lang: str) -> str:
    if not unit:
        return number
    if lang == "zh" or unit in _TIGHT_UNITS:
        return number + unit
    return f"{number} {unit}"


def format_value(
    value: object,
    unit: object = "",
    qualifier: object = "exact",
    high: object = None,
    lang: str = "zh",
) -> str:
    """A figure as shown in hover texts and tables: sign, number, magnitude, unit.

    >>> format_value(12000, "人", "range", high=15000)
    '1.2万–1.5万人'
    """
    if _is_missing(value):
        return MISSING
    unit_text = unit_label(unit, lang)
    if qualifier == "range" and not _is_missing(high):
        number = f"{format_number(value, lang)}–{format_number(high, lang)}"
        return _with_unit(number, unit_text, lang)
    sign = QUALIFIER_SIGNS.get(lang, QUALIFIER_SIGNS["zh"]).get(str(qualifier), "")
    return sign + _with_unit(format_number(value, lang), unit_text, lang)


def axis_scale(values, lang: str) -> tuple[float, str]:
    """One divisor and magnitude word for a whole chart axis, from its largest value."""
    finite = [abs(float(v)) for v in values if not _is_missing(v)]
    if not finite:
        return 1.0, ""
    return magnitude(max(finite), lang)


def axis_title(unit: object, lang: str, word: str) -> str:
    """The axis unit with the chosen magnitude: 亿元, or 'billion yuan'."""
    unit_text = unit_label(unit, lang)
    if lang == "zh":
        return f"{word}{unit_text}"
    return f"{word.strip()} {unit_text}".strip()
