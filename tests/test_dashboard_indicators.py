"""The indicator vocabulary the pages use: labels with units, topic grouping, order."""
from dataclasses import dataclass

import pytest

from dashboard.indicators import Indicators, catalog_frame, from_catalog


@dataclass(frozen=True)
class FakeExample:
    text: str
    value: float | None = None
    unit: str | None = None


@dataclass(frozen=True)
class FakeIndicator:
    id: str
    topic: str
    label_zh: str
    label_en: str
    units: tuple
    patterns: tuple = ()
    examples: tuple = ()


@dataclass(frozen=True)
class FakeCatalog:
    indicators: dict
    topics: dict


FAKE = FakeCatalog(
    indicators={
        "gdp": FakeIndicator("gdp", "economy", "地区生产总值", "GDP", ("元",), ("生产总值<N>",), (FakeExample("生产总值12亿元"),)),
        "members_recruited": FakeIndicator("members_recruited", "party", "发展党员", "New members", ("名", "人")),
        "gdp_growth": FakeIndicator("gdp_growth", "economy", "地区生产总值增速", "GDP growth", ("%",)),
    },
    topics={"party": {"zh": "党的建设", "en": "Party building"}, "economy": {"zh": "经济", "en": "Economy"}},
)


@pytest.fixture(scope="module")
def vocab():
    return from_catalog(FAKE)


@pytest.mark.parametrize("indicator, lang, with_unit, expected", [
    ("gdp", "zh", True, "地区生产总值（元）"),
    ("gdp", "en", True, "GDP (yuan)"),
    ("members_recruited", "zh", False, "发展党员"),
    ("gdp_growth", "en", True, "GDP growth (%)"),
    ("unknown_id", "zh", True, "unknown_id"),
])
def test_label(vocab, indicator, lang, with_unit, expected):
    assert vocab.label(indicator, lang, with_unit) == expected


def test_option_label_leads_with_the_topic(vocab):
    assert vocab.option_label("members_recruited", "zh") == "党的建设 · 发展党员（名）"
    assert vocab.option_label("mystery", "en") == "Other · mystery"


def test_order_by_topic_then_catalog_unknown_last(vocab):
    assert vocab.order(["mystery", "gdp_growth", "members_recruited", "gdp", None, ""]) == [
        "members_recruited", "gdp", "gdp_growth", "mystery"]


def test_empty_vocabulary_still_labels():
    empty = Indicators()
    assert empty.label("gdp", "zh") == "gdp" and empty.order(["b", "a"]) == ["a", "b"]


def test_catalog_frame(vocab):
    frame = catalog_frame(vocab, "en")
    assert frame.shape[0] == 3 and frame.iloc[0]["Id"] == "gdp" and frame.iloc[0]["Patterns"] == 1
    assert frame.iloc[0]["Examples"] == "生产总值12亿元"


def test_the_real_catalog_loads():
    rules = pytest.importorskip("extract.catalog")
    vocab = from_catalog(rules.load_catalog())
    assert "gdp" in vocab.ids and vocab.label("gdp", "zh").startswith("地区生产总值")
    assert all(vocab.topic_label(vocab.topic(i), "en") for i in vocab.ids)
