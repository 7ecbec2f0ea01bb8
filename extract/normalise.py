"""Rewrite a document's text into one canonical form, character for character.

``normalise(text)`` has the same length as ``text``, so an offset found in the
output is an offset into the document as ingested. It makes full-width ASCII
digits and letters plain ASCII, turns odd spaces into ' ', and masks (replaces
by spaces, keeping newlines) what is not document content: YAML front matter,
HTML comments, Markdown markers and advertising lines listed in
``data/boilerplate.yaml``.

>>> normalise("增长６．５％，达到１２亿元")
'增长6.5%，达到12亿元'
>>> normalise("**一、总体要求**")
'  一、总体要求  '
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import regex

from .vocabulary import DATA_DIR, CatalogError, read_data

BOILERPLATE_PATH = DATA_DIR / "boilerplate.yaml"

# Full-width forms that are part of numbers, units or Latin words. Full-width
# punctuation (，：；（）！？～) stays: a Chinese comma must never look like a
# thousands separator, and the numeral grammar reads those marks itself.
_WIDE = {chr(0xFF10 + i): chr(0x30 + i) for i in range(10)}
_WIDE.update({chr(0xFF21 + i): chr(0x41 + i) for i in range(26)})
_WIDE.update({chr(0xFF41 + i): chr(0x61 + i) for i in range(26)})
_WIDE.update({"％": "%", "．": ".", "＋": "+", "－": "-"})
# (A tab stays: it separates the cells of a table row, and a cell's column header says what it counts.)
_SPACES = "\u3000\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u200b\ufeff"
_WIDE.update({c: " " for c in _SPACES})
# Other line breaks become '\n', the one paragraph signal downstream.
_WIDE.update({c: "\n" for c in "\x0b\x0c\x85\u2028\u2029"})
# str.translate walks every character through a dict (about 40 MB/s on
# Chinese text); a regex finds the few characters to change much faster, and
# for a plain character class the standard `re` is four times faster than `regex`.
_TO_CHANGE = re.compile("[" + re.escape("".join(_WIDE)) + "]+")

_NOT_NEWLINE = regex.compile(r"[^\n]")

# YAML front matter: '---' on the first line, 'key:' lines, '---'.
_FRONT_MATTER = regex.compile(
    r"""\A---[ ]*\n
        (?=[A-Za-z_][\w-]*[ ]*:)        # first line is a key, not a rule of dashes
        (?:[^\n]*\n){1,60}?             # bounded: a stray '---' must not eat the text
        ---[ ]*(?=\n|\Z)""",
    regex.VERBOSE,
)
_FRONT_TITLE = regex.compile(r"(?m)^title[ ]*:[ ]*[\"']?(?P<value>[^\n]*?)[\"']?[ ]*$")
_HTML_COMMENT = regex.compile(r"<!--.*?-->", regex.DOTALL)
# '#' to '######' opening a line, before a Chinese heading or a space and
# more text; '# # 标题' loses both runs, '#1高炉' and a lone '#' stay.
_HEADING_HASHES = regex.compile(r"(?m)^[ ]*(?P<marks>\#{1,6}(?:[ ]+\#{1,6})*)(?=[ ]+[^ \n]|\p{Han})")
# '**bold**' only when both markers stand at a word edge (line edge, space or
# punctuation): '党的**大…全市**年' and '**市**县' are anonymised placeholders.
_BOLD = regex.compile(
    r"""(?<![^\s\p{P}])(?<!\*)(?P<open>\*\*)   # opens after line start, space or punctuation
        (?=[^\s*])[^\n*]+?(?<=[^\s*])        # the bold text: one line, not space-edged
        (?P<close>\*\*)(?![^\s\p{P}])(?!\*)  # closes before line end, space or punctuation""",
    regex.VERBOSE,
)
_LETTER_SPACED = regex.compile(r"(?<!\p{Han})\p{Han}(?:[ ]{1,3}\p{Han}(?!\p{Han})){2,}")


