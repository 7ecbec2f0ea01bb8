"""What a file's name or a manifest row says about a document: its region,
year and type (a `Hint`), which the text may not say itself.

A manifest is a CSV (``file, region, year[, doctype, province]``) in UTF-8,
GBK/GB18030 or UTF-16, detected like a document's text. Anything wrong with
it is a ValueError of one line naming the file and the line, found before
any extraction starts: a missing column, a year that is no number or out of
range, an unclosed quote, a file listed twice, a value that would be a
formula in a spreadsheet or holds control characters.
"""
from __future__ import annotations

import csv
import io
import os
import unicodedata
from pathlib import Path, PurePath
from typing import Iterable

import regex

from .model import Hint

# <region>_<year>_<type>.txt, e.g. 丹东市_2021_政府工作报告.txt
FILE_NAME = regex.compile(r"^(?P<region>[^_]+)_(?P<year>(?:19|20)[0-9]{2})_(?P<doctype>[^_.]+)")

COLUMNS = ("file", "region", "year", "doctype", "province")
# The People's Republic's reports; 0 or 20 digits is a slip, not a year.
FIRST_YEAR, LAST_YEAR = 1949, 2100
MAX_MANIFEST_BYTES = 10 * 1024 * 1024
MAX_VALUE = 200  # characters in one cell: a place, a type, a file name
# A spreadsheet reads a cell beginning with these as a formula (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@")
# Bidirectional overrides make a name display as another; no place name needs them.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def hint_from_file_name(name: str) -> Hint:
    """`<region>_<year>_<type>.txt` names say all three.

    >>> hint_from_file_name("丹东市_2021_政府工作报告.txt").year
    2021
    """
    m = FILE_NAME.match(PurePath(name).name)
    if not m:
        return Hint()
    return Hint(region=m["region"], year=int(m["year"]), doctype=m["doctype"])


def read_manifest(path: str | os.PathLike) -> dict[str, Hint]:
    """Manifest CSV (file, region, year[, doctype, province]) → hints by file name.

    Raises ValueError, one line naming the file (and the line), when it cannot
    be used as it is; OSError when it cannot be read.
    """
    path = Path(path)
    with open(path, "rb") as f:
        data = f.read(MAX_MANIFEST_BYTES + 1)
    return parse_manifest(data, path.name)


def parse_manifest(data: bytes, name: str = "manifest.csv") -> dict[str, Hint]:
    """A manifest's bytes → hints by file name; ValueError as for `read_manifest`.

    >>> parse_manifest("file,region,year\\n丹东市报告.txt,丹东市,2021\\n".encode("gbk"))["丹东市报告.txt"].year
    2021
    """
    if len(data) > MAX_MANIFEST_BYTES:
        raise ValueError(f"{name}: manifest too large: over {MAX_MANIFEST_BYTES // 2**20} MB")
    text = _decode(data, name)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as e:
        raise ValueError(f"{name} line 1: {_csv_reason(e)}") from None
    if header is None or not any(h.strip() for h in header):
        raise ValueError(f"{name}: manifest is empty: it needs a header line with a `file` column")
    columns = [h.strip().lower() for h in header]
    if "file" not in columns:
        found = ", ".join(f"`{c}`" for c in columns if c) or "none"
        raise ValueError(f"{name}: manifest needs a `file` column (found {found})")
    for c in set(columns):
        if c and columns.count(c) > 1:
            raise ValueError(f"{name} line 1: column `{c}` appears {columns.count(c)} times")
    hints: dict[str, Hint] = {}
    first_line: dict[str, int] = {}
    line = 1  # where the record just read ends
    while True:
        start = line + 1
        try:
            row = next(reader, None)
        except csv.Error as e:
            raise ValueError(f"{name} line {start}: {_csv_reason(e)}") from None
        line = reader.line_num
        if row is None:
            break
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        if len(row) > len(columns):
            raise ValueError(f"{name} line {start}: {len(row)} cells, the header has {len(columns)}")
        values = dict(zip(columns, (cell.strip() for cell in row)))
        for column, value in values.items():
            _check_value(name, start, column, value)
        file = PurePath(values.get("file", "").replace("\\", "/")).name
        if not file:
            raise ValueError(f"{name} line {start}: no file name in the `file` column")
        if file in hints:
            raise ValueError(f"{name} line {start}: {file} is listed again (first on line {first_line[file]})")
        first_line[file] = start
        hints[file] = Hint(
            region=values.get("region") or None,
            year=_year(name, start, values.get("year", "")),
            doctype=values.get("doctype") or None,
            province=values.get("province") or None,
        )
    return hints


