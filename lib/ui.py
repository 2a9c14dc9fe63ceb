"""Streamlit glue shared by every page: the cached load, the reload button, the data banner.

This is the only module in lib/ that imports streamlit, so everything else in
lib/ stays testable as plain Python. Pages call `page_start(title)` and get a
Dataset back; when the source cannot be read the page shows why and stops.
"""

from __future__ import annotations

import copy
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from lib import access, export, memo, snapshot
from lib.clock import now_wib, today_wib
from lib.config import SourceConfig, SourceError, source_config
from lib.dataset import Dataset
from lib.fmt import datetime_label, md_escape, month_name, number
from lib.period import Period, available_periods, available_years, period_from_query
from lib.quality import match_offices
from lib.validate import validate

DEFAULT_TTL = 60  # seconds; a meeting sees a fix in the sheet within a minute
QUALITY_PAGE = "pages/kualitas-data.py"
SNAPSHOT_KINDS = ("sheet", "workbook")  # the bundled sample needs no offline copy
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadResult:
    """What one load gave: a dataset, or why there is none.

    Plain strings instead of the exception, because st.cache_data pickles the
    result. `stale`: the latest read failed (`error` says why) and `dataset` is the
    last good snapshot of the same source, read at `snapshot_at` ("data per ...").
    `notice` says why a snapshot file could not be used, when there was one.
    """

    dataset: Dataset | None
    error: str | None = None  # Indonesian, shown to the user
    reason: str | None = None  # SourceError.reason, for tests and logs
    stale: bool = False
    loaded_at: datetime | None = None  # when this load ran (or finished reading)
    snapshot_at: datetime | None = None  # stale only: when the served data was read
    notice: str | None = None  # stale or failed only: the snapshot file was unusable


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


def load_dataset(config: SourceConfig) -> Dataset:
    """Read the source, keep the read as its last good snapshot, then validate.

    The raw read is kept (not the Dataset), so a snapshot is validated by the
    code that serves it. Failing to write the snapshot never fails the read.
    """
    from lib.sources import read_source

    book = read_source(config)
    if config.kind in SNAPSHOT_KINDS:
        try:
            snapshot.save(config.key, book)
        except (OSError, ValueError) as exc:
            log.warning("snapshot of %s not saved: %s", config.key, type(exc).__name__)
    return validate(book)


def _fallback(config: SourceConfig, exc: SourceError) -> LoadResult:
    """The read failed: serve the last good snapshot of this source, if there is one."""
    failed = LoadResult(None, error=exc.message, reason=exc.reason, loaded_at=now_wib())
    if config.kind not in SNAPSHOT_KINDS:
        return failed
    book, notice = snapshot.load(config.key)
    if book is None:
        return replace(failed, notice=notice)
    try:
        ds = validate(book)
    except Exception as err:  # a snapshot that validates badly is as good as corrupt
        log.warning("snapshot of %s not usable: %s", config.key, type(err).__name__)
        return replace(failed, notice="Salinan data terakhir tidak bisa dipakai dan diabaikan.")
    return replace(failed, dataset=ds, stale=True, snapshot_at=book.source.read_at)


def _read(key: str, _config: SourceConfig) -> LoadResult:
    """One real read of the source; cached per source key by `_reader`.

    `key` identifies the source without secrets (it is what the cache hashes);
    `_config` carries the credentials and is not hashed. A SourceError is cached
    too, for the same TTL, so a broken sheet is not hammered on every click; the
    last good snapshot is served meanwhile, and the first good read after the TTL
    (or "Muat ulang data") replaces it and the stale banner goes away.
    """
    try:
        ds = load_dataset(_config)
    except SourceError as exc:
        return _fallback(_config, exc)
    if ds.source.read_at is None:
        ds.source = replace(ds.source, read_at=now_wib())
    return LoadResult(ds, loaded_at=ds.source.read_at)


_readers: dict[float, Callable[[str, SourceConfig], LoadResult]] = {}


