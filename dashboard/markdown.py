r"""Text from a document shown in Markdown exactly as written: no links, emphasis or HTML of its own.

>>> escape_md("*增长6.5%*")
'\\*增长6\\.5%\\*'
"""
from __future__ import annotations

SPECIAL = frozenset("\\`*_{}[]()#+-.!|<>~$:")


def escape_md(text: object) -> str:
    """``text`` with every character Markdown would read as markup backslashed."""
    return "".join("\\" + ch if ch in SPECIAL else ch for ch in str(text))
