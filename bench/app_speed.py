"""Dashboard speed and memory on a million-row table, in a real browser; prints figures (not a test).

    .venv/bin/python bench/app_speed.py [--rows 1000000] [--changes 12] [--keep DIR] [--table FILE] [--corrections 50]
                                        [--no-pages] [--warm] [--explain]

Makes a mentions table (the extract.table columns) of --rows rows with numpy:
~300 regions in 20 provinces, 2010–2025, the 16 indicators plus unlabelled
mentions, results and targets; writes it as parquet to a temporary folder,
writes --corrections corrections of its figures into a fresh store (the data
folder in use, as users would leave it), starts
``streamlit run app.py -- --table that.parquet`` as a real server and
drives it with Debian's Chromium (Playwright), measuring:

  - server start → /_stcore/health answers;
  - health → first page drawn (first chart visible, script notRunning, nothing stale);
  - filter changes on the trends page (indicator, then regions removed and
    added): from the click to the rerun finished, median and p90;
  - the server's peak memory (VmHWM, children included).

Also printed: each timed change, the switch to every other page, and where the
first page's time went by the browser's clock. ``--explain`` times the first
script run's parts (imports, loading, the trends page) in a plain process;
``--warm`` runs app.py once through /_stcore/script-health-check before the
browser comes, to show what loading the data at server start would give.

Targets are printed beside the figures. Needs /usr/bin/chromium (or $CHROMIUM).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.appserver import free_port, launch, wait_healthy  # noqa: E402  (after the path above)

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TARGET_FIRST_PAGE = 2.5  # s after the server is ready (issue 8)
TARGET_CHANGE = 0.5  # s, median
TARGET_MEMORY = 1.5 * 1024  # MB

# --------------------------------------------------------------------------
# The table

PROVINCES = ("河北省", "山西省", "辽宁省", "吉林省", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省",
             "河南省", "湖北省", "湖南省", "广东省", "海南省", "四川省", "贵州省", "云南省", "陕西省", "甘肃省")
# id -> (unit, typical value, label as reports write it)
INDICATORS = {
    "people_trained": ("人次", 16000, "培训党员干部"), "training_sessions": ("期", 40, "举办培训班"),
    "collective_income": ("元", 2.5e6, "村集体经济收入"), "members_recruited": ("名", 300, "发展党员"),
    "cadres_promoted": ("名", 60, "提拔重用干部"), "households_linked": ("户", 4000, "结对联系群众"),
    "issues_resolved": ("件", 1200, "解决群众急难愁盼问题"), "talents_recruited": ("名", 500, "引进各类人才"),
    "party_organizations": ("个", 900, "基层党组织"), "funds": ("元", 8e7, "投入资金"),
    "gdp": ("元", 3e10, "地区生产总值"), "gdp_growth": ("%", 6.5, "地区生产总值增长"),
    "budget_revenue": ("元", 2e9, "一般公共预算收入"), "urban_income": ("元", 40000, "城镇居民人均可支配收入"),
    "rural_income": ("元", 18000, "农村居民人均可支配收入"), "new_urban_jobs": ("人", 5000, "城镇新增就业"),
}
# What an unlabelled mention counts: (label, unit, typical value)
OTHER = (("新建村级活动场所", "个", 40), ("改造农村公路", "公里", 120), ("新增造林面积", "亩", 30000),
         ("固定资产投资增长", "%", 8), ("社会消费品零售总额", "元", 9e9), ("建成高标准农田", "亩", 50000),
         ("新增市场主体", "户", 6000), ("接待游客", "人次", 2e6), ("粮食总产量", "吨", 3e5),
         ("城镇登记失业率", "%", 3.5), ("开展专题调研", "次", 80), ("化解信访积案", "件", 300))
DOCTYPES = ("政府工作报告", "组织工作会议讲话", "组织工作总结", "组织工作要点")
FIRST_YEAR, LAST_YEAR = 2010, 2025
SYLLABLES = "青禾苜川萤驼铃鹤汀砂柳云溪石桥松岭梅湾桂岸枫林竹海泉峰河平安宁阳山"


def region_names(n: int) -> list[str]:
    names, seen = [], set()
    i = 0
    while len(names) < n:
        a, b = SYLLABLES[i % len(SYLLABLES)], SYLLABLES[(i * 7 + i // len(SYLLABLES)) % len(SYLLABLES)]
        name = a + b + ("市" if i % 9 == 0 else "区" if i % 9 == 1 else "县")
        if name not in seen and a != b:
            seen.add(name)
            names.append(name)
        i += 1
    return names


def make_table(rows: int, n_regions: int = 300, seed: int = 0):
    """A pyarrow table with the extract.table columns, made column-wise with numpy (no per-row Python)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from extract.table import COLUMNS

    rng = np.random.default_rng(seed)
    regions = np.array(region_names(n_regions), dtype=object)
    province_of = np.array([PROVINCES[i % len(PROVINCES)] for i in range(n_regions)], dtype=object)
    level_of = np.array(["city" if r.endswith("市") else "district" if r.endswith("区") else "county"
                         for r in regions], dtype=object)
    n_years = LAST_YEAR - FIRST_YEAR  # report years FIRST_YEAR+1 .. LAST_YEAR

    # Who speaks, when, in which report: bigger places report more (Zipf-like weights).
    weights = 1 / np.arange(1, n_regions + 1) ** 0.6
    r = rng.choice(n_regions, rows, p=weights / weights.sum())
    doc_year = rng.integers(FIRST_YEAR + 1, LAST_YEAR + 1, rows)
    doctype = rng.choice(len(DOCTYPES), rows, p=[0.55, 0.15, 0.15, 0.15])
    is_target = rng.random(rows) < 0.3
    plan = np.minimum(doc_year + 4, LAST_YEAR)  # a five-year plan's target
    year = np.where(is_target, np.where(rng.random(rows) < 0.1, plan, doc_year), doc_year - 1).astype(float)
    year[rng.random(rows) < 0.05] = np.nan  # the text does not say which year

    # What: an indicator (16) or an unlabelled mention (~40%).
    ids = list(INDICATORS)
    unlabelled = rng.random(rows) < 0.4
    k = rng.integers(0, len(ids), rows)
    o = rng.integers(0, len(OTHER), rows)
    ind_unit = np.array([INDICATORS[i][0] for i in ids], dtype=object)
    ind_typical = np.array([INDICATORS[i][1] for i in ids])
    ind_label = np.array([INDICATORS[i][2] for i in ids], dtype=object)
    other_label = np.array([x[0] for x in OTHER], dtype=object)
    other_unit = np.array([x[1] for x in OTHER], dtype=object)
    other_typical = np.array([x[2] for x in OTHER], dtype=float)
    unit = np.where(unlabelled, other_unit[o], ind_unit[k])
    label = np.where(unlabelled, other_label[o], ind_label[k])
    typical = np.where(unlabelled, other_typical[o], ind_typical[k])
    indicator = np.where(unlabelled, None, np.array(ids, dtype=object)[k])

    # How much: size of the place × growth over the years × noise; percentages stay small. The noise
    # is a function of the cell (region, year, what, kind), so the reports that repeat a figure agree,
    # except for a few that restate it differently (conflicts).
    size = 0.3 + 2.5 * weights[r] / weights.max()
    known_year = np.nan_to_num(year, nan=2018)
    growth = 1.06 ** (known_year - FIRST_YEAR)
    what = np.where(unlabelled, len(ids) + o, k)
    cell = ((r * 64 + (known_year - FIRST_YEAR)) * 64 + what) * 2 + is_target
    noise = (np.sin(cell * 12.9898) * 43758.5453) % 1.0
    value = typical * size * growth * (0.85 + 0.3 * noise)
    value = np.where(rng.random(rows) < 0.02, value * 1.1, value)
    percent = unit == "%"
    value = np.where(percent, np.round(1 + 9 * noise, 1), np.round(value, -1))
    qualifier = rng.choice(np.array(["exact", "over", "about", "under", "range"], dtype=object), rows,
                           p=[0.7, 0.14, 0.08, 0.05, 0.03])
    high = np.where(qualifier == "range", np.round(value * 1.2, 1), np.nan)
    placeholder = rng.random(rows) < 0.005
    value = np.where(placeholder, np.nan, value)

    # Where: the document, and an offset unique within it (documents are region × report year × type).
    doc_code = (r * n_years + (doc_year - FIRST_YEAR - 1)) * len(DOCTYPES) + doctype
    order = np.argsort(doc_code, kind="stable")
    sorted_codes = doc_code[order]
    first_of_doc = np.r_[0, np.flatnonzero(np.diff(sorted_codes)) + 1]
    run_start = np.repeat(first_of_doc, np.diff(np.r_[first_of_doc, rows]))
    position = np.empty(rows, dtype=np.int64)
    position[order] = np.arange(rows) - run_start
    start = 200 + position * 37 + rng.integers(0, 20, rows)

    # Strings, built column-wise by Arrow.
    def strings(values) -> pa.Array:
        return pa.array(values, type=pa.string())

    doc_names = np.array([f"{reg}_{y}_{t}.txt" for reg in regions for y in range(FIRST_YEAR + 1, LAST_YEAR + 1)
                          for t in DOCTYPES], dtype=object)
    value_text = pc.cast(pa.array(np.nan_to_num(value, nan=0).round(1)), pa.string())
    value_text = pc.replace_substring_regex(value_text, r"\.0$", "")
    value_text = pc.if_else(pa.array(placeholder), pa.scalar("×"), value_text)
    text = pc.binary_join_element_wise(value_text, strings(unit), "")
    year_text = pc.cast(pa.array(np.nan_to_num(year, nan=doc_year - 1).astype(np.int64)), pa.string())
    verb = pc.if_else(pa.array(is_target), pa.scalar("力争"), pa.scalar("全年"))
    sentence = pc.binary_join_element_wise(year_text, pa.scalar("年，"), verb, strings(label), text,
                                           pa.scalar("，比上年增长"),
                                           pc.cast(pa.array(rng.integers(1, 15, rows)), pa.string()),
                                           pa.scalar("%。"), "")
    end = start + pc.utf8_length(text).to_numpy(zero_copy_only=False)

    columns = {
        "doc": strings(doc_names[doc_code]), "region": strings(regions[r]), "province": strings(province_of[r]),
        "region_level": strings(level_of[r]), "region_code": pa.nulls(rows, pa.string()),
        "doc_year": pa.array(doc_year, pa.int64()),
        "year": pa.array(np.nan_to_num(year, nan=0).astype(np.int64), pa.int64(), mask=np.isnan(year)),
        "period": pa.nulls(rows, pa.string()),
        "kind": strings(np.where(is_target, "target", "actual")), "estimate": pa.array(np.zeros(rows, bool)),
        "indicator": strings(indicator),
        "label": strings(label), "value": pa.array(value, pa.float64(), mask=np.isnan(value)),
        "high": pa.array(high, pa.float64(), mask=np.isnan(high)), "unit": strings(unit),
        "qualifier": strings(qualifier), "placeholder": pa.array(placeholder, pa.bool_()), "text": text,
        "sentence": sentence, "start": pa.array(start, pa.int64()), "end": pa.array(end, pa.int64()),
    }
    assert list(columns) == [c.name for c in COLUMNS], "the bench's columns drifted from extract.table"
    return pa.table(columns)


