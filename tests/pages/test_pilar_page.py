"""The Pilar page on the bundled sample and on the hand-built dataset of test_pillars."""

from __future__ import annotations

from apptest import open_sections
from conftest import ROOT
from pillars_fixture import A, B, C, make_dataset
from streamlit.testing.v1 import AppTest

import lib.data.load
import lib.ui
import lib.ui.loading
from lib.data.config import source_config
from lib.data.contract import PILLARS
from lib.data.load import load_dataset
from lib.figures import pillars
from lib.figures.period import default_period

APP = str(ROOT / "app.py")
PAGE = "pages/pilar.py"


def open_pilar(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    for name, value in (query or {}).items():
        at.query_params[name] = value
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["Pilar Program"]
    return at


def frame_with(at: AppTest, column: str):
    """The first dataframe on the page that has this column."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def sample_active_offices() -> list[str]:
    offices = load_dataset(source_config({}, {})).offices
    return list(offices.loc[offices["active"], "office"])


def test_sample_shows_every_pillar_and_every_active_office():
    at = open_pilar()
    matrix = frame_with(at, "Cakupan")
    assert list(matrix.columns) == ["Kantor", *PILLARS, "Cakupan"]
    assert list(matrix["Kantor"]) == sample_active_offices()
    assert all(c.endswith("/6 pilar") for c in matrix["Cakupan"])
    assert "KLL Dampit" not in set(matrix["Kantor"])  # inactive in the sample
    summary = frame_with(at, "Porsi penyaluran")
    assert list(summary["Pilar"]) == PILLARS
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1
    assert not at.get("download_button")  # drawn once "Unduh data" is opened
    assert [d.label for d in open_sections(at).get("download_button")] == [
        "Unduh XLSX",
        "CSV Matriks",
        "CSV Daftar program",
    ]
    assert frame_with(at, "Pilar yang belum ada").shape[0] > 0  # ideas for the first office
    planned = frame_with(at, "Bulan rencana")
    assert {"KLL Pagak", "KLL Singosari"} <= set(planned["Kantor"])  # the new offices' plans


def test_pilar_kesehatan_lists_the_ambulance_of_poncokusumo():
    at = open_pilar({"pilar": "Kesehatan"})
    assert at.selectbox(key="pilar_pillar").value == "Kesehatan"
    programs = frame_with(at, "Program")
    assert set(programs["Pilar"]) == {"Kesehatan"}
    rows = programs[programs["Kantor"] == "KLL Poncokusumo"]
    assert "Layanan Ambulan Gratis" in set(rows["Program"])


def test_pilar_is_matched_loosely_and_unknown_is_reported():
    at = open_pilar({"pilar": "sosdak", "tahun": "2024", "bulan": "9"})
    assert at.selectbox(key="pilar_pillar").value == "Sosial Dakwah"
    assert at.selectbox(key="period_year").value == 2024
    assert at.selectbox(key="period_month").value == 9
    at = open_pilar({"pilar": "[x](javascript:1)"})
    assert at.selectbox(key="pilar_pillar").value is None
    assert any("tidak dikenal" in w.value and r"\[x\]" in w.value for w in at.warning)


def test_bad_period_in_the_url_falls_back_with_a_message():
    at = open_pilar({"tahun": "dua ribu", "bulan": "13"})
    assert any("tidak terbaca" in w.value for w in at.warning)


def test_measure_and_office_switch_without_error():
    at = open_pilar()
    at.radio(key="pilar_measure").set_value("distribution").run()
    assert not at.exception
    assert frame_with(at, "Cakupan").iloc[:, 1:7].map(lambda v: v == "–" or "Rp" in v).all().all()
    at.selectbox(key="pilar_office").set_value("KLL Singosari").run()
    assert not at.exception
    ds = load_dataset(source_config({}, {}))
    n = pillars.covered_count(ds, default_period(ds))["KLL Singosari"]
    assert any(f"**KLL Singosari** menjalankan **{n}/6 pilar**" in m.value for m in at.markdown)


def test_measure_lives_in_the_url():
    at = open_pilar({"isi": "penyaluran"})
    assert not at.exception
    assert at.radio(key="pilar_measure").value == "distribution"
    at.radio(key="pilar_measure").set_value("beneficiaries").run()
    assert at.query_params["isi"] in ("penerima", ["penerima"])
    fresh = open_pilar()
    assert fresh.query_params["isi"] in ("program", ["program"])  # the default, written out
    wrong = open_pilar({"isi": "warna"})
    assert any("Isi peta di tautan tidak dikenal" in w.value for w in wrong.warning)
    assert wrong.radio(key="pilar_measure").value == "programs"


def test_page_on_other_offices_and_years(monkeypatch):
    monkeypatch.setattr(lib.data.load, "load_dataset", lambda config, reuse=None: make_dataset())
    at = open_pilar({"tahun": "2025", "bulan": "6", "kantor": "kantor a"})
    assert at.selectbox(key="pilar_office").value == A  # matched loosely
    matrix = frame_with(at, "Cakupan")
    assert list(matrix["Kantor"]) == [A, B, C]
    assert list(matrix["Cakupan"]) == ["2/6 pilar", "3/6 pilar", "0/6 pilar"]
    assert any("Lingkungan" in w.value for w in at.warning)  # the district gap
    ideas = frame_with(at, "Pilar yang belum ada")
    assert list(ideas["Program"]) == ["UMKM", "Ternak", "Banjir", "TPQ"]
    planned = frame_with(at, "Bulan rencana")
    assert list(planned["Program"]) == ["Modal Usaha", "Posbindu"]
