"""Numerals as written in Chinese reports: Arabic, Chinese, financial and mixed.

One grammar, built from small named parts like the numeral grammar it is:
a digit (1-9), tens (10-99), hundreds, thousands, a section below 万, a group
below 亿, and the whole integer; then a decimal tail and a magnitude
(1.6万, 一点五亿). The vocabulary (which characters are digits and units, and
their values) is in ``data/numerals.yaml``.

Contract with the mention grammar (extract/rules.py):

- ``NUMBER`` matches one numeral with any magnitude folded in (``1.6万``,
  ``一亿二千万``, ``3,500``, ``二〇一九``, ``-3``). It has no capture groups, so
  it can be repeated (``NUMBER\\s*[-~至到]\\s*NUMBER``).
- ``余/多`` inside a magnitude belong to the caller: ``2500余万`` is NUMBER
  ``2500``, then ``余``, then ``MAGNITUDE`` ``万``; value 2500 ×
  ``magnitude_value('万')``, qualifier "over".
- A bare magnitude (``万`` in ``万余人``, ``百`` in ``百余名``) is a NUMBER only
  before 余/多. ``parse_number('万')`` is None (alone it is no numeral); its
  value in that place is ``magnitude_value('万')``.
- ``PERCENT`` (百分之八十五, 八成, 九折, 82%, 5‰, 3个百分点) and ``FRACTION``
  (三分之一, 1/3) are separate patterns; ``parse_number`` reads all three.
  Percent forms give their value in percent, so ``千分之五`` and ``5‰`` are 0.5.
"""
from __future__ import annotations

import functools
from decimal import Decimal, localcontext

import regex

from .vocabulary import DATA_DIR, CatalogError, read_data

__all__ = ["NUMBER", "MAGNITUDE", "PERCENT", "FRACTION", "PERCENT_WORDS", "NUMERAL_RUN", "NUMERAL_SIGN", "NUMBER_MARKS",
           "NUMBER_BODY_CHARS",
           "NUMERAL_CHARS", "SIGN_CHARS", "OVER_CHARS", "parse_number", "magnitude_value"]

VOCABULARY_PATH = DATA_DIR / "numerals.yaml"
_V = read_data(VOCABULARY_PATH.name)


def _cls(chars) -> str:
    """A character class of the given characters."""
    return "[" + "".join(regex.escape(c) for c in chars) + "]"


def _alt(words) -> str:
    """An alternation, longest first."""
    return "(?:" + "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


# ---------------------------------------------------------------- values
_ASCII_DIGITS = "0123456789"
_WIDE_DIGITS = "０１２３４５６７８９"
# Full-width digits, point and signs are read as their ASCII forms.
_TO_ASCII = str.maketrans(_WIDE_DIGITS + "．％，", _ASCII_DIGITS + ".%,")

_DIGIT_VALUE: dict[str, int] = {**_V["digits"], **_V["financial_digits"]}
_DIGIT_VALUE.update({c: 0 for c in _V["zeros"]})
# Every character a digit-by-digit numeral (二〇一九, 幺八九) may use.
_STRING_DIGIT_VALUE: dict[str, int] = {**_DIGIT_VALUE, **_V["digit_string_only"]}
_SMALL_UNIT_VALUE: dict[str, int] = {
    **{c: 10 for c in _V["ten"]},
    **{c: 100 for c in _V["hundred"]},
    **{c: 1000 for c in _V["thousand"]},
}
_MYRIAD = 10 ** 4
_HUNDRED_MILLION = 10 ** 8
_BIG_UNIT_VALUE: dict[str, int] = {
    **{c: _MYRIAD for c in _V["myriad"]},
    **{c: _HUNDRED_MILLION for c in _V["hundred_million"]},
}
_UNIT_VALUE = {**_SMALL_UNIT_VALUE, **_BIG_UNIT_VALUE}
_TENS_WORD_VALUE: dict[str, int] = dict(_V["tens_words"])
_POINTS = frozenset(_V["points"]) | {"."}
_MINUS = frozenset(_V["minus"] + _V["minus_words"])

