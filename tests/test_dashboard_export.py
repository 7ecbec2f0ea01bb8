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


# --------------------------------------------------------------------------
# Downloads people can use: headers, codes and units in the UI's language, a codebook, a note

from dashboard.indicators import from_catalog  # noqa: E402
from extract.catalog import load_catalog  # noqa: E402
from extract.model import MENTION_SCHEMA  # noqa: E402

VOCAB = from_catalog(load_catalog())
PEOPLE = [
    row(indicator="gdp", value=1.117e11, unit="元", text="1117亿元", start=0),
    row(indicator="gdp", value=9.905e10, unit="元", text="990.5亿元", year=2021, doc_year=2022, start=5,
        doc="甲县_2022_政府工作报告.txt", estimate=True),
    row(indicator="new_urban_jobs", value=56000, unit="人", text="5.6万人", start=9, kind="target"),
    row(indicator="gdp_growth", value=-3.1, unit="%", text="3.1%", start=14, qualifier="about"),
    row(indicator="", label="新建村级活动场所", value=45, unit="个", text="45个", start=20),
]


@pytest.fixture(scope="module")
def people():
    return prepare_mentions(table(PEOPLE))


def test_chinese_headers_codes_and_display_units(people):
    out = export.readable(people, VOCAB, "zh")
    assert list(out.columns[:3]) == ["文件", "地区", "省份"]
    assert out["类型"].tolist() == ["完成", "完成", "目标", "完成", "完成"]
    assert out["限定"].tolist()[3] == "约" and out["预计数"].tolist()[:2] == ["否", "是"]
    assert out["指标"].tolist()[:4] == ["地区生产总值", "地区生产总值", "城镇新增就业", "地区生产总值增长"]
    assert out["数值（显示单位）"].tolist()[:4] == [1117.0, 990.5, 5.6, -3.1]
    assert out["显示单位"].tolist() == ["亿元", "亿元", "万人", "%", "个"]  # one per indicator and unit
    assert out["数值（基本单位）"].tolist()[0] == 1.117e11  # the base value beside it, a number


def test_english_headers_are_the_field_ids_and_codes_stay(people):
    out = export.readable(people, VOCAB, "en")
    fields = [c for c in MENTION_SCHEMA.names]
    assert [c for c in out.columns if c in fields] == fields  # schema order
    assert out["kind"].tolist()[2] == "target" and out["display_unit"].tolist()[0] == "billion yuan"
    assert out["display_value"].tolist()[0] == pytest.approx(111.7)


def test_a_column_the_app_frame_adds_is_carried_and_explained(people):
    frame = people.assign(corrected=[False, True, False, False, False])
    out = export.readable(frame, VOCAB, "zh")
    assert out.columns[-1] == "已更正" and out["已更正"].tolist()[1] == "是"
    book = export.codebook_columns(export.columns_for_codebook(frame, out), "zh")
    assert book["列名"].tolist() == list(out.columns)
    assert book.set_index("代码").loc["corrected", "含义"].startswith("该数字经人工更正")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_column_and_indicator_has_a_meaning(people, lang):
    out = export.readable(people, VOCAB, lang)
    columns = export.codebook_columns(export.columns_for_codebook(people, out), lang)
    assert columns.iloc[:, 3].str.len().min() > 3  # meaning
    indicators = export.codebook_indicators(VOCAB, lang)
    assert len(indicators) == len(VOCAB.ids)
    assert not indicators.iloc[:, 5].str.contains("no definition|目录中无定义").any()  # every catalog one defined


def test_an_indicator_without_a_definition_is_described_from_the_catalog():
    text = export.definition("no_such_indicator", VOCAB, "en")
    assert "no definition" in text


def test_excel_download_has_the_codebook_and_no_formulas(people):
    note = export.Note("全部数据", "示例数据 data/sample", 2, len(people))
    data = export.excel(people.assign(label=["=1+1", "+x", "-2", "@a", "ok"]), VOCAB, "zh", note)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["数据", "说明", "列说明", "指标", "代码", "来源文件"]
    sheet = book["数据"]
    header = [c.value for c in sheet[1]]
    labels = [r[header.index("说明")] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert labels == ["'=1+1", "'+x", "'-2", "'@a", "ok"]
    assert all(c.data_type != "f" for r in sheet.iter_rows() for c in r)
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b
    notes = [r[0] for r in book["说明"].iter_rows(min_row=2, values_only=True)]
    assert any("数据来源" in n for n in notes) and any("导出时间" in n for n in notes)


def test_csv_zip_has_the_data_codebook_and_note(people):
    import zipfile

    data = export.csv_zip(people, VOCAB, "zh", export.Note("当前筛选", "", 1, len(people)))
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.namelist() == ["0_说明.txt", "数据.csv", "1_列说明.csv", "2_指标.csv", "3_代码.csv", "4_来源文件.csv"]
    assert all(archive.read(n).startswith(b"\xef\xbb\xbf") for n in archive.namelist())
    back = pd.read_csv(io.BytesIO(archive.read("数据.csv")), encoding="utf-8-sig")
    assert len(back) == len(people) and back["显示单位"].iloc[0] == "亿元"


def test_a_big_download_is_built_once(people):
    cache = export.Prepared(max_entries=2)
    built = []

    def build():
        built.append(1)
        return b"bytes"

    assert cache.get(people, ("all", "zh"), build) == cache.get(people, ("all", "zh"), build) == b"bytes"
    assert len(built) == 1
    other = people.copy()  # another frame (say, with corrections) is another file
    cache.get(other, ("all", "zh"), build)
    assert len(built) == 2


# (cell, what a spreadsheet gets)
CELL_LIMITS = [
    ("x" * 40_000, 32_766),
    ("=" + "x" * 40_000, 32_767),  # cut, then neutralised: still within a cell
]


@pytest.mark.parametrize("text, length", CELL_LIMITS)
def test_cells_are_cut_to_a_spreadsheet_cell(text, length):
    frame = pd.DataFrame({"sentence": [text]})
    sheet = openpyxl.load_workbook(io.BytesIO(export.to_excel_bytes(frame))).active
    assert len(sheet["A2"].value) == length
    back = pd.read_csv(io.BytesIO(export.to_csv_bytes(frame)), encoding="utf-8-sig", dtype=str)
    assert len(back.loc[0, "sentence"]) == length
