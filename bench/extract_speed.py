"""Extraction speed and memory as a user sees them, printed as figures (not a timed test).

    .venv/bin/python bench/extract_speed.py [--mb 25 100] [--source DIR ...] [--no-dask]

Builds corpora of the given sizes by copying the source reports (default
../shared/corpus and ../shared/seeds) under new names, then times, each as
its own process and in the same sitting:
  - a one-regex scan of the same files (read + one `regex` finditer), the floor;
  - the command line as a user runs it: ``python -m extract DIR --out t.csv``
    (and ``t.parquet``) with 1 and 2 workers, at each corpus size;
  - ``--out DIR/`` on worker processes and on a Dask LocalCluster
    (``--scheduler local``), for Dask's overhead.
For each: wall seconds, MB/s, mentions/s, CPU seconds of the whole process
tree (load on a shared machine stretches wall time, not CPU time) and the
peak memory of the whole process tree (the sum of every process's RSS,
sampled every 20 ms).
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCAN = r"""
import sys, regex
from pathlib import Path
pattern = regex.compile(r"[0-9]+(?:\.[0-9]+)?[万亿]?(?:元|人|个|户|%)")
print(sum(1 for f in sorted(Path(sys.argv[1]).iterdir()) for _ in pattern.finditer(f.read_text(encoding="utf-8"))))
"""


def build_corpus(sources: list[Path], target: Path, megabytes: float) -> tuple[int, int]:
    """Copies of the source reports under new names until the folder holds ``megabytes``."""
    files = sorted(p for s in sources if s.is_dir() for p in s.iterdir()
                   if p.suffix in (".txt", ".md") and p.name.lower() not in ("readme.md", "readme.txt"))
    if not files:
        raise SystemExit(f"no .txt/.md reports in {', '.join(map(str, sources))}")
    target.mkdir(parents=True, exist_ok=True)
    total = count = copy = 0
    while total < megabytes * 1e6:
        for f in files:
            dest = target / f"{f.stem}__copy{copy:03d}{f.suffix}"
            shutil.copyfile(f, dest)
            total += dest.stat().st_size
            count += 1
            if total >= megabytes * 1e6:
                break
        copy += 1
    return count, total


@dataclass
class Run:
    what: str
    bytes: int
    seconds: float
    cpu: float
    peak_mb: float
    found: int

    @property
    def mbps(self) -> float:
        return self.bytes / 1e6 / self.seconds


def tree_rss(process: psutil.Process) -> int:
    total = 0
    for p in [process, *process.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def measure(what: str, args: list[str], nbytes: int, repeat: int = 1, out: Path | None = None) -> Run:
    """The fastest of ``repeat`` runs (on a shared machine, the one least slowed by others);
    ``out`` is removed before each, so every run writes anew."""
    runs = []
    for _ in range(repeat):
        if out is not None and out.is_dir():
            shutil.rmtree(out)
        elif out is not None and out.exists():
            out.unlink()
        runs.append(measure_once(what, args, nbytes))
    return min(runs, key=lambda r: r.seconds)


def measure_once(what: str, args: list[str], nbytes: int) -> Run:
    """Run a command, sampling its process tree's memory; CPU from the children's rusage."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    child = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watched = psutil.Process(child.pid)
    peak = 0
    while child.poll() is None:
        peak = max(peak, tree_rss(watched))
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    out, err = child.communicate()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if child.returncode != 0:
        raise SystemExit(f"{what} failed ({child.returncode}): {err.strip()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    found = re.search(r"(\d+) mentions", err)
    count = int(found.group(1)) if found else int(out.strip() or 0)
    return Run(what, nbytes, seconds, cpu, peak / 1e6, count)


def cli(folder: Path, out: Path, *extra: str) -> list[str]:
    target = f"{out}/" if out.suffix not in (".csv", ".parquet") else str(out)   # no suffix: a dataset folder
    return [sys.executable, "-m", "extract", str(folder), "--out", target, "--quiet", *extra]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, nargs=2, default=[25, 100], metavar=("SMALL", "LARGE"))
    ap.add_argument("--source", nargs="+", default=[str(SHARED / "corpus"), str(SHARED / "seeds")])
    ap.add_argument("--no-dask", action="store_true", help="skip the Dask LocalCluster run")
    ap.add_argument("--repeat", type=int, default=2, help="runs of each measurement; the fastest is shown")
    a = ap.parse_args()
    sources = [Path(s) for s in a.source if Path(s).is_dir()] or [ROOT / "data" / "sample"]
    runs: list[Run] = []

    def show(run: Run, base: Run | None = None) -> Run:
        ratio = f"{base.mbps / run.mbps:6.1f}x" if base else ""
        print(f"{run.what:44} {run.mbps:7.2f} {run.seconds:8.1f} {run.cpu:7.1f} {run.bytes / 1e6 / run.cpu:7.2f} "
              f"{run.found / run.seconds:10.0f} {run.peak_mb:8.0f} {ratio}", flush=True)
        runs.append(run)
        return run

    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    with tempfile.TemporaryDirectory(prefix="extract-bench-") as tmp:
        tmp = Path(tmp)
        small, large = tmp / "small", tmp / "large"
        n_small, b_small = build_corpus(sources, small, a.mb[0])
        n_large, b_large = build_corpus(sources, large, a.mb[1])
        print(f"corpora: {n_small} files, {b_small / 1e6:.1f} MB and {n_large} files, {b_large / 1e6:.1f} MB, "
              f"copied from {', '.join(map(str, sources))}")
        print(f"{'what':44} {'MB/s':>7} {'seconds':>8} {'CPU s':>7} {'MB/CPUs':>7} {'mentions/s':>10} "
              f"{'peak MB':>8} {'vs scan':>7}")

        def timed(what: str, folder: Path, nbytes: int, out: str, *extra: str) -> Run:
            return show(measure(what, cli(folder, tmp / out, *extra), nbytes, a.repeat, tmp / out), scan)

        small_mb, large_mb = f"{a.mb[0]:.0f} MB", f"{a.mb[1]:.0f} MB"
        scan = show(measure("one-regex scan (floor)", [sys.executable, "-c", SCAN, str(small)], b_small, a.repeat))
        one = timed(f"CLI -> CSV, 1 worker, {small_mb}", small, b_small, "t.csv")
        timed(f"CLI -> parquet, 1 worker, {small_mb}", small, b_small, "t.parquet")
        two = timed(f"CLI -> CSV, 2 workers, {small_mb}", small, b_small, "t.csv", "--workers", "2")
        big_one = timed(f"CLI -> CSV, 1 worker, {large_mb}", large, b_large, "t.csv")
        big_two = timed(f"CLI -> CSV, 2 workers, {large_mb}", large, b_large, "t.csv", "--workers", "2")
        local = timed(f"CLI -> DIR/, 2 workers, {small_mb}", small, b_small, "ds/", "--workers", "2")
        dask = None
        if not a.no_dask:
            dask = timed(f"CLI -> DIR/, Dask LocalCluster 2, {small_mb}", small, b_small, "ds/", "--workers", "2",
                         "--scheduler", "local")
    print()
    print(f"one worker: {one.mbps:.2f} MB/s, {scan.mbps / one.mbps:.0f}x slower than the scan "
          f"({scan.mbps:.0f} MB/s), {one.found / one.seconds:.0f} mentions/s")
    print(f"two workers: {two.mbps / one.mbps:.2f}x one worker at {a.mb[0]:.0f} MB, "
          f"{big_two.mbps / big_one.mbps:.2f}x at {a.mb[1]:.0f} MB (wall); "
          f"CPU per MB {two.cpu / one.cpu:.2f}x one worker's")
    print(f"peak memory, whole process tree: 1 worker {one.peak_mb:.0f} MB at {a.mb[0]:.0f} MB, "
          f"{big_one.peak_mb:.0f} MB at {a.mb[1]:.0f} MB ({big_one.peak_mb / one.peak_mb - 1:+.0%}); "
          f"2 workers {two.peak_mb:.0f} -> {big_two.peak_mb:.0f} MB ({big_two.peak_mb / two.peak_mb - 1:+.0%})")
    if dask:
        print(f"Dask LocalCluster: {dask.seconds - local.seconds:+.1f} s ({dask.seconds / local.seconds - 1:+.0%}) "
              f"against worker processes on the same folder output; peak {dask.peak_mb:.0f} MB vs {local.peak_mb:.0f} MB")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
