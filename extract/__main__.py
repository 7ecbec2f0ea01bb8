"""Command line: python -m extract PATH... --out FILE.csv|FILE.parquet"""
from __future__ import annotations

import argparse
import os
import sys

from .pipeline import read_manifest, run
from .table import write_table


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

    result = run(a.paths, manifest=manifest, workers=a.workers,
                 progress=not a.quiet and sys.stderr.isatty())
    for p in result.problems:
        print(f"skipped {p.path or p.doc}: {p.reason}", file=sys.stderr)
    read = len(result.documents)
    if read == 0:
        print("error: no document could be read; nothing written", file=sys.stderr)
        return 1
    write_table(result.mentions, a.out)
    print(f"{read} documents read, {len(result.mentions)} mentions, "
          f"{len(result.problems)} skipped -> {os.path.abspath(a.out)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
