"""Output files that appear whole or not at all, and runs that stop cleanly.

Every table, part and manifest file is written to a temporary file beside its
target, ``.NAME.xxxxxxxx.part``, made with the user's umask (not mkstemp's
0600), fsync'd, renamed over the target and the folder fsync'd, so a crash
leaves the old file or the new one, never half of one. The writer holds an
flock on its temporary file while it writes: a later run into the same folder
removes the temporary files nobody holds (left by a killed run) and leaves a
live writer's alone. SIGINT, SIGTERM and SIGHUP become `Interrupted` in the
main process, so the writers' ``with`` blocks remove their temporary files on
the way out; worker processes remove theirs and exit.

>>> bool(TEMP_NAME.match(".t.csv.k2x9_ab1.part")), bool(TEMP_NAME.match("t.csv.part"))
(True, False)
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import re
import secrets
import signal
from pathlib import Path
from typing import Iterator

TEMP_SUFFIX = ".part"
# What our writers (and the older mkstemp-based one) name a temporary file: a dot,
# the target's name, eight characters of tempfile's alphabet, .part.
TEMP_NAME = re.compile(r"^\..+\.[a-z0-9_]{8}\.part$")
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789_"
_LIVE: set[str] = set()       # temporary files of this process, removed on a signal
SIGNALS = tuple(s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None)


class Interrupted(KeyboardInterrupt):
    """A signal asked the run to stop (SIGINT, SIGTERM or SIGHUP)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum
        self.name = signal.Signals(signum).name
        self.exit_code = 128 + signum


def temp_path(target: Path) -> Path:
    """A fresh temporary name beside the target."""
    token = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return target.with_name(f".{target.name}.{token}{TEMP_SUFFIX}")


def fsync_folder(folder: Path) -> None:
    """Make a rename in the folder durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems do not sync folders; the rename itself still happened
    finally:
        os.close(fd)


class Committable:
    """A ``with`` block over something written in steps: left normally it is
    committed, left by an exception (or a signal) it is aborted."""

    def commit(self) -> None:
        raise NotImplementedError

    def abort(self) -> None:
        raise NotImplementedError

    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb) -> None:
        if kind is None:
            self.commit()
        else:
            self.abort()


class AtomicFile(Committable):
    """A file written under a temporary name and put in place by `commit`.

    ``path`` is where to write (pyarrow may open it itself); ``file`` is a
    binary handle on it. Leaving the ``with`` block by an exception removes the
    temporary file and leaves the target as it was.
    """

    def __init__(self, target: str | os.PathLike):
        self.target = Path(target)
        with signals_held():        # a signal now must not leave a file nobody knows to remove
            for _ in range(100):
                self.path = temp_path(self.target)
                try:
                    # 0o666 & ~umask: the permissions of any other file the user makes
                    fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
                    _LIVE.add(str(self.path))
                    break
                except FileExistsError:
                    continue
            else:  # pragma: no cover - 37**8 names
                raise FileExistsError(f"{self.target.parent}: no free temporary name")
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)   # ours alone: a cleaner sees it is live
        self.file = os.fdopen(fd, "wb")
        self.done = False

    def commit(self) -> None:
        """Flush to disk, rename over the target, make the rename durable."""
        self.file.flush()
        os.fsync(self.file.fileno())
        os.replace(self.path, self.target)
        _LIVE.discard(str(self.path))
        self.done = True
        self.file.close()
        fsync_folder(self.target.parent)

    def abort(self) -> None:
        """Drop what was written; the target stays as it was."""
        if self.done:
            return
        self.done = True
        with contextlib.suppress(OSError):
            self.file.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)
        _LIVE.discard(str(self.path))


def write_atomic(target: str | os.PathLike, data: bytes) -> None:
    """Put ``data`` at ``target`` whole or not at all."""
    with AtomicFile(target) as out:
        out.file.write(data)


def clean_stale(folder: str | os.PathLike) -> list[Path]:
    """Remove the temporary files in ``folder`` that no live writer holds; returns them.

    A writer holds an flock on its temporary file until it renames or removes
    it, and the kernel drops the lock when a process dies (even by SIGKILL).
    """
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not TEMP_NAME.match(entry.name) or not entry.is_file(follow_symlinks=False):
            continue
        try:
            fd = os.open(entry.path, os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue          # a live writer holds it
        finally:
            os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def probe_folder(folder: Path) -> None:
    """Make the folder (and its parents) and check a file can be written in it; OSError otherwise."""
    folder.mkdir(parents=True, exist_ok=True)
    probe = AtomicFile(folder / ".write-probe")
    probe.abort()


# --------------------------------------------------------------------------
# Signals


_held = 0                 # inside `signals_held`: a signal waits until the block ends
_pending: list[int] = []


def _raise_interrupted(signum, frame):
    if _held:
        _pending.append(signum)
        return
    raise Interrupted(signum)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Within the block a signal waits, raised as `Interrupted` when it ends: for
    steps that must not stop half-way (starting a worker process, whose start-up
    would otherwise read a half-sent message and print a traceback)."""
    global _held
    _held += 1
    try:
        yield
    finally:
        _held -= 1
        if not _held and _pending:
            signum = _pending[0]
            _pending.clear()
            raise Interrupted(signum)


@contextlib.contextmanager
def signals_interrupt() -> Iterator[None]:
    """Within the block, SIGINT/SIGTERM/SIGHUP raise `Interrupted` (main thread only)."""
    try:
        previous = {s: signal.signal(s, _raise_interrupted) for s in SIGNALS}
    except ValueError:          # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def remove_live() -> None:
    """Remove every temporary file this process still has open: the last step of a
    run that stops, whatever it was doing when it was stopped."""
    for path in list(_LIVE):
        with contextlib.suppress(OSError):
            os.unlink(path)
        _LIVE.discard(path)


def ignore_signals() -> None:
    """A stopping run's last steps (ending workers, removing temporary files) are
    not cut short by a second Ctrl-C; the signals come back when the run's
    `signals_interrupt` block ends."""
    with contextlib.suppress(ValueError):        # not the main thread
        for s in SIGNALS:
            signal.signal(s, signal.SIG_IGN)


def _remove_live_and_exit(signum, frame):
    remove_live()
    os._exit(128 + signum)


def worker_signals() -> None:
    """For a worker process: Ctrl-C is the parent's to handle (it stops the workers);
    SIGTERM/SIGHUP remove this worker's temporary files and end it at once.
    (It may have started with SIGINT blocked, see `extract.cluster`: unblocked
    only once ignored.)"""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for s in SIGNALS:
        if s != signal.SIGINT:
            signal.signal(s, _remove_live_and_exit)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
