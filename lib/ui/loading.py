"""The app's load: one read of the source per TTL, shared by every viewer, never waited for.

The reading itself is lib.data.load (the same function the command line and
the benchmark call); this module only keeps the server's one
lib.data.load.Revalidating in Streamlit's resource cache and reads the secrets.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from lib.data import load
from lib.data.config import SourceConfig, SourceError, source_config
from lib.data.dataset import Dataset
from lib.data.load import LoadResult
from lib.ui import previsit
from lib.views.fmt import md_escape

DEFAULT_TTL = 60  # seconds; a meeting sees a fix in the sheet within a minute


T = TypeVar("T")


def once_per_run(fn: Callable[[], T]) -> Callable[[], T]:
    """`fn()` worked out once per script run and shared by the run's callers.

    The sign-in gate, the sidebar, the loader and the banner each need the
    secrets and the source's settings: worked out anew each time, that was
    5 % of the server's time under 200 viewers. A run's answer is kept on its
    thread with the run's context's cursor map, which Streamlit makes anew for
    every run (fragment reruns included), so the next run works it out again
    and sees an edited secrets.toml or environment. Outside a run: every call.
    Nothing is kept when `fn` raises. Callers must not change what they get.
    """
    local = threading.local()

    @functools.wraps(fn)
    def wrapper() -> T:
        ctx = get_script_run_ctx(suppress_warning=True)
        if ctx is None:
            return fn()
        run = ctx.cursors  # a new dict at the start of every run
        if getattr(local, "run", None) is run:
            return local.value
        value = fn()
        local.run, local.value = run, value
        return value

    return wrapper


class SecretsError(Exception):
    """secrets.toml exists but cannot be parsed; str() is the Indonesian message."""


@once_per_run
def read_secrets() -> dict[str, Any]:
    """st.secrets as a dict; {} when there is no secrets.toml (the usual local run).

    A secrets.toml that exists but does not parse is not silently ignored: it
    raises SecretsError, so the page says so instead of falling back to the sample.
    """
    try:
        return st.secrets.to_dict()
    except FileNotFoundError as exc:  # StreamlitSecretNotFoundError subclasses it
        if getattr(exc, "error_id", None) in (None, "no-secrets-found"):
            return {}
        raise SecretsError(f"File secrets.toml tidak bisa dibaca, periksa isinya. {exc}") from exc


@once_per_run
def current_config() -> SourceConfig:
    """The configured source, from the environment and st.secrets."""
    return source_config(os.environ, read_secrets())


def _ttl(config: SourceConfig) -> float:
    ttl = getattr(config, "cache_ttl", None)
    return float(ttl) if ttl else float(DEFAULT_TTL)


def _read(key: str, _config: SourceConfig, _reuse: Dataset | None = None) -> LoadResult:
    """One real read of the source (`key` names it without secrets, for logs and tests)."""
    return load.load_result(_config, _reuse)


@st.cache_resource
def shared() -> load.Revalidating:
    """The server's one reader: every viewer and every page share it (lib.data.load).

    Views get what is in memory at once and a stale result is refreshed by one
    background read at a time (stale-while-revalidate); after a failed read the
    source is tried again on lib.data.load.RETRY_SCHEDULE, not on every view.
    cache_resource, not cache_data: every rerun and every viewer gets the same
    Dataset object, not an unpickled copy, so figures memoised on it
    (lib.figures.memo) survive from click to click. Nothing mutates a Dataset.
    """
    return load.Revalidating(
        read=lambda config, reuse: _read(config.key, config, reuse), on_new=previsit.start
    )


def _config_or_failure() -> SourceConfig | LoadResult:
    try:
        return current_config()
    except SourceError as exc:
        return LoadResult(None, error=exc.message, reason=exc.reason)
    except SecretsError as exc:
        return LoadResult(None, error=str(exc), reason="secrets")


def load_result() -> LoadResult:
    """The configured source's data as the server has it now (never waits but the first time).

    The first view after the server starts waits for the first read: seconds
    for a big workbook, up to the retry budget for a sheet that is down. It says
    so with a spinner instead of an empty page.
    """
    config = _config_or_failure()
    if isinstance(config, LoadResult):
        return config
    reader = shared()
    if reader.entry_age(config) is not None:
        return reader.get(config, _ttl(config))
    with st.spinner(first_read_message(config)):
        return reader.get(config, _ttl(config))


def first_read_message(config: SourceConfig) -> str:
    """What the first view says while it waits for the server's first read."""
    if config.kind == "sheet":
        where = "Google Sheet"
    elif config.kind == "sample":
        where = "file contoh"
    else:
        where = f"file {md_escape(Path(config.workbook or '').name)}"
    return (
        f"Membaca data dari {where}. Ini pembacaan pertama sejak server dinyalakan; "
        "tampilan berikutnya langsung muncul."
    )


def reload_now() -> LoadResult:
    """Read the source now and wait for it ("Muat ulang data")."""
    config = _config_or_failure()
    if isinstance(config, LoadResult):
        return config
    return shared().reload(config)


def clear_cache() -> None:
    """Forget what was read, so the next view reads the source again (and waits for it)."""
    shared().clear()
