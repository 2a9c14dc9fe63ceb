"""Streamlit glue shared by every page: the cached load, the reload button, the data banner.

This is the only module in lib/ that imports streamlit, so everything else in
lib/ stays testable as plain Python. Pages call `page_start(title)` and get a
Dataset back; when the source cannot be read the page shows why and stops.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from lib.clock import now_wib
from lib.config import SourceConfig, SourceError, source_config
from lib.dataset import Dataset
from lib.fmt import datetime_label, md_escape, number
from lib.validate import load_dataset

DEFAULT_TTL = 60  # seconds; a meeting sees a fix in the sheet within a minute
QUALITY_PAGE = "pages/kualitas_data.py"
SOURCE_KINDS = {"sheet": "Google Sheet", "workbook": "File", "sample": "File contoh"}


@dataclass(frozen=True)
class LoadResult:
    """What one load gave: a dataset, or why there is none.

    Plain strings instead of the exception, because st.cache_data pickles the
    result. `stale` is for the last-good snapshot (issue 6): a dataset that is
    shown although the latest read failed, with `error` saying why.
    """

    dataset: Dataset | None
    error: str | None = None  # Indonesian, shown to the user
    reason: str | None = None  # SourceError.reason, for tests and logs
    stale: bool = False
    loaded_at: datetime | None = None


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
    too, for the same TTL, so a broken sheet is not hammered on every click.
    """
    try:
        ds = load_dataset(_config)
    except SourceError as exc:
        return LoadResult(None, error=exc.message, reason=exc.reason, loaded_at=now_wib())
    if ds.source.read_at is None:
        ds.source = replace(ds.source, read_at=now_wib())
    return LoadResult(ds, loaded_at=ds.source.read_at)


_readers: dict[float, Callable[[str, SourceConfig], LoadResult]] = {}


def _reader(ttl: float) -> Callable[[str, SourceConfig], LoadResult]:
    # st.cache_data fixes its TTL when it wraps; the TTL comes from config at run time.
    if ttl not in _readers:
        _readers[ttl] = st.cache_data(ttl=ttl, max_entries=8, show_spinner="Membaca data…")(_read)
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


def reload_button() -> None:
    """Sidebar button that forces a fresh read, e.g. after an office fixed its rows."""
    st.sidebar.button(
        "Muat ulang data",
        icon=":material/refresh:",
        on_click=clear_cache,
        help="Baca ulang sumber data sekarang, tanpa menunggu cache habis.",
        width="stretch",
    )


def ensure_shell() -> None:
    """Make sure app.py ran: rerun through it when Streamlit started a page on its own.

    With a pages/ folder, the first run of a fresh server process uses
    Streamlit's old folder-based navigation; a link like /kantor whose path
    equals a file name (pages/kantor.py) then runs that file without app.py:
    no page config, no sidebar, and no login gate. st.navigation switches that
    mode off for the process; here it is switched off and the run restarted, so
    app.py runs and st.navigation opens the same page.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def get_dataset() -> Dataset:
    """The dataset for this run; if there is none, say why and stop the page."""
    ensure_shell()
    result = load_result()
    if result.dataset is None:
        st.error(result.error or "Data tidak bisa dibaca.", icon=":material/error:")
        st.stop()
    if result.stale:
        read_at = datetime_label(result.dataset.source.read_at)
        st.warning(
            f"{result.error} Menampilkan data terakhir yang berhasil dibaca ({read_at}).",
            icon=":material/cloud_off:",
        )
    return result.dataset


def banner(ds: Dataset) -> None:
    """Where the figures come from, how fresh they are, and how many rows were rejected."""
    source = ds.source
    if source.is_sample:
        st.info(
            "**Data contoh (fiktif).** Angka di sini bukan data LAZISMU sebenarnya; "
            "belum ada Google Sheet yang tersambung.",
            icon=":material/science:",
        )
    kind = SOURCE_KINDS.get(source.kind, source.kind)
    rejected = ds.rejected_rows
    left, right = st.columns([3, 1], vertical_alignment="center")
    left.caption(
        f"Sumber: {kind} **{md_escape(source.label)}** · dibaca {datetime_label(source.read_at)}"
    )
    label = f"{number(rejected)} baris ditolak" if rejected else "Semua baris valid"
    right.page_link(
        QUALITY_PAGE,
        label=label,
        icon=":material/warning:" if rejected else ":material/check_circle:",
    )


def page_start(title: str) -> Dataset:
    """Title, data (or a stop with the reason) and banner: the top of every page."""
    ensure_shell()
    st.title(title)
    ds = get_dataset()
    banner(ds)
    return ds
