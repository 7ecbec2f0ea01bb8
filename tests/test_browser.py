"""The dashboard in a real headless Chromium, on the bundled sample: what a user sees and clicks.

Each test opens its own browser context (its own Streamlit session) on the
one app server of the session (fixtures in conftest.py). Before reading the
page a test waits for the rerun to finish: the script not running and no
element left over from the previous run (``data-stale="true"``). Screenshots
go to tests/artifacts/ (gitignored): look at them.
"""
from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from bench.appserver import free_port

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SETTLE_TIMEOUT = 60_000  # ms; the first page of the session loads the sample
FRESH_CHART = '[data-testid="stElementContainer"][data-stale="false"] [data-testid="stPlotlyChart"]'
NAV = ("趋势", "地区", "对比", "目标与完成", "数据表与下载", "出处", "文件", "规则")
JOBS = "民生与就业 · 城镇新增就业（人）"

# data/sample/EXPECTED.csv: 城镇新增就业, results.
SHALIU_JOBS = {(2019, 2150.0), (2020, 1980.0), (2021, 2240.0), (2022, 2310.0), (2023, 2280.0)}
LATEST_JOBS = {"萤川市": "4.28万人 (2023)", "苜川县": "1580人 (2023)"}

# The uploaded report: written here, so its figures are known.
UPLOAD_NAME = "松溪县_2024_政府工作报告.docx"
UPLOAD_PARAGRAPHS = (
    "过去一年，全县经济运行稳中有进。2023年全县新增城镇就业3600人。",
    "全年实现地区生产总值128.6亿元，增长5.2%。城镇居民人均可支配收入38500元。",
)
UPLOAD_FIGURES = ("3600人 · 城镇新增就业", "128.6亿元 · 地区生产总值", "5.2% · 地区生产总值增长",
                  "38500元 · 城镇居民人均可支配收入")


# --------------------------------------------------------------------------
# Helpers


# Installed before the app loads: counts the script runs the page has seen start, and notes
# when the page last changed. A run of a few milliseconds (a page that stops at a hint) can
# start and finish within one render, so the script state never shows "running": such a run
# is seen by the server's script_finished message instead (``finished_runs``).
COUNT_RUNS = """
window.__runs = 0;
window.__changed = performance.now();
new MutationObserver(records => {
  window.__changed = performance.now();
  for (const r of records) {
    if (r.attributeName === 'data-test-script-state' && r.oldValue === 'notRunning'
        && r.target.getAttribute('data-test-script-state') !== 'notRunning') window.__runs++;
  }
}).observe(document, {subtree: true, childList: true, characterData: true, attributes: true,
                      attributeOldValue: true});
"""
QUIET_MS = 300  # no change on the page for this long: a finished run is drawn


def count_finished_runs(page: Page) -> list[int]:
    """A counter of the script runs the server says are finished (not those stopped for a newer one)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    finished = [0]

    def on_frame(payload) -> None:
        message = ForwardMsg()
        try:
            message.ParseFromString(payload if isinstance(payload, bytes) else payload.encode())
        except Exception:  # not a ForwardMsg: nothing to count
            return
        if (message.WhichOneof("type") == "script_finished"
                and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN):
            finished[0] += 1

    page.on("websocket", lambda ws: ws.on("framereceived", on_frame))
    return finished


@pytest.fixture()
def page(page: Page) -> Page:
    """pytest-playwright's page (a fresh browser context: a new Streamlit session), counting reruns."""
    page.add_init_script(COUNT_RUNS)
    page.finished_runs = count_finished_runs(page)
    page.set_default_timeout(30_000)
    return page


def settle(page: Page, timeout: int = SETTLE_TIMEOUT) -> None:
    """Wait until the rerun is over: script not running, nothing stale on the page."""
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=timeout)
    expect(page.locator('[data-stale="true"]')).to_have_count(0, timeout=timeout)


