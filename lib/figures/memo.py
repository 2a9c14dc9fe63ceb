"""Figures computed once per dataset, not once per click.

Streamlit reruns a page script on every click, and a board of twenty clicks a
lot during a meeting. A validated Dataset is never changed after validation,
so a figure computed from it with the same arguments is the same figure: it
is kept on the dataset itself (lib.ui caches the dataset object per source
for the TTL) and dropped together with it when the next read arrives.

Results come back as shallow copies (pandas copy-on-write), so a caller that
adds a column to a returned frame can never change what the next caller sees.
"""

from __future__ import annotations

import functools
import threading
import uuid
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import pandas as pd

F = TypeVar("F", bound=Callable[..., Any])
MAX_ENTRIES = 1024  # per dataset; a meeting touches a few dozen periods and offices


def freeze(value: Any) -> Hashable:
    if isinstance(value, dict):
        return tuple(sorted((k, freeze(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(freeze(v) for v in value)
    hash(value)  # raises TypeError for what cannot be a key
    return value


def _copy(value: Any) -> Any:
    if isinstance(value, pd.DataFrame | pd.Series):
        return value.copy(deep=False)
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


def store(ds: Any) -> dict:
    """The dataset's memo; a plain dict on the object, created on first use."""
    memo = ds.__dict__.get("_memo")
    if memo is None:
        memo = ds.__dict__["_memo"] = {}
    return memo


def token(ds: Any) -> str:
    """A name of this dataset object that no other dataset shares (a cache key elsewhere)."""
    with _guard:
        value = ds.__dict__.get("_token")
        if value is None:
            value = ds.__dict__["_token"] = uuid.uuid4().hex
    return value


def get_or_compute(ds: Any, key: Hashable, compute: Callable[[], Any]) -> Any:
    """The memoised value, computed by the first caller; others asking meanwhile wait for it.

    Fifty viewers opening a page on a fresh dataset would otherwise all compute
    the same figure at once, each slowed by the other forty-nine.
    """
    memo = store(ds)
    try:
        return _copy(memo[key])
    except KeyError:
        pass
    with _key_lock(ds, key):
        try:
            return _copy(memo[key])  # computed while this caller waited
        except KeyError:
            pass
        value = compute()
        if len(memo) >= MAX_ENTRIES:
            memo.clear()
        memo[key] = value
    return _copy(value)


def get_shared(ds: Any, key: Hashable, compute: Callable[[], Any]) -> Any:
    """As get_or_compute, but the memoised object itself, not a copy: for display
    tables, which callers only show and never change. The same object on every
    view lets lib.ui.widgets hash a table once, not on every view."""
    memo = store(ds)
    if key not in memo:
        get_or_compute(ds, key, compute)
    try:
        return memo[key]
    except KeyError:  # the memo was full and cleared meanwhile
        return get_or_compute(ds, key, compute)


_guard = threading.Lock()


def _key_lock(ds: Any, key: Hashable) -> threading.RLock:
    with _guard:
        locks = ds.__dict__.get("_memo_locks")
        if locks is None:
            locks = ds.__dict__["_memo_locks"] = {}
        lock = locks.get(key)
        if lock is None:
            lock = locks[key] = threading.RLock()
        return lock


def per_dataset(fn: F) -> F:
    """Memoise `fn(ds, *args, **kwargs)` on `ds`; unhashable arguments just compute."""
    name = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def wrapper(ds, *args, **kwargs):
        try:
            key = (name, freeze(args), freeze(kwargs))
        except TypeError:
            return fn(ds, *args, **kwargs)
        return get_or_compute(ds, key, lambda: fn(ds, *args, **kwargs))

    return wrapper  # type: ignore[return-value]
