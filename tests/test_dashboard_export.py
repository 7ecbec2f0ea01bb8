"""Downloads: UTF-8 with BOM, formulas neutralised, Excel readable, names that say what is inside."""
import io

import openpyxl
import pandas as pd
import pytest

from dashboard import export
from dashboard.frame import prepare_mentions
from bench.synthetic import row, table
from extract.table import read_table

# (cell, expected)
NEUTRALISE_OWASP = [
    ("=1+1", "'=1+1"),
    ("+1", "'+1"),
    ("-1", "'-1"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
]
NEUTRALISE_HARMLESS = [
    ("丹东市", "丹东市"),
    ("1+1=2", "1+1=2"),  # only the first character counts
    ("", ""),
    (None, None),
    (-1.5, -1.5),  # numbers stay numbers
    (3, 3),
]


@pytest.mark.parametrize("cell, expected", NEUTRALISE_OWASP + NEUTRALISE_HARMLESS)
def test_neutralise(cell, expected):
    assert export.neutralise(cell) == expected


HOSTILE = [
    row(label="=cmd|' /C calc'!A0", sentence="@SUM(1+1)*cmd", text="-2+3", value=-2.5, start=0),
    row(region="甲县", label="地区生产总值", sentence="<script>alert(1)</script>", start=10),
]


@pytest.fixture(scope="module")
def frame():
    return prepare_mentions(table(HOSTILE))


def test_csv_has_bom_and_chinese(frame):
    data = export.to_csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    assert "地区生产总值" in data.decode("utf-8-sig")


def test_csv_neutralises_text_but_not_numbers(frame):
    back = pd.read_csv(io.BytesIO(data := export.to_csv_bytes(frame)), encoding="utf-8-sig", dtype=str)
    assert back.loc[0, "label"] == "'=cmd|' /C calc'!A0"
    assert back.loc[0, "sentence"] == "'@SUM(1+1)*cmd"
    assert back.loc[0, "text"] == "'-2+3"
    assert back.loc[0, "value"] == "-2.5"
    assert back.loc[1, "sentence"] == "<script>alert(1)</script>"  # not a formula: as is
    assert data.count(b"\n") == 3


def test_csv_round_trips_through_read_table(frame, tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(export.to_csv_bytes(frame))
    back = read_table(path)
    assert len(back) == 2 and back.loc[1, "region"] == "甲县" and back.loc[0, "value"] == -2.5


def test_csv_of_nothing_has_the_header():
    empty = prepare_mentions(table([]))
    text = export.to_csv_bytes(empty).decode("utf-8-sig")
    assert text.strip().split(",")[:3] == ["doc", "region", "province"]


def test_excel_is_readable_and_has_no_formulas(frame):
    book = openpyxl.load_workbook(io.BytesIO(export.to_excel_bytes(frame)))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:3] == ("doc", "region", "province")
    label = rows[1][header.index("label")]
    assert label == "'=cmd|' /C calc'!A0"
    assert rows[1][header.index("value")] == -2.5
    for cells in sheet.iter_rows():
        for cell in cells:
            assert cell.data_type != "f", cell.coordinate


def test_excel_drops_characters_xml_forbids():
    frame = prepare_mentions(table([row(sentence="a\x01b\x0bc")]))
    book = openpyxl.load_workbook(io.BytesIO(export.to_excel_bytes(frame)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[1][rows[0].index("sentence")] == "abc"


# (prefix, parts, ext, expected)
FILE_NAMES = [
    ("指标表_筛选", ["sample", "gdp", "甲县+乙县", "2020-2024", "12行"], "csv", "指标表_筛选_sample_gdp_甲县+乙县_2020-2024_12行.csv"),
    ("indicator-table_all", ["corpus"], ".xlsx", "indicator-table_all_corpus.xlsx"),
    ("t", ["a/b", 'c:"d"', None, ""], "csv", "t_a-b_c-d-.csv"),
    ("t", ["../../etc/passwd"], "csv", "t_-..-etc-passwd.csv"),
]


@pytest.mark.parametrize("prefix, parts, ext, expected", FILE_NAMES)
def test_file_name(prefix, parts, ext, expected):
    assert export.file_name(prefix, parts, ext) == expected


def test_file_name_is_bounded():
    assert len(export.file_name("t", ["县" * 500], "csv")) <= 125


@pytest.mark.parametrize("values, expected", [
    (["甲县"], "甲县"), (["甲", "乙", "丙"], "甲+乙+丙"), (["甲", "乙", "丙", "丁", "戊"], "甲+乙+丙+2等"),
])
def test_list_part(values, expected):
    assert export.list_part(values, "等") == expected