def rerun(page: Page, action) -> None:
    """Do what makes the app rerun (a click), then wait for that rerun, not an earlier one, to finish."""
    runs, finished = page.evaluate("window.__runs"), page.finished_runs[0]
    action()
    waited = 0
    while page.evaluate("window.__runs") <= runs and page.finished_runs[0] <= finished:
        if waited >= SETTLE_TIMEOUT:
            raise AssertionError(f"no rerun in {SETTLE_TIMEOUT} ms after the action")
        page.wait_for_timeout(50)  # lets Playwright deliver the websocket's frames
        waited += 50
    page.wait_for_function("ms => performance.now() - window.__changed > ms", arg=QUIET_MS, timeout=SETTLE_TIMEOUT)
    settle(page)


def open_page(page: Page, path: str) -> None:
    page.goto(path)
    settle(page)


def navigate(page: Page, title: str) -> None:
    """Go to another page through the sidebar, in the same session (uploads stay)."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    settle(page)


def choose(page: Page, label: str, option: str, search: str | None = None) -> None:
    """Pick ``option`` in the selectbox or multiselect labelled ``label`` (typing narrows long lists)."""
    box = page.get_by_role("combobox", name=label, exact=True)
    if box.input_value() == option:  # a selectbox showing it already: choosing it again is no change
        return
    box.click()
    box.press_sequentially(search or option)
    rerun(page, page.get_by_role("option", name=option, exact=True).click)
    if page.get_by_role("listbox").is_visible():  # a multiselect stays open for more
        page.keyboard.press("Escape")


def chart_title(page: Page) -> str:
    titles = page.locator(f"{FRESH_CHART} .gtitle")
    expect(titles).to_have_count(1)
    return titles.text_content()  # SVG text


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query, keep_blank_values=True)  # regions= means "none chosen"


def grid(page: Page, n: int = 0) -> tuple[list[str], list[list[str]]]:
    """Header and rows of an st.dataframe, read from the grid's accessible table (the cells are drawn on a canvas)."""
    table = page.get_by_test_id("stDataFrame").nth(n).locator("table[role=grid]")
    expect(table.locator("thead th").first).to_be_attached()  # the grid is drawn after the rerun
    header = table.locator("thead th").all_text_contents()
    rows = [r.locator("td").all_text_contents() for r in table.locator("tbody tr").all()]
    return header, rows


def snap(page: Page, name: str) -> Path:
    """A screenshot of the whole page: the window is made as tall as the main area's content first."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    size = page.viewport_size
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(int(height), 6000))})
    page.wait_for_timeout(300)  # charts redraw for the new size
    page.screenshot(path=path, full_page=True)
    page.set_viewport_size(size)
    return path


def draws_chinese(page: Page) -> bool:
    """Two different Chinese characters drawn in the page's font differ (missing glyphs are identical boxes)."""
    return page.evaluate("""() => {
        const font = getComputedStyle(document.querySelector('h1')).fontFamily;
        const canvas = document.createElement('canvas');
        canvas.width = canvas.height = 64;
        const ctx = canvas.getContext('2d');
        const draw = ch => {
            ctx.clearRect(0, 0, 64, 64);
            ctx.font = `48px ${font}`;
            ctx.fillText(ch, 4, 52);
            return ctx.getImageData(0, 0, 64, 64).data.join(',');
        };
        return draw('趋') !== draw('势') && draw('势') !== draw('标');
    }""")


