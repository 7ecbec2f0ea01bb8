"""The app with its store, driven without a browser (AppTest): uploads placed, kept and seen by new sessions;
corrections on Evidence everywhere and undone; who may write; the Rules extractor only when asked;
nothing written into a corpus; a changed corpus noticed."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from bench.synthetic import row, table
from dashboard import auth, userstore
from dashboard.places import region_options
from extract.table import write_table

APP = str(Path(__file__).resolve().parent.parent / "app.py")
ENV = ("DASHBOARD_TABLE", "DASHBOARD_CORPUS", "DASHBOARD_DATA_DIR", "DASHBOARD_CACHE_DIR")
NAMED = ("松溪县_2023_政府工作报告.txt", "2022年全县地区生产总值增长5.6%。2023年地区生产总值增长6%左右。".encode())
UNNAMED = ("报告.txt", "过去一年，全县地区生产总值增长5.2%，城镇新增就业3600人。".encode())
SONGXI = next(p.key for p in region_options() if p.name == "松溪县")
HASH = auth.hash_password("正确的密码", salt=b"0123456789abcdef", iterations=2000)


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path_factory):
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    data = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data))
    return data


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_app(page: str = "trends", params: dict | None = None, secrets: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    if page == "trends":
        at.query_params.update(params or {})
    at.run()
    if page != "trends":
        at.switch_page(f"views/{page}.py")
        at.query_params.update(params or {})
        at.run()
    return ok(at)


def upload(at: AppTest, *files) -> AppTest:
    at.file_uploader(key="uploader").set_value([(n, d, "text/plain") for n, d in files]).run()
    return ok(at)


def widget(at: AppTest, kind: str, prefix: str, n: int = 0):
    return [w for w in getattr(at, kind) if w.key and w.key.startswith(prefix)][n]


def keep(at: AppTest, n: int = 0, region: str | None = None, year: int | None = None) -> AppTest:
    """Set the n-th pending upload's region and year (when given) and keep it."""
    if region:
        widget(at, "selectbox", "region_new_", n).select(region)
    if year:
        widget(at, "selectbox", "year_new_", n).select(year)
    widget(at, "button", "submit_new_", n).click().run()
    return ok(at)


def kept_docs(at: AppTest) -> list[str]:
    frame = next(d.value for d in at.dataframe if "上传时的名称" in d.value.columns)
    return frame["文件"].tolist()


def array(data) -> list:
    """A plotly array from figure JSON (plotly ≥ 6 packs numbers as base64)."""
    import base64

    import numpy as np

    if isinstance(data, dict) and "bdata" in data:
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"]).tolist()
    return list(data)


def store_of(data: Path) -> userstore.UserStore:
    return userstore.UserStore(data, "sample")


# --------------------------------------------------------------------------
# Uploads


def test_uploads_are_placed_kept_and_seen_by_a_new_session(isolated):
    at = open_app("documents")
    upload(at, NAMED, UNNAMED)
    assert any("报告" in w.value and "未能识别" in w.value for w in at.warning)  # no region, no year: said so
    keep(at, 0)
    keep(at, 0, region=SONGXI, year=2024)  # the first form left is the unnamed one
    assert sorted(kept_docs(at)) == ["报告.txt", "松溪县_2023_政府工作报告.txt"]

    again = open_app("documents")  # another session (a reload, another browser)
    assert sorted(kept_docs(again)) == ["报告.txt", "松溪县_2023_政府工作报告.txt"]
    kept = {u.doc: u for u in store_of(isolated).snapshot().uploads}
    assert (kept["报告.txt"].region, kept["报告.txt"].year) == ("松溪县", 2024)
    trends = open_app("trends", {"indicator": "gdp_growth", "regions": "松溪县"})
    fig = json.loads(trends.get("plotly_chart")[0].proto.spec)
    assert any(t["name"].startswith("松溪县") for t in fig["data"])
    assert any("2 份" in c.value for c in trends.sidebar.caption), [c.value for c in trends.sidebar.caption]


def test_a_file_uploaded_again_is_recognised_not_saved_twice(isolated):
    at = open_app("documents")
    upload(at, NAMED)
    keep(at)
    again = open_app("documents")
    upload(again, ("another name.txt", NAMED[1]))
    assert any("内容相同" in i.value for i in again.info)
    assert not [b for b in again.button if b.key and b.key.startswith("submit_new_")]
    assert len(store_of(isolated).snapshot().uploads) == 1
    assert len(list((isolated / "files").iterdir())) == 1


def test_a_kept_upload_without_region_is_warned_about_and_fixed(isolated):
    at = open_app("documents")
    upload(at, UNNAMED)
    keep(at)
    assert any("报告" in w.value and "地区或年份未知" in w.value for w in at.warning)
    widget(at, "selectbox", "region_kept_").select(SONGXI)
    widget(at, "selectbox", "year_kept_").select(2024)
    widget(at, "button", "submit_kept_").click().run()
    ok(at)
    assert not any("地区或年份未知" in w.value for w in at.warning)
    mentions = store_of(isolated).snapshot().mentions
    assert set(mentions["region"]) == {"松溪县"} and set(mentions["year"].dropna()) == {2023}


