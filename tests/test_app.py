"""The app driven without a browser (AppTest): every page, widgets, URL state, bad input.

Two data sets: the bundled sample (what a fresh start opens) and a small
hand-made table with known figures (``--table``), so results can be checked
exactly. Uploads and kept files go to temporary folders.
"""
from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from bench.synthetic import row, table, trained_panel
from extract.table import write_table

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = ("trends", "regions", "compare", "targets", "table", "evidence", "documents", "rules")
ENV = ("DASHBOARD_TABLE", "DASHBOARD_CORPUS", "DASHBOARD_DATA_DIR", "DASHBOARD_CACHE_DIR")


# --------------------------------------------------------------------------
# Data and helpers


KNOWN_ROWS = [
    *trained_panel(),  # 乙县 2021 restated otherwise: a conflict
    row(region="甲县", year=2020, doc_year=2021, indicator="gdp", value=3.05e11, start=100,
        doc="甲县_2021_组织工作总结.txt", text="3050亿元"),
    row(region="乙县", year=2020, doc_year=2021, indicator="gdp", value=1.2e11, start=100,
        doc="乙县_2021_组织工作总结.txt", text="1200亿元"),
    row(region="甲县", year=2020, doc_year=2021, indicator="", value=45, unit="个", start=200,
        doc="甲县_2021_组织工作总结.txt", label="=HYPERLINK(\"x\")", text="45个", sentence="新建党群服务中心45个。"),
]


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path_factory):
    """Every test: a private cache and data folder, the sample unless it says otherwise."""
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path_factory.mktemp("kept")))