def _reader(ttl: float) -> Callable[[str, SourceConfig], LoadResult]:
    # The TTL is fixed when the cache wraps; it comes from config at run time.
    # cache_resource, not cache_data: every rerun and every viewer gets the same
    # Dataset object, not an unpickled copy, so figures memoised on it
    # (lib.memo) survive from click to click. Nothing mutates a Dataset.
    if ttl not in _readers:
        _readers[ttl] = st.cache_resource(ttl=ttl, max_entries=8, show_spinner="Membaca data…")(
            _read
        )
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
    app.py runs and st.navigation opens the same page. For this to work every
    page file is named as its URL path (pages/kualitas-data.py for
    /kualitas-data): a path that matches no file gets Streamlit's "Page not
    found" dialog on that first run instead.
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
        if result.notice:
            st.warning(result.notice, icon=":material/history:")
        st.stop()
    if result.stale:
        stale_banner(result)
    return result.dataset


def stale_banner(result: LoadResult) -> None:
    """ "Data per <time>" and why the source could not be read; gone after a good read."""
    st.warning(
        f"**Data per {datetime_label(result.snapshot_at)}** (salinan terakhir yang berhasil "
        f"dibaca). Sumber data tidak bisa dibaca sekarang: {result.error}",
        icon=":material/cloud_off:",
    )


def check_access() -> access.Decision:
    """Who is visiting and may they see figures (lib.access decides; nothing rendered).

    A secrets.toml that does not parse locks the dashboard (mode "broken"): it
    may hold an [auth] section we cannot see, so failing open is not an option.
    """
    try:
        secrets = read_secrets()
    except SecretsError:
        return access.Decision("broken", reason="secrets")
    user = {k: v for k, v in st.user.to_dict().items() if k != "tokens"}
    return access.decide(secrets, user)


def _login() -> None:
    try:
        st.login()
    except Exception as exc:  # Streamlit's message may name [auth] keys: log the type only
        log.warning("st.login failed: %s", type(exc).__name__)
        st.session_state["_login_failed"] = True


def access_gate(decision: access.Decision) -> None:
    """Sign-in page or polite refusal for anyone not allowed, then stop: no page runs.

    Called in app.py before navigation.run(), so no page renders figures for
    strangers. An allowed or open visitor only gets a line in the sidebar.
    """
    if decision.mode == access.OPEN:
        st.sidebar.caption("Mode terbuka: tanpa login", help=OPEN_MODE_HELP)
        return
    if decision.mode == access.ALLOWED:
        st.sidebar.caption(f"Masuk sebagai {md_escape(decision.email or '')}")
        st.sidebar.button("Keluar", icon=":material/logout:", on_click=st.logout, width="stretch")
        return
    st.title("Dasbor Rakor LAZISMU")
    if decision.mode == "broken":
        st.error(
            "Dasbor dikunci: file secrets.toml tidak bisa dibaca, jadi pengaturan login tidak "
            "bisa diperiksa. Pengelola dasbor perlu memperbaiki isi .streamlit/secrets.toml.",
            icon=":material/lock:",
        )
        st.stop()
    if decision.mode == access.LOGIN:
        st.info(
            "Dasbor ini berisi data keuangan LAZISMU dan hanya untuk pengurus yang terdaftar. "
            "Silakan masuk dengan akun Google Anda.",
            icon=":material/lock:",
        )
        st.button("Masuk dengan Google", icon=":material/login:", on_click=_login, type="primary")
        if st.session_state.pop("_login_failed", False):
            st.error(
                "Login belum bisa dipakai: pengaturan [auth] di secrets.toml belum lengkap. "
                "Hubungi pengelola dasbor.",
                icon=":material/error:",
            )
        st.stop()
    who = md_escape(decision.email) if decision.email else "Akun ini"
    why = {
        "unverified": f"alamat email {who} belum terverifikasi oleh penyedia login.",
        "no_allowlist": "daftar akses dasbor ini belum diisi oleh pengelola.",
    }.get(decision.reason or "", f"akun {who} belum terdaftar sebagai pengguna dasbor ini.")
    st.warning(
        f"Mohon maaf, Anda belum bisa membuka dasbor ini: {why} Bila Anda pengurus LAZISMU, "
        "mintalah pengelola dasbor menambahkan alamat email Anda, lalu masuk lagi. "
        "Terima kasih atas pengertiannya.",
        icon=":material/block:",
    )
    st.button("Keluar", icon=":material/logout:", on_click=st.logout)
    st.stop()


