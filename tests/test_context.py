"""Year, kind and region of mentions in whole documents written for these
tests: a government work report given in January, one given in December, a
speech reviewing one year and planning the next, and a compilation."""
import pandas as pd
import pytest

from extract import extract_text
from extract.manifest import hint_from_file_name

JANUARY_REPORT = """---
title: 丹东市政府工作报告（2021年1月13日）
---
丹东市政府工作报告

一、2020年工作回顾

过去一年，全市地区生产总值完成815.6亿元，增长1.8%。一般公共预算收入58.2亿元。
城镇新增就业2.3万人。预计全年社会消费品零售总额增长2%左右。

二、2021年工作安排

全市经济社会发展的主要预期目标是：地区生产总值增长6%以上，城镇新增就业2万人。
新建5G基站1000个。到2025年，地区生产总值达到1100亿元。
"""

DECEMBER_REPORT = """常德市政府工作报告
——2022年12月28日在常德市第八届人民代表大会第二次会议上

一、2022年工作回顾
今年以来，全市地区生产总值预计增长4.5%。
二、2023年工作安排
地区生产总值增长6.5%。
"""

SPEECH = """在全县组织工作会议上的讲话

2019年，县委组织部坚持围绕中心。
——干部教育扎实推进。举办各类培训班42期，累计培训干部1.2万余人次，将全县650名离退休党员编入支部。
2020年是全面建成小康社会的收官之年。
一、突出思想建党
今年要打造18个模范机关，每年举办3期以上培训班。去年发展党员120名。
"""

COMPILATION = """组织部长会议交流发言
中共*县委组织部
2022年，在乡村振兴一线提拔干部25名。
中共XX县委组织部
选派43名干部驻村。
"""


def rows_of(text, doc):
    rows = extract_text(text, doc=doc)
    return {r["text"]: r for _, r in rows.iterrows()}


# (document, file name, mention text, year, kind)
YEAR_AND_KIND = [
    (JANUARY_REPORT, "a.txt", "815.6亿元", 2020, "actual"),
    (JANUARY_REPORT, "a.txt", "1.8%", 2020, "actual"),
    (JANUARY_REPORT, "a.txt", "2.3万人", 2020, "actual"),
    (JANUARY_REPORT, "a.txt", "2%左右", 2020, "actual"),      # an estimate is a result
    (JANUARY_REPORT, "a.txt", "6%以上", 2021, "target"),
    (JANUARY_REPORT, "a.txt", "2万人", 2021, "target"),
    (JANUARY_REPORT, "a.txt", "1000个", 2021, "target"),
    (JANUARY_REPORT, "a.txt", "1100亿元", 2025, "target"),
    (DECEMBER_REPORT, "常德市_2023_政府工作报告.txt", "4.5%", 2022, "actual"),
    (DECEMBER_REPORT, "常德市_2023_政府工作报告.txt", "6.5%", 2023, "target"),
    (SPEECH, "s.txt", "42期", 2019, "actual"),
    (SPEECH, "s.txt", "1.2万余人次", 2019, "actual"),
    (SPEECH, "s.txt", "650名", 2019, "actual"),               # 将 here marks the object, not a plan
    (SPEECH, "s.txt", "18个", 2020, "target"),
    (SPEECH, "s.txt", "3期以上", 2020, "target"),
    (SPEECH, "s.txt", "120名", 2019, "actual"),
]


@pytest.mark.parametrize("text,doc,surface,year,kind", YEAR_AND_KIND,
                         ids=[f"{c[2]}" for c in YEAR_AND_KIND])
def test_year_and_kind(text, doc, surface, year, kind):
    row = rows_of(text, doc)[surface]
    assert (row["year"], row["kind"]) == (year, kind)


INDICATORS = [
    (JANUARY_REPORT, "815.6亿元", "gdp"),
    (JANUARY_REPORT, "1.8%", "gdp_growth"),
    (JANUARY_REPORT, "58.2亿元", "budget_revenue"),
    (JANUARY_REPORT, "2.3万人", "new_urban_jobs"),
    (JANUARY_REPORT, "2%左右", None),
    (JANUARY_REPORT, "6%以上", "gdp_growth"),
    (SPEECH, "42期", "training_sessions"),
    (SPEECH, "1.2万余人次", "people_trained"),
    (SPEECH, "120名", "members_recruited"),
]


@pytest.mark.parametrize("text,surface,indicator", INDICATORS, ids=[c[1] for c in INDICATORS])
def test_indicator_in_context(text, surface, indicator):
    got = rows_of(text, "x.txt")[surface]["indicator"]
    assert (got if isinstance(got, str) else None) == indicator


def test_region_from_file_name_is_normalised():
    row = rows_of("全年新增就业5000人。", "丹东_2021_政府工作报告.txt")["5000人"]
    assert (row["region"], row["province"], row["region_level"]) == ("丹东市", "辽宁省", "city")


def test_region_from_title():
    row = rows_of(JANUARY_REPORT, "report.txt")["815.6亿元"]
    assert (row["region"], row["province"]) == ("丹东市", "辽宁省")


def test_each_section_of_a_compilation_has_its_region():
    rows = rows_of(COMPILATION, "c.txt")
    assert rows["25名"]["region"] == "*县"
    assert rows["43名"]["region"] == "XX县"


