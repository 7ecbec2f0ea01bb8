"""Place names: tables of cases for normalise_region and find_region."""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from extract.regions import LEVELS, Region, _table, _vocabulary, find_region, normalise_region

# shared/ lies beside the work tree (../shared), on CI as on a developer's machine.
MANIFEST = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "MANIFEST.csv"


def R(name, province, level):
    return Region(name, province, level)


# Official names, as the division table writes them; one of each unit type.
OFFICIAL_NAMES = [
    ("丹东市", R("丹东市", "辽宁省", "city")),
    ("襄阳市", R("襄阳市", "湖北省", "city")),
    ("葫芦岛市", R("葫芦岛市", "辽宁省", "city")),
    ("海拉尔区", R("海拉尔区", "内蒙古自治区", "district")),
    ("文山市", R("文山市", "云南省", "county")),  # 县级市
    ("湘潭县", R("湘潭县", "湖南省", "county")),
    ("澧县", R("澧县", "湖南省", "county")),  # two characters
    ("达拉特旗", R("达拉特旗", "内蒙古自治区", "county")),
    ("北川羌族自治县", R("北川羌族自治县", "四川省", "county")),
    ("鄂温克族自治旗", R("鄂温克族自治旗", "内蒙古自治区", "county")),
    ("六枝特区", R("六枝特区", "贵州省", "county")),
    ("神农架林区", R("神农架林区", "湖北省", "county")),
    ("仙桃市", R("仙桃市", "湖北省", "county")),  # 省直辖县级市
    ("文山壮族苗族自治州", R("文山壮族苗族自治州", "云南省", "city")),
    ("阿克苏地区", R("阿克苏地区", "新疆维吾尔自治区", "city")),
    ("兴安盟", R("兴安盟", "内蒙古自治区", "city")),
    ("东莞市", R("东莞市", "广东省", "city")),  # 地级市 without districts
    ("湖北省", R("湖北省", "湖北省", "province")),
    ("内蒙古自治区", R("内蒙古自治区", "内蒙古自治区", "province")),
    ("北京市", R("北京市", "北京市", "province")),  # 直辖市
    ("香港特别行政区", R("香港特别行政区", "香港特别行政区", "province")),
    ("白杨市", R("白杨市", "新疆维吾尔自治区", "county")),  # set up 2023
    ("和安县", R("和安县", "新疆维吾尔自治区", "county")),  # set up 2024
    (" 丹东市\n", R("丹东市", "辽宁省", "city")),  # whitespace is dropped
]

# Everyday short forms.
SHORT_NAMES = [
    ("丹东", R("丹东市", "辽宁省", "city")),
    ("襄阳", R("襄阳市", "湖北省", "city")),
    ("葫芦岛", R("葫芦岛市", "辽宁省", "city")),
    ("海拉尔", R("海拉尔区", "内蒙古自治区", "district")),
    ("湖北", R("湖北省", "湖北省", "province")),
    ("北京", R("北京市", "北京市", "province")),
    ("内蒙古", R("内蒙古自治区", "内蒙古自治区", "province")),
    ("广西", R("广西壮族自治区", "广西壮族自治区", "province")),
    ("西藏", R("西藏自治区", "西藏自治区", "province")),
    ("新疆", R("新疆维吾尔自治区", "新疆维吾尔自治区", "province")),
    ("香港", R("香港特别行政区", "香港特别行政区", "province")),
    ("恩施州", R("恩施土家族苗族自治州", "湖北省", "city")),
    ("文山州", R("文山壮族苗族自治州", "云南省", "city")),
    ("双江", R("双江拉祜族佤族布朗族傣族自治县", "云南省", "county")),
    ("海西", R("海西蒙古族藏族自治州", "青海省", "city")),
    ("隆林", R("隆林各族自治县", "广西壮族自治区", "county")),
    ("塔什库尔干", R("塔什库尔干塔吉克自治县", "新疆维吾尔自治区", "county")),
    ("莫力达瓦", R("莫力达瓦达斡尔族自治旗", "内蒙古自治区", "county")),
    ("神农架", R("神农架林区", "湖北省", "county")),
    ("津市", R("津市市", "湖南省", "county")),
    # a province's short name means the province
    ("河南", R("河南省", "河南省", "province")),  # not 河南蒙古族自治县
    ("吉林", R("吉林省", "吉林省", "province")),  # not 吉林市
    ("海南", R("海南省", "海南省", "province")),  # not 海南区, 海南藏族自治州
    # a prefecture's short name means the prefecture, not the county or city inside it
    ("湘潭", R("湘潭市", "湖南省", "city")),  # not 湘潭县
    ("文山", R("文山壮族苗族自治州", "云南省", "city")),  # not 文山市
    ("阿克苏", R("阿克苏地区", "新疆维吾尔自治区", "city")),
    ("本溪", R("本溪市", "辽宁省", "city")),  # not 本溪满族自治县
]