def docx_bytes(paragraphs) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("松溪县2024年政府工作报告", level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------
# Tests


def test_opens_in_chinese(page: Page):
    open_page(page, "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("趋势")
    nav = page.get_by_test_id("stSidebarNav")
    for title in NAV:
        expect(nav.get_by_role("link", name=title, exact=True)).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_contain_text("33 份文件")
    assert chart_title(page)  # a chart of the most reported indicator, drawn
    assert draws_chinese(page), "Chinese characters are drawn as identical boxes: no CJK font"
    snap(page, "01_trends_zh")


def test_trends_indicator_change_redraws_chart(page: Page):
    open_page(page, "/")
    before = chart_title(page)
    ticks_before = page.locator(f"{FRESH_CHART} .ytick text").all_text_contents()
    assert before != "城镇新增就业（人）", "the test needs another indicator to start from"

    choose(page, "指标", JOBS, search="城镇新增就业")

    expect(page.locator(f"{FRESH_CHART} .gtitle")).to_have_text("城镇新增就业（万人）")
    assert query(page)["indicator"] == ["new_urban_jobs"]
    ticks_after = page.locator(f"{FRESH_CHART} .ytick text").all_text_contents()
    assert ticks_after != ticks_before  # thousands of people, not percent
    labels = page.locator(f"{FRESH_CHART} .annotation-text").all_text_contents()
    assert "萤川市" in labels  # each region named at its line's end, no legend entry per region
    snap(page, "02_trends_new_urban_jobs")


def test_compare_two_regions(page: Page):
    open_page(page, "/compare")
    rerun(page, page.get_by_test_id("stMultiSelect").get_by_role("button", name="Clear all").click)
    choose(page, "对比地区（2–4个）", "萤川市")
    choose(page, "对比地区（2–4个）", "苜川县")

    assert query(page)["compare"] == ["萤川市,苜川县"]
    header, rows = grid(page)
    assert header == ["指标", "萤川市", "苜川县"]
    by_indicator = {r[0]: r[1:] for r in rows}
    assert by_indicator["城镇新增就业（人）"] == [LATEST_JOBS["萤川市"], LATEST_JOBS["苜川县"]]
    legend = set(page.locator(f"{FRESH_CHART} .legendtext").all_text_contents())
    assert {"萤川市", "苜川县"} <= legend
    snap(page, "03_compare")


def download(page: Page, label: str, tmp_path) -> Path:
    button = page.get_by_test_id("stDownloadButton").filter(has_text=label).get_by_role("button")
    with page.expect_download(timeout=SETTLE_TIMEOUT) as download:
        button.click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    return path


def test_download_selection_csv(page: Page, tmp_path):
    open_page(page, "/table")
    choose(page, "指标", JOBS, search="城镇新增就业")
    choose(page, "地区", "砂柳县", search="砂柳")
    expect(page.get_by_text(re.compile(r"^符合条件 \d+ 行"))).to_be_visible()
    shown = int(re.search(r"符合条件 ([\d,]+) 行", page.get_by_text(re.compile("^符合条件")).inner_text())
                .group(1).replace(",", ""))

    path = download(page, "当前筛选 · CSV", tmp_path)
    snap(page, "04_table_selection")

    assert "砂柳县" in path.name and "new_urban_jobs" in path.name and path.suffix == ".zip"
    archive = zipfile.ZipFile(path)
    names = archive.namelist()
    assert names[0] == "0_说明.txt" and "数据.csv" in names and "1_列说明.csv" in names and "2_指标.csv" in names
    raw = archive.read("数据.csv")
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # UTF-8 with BOM (Excel shows the Chinese), CRLF
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0].keys())[:3] == ["文件", "地区", "省份"]  # Chinese headers in the Chinese UI
    assert {"数值（基本单位）", "数值（显示单位）", "显示单位", "指标", "指标代码"} <= set(rows[0])
    assert {"已更正", "原值", "更正前各字段"} <= set(rows[0])  # the store's columns, named too
    assert len(rows) == shown > 0
    assert {r["地区"] for r in rows} == {"砂柳县"}
    assert {r["指标代码"] for r in rows} == {"new_urban_jobs"} and {r["指标"] for r in rows} == {"城镇新增就业"}
    assert all(r["原文"] in r["句子"] for r in rows)
    results = {(int(r["年份"]), float(r["数值（基本单位）"])) for r in rows if r["类型"] == "完成"}
    assert SHALIU_JOBS <= results
    columns = list(csv.DictReader(io.StringIO(archive.read("1_列说明.csv").decode("utf-8-sig"))))
    assert [c["列名"] for c in columns] == list(rows[0].keys())  # every column explained
    assert "数据来源：示例数据" in archive.read("0_说明.txt").decode("utf-8-sig")  # the source note


