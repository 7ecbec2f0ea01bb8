"""The command line under faults: every failure one line naming the file or
option and the reason, no traceback; usage errors exit 2 before any
extraction; a signal or a full disk leaves the old table as it was and no
temporary file; tables get the user's permissions."""
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extract.__main__ import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"


@pytest.fixture
def reports(tmp_path):
    folder = tmp_path / "reports"
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("*.csv"))
    return folder


def cli(*args):
    return main([str(a) for a in args])


def one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


@contextlib.contextmanager
def mounted(path: Path, options: str):
    """A small tmpfs (root only; skipped where mounting is not allowed)."""
    path.mkdir(exist_ok=True)
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
                                           capture_output=True).returncode != 0:
        pytest.skip("needs root and mount to make a full or read-only file system")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


@pytest.fixture
def read_only(tmp_path):
    if os.geteuid() != 0:        # not root: permissions are enough
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    with mounted(tmp_path / "ro", "ro,size=64k") as folder:
        yield folder


# (what --out names, relative to tmp_path; what the one line says). "file.txt" is a file, "dir.csv" a folder.
BAD_OUT = [
    ("file.txt/t.csv", "file.txt is a file, not a folder"),
    ("file.txt/sub/t.parquet", "file.txt is a file, not a folder"),
    ("file.txt/", "is a file, not a folder"),
    ("dir.csv", "is a folder; give a file name ending in .csv or .parquet"),
    ("t.xlsx", "must end in .csv or .parquet, or in / for a dataset folder"),
    ("table", "must end in .csv or .parquet, or in / for a dataset folder"),
]


@pytest.mark.parametrize("out, says", BAD_OUT, ids=[o for o, _ in BAD_OUT])
def test_a_bad_out_is_refused_before_extraction(reports, tmp_path, out, says, capsys):
    (tmp_path / "file.txt").write_text("a file")
    (tmp_path / "dir.csv").mkdir()
    with pytest.raises(SystemExit) as stop:
        cli(reports, "--out", f"{tmp_path}/{out}", "--quiet")
    line = one_line(capsys.readouterr().err)
    assert stop.value.code == 2 and "--out" in line and says in line


def test_out_in_a_read_only_folder_is_refused_before_extraction(reports, read_only, capsys):
    for out in (read_only / "t.csv", f"{read_only}/dataset/"):
        with pytest.raises(SystemExit) as stop:
            cli(reports, "--out", out, "--quiet")
        line = one_line(capsys.readouterr().err)
        assert stop.value.code == 2 and f"--out {out}: cannot write in" in line
        assert "Read-only file system" in line or "Permission denied" in line


# (option, value, what the one line says)
BAD_OPTIONS = [
    ("--workers", "0", "--workers: 0: must be from 1 to 256"),
    ("--workers", "-2", "--workers: -2: must be from 1 to 256"),
    ("--workers", "two", "'two' is not a whole number"),
    ("--workers", "100000", "must be from 1 to 256"),
    ("--batch-mb", "0", "--batch-mb: 0: must be above 0"),
    ("--partition", "sentence", "--partition needs --out DIR/"),
    ("--resume", None, "--resume needs --out DIR/"),
]


@pytest.mark.parametrize("option, value, says", BAD_OPTIONS, ids=[f"{o} {v}" for o, v, _ in BAD_OPTIONS])
def test_bad_options_are_one_line_and_exit_2(reports, tmp_path, option, value, says, capsys):
    with pytest.raises(SystemExit) as stop:
        cli(reports, "--out", tmp_path / "t.csv", option, *([value] if value is not None else []))
    assert stop.value.code == 2 and says in one_line(capsys.readouterr().err)
    assert not (tmp_path / "t.csv").exists()