def test_a_kept_upload_can_be_removed(isolated):
    at = open_app("documents")
    upload(at, NAMED)
    keep(at)
    at.button(key="remove_upload").click().run()
    ok(at)
    assert store_of(isolated).snapshot().uploads == () and not list((isolated / "files").iterdir())


@pytest.mark.parametrize("name", ["../../../escape.txt", "/tmp/absolute.txt", "<script>alert(1)</script>.txt",
                                  "a\x00b.txt", "**bold** [x](javascript:alert(1)).txt"])
def test_hostile_upload_names_stay_in_the_store_and_show_as_text(isolated, tmp_path, name):
    at = open_app("documents")
    upload(at, (name, NAMED[1] + str(abs(hash(name))).encode()))  # other bytes for each name
    keep(at, region=SONGXI, year=2023)
    written = sorted(str(p.relative_to(isolated)) for p in isolated.rglob("*") if p.is_file())
    assert len(written) == 2 and written[0] == "dashboard.duckdb" and written[1].startswith("files/")
    assert not Path("/tmp/absolute.txt").exists() and not (tmp_path.parent / "escape.txt").exists()
    shown = " ".join(m.value for m in [*at.success, *at.warning, *at.markdown])
    assert "<script>" not in shown and "**bold**" not in shown.replace("\\*", "")
    assert not any("\x00" in d for d in kept_docs(at))


def test_with_a_corpus_nothing_is_written_into_it(monkeypatch, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "甲县_2021_政府工作报告.txt").write_text("全县地区生产总值增长6.5%。", encoding="utf-8")
    before = sorted((p.name, p.stat().st_mtime_ns) for p in corpus.iterdir())
    monkeypatch.setenv("DASHBOARD_CORPUS", str(corpus))
    at = open_app("documents")
    upload(at, NAMED)
    keep(at)
    assert sorted((p.name, p.stat().st_mtime_ns) for p in corpus.iterdir()) == before
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(corpus / "kept"))
    refused = open_app()
    assert refused.error and "corpus" in refused.error[0].value and not (corpus / "kept").exists()