# Names that exist more than once: None without a hint, the one unit with it.
AMBIGUOUS = [
    ("鼓楼区", None, None),
    ("鼓楼区", "福建省", R("鼓楼区", "福建省", "district")),
    ("鼓楼区", "福建", R("鼓楼区", "福建省", "district")),
    ("鼓楼区", "福州市", R("鼓楼区", "福建省", "district")),  # any place names its province
    ("朝阳区", None, None),
    ("朝阳区", "北京市", R("朝阳区", "北京市", "district")),
    ("朝阳区", "吉林省", R("朝阳区", "吉林省", "district")),
    ("朝阳", None, None),  # 朝阳市, 朝阳县 and two 朝阳区
    ("朝阳", "辽宁省", None),  # 朝阳市 and 朝阳县 both in 辽宁
    ("城区", None, None),
    ("城区", "山西省", None),  # 阳泉 and 晋城 both have one
    ("兴安", None, None),  # 兴安盟, 兴安县
    ("宽城", None, None),  # 宽城满族自治县 (河北), 宽城区 (吉林)
    ("宽城", "河北省", R("宽城满族自治县", "河北省", "county")),
    # the hint settles, never overrides
    ("丹东市", "湖北省", R("丹东市", "辽宁省", "city")),
]

# Anonymised names stay as written; the unit word gives the level.
ANONYMISED = [
    ("XX县", R("XX县", None, "county")),
    ("X县", R("X县", None, "county")),
    ("*县", R("*县", None, "county")),
    ("＊县", R("＊县", None, "county")),
    ("×区", R("×区", None, "district")),
    ("**市", R("**市", None, "city")),
    ("xx市", R("xx市", None, "city")),
    ("某县", R("某县", None, "county")),
    ("XX省", R("XX省", None, "province")),
    ("XX旗", R("XX旗", None, "county")),
    ("XX州", R("XX州", None, "city")),
]

# Words that are no place.
NOT_A_PLACE = [
    "全县", "本市", "全市", "我县", "组织部", "市委", "县委", "区委", "中共", "政府",
    "人民政府", "县", "市", "区", "X", "XX", "XXXX县", "", "   ", "丹东市委", "2021年",
    "鄂温克",  # only a nationality is left: no short name
    "南区",
]