def manifest_warnings(manifest: dict[str, Hint] | None, files: Iterable[str | os.PathLike],
                      name: str = "manifest") -> list[str]:
    """One warning per file the manifest names that is not among ``files``
    (a typo, or a file left out), in the manifest's order.

    >>> manifest_warnings({"a.txt": Hint(), "b.txt": Hint()}, ["corpus/b.txt"], "m.csv")
    ['m.csv names a.txt, which is not among the input files']
    """
    present = {PurePath(os.fspath(f)).name for f in files}
    return [f"{name} names {file}, which is not among the input files"
            for file in (manifest or {}) if file not in present]


def hint_for(doc: str, manifest: dict[str, Hint] | None) -> Hint:
    """The manifest's word on a document, its file name's where the manifest is silent."""
    from_name = hint_from_file_name(doc)
    given = (manifest or {}).get(doc)
    if given is None:
        return from_name
    return Hint(region=given.region or from_name.region,
                year=given.year or from_name.year,
                doctype=given.doctype or from_name.doctype,
                province=given.province)


# --- checks --------------------------------------------------------------------

def _decode(data: bytes, name: str) -> str:
    """The manifest's text, its encoding detected as a document's is; it must decode cleanly."""
    # imported here: file-name hints (extract_text) need no document readers
    from .ingest import IngestError, decode

    if not data.strip():
        raise ValueError(f"{name}: manifest is empty: it needs a header line with a `file` column")
    try:
        decoded = decode(data)
    except IngestError as e:
        raise ValueError(f"{name}: manifest is not text: {e.reason}") from None
    if decoded.replaced or decoded.nuls:
        raise ValueError(f"{name}: manifest is damaged ({decoded.notes[0]} when read as {decoded.encoding}); "
                         f"save it again as UTF-8")
    return decoded.text.removeprefix("\ufeff")


def _csv_reason(e: csv.Error) -> str:
    message = str(e)
    if "unexpected end of data" in message or "EOF" in message:
        return 'unclosed quote: a " that never ends'
    if "field larger than field limit" in message:
        return f"a cell over {csv.field_size_limit():,} characters (an unclosed quote?)"
    return f"not valid CSV: {message}"


def _check_value(name: str, line: int, column: str, value: str) -> None:
    """Values are text for the table and the user: no control characters, nothing
    a spreadsheet would run, nothing longer than a name."""
    shown = value if len(value) <= 40 else value[:40] + "…"
    bad = next((ch for ch in value if unicodedata.category(ch) == "Cc" or ch in _BIDI), None)
    if bad is not None:
        raise ValueError(f"{name} line {line}: {column} {shown!r} holds a control character (U+{ord(bad):04X})")
    if len(value) > MAX_VALUE and column != "year":  # a long "year" is out of range, said below
        raise ValueError(f"{name} line {line}: {column} is {len(value):,} characters long, the limit is {MAX_VALUE}")
    if column not in ("file", "year") and value.startswith(FORMULA_START):
        raise ValueError(f"{name} line {line}: {column} {shown!r} begins like a spreadsheet formula "
                         f"({value[0]}); a {column} is a name")


def _year(name: str, line: int, value: str) -> int | None:
    if not value:
        return None
    digits = value.translate(_DIGITS).removesuffix("年")
    if not (digits.isascii() and digits.isdigit()):
        raise ValueError(f"{name} line {line}: year {value!r} is not a number")
    # compared as text first: a 20-digit (or 5,000-digit) "year" is never converted
    if len(digits.lstrip("0")) > 4 or not FIRST_YEAR <= int(digits) <= LAST_YEAR:
        shown = value if len(value) <= 24 else value[:24] + "…"
        raise ValueError(f"{name} line {line}: year {shown} is out of range ({FIRST_YEAR}–{LAST_YEAR})")
    return int(digits)
