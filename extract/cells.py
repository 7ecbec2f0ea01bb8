"""What makes a spreadsheet cell safe, and how a CSV table is framed: the one
place these rules live (`extract.tabular` writes whole frames by them,
`extract.columnar` column batches). No pandas here, so a worker process that
only writes column batches starts without it.

Following OWASP's CSV-injection guidance, a text cell that begins with ``=``,
``+``, ``-``, ``@``, a tab, a carriage return or a line feed is prefixed with
``'`` so a spreadsheet shows it instead of running it; a cell that already
begins with ``'`` gets one more, so `restore` can undo exactly what
`neutralise` did. Numbers stay numbers: a value of -1.5 is no formula. CSV is
UTF-8 with a byte-order mark (Excel then shows Chinese) and CRLF line ends, so
any cell holding a CR or LF is quoted and a reader never starts a row inside it.

>>> neutralise('=HYPERLINK("http://x","y")')
'\\'=HYPERLINK("http://x","y")'
>>> neutralise("丹东市"), restore(neutralise("-1+2")), restore(neutralise("'a"))
('丹东市', '-1+2', "'a")
"""
from __future__ import annotations

FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r", "\n")
ESCAPED_STARTS = FORMULA_STARTS + ("'",)
CSV_ENCODING = "utf-8-sig"
CSV_LINE_END = "\r\n"


def neutralise(value):
    """The cell as a spreadsheet should hold it; non-strings unchanged."""
    if isinstance(value, str) and value.startswith(ESCAPED_STARTS):
        return "'" + value
    return value


def restore(value):
    """The cell as it was before `neutralise`; non-strings unchanged."""
    if isinstance(value, str) and value.startswith("'") and value[1:2] and value[1] in ESCAPED_STARTS:
        return value[1:]
    return value
