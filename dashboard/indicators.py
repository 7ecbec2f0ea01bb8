"""What the app needs to know about indicators: labels, units, topics, order.

Built once from the extractor's catalog (``extract.catalog.load_catalog()``);
an id the catalog does not know is shown as itself, under topic "other".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import pandas as pd

from dashboard.fmt import unit_label
from dashboard.i18n import maybe, t

OTHER_TOPIC = "other"


@dataclass(frozen=True)
class Indicators:
    """Indicator vocabulary in catalog order."""

    ids: tuple[str, ...] = ()
    topic_of: dict[str, str] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # id -> lang -> label
    unit_of: dict[str, str] = field(default_factory=dict)  # the display unit
    topics: dict[str, dict[str, str]] = field(default_factory=dict)  # topic -> lang -> name
    catalog: object = None  # the catalog itself, for the rules page

    def label(self, indicator: str, lang: str, with_unit: bool = True) -> str:
        """地区生产总值（亿元） / GDP (100 million yuan); the id when unknown."""
        words = self.labels.get(indicator, {})
        text = words.get(lang) or words.get("zh") or str(indicator)
        unit = unit_label(self.unit_of.get(indicator, ""), lang)
        if not with_unit or not unit:
            return text
        return f"{text}（{unit}）" if lang == "zh" else f"{text} ({unit})"

    def topic(self, indicator: str) -> str:
        return self.topic_of.get(indicator, OTHER_TOPIC)

    def topic_label(self, topic: str, lang: str) -> str:
        words = self.topics.get(topic, {})
        return words.get(lang) or words.get("zh") or maybe(f"topic.{topic}", lang, topic)

    def option_label(self, indicator: str, lang: str) -> str:
        """The label in a picker: topic first, so options group and search by topic."""
        return f"{self.topic_label(self.topic(indicator), lang)} · {self.label(indicator, lang)}"

    def order(self, present: Iterable[str]) -> list[str]:
        """Ids sorted by topic (catalog order), then catalog order; unknown ids last."""
        present = {str(i) for i in present if isinstance(i, str) and i}
        topic_rank = {name: n for n, name in enumerate(self.topics)}
        rank = {name: n for n, name in enumerate(self.ids)}
        big = len(self.ids) + len(topic_rank) + 1
        return sorted(
            present,
            key=lambda i: (topic_rank.get(self.topic(i), big), rank.get(i, big), i),
        )


def from_catalog(catalog) -> Indicators:
    """Read the fields the app uses from a Catalog (duck-typed, so tests can fake one)."""
    indicators = getattr(catalog, "indicators", {}) or {}
    topics = {str(k): dict(v) for k, v in (getattr(catalog, "topics", {}) or {}).items()}
    ids, topic_of, labels, unit_of = [], {}, {}, {}
    for key, ind in indicators.items():
        ids.append(key)
        topic_of[key] = getattr(ind, "topic", OTHER_TOPIC) or OTHER_TOPIC
        labels[key] = {"zh": getattr(ind, "label_zh", key), "en": getattr(ind, "label_en", key)}
        units = tuple(getattr(ind, "units", ()) or ())
        unit_of[key] = units[0] if units else ""
        if topic_of[key] not in topics:
            topics[topic_of[key]] = {}
    return Indicators(tuple(ids), topic_of, labels, unit_of, topics, catalog)


def catalog_frame(vocab: Indicators, lang: str) -> pd.DataFrame:
    """The catalog as a browsable table: one row per indicator."""
    rows = []
    catalog_items = getattr(vocab.catalog, "indicators", {}) or {}
    for key in vocab.ids:
        ind = catalog_items.get(key)
        patterns = tuple(getattr(ind, "patterns", ()) or ())
        examples = tuple(getattr(ind, "examples", ()) or ())
        rows.append(
            {
                t("col.indicator_id", lang): key,
                t("col.topic", lang): vocab.topic_label(vocab.topic(key), lang),
                t("col.label", lang): vocab.label(key, lang, with_unit=False),
                t("col.units", lang): "、".join(unit_label(u, lang) for u in getattr(ind, "units", ()) or ()),
                t("col.patterns", lang): len(patterns),
                t("col.examples", lang): "\n".join(str(getattr(e, "text", e)) for e in examples),
            }
        )
    return pd.DataFrame(rows)
