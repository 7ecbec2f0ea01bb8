"""The catalog's examples, run through the whole extractor: each rule's
sentences must give what the rule says they give.

`check` judges one example against the mentions extracted from its text;
`verify` runs them all and raises `CatalogError` naming the first rule that
fails. The tests run every example one by one (tests/test_catalog.py).
"""
from __future__ import annotations

import math
from typing import Callable, Iterable

from .catalog import Catalog, CatalogError, Example
from .model import Mention

_NUMBERS = ("value", "high")


def pick(example: Example, mentions: list[Mention]) -> Mention | None:
    """The mention an example speaks of: the one whose text it names, else the first."""
    if example.pick is None:
        return mentions[0] if mentions else None
    return next((m for m in mentions if m.text == example.pick), None)


def check(example: Example, mentions: list[Mention]) -> str | None:
    """What is wrong with the extractor's reading of an example, or None when it holds."""
    mention = pick(example, mentions)
    if mention is None:
        what = f"no mention {example.pick!r}" if example.pick else "no mention"
        return f"{example.where}: example {example.text!r} gives {what}"
    wrong = []
    for key, want in example.expect.items():
        got = getattr(mention, key)
        if key in _NUMBERS and want is not None and got is not None:
            ok = math.isclose(got, float(want), rel_tol=1e-6, abs_tol=1e-9)
        else:
            ok = got == want
        if not ok:
            wrong.append(f"{key} {got!r}, not {want!r}")
    if wrong:
        return f"{example.where}: example {example.text!r} gives " + ", ".join(wrong)
    return None


def verify(catalog: Catalog, extract: Callable[[Example], list[Mention]],
           examples: Iterable[Example] | None = None) -> None:
    """Run every example (or those given); raise CatalogError at the first that fails."""
    for example in catalog.examples() if examples is None else examples:
        problem = check(example, extract(example))
        if problem:
            raise CatalogError(problem)