def test_a_bad_partition_of_a_folder_is_named(reports, tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        cli(reports, "--out", f"{tmp_path}/ds/", "--partition", "sentence")
    assert stop.value.code == 2 and "cannot partition by sentence" in one_line(capsys.readouterr().err)


@pytest.mark.parametrize("out", ["t.csv", "t.parquet", "ds/"])
def test_a_full_disk_is_one_line_and_leaves_the_old_table(reports, tmp_path, out, capsys):
    with mounted(tmp_path / "small", "size=40k") as disk:
        old = disk / "t.csv"
        old.write_bytes(b"old table")
        assert cli(reports, "--out", f"{disk}/{out}", "--quiet") == 1
        line = one_line(capsys.readouterr().err)
        assert f"--out {disk}/{out}: cannot write: No space left on device" in line
        assert old.read_bytes() == b"old table"
        leftovers = [p for p in disk.rglob(".*") if p.suffix == ".part"]
        assert leftovers == []


def test_stale_temporary_files_of_killed_runs_are_removed(reports, tmp_path):
    stale = [tmp_path / ".t.csv.abcdefgh.part", tmp_path / ".other.parquet.zz_99_zz.part"]
    for s in stale:
        s.write_bytes(b"left by a killed run")
    keep = tmp_path / "t.csv.part"               # not ours
    keep.write_bytes(b"someone else's")
    assert cli(reports, "--out", tmp_path / "t.csv", "--quiet") == 0
    assert not any(s.exists() for s in stale) and keep.exists()


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_tables_get_the_users_permissions(reports, tmp_path, suffix):
    old = os.umask(0o022)
    try:
        assert cli(reports, "--out", tmp_path / f"t{suffix}", "--quiet") == 0
    finally:
        os.umask(old)
    assert (tmp_path / f"t{suffix}").stat().st_mode & 0o777 == 0o644


# --------------------------------------------------------------------------
# Signals, as a user's terminal or a job manager sends them


def start(args, cwd=ROOT):
    return subprocess.Popen([sys.executable, "-m", "extract", *map(str, args)], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def wait_for(condition, process, seconds=60.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert process.poll() is None, f"the run ended first: {process.communicate()}"
        assert time.monotonic() < deadline, "the run never got there"
        time.sleep(0.01)


# (signal, sent to the whole process group as a terminal does?, workers)
SIGNALS = [(signal.SIGINT, True, 2), (signal.SIGINT, False, 1), (signal.SIGTERM, False, 2), (signal.SIGHUP, False, 1)]


@pytest.mark.parametrize("signum, group, workers", SIGNALS,
                         ids=[f"{signal.Signals(s).name} {'group' if g else 'parent'} {w}w" for s, g, w in SIGNALS])
def test_a_signal_stops_the_run_cleanly(reports, tmp_path, signum, group, workers):
    out = tmp_path / "t.csv"
    out.write_bytes(b"the old table")
    run = start([reports, reports, "--out", out, "--workers", workers, "--quiet", "--batch-mb", "0.01"])
    wait_for(lambda: any(tmp_path.glob(".t.csv.*.part")), run)
    (os.killpg if group else os.kill)(run.pid, signum)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 128 + signum
    assert one_line(err) == f"interrupted by {signal.Signals(signum).name}; nothing written, {out} is as it was"
    assert out.read_bytes() == b"the old table" and sorted(os.listdir(tmp_path)) == ["reports", "t.csv"]


def test_files_read_with_repairs_are_named(reports, tmp_path, capsys):
    report = next(p for p in sorted(reports.glob("*.txt")) if p.read_bytes().isascii() is False
                  and _utf8(p.read_bytes()))
    data = report.read_bytes()
    cut = data.find("。".encode(), len(data) // 2) + 3
    report.write_bytes(data[:cut] + b"\xff\xfe" + data[cut:])       # two stray bytes, as scraped pages have
    assert cli(reports, "--out", tmp_path / "t.csv", "--quiet") == 0
    err = capsys.readouterr().err
    assert f"repaired {report}: 2 bad bytes replaced" in err and "(1 repaired)" in err


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False
