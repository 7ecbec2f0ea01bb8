"""The rule catalog documents and tests itself: every example in the data
files runs here, and a broken rule file is rejected with the rule named."""
import shutil
from pathlib import Path

import pytest
import yaml

from extract.catalog import DATA_DIR, CatalogError, load_catalog
from extract.examples import check
from extract.manifest import hint_from_file_name
from extract.model import Document, Hint
from extract.pipeline import default_extractor, examples_stamp, load_extractor

CATALOG = load_catalog()


def _mentions(example):
    hint = hint_from_file_name(example.doc) if example.doc else Hint()
    return default_extractor().extract(Document(doc=example.doc or "example.txt", text=example.text), hint)[1]


EXAMPLES = [pytest.param(ex, id=f"{ex.where}:{ex.text}") for ex in CATALOG.examples()]


@pytest.mark.parametrize("example", EXAMPLES)
def test_catalog_example(example):
    assert check(example, _mentions(example)) is None


def test_every_required_indicator_is_in_the_catalog():
    required = {"people_trained", "training_sessions", "collective_income", "members_recruited",
                "cadres_promoted", "households_linked", "issues_resolved", "talents_recruited",
                "party_organizations", "funds", "gdp", "gdp_growth", "budget_revenue",
                "urban_income", "rural_income", "new_urban_jobs"}
    assert required <= set(CATALOG.indicators)


def test_every_indicator_has_a_positive_and_a_negative_example():
    for ind in CATALOG.indicators.values():
        said = [e.expect.get("indicator", "-") for e in ind.examples]
        assert ind.id in said, ind.id
        assert any(s != ind.id for s in said), ind.id


def test_every_unit_of_a_dimension_converts_to_its_base():
    for unit in CATALOG.units.values():
        if unit.dimension != unit.unit:
            base = CATALOG.units[CATALOG.dimensions[unit.dimension].base]
            assert base.dimension == unit.dimension and base.factor == 1, unit.unit


def ind(data, iid):
    return next(i for i in data["indicators"] if i["id"] == iid)


# Broken catalogs: each edit breaks one rule; loading must name it.
BROKEN = [
    ("duplicate id", "indicators.yaml", lambda d: d["indicators"].append(dict(ind(d, "people_trained"))),
     "people_trained", "duplicate"),
    ("bad pattern", "indicators.yaml", lambda d: ind(d, "training_sessions")["patterns"].append("(?:培训<N>"),
     "training_sessions", "compile"),
    ("no mention slot", "indicators.yaml", lambda d: ind(d, "collective_income")["patterns"].append("集体经济"),
     "collective_income", "<N>"),
    ("unknown unit", "indicators.yaml", lambda d: ind(d, "members_recruited")["units"].append("斗"),
     "members_recruited", "unknown unit"),
    ("unknown topic", "indicators.yaml", lambda d: ind(d, "cadres_promoted").update(topic="sport"),
     "cadres_promoted", "topic"),
    ("same priority", "indicators.yaml", lambda d: ind(d, "cadres_promoted").update(priority=ind(d, "people_trained")["priority"]),
     "cadres_promoted", "priority"),
    ("no priority", "indicators.yaml", lambda d: ind(d, "cadres_promoted").pop("priority"), "cadres_promoted", "priority"),
    ("example that fails", "indicators.yaml", lambda d: ind(d, "households_linked")["examples"].append(
        {"text": "新建党群服务中心8个", "indicator": "households_linked"}), "households_linked", "example"),
    ("example with no mention", "indicators.yaml", lambda d: ind(d, "issues_resolved")["examples"].append(
        {"text": "全面加强基层党建", "indicator": "issues_resolved"}), "issues_resolved", "no mention"),
    ("example of no column", "indicators.yaml", lambda d: ind(d, "issues_resolved")["examples"].append(
        {"text": "解决问题5个", "colour": "red"}), "issues_resolved", "unknown field"),
    ("unit of no dimension", "units.yaml", lambda d: d["units"][0].update(dimension="weight"), "人次", "dimension"),
    ("dimension without its base", "units.yaml", lambda d: d["dimensions"].update(speed={"base": "节"}),
     "speed", "base"),
    ("bad factor", "units.yaml", lambda d: d["units"][7].update(factor="many"), "人", "factor"),
    ("unit example that fails", "units.yaml", lambda d: d["units"][0]["examples"].append(
        {"text": "培训30人次", "value": 31}), "人次", "value"),
    ("kind example that fails", "markers.yaml", lambda d: d["kind"]["examples"].append(
        {"text": "去年新建党支部5个", "kind": "target"}), "kind", "example"),
    ("words not a list", "markers.yaml", lambda d: d["kind"].update(target_weak="要"), "kind", "target_weak"),
]


@pytest.mark.parametrize("name,file,edit,rule,reason", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_catalog_names_the_rule(tmp_path, name, file, edit, rule, reason):
    for f in Path(DATA_DIR).glob("*.yaml"):
        shutil.copy(f, tmp_path / f.name)
    path = tmp_path / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogError) as e:
        load_extractor(tmp_path)
    assert rule in str(e.value) and reason in str(e.value)


def test_broken_yaml_names_the_file(tmp_path):
    for f in Path(DATA_DIR).glob("*.yaml"):
        shutil.copy(f, tmp_path / f.name)
    (tmp_path / "markers.yaml").write_text("kind: [unclosed\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="markers.yaml"):
        load_catalog(tmp_path)


def test_a_pass_of_the_examples_is_remembered_for_its_code_and_data(tmp_path, monkeypatch):
    monkeypatch.setenv("EXTRACT_CACHE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "data"
    data.mkdir()
    for f in Path(DATA_DIR).glob("*.yaml"):
        shutil.copy(f, data / f.name)
    stamp = examples_stamp(data)
    assert not stamp.exists()
    load_extractor(data)
    assert stamp.exists()
    # any edit of the data is another fingerprint: its examples run again
    markers = data / "markers.yaml"
    markers.write_text(markers.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    assert examples_stamp(data) != stamp and not examples_stamp(data).exists()
