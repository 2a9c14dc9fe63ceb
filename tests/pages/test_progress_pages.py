"""Ringkasan and Kantor on the sample, and every figure on them against the --export CSVs.

The reconciliation sums `python -m lib.validate --export` output with the csv
module only (no lib code), then compares with lib.progress and with what the
pages show, for a few periods.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from apptest import open_sections
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from lib.cli import config_for
from lib.cli import validate_main as main
from lib.data.load import load_dataset
from lib.figures import offices, pillars, progress
from lib.figures.period import Period, default_period
from lib.views import fmt

APP = str(ROOT / "app.py")
RINGKASAN = "pages/ringkasan.py"
KANTOR = "pages/kantor.py"
PERIODS = [Period(2024, 9), Period(2023, 6), Period(2024, 12)]


def open_page(path: str, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    for name, value in (query or {}).items():
        at.query_params[name] = value
    at.switch_page(path).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def sample():
    return load_dataset(config_for(None, env={}, secrets={}))


def office_name(link: str) -> str:
    """The office of an office-table link (`kantor?kantor=KLL+Pakis&tahun=..`)."""
    return parse_qs(urlsplit(link).query)["kantor"][0]


def office_frame(at: AppTest):
    """The office table as sent: Kantor as links (decoded here to names), numbers as numbers."""
    frame = next(d.value for d in at.dataframe if "Kantor" in d.value.columns).copy()
    frame["Kantor"] = frame["Kantor"].map(office_name)
    return frame


def metric_map(at: AppTest) -> dict:
    """Metrics by label; labels that end in their period are also found without it."""
    out = {m.label: m for m in at.metric}
    for m in at.metric:
        for base in ("Penerima manfaat", "Kantor lapor"):
            if m.label.startswith(base + " "):
                out[base] = m
    return out


# ---------------------------------------------------------------- pages on the sample


def test_ringkasan_has_one_row_per_active_office():
    ds = sample()
    at = open_page(RINGKASAN)
    table = office_frame(at)
    active = sorted(ds.offices[ds.offices["active"]]["office"])
    assert sorted(table["Kantor"]) == active
    assert list(table.columns[:3]) == ["Kantor", "% Target", "Status"]
    period = default_period(ds)
    assert at.selectbox(key="period_year").value == period.year
    assert at.selectbox(key="period_month").value == period.month
    assert len(at.get("vega_lite_chart")) == 3
    assert len(at.metric) == 8 + 2  # key figures, then open and overdue decisions
    assert not at.get("download_button")  # drawn once "Unduh data" is opened
    assert len(open_sections(at).get("download_button")) == 3  # XLSX + CSV of each table


def test_ringkasan_respects_and_writes_the_period_in_the_url():
    ds = sample()
    at = open_page(RINGKASAN, {"tahun": "2024", "bulan": "9"})
    assert at.selectbox(key="period_year").value == 2024
    assert at.selectbox(key="period_month").value == 9
    late = progress.not_reported(ds, Period(2024, 9))
    assert late  # the sample has one office that did not report in September 2024
    assert any(all(name in w.value for name in late) for w in at.warning)
    assert metric_map(at)["Terhimpun Sep"].proto.help.startswith("Penghimpunan September 2024:")

    at.selectbox(key="period_month").set_value(3).run()
    assert not at.exception
    assert at.query_params["bulan"] in ("3", ["3"])
    assert metric_map(at)["Terhimpun Mar"].proto.help.startswith("Penghimpunan Maret 2024:")
    at.selectbox(key="period_year").set_value(2023).run()
    assert at.query_params["tahun"] in ("2023", ["2023"])
    assert metric_map(at)["Terhimpun Mar"].proto.help.startswith("Penghimpunan Maret 2023:")


def test_ringkasan_bad_or_empty_period_does_not_crash():
    at = open_page(RINGKASAN, {"tahun": "abc", "bulan": "13"})
    assert any("tidak terbaca" in w.value for w in at.warning)
    at = open_page(RINGKASAN, {"tahun": "2031", "bulan": "2"})  # after the data: clamped
    assert not at.exception
    assert any("di luar data" in w.value for w in at.warning)
    assert "Terhimpun Feb" not in metric_map(at)
    assert at.query_params["tahun"] not in ("2031", ["2031"])
    assert set(office_frame(at)["Status"]) != {"belum lapor"}


def test_kantor_opens_the_office_in_the_url_loosely():
    at = open_page(KANTOR, {"kantor": "kll  PAKIS", "tahun": "2024", "bulan": "9"})
    assert at.selectbox(key="office_pick").value == "KLL Pakis"
    assert at.query_params["kantor"] in ("KLL Pakis", ["KLL Pakis"])
    assert at.subheader[0].value == "KLL Pakis"
    assert "Lapor Sep" in metric_map(at)
    assert len(at.get("vega_lite_chart")) == 2
    links = [p for p in at.get("page_link") if p.proto.label == "Buka di Kualitas Data"]
    assert links and "kantor=KLL" in links[0].proto.query_string

    at.selectbox(key="office_pick").set_value("KLL Wajak").run()
    assert not at.exception
    assert at.query_params["kantor"] in ("KLL Wajak", ["KLL Wajak"])
    assert at.subheader[0].value == "KLL Wajak"


def test_kantor_unknown_office_warns_and_shows_the_first():
    ds = sample()
    at = open_page(KANTOR, {"kantor": "Tidak Ada"})
    assert any("Tidak Ada" in w.value for w in at.warning)
    assert at.selectbox(key="office_pick").value == offices.office_options(ds)[0]


# ---------------------------------------------------------------- reconciliation with --export


def read(directory: Path, tab: str) -> list[dict]:
    with open(directory / f"{tab}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def num(text: str) -> float:
    return float(text) if text not in ("", None) else 0.0


def month_of(text: str) -> tuple[int, int]:
    year, month = text.split("-")
    return int(year), int(month)


class Sums:
    """The figures of one period, summed straight from the exported CSVs."""

    def __init__(self, directory: Path, year: int, month: int):
        prev = (year, month - 1) if month > 1 else (year - 1, 12)
        self.active = {r["Kantor"] for r in read(directory, "Kantor") if r["Aktif"] == "Ya"}
        self.month = defaultdict(float)
        self.prev = defaultdict(float)
        self.ytd = defaultdict(float)
        self.last_year = defaultdict(float)
        self.donors = defaultdict(float)
        self.has_donors = set()
        self.reported = set()
        self.fund = defaultdict(float)
        self.by_month = defaultdict(float)  # (office, year, month)
        for r in read(directory, "Penghimpunan"):
            y, m = month_of(r["Bulan"])
            office, amount = r["Kantor"], num(r["Jumlah"])
            self.by_month[office, y, m] += amount
            if (y, m) == (year, month):
                self.month[office] += amount
                self.reported.add(office)
                if r["Jumlah Donatur"] != "":
                    self.donors[office] += num(r["Jumlah Donatur"])
                    self.has_donors.add(office)
            if (y, m) == prev:
                self.prev[office] += amount
            if y == year and m <= month:
                self.ytd[office] += amount
                self.fund[office, r["Jenis Dana"]] += amount
            if y == year - 1 and m <= month:
                self.last_year[office] += amount
        self.target = {
            r["Kantor"]: num(r["Target Penghimpunan"])
            for r in read(directory, "Target")
            if int(r["Tahun"]) == year
        }
        self.distribution = defaultdict(float)
        self.beneficiaries = defaultdict(float)
        self.running = defaultdict(set)
        for r in read(directory, "Program"):
            y, m = month_of(r["Bulan"])
            if y == year and m <= month:
                self.distribution[r["Kantor"]] += num(r["Jumlah Penyaluran"])
                self.beneficiaries[r["Kantor"]] += num(r["Penerima Manfaat"])
            if (y, m) == (year, month) and r["Status"] == "Berjalan":
                self.running[r["Kantor"]].add(" ".join(r["Program"].split()).casefold())
        self.open = defaultdict(int)
        for r in read(directory, "Kendala"):
            if month_of(r["Bulan"]) <= (year, month) and r["Status"] == "Terbuka":
                self.open[r["Kantor"]] += 1

    @staticmethod
    def total(d: dict) -> float:
        return sum(d.values())


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("export")
    assert main(["--export", str(directory)]) == 0  # the sample has no problems
    return directory


@pytest.mark.parametrize("period", PERIODS)
def test_lib_figures_equal_the_export_sums(exported, period):
    ds = sample()
    s = Sums(exported, period.year, period.month)
    rows = {r["office"]: r for r in progress.office_progress(ds, period).to_dict("records")}
    assert set(rows) <= s.active and rows
    for office, r in rows.items():
        # a month without a row is NaN (belum lapor), not Rp0
        if office in s.reported:
            assert r["collection_month"] == s.month[office], office
        else:
            assert pd.isna(r["collection_month"]), office
        if r["reported_prev"]:
            assert r["collection_prev_month"] == s.prev[office], office
        else:
            assert pd.isna(r["collection_prev_month"]) and s.prev[office] == 0, office
        assert r["collection_ytd"] == s.ytd[office], office
        assert r["target"] == s.target[office] if office in s.target else r["target"] != r["target"]
        assert r["distribution_ytd"] == s.distribution[office], office
        assert r["beneficiaries_ytd"] == s.beneficiaries[office], office
        if office in s.has_donors:
            assert r["donors_month"] == s.donors[office], office
        assert r["programs_running"] == len(s.running[office]), office
        assert r["open_obstacles"] == s.open[office], office
        assert r["reported"] == (office in s.reported), office

    d = progress.district_summary(ds, period)
    assert d.collection_month == Sums.total(s.month)
    assert d.collection_ytd == Sums.total(s.ytd)
    assert d.collection_ytd_last_year == Sums.total(s.last_year)
    assert d.target_total == Sums.total(s.target)
    assert d.distribution_ytd == Sums.total(s.distribution)
    assert d.beneficiaries_ytd == Sums.total(s.beneficiaries)
    assert d.donors_month == Sums.total(s.donors)
    assert d.offices_reported == len(s.reported & set(rows))

    monthly = progress.monthly_collection(ds, period.year)
    by_month = monthly.groupby("month")["amount"].sum()
    for m in range(1, 13):
        expected = sum(v for (o, y, mm), v in s.by_month.items() if (y, mm) == (period.year, m))
        assert by_month[m] == expected


@pytest.mark.parametrize("period", PERIODS[:2])
def test_ringkasan_shows_the_export_sums(exported, period):
    s = Sums(exported, period.year, period.month)
    at = open_page(RINGKASAN, {"tahun": str(period.year), "bulan": str(period.month)})
    table = office_frame(at)
    for r in table.to_dict("records"):
        office = r["Kantor"]
        assert r["Penghimpunan s.d. bulan ini"] == s.ytd[office]
        if office in s.reported:
            assert r["Bulan ini"] == s.month[office]
        else:  # belum lapor is a state, never Rp0
            assert pd.isna(r["Bulan ini"])
        assert r["Bulan lalu"] == s.prev[office] or pd.isna(r["Bulan lalu"])
        target = r["Target tahunan"]
        assert target == s.target[office] if office in s.target else pd.isna(target)
        assert r["Penyaluran s.d. bulan ini"] == s.distribution[office]
        assert r["Penerima manfaat"] == s.beneficiaries[office]
        assert r["Kendala terbuka"] == s.open[office]
        assert r["Program berjalan"] == len(s.running[office])
        if office in s.target:
            assert r["% Target"] == round(s.ytd[office] / s.target[office] * 100, 1)
    metrics = metric_map(at)
    label = fmt.month_short(period.month)
    words = fmt.month_label(period.year, period.month)
    month_metric = metrics[f"Terhimpun {label}"]
    assert month_metric.value == fmt.rupiah_compact(Sums.total(s.month), symbol=True)
    assert month_metric.proto.help == f"Penghimpunan {words}: {fmt.rupiah(Sums.total(s.month))}"
    ytd = metrics[f"Terhimpun Jan–{label}"]
    assert ytd.proto.help.endswith(
        f": {fmt.rupiah(Sums.total(s.ytd))}; periode sama {period.year - 1}: "
        f"{fmt.rupiah(Sums.total(s.last_year))}"
    )
    target = metrics[f"Target {period.year}"]
    assert target.value == fmt.percent(Sums.total(s.ytd) / Sums.total(s.target))
    assert metrics[f"Donatur {label}"].value == fmt.number(Sums.total(s.donors))
    acr = Sums.total(s.distribution) / Sums.total(s.ytd)
    assert next(m for k, m in metrics.items() if k.startswith("ACR")).value == fmt.percent(acr)
    assert metrics["Penerima manfaat"].value == fmt.number(Sums.total(s.beneficiaries))
    expected = len(table[table["Lapor bulan ini"] != "Belum berdiri"])
    reported = len(table[table["Lapor bulan ini"] == "Sudah"])
    assert metrics["Kantor lapor"].value == f"{reported} dari {expected}"


def test_kantor_shows_the_export_sums(exported):
    period = Period(2024, 9)
    office = "KLL Lawang"
    s = Sums(exported, period.year, period.month)
    at = open_page(KANTOR, {"kantor": office, "tahun": "2024", "bulan": "9"})
    metrics = metric_map(at)
    assert metrics["Terhimpun Sep"].proto.help.endswith(f": {fmt.rupiah(s.month[office])}")
    assert f": {fmt.rupiah(s.ytd[office])};" in metrics["Terhimpun Jan–Sep"].proto.help
    assert metrics["Target 2024"].value == fmt.percent(s.ytd[office] / s.target[office])
    assert metrics["Tersalur Jan–Sep"].proto.help.endswith(
        f": {fmt.rupiah(s.distribution[office])}"
    )
    assert metrics["Penerima manfaat"].value == fmt.number(s.beneficiaries[office])

    frames = [d.value for d in at.dataframe]
    mix = next(f for f in frames if "Jenis dana" in f.columns)
    for r in mix.to_dict("records"):  # numbers, so they sort as numbers (shown as Rupiah)
        assert r["Jumlah"] == s.fund[office, r["Jenis dana"]]
    history = next(f for f in frames if {"Baris", "Penghimpunan"} <= set(f.columns))
    for m, r in enumerate(history.to_dict("records"), start=1):
        if r["Baris"]:
            assert r["Penghimpunan"] == s.by_month[office, 2024, m]
        else:  # no report that month: no amount (shown as "–"), the status says why
            assert pd.isna(r["Penghimpunan"]) and r["Status"] != "Sudah lapor"
    programs = next(f for f in frames if "Pilar" in f.columns)
    shown = pillars.office_programs(sample(), Period(2024, 9), office)
    assert list(programs["Program"]) == list(shown["program"])
    assert shown["distribution"].sum() == s.distribution[office]
    assert shown["beneficiaries"].sum() == s.beneficiaries[office]
    comparison = progress.yearly_comparison(sample(), period, office)
    for r in comparison.dropna().to_dict("records"):
        assert r["amount"] == s.by_month[office, r["year"], r["month"]]
