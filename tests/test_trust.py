"""Figures a reader can trust: signs, periods, datelines, estimates, genres of
document, units and ages, markers as words, and government-report cells.
Each case is a short passage written for this project in the way real reports
are written, the document's file name (which gives region and year), the
mention picked by its text, and what the table must say of it. Negatives (a
level is not a fall, a threshold is no figure) count as much as positives."""
from dataclasses import dataclass, field

import pandas as pd
import pytest

from extract import extract_text


@dataclass(frozen=True)
class Case:
    text: str
    pick: str
    expect: dict = field(default_factory=dict)
    doc: str = "青禾县_2021_政府工作报告.txt"


def mention(case: Case) -> dict:
    rows = extract_text(case.text, doc=case.doc)
    hit = rows[rows["text"] == case.pick]
    assert len(hit) >= 1, f"{case.pick!r} not found in {case.text!r}; got {rows['text'].tolist()}"
    row = hit.iloc[0].to_dict()
    return {k: (None if v is pd.NA or (isinstance(v, float) and v != v) else v) for k, v in row.items()}


SIGNS = [
    Case("全县工业增加值比上年下降3.1%。", "3.1%", {"value": -3.1}),
    Case("贫困人口较上年减少1.2万人。", "1.2万人", {"value": -12000}),
    Case("地区生产总值负增长1.2%。", "1.2%", {"value": -1.2}),
    Case("规模以上工业增加值增长-3%。", "-3%", {"value": -3}),
    Case("能耗、排放分别下降3%、5%。", "5%", {"value": -5}),
    Case("由下降2%转为增长3.5%。", "3.5%", {"value": 3.5}),
    # a level reached is no fall
    Case("班子平均年龄下降到42.6岁。", "42.6岁", {"value": 42.6}),
    Case("考核事项由92个压缩至66个。", "66个", {"value": 66}),
    Case("审批时限降至3个工作日，办理事项减至86项。", "86项", {"value": 86}),
    # 工业增加值 is a noun, not an increase; 减负 is a word, not a minus
    Case("工业增加值完成120亿元。", "120亿元", {"value": 12e9}),
    Case("为企业减负3.2亿元。", "3.2亿元", {"value": 3.2e8}),
]

PERIODS = [
    Case("过去五年，全县累计新增就业2.1万人。", "2.1万人", {"year": None, "period": "2016-2020"}),
    Case("过去五年，地区生产总值年均增长7.2%。", "7.2%", {"year": None, "period": "2016-2020"}),
    Case("“十三五”时期，全县新建农村公路860公里。", "860公里", {"year": None, "period": "2016-2020"}),
    Case("2018年以来，全县累计整顿软弱涣散村党组织37个。", "37个",
         {"year": None, "period": "2018-2020", "indicator": "weak_organizations_rectified"}),
    Case("比2015年增长56%。", "56%", {"year": None, "period": "2015-2020"}),
    # a level reached within the span is the last year's figure
    Case("过去五年，地区生产总值突破300亿元。", "300亿元", {"year": 2020, "period": None, "indicator": "gdp"}),
    Case("地区生产总值由2015年的186.5亿元增加到301.2亿元。", "301.2亿元", {"year": 2020, "period": None}),
    Case("地区生产总值由2015年的186.5亿元增加到301.2亿元。", "186.5亿元", {"year": 2015}),
    Case("到“十三五”期末，常住人口城镇化率达到52%。", "52%", {"year": 2020, "indicator": "urbanization_rate"}),
    # 今年以来 is this year, not a span
    Case("今年以来，全县新发展党员126名。", "126名", {"year": 2021, "period": None},
         doc="青禾县_2021_上半年组织工作总结.txt"),
]

DATELINES = [
    Case("截至2023年底，全县共有党员2.6万名。其中，女党员7200名，35岁以下党员5100名。", "5100名",
         {"year": 2023}, doc="青禾县_2023_党内统计公报.txt"),
    Case("据2022年统计，全县共有基层党组织1108个。全县共有村“两委”干部1540名。", "1540名",
         {"year": 2022, "indicator": "village_cadres"}, doc="青禾县_2022_组织工作总结.txt"),
    Case("2019年，全县选派第一书记86名。同时调整充实驻村工作队员258名。", "258名",
         {"year": 2019, "indicator": "first_secretaries"}, doc="青禾县_2020_组织部长会议讲话.txt"),
    # a comparison names no year of the figure
    Case("全年发展党员312名，比上年增加16名。", "312名", {"year": 2020}),
]