# ---------------------------------------------------------------- grammar
_ARABIC_DIGIT = "[0-9０-９]"
_CN_DIGIT = _cls(list(_V["digits"]) + list(_V["financial_digits"]))
_ZERO = _cls(_V["zeros"])
_STRING_DIGIT = _cls(_STRING_DIGIT_VALUE)        # one character of 二〇一九
_TEN = _cls(_V["ten"])
_HUNDRED = _cls(_V["hundred"])
_THOUSAND = _cls(_V["thousand"]) + f"(?!{_cls(_V['kilo_units'])})"   # not kilo- (千米)
_MYRIAD_CH = _cls(_V["myriad"])
_YI_CH = _cls(_V["hundred_million"])
_TENS_WORD = _cls(_V["tens_words"])
_POINT = _cls(_V["points"])
_SIGN = _cls(_V["minus"] + _V["minus_words"] + _V["plus"])
_OVER = _cls(_V["over"])
_VAGUE = _cls(_V["vague_before"])
_HALF = _cls(_V["half"])
# Any character that continues a Chinese numeral.
_CN_NUMERAL_CHAR = _cls(
    list(_STRING_DIGIT_VALUE) + list(_UNIT_VALUE) + list(_V["tens_words"]) + list(_V["points"])
)

# Adjacent consecutive digits are an approximation, not a digit string:
# 三四个 is three or four, 两三年 two or three years.
_APPROXIMATE_PAIRS = [a + b for a, va in _V["digits"].items() for b, vb in _V["digits"].items() if vb == va + 1]

_ARABIC_INT = rf"""(?:
    [0-9]{{1,3}}(?:,[0-9]{{3}})++(?![0-9])     # 3,500 and 1,234,567: whole groups only
  | {_ARABIC_DIGIT}++                           # 2019, １２３
)"""

# A coefficient before a unit: 三 in 三百, 3 in 3万, 30 in 2千零30.
_COEF = rf"(?:{_CN_DIGIT}|{_ARABIC_INT})"

# 10-99: 十, 十五, 二十, 二十五, 廿二.
_TENS = rf"(?:{_COEF}?{_TEN}{_COEF}?|{_TENS_WORD}{_COEF}?)"

# 100-999: 一百, 三百零五, 一百一十, 一百十一, 三百五 (= 350).
_HUNDREDS = rf"""(?:{_COEF}{_HUNDRED}
    (?:{_ZERO}?{_COEF}?{_TEN}{_COEF}?        # 一百一十一, 一百零十
      |{_ZERO}{_COEF}                         # 三百零五
      |{_ZERO}{_VAGUE}                        # 一百零几: a few more, read as none
      |{_COEF}                                # 三百五: 五 is fifty
    )?)"""

# 1000-9999: 一千二百三十四, 一千零八十, 一千零五, 两千四 (= 2400).
_THOUSANDS = rf"""(?:{_COEF}{_THOUSAND}
    (?:{_ZERO}?{_HUNDREDS}                    # 一千二百…, 一千零五十
      |{_ZERO}?{_TENS}                        # 一千零八十, 一千一十
      |{_ZERO}{_COEF}                         # 一千零五, 1千零20
      |{_COEF}                                # 两千四: 四 is four hundred
    )?)"""

# Below 万: the largest fitting shape first, since alternation takes the first.
_SECTION = rf"(?:{_THOUSANDS}|{_HUNDREDS}|{_TENS}|{_COEF})"

# Below 亿: 十二万, 一万零二百五十, 一万三 (= 13000), 3万4000. 万万 is 亿.
_MYRIADS = rf"""(?:{_SECTION}
    (?:{_MYRIAD_CH}(?!{_MYRIAD_CH})(?:{_ZERO}?{_SECTION})?)?)"""

_YI_UNIT = rf"(?:{_YI_CH}|{_MYRIAD_CH}{_MYRIAD_CH})"

# A whole integer: 一亿二千万, 五亿零六, 一万五千亿, 四万亿, 5亿1万4千6百.
_INTEGER = rf"(?:{_MYRIADS}(?:{_YI_UNIT}(?:{_ZERO}?{_MYRIADS})?)?)"

# 二〇一九, 一九九九, 一一: digits read one by one; not 三四 (approximate),
# and not before a unit (三五十 is no digit string).
_DIGIT_STRING = rf"""(?:(?!{_alt(_APPROXIMATE_PAIRS)}(?!{_STRING_DIGIT}|{_POINT}))
    {_STRING_DIGIT}{{2,}}+(?![{''.join(_UNIT_VALUE)}]))"""

