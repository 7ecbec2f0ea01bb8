"""Extraction speed and memory, printed as figures (not a timed test).

    python bench/extract_speed.py [--mb 50] [--source ../shared/corpus] [--workers 1 2]

Builds a corpus of at least --mb megabytes by copying the source reports
under new names, then, each in a fresh process, measures:
  - a one-regex scan of the same files (read + one `regex` finditer), the floor;
  - the full extraction (ingest → … → rows) with 1..N worker processes;
  - the same extraction on half the corpus, to show that peak memory stays
    flat as the corpus grows (documents are streamed, not held).
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def build_corpus(source: Path, target: Path, megabytes: float) -> tuple[int, int]:
    files = sorted(p for p in source.iterdir() if p.suffix in (".txt", ".md"))
    if not files:
        raise SystemExit(f"no .txt/.md reports in {source}")
    total = count = 0
    copy = 0
    while total < megabytes * 1e6:
        for f in files:
            dest = target / f"{f.stem}__copy{copy:03d}{f.suffix}"
            shutil.copyfile(f, dest)
            total += dest.stat().st_size
            count += 1
        copy += 1
    return count, total


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024  # Linux reports KiB


def child(mode: str, folder: str, workers: int, limit: int) -> None:
    """Runs in its own process; prints one JSON line."""
    files = sorted(Path(folder).iterdir())[:limit or None]
    nbytes = sum(f.stat().st_size for f in files)
    start = time.perf_counter()
    if mode == "scan":
        import regex
        pattern = regex.compile(r"[0-9]+(?:\.[0-9]+)?[万亿]?(?:元|人|个|户|%)")
        found = sum(1 for f in files for _ in pattern.finditer(f.read_text(encoding="utf-8")))
    else:
        from extract.pipeline import stream
        found = 0
        for result in stream([str(f) for f in files], workers=workers):
            found += len(result.mentions)
    seconds = time.perf_counter() - start
    print(json.dumps({"mode": mode, "workers": workers, "files": len(files), "bytes": nbytes,
                      "seconds": seconds, "found": found, "peak_mb": peak_mb()}))


def measure(mode: str, folder: Path, workers: int = 1, limit: int = 0) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", mode, str(folder), str(workers), str(limit)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=50)
    ap.add_argument("--source", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    a = ap.parse_args()
    source = Path(a.source)
    if not source.is_dir():
        source = ROOT / "data" / "sample"
    with tempfile.TemporaryDirectory(prefix="extract-bench-") as tmp:
        n, total = build_corpus(source, Path(tmp), a.mb)
        print(f"corpus: {n} files, {total / 1e6:.1f} MB, copied from {source}")
        print(f"{'what':34} {'MB/s':>8} {'seconds':>8} {'found':>9} {'peak MB':>8}")

        def show(name, r):
            mbps = r["bytes"] / 1e6 / r["seconds"]
            print(f"{name:34} {mbps:8.1f} {r['seconds']:8.2f} {r['found']:9d} {r['peak_mb']:8.0f}")
            return mbps

        show("one-regex scan (floor)", measure("scan", Path(tmp)))
        base = None
        for w in a.workers:
            mbps = show(f"extract, {w} worker(s)", measure("extract", Path(tmp), w))
            base = base or mbps
            if w > 1:
                print(f"{'':34} speed-up {mbps / base:.2f}x on {w} workers")
        half = show("extract, 1 worker, half the corpus", measure("extract", Path(tmp), 1, n // 2))
        del half


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    else:
        main()