# --------------------------------------------------------------------------
# The server


def start_app(port: int, log: Path, table: Path, cache: Path, warmable: bool = False,
              data: Path | None = None) -> subprocess.Popen:
    """The app as a server on ``table``; ``warmable`` enables /_stcore/script-health-check (runs app.py once)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DASHBOARD_")}
    env.update(DASHBOARD_CACHE_DIR=str(cache), PYTHONUNBUFFERED="1")
    if data is not None:
        env.update(DASHBOARD_DATA_DIR=str(data))
    flags = ["--server.scriptHealthCheckEnabled", "true"] if warmable else []
    return launch(port, log, env, ["--table", str(table)], flags)


def process_tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
    return pids


def status_mb(pid: int, field: str) -> float:
    """A memory figure from /proc/PID/status (VmHWM: peak resident set; VmRSS: now), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def tree_mb(pid: int, field: str) -> float:
    return sum(status_mb(p, field) for p in process_tree(pid))


# --------------------------------------------------------------------------
# The browser

# Counts reruns (the script state leaving notRunning) and remembers the last click or key press.
OBSERVER = """
window.__runs = 0; window.__lastAction = 0; window.__states = [];
new MutationObserver(records => {
  for (const r of records) {
    window.__states.push([r.target.getAttribute('data-test-script-state'), performance.now()]);
    if (r.attributeName === 'data-test-script-state' && r.oldValue === 'notRunning'
        && r.target.getAttribute('data-test-script-state') !== 'notRunning') window.__runs++;
  }
}).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                      attributeFilter: ['data-test-script-state']});
for (const kind of ['click', 'keydown']) {
  window.addEventListener(kind, () => { window.__lastAction = performance.now(); }, true);
}
"""
# Resolves to the time (performance.now()) at which a rerun that began after `runs` has finished.
SETTLED = """runs => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (window.__runs <= runs || !app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  return performance.now();
}"""
FIRST_CHART = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  const chart = document.querySelector('[data-testid="stPlotlyChart"] .main-svg');
  return chart && chart.getBoundingClientRect().height > 0 ? performance.now() : false;
}"""


def timed_change(page, action) -> float:
    """Seconds from the user's click to the end of the rerun it started."""
    runs = page.evaluate("window.__runs")
    action()
    done = page.wait_for_function(SETTLED, arg=runs, polling="raf", timeout=120_000).json_value()
    return (done - page.evaluate("window.__lastAction")) / 1000