# .5, 点五, 点零一; not 九点三十 (a time: 十 right after).
_DECIMAL_TAIL = rf"""(?:
    [.．]{_ARABIC_DIGIT}++
  | {_POINT}(?:{_STRING_DIGIT}++|[0-9]++)(?!{_TEN})
)"""

MAGNITUDE: str = rf"""(?x:(?:
    [{''.join(_V['hundred'] + _V['thousand'])}]?{_MYRIAD_CH}(?:{_YI_CH}|{_MYRIAD_CH})?   # 万, 百万, 千万, 万亿, 万万
  | [{''.join(_V['hundred'] + _V['thousand'])}]?{_YI_CH}              # 亿, 百亿, 千亿
  | {_THOUSAND}                                                        # 千, not 千米
))"""

# A lone financial digit or 拾 next to a word is part of it (队伍, 陆续,
# 收拾), not a numeral; alone, after a sign or in 五分之壹 it is one.
_AFTER_WORD = rf"(?<=[^\s\p{{P}}\p{{S}}{''.join(_V['minus'] + _V['minus_words'])}之又])"
_LONE_FINANCIAL = rf"[{''.join(_V['financial_digits'])}拾](?!{_CN_NUMERAL_CHAR})"
_NOT_LONE_FINANCIAL = rf"""(?!{_AFTER_WORD}{_LONE_FINANCIAL})
    (?!{_LONE_FINANCIAL}(?!{_alt(_V['and_fraction'] + _V['fraction_mark'])})\p{{Han}})"""
# Nor does a numeral start right after a vague word (几十, 数百).
_NOT_VAGUE = rf"(?<!{_VAGUE})"
_ZERO_WORD = _cls(_V["zero_word_starts"])

_UNSIGNED = rf"""(?:
    {_NOT_VAGUE}{_DIGIT_STRING}(?:{_POINT}{_STRING_DIGIT}++)?        # 二〇一九, 一七二零点一
  | {_NOT_VAGUE}{_NOT_LONE_FINANCIAL}{_INTEGER}
        (?:{_DECIMAL_TAIL}{MAGNITUDE}?)?                             # 一千零八十, 1.6万, 一点五亿
  | {_ZERO}{_DECIMAL_TAIL}                                           # 零点五
  | {_ZERO}(?!{_ZERO_WORD})                                          # 零, not 零件 or 零售
  | [.．]{_ARABIC_DIGIT}++                                           # .5
  | {_NOT_VAGUE}(?:{MAGNITUDE}|{_HUNDRED})(?={_OVER})                # 万 in 万余人, 百 in 百余名
  | {_NOT_VAGUE}(?:{_HUNDRED}|{_THOUSAND}){_CN_DIGIT}(?!{_CN_NUMERAL_CHAR})   # 百三 = 130, 千三 = 1300
  | {_ZERO}{_TEN}(?!{_CN_NUMERAL_CHAR})                              # 零十 = 10
  | {_HALF}(?:{_HUNDRED}|{_THOUSAND}|{_MYRIAD_CH})(?!{_CN_NUMERAL_CHAR})   # 半百 = 50
)"""

# Every character a numeral can start with: a cheap first test at each position.
_FIRST_CHAR = _cls(sorted(
    set(_ASCII_DIGITS + _WIDE_DIGITS + ".．") | set(_V["minus"] + _V["minus_words"]) | set(_V["plus"])
    | set(_STRING_DIGIT_VALUE) | set(_UNIT_VALUE) | set(_V["tens_words"]) | set(_V["half"])
))

NUMBER: str = rf"""(?x:
    (?={_FIRST_CHAR})                   # fast rejection: most characters start no numeral
    (?<![0-9０-９.．A-Za-z])            # not inside an Arabic number or a code
    {_SIGN}?{_UNSIGNED}
    (?![.．]?[0-9０-９])                # nor stopping inside one (1.2.3, 150,84 stops at 150)
)"""

# ---------------------------------------------------------------- percent and fraction