@dataclass(frozen=True)
class Boilerplate:
    """The checked vocabulary of data/boilerplate.yaml, compiled once."""

    lines: regex.Pattern       # any line pattern
    markers: regex.Pattern     # any inline marker
    line_ids: tuple[str, ...]
    marker_ids: tuple[str, ...]
    max_line_chars: int
    max_gap_lines: int
    max_gap_chars: int


def load_boilerplate(path: str | Path = BOILERPLATE_PATH) -> Boilerplate:
    """Read and check a boilerplate file; raises CatalogError naming the entry at fault."""
    path = Path(path)
    data = read_data(path.name, path.parent)
    try:
        limits = {k: int(data[k]) for k in ("max_line_chars", "max_gap_lines", "max_gap_chars")}
    except (KeyError, TypeError, ValueError) as e:
        raise CatalogError(f"{path}: missing or bad limit {e}") from None
    seen: set[str] = set()
    compiled = {}
    for section in ("lines", "markers"):
        entries = data.get(section) or []
        patterns = []
        for entry in entries:
            entry_id = entry.get("id") if isinstance(entry, dict) else None
            if not entry_id or "pattern" not in entry:
                raise CatalogError(f"{path}: {section} entry {entry!r} needs an id and a pattern")
            if entry_id in seen:
                raise CatalogError(f"boilerplate {entry_id}: duplicate id")
            seen.add(entry_id)
            if r"\s" in entry["pattern"]:
                raise CatalogError(rf"boilerplate {entry_id}: use [ \t] not \s, which crosses lines")
            try:
                patterns.append(regex.compile(entry["pattern"], regex.MULTILINE))
            except regex.error as e:
                raise CatalogError(f"boilerplate {entry_id}: pattern does not compile: {e}") from None
            if not entry.get("examples"):
                raise CatalogError(f"boilerplate {entry_id}: needs at least one example")
            for line in entry["examples"] + (entry.get("non_examples") or []):
                if not isinstance(line, str):
                    raise CatalogError(f"boilerplate {entry_id}: example {line!r} is not text (quote it)")
        joined = "|".join(f"(?:{p.pattern})" for p in patterns) or r"(?!)"
        compiled[section] = (regex.compile(joined, regex.MULTILINE), tuple(e["id"] for e in entries), entries)
    rules = Boilerplate(
        lines=compiled["lines"][0], markers=compiled["markers"][0],
        line_ids=compiled["lines"][1], marker_ids=compiled["markers"][1], **limits,
    )
    # The examples document the vocabulary and are checked with the very code
    # that uses it, so a pattern that drifts fails here, naming its entry.
    for entry in compiled["lines"][2]:
        for line in entry["examples"]:
            if normalise(line, rules).strip():
                raise CatalogError(f"boilerplate {entry['id']}: example not masked: {line!r}")
        for line in entry.get("non_examples") or []:
            if normalise(line, rules) != _translate(line):
                raise CatalogError(f"boilerplate {entry['id']}: non-example masked: {line!r}")
    for entry in compiled["markers"][2]:
        for line in entry["examples"]:
            if not regex.search(entry["pattern"], line):
                raise CatalogError(f"boilerplate {entry['id']}: example has no marker: {line!r}")
        for line in entry.get("non_examples") or []:
            if rules.markers.search(_translate(line)):
                raise CatalogError(f"boilerplate {entry['id']}: non-example has a marker: {line!r}")
    return rules


def _translate(text: str) -> str:
    """Map characters one for one (full-width → ASCII, odd spaces and breaks)."""
    text = text.replace("\r\n", " \n").replace("\r", "\n")  # a lone CR is an old Mac line end
    if _TO_CHANGE.search(text) is None:
        return text
    return _TO_CHANGE.sub(lambda m: "".join(_WIDE[c] for c in m.group()), text)


