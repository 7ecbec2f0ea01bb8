"""The rule catalog documents and tests itself: every example in the data
files runs here, and a broken rule file is rejected with the rule named."""
import shutil
from pathlib import Path

import pytest
import yaml

from extract import extract_text
from extract.pipeline import load_grammar
from extract.rules import DATA_DIR, CatalogError, load_catalog

CATALOG = load_catalog()


def _first(text):
    rows = extract_text(text)
    assert len(rows), f"no mention found in {text!r}"
    return rows.iloc[0]


UNIT_EXAMPLES = [pytest.param(u.unit, ex, id=f"{u.unit}:{ex.text}")
                 for u in CATALOG.units.values() for ex in u.examples]


@pytest.mark.parametrize("unit,example", UNIT_EXAMPLES)
def test_unit_examples(unit, example):
    row = _first(example.text)
    assert row["unit"] == unit
    assert row["value"] == pytest.approx(example.value, rel=1e-6)


INDICATOR_EXAMPLES = [pytest.param(i.id, ex, id=f"{i.id}:{ex.text}")
                      for i in CATALOG.indicators.values() for ex in i.examples]


@pytest.mark.parametrize("indicator,example", INDICATOR_EXAMPLES)
def test_indicator_examples(indicator, example):
    row = _first(example.text)
    got = row["indicator"] if isinstance(row["indicator"], str) else None
    assert got == example.indicator
    if example.value is not None:
        assert row["value"] == pytest.approx(example.value, rel=1e-6)
    if example.unit is not None:
        assert row["unit"] == example.unit


@pytest.mark.parametrize("example", CATALOG.markers.qualifier_examples, ids=lambda e: e.text)
def test_qualifier_examples(example):
    assert _first(example.text)["qualifier"] == example.qualifier


@pytest.mark.parametrize("example", CATALOG.markers.kind_examples, ids=lambda e: e.text)
def test_kind_examples(example):
    assert _first(example.text)["kind"] == example.kind


def test_every_required_indicator_is_in_the_catalog():
    required = {"people_trained", "training_sessions", "collective_income", "members_recruited",
                "cadres_promoted", "households_linked", "issues_resolved", "talents_recruited",
                "party_organizations", "funds", "gdp", "gdp_growth", "budget_revenue",
                "urban_income", "rural_income", "new_urban_jobs"}
    assert required <= set(CATALOG.indicators)


def test_every_indicator_has_a_positive_and_a_negative_example():
    for ind in CATALOG.indicators.values():
        assert any(e.indicator == ind.id for e in ind.examples), ind.id
        assert any(e.indicator != ind.id for e in ind.examples) or len(ind.examples) >= 2, ind.id


# Broken catalogs: each edit breaks one rule; loading must name it.
BROKEN = [
    ("duplicate id", lambda d: d["indicators"].append(dict(d["indicators"][0])), "people_trained", "duplicate"),
    ("bad pattern", lambda d: d["indicators"][1]["patterns"].append("(?:培训<N>"), "training_sessions", "compile"),
    ("no mention slot", lambda d: d["indicators"][2]["patterns"].append("集体经济"), "collective_income", "<N>"),
    ("unknown unit", lambda d: d["indicators"][3]["units"].append("斤"), "members_recruited", "unknown unit"),
    ("unknown topic", lambda d: d["indicators"][4].update(topic="sport"), "cadres_promoted", "topic"),
    ("example that fails", lambda d: d["indicators"][5]["examples"].append(
        {"text": "新建党群服务中心8个", "indicator": "households_linked"}), "households_linked", "example"),
    ("example with no mention", lambda d: d["indicators"][6]["examples"].append(
        {"text": "全面加强基层党建", "indicator": "issues_resolved"}), "issues_resolved", "no mention"),
]


@pytest.mark.parametrize("name,edit,rule,reason", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_catalog_names_the_rule(tmp_path, name, edit, rule, reason):
    for f in Path(DATA_DIR).glob("*.yaml"):
        shutil.copy(f, tmp_path / f.name)
    path = tmp_path / "indicators.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogError) as e:
        load_grammar(tmp_path)
    assert rule in str(e.value) and reason in str(e.value)
