r"""Text from a document shown in Markdown exactly as written: no links, emphasis or HTML of its own.

>>> escape_md("*增长6.5%*")
'\\*增长6\\.5%\\*'
>>> code_span("../shared/corpus")
'`../shared/corpus`'
"""
from __future__ import annotations

import re

SPECIAL = frozenset("\\`*_{}[]()#+-.!|<>~$:")


def escape_md(text: object) -> str:
    """``text`` with every character Markdown would read as markup backslashed."""
    return "".join("\\" + ch if ch in SPECIAL else ch for ch in str(text))



def code_span(text: object) -> str:
    """``text`` as inline code, shown as written (inside code a backslash is shown, so nothing is escaped).

    A backtick in the text gets a longer fence, as CommonMark allows.

    >>> code_span("a`b")
    '``a`b``'
    """
    text = str(text).replace("\n", " ")
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