def test_download_whole_table_excel_with_codebook(page: Page, tmp_path):
    import openpyxl

    open_page(page, "/table")
    path = download(page, "全部数据 · Excel", tmp_path)
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames == ["数据", "说明", "列说明", "指标", "代码", "来源文件"]
    header = next(book["数据"].iter_rows(values_only=True))
    assert header[:2] == ("文件", "地区") and "显示单位" in header
    indicators = [r[0] for r in book["指标"].iter_rows(min_row=2, values_only=True)]
    assert "new_urban_jobs" in indicators and "gdp_growth" in indicators
    again = download(page, "全部数据 · Excel", tmp_path)  # the second click gets the same file, built once
    assert again.read_bytes() == path.read_bytes()


def test_trends_url_and_cleared_regions_stay(page: Page):
    open_page(page, "/trends?indicator=new_urban_jobs")  # the page's own name, not only "/"
    expect(page.get_by_role("heading", level=1)).to_have_text("趋势")
    expect(page.locator(f"{FRESH_CHART} .gtitle")).to_have_text("城镇新增就业（万人）")
    expect(page.get_by_role("dialog")).to_have_count(0)  # no "Page not found"
    regions = page.get_by_test_id("stMultiSelect").filter(has_text="地区").first
    rerun(page, regions.get_by_role("button", name="Clear all").click)
    assert query(page)["regions"] == [""]
    page.reload()
    settle(page)
    expect(page.get_by_test_id("stAlert").filter(has_text="请至少选择一个地区")).to_be_visible()
    assert page.locator(FRESH_CHART).count() == 0  # not the default five again
    box = page.get_by_role("combobox", name="地区", exact=True)
    box.click()
    expect(page.get_by_text("Select all")).to_have_count(0)  # Streamlit's English kept out of the Chinese UI
    page.keyboard.press("Escape")


def test_upload_docx_and_find_its_figures(page: Page, tmp_path):
    upload = tmp_path / UPLOAD_NAME
    upload.write_bytes(docx_bytes(UPLOAD_PARAGRAPHS))
    open_page(page, "/documents")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(upload)
    expect(page.get_by_test_id("stAlert").filter(has_text=UPLOAD_NAME)).to_contain_text("已提取 4 个数字",
                                                                                       timeout=SETTLE_TIMEOUT)
    settle(page)
    expect(page.get_by_test_id("stMetric").filter(has_text="文件数")).to_contain_text("34")
    snap(page, "05_documents_upload")

    navigate(page, "出处")  # same session: the upload is part of the data
    choose(page, "文件", UPLOAD_NAME, search="松溪县")
    box = page.get_by_role("combobox", name="数字", exact=True)
    box.click()
    options = page.get_by_role("option").all_text_contents()
    page.keyboard.press("Escape")
    for figure in UPLOAD_FIGURES:
        assert any(o.startswith(figure) for o in options), (figure, options)
    choose(page, "数字", next(o for o in options if o.startswith("3600人 · ")), search="3600")

    expect(page.locator(".evidence-sentence")).to_have_text("2023年全县新增城镇就业3600人。")
    expect(page.locator(".evidence-sentence mark")).to_have_text("3600人")
    expect(page.get_by_test_id("stMetric").filter(has_text="地区")).to_contain_text("松溪县")
    expect(page.get_by_test_id("stMetric").filter(has_text="年份")).to_contain_text("2023")
    snap(page, "06_evidence_upload")

    navigate(page, "数据表与下载")
    page.get_by_role("textbox", name="搜索").fill("松溪县")
    page.keyboard.press("Enter")
    expect(page.get_by_text(re.compile(r"^符合条件 4 行"))).to_be_visible()


