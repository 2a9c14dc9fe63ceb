"""The app's cached load: one read of the source per TTL, shared by every viewer.

The reading itself is lib.data.load (the same function the command line and
the benchmark call); this module only adds Streamlit's cache and the secrets.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, Protocol, cast

import streamlit as st

from lib.data import load
from lib.data.config import SourceConfig, SourceError, source_config
from lib.data.load import LoadResult

DEFAULT_TTL = 60  # seconds; a meeting sees a fix in the sheet within a minute


class SecretsError(Exception):
    """secrets.toml exists but cannot be parsed; str() is the Indonesian message."""


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


def current_config() -> SourceConfig:
    """The configured source, from the environment and st.secrets."""
    return source_config(os.environ, read_secrets())


def _ttl(config: SourceConfig) -> float:
    ttl = getattr(config, "cache_ttl", None)
    return float(ttl) if ttl else float(DEFAULT_TTL)


def _read(key: str, _config: SourceConfig) -> LoadResult:
    """One real read of the source; cached per source key by `_reader`.

    `key` identifies the source without secrets (it is what the cache hashes);
    `_config` carries the credentials and is not hashed. A SourceError is cached
    too, for the same TTL, so a broken sheet is not hammered on every click; the
    last good snapshot is served meanwhile, and the first good read after the TTL
    (or "Muat ulang data") replaces it and the stale banner goes away.
    """
    return load.load_result(_config)


class _Reader(Protocol):
    """A cached `_read`: called like it, and `clear()` forgets its results."""

    def __call__(self, key: str, config: SourceConfig) -> LoadResult: ...

    def clear(self) -> None: ...


_readers: dict[float, _Reader] = {}


def _reader(ttl: float) -> Callable[[str, SourceConfig], LoadResult]:
    # The TTL is fixed when the cache wraps; it comes from config at run time.
    # cache_resource, not cache_data: every rerun and every viewer gets the same
    # Dataset object, not an unpickled copy, so figures memoised on it
    # (lib.figures.memo) survive from click to click. Nothing mutates a Dataset.
    if ttl not in _readers:
        cache = st.cache_resource(ttl=ttl, max_entries=8, show_spinner="Membaca data…")
        # cast: streamlit types this decorator factory with an unbound ParamSpec
        _readers[ttl] = cast(_Reader, cache(_read))
    return _readers[ttl]


def load_result() -> LoadResult:
    """The cached load of the configured source (one read per source per TTL)."""
    try:
        config = current_config()
    except SourceError as exc:
        return LoadResult(None, error=exc.message, reason=exc.reason)
    except SecretsError as exc:
        return LoadResult(None, error=str(exc), reason="secrets")
    return _reader(_ttl(config))(config.key, config)


def clear_cache() -> None:
    """Forget cached reads, so the next run reads the source again."""
    for reader in _readers.values():
        reader.clear()
