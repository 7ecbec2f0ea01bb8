"""The two-stage scanner (`Grammar.matches`) against the grammar in one piece
(`Grammar.reference_matches`, a `finditer` of `Grammar.pattern`): the same
matches, spans and groups, on sentences written for this and on generated ones."""
from __future__ import annotations

import sys

import pytest
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from extract.catalog import load_catalog
from extract.mentions import default_grammar
from extract.numerals import NUMBER_MARKS, NUMERAL_CHARS, OVER_CHARS, SIGN_CHARS
from extract.prefilter import SPACE

GRAMMAR = default_grammar()

# Where the two stages meet: percent and fraction forms next to numbers with units,
# ranges, placeholders, marks inside words, numbers inside codes and ordinals.
WRITTEN = [
    "培训干部1.6万余人次，增长-3%",
    "八成以上的村，三分之一的党员，1/3个，百分之八十五",
    "三又三分之一，五分之壹，2/3/4个，1/2”，“两个三分之一”",
    "三成半，七成六，成员12名，八成人，一成不变",
    "1-2个，三到五名，6%-7%，1 - 2 个，3～5万元，十至十五人",
    "×个，X名，**人，xx户，ABC3个，第三个，十三届十五次",
    "2500余万元，30多个，万余人，千万元扶持计划，突破百万吨",
    "三千米，5千米，120千米，3000千瓦，一千二百三十四个",
    "减负3亿元，负增长1.2%，负三个，-3%，+5个，＋5个",
    "百分之五十个，八成3个，三分之一个，1/3%，1.2.3个",
    "二〇一九年，一九九九个，两三个，三四名，几十个，数百名",
    "零件3个，零点五个，零十个，半百人，百三个",
    "1\x1c-\x1c2个，1\u3000-\u30002个，1\n-\n2个",
    "有关部门2个。三分之\n一",
]

# Pieces the generated sentences are made of: every unit form, numeral character,
# sign, over-word and mark, and the characters around them that change a reading.
_UNIT_FORMS = sorted(load_catalog().unit_of_form)
PIECES = sorted(set(
    _UNIT_FORMS + list(NUMERAL_CHARS) + list(SIGN_CHARS) + list(OVER_CHARS) + list(NUMBER_MARKS)
    + list("0123456789０１２３４５６７８９.．,%-~～—－至到+＋半又几数第届×xX*＊AB/()（）”\"’」、，。；")
    + [" ", "\n", "\u3000", "\x1c", "的村", "以上", "左右", "以下", "超过", "约", "下降", "增长", "人民", "干部"]))
sentences = st.lists(st.sampled_from(PIECES), max_size=24).map("".join)


@pytest.mark.parametrize("text", WRITTEN)
def test_written_sentences_scan_alike(text):
    assert list(GRAMMAR.matches(text)) == list(GRAMMAR.reference_matches(text))


@settings(max_examples=3000, deadline=None)
@given(sentences)
@example("三分之" * 30 + "一个")
@example("1" * 40 + "/" + "2个" * 5)
def test_generated_sentences_scan_alike(text):
    assert list(GRAMMAR.matches(text)) == list(GRAMMAR.reference_matches(text))


def test_spelled_out_space_is_regexs():
    """The standard `re` reads the scanner's first stage: its space class must be `regex`'s \\s."""
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert regex.findall(SPACE, every) == regex.findall(r"\s", every)
