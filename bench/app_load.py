"""Ten users at once: headless Chromium sessions changing filters on the Trends page together; prints figures.

    .venv/bin/python bench/app_load.py [--corpus ../shared/corpus] [--sessions 10] [--changes 20]
                                       [--store-corrections N]

Starts ``streamlit run app.py -- --corpus DIR`` (its own data and cache
folders, the cache filled first so the extraction is not what is timed),
opens ``--sessions`` browser contexts (each its own Streamlit session) in one
Debian Chromium and has them all change the indicator and the regions at
once, ``--changes`` times each. Each change is timed from the click to the
end of the rerun it started (the page's script state back to notRunning,
nothing stale). Prints the median and p95 rerun time over every session,
the slowest session's median, exceptions shown on any page, tracebacks in
the server's log, and the server's peak memory. ``--store-corrections``
first writes that many corrections into the store, so their cost is in.

The server and browser share the machine's cores: with 2 cores, ten
Chromium renderers drawing Plotly charts take much of the CPU the server
would use; the figures say what a user on this machine would see.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.app_speed import CHROMIUM_ARGS, FIRST_CHART, OBSERVER, SETTLED, percentile, tree_mb  # noqa: E402
from bench.appserver import free_port, launch, log_tail, stop, wait_healthy  # noqa: E402

TARGET_P95 = 2.0  # seconds
INDICATORS = ["地区生产总值增长", "城镇新增就业", "一般公共预算收入", "农村居民人均可支配收入", "城镇居民人均可支配收入",
              "地区生产总值（", "粮食", "城镇化率"]


async def timed(page, action) -> float:
    runs = await page.evaluate("window.__runs")
    await action()
    done = await page.wait_for_function(SETTLED, arg=runs, polling="raf", timeout=180_000)
    return (await done.json_value() - await page.evaluate("window.__lastAction")) / 1000


async def pick_indicator(page, word: str):
    box = page.get_by_role("combobox", name="指标", exact=True)
    await box.click()
    await page.keyboard.type(word)
    option = page.get_by_role("option").first
    await option.wait_for(timeout=60_000)
    return option


async def session(browser, url: str, n: int, changes: int, out: list, errors: list) -> None:
    context = await browser.new_context(viewport={"width": 1300, "height": 900}, locale="zh-CN")
    page = await context.new_page()
    await page.add_init_script(OBSERVER)
    await page.goto(url + "/")
    await page.wait_for_function(FIRST_CHART, polling="raf", timeout=300_000)
    done = 0
    while done < changes:
        try:
            shown = await page.get_by_role("combobox", name="指标", exact=True).input_value()
            words = [w for w in INDICATORS if w not in shown]
            option = await pick_indicator(page, words[(n + done) % len(words)])
            out.append((n, "indicator", await timed(page, option.click)))
            done += 1
            tags = page.get_by_test_id("stMultiSelect").get_by_role("button", name="Remove ", exact=False)
            if done < changes and await tags.count() > 1:
                out.append((n, "region −", await timed(page, tags.last.click)))
                done += 1
            if done < changes:
                box = page.get_by_role("combobox", name="地区", exact=True)
                await box.click()
                await page.get_by_role("listbox").wait_for(timeout=60_000)
                # (the first view may show every region already: then there is only the one just removed)
                offered = await page.get_by_role("option").count()
                if offered:
                    option = page.get_by_role("option").nth((n + done) % min(offered, 5))
                    out.append((n, "region +", await timed(page, option.click)))
                    done += 1
                if await page.get_by_role("listbox").is_visible():
                    await page.keyboard.press("Escape")
        except Exception as exc:  # a change that could not be made: counted, the session goes on
            errors.append(f"session {n}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
            done += 1
            await page.keyboard.press("Escape")
    shown = await page.get_by_test_id("stException").count()
    if shown:
        errors.append(f"session {n}: {shown} exception(s) shown on the page")
    await context.close()


async def drive(url: str, sessions: int, changes: int) -> tuple[list, list, float]:
    from playwright.async_api import async_playwright

    chromium = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    out, errors = [], []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        started = time.perf_counter()
        await asyncio.gather(*(session(browser, url, n, changes, out, errors) for n in range(sessions)))
        wall = time.perf_counter() - started
        await browser.close()
    return out, errors, wall


def cpu_seconds(pids) -> float:
    """User + system CPU time of these processes so far (from /proc/PID/stat)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, from /proc/stat."""
    parts = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = parts[3] + parts[4]
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(parts) - idle) / tick, sum(parts) / tick


def add_corrections(data_dir: Path, corpus: Path, n: int) -> None:
    """``n`` corrections of the corpus's first figures, through the store as a user would make them."""
    from dashboard.userstore import Identity, UserStore
    from extract import store

    source = store.Source("corpus", corpus, data_dir)
    mentions = store.load(store.Source("corpus", corpus, data_dir, data_dir / "cache")).mentions
    user = UserStore(data_dir, source.collection)
    rows = mentions.dropna(subset=["value"]).head(n)
    for r in rows.itertuples(index=False):
        user.add_correction(Identity("bench"), r.doc, r.start, r.end, r.text, {"value": float(r.value) * 1.01},
                            note="load benchmark")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--changes", type=int, default=20, help="filter changes per session")
    parser.add_argument("--store-corrections", type=int, default=0)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="app_load_") as tmp:
        tmp = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith("DASHBOARD_")}
        env.update(DASHBOARD_CACHE_DIR=str(tmp / "data" / "cache"), DASHBOARD_DATA_DIR=str(tmp / "data"),
                   PYTHONUNBUFFERED="1")
        os.environ.update(DASHBOARD_CACHE_DIR=env["DASHBOARD_CACHE_DIR"])
        t = time.perf_counter()
        from extract import store

        store.load(store.Source("corpus", args.corpus, tmp / "data", tmp / "data" / "cache"))  # fill the cache
        print(f"corpus {args.corpus}: extracted into the cache in {time.perf_counter() - t:.1f} s")
        if args.store_corrections:
            add_corrections(tmp / "data", args.corpus, args.store_corrections)
            print(f"{args.store_corrections} corrections in the store")
        port, log = free_port(), tmp / "server.log"
        server = launch(port, log, env, ["--corpus", str(args.corpus)])
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url, server, log, timeout=120)
            from bench.app_speed import process_tree

            cpu0, busy0 = cpu_seconds(process_tree(server.pid)), machine_busy()
            results, errors, wall = asyncio.run(drive(url, args.sessions, args.changes))
            server_cpu = cpu_seconds(process_tree(server.pid)) - cpu0
            busy1 = machine_busy()
            machine = (busy1[0] - busy0[0]) / max(busy1[1] - busy0[1], 1e-9) * (os.cpu_count() or 1)
            peak = tree_mb(server.pid, "VmHWM")
        finally:
            stop(server)
        tracebacks = log.read_text(encoding="utf-8", errors="replace").count("Traceback")
        if tracebacks:
            print(log_tail(log, 30))
    seconds = [s for _, _, s in results]
    per_session = {}
    for n, _, s in results:
        per_session.setdefault(n, []).append(s)
    print(f"\n{args.sessions} sessions × {args.changes} changes, all at once: {len(seconds)} reruns in {wall:.0f} s")
    for kind in ("indicator", "region −", "region +"):
        these = [s for _, k, s in results if k == kind]
        if these:
            print(f"  {kind:<10} n={len(these):<4} median {statistics.median(these):6.2f} s   "
                  f"p95 {percentile(these, 95):6.2f} s")
    p95 = percentile(seconds, 95) if seconds else float("nan")
    print(f"rerun median {statistics.median(seconds):.2f} s, p95 {p95:.2f} s (target p95 < {TARGET_P95:.0f} s: "
          f"{'ok' if p95 < TARGET_P95 else 'MISSED'}); slowest session's median "
          f"{max(statistics.median(v) for v in per_session.values()):.2f} s")
    print(f"CPU: the server used {server_cpu:.0f} s ({server_cpu / max(len(seconds), 1) * 1000:.0f} ms a rerun, "
          f"{server_cpu / wall:.2f} of {os.cpu_count()} cores); the whole machine was busy {machine:.2f} of "
          f"{os.cpu_count()} cores (the rest: ten Chromium renderers and whatever else runs here)")
    print(f"exceptions: {len(errors)} in the browser, {tracebacks} tracebacks in the server log; "
          f"server peak memory {peak:.0f} MB")
    for e in errors[:10]:
        print("  " + e)


if __name__ == "__main__":
    main()
