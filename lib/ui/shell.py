"""The frame of every page: sign-in gate, sidebar, data banner, page start.

lib.ui is the only package in lib/ that imports streamlit, so everything
else stays testable as plain Python. Pages call `page_start(title)` and get a
Dataset back; when the source cannot be read the page shows why and stops.
"""

from __future__ import annotations

import copy
import logging
import os
import threading
from pathlib import Path

import streamlit as st
from streamlit.navigation.page import StreamlitPage
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

from lib.data import access, parse, sources
from lib.data.config import organisation_name
from lib.data.dataset import Dataset
from lib.data.load import LoadResult
from lib.ui.loading import SecretsError, load_result, read_secrets, reload_now
from lib.ui.widgets import responsive_css, row
from lib.views.fmt import datetime_label, md_escape, number

QUALITY_PAGE = "pages/kualitas-data.py"
MEETING_PAGE = "pages/rapat.py"
ROOT = Path(__file__).resolve().parents[2]  # the folder of app.py and pages/
# (script, title, URL path, icon): the app's pages in sidebar order; the first opens at "/".
# Every script is named as its URL path (see ensure_shell).
PAGES = [
    ("pages/ringkasan.py", "Ringkasan", "", ":material/dashboard:"),
    ("pages/kantor.py", "Kantor", "kantor", ":material/store:"),
    ("pages/pilar.py", "Pilar", "pilar", ":material/view_column:"),
    (MEETING_PAGE, "Rapat", "rapat", ":material/groups:"),
    (QUALITY_PAGE, "Kualitas Data", "kualitas-data", ":material/fact_check:"),
]
log = logging.getLogger(__name__)


RELOAD_OUTCOME = "_reload_outcome"


def _reload() -> None:
    """The button's callback: read the source now (values, and the sheet's tab list, title
    and locale), wait for it, remember what happened."""
    sources.clear_metadata_cache()
    result = reload_now()
    if result.dataset is not None and not result.stale:
        st.session_state[RELOAD_OUTCOME] = (
            "success",
            f"Data dimuat ulang: dibaca {datetime_label(result.dataset.source.read_at)}.",
        )
    else:
        shown = " Yang tampil tetap salinan terakhir." if result.dataset is not None else ""
        st.session_state[RELOAD_OUTCOME] = (
            "warning",
            f"Memuat ulang gagal: {result.error or 'sumber data tidak bisa dibaca.'}{shown}",
        )


APP_TITLE = "Dasbor Rakor"


def organisation(ds: Dataset | None = None) -> str:
    """The district's name: tab Pengaturan, else LAZISMU_NAMA or [organisasi] nama, else LAZISMU."""
    try:
        secrets = read_secrets()
    except SecretsError:
        secrets = {}
    return organisation_name(ds.settings if ds is not None else None, os.environ, secrets)


PAGE_ICON = ":material/volunteer_activism:"


def sidebar_name(title: str) -> None:
    """The district's name under the page list, and in the browser tab's title
    after the page's; from the cached load, so no extra read. The page config is
    set once per run (each call is a message): here, or by `access_gate`."""
    ds = load_result().dataset
    name = organisation(ds)
    st.set_page_config(page_title=f"{title} · {name}", page_icon=PAGE_ICON, layout="wide")
    st.sidebar.caption(f"{APP_TITLE} · {md_escape(name)}")


def reload_button() -> None:
    """Sidebar button that forces a fresh read and says how it went."""
    st.sidebar.button(
        "Muat ulang data",
        icon=":material/refresh:",
        on_click=_reload,
        help="Baca ulang sumber data sekarang, tanpa menunggu cache habis.",
        width="stretch",
    )
    outcome = st.session_state.pop(RELOAD_OUTCOME, None)
    if outcome is not None:
        kind, message = outcome
        if kind == "success":
            st.sidebar.success(message, icon=":material/check_circle:")
        else:
            st.sidebar.warning(message, icon=":material/sync_problem:")


_built: dict[str, StreamlitPage] = {}
_build_lock = threading.Lock()


def _page_objects() -> dict[str, StreamlitPage]:
    """The st.Page of every script, built once per server process.

    Building one resolves its path and icon on the disk, on every view of every
    viewer, and the pages never change while the server runs. Absolute paths,
    so the objects do not depend on the script a run started from.
    """
    if _built:
        return _built
    built = {
        script: st.Page(ROOT / script, title=title, url_path=url_path, icon=icon, default=not k)
        for k, (script, title, url_path, icon) in enumerate(PAGES)
    }
    if get_script_run_ctx(suppress_warning=True) is None:
        return built  # outside a run st.Page keeps nothing (no path, no title): not kept
    with _build_lock:
        if not _built:
            _built.update(built)
    return _built


def navigation_pages() -> list[StreamlitPage]:
    """The pages for st.navigation in this run: copies, since st.navigation marks
    the one it returns as runnable, and viewers' runs are concurrent."""
    return [copy.copy(page) for page in _page_objects().values()]