def test_chart_point_opens_evidence(page: Page):
    open_page(page, "/?indicator=new_urban_jobs&regions=砂柳县")
    expect(page.locator(f"{FRESH_CHART} .gtitle")).to_have_text("城镇新增就业（人）")
    point = page.locator(f"{FRESH_CHART} .scatterlayer .points path.point").first
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    rerun(page, lambda: page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2))

    sentence = page.locator(".evidence-sentence")
    expect(sentence).to_have_count(1)
    mark = sentence.locator("mark")
    expect(mark).to_have_count(1)
    marked = mark.inner_text()
    assert re.match(r"[\d.,万]+人", marked), marked  # a number of people, as the report wrote it
    assert marked in sentence.inner_text()
    expect(page.get_by_test_id("stMetric").filter(has_text="地区")).to_contain_text("砂柳县")
    snap(page, "07_trends_point_evidence")

    page.get_by_role("link", name="在“出处”页打开").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("出处")
    settle(page)
    # The link carries doc and offset (left out of the URL again when they are the page's defaults).
    expect(page.get_by_role("combobox", name="文件", exact=True)).to_have_value(re.compile(r"^砂柳县_"))
    expect(page.locator(".evidence-sentence mark")).to_have_text(marked)
    expect(page.locator(".evidence-paragraph mark")).to_have_text(marked)
    snap(page, "08_evidence_page")


# --------------------------------------------------------------------------
# On the corpus: 106 real reports of 16 regions


def open_corpus(page: Page, server, path: str = "/") -> None:
    page.goto(server.url + path)
    settle(page, timeout=240_000)  # the first page of the session extracts the corpus


def figure_of(page: Page) -> dict:
    """The plotly figure drawn on the page (its data and layout, as the browser holds them)."""
    expect(page.locator(f"{FRESH_CHART} .gtitle")).to_be_visible()
    return page.evaluate("""() => {
        const el = document.querySelector('[data-testid=stElementContainer][data-stale=false] .js-plotly-plot');
        return {data: el.data.map(t => ({name: t.name, meta: t.meta || null, x: t.x, y: t.y,
                                         color: t.line ? t.line.color : null, symbols: t.marker ? t.marker.symbol : null,
                                         connectgaps: t.connectgaps})),
                annotations: (el.layout.annotations || []).map(a => a.text)};
    }""")


def test_corpus_opens_on_gdp_growth_with_gaps_and_estimates(page: Page, corpus_server):
    open_corpus(page, corpus_server)
    expect(page.get_by_role("combobox", name="指标", exact=True)).to_have_value("经济 · 地区生产总值增长（%）")
    expect(page.locator(f"{FRESH_CHART} .gtitle")).to_have_text("地区生产总值增长（%）")
    fig = figure_of(page)
    lines = [t for t in fig["data"] if t["meta"] and t["meta"].get("region")]
    results = [t for t in lines if t["meta"]["kind"] == "actual"]
    assert any(y is None for t in results for y in t["y"]), "missing years must be gaps"
    assert all(t["connectgaps"] is False for t in lines)
    hollow = [s for t in results if isinstance(t["symbols"], list) for s in t["symbols"] if s == "circle-open"]
    assert hollow, "the 2025 reports' 预计 figures are marked"
    caption = page.get_by_text(re.compile(r"^16 个地区中 \d+ 个有数据"))
    expect(caption).to_be_visible()
    assert "预计数" in caption.inner_text() and "缺" in caption.inner_text()
    snap(page, "10_corpus_gdp_growth")


def test_corpus_sixteen_regions_are_readable(page: Page, corpus_server):
    open_corpus(page, corpus_server)
    fig = figure_of(page)
    lines = [t for t in fig["data"] if t["meta"] and t["meta"].get("region")]
    regions = {t["meta"]["region"] for t in lines}
    coloured = {t["meta"]["region"] for t in lines if not t["meta"]["grey"]}
    assert len(regions) == 16 and 0 < len(coloured) <= 8
    assert {t["color"] for t in lines if t["meta"]["grey"]} == {"#c4c4c4"}
    assert set(fig["annotations"]) >= {f"<b>{r}</b>" for r in coloured}  # labelled at their line ends
    legend = page.locator(f"{FRESH_CHART} .legendtext").all_text_contents()
    assert len(legend) <= 6 and not regions & set(legend)  # a key to the styles, not 31 region entries
    snap(page, "11_corpus_sixteen_regions")