# Title and heading lines, written in the style of real report titles.
TITLES = [
    ("2021年丹东市政府工作报告", None, R("丹东市", "辽宁省", "city")),
    ("丹东市政府工作报告（2021年1月13日 张淑萍）", None, R("丹东市", "辽宁省", "city")),
    ("襄阳市政府工作报告（2021年1月12日 …）", None, R("襄阳市", "湖北省", "city")),
    ("——2021年1月12日在咸宁市第五届人民代表大会第五次会议上", None, R("咸宁市", "湖北省", "city")),
    ("中共*县委组织部", None, R("*县", None, "county")),
    ("中共XX县委组织部2020年工作总结", None, R("XX县", None, "county")),
    ("在XX县组织工作会议上的讲话", None, R("XX县", None, "county")),
    ("×区2019年基层党建工作要点", None, R("×区", None, "district")),
    ("海拉尔区人民政府", None, R("海拉尔区", "内蒙古自治区", "district")),
    ("----2012年2月29日在海拉尔区第十三届人民代表大会第六次会议上", None,
     R("海拉尔区", "内蒙古自治区", "district")),
    ("呼伦贝尔市海拉尔区2019年政府工作报告", None, R("海拉尔区", "内蒙古自治区", "district")),
    ("内蒙古自治区呼伦贝尔市海拉尔区人民政府", None, R("海拉尔区", "内蒙古自治区", "district")),
    ("文山市政府工作报告（2025年1月22日 乐加文）", None, R("文山市", "云南省", "county")),
    ("关于印发《丹东市2021年国民经济和社会发展计划》的通知", None, R("丹东市", "辽宁省", "city")),
    ("政协丹东市委员会工作报告", None, R("丹东市", "辽宁省", "city")),
    ("中共丹东市委组织部关于做好2021年组织工作的通知", None, R("丹东市", "辽宁省", "city")),
    ("湖北省襄阳市人民政府", None, R("襄阳市", "湖北省", "city")),
    ("辽宁丹东市政府工作报告", None, R("丹东市", "辽宁省", "city")),
    ("丹东2021年政府工作报告", None, R("丹东市", "辽宁省", "city")),  # short name
    ("丹东市XX县2020年组织工作要点", None, R("XX县", "辽宁省", "county")),
    # an earlier name settles a later one
    ("北京市朝阳区人民政府", None, R("朝阳区", "北京市", "district")),
    ("吉林省长春市朝阳区人民政府", None, R("朝阳区", "吉林省", "district")),
    ("鞍山市铁西区2020年政府工作报告", None, R("铁西区", "辽宁省", "district")),  # also 沈阳
    ("青岛市南区政府工作报告", None, R("市南区", "山东省", "district")),  # 市 shared
    ("长沙市区交通工作要点", None, R("长沙市", "湖南省", "city")),  # not 荆州's 沙市区
    ("洛阳市老城区人民政府", None, R("老城区", "河南省", "district")),
    # the hint settles an ambiguous name
    ("鼓楼区人民政府", "福建省", R("鼓楼区", "福建省", "district")),
    ("鼓楼区2021年政府工作报告", "江苏省", None),  # 南京 and 徐州 both have one
]

# Title and heading lines that name no place.
TITLES_WITHOUT_PLACE = [
    "2020年全县组织工作要点",
    "在全市组织工作会议上的讲话",
    "政 府 工 作 报 告",
    "各位代表：",
    "关于创建全国示范县的通知",  # 范县
    "（三）推进老城区改造",  # 老城区 is also 洛阳's district
    "2021年公安工作要点",  # 公安县
    "（一）新建、改扩建一批公办幼儿园",  # 新建区
    "让群众安居乐业",  # 安居区, 乐业县
    "鼓楼区人民政府",  # five 鼓楼区
    "朝阳区人民政府",
    "中共中央组织部",
    "",
]

def gap(call, expected, id):
    """A known gap: strict xfail, so a fix is noticed."""
    return pytest.param(call, expected, id=id, marks=pytest.mark.xfail(strict=True, reason="known gap"))


KNOWN_GAPS = [
    gap(lambda: normalise_region("襄樊市"), R("襄阳市", "湖北省", "city"),
                 id="former name 襄樊市 (renamed 2010)"),
    gap(lambda: normalise_region("莱芜市"), R("莱芜市", "山东省", "city"),
                 id="abolished 莱芜市 (merged into 济南 2019)"),
    gap(lambda: normalise_region("鄂温克旗"), R("鄂温克族自治旗", "内蒙古自治区", "county"),
                 id="鄂温克旗 for 鄂温克族自治旗"),
    gap(lambda: normalise_region("前郭"), R("前郭尔罗斯蒙古族自治县", "吉林省", "county"),
                 id="前郭 for 前郭尔罗斯蒙古族自治县"),
    gap(lambda: find_region("丹 东 市 政 府 工 作 报 告"), R("丹东市", "辽宁省", "city"),
                 id="spaced-out title"),
]


@pytest.mark.parametrize("name, expected", OFFICIAL_NAMES + SHORT_NAMES + ANONYMISED)
def test_normalise_region(name, expected):
    assert normalise_region(name) == expected


@pytest.mark.parametrize("name, hint, expected", AMBIGUOUS)
def test_normalise_region_ambiguous(name, hint, expected):
    assert normalise_region(name, province_hint=hint) == expected


