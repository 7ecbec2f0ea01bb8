"""UI words in Chinese and English, kept in ``i18n.yaml``; code asks by key.

>>> t("page.trends", "zh")
'趋势'
>>> t("page.trends", "en")
'Trends'
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).with_name("i18n.yaml")
LANGUAGES: tuple[str, ...] = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
URL_PARAM = "lang"  # the language's URL parameter, kept on every page


@cache
def _table() -> dict[str, dict[str, str]]:
    """The flattened word table: ``{"section.key": {"zh": ..., "en": ...}}``."""
    with DATA_FILE.open(encoding="utf-8") as f:
        tree = yaml.safe_load(f)
    flat: dict[str, dict[str, str]] = {}

    def walk(prefix: str, node: dict) -> None:
        for key, value in node.items():
            name = f"{prefix}{key}"
            leaf = isinstance(value, dict) and value and set(value) <= set(LANGUAGES) and not any(
                isinstance(v, dict) for v in value.values())
            if leaf:
                flat[name] = {lang: "" if text is None else str(text) for lang, text in value.items()}
            elif isinstance(value, dict):
                walk(name + ".", value)
            else:
                raise ValueError(f"i18n.yaml: {name} must map languages to words")

    walk("", tree)
    return flat


def keys() -> tuple[str, ...]:
    """Every key the table defines (for the test that each has both languages)."""
    return tuple(_table())


def has(key: str) -> bool:
    return key in _table()


def language(value: object) -> str:
    """A known language code, or the default for anything else."""
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str, /, **values: object) -> str:
    """The words for ``key`` in ``lang``, with ``{name}`` fields filled.

    A missing key raises KeyError (a test scans the views for every key used),
    a missing language falls back to Chinese.
    """
    words = _table()[key]
    text = words[lang] if lang in words else words[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


def maybe(key: str, lang: str, default: str) -> str:
    """Words for an open-ended vocabulary (units, topics) that may lack an entry."""
    words = _table().get(key)
    if not words:
        return default
    if lang in words:
        return words[lang]
    return words.get(DEFAULT_LANGUAGE, default)