def pick(page, label: str, search: str):
    """Open the picker labelled ``label`` and type ``search``; returns the first option left (not clicked)."""
    box = page.get_by_role("combobox", name=label, exact=True)
    box.click()
    box.press_sequentially(search)
    option = page.get_by_role("option").first
    option.wait_for()
    return option


def filter_changes(page, n: int) -> list[tuple[str, float]]:
    """Change the trends page's indicator and region selection ``n`` times, timing each rerun."""
    times = []
    indicators = ["城镇新增就业", "地区生产总值增长", "培训人次", "发展党员", "一般公共预算收入",
                  "村集体经济收入", "农村居民人均可支配收入", "引进人才"]
    changes = 0
    while changes < n:
        # The indicator: type to narrow, then the click on the option is what is timed.
        shown = page.get_by_role("combobox", name="指标", exact=True).input_value()
        words = [w for w in indicators if w not in shown]
        option = pick(page, "指标", words[changes % len(words)])
        label = option.text_content()
        times.append((f"indicator → {label}", timed_change(page, option.click)))
        changes += 1
        if changes >= n:
            break
        # A region out, then another in.
        tags = page.get_by_test_id("stMultiSelect").get_by_role("button", name="Remove ", exact=False)
        if tags.count() > 1:
            name = tags.last.get_attribute("aria-label").removeprefix("Remove ")
            times.append((f"region − {name}", timed_change(page, tags.last.click)))
            changes += 1
        if changes >= n:
            break
        box = page.get_by_role("combobox", name="地区", exact=True)
        box.click()
        option = page.get_by_role("option").nth(changes % 7)
        option.wait_for()
        name = option.text_content()
        times.append((f"region + {name}", timed_change(page, option.click)))
        changes += 1
        if page.get_by_role("listbox").is_visible():
            page.keyboard.press("Escape")
    return times