# The store: uploads that stay across pages, reloads and restarts; a correction everywhere, and undone

STORE_DOCS = {
    "松溪县_2023_政府工作报告.txt": "松溪县2023年政府工作报告\n一、2022年工作回顾\n全县地区生产总值增长5.6%，城镇新增就业3200人。\n"
                               "二、2023年主要目标\n地区生产总值增长6%左右。\n",
    # named without region or year, and the text does not say either: placed by hand
    "报告.txt": "政府工作报告\n一、过去一年工作回顾\n过去一年，全县地区生产总值增长5.2%，城镇新增就业3600人。\n",
}
SONGXI_LABEL = "松溪县（福建省 南平市）"
ALL_PAGES = NAV[:6] + ("核查",) + NAV[6:]


@pytest.fixture()
def own_server(chromium_executable, tmp_path):
    """A server of its own (its own data folder), which the test restarts."""
    from conftest import start_app, stop_app

    env = {k: v for k, v in os.environ.items() if not k.startswith("DASHBOARD_")}
    env.update(DASHBOARD_CACHE_DIR=str(tmp_path / "cache"), DASHBOARD_DATA_DIR=str(tmp_path / "data"),
               PYTHONUNBUFFERED="1")
    servers = []

    def start():
        server = start_app(free_port(), tmp_path / f"server{len(servers)}.log", env)
        servers.append(server)
        return server

    yield start, lambda server: stop_app(server)
    for server in servers:
        stop_app(server)


def kept_list(page: Page) -> list[str]:
    """The documents in the kept-uploads table of the documents page."""
    grids = page.get_by_test_id("stDataFrame")
    expect(grids.first).to_be_visible()
    for n in range(grids.count()):
        header, rows = grid(page, n)
        if "上传时的名称" in header:
            return sorted(r[header.index("文件")] for r in rows)
    return []


def trace_values(page: Page) -> dict[str, list]:
    """Each drawn trace's name and y values, from the fresh chart's plotly data."""
    expect(page.locator(f"{FRESH_CHART} .main-svg").first).to_be_visible()
    return page.evaluate("""sel => {
        const plot = document.querySelector(sel + ' .js-plotly-plot');
        return Object.fromEntries(plot.data.map(t => [t.name, Array.from(t.y || [])]));
    }""", FRESH_CHART)


def verdict_2023(page: Page, base: str) -> str:
    """松溪县's 2023 GDP-growth verdict: the target from the 2023 report, the result from the 2024 one."""
    open_page(page, f"{base}/targets?indicator=gdp_growth&tregion=松溪县")
    header, rows = grid(page, -1)  # the region's own table, under the one across regions
    return next(r[header.index("判定")] for r in rows if r[header.index("年份")] == "2023")


def compare_cell(page: Page, base: str) -> str:
    open_page(page, f"{base}/compare?compare=松溪县,萤川市")
    header, rows = grid(page, 0)
    return next(r[header.index("松溪县")] for r in rows if r[0].startswith("地区生产总值增长"))


def whole_csv(page: Page, base: str, tmp_path) -> list[dict]:
    """The whole table's CSV (in the download's zip), Chinese headers."""
    open_page(page, f"{base}/table")
    archive = zipfile.ZipFile(download(page, "全部数据 · CSV", tmp_path))
    return list(csv.DictReader(io.StringIO(archive.read("数据.csv").decode("utf-8-sig"))))