def _percent(named: bool, forms: tuple[str, ...] = ("words", "discount", "signed")) -> str:
    """The percent forms (all, or some of them); with named groups for reading, without for export."""
    def g(name: str, body: str) -> str:
        return f"(?P<{name}>{body})" if named else f"(?:{body})"

    per_denominator = rf"[{''.join(_V['hundred'] + _V['thousand'] + _V['myriad'])}]{_MYRIAD_CH}{{0,2}}"
    tenths_coef = rf"(?:{_TEN}|10|{_CN_DIGIT}(?:{_POINT}{_CN_DIGIT})?|[0-9](?:\.[0-9])?|{_HALF})"
    discount_coef = rf"(?:{_CN_DIGIT}{{1,2}}(?:{_POINT}{_CN_DIGIT})?|[0-9]{{1,2}}(?:\.[0-9])?|{_HALF})"
    sign = _cls(_V["percent_signs"] + _V["permille_signs"])
    points = rf"{_cls(_V['measure_word'])}?{_alt(_V['percent_points'])}"
    parts = {
        "words": rf"""{g('per_den', per_denominator)}{_alt(_V['fraction_mark'])}   # 百分之八十五, 千分之五
                {g('per_num', rf'{NUMBER}|{_HUNDRED}')}
          | {g('tenths', tenths_coef)}{_alt(_V['tenths'])}                # 八成, 三成半, 七成六
                (?!{_cls(_V['tenths_word_starts'])})                       # not 成员, 成果
                {g('tenths_extra', rf'{_HALF}|{_CN_DIGIT}')}?""",
        "discount": rf"""{g('discount', discount_coef)}{_alt(_V['discount'])}   # 九折, 75折; not 折合
                (?!{_cls(_V['discount_word_starts'])})""",
        "signed": rf"{g('signed', NUMBER)}{g('sign', rf'{sign}|{points}')}",  # 82%, 5‰, 3个百分点
    }
    return rf"""(?x:
        (?={_FIRST_CHAR}|{_HALF})                                          # fast rejection
        (?:{' | '.join(parts[f] for f in forms)})
    )"""


def _fraction(named: bool) -> str:
    def g(name: str, body: str) -> str:
        return f"(?P<{name}>{body})" if named else f"(?:{body})"

    unsigned_decimal = rf"(?:{_ARABIC_INT}(?:[.．]{_ARABIC_DIGIT}++)?)"
    return rf"""(?x:
        (?={_FIRST_CHAR})                                                  # fast rejection:
        (?=[^\s，。；、]{{1,40}}?(?:{_alt(_V['fraction_mark'])}|/))        # a fraction mark ahead
        {g('fsign', _SIGN)}?
        (?:
            (?:{g('whole', _UNSIGNED)}{_alt(_V['and_fraction'])})?         # 三又
            {g('den', _UNSIGNED)}{_alt(_V['fraction_mark'])}{g('num', _UNSIGNED)}   # 三分之一
          | (?<![0-9/]){g('a', unsigned_decimal)}/{g('b', unsigned_decimal)}(?![0-9/])   # 1/3
        )
    )"""


PERCENT: str = _percent(named=False)
FRACTION: str = _fraction(named=False)
# Percentages written in words (百分之八十五, 八成): the mention grammar's own
# percent forms, where % and 个百分点 are units.
PERCENT_WORDS: str = _percent(named=False, forms=("words",))

# ---------------------------------------------------------------- for the mention scanner
# Every character a Chinese numeral may hold, from the vocabulary above.
NUMERAL_CHARS: str = "".join(sorted(
    set(_STRING_DIGIT_VALUE) | set(_UNIT_VALUE) | set(_V["tens_words"]) | set(_V["points"])))
# 余/多 between a number and its magnitude or unit (2500余万元, 30多个): "more than".
OVER_CHARS: str = "".join(_V["over"])
# A numeral read loosely, as a run of digits or of Chinese numeral characters;
# `parse_number` (the exact grammar) then accepts it or not. Scanning with the
# full grammar at every character is five times slower.
NUMERAL_RUN: str = rf"""(?:
    [0-9０-９]{{1,15}}(?:,[0-9]{{3}})*(?:[.．][0-9０-９]{{1,8}})?     # 3,500  1.6  １２３
  | {_cls(NUMERAL_CHARS)}{{1,20}}                                    # 一千二百三十四, 两千, 万(余)
)"""
# The sign a mention's numeral may carry: -3, 负三; but 负 after 减/担/肩… ends a
# word (减负3亿元), and a plus between figures joins them (1名…+1名), signs nothing.
NUMERAL_SIGN: str = rf"""(?:{_cls(_V['minus'])}
    |(?<!{_cls(_V['not_minus_after'])}){_cls(_V['minus_words'])})"""
