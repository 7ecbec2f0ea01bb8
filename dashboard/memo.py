"""Results computed once per data frame: the app's frames are frozen, so the same object gives the same answer.

>>> import pandas as pd
>>> calls = []
>>> @per_frame
... def size(frame, extra=0):
...     calls.append(1)
...     return len(frame) + extra
>>> f = pd.DataFrame({"a": [1, 2]})
>>> size(f), size(f), size(f, 1), len(calls)
(2, 2, 3, 2)
"""
from __future__ import annotations

import functools
import threading
import weakref


def per_frame(fn):
    """``fn(frame, *args)`` cached per frame object (while it lives) and hashable ``args``."""
    cache: dict[int, tuple[weakref.ref, dict]] = {}
    lock = threading.Lock()

    def forget(fid: int, ref: weakref.ref) -> None:
        with lock:
            if fid in cache and cache[fid][0] is ref:
                del cache[fid]

    @functools.wraps(fn)
    def cached(frame, *args):
        fid = id(frame)
        with lock:
            entry = cache.get(fid)
            if entry is None or entry[0]() is not frame:
                ref = weakref.ref(frame, lambda r, fid=fid: forget(fid, r))
                entry = cache[fid] = (ref, {})
            results = entry[1]
            if args in results:
                return results[args]
        value = fn(frame, *args)
        with lock:
            results[args] = value
        return value

    cached.cache = cache
    return cached
