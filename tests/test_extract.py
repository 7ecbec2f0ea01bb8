"""Mentions found in sentences: value, unit, qualifier, range. Cases are
sentences written for this project, in lists named by where the kind of case
comes from; negatives matter as much as positives."""
from dataclasses import dataclass

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract import extract_text


@dataclass(frozen=True)
class Case:
    text: str
    surface: str
    value: float | None
    unit: str
    qualifier: str = "exact"
    high: float | None = None


def mentions(text):
    return extract_text(text)


def find(text, surface):
    rows = mentions(text)
    hit = rows[rows["text"] == surface]
    assert len(hit) == 1, f"{surface!r} not found once in {text!r}; got {rows['text'].tolist()}"
    return hit.iloc[0]


# The guide's own kinds of mention (GUIDE.md §1), in new sentences.
FROM_GUIDE = [
    Case("全年累计培训党员干部2.4万余人次", "2.4万余人次", 24000, "人次", "over"),
    Case("调整村“两委”干部17名", "17名", 17, "名"),
    Case("村集体经济总收入达到936万元", "936万元", 9360000, "元"),
    Case("结对联系困难群众1.35万户", "1.35万户", 13500, "户"),
    Case("占新提拔干部总数的76%", "76%", 76, "%"),
    Case("较上年度减少25%", "25%", -25, "%"),           # a fall is negative (GUIDE §2)
    Case("城乡两千个党支部开展结对共建", "两千个", 2000, "个"),
    Case("今年要建成15个示范党支部", "15个", 15, "个"),
    Case("每批次储备40名左右年轻干部", "40名左右", 40, "名", "about"),
    Case("每月梳理2-4个重点问题", "2-4个", 2, "个", "range", 4),
    Case("每个支部确定1至2名联络员", "1至2名", 1, "名", "range", 2),
    Case("培育三到五个示范点", "三到五个", 3, "个", "range", 5),
    Case("发放慰问金6万多元", "6万多元", 60000, "元", "over"),
    Case("新增党建经费3200余万元", "3200余万元", 32000000, "元", "over"),
    Case("开通党员咨询电话180部", "180部", 180, "部"),
    Case("从基层一线晋升比例达85%以上", "85%以上", 85, "%", "over"),
    Case("全市现场会三次在本镇召开", "三次", 3, "次"),
]

# What government work reports say, in new sentences.
FROM_REPORT_GENRE = [
    Case("地区生产总值完成1520.3亿元", "1520.3亿元", 152030000000, "元"),
    Case("一般公共预算收入增长7.8%", "7.8%", 7.8, "%"),
    Case("城镇化率提高1.1个百分点", "1.1个百分点", 1.1, "个百分点"),
    Case("城镇新增就业3.1万人", "3.1万人", 31000, "人"),
    Case("粮食产量稳定在45万吨以上", "45万吨以上", 450000, "吨", "over"),
    Case("固定资产投资增长10%左右", "10%左右", 10, "%", "about"),
    Case("居民消费价格涨幅控制在3%以内", "3%以内", 3, "%", "under"),
    Case("实际利用外资2.6亿美元", "2.6亿美元", 260000000, "美元"),
    Case("总投资1.2万亿元", "1.2万亿元", 1200000000000, "元"),
    Case("全年接待游客突破1800万人次", "1800万人次", 18000000, "人次", "over"),
    Case("帮扶近3000户困难家庭", "3000户", 3000, "户", "under"),
    Case("约有2600名志愿者参与", "2600名", 2600, "名", "about"),
    Case("进出口增长6%-8%", "6%-8%", 6, "%", "range", 8),
]

NUMERAL_FORMS = [
    Case("新建农家书屋一千二百三十四个", "一千二百三十四个", 1234, "个"),
    Case("完成投资3,500万元", "3,500万元", 35000000, "元"),
    Case("新增就业１２３０人", "１２３０人", 1230, "人"),
    Case("覆盖率达到８２％", "８２％", 82, "%"),
    Case("发展党员一亿二千万名", "一亿二千万名", 120000000, "名"),
    Case("参加活动的群众达万余人", "万余人", 10000, "人", "over"),
    Case("组织群众千余名", "千余名", 1000, "名", "over"),
    Case("贫困发生率下降到百分之二", "百分之二", 2, "%"),
    Case("九成以上的村实现通网", "九成以上", 90, "%", "over"),
    Case("每人每年要将三分之一的时间用于调研", "三分之一", 0.333333, "分之"),
    Case("一般公共预算收入达到一点五亿元", "一点五亿元", 150000000, "元"),
]

# The shape issue: the mention scanner once kept its own numeral characters
# and percent grammar, and read these wrong; now the numeral grammar's own.
FROM_SHAPE_ISSUE = [
    Case("新录用选调生廿二名", "廿二名", 22, "名"),
    Case("拨付专项资金貳拾万元", "貳拾万元", 200000, "元"),
    Case("选派兩百名干部驻村", "兩百名", 200, "名"),
    Case("工业增加值增长-3%", "-3%", -3, "%"),
    Case("利润总额增长负三个百分点", "负三个百分点", -3, "个百分点"),
    Case("为企业减负3.2亿元", "3.2亿元", 320000000, "元"),
    Case("每村配备网格员+2名联络员", "2名", 2, "名"),
]