SIGN_CHARS: str = "".join(_V["minus"] + _V["minus_words"])
# The marks a percent in words or a fraction turns on (八成, 百分之五, 三分之一, 1/3), and
# every character that may stand before such a mark in it: the scanner tries those
# forms only in a run of these right before a mark.
NUMBER_MARKS: tuple[str, ...] = tuple(_V["fraction_mark"] + _V["tenths"]) + ("/",)
NUMBER_BODY_CHARS: str = "".join(sorted(
    set(_ASCII_DIGITS + _WIDE_DIGITS + ".．,") | set(NUMERAL_CHARS) | set(_V["minus"] + _V["minus_words"] + _V["plus"])
    | set(_V["half"]) | set("".join(_V["and_fraction"]))))

# The compiled patterns, built on first use (compiling takes about half a second,
# which importers that only want the pattern strings or the vocabulary should not pay).
_SOURCES = {
    "_NUMBER_RE": lambda: NUMBER,
    "_OVER_RE": lambda: rf"(?P<n>{NUMBER}){_OVER}(?P<m>{MAGNITUDE})",   # 2500余万
    "_PERCENT_RE": lambda: _percent(named=True),
    "_FRACTION_RE": lambda: _fraction(named=True),
    # Forms a standalone numeral may take that running text rarely does:
    # 2e5, 1.1^+23, 40k, 一打 (a dozen).
    "_WRITTEN_RE": lambda: rf"""(?x:
        (?P<mant>[-+]?[0-9]+(?:\.[0-9]+)?)(?:{_cls(_V['exponent_marks'])})(?P<exp>[-+]?[0-9]+)
      | (?P<base>[-+]?[0-9]+(?:\.[0-9]+)?)\^(?P<power>[-+]*[0-9]+)
      | (?P<kilo>[-+]?[0-9]+(?:\.[0-9]+)?)(?:{_cls(_V['kilo_marks'])})
      | (?P<dozens>{NUMBER}|{_CN_DIGIT})(?:{_alt(_V["dozen"])})
    )""",
    # What may stand bare before 余/多: 万, 千万, 百 (百余名).
    "_BARE_MAGNITUDE_RE": lambda: rf"{MAGNITUDE}|{_HUNDRED}",
    # Spaces next to a Chinese character, as PDF text leaves them (7 万5 千).
    "_INNER_SPACE": lambda: r"\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+",
}


@functools.cache
def _compiled(name: str):
    return regex.compile(_SOURCES[name]())


# ---------------------------------------------------------------- arithmetic
def _integer_value(s: str) -> int:
    """Value of an integer that the grammar accepted (no sign, no point)."""
    if len(s) > 1 and all(c in _STRING_DIGIT_VALUE for c in s):
        return int("".join(str(_STRING_DIGIT_VALUE[c]) for c in s))
    total = 0          # whole 亿 groups
    myriads = 0        # whole 万 groups below the last 亿
    section = 0        # below the last 万
    pending = None     # a digit waiting for its unit
    abbreviated = False  # pending came right after a unit: 一万三 is 13000
    after_unit = False
    last_unit = 1
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c in "0123456789":
            j = i
            while j < n and (s[j] in "0123456789,"):
                j += 1
            pending, abbreviated, after_unit = int(s[i:j].replace(",", "")), False, False
            i = j
            continue
        if c in _DIGIT_VALUE and _DIGIT_VALUE[c] == 0:
            after_unit = False
        elif c in _DIGIT_VALUE:
            pending, abbreviated, after_unit = _DIGIT_VALUE[c], after_unit, False
        elif c in _TENS_WORD_VALUE:
            section += _TENS_WORD_VALUE[c]
            pending, last_unit, after_unit = None, 10, True
        elif c in _SMALL_UNIT_VALUE:
            last_unit = _SMALL_UNIT_VALUE[c]
            section += (1 if pending is None else pending) * last_unit
            pending, after_unit = None, True
        elif c in _BIG_UNIT_VALUE:
            unit = _BIG_UNIT_VALUE[c]
            if unit == _MYRIAD and i + 1 < n and s[i + 1] in _BIG_UNIT_VALUE and _BIG_UNIT_VALUE[s[i + 1]] == _MYRIAD:
                unit, i = _HUNDRED_MILLION, i + 1            # 万万 is 亿
            group = section + (pending or 0)
            if unit == _MYRIAD:
                myriads += group * _MYRIAD
            else:
                total += (myriads + group) * _HUNDRED_MILLION
                myriads = 0
            section, pending, last_unit, after_unit = 0, None, unit, True
        i += 1
    if pending is not None:
        section += pending * last_unit // 10 if abbreviated else pending
    return total + myriads + section