def _boilerplate_spans(text: str, rules: Boilerplate) -> list[tuple[int, int]]:
    """Spans of whole advertising lines, plus the short lines between two of them."""
    # One search per short line: a joined search over the whole text is about
    # ten times slower, and long lines (paragraphs) are never masked anyway.
    ads: list[tuple[int, int]] = []
    search = rules.lines.search
    limit = rules.max_line_chars
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if (len(line) <= limit or len(line.strip()) <= limit) and line.strip() and search(line):
            ads.append((pos, end))
        pos = end + 1
    spans = list(ads)
    for (_, prev_end), (next_start, _) in zip(ads, ads[1:]):
        gap = [ln.strip() for ln in text[prev_end:next_start].split("\n")]
        gap = [ln for ln in gap if ln]
        if len(gap) <= rules.max_gap_lines and all(
            len(ln) <= rules.max_gap_chars and "。" not in ln for ln in gap
        ):
            spans.append((prev_end, next_start))
    return spans


def _content_spans(text: str, rules: Boilerplate) -> list[tuple[int, int]]:
    """What is not document content: front matter, comments, ads, markers."""
    spans: list[tuple[int, int]] = []
    if text.startswith("---") and (m := _FRONT_MATTER.match(text)):
        spans.append(m.span())
    if "<!--" in text:
        spans.extend(m.span() for m in _HTML_COMMENT.finditer(text))
    spans.extend(_boilerplate_spans(text, rules))
    spans.extend(m.span() for m in rules.markers.finditer(text))
    return spans


def _bold_spans(text: str) -> list[tuple[int, int]]:
    if "**" not in text:
        return []
    return [span for m in _BOLD.finditer(text) for span in (m.span("open"), m.span("close"))]


def _heading_spans(text: str) -> list[tuple[int, int]]:
    if "#" not in text:
        return []
    return [m.span("marks") for m in _HEADING_HASHES.finditer(text)]


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Replace the spans by spaces, keeping newlines (spans may overlap)."""
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    for start, end in sorted(spans):
        if end <= pos:
            continue
        start = max(start, pos)
        out.append(text[pos:start])
        out.append(_NOT_NEWLINE.sub(" ", text[start:end]))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def normalise(text: str, rules: Boilerplate | None = None) -> str:
    """Canonical form of ``text``, same length, char-for-char aligned."""
    if not isinstance(text, str):
        raise ValueError(f"normalise() needs a str, not {type(text).__name__}")
    text = _translate(text)
    text = _mask(text, _content_spans(text, rules or BOILERPLATE))
    # Each kind of markup is read only after the ones before are masked, so
    # that what a mask leaves ('#' before a masked '##paidbegin##', '**#**')
    # reads the same on a second pass.
    text = _mask(text, _bold_spans(text))
    return _mask(text, _heading_spans(text))


def _despace(line: str) -> str:
    """'政 府 工 作 报 告' → '政府工作报告'; words of two or more characters stay apart."""
    return _LETTER_SPACED.sub(lambda m: m.group().replace(" ", ""), line.strip())


def title_lines(text: str, n: int = 8) -> list[tuple[int, str]]:
    """The front-matter title (if any), then the first ``n`` non-empty content lines.

    Each item is (offset of its first character in ``text``, the line stripped
    and de-letter-spaced). Give the text as ingested, not normalised: the
    front matter is masked by normalise.

    >>> title_lines("政 府 工 作 报 告\\n\\n——2021年1月8日")
    [(0, '政府工作报告'), (13, '——2021年1月8日')]
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, not {n}")
    plain = _translate(text)
    found: list[tuple[int, str]] = []
    if plain.startswith("---") and (fm := _FRONT_MATTER.match(plain)):
        if (t := _FRONT_TITLE.search(plain, 0, fm.end())) and t.group("value").strip():
            found.append((t.start("value"), _despace(t.group("value"))))
    masked = normalise(text)
    pos = 0
    count = 0
    while count < n and pos <= len(masked):
        end = masked.find("\n", pos)
        end = len(masked) if end < 0 else end
        line = masked[pos:end]
        if line.strip():
            lead = len(line) - len(line.lstrip())
            found.append((pos + lead, _despace(line)))
            count += 1
        pos = end + 1
    return found


BOILERPLATE = load_boilerplate()
