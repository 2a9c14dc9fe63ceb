"""Kualitas Data: row accounting per tab and every problem, so offices fix their rows.

Other pages link here filtered to one office: `/kualitas-data?kantor=KLL%20Pakis`.
Each problem is a card (message first: what to type instead), so a clerk on a
phone reads it without scrolling sideways; a row whose office name is
misspelled is listed under the office it was most likely meant for, marked
"salah ketik". All shaping is in lib.figures.quality; this file only lays out.
"""

import streamlit as st

from lib import ui
from lib.figures import quality
from lib.views import export
from lib.views.fmt import md_escape, number

PAGE_SIZE = 30  # cards drawn at once: a sheet with thousands of bad rows stays quick
LIMIT_KEY = "quality_limit"

ds = ui.page_start("Kualitas Data")
ui.operator_notices(ds)

st.subheader("Perhitungan baris per tab")
ui.table(
    ui.cached(ds, ("accounts",), lambda: quality.accounts_table(ds)),
    "accounts",
    phone=["Tab", "Baris", "Valid", "Ditolak"],
    more="Semua kolom (Kosong, Peringatan, Dimuat, Cek)",
    column_config={
        "Baris": st.column_config.NumberColumn(help="Baris data di bawah judul kolom"),
        "Kosong": st.column_config.NumberColumn(help="Baris yang semua selnya kosong"),
        "Peringatan": st.column_config.NumberColumn(
            help="Baris tetap dihitung, tapi perlu dicek (mis. kemungkinan input ganda)"
        ),
        "Dimuat": st.column_config.TextColumn(help="Tidak: tab atau kolom wajibnya tidak ada"),
        "Cek": st.column_config.TextColumn(help="Baris = Valid + Ditolak + Kosong"),
    },
)
if quality.accounts_balanced(ds):
    st.success(
        "Tidak ada baris yang hilang: di setiap tab, Baris = Valid + Ditolak + Kosong.",
        icon=":material/check_circle:",
    )
else:
    st.error(
        "Ada tab yang jumlah barisnya tidak cocok (Baris ≠ Valid + Ditolak + Kosong). "
        "Ini kesalahan aplikasi, bukan kesalahan pengisian: laporkan ke pengelola dasbor.",
        icon=":material/error:",
    )

st.subheader("Daftar masalah")
st.caption(
    "**Ditolak**: baris tidak dihitung sampai diperbaiki. "
    "**Peringatan**: baris tetap dihitung, tapi perlu dicek. "
    "**Catatan**: tentang tab, mis. kolom tambahan yang diabaikan."
)

office_choices = quality.office_options(ds)
matched, unknown = quality.match_offices(st.query_params.get_all("kantor"), office_choices)
if "quality_offices" not in st.session_state:
    st.session_state.quality_offices = matched
for name in unknown:
    st.warning(f"Kantor di tautan tidak dikenal: {md_escape(name)}", icon=":material/help:")


def _sync_url() -> None:
    """Keep `?kantor=` in step with the filter, so the filtered view can be shared."""
    if st.session_state.quality_offices:
        st.query_params["kantor"] = st.session_state.quality_offices
    else:
        st.query_params.pop("kantor", None)


filters = ui.row()
offices = filters.multiselect(
    "Kantor",
    office_choices,
    key="quality_offices",
    placeholder="Semua kantor",
    on_change=_sync_url,
)
tabs = filters.multiselect("Tab", quality.tab_options(ds), placeholder="Semua tab")

problems = ui.cached(ds, ("quality_meant",), lambda: quality.with_meant_offices(ds))
shown = quality.filter_problems(problems, offices, tabs)
counts = quality.severity_counts(shown)
st.caption(
    f"{number(len(shown))} dari {number(len(ds.problems))} masalah · "
    + " · ".join(f"{label}: {number(n)}" for label, n in counts.items())
    + (" · baris salah ketik nama kantor ikut di kantor yang dimaksud" if offices else "")
)

if shown.empty:
    st.success("Tidak ada masalah untuk pilihan ini.", icon=":material/check_circle:")
else:
    cards = quality.problem_cards(ds, shown)
    limit = st.session_state.get(LIMIT_KEY, PAGE_SIZE)
    for card in cards[:limit]:
        ui.problem_card(card)
    rest = len(cards) - limit
    if rest > 0:
        st.button(
            f"Tampilkan {number(min(rest, PAGE_SIZE))} lagi (dari {number(rest)} sisanya)",
            on_click=lambda: st.session_state.update({LIMIT_KEY: limit + PAGE_SIZE}),
            icon=":material/expand_more:",
        )
    st.download_button(
        "Unduh daftar masalah (CSV)",
        lambda: export.csv_bytes(quality.problems_table(ds, shown)),
        file_name="kualitas-data.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
    )