def _unsigned_value(s: str) -> Decimal:
    """Value of an unsigned numeral: integer, decimal tail, magnitude."""
    if s[:1] in _V["half"] and len(s) > 1:
        return _unsigned_value(s[1:]) / 2          # 半百: half of a hundred
    point = next((i for i, c in enumerate(s) if c in _POINTS), None)
    if point is None:
        if _compiled("_BARE_MAGNITUDE_RE").fullmatch(s):  # bare magnitude (万 before 余)
            return magnitude_value(s)
        return Decimal(_integer_value(s))
    j = point + 1
    while j < len(s) and (s[j] in _STRING_DIGIT_VALUE or s[j] in "0123456789"):
        j += 1
    digits = "".join(str(_STRING_DIGIT_VALUE.get(c, c)) for c in s[point + 1:j])
    value = Decimal(_integer_value(s[:point]) if point else 0) + Decimal("0." + digits)
    if j < len(s):
        value *= magnitude_value(s[j:])
    return value


def _signed_value(s: str) -> Decimal:
    if s and s[0] in _MINUS:
        return -_unsigned_value(s[1:])
    if s and s[0] in "+＋":
        return _unsigned_value(s[1:])
    return _unsigned_value(s)


def _written_value(m) -> Decimal:
    """2e5, 1.1^+23, 40k, 五十打."""
    if m.group("mant") is not None:
        return Decimal(m.group("mant")).scaleb(int(m.group("exp")))
    if m.group("base") is not None:
        base, power = m.group("base"), m.group("power")
        sign = -1 if base.startswith("-") else 1            # -2.5^-1 is -(2.5^-1)
        exponent = int(power.lstrip("+-")) * (-1 if power.count("-") % 2 else 1)
        with localcontext() as ctx:
            ctx.prec = 15
            return sign * Decimal(base.lstrip("+-")) ** exponent
    if m.group("kilo") is not None:
        return Decimal(m.group("kilo")) * 1000
    return _signed_value(m.group("dozens")) * 12


def _divide(a: Decimal, b: Decimal) -> Decimal | None:
    """a / b to 15 significant digits, as a float would print it."""
    if b == 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 15
        return a / b


def _tidy(d: Decimal) -> Decimal:
    """16000 rather than 1.6E+4 or 16000.0."""
    if d == d.to_integral_value():
        return d.quantize(Decimal(1))
    return d.normalize()


def _percent_value(m) -> Decimal | None:
    if m.group("per_den") is not None:
        denominator = magnitude_value(m.group("per_den"))
        number = m.group("per_num")
        numerator = Decimal(100) if _compiled("_BARE_MAGNITUDE_RE").fullmatch(number) else _signed_value(number)
        return _divide(numerator * 100, denominator)
    if m.group("tenths") is not None:
        coef = m.group("tenths")
        value = Decimal(5) if coef in _V["half"] else _signed_value(coef) * 10
        extra = m.group("tenths_extra")
        if extra:
            value += 5 if extra in _V["half"] else _DIGIT_VALUE[extra]
        return value
    if m.group("discount") is not None:
        coef = m.group("discount")
        if coef in _V["half"]:
            return Decimal(50)
        value = _signed_value(coef)
        # 九折 and 9.5折 are tenths; 75折 and 三八折 are already percent.
        return value if value >= 10 else value * 10
    value = _signed_value(m.group("signed"))
    return value / 10 if m.group("sign") in _V["permille_signs"] else value