@pytest.fixture(scope="session")
def known_table(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("table") / "known.parquet"
    write_table(table(KNOWN_ROWS), path)
    return str(path)


@pytest.fixture()
def known(monkeypatch, known_table):
    monkeypatch.setenv("DASHBOARD_TABLE", known_table)


def open_app(page: str = "trends", params: dict | None = None, first: dict | None = None) -> AppTest:
    """The app on ``page``; ``params`` are in the URL when the page loads, ``first`` on the first run."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(first or {})
    at.run()
    if page != "trends" or params:
        at.switch_page(f"views/{page}.py")
        at.query_params.update(params or {})
        at.run()
    return at


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def array(data):
    """A plotly array from figure JSON (plotly ≥ 6 packs numbers as base64)."""
    if isinstance(data, dict) and "bdata" in data:
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"]).tolist()
    return list(data)


def texts(at: AppTest, kind: str) -> list[str]:
    return [e.value for e in getattr(at, kind)]


def traces(at: AppTest, chart: int = 0) -> list[dict]:
    """A chart's traces; of a trend chart, the region lines only (not the legend's key entries)."""
    return [t for t in figures(at)[chart]["data"] if not (t.get("meta") or {}).get("key")]


# --------------------------------------------------------------------------
# Every page, both languages, both data sets


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_the_sample(page):
    at = ok(open_app(page))
    assert at.title[0].value


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_in_english(page):
    at = ok(open_app(page, first={"lang": "en"}))
    assert at.title[0].value.isascii()


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_a_table_file(known, page):
    ok(open_app(page))


def test_sample_pages_show_data():
    at = ok(open_app("trends"))
    assert figures(at) and traces(at)
    at = ok(open_app("regions"))
    assert len(figures(at)) == 2
    at = ok(open_app("compare"))
    assert not at.dataframe[0].value.empty
    at = ok(open_app("documents"))
    assert len(at.dataframe[0].value) >= 30


def test_sidebar_names_the_data():
    at = ok(open_app())
    sidebar = " ".join(m.value for m in at.sidebar.markdown)
    assert "示例数据" in sidebar and "份文件" in sidebar


# --------------------------------------------------------------------------
# Widgets change what is shown


def test_trends_indicator_regions_targets_years(known):
    at = ok(open_app())
    at.selectbox(key="indicator").select("people_trained").run()
    ok(at)
    at.multiselect(key="regions").set_value(["甲县", "乙县"]).run()
    fig = figures(ok(at))[0]
    assert fig["layout"]["title"]["text"] == "培训人次（万人次）"  # title unit = axis unit
    lines = traces(at)
    names = {t["name"] for t in lines}
    assert names == {"甲县 · 完成", "甲县 · 目标", "乙县 · 完成", "乙县 · 目标"}
    dashes = {t["name"]: t["line"]["dash"] for t in lines}
    assert dashes["甲县 · 完成"] == "solid" and dashes["甲县 · 目标"] == "dash"
    jia = next(t for t in lines if t["name"] == "甲县 · 完成")
    assert "≥1.6万人次" in jia["hovertext"][0] and "甲县_2021_组织工作总结.txt" in jia["hovertext"][0]
    assert any("冲突" in w.value or "conflict" in w.value for w in at.warning)

    at.toggle(key="targets").set_value(False).run()
    assert {t["name"] for t in traces(ok(at))} == {"甲县 · 完成", "乙县 · 完成"}
    at.slider(key="years").set_range(2021, 2022).run()
    jia = next(t for t in traces(ok(at)) if t["name"] == "甲县 · 完成")
    assert array(jia["x"]) == [2021]
    assert at.query_params["years"] == "2021-2022" and at.query_params["targets"] == "0"

    at.selectbox(key="indicator").select("gdp").run()
    assert figures(ok(at))[0]["layout"]["title"]["text"] == "地区生产总值（亿元）"


def test_trends_without_regions_gives_a_hint(known):
    at = ok(open_app())
    at.multiselect(key="regions").set_value([]).run()
    assert not figures(ok(at)) and at.info


def test_regions_page_ranks_and_filters_by_province(known):
    at = ok(open_app("regions", {"indicator": "people_trained"}))
    assert at.selectbox(key="year").value == 2021
    bar = traces(at, 0)[0]
    assert bar["y"] == ["乙县", "甲县", "丙市"]  # largest on top: the last bar
    at.multiselect(key="provinces").set_value(["甲省"]).run()
    assert traces(ok(at), 0)[0]["y"] == ["乙县", "甲县"]
    at.selectbox(key="year").select(2020).run()
    assert "2020" in ok(at).subheader[0].value
    heat = traces(at, 1)[0]
    assert heat["type"] == "heatmap" and heat["y"] == ["甲县", "乙县"]  # in ranking order
    at.radio(key="kind").set_value("target").run()
    heat_title = figures(ok(at))[-1]["layout"]["title"]["text"]
    assert heat_title.endswith("目标")


def test_compare_needs_two_regions_then_shows_a_table(known):
    at = ok(open_app("compare", {"compare": "甲县"}))
    assert at.info and not at.dataframe
    at.multiselect(key="compare").set_value(["甲县", "乙县"]).run()
    frame = ok(at).dataframe[0].value
    assert list(frame.columns) == ["指标", "甲县", "乙县"]
    trained_row = frame[frame["指标"] == "培训人次（人次）"].iloc[0]
    assert trained_row["甲县"] == "1.8万人次 (2021)" and trained_row["乙县"].startswith("⚠")
    at.selectbox(key="cyear").select(2020).run()
    trained_row = ok(at).dataframe[0].value.set_index("指标").loc["培训人次（人次）"]
    assert trained_row["甲县"] == "≥1.6万人次 (2020)"
    multiples = figures(at)[0]
    titles = [a["text"] for a in multiples["layout"]["annotations"]]
    assert any(t.startswith("培训人次") for t in titles) and any(t.startswith("地区生产总值") for t in titles)


def test_targets_page_met_and_missed(known):
    at = ok(open_app("targets", {"indicator": "people_trained", "tregion": "甲县"}))
    frame = at.dataframe[-1].value  # the region's years, under the regions of the year
    assert frame["年份"].tolist() == [2020, 2021, 2022]
    assert frame["判定"].tolist() == ["无目标", "达成", "待公布"]
    at.selectbox(key="tregion").select("乙县").run()
    frame = ok(at).dataframe[-1].value
    assert frame.set_index("年份").loc[2021, "判定"] == "达成"


def test_targets_page_across_regions(known):
    at = ok(open_app("targets", {"indicator": "people_trained"}))
    assert at.selectbox(key="tyear").value == 2021  # the latest year with a verdict
    metrics = {}
    for m in at.metric:  # the year's figures come first, the region's below
        metrics.setdefault(m.label, m.value)
    assert metrics["设定目标的地区"] == "2 / 3" and metrics["达成"] == "2" and metrics["未达成"] == "0"
    ranked = at.dataframe[0].value
    assert ranked["地区"].tolist() == ["甲县", "乙县", "丙市"] and ranked["判定"].tolist() == ["达成", "达成", "无目标"]
    across = figures(at)[0]
    assert {t["name"] for t in across["data"]} == {"目标", "完成值：达成目标"}
    at.selectbox(key="tyear").select(2022).run()
    assert {m.label: m.value for m in ok(at).metric}["设定目标的地区"] == "1 / 1"


def test_table_search_sort_and_downloads(known):
    at = ok(open_app("table"))
    assert len(at.dataframe[0].value) == len(KNOWN_ROWS)
    at.text_input(key="q").input("丙市").run()
    assert ok(at).dataframe[0].value["地区"].tolist() == ["丙市"]
    at.text_input(key="q").input("").run()
    at.selectbox(key="sort").select("value").run()
    at.toggle(key="desc").set_value(True).run()
    values = ok(at).dataframe[0].value["数值（基本单位）"].tolist()
    assert values == sorted(values, reverse=True)
    at.multiselect(key="tk").set_value(["target"]).run()
    assert set(ok(at).dataframe[0].value["类型"]) == {"目标"}
    labels = [b.proto.label for b in at.get("download_button")]
    assert len(labels) == 4 and any("CSV" in x for x in labels) and any("Excel" in x for x in labels)
    assert at.query_params["tk"] == "target" and at.query_params["sort"] == "value"


def test_table_search_with_no_match_gives_a_hint(known):
    at = ok(open_app("table", {"q": "没有这样的文字"}))
    assert at.info and not at.dataframe


def test_language_switch(known):
    at = ok(open_app())
    at.radio(key="lang").set_value("en").run()
    ok(at)
    assert at.title[0].value == "Trends" and at.query_params["lang"] == "en"
    at.radio(key="lang").set_value("zh").run()
    assert ok(at).title[0].value == "趋势" and "lang" not in at.query_params


# --------------------------------------------------------------------------
# URL state


def test_url_restores_a_trends_view(known):
    at = ok(open_app(first={"indicator": "people_trained", "regions": "乙县,丙市", "years": "2021-2021",
                            "targets": "0", "lang": "en"}))
    assert at.selectbox(key="indicator").value == "people_trained"
    assert at.multiselect(key="regions").value == ["乙县", "丙市"]
    assert at.slider(key="years").value == (2021, 2021)
    assert at.toggle(key="targets").value is False
    assert at.title[0].value == "Trends"
    assert {t["name"] for t in traces(at)} == {"乙县 · Result", "丙市 · Result"}


def test_changed_view_round_trips_through_the_url(known):
    at = ok(open_app())
    at.selectbox(key="indicator").select("people_trained").run()
    at.multiselect(key="regions").set_value(["丙市", "甲县"]).run()
    params = dict(ok(at).query_params)
    again = ok(open_app(first=params))
    assert again.multiselect(key="regions").value == ["丙市", "甲县"]
    assert figures(again)[0]["data"] == figures(at)[0]["data"]


@pytest.mark.parametrize("page, params", [
    ("regions", {"indicator": "people_trained", "year": "2020", "kind": "actual", "provinces": "甲省"}),
    ("compare", {"compare": "甲县,乙县", "cyear": "2020"}),
    ("targets", {"indicator": "people_trained", "tregion": "乙县"}),
    ("table", {"q": "甲县", "tr": "甲县", "sort": "year", "desc": "1"}),
    ("evidence", {"doc": "乙县_2023_组织工作总结.txt", "at": "80"}),
    ("rules", {"rule": "gdp"}),
])
def test_url_restores_each_page(known, page, params):
    at = ok(open_app(page, params))
    for key, value in params.items():
        widget = [w for kind in ("selectbox", "multiselect", "text_input", "toggle", "radio") for w in at.get(kind)]
        found = [w for w in widget if w.key == key]
        assert found, key
        shown = found[0].value
        if isinstance(shown, list):
            shown = ",".join(shown)
        elif isinstance(shown, bool):
            shown = "1" if shown else "0"
        assert str(shown) == value, key


BAD_PARAMS = [
    {"indicator": "no_such_indicator"},
    {"indicator": "<script>alert(1)</script>"},
    {"regions": ",,,"},
    {"regions": "不存在的县,另一个"},
    {"years": "abc"},
    {"years": "2030-1990"},
    {"years": "99999999999999999999-1"},
    {"targets": "perhaps"},
    {"lang": "fr"},
    {"lang": ["en", "zh", "xx"]},
    {"unknown_param": "1", "another": ""},
]


@pytest.mark.parametrize("params", BAD_PARAMS)
def test_bad_url_params_give_defaults_on_trends(known, params):
    at = ok(open_app(first=params))
    assert at.title[0].value in ("趋势", "Trends")
    assert figures(at)
    assert "unknown_param" not in at.query_params


@pytest.mark.parametrize("page, params", [
    ("regions", {"year": "1900", "kind": "guess", "provinces": "火星"}),
    ("compare", {"compare": "甲县,甲县,甲县,乙县,丙市,丁县,戊县", "cyear": "latest2"}),
    ("targets", {"tregion": "%00", "indicator": ""}),
    ("table", {"q": "\x00" * 500, "sort": "drop table", "desc": "2", "tr": "x", "ty": "2020-", "tk": "maybe"}),
    ("evidence", {"doc": "../../etc/passwd", "at": "-1"}),
    ("evidence", {"doc": "乙县_2023_组织工作总结.txt", "at": "1e9"}),
    ("rules", {"rule": "??"}),
    ("documents", {"anything": "x"}),
])
def test_bad_url_params_give_defaults_on_other_pages(known, page, params):
    ok(open_app(page, params))


# --------------------------------------------------------------------------
# Evidence


def test_evidence_page_shows_sentence_with_the_number(known):
    at = ok(open_app("evidence", {"doc": "乙县_2023_组织工作总结.txt", "at": "80"}))
    html = [h.value for h in at.get("html")]
    assert any("<mark>9900人次</mark>" in h for h in html)
    assert any(c.value.startswith("原文不可用") for c in at.caption)  # a table file has no texts


def test_evidence_on_the_sample_shows_the_paragraph():
    at = ok(open_app("evidence"))
    html = [h.value for h in at.get("html") if not h.value.startswith("<style>")]  # not the UI's style sheet
    assert len(html) == 2 and all("<mark>" in h for h in html)  # sentence and paragraph


HOSTILE = "一、工作回顾\n<script>alert('x')</script>全年发展党员312名，<b>培训</b>党员干部2.3万人次。\n".encode()


def upload(at: AppTest, *files) -> AppTest:
    at.file_uploader(key="uploader").set_value(list(files)).run()
    return ok(at)


def test_uploaded_html_in_a_document_shows_as_text():
    at = ok(open_app("documents"))
    upload(at, ("hostile.txt", HOSTILE, "text/plain"))
    assert any("hostile.txt" in s.value.replace("\\", "") for s in at.success)
    at.switch_page("views/evidence.py")
    at.query_params.update({"doc": "hostile.txt"})
    at.run()
    ok(at)
    html = " ".join(h.value for h in at.get("html"))
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "<mark>" in html


# --------------------------------------------------------------------------
# Uploads: good files join the data, bad ones are named, the rest go on


def test_upload_joins_the_sessions_data():
    at = ok(open_app("documents"))
    before = at.metric[1].value
    upload(at, ("新县_2024_政府工作报告.txt", "2023年，全县地区生产总值增长6.5%，城镇新增就业5600人。".encode(), "text/plain"))
    assert at.metric[1].value != before
    assert "新县_2024_政府工作报告.txt" in at.dataframe[0].value.iloc[:, 0].tolist()
    at.switch_page("views/table.py")
    at.query_params.update({"q": "新县"})
    at.run()
    assert len(ok(at).dataframe[0].value) >= 1


BAD_UPLOADS = [
    ("binary.txt", bytes(range(256)) * 40, "text/plain"),
    ("empty.txt", b"", "text/plain"),
    ("blank.txt", b"   \n\n  ", "text/plain"),
    ("broken.docx", b"PK\x03\x04 this is not a docx", "application/octet-stream"),
    ("broken.pdf", b"%PDF-1.4 garbage", "application/pdf"),
    ("huge.txt", b"a" * (20 * 1024 * 1024 + 1), "text/plain"),
    ("macro.exe", b"MZ\x90\x00", "application/octet-stream"),
]


@pytest.mark.parametrize("name, data, mime", BAD_UPLOADS, ids=[name for name, _, _ in BAD_UPLOADS])
def test_bad_upload_is_named_and_the_app_goes_on(name, data, mime):
    at = ok(open_app("documents"))
    upload(at, (name, data, mime), ("good.txt", "全年发展党员312名。".encode(), "text/plain"))
    errors = " ".join(e.value for e in at.error).replace("\\", "")  # names are Markdown-escaped
    assert name in errors
    assert any("good.txt" in s.value.replace("\\", "") for s in at.success)
    at.switch_page("views/trends.py").run()
    ok(at)


# --------------------------------------------------------------------------
# Rules


def test_rules_page_tries_a_pattern():
    at = ok(open_app("rules"))
    at.text_input(key="try_pattern").input(r"发展党员\d+名").run()
    at.text_area(key="try_text").input("全年发展党员312名，发展党员45名").run()
    assert any("2" in s.value for s in ok(at).success)
    assert any("<mark>发展党员312名</mark>" in h.value for h in at.get("html"))


def test_rules_page_reports_a_bad_pattern():
    at = ok(open_app("rules"))
    at.text_input(key="try_pattern").input("([").run()
    assert ok(at).error


def test_rules_page_stops_a_runaway_pattern():
    at = ok(open_app("rules"))
    at.slider(key="try_timeout").set_value(0.3).run()
    at.text_input(key="try_pattern").input(r"(?:a|aa){1,100}?(?=x)b").run()
    at.text_area(key="try_text").input("a" * 60).run()
    assert any("停止" in e.value for e in ok(at).error)


# --------------------------------------------------------------------------
# Data sources that fail


def test_a_missing_table_is_a_message(monkeypatch, tmp_path):
    monkeypatch.setenv("DASHBOARD_TABLE", str(tmp_path / "nope.parquet"))
    at = ok(open_app())
    assert at.error and "nope.parquet" in at.error[0].value


def test_a_broken_table_is_a_message(monkeypatch, tmp_path):
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"not parquet at all")
    monkeypatch.setenv("DASHBOARD_TABLE", str(path))
    at = ok(open_app())
    assert at.error and "broken.parquet" in at.error[0].value


def test_both_sources_is_a_message(monkeypatch, known_table, tmp_path):
    monkeypatch.setenv("DASHBOARD_TABLE", known_table)
    monkeypatch.setenv("DASHBOARD_CORPUS", str(tmp_path))
    at = ok(open_app())
    assert at.error


def test_an_empty_corpus_gives_hints_everywhere(monkeypatch, tmp_path):
    monkeypatch.setenv("DASHBOARD_CORPUS", str(tmp_path))
    for page in PAGES:
        at = ok(open_app(page))
        assert not at.exception


def test_the_indicator_follows_the_user_across_pages(known):
    at = ok(open_app())
    at.selectbox(key="indicator").select("gdp").run()
    for page in ("regions", "targets", "trends"):
        at.switch_page(f"views/{page}.py").run()
        if page != "targets":  # the targets page offers only indicators with targets
            assert ok(at).selectbox(key="indicator").value == "gdp", page
