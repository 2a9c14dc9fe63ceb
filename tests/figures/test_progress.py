"""lib.progress on a hand-built dataset: every expected figure is worked out by hand below.

The fixture (amounts in Rupiah; the period under test is September 2024):

office        founded      active  target 2024  collection rows
KLL Alpha     2020-01-01   yes     12.000.000   2024: Jan 1.000.000 ZM, Mar 2.000.000 ZM,
                                                Aug 1.500.000 ISTT, Sep 3.000.000 ZM (7 donors)
                                                + 1.000.000 ISTT (3 donors), Oct 5.000.000 ZM;
                                                2023: Feb 2.000.000, Nov 9.000.000
KLL Beta      2024-07-10   yes      6.000.000   Jul 1.800.000 ZM, Aug 1.500.000 ZM (no Sep)
KLL Gamma     (none)       yes      (none)      Jun 300.000 DSKL, Sep 700.000 ZF
KLL Zeta      2019-05-01   yes      2.400.000   Jan 2.500.000 ZM (no Sep)
KLL Delta     2019-01-01   no       (none)      Sep 2024 200.000 IST; Jan 2023 400.000
KLL Epsilon   2025-02-01   yes      (none)      none
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from lib.data.dataset import Dataset, RawBook, SourceInfo
from lib.data.validate import validate
from lib.figures import offices, pillars, progress
from lib.figures.period import Period
from lib.views import progress_tables

ZM, ZF, IST, ISTT, DSKL = (
    "Zakat Maal",
    "Zakat Fitrah",
    "Infaq/Sedekah Terikat",
    "Infaq/Sedekah Tidak Terikat",
    "DSKL",
)
SEP = Period(2024, 9)
NAN = float("nan")


def frame(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=columns)
    df.insert(0, "row", range(2, len(df) + 2))
    return df


def build() -> Dataset:
    offices = frame(
        [
            ("KLL Alpha", "Satu", pd.Timestamp("2020-01-01"), True),
            ("KLL Beta", "Dua", pd.Timestamp("2024-07-10"), True),
            ("KLL Gamma", "Tiga", pd.NaT, True),
            ("KLL Zeta", "Enam", pd.Timestamp("2019-05-01"), True),
            ("KLL Delta", "Empat", pd.Timestamp("2019-01-01"), False),
            ("KLL Epsilon", "Lima", pd.Timestamp("2025-02-01"), True),
        ],
        ["office", "kecamatan", "founded", "active"],
    )
    targets = frame(
        [
            (2024, "KLL Alpha", 12_000_000.0, NAN),
            (2024, "KLL Beta", 6_000_000.0, NAN),
            (2024, "KLL Zeta", 2_400_000.0, NAN),
            (2023, "KLL Alpha", 10_000_000.0, NAN),
        ],
        ["year", "office", "target_collection", "target_distribution"],
    )
    collections = frame(
        [
            (2024, 1, "KLL Alpha", ZM, 1_000_000.0, NAN),
            (2024, 3, "KLL Alpha", ZM, 2_000_000.0, NAN),
            (2024, 8, "KLL Alpha", ISTT, 1_500_000.0, NAN),
            (2024, 9, "KLL Alpha", ZM, 3_000_000.0, 7.0),
            (2024, 9, "KLL Alpha", ISTT, 1_000_000.0, 3.0),
            (2024, 10, "KLL Alpha", ZM, 5_000_000.0, NAN),
            (2023, 2, "KLL Alpha", ZM, 2_000_000.0, NAN),
            (2023, 11, "KLL Alpha", ZM, 9_000_000.0, NAN),
            (2024, 7, "KLL Beta", ZM, 1_800_000.0, NAN),
            (2024, 8, "KLL Beta", ZM, 1_500_000.0, NAN),
            (2024, 6, "KLL Gamma", DSKL, 300_000.0, NAN),
            (2024, 9, "KLL Gamma", ZF, 700_000.0, NAN),
            (2024, 1, "KLL Zeta", ZM, 2_500_000.0, NAN),
            (2024, 9, "KLL Delta", IST, 200_000.0, NAN),
            (2023, 1, "KLL Delta", ZM, 400_000.0, NAN),
        ],
        ["year", "month", "office", "fund_type", "amount", "donors"],
    )
    programs = frame(
        [
            (2024, 3, "KLL Alpha", "Pendidikan", "Beasiswa Mentari", "Berjalan", 10.0, 3_000_000.0),
            (2024, 9, "KLL Alpha", "Pendidikan", "Beasiswa Mentari", "Berjalan", 10.0, 2_000_000.0),
            (2024, 9, "KLL Alpha", "Pendidikan", "beasiswa  mentari", "Berjalan", 5.0, 1_000_000.0),
            (2024, 9, "KLL Alpha", "Kesehatan", "Ambulans Gratis", "Selesai", 3.0, 400_000.0),
            (2024, 9, "KLL Alpha", "Ekonomi", "Kambing Bergulir", "Rencana", NAN, NAN),
            (2024, 10, "KLL Alpha", "Kesehatan", "Ambulans Gratis", "Berjalan", 1.0, 1_000_000.0),
            (2024, 9, "KLL Gamma", "Kemanusiaan", "Santunan Yatim", "Berjalan", 20.0, 950_000.0),
            (2024, 5, "KLL Delta", "Pendidikan", "Beasiswa", "Selesai", 2.0, 100_000.0),
        ],
        [
            "year",
            "month",
            "office",
            "pillar",
            "program",
            "status",
            "beneficiaries",
            "distribution",
        ],
    )
    obstacles = frame(
        [
            (2023, 5, "KLL Alpha", "Penghimpunan", "Donatur turun", "", "Terbuka"),
            (2024, 4, "KLL Alpha", "Penyaluran", "Data mustahik", "Verifikasi", "Selesai"),
            (2024, 10, "KLL Alpha", "Lainnya", "Sesudah periode", "", "Terbuka"),
            (2024, 9, "KLL Gamma", "Kelembagaan", "Belum ada kantor", "Pinjam masjid", "Terbuka"),
        ],
        ["year", "month", "office", "field", "obstacle", "follow_up", "status"],
    )
    problems = pd.DataFrame(
        [
            ["Penghimpunan", 40, "Jumlah", "1,500", "Ambigu", "error", "kll alpha", "D40"],
            ["Program", 9, "", "", "Dobel", "warning", "KLL Alpha", ""],
            ["Penghimpunan", 41, "Jumlah", "x", "Salah", "error", "KLL Beta", "D41"],
        ],
        columns=["tab", "row", "column", "value", "message", "severity", "office", "cell"],
    )
    tables = {
        "offices": offices,
        "targets": targets,
        "collections": collections,
        "programs": programs,
        "obstacles": obstacles,
    }
    return Dataset(SourceInfo("workbook", "uji.xlsx"), tables, problems, {})


@pytest.fixture
def ds() -> Dataset:
    return build()


def by_office(df: pd.DataFrame) -> dict[str, dict]:
    return {r["office"]: r for r in df.to_dict("records")}


# ---------------------------------------------------------------- ACR bands and pace


@pytest.mark.parametrize(
    ("acr", "band"),
    [
        (1.35, "Sangat efektif"),  # above 100%: shown, not capped
        (0.90, "Sangat efektif"),
        (0.8999, "Efektif"),
        (0.70, "Efektif"),
        (0.69, "Cukup efektif"),
        (0.50, "Cukup efektif"),
        (0.49, "Di bawah harapan"),
        (0.20, "Di bawah harapan"),
        (0.1999, "Tidak efektif"),
        (0.0, "Tidak efektif"),
        (None, "–"),
        (NAN, "–"),
    ],
)
def test_acr_band(acr, band):
    assert progress.acr_band(acr) == band


def test_pace_is_linear_from_the_founding_month():
    assert progress.pace_fraction(2024, 9) == 9 / 12
    assert progress.pace_fraction(2024, 9, pd.Timestamp("2020-01-01")) == 9 / 12
    # founded in July: Jul..Dec is six months, September is the third
    assert progress.pace_fraction(2024, 9, pd.Timestamp("2024-07-10")) == 3 / 6
    assert progress.pace_fraction(2024, 6, pd.Timestamp("2024-07-10")) == 0
    assert progress.pace_fraction(2024, 12, pd.Timestamp("2025-02-01")) == 0
    assert progress.pace_fraction(2025, 12, pd.Timestamp("2024-07-10")) == 1


# ---------------------------------------------------------------- office_progress


def test_office_rows_are_active_offices_sorted_by_pct_target(ds):
    df = progress.office_progress(ds, SEP)
    # Delta is inactive; Epsilon is founded after September 2024 and has no rows
    assert list(df["office"]) == ["KLL Zeta", "KLL Alpha", "KLL Beta", "KLL Gamma"]
    assert set(progress.OFFICE_COLUMNS) <= set(df.columns)


def test_office_figures_by_hand(ds):
    rows = by_office(progress.office_progress(ds, SEP))
    alpha = rows["KLL Alpha"]
    assert alpha["collection_month"] == 4_000_000  # 3.000.000 + 1.000.000
    assert alpha["collection_prev_month"] == 1_500_000  # August
    assert alpha["collection_ytd"] == 8_500_000  # 1 + 2 + 1,5 + 4 jt; October left out
    assert alpha["target"] == 12_000_000
    assert alpha["pct_target"] == pytest.approx(8.5 / 12)
    assert alpha["pace"] == pytest.approx(0.75)
    assert alpha["pace_status"] == "Tertinggal"  # 70,8% < 75%
    assert alpha["distribution_ytd"] == 6_400_000  # 3 + 2 + 1 + 0,4 jt; Rencana row empty
    assert alpha["acr"] == pytest.approx(6.4 / 8.5)
    assert alpha["acr_band"] == "Efektif"  # 75,3%
    assert alpha["beneficiaries_ytd"] == 28  # 10 + 10 + 5 + 3
    assert alpha["donors_month"] == 10  # 7 + 3
    assert alpha["programs_running"] == 1  # Beasiswa Mentari twice (case, spaces); Selesai no
    assert alpha["open_obstacles"] == 1  # 2023 still open; the October one is after the period
    assert alpha["reported"]

    beta = rows["KLL Beta"]  # founded July 2024: paced from July
    assert pd.isna(beta["collection_month"])  # no September row: belum lapor, not Rp0
    assert not beta["reported"]
    assert beta["collection_ytd"] == 3_300_000
    assert beta["pct_target"] == pytest.approx(0.55)
    assert beta["pace"] == pytest.approx(0.5)
    assert beta["pace_status"] == "Sesuai target"  # would be Tertinggal against 9/12
    assert beta["acr"] == 0 and beta["acr_band"] == "Tidak efektif"
    assert math.isnan(beta["donors_month"])
    assert not beta["reported"] and beta["expected"]

    zeta = rows["KLL Zeta"]
    assert zeta["pct_target"] == pytest.approx(2.5 / 2.4)
    assert zeta["pace_status"] == "Tercapai"

    gamma = rows["KLL Gamma"]  # no target
    assert gamma["collection_ytd"] == 1_000_000
    assert math.isnan(gamma["target"]) and math.isnan(gamma["pct_target"])
    assert gamma["pace_status"] == "target belum diisi"
    assert gamma["acr"] == pytest.approx(0.95) and gamma["acr_band"] == "Sangat efektif"
    assert gamma["open_obstacles"] == 1
    assert math.isnan(gamma["donors_month"])  # a row without Jumlah Donatur


def test_not_reported(ds):
    assert progress.not_reported(ds, SEP) == ["KLL Beta", "KLL Zeta"]
    # June: Beta did not exist yet, so only Alpha and Zeta are chased (Gamma reported)
    assert progress.not_reported(ds, Period(2024, 6)) == ["KLL Alpha", "KLL Zeta"]
    june = by_office(progress.office_progress(ds, Period(2024, 6)))
    assert "KLL Beta" not in june  # founded in July, no rows before


# ---------------------------------------------------------------- district_summary


def test_district_summary_by_hand(ds):
    s = progress.district_summary(ds, SEP)
    assert s.collection_month == 4_900_000  # Alpha 4 jt + Gamma 0,7 jt + Delta (inactive) 0,2 jt
    assert s.collection_ytd == 15_500_000  # 8,5 + 3,3 + 1 + 2,5 + 0,2 jt
    assert s.target_total == 20_400_000  # 12 + 6 + 2,4 jt
    assert s.pct_target == pytest.approx(15.5 / 20.4)
    assert s.collection_ytd_last_year == 2_400_000  # Feb 2023 2 jt + Jan 2023 0,4 jt
    assert s.growth == pytest.approx(15.5 / 2.4 - 1)
    assert s.distribution_ytd == 7_450_000  # 6,4 + 0,95 + 0,1 jt
    assert s.acr == pytest.approx(7.45 / 15.5)
    assert s.acr_band == "Di bawah harapan"  # 48,1%
    assert s.beneficiaries_ytd == 50  # 28 + 20 + 2
    assert s.donors_month == 10
    assert (s.offices_active, s.offices_reported) == (4, 2)


def test_office_summary_matches_its_row(ds):
    row = by_office(progress.office_progress(ds, SEP))["KLL Alpha"]
    s = progress.district_summary(ds, SEP, office="KLL Alpha")
    assert s.collection_ytd == row["collection_ytd"]
    assert s.pct_target == pytest.approx(row["pct_target"])
    assert s.collection_ytd_last_year == 2_000_000
    assert s.growth == pytest.approx(8.5 / 2 - 1)
    assert (s.offices_active, s.offices_reported) == (1, 1)
    assert progress.office_pace_status(ds, SEP, "KLL Alpha") == "Tertinggal"
    assert progress.office_pace_status(ds, SEP, "KLL Delta") is None  # inactive


def test_inactive_office_counts_in_district_but_not_in_table(ds):
    assert progress.inactive_collection_ytd(ds, SEP) == 200_000
    table_sum = progress.office_progress(ds, SEP)["collection_ytd"].sum()
    assert progress.district_summary(ds, SEP).collection_ytd == table_sum + 200_000


def test_growth_is_none_without_last_year(ds):
    s = progress.district_summary(ds, Period(2023, 9))
    assert s.collection_ytd == 2_400_000
    assert s.collection_ytd_last_year == 0 and s.growth is None
    assert s.target_total == 10_000_000 and s.pct_target == pytest.approx(0.24)


# ---------------------------------------------------------------- empty periods


def test_month_without_any_data(ds):
    nov = Period(2024, 11)
    df = progress.office_progress(ds, nov)
    assert df["collection_month"].isna().all()  # nobody reported: a state, not Rp0
    assert not df["reported"].any()
    assert by_office(df)["KLL Alpha"]["collection_prev_month"] == 5_000_000  # October
    assert progress.not_reported(ds, nov) == ["KLL Alpha", "KLL Beta", "KLL Gamma", "KLL Zeta"]
    s = progress.district_summary(ds, nov)
    assert s.collection_month == 0 and s.donors_month is None
    assert s.collection_ytd == 20_500_000  # September's 15,5 jt + Alpha's October 5 jt


def test_year_without_any_data(ds):
    period = Period(2030, 5)
    df = progress.office_progress(ds, period)
    # Epsilon (founded 2025) exists by now
    assert sorted(df["office"]) == ["KLL Alpha", "KLL Beta", "KLL Epsilon", "KLL Gamma", "KLL Zeta"]
    assert (df["collection_ytd"] == 0).all()
    assert set(df["pace_status"]) == {"target belum diisi"}
    assert df["acr"].isna().all() and set(df["acr_band"]) == {"–"}
    s = progress.district_summary(ds, period)
    assert s.collection_ytd == 0 and s.target_total is None and s.pct_target is None
    assert s.growth is None and s.acr is None and s.acr_band == "–" and s.donors_month is None
    assert len(progress.not_reported(ds, period)) == 5
    monthly = progress.monthly_collection(ds, 2030)
    assert len(monthly) == 60 and (monthly["amount"] == 0).all()
    pace = progress.cumulative_vs_pace(ds, 2030)
    assert (pace["cumulative"] == 0).all() and pace["target_pace"].isna().all()
    mix = progress.fund_mix(ds, period)
    assert (mix["amount"] == 0).all() and mix["share"].isna().all()
    assert pillars.office_programs(ds, Period(2030, 12), "KLL Alpha").empty
    # key figures and tables still render
    assert progress_tables.key_figures(s, period)[2].value == "target belum diisi"
    january = progress_tables.key_figures(
        progress.district_summary(ds, Period(2024, 1)), Period(2024, 1)
    )
    assert [f.label for f in january[:2]] == ["Terhimpun Jan", "Terhimpun s.d. Jan"]
    assert len(progress_tables.office_table(df)) == 5


def test_dataset_with_nothing_at_all():
    empty = validate(RawBook(SourceInfo("workbook", "kosong.xlsx"), {}))
    assert progress.office_progress(empty, SEP).empty
    assert progress.not_reported(empty, SEP) == []
    s = progress.district_summary(empty, SEP)
    assert s.collection_ytd == 0 and s.offices_active == 0 and s.acr is None
    assert len(progress.monthly_collection(empty, 2024)) == 60
    assert progress.reporting_history(empty, 2024, "KLL X")["status"].eq("Belum lapor").all()
    assert progress.office_obstacles(empty, 2024, "KLL X").empty
    assert offices.office_options(empty) == []
    assert progress_tables.office_table(progress.office_progress(empty, SEP)).empty


# ---------------------------------------------------------------- by month


def test_monthly_collection_and_cumulative_pace(ds):
    monthly = progress.monthly_collection(ds, 2024)
    assert list(monthly.columns) == ["month", "fund_type", "amount"]
    assert sorted(monthly["month"].unique()) == list(range(1, 13))
    cell = monthly[(monthly["month"] == 9) & (monthly["fund_type"] == ZM)]["amount"]
    assert cell.item() == 3_000_000
    assert monthly[monthly["month"] == 9]["amount"].sum() == 4_900_000

    pace = progress.cumulative_vs_pace(ds, 2024, upto=9).set_index("month")
    assert pace.loc[9, "cumulative"] == 15_500_000
    assert math.isnan(pace.loc[10, "cumulative"])  # after the period: the line stops
    # Alpha 12 jt x 9/12 + Beta 6 jt x 3/6 (from July) + Zeta 2,4 jt x 9/12
    assert pace.loc[9, "target_pace"] == pytest.approx(13_800_000)
    assert pace.loc[6, "target_pace"] == pytest.approx(7_200_000)  # Beta not yet founded
    assert pace.loc[12, "target_pace"] == pytest.approx(20_400_000)
    alpha = progress.cumulative_vs_pace(ds, 2024, "KLL Alpha").set_index("month")
    assert alpha.loc[12, "cumulative"] == 13_500_000


def test_yearly_comparison_and_fund_mix(ds):
    cmp = progress.yearly_comparison(ds, SEP, "KLL Alpha")
    this = cmp[cmp["year"] == 2024].set_index("month")["amount"]
    last = cmp[cmp["year"] == 2023].set_index("month")["amount"]
    assert this[9] == 4_000_000 and this[2] == 0 and math.isnan(this[10])
    assert last[2] == 2_000_000 and last[11] == 9_000_000

    mix = progress.fund_mix(ds, SEP).set_index("fund_type")
    assert list(mix.index) == [ZM, ZF, IST, ISTT, DSKL]
    assert mix.loc[ZM, "amount"] == 11_800_000  # 1 + 2 + 3 + 1,8 + 1,5 + 2,5 jt
    assert mix.loc[ISTT, "amount"] == 2_500_000
    assert mix["amount"].sum() == 15_500_000
    assert mix.loc[ZF, "share"] == pytest.approx(0.7 / 15.5)


def test_reporting_history_of_an_office_founded_mid_year(ds):
    history = progress.reporting_history(ds, 2024, "KLL Beta", until=SEP)
    assert (
        list(history["status"])
        == ["Belum berdiri"] * 6 + ["Sudah lapor"] * 2 + ["Belum lapor"] + ["Belum waktunya"] * 3
    )
    assert history.loc[6, "amount"] == 1_800_000 and history.loc[6, "rows"] == 1


def test_office_programs_obstacles_and_problems(ds):
    programs = pillars.office_programs(ds, Period(2024, 9), "KLL Alpha")
    assert list(programs["pillar"]) == ["Pendidikan", "Kesehatan", "Ekonomi"]  # contract order
    beasiswa = programs.iloc[0]
    assert beasiswa["months"] == 2 and beasiswa["last_month"] == 9
    assert beasiswa["beneficiaries"] == 25 and beasiswa["distribution"] == 6_000_000
    assert programs.iloc[1]["status"] == "Selesai"  # October's Berjalan is after the period
    assert programs["distribution"].sum() == 6_400_000  # = distribution_ytd of Alpha

    obstacles = progress.office_obstacles(ds, 2024, "KLL Alpha", upto=9)
    assert list(obstacles["obstacle"]) == ["Donatur turun", "Data mustahik"]  # open first
    assert (obstacles["status"] == "Terbuka").sum() == 1  # = open_obstacles of Alpha

    problems = progress.office_problems(ds, "KLL Alpha")
    assert list(problems["Baris"]) == [40]  # the loose name matches; the warning is not a rejection


# ---------------------------------------------------------------- display shaping


def test_office_table_for_display_and_download(ds):
    df = progress.office_progress(ds, SEP)
    shown = progress_tables.office_table(df)
    assert list(shown.columns) == progress_tables.OFFICE_TABLE_COLUMNS
    assert list(shown.columns[:3]) == ["Kantor", "% Target", "Status"]  # essentials first
    alpha = shown[shown["Kantor"] == "KLL Alpha"].iloc[0]
    assert alpha["Penghimpunan s.d. bulan ini"] == "Rp8.500.000"
    assert alpha["% Target"] == 70.8
    assert alpha["ACR"] == "75,3%"
    assert alpha["Lapor bulan ini"] == "Sudah"
    gamma = shown[shown["Kantor"] == "KLL Gamma"].iloc[0]
    assert math.isnan(gamma["% Target"]) and gamma["Status"] == "target belum diisi"
    assert gamma["Target tahunan"] == "–"
    numeric = progress_tables.office_table(df, numeric=True)
    assert numeric["Penghimpunan s.d. bulan ini"].sum() == 15_300_000


def test_key_figures_text(ds):
    figures = progress_tables.key_figures(progress.district_summary(ds, SEP), SEP)
    by_label = {f.label: f for f in figures}
    ytd = by_label["Terhimpun Jan–Sep"]
    assert ytd.value == "Rp15,5 jt"
    assert ytd.help.startswith("Penghimpunan Januari–September 2024: Rp15.500.000;")
    assert ytd.delta == "+545,8% dari 2023"
    assert by_label["ACR Jan–Sep"].delta == "Di bawah harapan"
    assert by_label["Kantor lapor Sep"].value == "2 dari 4"  # every label says its period
    assert by_label["Penerima manfaat Jan–Sep"].value is not None
    single = progress_tables.key_figures(
        progress.district_summary(ds, SEP, "KLL Beta"), SEP, pace="Sesuai target", single=True
    )
    assert single[-1].label == "Lapor Sep" and single[-1].value == "Belum"
    assert single[2].delta == "Sesuai target"