ESTIMATES = [
    Case("预计全年地区生产总值增长7.5%。", "7.5%", {"estimate": True, "kind": "actual", "year": 2020}),
    Case("据初步核算，全县实现地区生产总值268.4亿元，增长6.1%。", "6.1%",
         {"estimate": True, "indicator": "gdp_growth"}),
    Case("全县实现地区生产总值268.4亿元（预计数，下同），比上年增长6.1%。", "6.1%",
         {"estimate": True, "indicator": "gdp_growth"}),     # 预计数，下同: the note marks what follows
    Case("力争地区生产总值增长6.5%左右。", "6.5%左右", {"estimate": False, "kind": "target"}),
]

GENRES = [
    Case("XX县委组织部2019年工作总结\n\n全年培训党员干部1.2万人次。", "1.2万人次",
         {"year": 2019, "kind": "actual"}, doc="summary.txt"),
    Case("2023年党内统计公报\n（2024年6月30日）\n\n全县共有党员2.6万名。", "2.6万名",
         {"year": 2023, "kind": "actual", "indicator": "party_members"}, doc="bulletin.txt"),
    Case("XX县2024年上半年基层党建工作总结\n\n上半年，全县发展党员146名。", "146名",
         {"year": 2024, "kind": "actual", "indicator": "members_recruited"}, doc="midyear.txt"),
    Case("XX县2022年组织工作要点\n\n全年举办各类培训班35期以上。", "35期以上",
         {"year": 2022, "kind": "target", "indicator": "training_sessions"}, doc="plan.txt"),
]

UNITS_AND_AGES = [
    Case("新打机井15口，修建文化广场42处。", "42处", {"unit": "处", "value": 42}),
    Case("硬化通组道路4.6km。", "4.6km", {"unit": "公里", "value": 4.6}),
    Case("新修村文化广场1200㎡。", "1200㎡", {"unit": "平方米", "value": 1200}),
    Case("粮食总产量达到13.6亿斤。", "13.6亿斤", {"unit": "斤", "indicator": "grain_output"}),
    Case("新增高标准农田3.2万亩。", "3.2万亩", {"unit": "亩", "value": 32000}),
    Case("新进班子成员中35岁以下2名。", "2名", {"value": 2}),
    Case("选拔35-50岁的优秀干部12名。", "12名", {"value": 12}),
]

MARKERS = [
    Case("主要经济指标超预期，地区生产总值增长7.1%。", "7.1%", {"kind": "actual"}),
    Case("实施乡村振兴人才支持计划，培养本土人才320名。", "320名", {"kind": "actual"},
         doc="青禾县_2021_组织工作会议讲话.txt"),
    Case("圆满完成市下达的目标任务，全年新增城镇就业5200人。", "5200人",
         {"kind": "actual", "indicator": "new_urban_jobs"}),
    Case("今年要新建党群服务中心12个。", "12个", {"kind": "target"}),
]

GOVERNMENT_REPORTS = [
    Case("一般公共预算收入和支出分别完成21.6亿元、58.3亿元。", "21.6亿元", {"indicator": "budget_revenue"}),
    Case("一般公共预算收入和支出分别完成21.6亿元、58.3亿元。", "58.3亿元", {"indicator": None}),
    Case("城镇、农村常住居民人均可支配收入分别增长4.5%、7.5%。", "7.5%", {"indicator": "rural_income_growth"}),
    Case("城乡居民收入达到32768元、16391元。", "16391元", {"indicator": "rural_income"}),
    Case("全县地区生产总值、规上工业增加值和一般公共预算收入分别下降2.5%、4.1%和8.3%。", "8.3%",
         {"indicator": "budget_revenue_growth", "value": -8.3}),
    Case("粮食总产量54.2万吨，其中南部三乡镇粮食产量18.6万吨。", "18.6万吨", {"indicator": None}),
    Case("南部三县地区生产总值增长6.8%。", "6.8%", {"indicator": None}),
    Case("经开区新增城镇就业3200人。", "3200人", {"indicator": None}),
    Case("地区生产总值突破300亿元、达到301.2亿元。", "300亿元", {"indicator": None}),
    Case("地区生产总值突破300亿元、达到301.2亿元。", "301.2亿元", {"indicator": "gdp"}),
    Case("一般公共预算财政收入完成16.2亿元。", "16.2亿元", {"indicator": "budget_revenue"}),
    Case("单位地区生产总值能耗下降3.2%。", "3.2%", {"indicator": None}),
    Case("城镇居民人均可支配收入增加2100元。", "2100元", {"indicator": None}),
]