def page(script: str) -> StreamlitPage:
    """The page of `script` (e.g. QUALITY_PAGE), for st.page_link."""
    return _page_objects()[script]


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
        # the sidebar is folded away on a phone: the banner says it too (`banner`)
        st.sidebar.caption("Mode terbuka: tanpa login", help=OPEN_MODE_HELP)
        return
    if decision.mode == access.ALLOWED:
        st.sidebar.caption(f"Masuk sebagai {md_escape(decision.email or '')}")
        st.sidebar.button("Keluar", icon=":material/logout:", on_click=st.logout, width="stretch")
        return
    # no figures, so no data read: the name from the settings only
    st.set_page_config(
        page_title=f"{APP_TITLE} · {organisation()}", page_icon=PAGE_ICON, layout="wide"
    )
    st.title(f"{APP_TITLE} {organisation()}")
    if decision.mode == "broken":
        st.error(
            "Dasbor dikunci: file secrets.toml tidak bisa dibaca, jadi pengaturan login tidak "
            "bisa diperiksa. Pengelola dasbor perlu memperbaiki isi .streamlit/secrets.toml.",
            icon=":material/lock:",
        )
        st.stop()
    if decision.mode == access.NO_SIGN_IN:
        st.error(
            "Dasbor dikunci: daftar akses [access] sudah diisi, tetapi login belum diatur, "
            "jadi tidak ada yang bisa diperiksa. Pengelola dasbor perlu mengisi bagian [auth] "
            "di .streamlit/secrets.toml (lihat README), atau menghapus [access] bila dasbor "
            "memang boleh terbuka untuk semua.",
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
    who = md_escape(decision.email) if decision.email else ""
    why = {
        "unverified": f"alamat email {who or 'akun ini'} belum terverifikasi oleh penyedia login.",
        "no_allowlist": "daftar akses dasbor ini belum diisi oleh pengelola.",
    }.get(
        decision.reason or "",
        f"akun {who or 'ini'} belum terdaftar sebagai pengguna dasbor ini.",
    )
    st.warning(
        f"Mohon maaf, Anda belum bisa membuka dasbor ini: {why} Bila Anda pengurus LAZISMU, "
        "mintalah pengelola dasbor menambahkan alamat email Anda, lalu masuk lagi. "
        "Terima kasih atas pengertiannya.",
        icon=":material/block:",
    )
    st.button("Keluar", icon=":material/logout:", on_click=st.logout)
    st.stop()


OPEN_MODE_LINE = "Mode terbuka, tanpa login"  # the help (OPEN_MODE_HELP) says what it means
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
    # In open mode the banner's line says so as well: the sidebar, which says it
    # too, is folded away on a phone. One line, not two: every element is a
    # message on every view.
    open_mode = check_access().mode == access.OPEN
    line = row(vertical_alignment="center")
    line.caption(
        f"**{md_escape(organisation(ds))}** · Sumber: {kind} **{md_escape(source.label)}** · "
        f"dibaca {datetime_label(source.read_at)}" + (f" · {OPEN_MODE_LINE}" if open_mode else ""),
        help=OPEN_MODE_HELP if open_mode else None,
    )
    label = f"{number(rejected)} baris ditolak" if rejected else "Semua baris valid"
    line.page_link(
        page(QUALITY_PAGE),
        label=label,
        icon=":material/warning:" if rejected else ":material/check_circle:",
    )
    if source.foreign_locale:
        dates = ""
        if parse.date_order(source.locale) == parse.MONTH_FIRST:
            dates = (
                "Tanggal di sheet ini ditulis bulan dulu (3/1/2024 = 1 Maret 2024) dan dibaca "
                "begitu juga. "
            )
        st.warning(
            f"Lokal Google Sheet ini {md_escape(source.locale)}, bukan Indonesia: Google "
            "membaca angka yang diketik seperti 750.000 sebagai 750, jadi angka di dasbor bisa "
            f"salah. {dates}Perbaiki di Google Sheets: File > Setelan > Lokal: Indonesia, lalu "
            "tekan Muat ulang data dan periksa ulang angka dan tanggal yang diketik sebelumnya.",
            icon=":material/language:",
        )
    missing = _unloaded_tabs(ds)
    if missing:
        st.warning(
            f"Tab {', '.join(missing)} tidak terbaca (tab hilang, namanya diganti, atau kolom "
            "wajibnya berubah), jadi angkanya tidak ikut ditampilkan. Rinciannya di Kualitas Data.",
            icon=":material/tab_unselected:",
        )


def operator_notices(ds: Dataset) -> None:
    """What the dashboard's operator must fix on the server (shown on Kualitas Data)."""
    if ds.save_error:
        st.error(ds.save_error, icon=":material/save:")


def page_start(title: str) -> Dataset:
    """Title, data (or a stop with the reason) and banner: the top of every page."""
    ensure_shell()
    st.title(title)
    ds = get_dataset()
    responsive_css()
    banner(ds)
    return ds