def test_uploads_stay_and_a_correction_shows_everywhere(page: Page, own_server, tmp_path):
    start, stop = own_server
    server = start()
    for name, text in STORE_DOCS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    open_page(page, f"{server.url}/documents")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files([tmp_path / n for n in STORE_DOCS])
    expect(page.get_by_test_id("stForm")).to_have_count(2, timeout=SETTLE_TIMEOUT)
    settle(page)
    expect(page.get_by_test_id("stAlert").filter(has_text="未能识别地区或年份")).to_contain_text("报告.txt")
    snap(page, "09_store_uploaded")

    # the named one as found; the other placed by hand: region searched in the division table, year
    rerun(page, page.get_by_role("button", name="保存 松溪县_2023_政府工作报告.txt").click)
    form = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="保存 报告.txt"))
    region = form.get_by_role("combobox", name="地区", exact=True)
    region.click()
    page.keyboard.type("松溪")  # the focused box narrows the division table's 3,000 places
    page.get_by_role("option", name=SONGXI_LABEL, exact=True).click()
    year = form.get_by_role("combobox", name="文件年份", exact=True)
    year.click()
    page.keyboard.type("2024")
    page.get_by_role("option", name="2024", exact=True).click()
    rerun(page, form.get_by_role("button", name="保存 报告.txt").click)
    assert kept_list(page) == ["报告.txt", "松溪县_2023_政府工作报告.txt"]
    expect(page.get_by_test_id("stSidebar")).to_contain_text("35 份文件")
    snap(page, "10_store_kept")

    for title in ALL_PAGES:  # every page, in the same session
        navigate(page, title)
    page.reload()
    settle(page)
    navigate(page, "文件")
    assert kept_list(page) == ["报告.txt", "松溪县_2023_政府工作报告.txt"]

    stop(server)
    server = start()  # a restart: the store is read again from its file
    base = server.url
    open_page(page, f"{base}/documents")
    assert kept_list(page) == ["报告.txt", "松溪县_2023_政府工作报告.txt"]
    open_page(page, f"{base}/?indicator=gdp_growth&regions=松溪县&targets=0")
    assert trace_values(page)["松溪县 · 完成"] == [5.6, 5.2]  # 2022 from the named report, 2023 from the placed one
    assert verdict_2023(page, base) == "未达成"
    assert compare_cell(page, base).startswith("5.2%")

    # correct 5.2% (read from 报告.txt) to 6.5% on Evidence
    open_page(page, f"{base}/evidence")
    choose(page, "文件", "报告.txt", search="报告")
    choose(page, "数字", next(o for o in page_options(page, "数字") if o.startswith("5.2%")), search="5.2")
    page.get_by_text("更正这个数字").click()
    page.get_by_role("textbox", name="数值（基本单位）").fill("6.5")
    page.get_by_role("textbox", name="说明（为什么更正）").fill("次年报告修订为6.5%")
    rerun(page, page.get_by_role("button", name="保存更正").click)
    expect(page.get_by_test_id("stMetric").filter(has_text="数值")).to_contain_text("6.5%")
    expect(page.get_by_text("✎ 已更正").first).to_be_visible()
    snap(page, "11_store_corrected")

    open_page(page, f"{base}/?indicator=gdp_growth&regions=松溪县&targets=0")
    assert trace_values(page)["松溪县 · 完成"] == [5.6, 6.5]
    assert compare_cell(page, base).startswith("6.5%")
    assert verdict_2023(page, base) == "达成"
    row = next(r for r in whole_csv(page, base, tmp_path) if r["文件"] == "报告.txt" and r["原文"] == "5.2%")
    assert (float(row["数值（基本单位）"]), row["已更正"], float(row["原值"])) == (6.5, "是", 5.2)

    # undo restores
    open_page(page, f"{base}/evidence")
    choose(page, "文件", "报告.txt", search="报告")
    choose(page, "数字", next(o for o in page_options(page, "数字") if o.startswith("5.2%")), search="5.2")
    rerun(page, page.get_by_role("button", name="撤销更正").click)
    expect(page.get_by_test_id("stMetric").filter(has_text="数值")).to_contain_text("5.2%")
    assert verdict_2023(page, base) == "未达成"
    assert compare_cell(page, base).startswith("5.2%")
    row = next(r for r in whole_csv(page, base, tmp_path) if r["文件"] == "报告.txt" and r["原文"] == "5.2%")
    assert (float(row["数值（基本单位）"]), row["已更正"]) == (5.2, "否")


def page_options(page: Page, label: str) -> list[str]:
    box = page.get_by_role("combobox", name=label, exact=True)
    box.click()
    options = page.get_by_role("option").all_text_contents()
    page.keyboard.press("Escape")
    return options