ORGANISATION_WORDING = [
    Case("全县共有党的基层组织1126个。", "1126个", {"indicator": "party_organizations"}),
    Case("新建网格党支部86个、楼栋党小组340个。", "340个", {"indicator": None}),
    Case("培养入党积极分子320名。", "320名", {"indicator": None}),
    Case("选调158名干部到县委党校参加培训。", "158名", {"indicator": "people_trained"}),
    Case("回引在外优秀人才150名。", "150名", {"indicator": "talents_recruited"}),
    Case("全年新选聘大学生村官28名。", "28名", {"indicator": "talents_recruited"}),
    Case("村集体经济收入达到18.6万元，较上年增加7.2万元。", "7.2万元", {"indicator": None, "value": 72000}),
    Case("通过压减会议节约资金300万元。", "300万元", {"indicator": None}),
    Case("帮扶单位筹措帮扶资金386万元。", "386万元", {"indicator": "funds"}),
    Case("召回调整不胜任的第一书记5名。", "5名", {"indicator": None}),
]

# Not figures at all.
NOT_FIGURES = [
    ("收入10万元以上的村达到45个。", "10万元以上"),
    ("新签约亿元以上项目42个。", "亿元以上"),
    ("选拔35-50岁的优秀干部12名。", "35-50岁"),
]

CASES = [pytest.param(c, id=f"{name}:{c.text[:24]}:{c.pick}") for name, table in (
    ("signs", SIGNS), ("periods", PERIODS), ("datelines", DATELINES), ("estimates", ESTIMATES),
    ("genres", GENRES), ("units", UNITS_AND_AGES), ("markers", MARKERS), ("government", GOVERNMENT_REPORTS),
    ("organisation", ORGANISATION_WORDING)) for c in table]


@pytest.mark.parametrize("case", CASES)
def test_figure(case):
    got = mention(case)
    for key, want in case.expect.items():
        if isinstance(want, float) and got[key] is not None:
            assert got[key] == pytest.approx(want), (key, got[key], want)
        else:
            assert got[key] == want, (key, got[key], want)


@pytest.mark.parametrize("text, surface", NOT_FIGURES, ids=[s for _, s in NOT_FIGURES])
def test_not_a_figure(text, surface):
    assert surface not in extract_text(text)["text"].tolist()


# One figure stated of both parts of a pair (城乡…): a row for each part's indicator, and only then.
# (text, figure, the indicators of its rows, in order)
BOTH_OF_A_PAIR = [
    ("城乡居民人均可支配收入增长6.3%。", "6.3%", ["urban_income_growth", "rural_income_growth"]),
    ("城乡常住居民人均可支配收入均增长7%左右。", "7%左右", ["urban_income_growth", "rural_income_growth"]),
    ("城乡居民人均可支配收入分别增长7.5%；城镇新增就业1.2万人。", "7.5%",
     ["urban_income_growth", "rural_income_growth"]),
    # two figures pair up instead: one row each
    ("城乡居民人均可支配收入分别增长5.9%、8.8%。", "5.9%", ["urban_income_growth"]),
    ("城乡居民人均可支配收入分别增长5.9%、8.8%。", "8.8%", ["rural_income_growth"]),
    # a level is never one figure for both; nor is a rate of something else of town and country
    ("城乡居民人均可支配收入达到2.8万元。", "2.8万元", [None]),
    ("城乡居民基本医疗保险参保率达到96%。", "96%", [None]),
]


@pytest.mark.parametrize("text, surface, indicators", BOTH_OF_A_PAIR, ids=[t[:20] for t, _, _ in BOTH_OF_A_PAIR])
def test_one_figure_of_both_parts_of_a_pair(text, surface, indicators):
    rows = extract_text(text, doc="青禾县_2021_政府工作报告.txt")
    got = rows[rows["text"] == surface]["indicator"].tolist()
    assert [None if i is pd.NA else i for i in got] == indicators
