"""The per-document path on one core, as figures: MB/s, µs per mention, and
where the time goes, stage by stage (not a timed test).

    python bench/per_document.py [--source DIR ...] [--repeat 3] [--profile] [--code CHECKOUT]
    python bench/per_document.py --cli 50 [--code CHECKOUT]     # the command line, as a user runs it

Documents are read once beforehand, so only `Extractor.extract` is timed
(normalise → describe → layout → scan → context → indication → rows); a
one-regex scan of the same texts runs in the same process as the floor.
Times are CPU seconds, the best of --repeat passes. The breakdown wraps each
stage in a timer (separate passes, so the total above is untouched by it; its
shares are of its own total); `--profile` prints cProfile's top functions instead.
`--cli MB` times ``python -m extract DIR --out t.csv --workers 1`` (wall and CPU)
on a folder of at least MB megabytes copied from the sources, next to a
one-regex scan of the same files in its own process.
"""
from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# --code: time another checkout's extractor (e.g. a worktree of main) with this script
if "--code" in sys.argv:
    sys.path.insert(0, str(Path(sys.argv[sys.argv.index("--code") + 1]).resolve()))
else:
    sys.path.insert(0, str(ROOT))

FLOOR = r"[0-9]+(?:\.[0-9]+)?[万亿]?(?:元|人|个|户|%)"       # the same one-regex scan as bench/extract_speed.py


def read_documents(sources: list[Path]):
    from extract.ingest import list_files, read_document
    from extract.manifest import hint_for
    docs = [read_document(f) for f in list_files([str(s) for s in sources if s.is_dir()])]
    return [(d, hint_for(d.doc, None)) for d in docs]


def timed(fn, docs, repeat: int) -> float:
    """The best of `repeat` passes over all documents, in CPU seconds of this process
    (the machine is shared: wall time also counts other work's turns)."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t = time.process_time()
        fn(docs)
        best = min(best, time.process_time() - t)
    return best


def stages(extractor, docs) -> dict[str, float]:
    """Seconds per stage over one pass, each stage wrapped in a timer where the pipeline calls it."""
    import extract.pipeline as pipeline
    from extract.context import Layout
    from extract.indication import Indication
    from extract.mentions import Grammar

    spent: dict[str, float] = {}

    def wrap(owner, name, label):
        original = getattr(owner, name)

        def timer(*args, **kwargs):
            t = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - t
        setattr(owner, name, timer)
        return owner, name, original

    wrapped = [wrap(pipeline, "normalise", "normalise"), wrap(pipeline, "describe_document", "describe"),
               wrap(Layout, "__init__", "layout"), wrap(Grammar, "scan", "scan"),
               wrap(Layout, "context_of", "context"), wrap(Indication, "indicate", "indication"),
               wrap(pipeline, "settle", "settle")]
    try:
        t = time.perf_counter()
        for d, h in docs:
            extractor.extract(d, h)
        total = time.perf_counter() - t
    finally:
        for owner, name, original in wrapped:
            setattr(owner, name, original)
    spent["rows and joins"] = total - sum(spent.values())
    spent["total"] = total
    return spent


def cli(sources: list[Path], megabytes: float, code: Path) -> None:
    """The command line on copies of the sources, next to a one-regex scan of the same files."""
    import json
    import resource
    import shutil
    import subprocess
    import tempfile

    from bench.extract_speed import build_corpus

    files = sorted(f for s in sources if s.is_dir() for f in s.iterdir()
                   if f.suffix in (".txt", ".md") and f.name.lower() != "readme.md")
    with tempfile.TemporaryDirectory(prefix="per-document-") as tmp:
        folder = Path(tmp) / "in"
        n, total = build_corpus(sources, folder, megabytes)
        scan = (f"import json, regex, time, pathlib; t = time.perf_counter(); p = regex.compile({FLOOR!r}); "
                f"n = sum(1 for f in sorted(pathlib.Path({str(folder)!r}).iterdir()) "
                f"for _ in p.finditer(f.read_text(encoding='utf-8'))); "
                f"print(json.dumps([time.perf_counter() - t, n]))")
        seconds, found = json.loads(subprocess.run([sys.executable, "-c", scan], capture_output=True, text=True,
                                                   check=True).stdout)
        print(f"{n} files, {total / 1e6:.1f} MB; one-regex scan {total / 1e6 / seconds:.1f} MB/s ({found} found)")
        out = Path(tmp) / "t.csv"
        command = [sys.executable, "-m", "extract", str(folder), "--out", str(out), "--workers", "1", "--quiet"]
        warm = Path(tmp) / "warm"
        warm.mkdir()
        shutil.copyfile(files[0], warm / files[0].name)      # the examples' stamp, the bytecode
        subprocess.run(command[:3] + [str(warm), "--out", str(Path(tmp) / "w.csv"), "--quiet"], cwd=code,
                       check=True, capture_output=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        done = subprocess.run(command, cwd=code, capture_output=True, text=True, check=True)
        wall = time.perf_counter() - t
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        print(f"CLI, CSV, 1 worker: {total / 1e6 / wall:.2f} MB/s wall ({wall:.1f} s), "
              f"{total / 1e6 / cpu:.2f} MB/s of CPU ({cpu:.1f} s); scan/CLI {wall / seconds:.0f}x")
        print("  " + done.stderr.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", nargs="+", type=Path,
                    default=[ROOT.parent / "shared" / "corpus", ROOT.parent / "shared" / "seeds"])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--code", help="the checkout whose extractor is timed (default: this one)")
    ap.add_argument("--cli", type=float, metavar="MB", help="time the command line on MB of copies instead")
    a = ap.parse_args()
    if a.cli:
        cli(a.source, a.cli, Path(a.code or ROOT).resolve())
        return

    import regex
    from extract.pipeline import default_extractor

    t = time.perf_counter()
    extractor = default_extractor()
    start_up = time.perf_counter() - t
    docs = read_documents(a.source)
    mb = sum(len(d.text.encode("utf-8")) for d, _ in docs) / 1e6
    mentions = sum(len(extractor.extract(d, h)[1]) for d, h in docs)     # also warms the caches
    print(f"{len(docs)} documents, {mb:.2f} MB, {mentions} mentions; start-up (catalog, examples) {start_up:.2f} s")

    floor = regex.compile(FLOOR)
    scan = timed(lambda ds: [sum(1 for _ in floor.finditer(d.text)) for d, _ in ds], docs, a.repeat)
    run = timed(lambda ds: [extractor.extract(d, h) for d, h in ds], docs, a.repeat)
    print(f"one-regex scan     {mb / scan:7.1f} MB/s")
    print(f"extract            {mb / run:7.2f} MB/s  {run / mentions * 1e6:6.1f} µs/mention  "
          f"({scan / run * 100:.0f}% of the scan's speed, {run / scan:.1f}x its time)")

    if a.profile:
        import cProfile
        import pstats
        profile = cProfile.Profile()
        profile.enable()
        for d, h in docs:
            extractor.extract(d, h)
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(30)
        return
    runs = [stages(extractor, docs) for _ in range(a.repeat)]
    print(f"{'stage':16} {'s':>7} {'µs/mention':>11} {'share':>6}   (each the least of {a.repeat} passes)")
    total = min(r["total"] for r in runs)
    for label in runs[0]:
        s = min(r[label] for r in runs)
        print(f"{label:16} {s:7.3f} {s / mentions * 1e6:11.1f} {s / total * 100:5.0f}%")


if __name__ == "__main__":
    main()
