"""Work on what users send (uploads, pasted text) in a child process with a time and a memory bound.

A crafted file (a zip bomb of a .docx, HTML nested 100,000 deep) or a text the
extractor is slow on must not take the server's memory or its CPU from other
sessions: the child gets an address-space limit, the parent waits at most the
time limit and then kills it. Children fork from a server process that has
the extractor loaded (multiprocessing's forkserver), so a job starts in tens of
milliseconds, and at most ``MAX_JOBS`` run at once.

>>> run_bounded(divmod, 7, 2)
(3, 1)
"""
from __future__ import annotations

import contextlib
import multiprocessing
import resource
import threading
import traceback
from dataclasses import dataclass
from multiprocessing import spawn

# Imported once in the fork server; dashboard.warm loads the extractor's catalog there.
PRELOAD = ["extract.pipeline", "extract.uploads", "dashboard.bounded", "dashboard.warm"]
MAX_JOBS = 2  # children at once: each may take up to its memory bound


@dataclass(frozen=True)
class Limits:
    seconds: float = 30.0  # 20 MB of text extract in about 5 s; a hostile file is stopped well before a user gives up
    memory_mb: int = 1024  # address space of the child


UPLOAD_LIMITS = Limits()  # an upload, and the Rules page's "run the extractor": the same bound


class OverLimit(Exception):
    """The work was stopped: ``kind`` is time, memory or crashed; ``limit`` what the bound was."""

    def __init__(self, kind: str, limit: float, detail: str = ""):
        super().__init__(f"{kind} limit ({limit}) reached{': ' + detail if detail else ''}")
        self.kind = kind
        self.limit = limit
        self.detail = detail


_context = None
_context_lock = threading.Lock()
_jobs = threading.BoundedSemaphore(MAX_JOBS)


def _mp():
    global _context
    with _context_lock:
        if _context is None:
            try:
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(PRELOAD)
            except ValueError:  # no forkserver on this platform
                context = multiprocessing.get_context("spawn")
            _context = context
        return _context


_MAIN_KEYS = ("init_main_from_path", "init_main_from_name", "main_path")


@contextlib.contextmanager
def _without_main():
    """Start children without the parent's ``__main__``: under Streamlit that is the app script, which
    multiprocessing would import in the fork server and in every child (all of streamlit, pandas, the app)."""
    original = spawn.get_preparation_data

    def prepared(name):
        return {k: v for k, v in original(name).items() if k not in _MAIN_KEYS}

    with _context_lock:
        spawn.get_preparation_data = prepared
        try:
            yield
        finally:
            spawn.get_preparation_data = original


def _child(conn, fn, args, memory_mb: int) -> None:
    try:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass
    try:
        conn.send(("ok", fn(*args)))
    except MemoryError:
        conn.send(("memory", ""))
    except BaseException as exc:  # reported to the parent as the work's own failure
        conn.send(("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}"))
    finally:
        conn.close()


def run_bounded(fn, *args, limits: Limits = UPLOAD_LIMITS):
    """``fn(*args)`` in a child process within ``limits``; its result, or OverLimit.

    ``fn`` must be importable by name (a module-level function) and its result picklable.
    An exception inside ``fn`` comes back as RuntimeError with its message.
    """
    context = _mp()
    with _jobs:
        parent, child = context.Pipe(duplex=False)
        process = context.Process(target=_child, args=(child, fn, args, limits.memory_mb), daemon=True)
        with _without_main():
            process.start()
        child.close()
        try:
            if not parent.poll(limits.seconds):
                raise OverLimit("time", limits.seconds)
            try:
                status, payload = parent.recv()
            except (EOFError, OSError):  # died without a word: killed for memory, or crashed
                process.join(1)
                raise OverLimit("memory" if process.exitcode in (-9, None) else "crashed", limits.memory_mb,
                                f"exit code {process.exitcode}") from None
        finally:
            if process.is_alive():
                process.kill()
            process.join(5)
            parent.close()
    if status == "ok":
        return payload
    if status == "memory":
        raise OverLimit("memory", limits.memory_mb)
    raise RuntimeError(payload)


def _nothing() -> None:
    return None


def warm_up() -> None:
    """Start the fork server (it loads the extractor: seconds) in the background, before the first upload."""
    threading.Thread(target=lambda: _try(run_bounded, _nothing, limits=Limits(seconds=120)), daemon=True,
                     name="bounded-warm-up").start()


def _try(fn, *args, **kwargs) -> None:
    try:
        fn(*args, **kwargs)
    except Exception:  # a failed warm-up only costs the first upload its start
        pass