def page_switches(page) -> list[tuple[str, float]]:
    """Each other page opened from the sidebar: click → drawn."""
    out = []
    for title in ("地区", "对比", "目标与完成", "数据表与下载", "出处", "文件", "趋势"):
        link = page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True)
        out.append((title, timed_change(page, link.click)))
    return out


def first_page_breakdown(page, drawn: float) -> list[tuple[str, float]]:
    """Where the first page's time went, from the browser's clock (ms since navigation start)."""
    loaded = page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
    states = page.evaluate("window.__states")
    started = next((t for s, t in states if s == "running"), None)
    finished = next((t for s, t in states if s == "notRunning" and started is not None and t > started), None)
    steps = [("HTML + JS loaded (DOMContentLoaded)", loaded)]
    if started is not None:
        steps.append(("script run started (websocket up)", started))
    if finished is not None:
        steps.append(("script run finished", finished))
    steps.append(("chart drawn, nothing stale", drawn))
    return steps


def fill_store(data: Path, table: Path, corrections: int) -> None:
    """The store in use: ``corrections`` corrections of the table's figures, as users would have made them."""
    import pyarrow.parquet as pq

    from dashboard.userstore import Identity, UserStore
    from extract.store import Source

    store = UserStore(data, Source("table", table, data).collection)
    rows = pq.read_table(table, columns=["doc", "start", "end", "text", "value"]).slice(0, corrections * 2).to_pylist()
    for r in [r for r in rows if r["value"] is not None][:corrections]:
        store.add_correction(Identity("bench"), r["doc"], r["start"], r["end"], r["text"],
                             {"value": r["value"] * 1.01, "kind": "actual"}, note="app_speed")


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q))


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def explain(table: Path) -> None:
    """Where the first script run's time goes, in this (fresh) interpreter: imports, loading, the trends page."""
    def lap(what: str, since: float) -> float:
        now = time.perf_counter()
        print(f"  {what:<52} {now - since:6.2f} s")
        return now

    t = time.perf_counter()
    import streamlit  # noqa: F401  (the server has it before any session)
    t = lap("import streamlit (before the first session)", t)
    import pandas  # noqa: F401
    import plotly.graph_objects  # noqa: F401
    t = lap("import pandas, plotly", t)
    from dashboard import charts, choices, frame
    from dashboard.indicators import from_catalog
    from dashboard.pages import trends
    from extract import store
    t = lap("import dashboard, extract (extract.numerals compiles)", t)
    from extract.catalog import load_catalog
    vocab = from_catalog(load_catalog())
    t = lap("load_catalog → vocabulary", t)
    dataset = store.load_table(table)
    t = lap("store.load_table (read_parquet + conform + documents)", t)
    mentions = frame.prepare_mentions(dataset.mentions)
    t = lap("frame.prepare_mentions (strings → categoricals)", t)
    indicator = choices.indicators(mentions, vocab).default
    regions = trends.region_choice(mentions, indicator).default
    trend = trends.compute(mentions, trends.TrendSettings(indicator, tuple(regions)))
    charts.trend_chart(trend.cells, indicator, regions, vocab, "zh").to_json()
    lap("trends page: choices, cells, chart → JSON", t)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--regions", type=int, default=300)
    parser.add_argument("--changes", type=int, default=12, help="filter changes to time (at least 10)")
    parser.add_argument("--table", type=Path, help="use this table instead of making one")
    parser.add_argument("--keep", type=Path, help="write the made table into this folder and keep it")
    parser.add_argument("--no-pages", action="store_true", help="skip timing the switch to each other page")
    parser.add_argument("--warm", action="store_true",
                        help="run app.py once through /_stcore/script-health-check before the browser comes "
                             "(loads the data at start: the proposed fix for the first page)")
    parser.add_argument("--explain", action="store_true", help="also time the first run's parts in a plain process")
    parser.add_argument("--corrections", type=int, default=50, help="corrections in the store (0: an empty store)")
    parser.add_argument("--explain-only", type=Path, metavar="TABLE", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.explain_only:
        explain(args.explain_only)
        return

    chromium = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    if not os.access(chromium, os.X_OK):
        raise SystemExit(f"no Chromium at {chromium} (apt-get install chromium, or set CHROMIUM)")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="app_speed_") as tmp:
        tmp = Path(tmp)
        if args.table:
            table_path = args.table
            print(f"table: {table_path}")
        else:
            import pyarrow.parquet as pq

            folder = args.keep or tmp
            folder.mkdir(parents=True, exist_ok=True)
            table_path = folder / f"mentions_{args.rows}.parquet"
            t = time.perf_counter()
            table = make_table(args.rows, args.regions)
            made = time.perf_counter() - t
            pq.write_table(table, table_path)
            print(f"table: {table.num_rows:,} rows, {args.regions} regions in {len(PROVINCES)} provinces, "
                  f"{FIRST_YEAR}–{LAST_YEAR}; made in {made:.1f} s; "
                  f"{table_path.stat().st_size / 1e6:.0f} MB parquet at {table_path}")
            del table

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
            page.add_init_script(OBSERVER)

            port, log = free_port(), tmp / "server.log"
            url = f"http://127.0.0.1:{port}"
            fill_store(tmp / "data", table_path, args.corrections)   # (before the clock: the store as users left it)
            t0 = time.perf_counter()
            server = start_app(port, log, table_path, tmp / "cache", warmable=args.warm, data=tmp / "data")
            try:
                wait_healthy(url, server, log, timeout=120, poll=0.02)
                healthy = time.perf_counter() - t0
                warmed = None
                if args.warm:
                    t1 = time.perf_counter()
                    with urllib.request.urlopen(f"{url}/_stcore/script-health-check", timeout=300) as response:
                        response.read()
                    warmed = time.perf_counter() - t1
                t1 = time.perf_counter()
                page.goto(url + "/")
                drawn = page.wait_for_function(FIRST_CHART, polling="raf", timeout=300_000).json_value()
                first_page = time.perf_counter() - t1
                breakdown = first_page_breakdown(page, drawn)
                after_load = tree_mb(server.pid, "VmRSS")

                changes = filter_changes(page, max(args.changes, 10))
                pages = [] if args.no_pages else page_switches(page)
                peak = tree_mb(server.pid, "VmHWM")
                pids = process_tree(server.pid)
            finally:
                server.terminate()
                try:
                    server.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    server.kill()
            browser.close()
        if args.explain:
            print("\nfirst script run, part by part, in a plain process (not the server):")
            subprocess.run([sys.executable, __file__, "--explain-only", str(table_path)], check=True)

    seconds = [s for _, s in changes]
    median, p90 = statistics.median(seconds), percentile(seconds, 90)
    print()
    for what, s in changes:
        print(f"  filter change  {what:<40} {s * 1000:7.0f} ms")
    for what, s in pages:
        print(f"  page switch    {what:<40} {s * 1000:7.0f} ms")
    print()
    print("first page, browser clock from navigation start:")
    for what, ms in breakdown:
        print(f"  {what:<40} {ms / 1000:6.2f} s")
    print()
    print(f"{'server start → health':<38} {healthy:7.2f} s")
    if warmed is not None:
        print(f"{'health → app.py run once (warm-up)':<38} {warmed:7.2f} s   (the first page below comes after it)")
    print(f"{'health → first page drawn':<38} {first_page:7.2f} s   target ≤ {TARGET_FIRST_PAGE:.1f} s   "
          f"{verdict(first_page <= TARGET_FIRST_PAGE)}")
    print(f"{'filter change → rerun done, median':<38} {median:7.3f} s   target ≤ {TARGET_CHANGE:.1f} s   "
          f"{verdict(median <= TARGET_CHANGE)}   (p90 {p90:.3f} s, n={len(seconds)})")
    print(f"{'server peak memory (VmHWM)':<38} {peak:7.0f} MB  target < {TARGET_MEMORY:.0f} MB  "
          f"{verdict(peak < TARGET_MEMORY)}   (RSS after first page {after_load:.0f} MB; "
          f"{len(pids)} process{'es' if len(pids) > 1 else ''})")


if __name__ == "__main__":
    main()