def _fraction_value(m) -> Decimal | None:
    if m.group("a") is not None:
        value = _divide(_signed_value(m.group("a")), _signed_value(m.group("b")))
    else:
        value = _divide(_unsigned_value(m.group("num")), _unsigned_value(m.group("den")))
        if value is not None and m.group("whole") is not None:
            with localcontext() as ctx:
                ctx.prec = 15
                value = _unsigned_value(m.group("whole")) + value
    if value is not None and m.group("fsign") in _MINUS:
        value = -value
    return value


# Every numeral holds one of these (a digit, a unit, 廿, 半): a string with none, like
# the 点 of 重点项目, is none, said before compiling every form to find so.
_VALUED = frozenset("0123456789") | set(_STRING_DIGIT_VALUE) | set(_UNIT_VALUE) | set(_TENS_WORD_VALUE) \
    | set(_V["half"])


# The standalone forms in the order they are tried, each with what reads its match.
_FORMS = (
    ("_NUMBER_RE", lambda m: _signed_value(m.string)),
    ("_WRITTEN_RE", _written_value),
    ("_OVER_RE", lambda m: _signed_value(m.group("n")) * magnitude_value(m.group("m"))),
    ("_PERCENT_RE", _percent_value),
    ("_FRACTION_RE", _fraction_value),
)


@functools.lru_cache(maxsize=8192)
def _parse(s: str) -> Decimal | None:
    if _VALUED.isdisjoint(s):
        return None
    for name, read in _FORMS:
        m = _compiled(name).fullmatch(s)
        if m:
            return read(m)
    return None


def parse_number(text: str) -> Decimal | None:
    """The value of a standalone numeral, or None if `text` is not entirely one.

    Magnitudes are folded in; percent forms give percent; 余/多 between a
    number and its magnitude read as the lower bound; vague forms give None.

    >>> parse_number('1.6万'), parse_number('一千零八十'), parse_number('二〇一九')
    (Decimal('16000'), Decimal('1080'), Decimal('2019'))
    >>> parse_number('百分之八十五'), parse_number('2500余万'), parse_number('几十')
    (Decimal('85'), Decimal('25000000'), None)
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_number expects str, not {type(text).__name__}")
    check_examples()
    s = _compiled("_INNER_SPACE").sub("", text.strip()).translate(_TO_ASCII)
    if not s:
        return None
    value = _parse(s)
    return None if value is None else _tidy(value)


def magnitude_value(text: str) -> Decimal:
    """What a magnitude multiplies by: 万 → 10000, 万亿 → 10¹², 百 (in 百余) → 100.

    >>> magnitude_value('万'), magnitude_value('千万')
    (Decimal('10000'), Decimal('10000000'))
    """
    if not isinstance(text, str):
        raise TypeError(f"magnitude_value expects str, not {type(text).__name__}")
    s = text.strip()
    if not s or not (_compiled("_BARE_MAGNITUDE_RE").fullmatch(s) or regex.fullmatch(
            rf"[{''.join(_V['hundred'] + _V['thousand'] + _V['myriad'])}]{_MYRIAD_CH}{{0,2}}", s)):
        raise ValueError(f"not a magnitude: {text!r}")
    value = 1
    for c in s:
        value *= _UNIT_VALUE[c]
    return Decimal(value)


def _check_examples(examples: dict) -> None:
    """The vocabulary file's examples must read as stated (catches a bad edit)."""
    for text, expected in (examples or {}).items():
        got = parse_number(str(text))
        if got is None or got != Decimal(str(expected)):
            raise CatalogError(f"{VOCABULARY_PATH.name}: example {text!r} reads as {got}, not {expected}")


_examples_checked = False


def examples_passed() -> None:
    """Take the vocabulary's examples as checked, as a stamp of an earlier pass with this
    very code and data says (`extract.pipeline`): each pattern then compiles only when a
    numeral needs it, where the check compiles them all (most of a worker's start)."""
    global _examples_checked
    _examples_checked = True


def check_examples() -> None:
    """Check the vocabulary's examples, once a process, on first use rather than at import
    (it compiles every pattern); CatalogError names a bad one."""
    global _examples_checked
    if not _examples_checked:
        _examples_checked = True  # first: the check itself calls parse_number
        try:
            _check_examples(_V.get("examples"))
        except Exception:
            _examples_checked = False
            raise