OPEN_MODE_HELP = (
    "Siapa pun yang bisa membuka alamat ini dapat melihat dasbor. Untuk mewajibkan login "
    "Google, isi bagian [auth] dan [access] di .streamlit/secrets.toml (lihat README)."
)


def _unloaded_tabs(ds: Dataset) -> list[str]:
    return [name for name, account in ds.accounts.items() if not account.loaded]


def banner(ds: Dataset) -> None:
    """Where the figures come from, how fresh they are, and how many rows were rejected."""
    source = ds.source
    if source.is_sample:
        st.info(
            "**Data contoh (fiktif).** Angka di sini bukan data LAZISMU sebenarnya; "
            "belum ada Google Sheet yang tersambung.",
            icon=":material/science:",
        )
    kind = source.kind_label
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
    missing = _unloaded_tabs(ds)
    if missing:
        st.warning(
            f"Tab {', '.join(missing)} tidak terbaca (tab hilang, namanya diganti, atau kolom "
            "wajibnya berubah), jadi angkanya tidak ikut ditampilkan. Rinciannya di Kualitas Data.",
            icon=":material/tab_unselected:",
        )


def page_start(title: str) -> Dataset:
    """Title, data (or a stop with the reason) and banner: the top of every page."""
    ensure_shell()
    st.title(title)
    ds = get_dataset()
    banner(ds)
    return ds


# ---------------------------------------------------------------- period and office pickers

PERIOD_YEAR_KEY = "period_year"
PERIOD_MONTH_KEY = "period_month"
_PERIOD_MEMORY = "_period"  # the last period shown, kept across pages of the session
OFFICE_KEY = "office_pick"
_OFFICE_MEMORY = "_office"


def _months_of(ds: Dataset, year: int) -> list[int]:
    """Months to offer for a year: January..the latest month with data, or all twelve."""
    months = [p.month for p in available_periods(ds) if p.year == year]
    return list(range(1, max(months) + 1)) if months else list(range(1, 13))


def _set_query(**values: str) -> None:
    for name, value in values.items():
        if st.query_params.get(name) != value:
            st.query_params[name] = value


def _year_changed(ds: Dataset) -> None:
    year = st.session_state[PERIOD_YEAR_KEY]
    month = min(st.session_state.get(PERIOD_MONTH_KEY, 12), max(_months_of(ds, year)))
    _set_query(tahun=str(year), bulan=str(month))


def _month_changed() -> None:
    _set_query(
        tahun=str(st.session_state[PERIOD_YEAR_KEY]), bulan=str(st.session_state[PERIOD_MONTH_KEY])
    )


def period_picker(ds: Dataset) -> Period:
    """Year and month selectboxes, in step with the URL (`?tahun=2024&bulan=9`).

    The URL wins (a shared link opens on its period), then the period shown
    last in this session (so switching pages keeps it), then
    lib.period.default_period. Years and months come from the data; a period
    asked for in the URL is offered even without data, and then shows zeros.
    Changing a selector writes the URL, so the view can be shared as a link.
    """
    today = today_wib()
    params = {k: st.query_params.get(k) for k in ("tahun", "bulan") if k in st.query_params}
    memory = st.session_state.get(_PERIOD_MEMORY)
    if params or memory is None:
        period, message = period_from_query(params, ds, today)
        if message:
            st.warning(message, icon=":material/link_off:")
    else:
        period = memory
    period = period or Period(today.year, today.month)  # only without any dated row
    years = sorted(set(available_years(ds)) | {period.year})
    months = sorted(set(_months_of(ds, period.year)) | {period.month})
    st.session_state[PERIOD_YEAR_KEY] = period.year
    st.session_state[PERIOD_MONTH_KEY] = period.month
    left, right = st.columns(2)
    left.selectbox(
        "Tahun", years, key=PERIOD_YEAR_KEY, format_func=str, on_change=_year_changed, args=(ds,)
    )
    right.selectbox(
        "Bulan", months, key=PERIOD_MONTH_KEY, format_func=month_name, on_change=_month_changed
    )
    st.session_state[_PERIOD_MEMORY] = period
    _set_query(tahun=str(period.year), bulan=str(period.month))
    return period


