"""Pilar Program: which office runs programs in which of the six pillars.

The board's mapping from the rakor, live: the coverage matrix (heatmap and
table, "n/6 pilar" per office), the per-pillar summary with district gaps,
program ideas for an office from the pillars it lacks, planned programs
(Rencana, never coverage), and one pillar's programs across offices.
URL: `/pilar?tahun=2024&bulan=9&pilar=Kesehatan&kantor=KLL%20Pagak`.
All figures come from lib.figures.pillars (tables: lib.views.pillar_tables);
this file only lays out.
"""

import streamlit as st

from lib import ui
from lib.data.contract import PILLARS
from lib.figures import pillars
from lib.figures.offices import counted_offices
from lib.views import fmt, pillar_tables
from lib.views.pillar_charts import coverage_heatmap

ds = ui.page_start("Pilar Program")

# --- Period: January to the chosen month; `?tahun=&bulan=`, shared with Ringkasan ---
period = ui.period_picker(ds)
span = fmt.ytd_label(period.year, period.month)
st.caption(
    f"Periode **{span}**. Cakupan dihitung dari program berstatus "
    "Berjalan atau Selesai; program Rencana tidak dihitung dan didaftar terpisah."
)
if pillars.programs_in_period(ds, period).empty:
    st.info(f"Belum ada baris program untuk {span}.", icon=":material/info:")

# --- Coverage matrix --------------------------------------------------------------
st.subheader("Peta cakupan pilar")
# The measure lives in the URL (`?isi=penyaluran`), so a shared link shows the same map.
MEASURE_PARAMS = {"programs": "program", "distribution": "penyaluran", "beneficiaries": "penerima"}
asked_measure = st.query_params.get("isi")
by_param = {v: k for k, v in MEASURE_PARAMS.items()}
if asked_measure and asked_measure.strip().lower() not in by_param:
    st.warning(
        f"Isi peta di tautan tidak dikenal: {fmt.md_escape(asked_measure)}. Pilih salah satu: "
        + ", ".join(MEASURE_PARAMS.values())
        + ".",
        icon=":material/help:",
    )
if "pilar_measure" not in st.session_state or asked_measure:
    st.session_state.pilar_measure = by_param.get(
        (asked_measure or "").strip().lower(), st.session_state.get("pilar_measure", "programs")
    )


def _sync_measure() -> None:
    st.query_params["isi"] = MEASURE_PARAMS[st.session_state.pilar_measure]


measure = st.radio(
    "Isi sel",
    list(pillars.MEASURES),
    format_func=pillars.MEASURES.get,
    horizontal=True,
    key="pilar_measure",
    on_change=_sync_measure,
)
if st.query_params.get("isi") != MEASURE_PARAMS[measure]:
    st.query_params["isi"] = MEASURE_PARAMS[measure]
long = pillars.coverage_long(ds, period)
if long.empty:
    st.info("Tidak ada kantor aktif pada periode ini.", icon=":material/info:")
else:
    ui.chart(ds, ("heatmap", period, measure), lambda: coverage_heatmap(long, measure))
    # a phone has the heatmap above: the matrix there is the office and its n/6
    shown = ui.cached(
        ds, ("matrix", period, measure), lambda: pillar_tables.matrix_display(ds, period, measure)
    )
    ui.table(shown, "matrix", phone=["Kantor", "Cakupan"])
    st.caption(
        "Sel bertanda *celah* / – : kantor belum menjalankan program di pilar itu. "
        "Arahkan kursor ke peta untuk melihat nama programnya."
    )

ui.downloads(
    {
        "Matriks": lambda: pillar_tables.matrix_table(ds, period, measure),
        "Daftar program": lambda: pillar_tables.download_tables(ds, period)["Daftar program"],
    },
    stem=f"pilar-program-{period.year}-{period.month:02d}",
    key="pilar",
    xlsx=lambda: pillar_tables.download_tables(ds, period),
)

# --- Per pillar -----------------------------------------------------------------
st.subheader("Per pilar")
gaps = pillars.district_gaps(ds, period)
if gaps:
    st.warning(
        "Celah kabupaten: belum ada kantor yang menjalankan program pilar "
        + ", ".join(f"**{g}**" for g in gaps)
        + ".",
        icon=":material/report:",
    )
