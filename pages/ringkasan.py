"""Ringkasan: the district's figures for a period, the office table and who has not reported.

The period lives in the URL (`/?tahun=2024&bulan=9`). Every number comes from
lib.figures.progress (tables and labels: lib.views.progress_tables; charts:
lib.views.charts). This file only lays out.
"""

import streamlit as st

from lib import ui
from lib.data.clock import today_wib
from lib.figures import progress, record
from lib.views import charts
from lib.views import progress_tables as tables
from lib.views.fmt import md_escape, month_label, number, rupiah, ytd_label

ds = ui.page_start("Ringkasan")
period = ui.period_picker(ds)
month = month_label(period.year, period.month)

summary = progress.district_summary(ds, period)
ui.metrics(ui.cached(ds, ("key_figures", period), lambda: tables.key_figures(summary, period)))
inactive = progress.inactive_collection_ytd(ds, period)
if inactive:
    st.caption(
        f"Total kabupaten termasuk {rupiah(inactive)} dari kantor nonaktif "
        "(tidak tampil di tabel kantor)."
    )

st.subheader("Belum lapor")
late = progress.not_reported(ds, period)
if late:
    st.warning(
        f"**{number(len(late))} kantor belum punya baris penghimpunan untuk {month}:** "
        + ", ".join(md_escape(name) for name in late),
        icon=":material/schedule:",
    )
else:
    st.success(f"Semua kantor aktif sudah lapor untuk {month}.", icon=":material/check_circle:")

if record.has_decisions(ds):
    st.subheader("Keputusan rapat")
    counts = record.decision_counts(ds, today_wib())
    line = ui.row(vertical_alignment="center")
    line.metric("Terbuka", number(counts["open"]), help="Keputusan rakor yang belum Selesai")
    line.metric(
        "Lewat tenggat", number(counts["overdue"]), help="Terbuka dan tenggatnya sudah lewat"
    )
    line.page_link(
        ui.page(ui.MEETING_PAGE), label="Tindak lanjut di halaman Rapat", icon=":material/groups:"
    )

st.subheader("Progres per kantor")
offices = progress.office_progress(ds, period)
if offices.empty:
    st.info("Belum ada kantor aktif di tab Kantor.", icon=":material/info:")
else:
    st.caption(
        f"{ytd_label(period.year, period.month)}. Status dibanding laju target linear "
        "(kantor baru: sejak bulan berdirinya). ACR = penyaluran / penghimpunan."
    )
    money = st.column_config.NumberColumn
    ui.table(
        ui.cached(
            ds,
            ("office_display", period),
            lambda: tables.office_display(offices, period.year, period.month),
        ),
        "offices",
        phone=tables.OFFICE_PHONE,
        main=tables.OFFICE_MAIN,
        formats=tables.office_formats(),
        phone_formats=tables.office_formats(compact=True),
        more="Semua kolom (target, bulan ini, penyaluran, ACR, ...)",
        column_config={
            tables.COL_OFFICE: st.column_config.LinkColumn(
                pinned=True,
                display_text=tables.OFFICE_LINK_TEXT,
                help="Buka halaman kantor ini untuk periode yang sama",
            ),
            # no ProgressColumn and no `format`: either would hide office_formats'
            # `> 999%` behind the raw number (see tables.office_formats)
            tables.COL_PCT: money(
                help="Penghimpunan Januari s.d. bulan ini dibanding target tahunan"
            ),
            tables.COL_STATUS: st.column_config.TextColumn(
                help="Tercapai: target tahunan terpenuhi. Sesuai target: di atas laju linear. "
                "Tertinggal: di bawah laju."
            ),
            tables.COL_YTD: money(help="Januari s.d. bulan ini"),
            tables.COL_ACR: money(help="Penyaluran / penghimpunan, Januari s.d. bulan ini"),
        },
        phone_config={
            # widths add up to a 390 px phone's table (356 px)
            tables.COL_OFFICE: st.column_config.LinkColumn(
                pinned=False, display_text=tables.OFFICE_LINK_TEXT, width=118
            ),
            tables.COL_YTD: money("Terhimpun", width=72),
            tables.COL_PCT: money("% Target", width=52),
            tables.COL_STATUS: st.column_config.TextColumn(width=112),
        },
    )

st.subheader(f"Penghimpunan {period.year}")
pair = ui.row()
ui.chart(
    ds,
    ("monthly", period.year),
    lambda: charts.monthly_collection_chart(progress.monthly_collection(ds, period.year)),
    pair,
)
ui.chart(
    ds,
    ("cumulative", period),
    lambda: charts.cumulative_chart(
        progress.cumulative_vs_pace(ds, period.year, upto=period.month)
    ),
    pair,
)
if not offices.empty and offices["pct_target"].notna().any():
    ui.chart(ds, ("ranked", period), lambda: charts.offices_ranked_chart(offices))

ui.downloads(
    {
        "Kantor": ui.cached(
            ds, ("office_table", period, "numeric"), lambda: tables.office_table(offices, True)
        ),
        "Bulanan": tables.monthly_table(ds, period),
    },
    stem=f"ringkasan-{period.year}-{period.month:02d}",
    key="ringkasan",
)
