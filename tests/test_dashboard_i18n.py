"""The UI word table: both languages everywhere, every key the code asks for present."""
import re
from pathlib import Path

import pytest
import yaml

from dashboard import i18n

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([ROOT / "app.py", *ROOT.glob("views/**/*.py"), *ROOT.glob("dashboard/**/*.py")])
# t("key", ...), tt("key"), hint("key"), stop_with("key"), header("key", "key"), maybe("key"
KEY_CALL = re.compile(r"""\b(?:t|tt|hint|stop_with|header|maybe)\(\s*["']([a-z_]+\.[a-z_0-9.]+)["']""")
NOTE_KEY = re.compile(r"""\bnote = ["']([a-z_]+\.[a-z_]+)["']""")  # evidence notes, shown with tt(note)
HINT_KEY = re.compile(r"""\bhint=["']([a-z_]+\.[a-z_0-9.]+)["']""")  # a page result's hint, shown with hint()
HEADER_SECOND = re.compile(r"""\bheader\(\s*["'][^"']+["']\s*,\s*["']([a-z_]+\.[a-z_0-9.]+)["']""")
# f"kind.{k}" and the like: the prefix and the values the code puts in
DYNAMIC = {
    "kind": ("actual", "target"),
    "status": ("met", "missed", "pending", "no_target", "incomparable"),
    "qualifier": ("exact", "over", "about", "under", "range"),
    "language": ("zh", "en"),
    "source": ("sample", "corpus", "table"),
    "col": ("region", "doc_year", "year", "indicator", "value", "doc", "kind"),  # the table page's sorts
    "measure": ("level", "index", "change"),
    "note": ("gaps", "estimates", "corrected", "conflicts"),
}


def used_keys() -> set[str]:
    keys = set()
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        for pattern in (KEY_CALL, HEADER_SECOND, NOTE_KEY, HINT_KEY):
            keys |= set(pattern.findall(text))
        for m in re.finditer(r"""(?:tt|t|hint)\(\s*["']([a-z_]+)\.["']\s*\+""", text):
            keys |= {f"{m.group(1)}.{v}" for v in DYNAMIC[m.group(1)]}
        for m in re.finditer(r"""(?:tt|t)\(\s*f["']([a-z_]+)\.\{""", text):
            keys |= {f"{m.group(1)}.{v}" for v in DYNAMIC[m.group(1)]}
    return keys


def test_the_scan_finds_keys():
    assert len(used_keys()) > 100


@pytest.mark.parametrize("key", sorted(used_keys()))
def test_every_key_used_is_defined(key):
    assert i18n.has(key), f"{key} is used in the code but missing from i18n.yaml"


@pytest.mark.parametrize("key", i18n.keys())
def test_every_key_has_both_languages(key):
    words = i18n._table()[key]
    assert set(words) == set(i18n.LANGUAGES), key


@pytest.mark.parametrize("key", i18n.keys())
def test_fields_are_the_same_in_both_languages(key):
    words = i18n._table()[key]
    fields = {lang: set(re.findall(r"\{(\w+)\}", text)) for lang, text in words.items()}
    assert fields["zh"] == fields["en"], key


def test_every_unit_of_the_extractor_has_words():
    units = yaml.safe_load((ROOT / "extract" / "data" / "units.yaml").read_text(encoding="utf-8"))["units"]
    missing = [u["unit"] for u in units if not i18n.has(f"unit.{u['unit']}")]
    assert not missing


@pytest.mark.parametrize("raw, expected", [("zh", "zh"), ("en", "en"), ("fr", "zh"), (None, "zh"), ("", "zh"),
                                           ("<script>", "zh"), (["en"], "zh")])
def test_unknown_language_gives_chinese(raw, expected):
    assert i18n.language(raw) == expected


def test_t_fills_fields_and_falls_back():
    assert i18n.t("hint.no_data_year", "zh", year=2021) == "2021年没有数据。"
    assert i18n.t("hint.no_data_year", "en", year=2021) == "No figures for 2021."
    assert i18n.t("page.trends", "fr") == "趋势"
    with pytest.raises(KeyError):
        i18n.t("no.such.key", "zh")
