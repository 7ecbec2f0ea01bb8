"""Output files whole or not at all: the user's permissions, nothing left by
an abort or a signal, and what killed runs left removed by the next run
without touching a live writer's file or anyone else's."""
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from extract.atomic import AtomicFile, Interrupted, clean_stale, signals_interrupt, write_atomic


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_files_get_the_users_permissions(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        write_atomic(tmp_path / "t.csv", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "t.csv").stat().st_mode & 0o777 == mode


def test_an_abort_leaves_the_old_file_and_no_temporary_file(tmp_path):
    (tmp_path / "t.csv").write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with AtomicFile(tmp_path / "t.csv") as out:
            out.file.write(b"new, half")
            raise RuntimeError("stopped")
    assert os.listdir(tmp_path) == ["t.csv"] and (tmp_path / "t.csv").read_bytes() == b"old"


# (file name, left by a killed run of ours?)
TEMP_NAMES = [
    (".t.csv.k2x9_ab1.part", True),              # this writer's
    (".table.parquet.abcdefgh.part", True),      # the mkstemp-based writer before it
    (".part-20261202T0100-ab12-00001.parquet.zz9_zz9z.part", True),   # a dataset part's
    ("t.csv.part", False),                       # a browser's download, not ours
    (".t.csv.part", False),
    (".t.csv.TOOLONG12.part", False),
    ("notes.txt", False),
]


@pytest.mark.parametrize("name, ours", TEMP_NAMES, ids=[n for n, _ in TEMP_NAMES])
def test_stale_temporary_files_are_removed_and_others_kept(tmp_path, name, ours):
    (tmp_path / name).write_bytes(b"left over")
    removed = clean_stale(tmp_path)
    assert (tmp_path / name).exists() is not ours and len(removed) == int(ours)


def test_a_live_writers_temporary_file_is_kept(tmp_path):
    with AtomicFile(tmp_path / "t.csv") as out:
        out.file.write(b"being written")
        assert clean_stale(tmp_path) == [] and out.path.exists()
    assert (tmp_path / "t.csv").read_bytes() == b"being written"


@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_signals_become_a_clean_abort(tmp_path, signum, code):
    with pytest.raises(Interrupted) as stopped:
        with signals_interrupt():
            with AtomicFile(tmp_path / "t.csv") as out:
                out.file.write(b"half")
                os.kill(os.getpid(), signum)
    assert stopped.value.exit_code == code and os.listdir(tmp_path) == []
    assert signal.getsignal(signal.SIGTERM) is not None   # the handlers were put back


WORKER = textwrap.dedent("""
    import sys, time
    from extract.atomic import AtomicFile, worker_signals
    worker_signals()
    out = AtomicFile(sys.argv[1])
    out.file.write(b"half"); out.file.flush()
    print("writing", flush=True)
    time.sleep(60)
""")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_worker_removes_its_temporary_files_when_stopped(tmp_path, signum):
    worker = subprocess.Popen([sys.executable, "-c", WORKER, str(tmp_path / "t.csv")], stdout=subprocess.PIPE,
                              cwd=os.path.dirname(os.path.dirname(__file__)))
    assert worker.stdout.readline().strip() == b"writing"
    worker.send_signal(signum)
    assert worker.wait(timeout=30) == 128 + signum
    assert os.listdir(tmp_path) == []