else:
    st.success("Keenam pilar sudah dijalankan oleh minimal satu kantor.", icon=":material/check:")
ui.table(
    ui.cached(ds, ("summary", period), lambda: pillar_tables.summary_table(ds, period)),
    "summary",
    phone=["Pilar", "Kantor", "Jumlah program"],
    main=[
        "Pilar",
        "Kantor",
        "Jumlah program",
        "Penyaluran",
        "Penerima manfaat",
        "Porsi penyaluran",
    ],
    column_config={
        "Kantor": st.column_config.TextColumn(help="Kantor yang menjalankan program di pilar ini"),
        "Porsi penyaluran": st.column_config.TextColumn(help="Bagian dari penyaluran kabupaten"),
    },
)

# --- One pillar across offices: ?pilar= ------------------------------------------
st.subheader("Program per pilar")
asked = st.query_params.get("pilar")
if "pilar_pillar" not in st.session_state:
    st.session_state.pilar_pillar = pillars.match_pillar(asked)
if asked and pillars.match_pillar(asked) is None:
    st.warning(
        f"Pilar di tautan tidak dikenal: {fmt.md_escape(asked)}. Pilih salah satu: "
        + ", ".join(PILLARS)
        + ".",
        icon=":material/help:",
    )


def _sync_pillar() -> None:
    if st.session_state.pilar_pillar:
        st.query_params["pilar"] = st.session_state.pilar_pillar
    else:
        st.query_params.pop("pilar", None)


pillar = st.selectbox(
    "Pilar",
    PILLARS,
    index=None,
    key="pilar_pillar",
    placeholder="Pilih pilar untuk melihat semua programnya",
    on_change=_sync_pillar,
)
if pillar:
    chosen = pillars.pillar_programs(ds, period, pillar)
    if chosen.empty:
        st.info(f"Belum ada program {pillar} pada periode ini.", icon=":material/info:")
    else:
        ui.table(
            ui.cached(
                ds,
                ("pillar_programs_table", period, pillar),
                lambda: pillar_tables.programs_table(chosen, period),
            ),
            "pillar_programs",
            phone=["Kantor", "Program"],
            main=["Kantor", "Program", "Status", "Bulan", "Penerima manfaat", "Penyaluran"],
        )

# --- Program ideas for one office ------------------------------------------------
st.subheader("Ide program")
st.caption(
    "Untuk pilar yang belum dijalankan sebuah kantor: program kantor lain di pilar itu, "
    "penerima manfaat terbanyak lebih dulu."
)
offices = counted_offices(ds, period)
office = ui.office_picker(offices, key="pilar_office")
if office is not None:
    counts = pillars.covered_count(ds, period)
    st.markdown(
        f"**{fmt.md_escape(office)}** menjalankan "
        f"**{pillar_tables.covered_label(counts.get(office, 0))}** pada periode ini."
    )
    office_ideas = pillars.ideas(ds, period, office)
    if office_ideas.empty:
        st.success(
            "Tidak ada ide dari kantor lain: kantor ini sudah mencakup setiap pilar yang "
            "dijalankan kantor lain.",
            icon=":material/check:",
        )
    else:
        ui.table(
            ui.cached(
                ds, ("ideas_table", period, office), lambda: pillar_tables.ideas_table(office_ideas)
            ),
            "ideas",
            phone=["Pilar yang belum ada", "Program"],
            phone_config={"Program": st.column_config.TextColumn(width=180)},
        )

# --- Planned programs ------------------------------------------------------------
st.subheader("Rencana program")
st.caption("Program berstatus Rencana, mis. dari kantor baru. Tidak dihitung sebagai cakupan.")
planned = pillars.planned_programs(ds, period)
if planned.empty:
    st.info("Tidak ada program berstatus Rencana pada periode ini.", icon=":material/info:")
else:
    ui.table(
        ui.cached(
            ds, ("planned_table", period), lambda: pillar_tables.planned_table(planned, period)
        ),
        "planned",
        phone=["Kantor", "Program"],
    )