def _office_changed() -> None:
    _set_query(kantor=st.session_state[OFFICE_KEY])


def office_picker(options: list[str]) -> str | None:
    """Office selectbox in step with `?kantor=` (matched loosely: `pakis` is KLL Pakis).

    An unknown name in the URL gives a warning and the first office. Returns
    None (with a message) when the Kantor tab has no office at all.
    """
    if not options:
        st.info("Belum ada kantor di tab Kantor.", icon=":material/info:")
        return None
    wanted = st.query_params.get("kantor")
    memory = st.session_state.get(_OFFICE_MEMORY)
    if wanted:
        matched, _ = match_offices([wanted], options)
        if matched:
            office = matched[0]
        else:
            office = options[0]
            st.warning(
                f"Kantor di tautan tidak dikenal: {md_escape(wanted)}. "
                f"Ditampilkan {md_escape(office)}.",
                icon=":material/help:",
            )
    else:
        office = memory if memory in options else options[0]
    st.session_state[OFFICE_KEY] = office
    st.selectbox("Kantor", options, key=OFFICE_KEY, on_change=_office_changed)
    st.session_state[_OFFICE_MEMORY] = office
    _set_query(kantor=office)
    return office


def metrics(figures: list, per_row: int = 4) -> None:
    """Key figures (lib.progress.KeyFigure) as st.metric, `per_row` to a row.

    Streamlit stacks columns on a narrow screen, so a phone shows one per line.
    """
    for start in range(0, len(figures), per_row):
        columns = st.columns(per_row)
        for column, f in zip(columns, figures[start : start + per_row], strict=False):
            column.metric(
                f.label,
                f.value,
                delta=f.delta,
                delta_color=f.delta_color,
                delta_arrow="auto" if f.delta_color == "normal" else "off",
                help=f.help,
                border=True,
            )


def downloads(tables: dict[str, pd.DataFrame], stem: str, key: str) -> None:
    """CSV per table and one XLSX with every table as a sheet, through lib.export."""
    columns = st.columns(len(tables) + 1)
    columns[0].download_button(
        "Unduh XLSX",
        lambda: export.xlsx_bytes(tables),  # built on click, not on every rerun
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        on_click="ignore",
        key=f"{key}_xlsx",
    )
    for column, (name, df) in zip(columns[1:], tables.items(), strict=True):
        column.download_button(
            f"CSV {name}",
            lambda df=df: export.csv_bytes(df),
            file_name=f"{stem}-{name.lower().replace(' ', '-')}.csv",
            mime="text/csv",
            icon=":material/download:",
            on_click="ignore",
            key=f"{key}_csv_{name}",
        )


def cached(ds: Dataset, key: tuple, compute: Callable[[], Any]) -> Any:
    """A value built from `ds` once per dataset and key (see lib.memo), not per click."""
    return memo.get_or_compute(ds, memo.freeze(key), compute)


def chart(ds: Dataset, key: tuple, build: Callable[[], Any], container: Any = None) -> None:
    """An altair chart whose Vega-Lite spec is built and validated once per dataset and key.

    Altair's to_dict() validates the spec against the Vega-Lite schema, which
    costs tens of milliseconds a chart on every rerun; the spec of the same
    figures is the same, so it is kept with the dataset's other figures.
    """
    spec = memo.get_or_compute(ds, memo.freeze(("chart", *key)), lambda: build().to_dict())
    (container or st).vega_lite_chart(copy.deepcopy(spec), width="stretch")
