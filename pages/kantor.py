"""Kantor: one office's progress, programs, kendala, reporting history and rejected rows.

The office and period live in the URL (`/kantor?kantor=KLL%20Pakis&tahun=2024&bulan=9`;
the office matches loosely). Every number comes from lib.figures (progress,
pillars, offices), the same functions as Ringkasan, Pilar and Rapat. This file
only lays out.
"""

import streamlit as st

from lib import ui
from lib.data.clock import today_wib
from lib.figures import offices, pillars, progress, record
from lib.views import charts, pillar_tables
from lib.views import progress_tables as tables
from lib.views import record as record_views
from lib.views.fmt import md_escape, month_label, number, ytd_label

ds = ui.page_start("Kantor")
period = ui.period_picker(ds)
office = ui.office_picker(offices.office_options(ds))
if office is None:
    st.stop()
month = month_label(period.year, period.month)
span = ytd_label(period.year, period.month)

st.subheader(md_escape(office))
summary = progress.district_summary(ds, period, office=office)
pace = progress.office_pace_status(ds, period, office)
ui.metrics(
    ui.cached(
        ds,
        ("kantor_key_figures", period, office),
        lambda: tables.key_figures(summary, period, pace=pace, single=True),
    )
)

st.subheader("Tahun ini dan tahun lalu")
comparison = progress.yearly_comparison(ds, period, office)
ui.chart(ds, ("yearly", period, office), lambda: charts.yearly_comparison_chart(comparison))

st.subheader(f"Jenis dana, {span}")
mix = progress.fund_mix(ds, period, office)
mix_table = ui.cached(
    ds, ("kantor_mix", period, office), lambda: tables.fund_mix_table(mix, numeric=True)
)
side_by_side = ui.row()  # chart and table; the table goes below the chart on a phone
ui.chart(ds, ("fund_mix", period, office), lambda: charts.fund_mix_chart(mix), side_by_side)
with side_by_side:
    ui.table(mix_table, "fund_mix", formats=tables.fund_mix_formats())

st.subheader(f"Program per pilar, {span}")
programs = pillars.office_programs(ds, period, office)
if programs.empty:
    st.info("Belum ada program di tab Program untuk periode ini.", icon=":material/info:")
else:
    ui.table(
        ui.cached(
            ds,
            ("kantor_programs", period, office),
            lambda: pillar_tables.programs_table(programs, period).drop(columns="Kantor"),
        ),
        "programs",
        phone=["Program", "Pilar"],
        main=["Pilar", "Program", "Status", "Bulan", "Penerima manfaat", "Penyaluran"],
    )

st.subheader("Kendala")
obstacles = progress.office_obstacles(ds, period.year, office, upto=period.month)
if obstacles.empty:
    st.info("Tidak ada kendala tercatat.", icon=":material/info:")
else:
    st.caption("Kendala tahun ini, ditambah kendala lama yang masih terbuka.")
    ui.table(
        ui.cached(
            ds, ("kantor_obstacles", period, office), lambda: tables.obstacle_table(obstacles)
        ),
        "obstacles",
        phone=["Kendala", "Status"],
        column_config={  # fixed widths: long texts never push the table past a projector
            "Kendala": st.column_config.TextColumn(width=280),
            "Tindak lanjut": st.column_config.TextColumn(width=220),
        },
        phone_config={"Kendala": st.column_config.TextColumn(width=240)},
    )

if record.has_decisions(ds):
    st.subheader("Keputusan rapat terbuka")
    today = today_wib()
    decisions = record.open_decisions(ds, today, office)
    if decisions.empty:
        st.success("Tidak ada keputusan rapat yang masih terbuka.", icon=":material/check_circle:")
    else:
        counts = record.decision_counts(ds, today, office)
        st.caption(
            f"{record_views.decision_counts_line(counts)} dengan kantor ini sebagai penanggung "
            "jawab, per hari ini (termasuk keputusan untuk semua KLL)."
        )
        ui.table(
            ui.cached(
                ds,
                ("kantor_decisions", today, office),
                lambda: record_views.follow_up_table(decisions),
            ),
            "decisions",
            phone=["Keputusan", "Status"],
            main=["Keputusan", "Penanggung jawab", "Tenggat", "Status"],
            column_config={"Keputusan": st.column_config.TextColumn(width=280)},
            phone_config={  # a phone is ~360 px wide: both columns fit beside each other
                "Keputusan": st.column_config.TextColumn(width=180),
                "Status": st.column_config.TextColumn(width=150),
            },
        )

if record.has_attendance(ds):
    st.subheader(f"Kehadiran rakor {period.year}")
    attended = record.office_attendance(ds, office, period.year)
    if attended.empty:
        st.info(f"Belum ada rakor {period.year} di tab Rapat.", icon=":material/info:")
    else:
        counts = record.office_attendance_counts(ds, office, period.year)
        st.caption(record_views.office_attendance_line(counts))
        ui.table(
            ui.cached(
                ds,
                ("kantor_attendance", period.year, office),
                lambda: record_views.office_attendance_table(attended),
            ),
            "attendance",
            phone=["Rapat", "Status"],
            column_config={"Perwakilan": st.column_config.TextColumn(width=280)},
        )

st.subheader(f"Riwayat laporan {period.year}")
history = progress.reporting_history(ds, period.year, office, until=period)
history_table = ui.cached(
    ds, ("kantor_history", period, office), lambda: tables.history_table(history, numeric=True)
)
ui.table(history_table, "history", formats=tables.history_formats(), height="content")

st.subheader("Baris ditolak")
problems = progress.office_problems(ds, office)
if problems.empty:
    st.success("Tidak ada baris kantor ini yang ditolak.", icon=":material/check_circle:")
else:
    st.warning(
        f"{number(len(problems))} masalah pada baris kantor ini; baris itu tidak dihitung "
        "sampai diperbaiki.",
        icon=":material/warning:",
    )
    ui.dataframe(problems, hide_index=True, width="stretch")
st.page_link(
    ui.page(ui.QUALITY_PAGE),
    label="Buka di Kualitas Data",
    icon=":material/fact_check:",
    query_params={"kantor": office},
)

ui.downloads(
    {
        "Jenis dana": mix_table,  # the table on screen: already built
        "Program": lambda: pillar_tables.programs_table(programs, period, formatted=False),
        "Kendala": lambda: tables.obstacle_table(obstacles),
        "Riwayat": history_table,
    },
    stem=f"kantor-{period.year}-{period.month:02d}",
    key="kantor",
)
