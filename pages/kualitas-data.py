"""Kualitas Data: row accounting per tab and every problem, so offices fix their rows.

Other pages link here filtered to one office: `/kualitas-data?kantor=KLL%20Pakis`.
All shaping is in lib.figures.quality; this file only lays out.
"""

import streamlit as st

from lib import ui
from lib.figures import quality
from lib.views.fmt import md_escape, number

ds = ui.page_start("Kualitas Data")
ui.operator_notices(ds)

st.subheader("Perhitungan baris per tab")
ui.dataframe(
    quality.accounts_table(ds),
    hide_index=True,
    width="stretch",
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


left, right = st.columns(2)
offices = left.multiselect(
    "Kantor",
    office_choices,
    key="quality_offices",
    placeholder="Semua kantor",
    on_change=_sync_url,
)
tabs = right.multiselect("Tab", quality.tab_options(ds), placeholder="Semua tab")

shown = quality.filter_problems(ds.problems, offices, tabs)
counts = quality.severity_counts(shown)
st.caption(
    f"{number(len(shown))} dari {number(len(ds.problems))} masalah · "
    + " · ".join(f"{label}: {number(n)}" for label, n in counts.items())
)

if shown.empty:
    st.success("Tidak ada masalah untuk pilihan ini.", icon=":material/check_circle:")
else:
    ui.dataframe(
        quality.problems_table(ds, shown),
        hide_index=True,
        width="stretch",
        column_config={
            "Baris": st.column_config.NumberColumn(format="%d", help="Nomor baris di sheet"),
            "Nilai": st.column_config.TextColumn(help="Isi sel seperti yang diketik"),
            "Pesan": st.column_config.TextColumn(width="large"),
            quality.LINK_COLUMN: st.column_config.LinkColumn(
                "Sel", display_text="Buka di sheet", help="Buka sel ini di Google Sheet"
            ),
        },
    )
