"""Where batches run: in this process, in worker processes, or on a Dask cluster.

Each executor takes a function and one batch at a time (`submit`) and gives
futures with ``result()``; `bounded` keeps only a few batches in flight, so
memory stays flat however large the corpus and however many workers there
are. A run stopped early (`close(cancel=True)`) ends its workers at once: a
worker process removes its temporary files on SIGTERM (`extract.atomic`).
"""
from __future__ import annotations

import concurrent.futures as cf
import contextlib
import logging
import multiprocessing
import signal
import threading
from collections import deque
from typing import Callable, Iterable, Iterator

from .atomic import signals_held, worker_signals

# Task retries on Dask: a task that raised is run again this often (a worker that
# died is rescheduled by the scheduler itself, up to distributed.scheduler.allowed-failures).
DASK_RETRIES = 2
DASK_CONNECT_TIMEOUT = "10s"


class Serial:
    """In this process, one batch at a time (``--workers 1``): no pickling, no start-up."""

    slots = 1
    window = 1          # a batch is done when submitted: hold no more than one

    def submit(self, fn: Callable, arg):
        future = cf.Future()
        future.set_result(fn(arg))      # exceptions (and Ctrl-C) propagate from here
        return future

    def first_done(self, futures):
        return next(iter(futures))

    def close(self, cancel: bool = False) -> None:
        pass


class Processes:
    """A pool of worker processes, each extracting whole batches."""

    def __init__(self, workers: int):
        self.slots = workers
        # spawn, not fork: the parent may hold Arrow's threads, which a fork would copy mid-lock
        self.pool = cf.ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                           initializer=worker_signals)
        self._submitted = 0

    def submit(self, fn: Callable, arg):
        # The pool starts a worker on each of the first `slots` submits: let no signal
        # stop this process half-way through sending a new worker its start-up data.
        self._submitted += 1
        if self._submitted > self.slots:
            return self.pool.submit(fn, arg)
        with starting_children():
            return self.pool.submit(fn, arg)

    def first_done(self, futures):
        done, _ = cf.wait(futures, return_when=cf.FIRST_COMPLETED)
        return next(iter(done))

    def close(self, cancel: bool = False) -> None:
        if not cancel:
            self.pool.shutdown(wait=True)
            return
        processes = list((getattr(self.pool, "_processes", None) or {}).values())
        self.pool.shutdown(wait=False, cancel_futures=True)
        for p in processes:             # what is running is lost anyway: do not wait for it
            if p.is_alive():
                p.terminate()
        for p in processes:
            p.join(timeout=5)


class Dask:
    """A dask.distributed cluster: an existing one by address, or a LocalCluster (``local``)."""

    def __init__(self, address: str, workers: int = 1):
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ValueError("--scheduler needs dask[distributed] (pip install -r requirements.txt)") from None
        self.cluster = self.client = None
        if address == "local":
            try:
                # the dashboard would want a port and bokeh; logs would drown the progress bar
                with cluster_ignores_sigint():
                    self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                dashboard_address=None, silence_logs=logging.ERROR)
                    self.client = Client(self.cluster)
            except BaseException:      # stopped while starting: stop what did start
                self.close()
                raise
        else:
            try:
                self.client = Client(address, timeout=DASK_CONNECT_TIMEOUT)
            except (OSError, TimeoutError, ValueError) as e:
                raise ValueError(f"--scheduler {address}: cannot reach the scheduler ({e})") from None
        self.slots = max(1, sum(self.client.nthreads().values()))

    def submit(self, fn: Callable, arg):
        return self.client.submit(fn, arg, retries=DASK_RETRIES, pure=False)

    def first_done(self, futures):
        from distributed import wait

        done, _ = wait(list(futures), return_when="FIRST_COMPLETED")
        return next(iter(done))

    def close(self, cancel: bool = False) -> None:
        try:
            if self.client is not None:
                self.client.close()
        finally:
            if self.cluster is not None:
                self.cluster.close()


@contextlib.contextmanager
def starting_children() -> Iterator[None]:
    """For starting worker processes: they begin with SIGINT blocked (a blocked set
    is inherited), so a Ctrl-C to the terminal's process group reaches only this
    process, which stops them itself, without a traceback from each; and no
    signal stops this process half-way through handing a new worker its
    start-up data (`signals_held`: it is raised when the block ends, not lost)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    with signals_held():
        old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            yield
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)


@contextlib.contextmanager
def cluster_ignores_sigint() -> Iterator[None]:
    """For starting a LocalCluster: its workers are started by Dask's own threads,
    which a blocked set does not reach, so SIGINT is ignored process-wide while
    they start (they keep ignoring it: Ctrl-C is this process's to handle). A
    Ctrl-C in those few seconds is not seen; SIGTERM and SIGHUP still are."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    with signals_held():
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, previous)


def executor_for(workers: int, scheduler: str | None = None):
    """The executor a run asks for: a Dask cluster, worker processes, or this process."""
    if scheduler:
        return Dask(scheduler, workers)
    return Processes(workers) if workers > 1 else Serial()


def bounded(executor, fn: Callable, tasks: Iterable, ordered: bool = True, window: int | None = None) -> Iterator:
    """``fn(task)`` for every task on the executor, at most ``window`` in flight
    (twice its slots: one running and one waiting per worker).

    Ordered: results come in the tasks' order. Otherwise as they finish.
    """
    window = window or getattr(executor, "window", 2 * executor.slots)
    tasks = iter(tasks)
    pending: deque = deque()

    def refill():
        while len(pending) < window:
            task = next(tasks, None)
            if task is None:
                return
            pending.append(executor.submit(fn, task))

    refill()
    while pending:
        future = pending[0] if ordered else executor.first_done(pending)
        pending.remove(future)
        result = future.result()
        refill()        # keep the workers busy while the caller handles this result
        yield result
