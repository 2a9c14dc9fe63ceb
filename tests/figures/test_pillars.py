"""Pillar coverage on a hand-built dataset whose figures are computed by hand below.

Fixture (year 2025, period January..June unless a test says otherwise):
- Kantor A: Pendidikan "Beasiswa X" Jan (10 pm, Rp1jt), Feb (12, Rp1,5jt), Mar typed
  "beasiswa  x" Selesai (5, Rp0,5jt) = one program, 27 pm, Rp3jt; Kesehatan "Ambulans"
  Feb (30, Rp2jt) and Aug (outside the period); Ekonomi "Modal Usaha" Apr Rencana.
- Kantor B: Ekonomi "UMKM" Jan (20, Rp4jt), "Ternak" May Selesai (no count, Rp3jt);
  Sosial Dakwah "TPQ" Jun (40, Rp1jt); Kesehatan "Posbindu" Feb Rencana, May
  Berjalan (15, Rp0,5jt); Pendidikan "Beasiswa Lama" in 2024 (other year).
- Kantor C: active, no programs (0/6).
- Kantor D: inactive; Kemanusiaan "Banjir" Feb Selesai (50, Rp5jt).
- Kantor E: active, founded September 2025.
- Nobody runs Lingkungan.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from pillars_fixture import JT, A, B, C, D, E, P, make_dataset, program_rows

from lib.data.contract import PILLARS
from lib.data.dataset import Dataset
from lib.figures import pillars
from lib.figures.offices import counted_offices
from lib.figures.period import Period
from lib.views import export, fmt, pillar_charts, pillar_tables


@pytest.fixture
def ds() -> Dataset:
    return make_dataset()


def row_of(matrix: pd.DataFrame, office: str) -> list:
    return [matrix.loc[office, p] for p in PILLARS]


def test_period_filter_is_january_to_month_of_the_year(ds):
    rows = pillars.programs_in_period(ds, P)
    assert len(rows) == 11  # 13 minus Ambulans in August and Beasiswa Lama in 2024
    assert set(rows["year"]) == {2025} and rows["month"].max() == 6
    assert len(pillars.programs_in_period(ds, Period(2025, 1))) == 2


def test_active_offices_follow_tab_kantor_and_the_founding_date(ds):
    assert counted_offices(ds, P) == [A, B, C]  # D inactive, E founded later
    assert counted_offices(ds, Period(2025, 12)) == [A, B, C, E]


def test_matrix_of_program_counts(ds):
    m = pillars.coverage(ds, P, "programs")
    assert list(m.columns) == PILLARS
    assert list(m.index) == [A, B, C]
    assert row_of(m, A) == [1, 1, 0, 0, 0, 0]  # Beasiswa X once; Modal Usaha is Rencana
    assert row_of(m, B) == [0, 1, 2, 0, 1, 0]
    assert row_of(m, C) == [0, 0, 0, 0, 0, 0]


def test_matrix_of_distribution(ds):
    m = pillars.coverage(ds, P, "distribution")
    assert row_of(m, A) == [3 * JT, 2 * JT, 0, 0, 0, 0]
    assert row_of(m, B) == [0, 0.5 * JT, 7 * JT, 0, 1 * JT, 0]
    assert row_of(m, C) == [0] * 6


def test_matrix_of_beneficiaries(ds):
    m = pillars.coverage(ds, P, "beneficiaries")
    assert row_of(m, A) == [27, 30, 0, 0, 0, 0]
    assert row_of(m, B) == [0, 15, 20, 0, 40, 0]  # Ternak has no count: 0
    m1 = pillars.coverage(ds, Period(2025, 1), "beneficiaries")
    assert row_of(m1, A) == [10, 0, 0, 0, 0, 0]


def test_unknown_measure_is_refused(ds):
    with pytest.raises(ValueError):
        pillars.coverage(ds, P, "donors")


def test_covered_count_is_n_of_six(ds):
    counts = pillars.covered_count(ds, P)
    assert counts.to_dict() == {A: 2, B: 3, C: 0}
    assert [pillar_tables.covered_label(n) for n in counts] == [
        "2/6 pilar",
        "3/6 pilar",
        "0/6 pilar",
    ]


def test_coverage_long_names_the_programs_per_cell(ds):
    long = pillars.coverage_long(ds, P)
    assert len(long) == 3 * 6
    cell = long[(long["office"] == B) & (long["pillar"] == "Ekonomi")].iloc[0]
    assert cell["program_names"] == ["Ternak", "UMKM"]
    assert cell["programs"] == "Ternak; UMKM"
    assert cell["n_programs"] == 2 and cell["covered"]
    gap = long[(long["office"] == A) & (long["pillar"] == "Ekonomi")].iloc[0]
    assert gap["programs"] == "" and not gap["covered"]


def test_repeated_rows_are_one_program(ds):
    programs = pillars.program_list(ds, P)
    beasiswa = programs[programs["program"].str.casefold() == "beasiswa x"]
    assert len(beasiswa) == 1
    row = beasiswa.iloc[0]
    assert row["program"] == "Beasiswa X"  # the first spelling
    assert (row["status"], row["first_month"], row["last_month"], row["months"]) == (
        "Selesai",
        1,
        3,
        3,
    )
    assert (row["beneficiaries"], row["distribution"]) == (27, 3 * JT)


def test_pillar_summary_and_district_gap(ds):
    s = pillars.pillar_summary(ds, P).set_index("pillar")
    assert list(s.index) == PILLARS
    assert list(s["n_offices"]) == [1, 2, 1, 1, 1, 0]  # Kemanusiaan: inactive D still counts
    assert s.loc["Kesehatan", "offices"] == f"{A}; {B}"
    assert list(s["n_programs"]) == [1, 2, 2, 1, 1, 0]
    assert list(s["distribution"]) == [3 * JT, 2.5 * JT, 7 * JT, 5 * JT, 1 * JT, 0]
    assert list(s["beneficiaries"]) == [27, 45, 20, 50, 40, 0]
    assert s.loc["Ekonomi", "share"] == pytest.approx(7 / 18.5)
    assert s["share"].sum() == pytest.approx(1.0)
    assert list(s["gap"]) == [False] * 5 + [True]
    assert pillars.district_gaps(ds, P) == ["Lingkungan"]


def test_rencana_is_listed_but_never_coverage(ds):
    m = pillars.coverage(ds, P)
    assert m.loc[A, "Ekonomi"] == 0
    planned = pillars.planned_programs(ds, P)
    assert planned[["office", "pillar", "program", "first_month", "running"]].values.tolist() == [
        [A, "Ekonomi", "Modal Usaha", 4, False],
        [B, "Kesehatan", "Posbindu", 2, True],  # started in May
    ]
    assert list(pillars.planned_programs(ds, P, office=A)["program"]) == ["Modal Usaha"]
    assert pillars.planned_programs(ds, Period(2025, 1)).empty
    # only Rencana rows: no coverage anywhere, every pillar a district gap
    only_plans = make_dataset([r for r in program_rows() if r[5] == "Rencana"])
    assert pillars.covered_count(only_plans, P).sum() == 0
    assert pillars.district_gaps(only_plans, P) == PILLARS


def test_ideas_for_one_office(ds):
    got = pillars.ideas(ds, P, A)
    assert list(got.columns) == ["pillar", "program", "office", "beneficiaries", "distribution"]
    assert got[["pillar", "program", "office"]].values.tolist() == [
        ["Ekonomi", "UMKM", B],  # 20 beneficiaries before Ternak's 0
        ["Ekonomi", "Ternak", B],
        ["Kemanusiaan", "Banjir", D],
        ["Sosial Dakwah", "TPQ", B],
    ]
    assert list(got["beneficiaries"]) == [20, 0, 50, 40]


def test_ideas_for_an_office_without_programs_cover_every_program(ds):
    got = pillars.ideas(ds, P, C)
    assert len(got) == 7
    assert list(got["pillar"].unique()) == [
        "Pendidikan",
        "Kesehatan",
        "Ekonomi",
        "Kemanusiaan",
        "Sosial Dakwah",
    ]
    kesehatan = got[got["pillar"] == "Kesehatan"]
    assert list(kesehatan["program"]) == ["Ambulans", "Posbindu"]  # 30 before 15


def test_ideas_all_has_every_active_office(ds):
    got = pillars.ideas_all(ds, P)
    assert list(got.columns)[0] == "for_office"
    assert got.groupby("for_office", sort=False).size().to_dict() == {A: 4, B: 2, C: 7}


def test_pillar_programs_lists_all_offices_including_plans(ds):
    got = pillars.pillar_programs(ds, P, "Kesehatan")
    assert got[["office", "program", "status", "active"]].values.tolist() == [
        [A, "Ambulans", "Berjalan", True],
        [B, "Posbindu", "Berjalan", True],
    ]
    eko = pillars.pillar_programs(ds, P, "Ekonomi")
    plan = eko[eko["program"] == "Modal Usaha"].iloc[0]
    assert plan["status"] == "Rencana" and not plan["active"]
    assert math.isnan(plan["distribution"])  # a plan has no figures


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kesehatan", "Kesehatan"),
        ("kesehatan", "Kesehatan"),
        ("Sosdak", "Sosial Dakwah"),
        (" sosial & dakwah ", "Sosial Dakwah"),
        ("LINGKUNGAN", "Lingkungan"),
        ("Ramadan", None),
        ("xyz", None),
        ("", None),
        (None, None),
    ],
)
def test_match_pillar_is_loose_like_the_sheet(text, expected):
    assert pillars.match_pillar(text) == expected


def test_no_program_rows_gives_an_empty_but_complete_matrix():
    empty = make_dataset([])
    m = pillars.coverage(empty, P)
    assert list(m.columns) == PILLARS and list(m.index) == [A, B, C]
    assert (m == 0).all().all()
    assert pillars.district_gaps(empty, P) == PILLARS
    assert pillars.ideas(empty, P, A).empty
    assert pillars.planned_programs(empty, P).empty


def test_missing_program_tab_gives_gaps_not_an_error():
    ds = make_dataset()
    del ds.tables["programs"]
    assert pillars.covered_count(ds, P).to_dict() == {A: 0, B: 0, C: 0}
    assert pillars.district_gaps(ds, P) == PILLARS
    assert pillars.planned_programs(ds, P).empty


def test_display_and_download_tables(ds):
    shown = pillar_tables.matrix_display(ds, P, "distribution")
    assert list(shown.columns) == ["Kantor", *PILLARS, "Cakupan"]
    first = shown.iloc[0].tolist()
    assert first == [A, "Rp3.000.000", "Rp2.000.000", "–", "–", "–", "–", "2/6 pilar"]
    table = pillar_tables.matrix_table(ds, P, "programs")
    assert table["Pilar tercakup"].tolist() == [2, 3, 0]
    csv = export.csv_bytes(table).decode("utf-8-sig").splitlines()
    assert csv[0] == ",".join(["Kantor", *PILLARS, "Pilar tercakup"])
    assert csv[1] == f"{A},1,1,0,0,0,0,2"
    summary = pillar_tables.summary_table(ds, P).set_index("Pilar")
    assert summary.loc["Ekonomi", "Penyaluran"] == "Rp7.000.000"
    assert summary.loc["Lingkungan", "Keterangan"].startswith("Celah kabupaten")
    programs = pillar_tables.programs_table(pillars.program_list(ds, P), P)
    assert programs.loc[programs["Program"] == "Beasiswa X", "Bulan"].item() == "Jan–Mar 2025"
    assert fmt.ytd_label(P.year, P.month) == "Januari–Juni 2025"
    assert fmt.ytd_label(2025, 1) == "Januari 2025"


def test_heatmap_marks_gaps_and_names_programs(ds):
    long = pillars.coverage_long(ds, P)
    data = pillar_charts.heatmap_data(long, "programs")
    gap = data[(data["office"] == C) & (data["pillar"] == "Pendidikan")].iloc[0]
    assert gap["label"] == pillar_charts.GAP_LABEL
    assert gap["programs_text"] == "Belum ada program (celah)"
    cell = data[(data["office"] == B) & (data["pillar"] == "Ekonomi")].iloc[0]
    assert (cell["label"], cell["programs_text"]) == ("2", "Ternak; UMKM")
    spec = pillar_charts.coverage_heatmap(long, "distribution").to_dict()
    layer = spec["layer"][0]["encoding"]
    assert layer["x"]["sort"] == PILLARS and layer["x"]["title"] == "Pilar"
    assert layer["y"]["sort"] == [A, B, C] and layer["y"]["title"] == "Kantor"
    assert "Program" in [t["title"] for t in layer["tooltip"]]
    assert spec["config"]["locale"]["number"]["thousands"] == "."