@pytest.mark.parametrize("name", NOT_A_PLACE)
def test_normalise_region_not_a_place(name):
    assert normalise_region(name) is None


@pytest.mark.parametrize("text, hint, expected", TITLES)
def test_find_region(text, hint, expected):
    assert find_region(text, province_hint=hint) == expected


@pytest.mark.parametrize("text", TITLES_WITHOUT_PLACE)
def test_find_region_no_place(text):
    assert find_region(text) is None


@pytest.mark.parametrize("call, expected", KNOWN_GAPS)
def test_known_gaps(call, expected):
    assert call() == expected


@pytest.mark.parametrize("hint", ["火星省", "XX县", "鼓楼区"])
def test_bad_province_hint_raises(hint):
    with pytest.raises(ValueError, match="province_hint"):
        normalise_region("丹东", province_hint=hint)


# The table and the data file check each other.

def test_table_counts():
    """34 provincial units, 333 prefectures, about 2,850 county-level units."""
    levels = Counter(p.region.level for places in _table().full.values() for p in places)
    assert levels["province"] == 34
    assert levels["city"] >= 333
    assert levels["district"] + levels["county"] >= 2840
    assert set(levels) <= set(LEVELS)


def test_every_unique_official_name_is_itself():
    for name, places in _table().full.items():
        if len(places) == 1:
            assert normalise_region(name) == places[0].region


def test_every_autonomous_unit_but_bare_nationalities_has_a_short_name():
    named = {p.region.name for places in _table().short.values() for p in places}
    missing = {n for n in _table().full if "自治" in n and n not in named}
    assert missing == {"鄂温克族自治旗", "鄂伦春自治旗", "东乡族自治县"}


def test_every_unique_official_name_is_found_in_a_title():
    common = set(_vocabulary()["common_words"])
    wrong = [
        name for name, places in _table().full.items()
        if len(places) == 1 and name not in common and find_region(f"{name}人民政府") != places[0].region
    ]
    assert wrong == []


@given(st.text(alphabet=st.sampled_from(list("丹东市县区省州旗XＸ*×某年在中共委组织部政府人民鼓楼朝阳，（） 2")) | st.characters(),
               max_size=40))
def test_find_region_takes_any_text(text):
    found = find_region(text)
    assert found is None or (found.level in LEVELS and found.name)


def test_common_words_are_names():
    table = _table()
    stale = [w for w in _vocabulary()["common_words"] if w not in table.full and w not in table.short]
    assert stale == []


def test_short_names_keep_two_characters():
    assert all(len(s) >= 2 for s in _table().short)


# Extra evaluation on the shared corpus (skipped where shared/ is absent).

def _manifest():
    with MANIFEST.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.skipif(not MANIFEST.exists(), reason="shared corpus absent")
def test_manifest_regions_normalise():
    wrong = [
        (row["file"], normalise_region(row["region"]))
        for row in _manifest()
        if normalise_region(row["region"]) != Region(row["region"], row["province"], row["region_level"])
    ]
    assert wrong == []


@pytest.mark.skipif(not MANIFEST.exists(), reason="shared corpus absent")
def test_manifest_regions_found_in_title_lines():
    """The first place named in a document's first lines is the MANIFEST's region."""
    wrong = []
    for row in _manifest():
        text = (MANIFEST.parent / row["file"]).read_text(encoding="utf-8")
        lines = [line.strip() for line in text.splitlines() if line.strip()][:6]
        found = next((r for r in map(find_region, lines) if r), None)
        if found != Region(row["region"], row["province"], row["region_level"]):
            wrong.append((row["file"], found))
    assert wrong == []


# Division codes, 6 digits, from the table; renamed counties join today's unit.
CODES = [
    ("丹东市", "210600"), ("海拉尔区", "150702"), ("湖北省", "420000"), ("文山市", "532601"),
    ("长清县", "370113"),      # 县改区 (2001): read as 长清区
    ("XX县", None), ("青禾县", None),
]


@pytest.mark.parametrize("name, code", CODES)
def test_region_code(name, code):
    region = normalise_region(name)
    assert (region.code if region else None) == code