# Units spelled as symbols, and measure words new to the catalog.
UNIT_FORMS = [
    Case("人均公园绿地面积达到9.2m2", "9.2m2", 9.2, "平方米"),
    Case("治理水土流失面积92.8km2", "92.8km2", 92.8, "平方公里"),
    Case("新建城市道路18km", "18km", 18, "公里"),
    Case("粮食总产量83亿斤", "83亿斤", 8300000000, "斤"),
    Case("人均粮食占有量480公斤", "480公斤", 480, "公斤"),
]


@pytest.mark.parametrize("case", FROM_GUIDE + FROM_REPORT_GENRE + NUMERAL_FORMS + FROM_SHAPE_ISSUE + UNIT_FORMS,
                         ids=lambda c: c.text)
def test_mentions(case):
    row = find(case.text, case.surface)
    assert row["value"] == pytest.approx(case.value, rel=1e-6)
    assert row["unit"] == case.unit
    assert row["qualifier"] == case.qualifier
    if case.high is None:
        assert pd.isna(row["high"])
    else:
        assert row["high"] == pytest.approx(case.high)


# Not quantities (GUIDE.md §1 "Do not count it"), each in a sentence of ours:
# the listed text must not be read as a number.
NEGATIVES = [
    ("2021年，全县上下共同努力", "dates and years"),
    ("二〇二一年是开局之年", "year in Chinese"),
    ("3月15日召开动员会", "date"),
    ("1-9月完成投资", "month range"),
    ("2022-10-18 09:30:00", "web time stamp"),
    ("学习贯彻党的二十届三中全会精神", "session name"),
    ("县委十四届八次全会召开", "session ordinal with 次"),
    ("选派第一书记驻村", "ordinal"),
    ("第3批次干部", "ordinal batch"),
    ("健全村“两委”班子", "name with numeral"),
    ("落实“三会一课”制度", "name with numerals"),
    ("增强“四个意识”、坚定“四个自信”", "slogan"),
    ("推广“1+N”工作法", "formula name"),
    ("推进“千村示范”工程", "thousand-village name"),
    ("建设5G基站", "technology name"),
    ("改造国道318线", "road name"),
    ("编制“十四五”规划", "plan name"),
    ("畅通12380举报渠道", "hotline"),
    ("一、加强思想建设", "list numbering"),
    ("（一）抓好班子建设", "list numbering in brackets"),
    ("一是强化学习", "list numbering 一是"),
    ("1.加强干部教育培训", "list numbering 1."),
    ("树立“五个方面”导向", "enumeration"),
    ("重点抓好4件事", "enumeration of tasks"),
    ("建设一支高素质队伍", "indefinite article"),
    ("开展一次全面排查", "indefinite article with 次"),
    ("打通服务群众“最后一公里”", "idiom"),
    ("连续三年获评优秀", "duration"),
    ("选拔35岁以下乡镇长", "age limit"),
    ("树立“20字”好干部标准", "slogan with characters"),
    ("每周五召开例会", "weekday"),
    ("用3个月时间集中整治", "duration in months"),
    ("办理时限压缩至5个工作日", "duration in working days"),
    ("打造“三个表率”模范机关", "slogan with 个"),
    ("组建五支队伍", "enumeration of teams"),
    ("重点抓好以下5个方面的工作", "enumeration summary before a list"),
    ("办好十件民生实事", "slogan of ten tasks"),
]


@pytest.mark.parametrize("text,why", NEGATIVES, ids=[n[1] for n in NEGATIVES])
def test_not_a_quantity(text, why):
    rows = mentions(text)
    assert rows.empty, f"{why}: found {rows['text'].tolist()} in {text!r}"


# Anonymised figures give a row with no value and the placeholder flag.
PLACEHOLDERS = [
    ("覆盖×个街道", "×个", "个"),
    ("新发展党员X名", "X名", "名"),
    ("学习研讨×余次", "×余次", "次"),
]


@pytest.mark.parametrize("text,surface,unit", PLACEHOLDERS, ids=[p[0] for p in PLACEHOLDERS])
def test_placeholder_has_no_value(text, surface, unit):
    row = find(text, surface)
    assert row["placeholder"] == True  # noqa: E712 (pandas boolean)
    assert pd.isna(row["value"])
    assert row["unit"] == unit


def test_two_mentions_in_one_clause():
    rows = mentions("考核部门由88个压缩至61个")
    assert rows["value"].tolist() == [88, 61]


def test_not_a_str_is_misuse():
    with pytest.raises(ValueError):
        extract_text(b"bytes")


# Property: every row's text is the document slice [start:end].
_pieces = st.sampled_from([
    "全县培训干部1.6万余人次", "，", "。", "\n", "2019年", "一、", "地区生产总值增长6.5%",
    "**年", "×个", "两委", "１２３名", "　", "\r\n", "三到五个", "百分之八十", "<b>", "X名",
])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_pieces, st.text(max_size=6)), max_size=25))
def test_text_is_the_document_slice(parts):
    text = "".join(parts)
    rows = mentions(text)
    for _, r in rows.iterrows():
        assert text[r["start"]:r["end"]] == r["text"]


LABELS = [
    ("2023年全县新增城镇就业3600人", "3600人", "全县新增城镇就业"),
    ("举办各类培训班50期", "50期", "举办各类培训班"),
    ("选派57名事业身份优秀干部到乡镇挂职", "57名", "选派事业身份优秀干部到乡镇挂职"),
]


@pytest.mark.parametrize("text,surface,label", LABELS, ids=[l[1] for l in LABELS])
def test_label_says_what_is_counted(text, surface, label):
    assert find(text, surface)["label"] == label