def test_a_changed_corpus_is_noticed_without_a_restart(monkeypatch, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "甲县_2021_政府工作报告.txt").write_text("全县地区生产总值增长6.5%。", encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_CORPUS", str(corpus))
    at = open_app("documents")
    assert at.metric[0].value == "1"
    (corpus / "乙县_2021_政府工作报告.txt").write_text("全县地区生产总值增长5.5%。", encoding="utf-8")
    time.sleep(3.2)  # views.loading looks at the files at most every 3 s
    at.run()
    assert ok(at).metric[0].value == "2"


# --------------------------------------------------------------------------
# Corrections

GROWTH = dict(indicator="gdp_growth", unit="%", label="地区生产总值增长")
TARGET_ROWS = [
    row(doc="松溪县_2023.txt", region="松溪县", year=2023, doc_year=2023, kind="target", value=6.0, start=10, end=12,
        text="6%", sentence="地区生产总值增长6%。", **GROWTH),
    row(doc="松溪县_2024.txt", region="松溪县", year=2023, doc_year=2024, value=5.2, start=20, end=24, text="5.2%",
        sentence="地区生产总值增长5.2%。", **GROWTH),
    row(doc="萤川市_2024.txt", region="萤川市", year=2023, doc_year=2024, value=6.1, start=5, end=9, text="6.1%",
        sentence="地区生产总值增长6.1%。", **GROWTH),
]


@pytest.fixture()
def targets_table(monkeypatch, tmp_path):
    path = tmp_path / "targets.parquet"
    write_table(table(TARGET_ROWS), path)
    monkeypatch.setenv("DASHBOARD_TABLE", str(path))


def verdict() -> str:
    at = open_app("targets", {"indicator": "gdp_growth", "tregion": "松溪县"})
    return at.dataframe[-1].value["判定"].tolist()[0]  # the region's own table, under the one across regions


def correct_value(at: AppTest, value: str, note: str = "") -> AppTest:
    widget(at, "text_input", "correct_value_").input(value)
    if note:
        widget(at, "text_area", "correct_note_").input(note)
    widget(at, "button", "correct_save_").click().run()
    return ok(at)


def test_a_correction_on_evidence_shows_everywhere_and_undo_restores(targets_table, isolated):
    assert verdict() == "未达成"
    at = open_app("evidence", {"doc": "松溪县_2024.txt", "at": "20"})
    correct_value(at, "6.5", note="次年报告修订")
    assert at.metric[0].value == "6.5%" and any("已更正" in m.value for m in at.markdown)
    assert verdict() == "达成"
    compare = open_app("compare", {"compare": "松溪县,萤川市"})
    assert compare.dataframe[0].value.set_index("指标").iloc[0]["松溪县"].startswith("6.5%")
    trend = open_app("trends", {"indicator": "gdp_growth", "regions": "松溪县", "targets": "0"})
    assert 6.5 in array(json.loads(trend.get("plotly_chart")[0].proto.spec)["data"][0]["y"])
    again = open_app("evidence", {"doc": "松溪县_2024.txt", "at": "20"})
    widget(again, "button", "correct_undo_").click().run()
    assert ok(again).metric[0].value == "5.2%"
    assert verdict() == "未达成"


def test_a_correction_without_a_change_or_with_a_bad_value_is_not_saved(targets_table, isolated):
    at = open_app("evidence", {"doc": "松溪县_2024.txt", "at": "20"})
    correct_value(at, "5.2")
    assert any("没有改动" in i.value for i in at.info)
    correct_value(at, "五点二个")
    assert any("无法保存" in e.value for e in at.error)
    assert userstore.UserStore(isolated, "sample").snapshot().corrections == ()


def test_not_a_figure_drops_it_from_the_targets(targets_table):
    at = open_app("evidence", {"doc": "松溪县_2024.txt", "at": "20"})
    widget(at, "checkbox", "correct_not_figure_").check()
    widget(at, "button", "correct_save_").click().run()
    ok(at)
    assert verdict() == "待公布"


def test_the_review_page_lists_and_counts(targets_table):
    at = open_app("review")
    assert at.title[0].value == "核查" and at.metric
    en = AppTest.from_file(APP, default_timeout=120)
    en.query_params["lang"] = "en"
    en.run()
    en.switch_page("views/review.py").run()
    assert ok(en).title[0].value == "Review"


# --------------------------------------------------------------------------
# Who may write


def test_an_anonymous_session_cannot_keep_or_correct_when_sign_in_is_configured(targets_table, isolated):
    secrets = {"dashboard": {"password_hash": HASH}}
    at = open_app("documents", secrets=secrets)
    upload(at, NAMED)
    submit = widget(at, "button", "submit_new_")
    assert submit.disabled and any("登录" in i.value for i in at.info)
    ev = open_app("evidence", {"doc": "松溪县_2024.txt", "at": "20"}, secrets=secrets)
    assert widget(ev, "button", "correct_save_").disabled
    snap = userstore.UserStore(isolated, f"table:{os.environ['DASHBOARD_TABLE']}").snapshot()
    assert snap.uploads == () and snap.corrections == ()


def test_signing_in_with_the_password_allows_writes(targets_table):
    secrets = {"dashboard": {"password_hash": HASH}}
    at = open_app("evidence", {"doc": "松溪县_2024.txt", "at": "20"}, secrets=secrets)
    at.text_input(key="sign_in_password").input("猜的")
    at.button[[b.label for b in at.button].index("登录")].click().run()
    assert any("密码不对" in e.value for e in ok(at).error)
    at.text_input(key="sign_in_name").input("王芳")
    at.text_input(key="sign_in_password").input("正确的密码")
    at.button[[b.label for b in at.button].index("登录")].click().run()
    ok(at)
    assert any("王芳" in c.value for c in at.sidebar.caption)
    correct_value(at, "6.5")
    assert at.metric[0].value == "6.5%" and any("王芳" in m.value for m in at.markdown)


def test_served_to_others_without_sign_in_nobody_writes(targets_table):
    from streamlit import config

    old = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    try:
        at = open_app("evidence", {"doc": "松溪县_2024.txt", "at": "20"})
        assert widget(at, "button", "correct_save_").disabled
        assert any("没有配置登录" in i.value for i in at.info)
    finally:
        config.set_option("server.address", old)


def test_reading_can_be_closed_too(targets_table):
    at = open_app("trends", secrets={"dashboard": {"password_hash": HASH, "read": "signed_in"}})
    assert at.title[0].value == "请先登录" and not at.get("plotly_chart")


# --------------------------------------------------------------------------
# Rules


def test_the_rules_page_extracts_only_when_asked():
    at = open_app("rules")
    at.text_input(key="try_pattern").input("发展党员").run()
    at.text_area(key="try_text").input("全年发展党员312名。" * 500).run()
    before = len(ok(at).dataframe)
    at.slider(key="try_timeout").set_value(0.5).run()
    assert len(ok(at).dataframe) == before  # a rerun does not run the extractor
    at.button(key="run_extractor").click().run()
    extracted = ok(at).dataframe[-1].value
    assert len(at.dataframe) == before + 1 and len(extracted) == 500


def test_a_docx_bomb_upload_is_refused_with_a_reason_and_the_app_goes_on(isolated):
    from test_bounded import docx_bomb

    at = open_app("documents")
    upload(at, ("炸弹.docx", docx_bomb(1500)), NAMED)
    errors = " ".join(e.value for e in at.error).replace("\\", "")
    # refused by the reader's unpacked-size limit, or else by the worker's memory bound
    assert "炸弹.docx" in errors and any(w in errors for w in ("too large when unpacked", "MemoryError", "内存"))
    assert any("松溪县" in s.value for s in at.success)
    at.switch_page("views/trends.py").run()
    assert ok(at).get("plotly_chart")