def test_doc_year_from_file_name_and_title():
    assert rows_of(DECEMBER_REPORT, "常德市_2023_政府工作报告.txt")["6.5%"]["doc_year"] == 2023
    assert rows_of(JANUARY_REPORT, "x.txt")["6%以上"]["doc_year"] == 2021


FILE_NAMES = [
    ("丹东市_2021_政府工作报告.txt", ("丹东市", 2021, "政府工作报告")),
    ("/some/dir/青禾县_2023_组织工作会议讲话.docx", ("青禾县", 2023, "组织工作会议讲话")),
    ("report.txt", (None, None, None)),
    ("2021_丹东.txt", (None, None, None)),
]


@pytest.mark.parametrize("name,expected", FILE_NAMES, ids=[f[0] for f in FILE_NAMES])
def test_hint_from_file_name(name, expected):
    h = hint_from_file_name(name)
    assert (h.region, h.year, h.doctype) == expected


FIVE_YEAR_REVIEW = """一、2020年和“十三五”时期工作回顾
过去五年，全市新增城镇就业27.9万人，地区生产总值年均增长7.1%。
2020年，全市城镇新增就业5.4万人。
"""


def test_a_five_year_review_has_no_single_year():
    rows = rows_of(FIVE_YEAR_REVIEW, "绵阳市_2021_政府工作报告.txt")
    assert pd.isna(rows["27.9万人"]["year"]) and pd.isna(rows["7.1%"]["year"])
    assert rows["5.4万人"]["year"] == 2020


# Figures that fit a pattern but are not the region's own indicator.
NOT_THE_REGIONS = [
    ("江油市经济总量突破300亿元。", "300亿元"),
    ("县域范围地区生产总值达到2733.72亿元。", "2733.72亿元"),
    ("桃源县、石门县地区生产总值超过200亿元。", "200亿元"),
    ("地区生产总值连跨2000亿元大台阶。", "2000亿元"),
]


@pytest.mark.parametrize("text,surface", NOT_THE_REGIONS, ids=[n[1] for n in NOT_THE_REGIONS])
def test_not_the_regions_indicator(text, surface):
    assert pd.isna(rows_of(text, "绵阳市_2021_政府工作报告.txt")[surface]["indicator"])


def test_an_estimate_in_a_five_year_review_is_for_the_year_under_review():
    text = "一、“十二五”时期和2015年工作回顾\n“十二五”时期，经济总量持续扩大。预计全市地区生产总值完成990.5亿元。\n"
    assert rows_of(text, "丹东市_2016_政府工作报告.txt")["990.5亿元"]["year"] == 2015


# A level after a growth rate borrows the subject: the second figure is the indicator.
BORROWED_LEVELS = [
    ("公共财政预算收入增长7%，达到14.6亿元。", "14.6亿元", "budget_revenue"),
    ("地区生产总值突破400亿元大关，完成409.3亿元，增长3.6%。", "409.3亿元", "gdp"),
    ("地区生产总值突破400亿元大关，完成409.3亿元，增长3.6%。", "3.6%", "gdp_growth"),
    ("一般公共预算收入从182.5亿元增至250.9亿元。", "250.9亿元", "budget_revenue"),
    ("一般公共预算收入从182.5亿元增至250.9亿元。", "182.5亿元", None),
]


@pytest.mark.parametrize("text,surface,indicator", BORROWED_LEVELS, ids=[b[1] for b in BORROWED_LEVELS])
def test_borrowed_subject(text, surface, indicator):
    got = rows_of(text, "x.txt")[surface]["indicator"]
    assert (None if pd.isna(got) else got) == indicator


def test_a_pair_subject_split_by_an_enumeration_comma():
    rows = rows_of("城镇、农村居民人均可支配收入分别达41171元、18792元，分别增长5.5%和7.1%。", "x.txt")
    assert rows["41171元"]["indicator"] == "urban_income"
    assert rows["18792元"]["indicator"] == "rural_income"


WORK_PLAN = """2021年全县组织工作要点
一、加强干部教育培训
1. 全年举办各类培训班30期，培训干部3000人次以上。
2. 去年全县发展党员210名，今年保持稳定。
"""


def test_the_items_of_a_work_plan_are_targets_for_its_year():
    rows = rows_of(WORK_PLAN, "plan.txt")
    assert (rows["30期"]["kind"], rows["30期"]["year"]) == ("target", 2021)
    assert (rows["3000人次以上"]["kind"], rows["3000人次以上"]["year"]) == ("target", 2021)
    assert (rows["210名"]["kind"], rows["210名"]["year"]) == ("actual", 2020)


def test_a_speech_naming_no_place_in_its_title_speaks_for_the_anonymised_place_in_its_text():
    text = "在全县组织工作会议上的讲话\n2019年，出台《XX县人才工作若干措施》，引进人才45名。\n"
    row = rows_of(text, "s.txt")["45名"]
    assert (row["region"], row["region_level"]) == ("XX县", "county")


def test_a_routine_in_a_review_does_not_make_targets():
    text = "一、2022年工作回顾\n每月调度重点项目，以紧迫感大抓项目，全年新引进项目1461个，新开工814个。\n"
    rows = rows_of(text, "襄阳市_2023_政府工作报告.txt")
    assert rows["1461个"]["kind"] == rows["814个"]["kind"] == "actual"
