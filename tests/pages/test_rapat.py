"""The Rapat page and its presentation mode, on the bundled sample."""

from __future__ import annotations

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

import lib.data.load
import lib.ui
import lib.ui.loading
from lib.data.config import SourceError

APP = str(ROOT / "app.py")
PAGE = "pages/rapat.py"
SEED_OFFICES = [
    "KLL Gondanglegi",
    "KLL Lawang",
    "KLL Malangsuko",
    "KLL Bululawang",
    "KLL Pakis",
    "KLL Wajak",
    "KLL Poncokusumo",
]
NEW_OFFICES = ["KLL Pagak", "KLL Singosari"]
N_SLIDES = 16  # 1 + tindak lanjut + 1 + 7 reports + 2 new + 1 kendala + 2 tambahan + 1 penutup


def open_rapat(query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    for name, value in query.items():
        at.query_params[name] = value
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def markdown(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def test_seed_meeting_lists_the_nine_offices_and_the_two_new_ones():
    at = open_rapat({"tanggal": "2024-10-05"})
    assert [t.value for t in at.title] == ["Rapat Koordinasi"]
    assert at.selectbox[0].value.isoformat() == "2024-10-05"
    labels = agenda_labels(at)
    assert len(labels) == N_SLIDES
    reports = [lab.split("Laporan KLL\\: ")[1] for lab in labels if "Laporan KLL" in lab]
    intros = [lab.split("Perkenalan KLL baru\\: ")[1] for lab in labels if "Perkenalan" in lab]
    assert reports == SEED_OFFICES
    assert intros == NEW_OFFICES
    assert "KLL Dampit" not in " ".join(labels)  # inactive in the sample
    assert labels[0] == "1. 09.00 · Pembukaan"
    assert labels[1] == "2. 09.10 · Tindak lanjut rapat lalu"
    schedule = at.dataframe[0].value
    assert list(schedule["Mulai"])[:4] == ["09.00", "09.10", "09.25", "09.45"]
    assert "Sabtu, 5 Oktober 2024" in [s.value for s in at.subheader]
    whatsapp = at.code[0].value
    for office in SEED_OFFICES + NEW_OFFICES:
        assert f"*{office}*" in whatsapp
    assert {b.label for b in at.get("download_button")} == {
        "Unduh PDF",
        "Unduh Markdown",
        "Unduh notulen PDF",
        "Unduh notulen Markdown",
    }


def agenda_labels(at) -> list[str]:
    """The agenda items' expanders (not the schedule's "Semua kolom")."""
    return [e.label for e in at.expander if e.label != "Semua kolom"]


def test_start_time_from_the_url():
    at = open_rapat({"tanggal": "2024-10-05", "mulai": "08:00"})
    assert agenda_labels(at)[2] == "3. 08.25 · Pilar program dan pemetaan"


def test_unknown_meeting_date_falls_back_with_a_message():
    at = open_rapat({"tanggal": "2024-10-06"})
    assert any("Tidak ada rapat" in w.value for w in at.warning)


def test_every_slide_renders():
    for k in range(1, N_SLIDES + 1):
        at = open_rapat({"tanggal": "2024-10-05", "mode": "presentasi", "slide": str(k)})
        assert f"### {k} / {N_SLIDES}" in markdown(at), k
        assert not at.title  # no page chrome on the projector


def test_slide_in_the_query_opens_that_slide_and_buttons_move_it():
    at = open_rapat({"tanggal": "2024-10-05", "mode": "presentasi", "slide": "5"})
    assert "## Laporan KLL\\: KLL Lawang" in markdown(at)
    assert at.selectbox(key="rapat_slide_jump").value == 5
    at.button[1].click().run()  # Berikutnya
    assert not at.exception
    assert at.query_params["slide"] in ("6", ["6"])
    assert "### 6 / 16" in markdown(at)
    at.button[0].click().run()  # Sebelumnya
    assert "### 5 / 16" in markdown(at)
    at.selectbox(key="rapat_slide_jump").set_value(12).run()
    assert "## Perkenalan KLL baru\\: KLL Singosari" in markdown(at)
    assert at.query_params["slide"] in ("12", ["12"])


@pytest.mark.parametrize("slide", ["0", "99", "abc"])
def test_out_of_range_slide_is_clamped(slide):
    at = open_rapat({"tanggal": "2024-10-05", "mode": "presentasi", "slide": slide})
    assert any(f" / {N_SLIDES}" in m for m in markdown(at))


def test_presentation_says_why_when_the_source_fails(monkeypatch):
    def fail(config):
        raise SourceError("network", "Tidak ada koneksi internet.")

    monkeypatch.setattr(lib.data.load, "load_dataset", fail)
    at = open_rapat({"mode": "presentasi", "slide": "2"})
    assert [e.value for e in at.error] == ["Tidak ada koneksi internet."]


def test_stale_data_is_shown_with_its_time(monkeypatch):
    real = lib.ui.loading._read

    def stale(key, config):
        result = real(key, config)
        return lib.ui.LoadResult(
            result.dataset, error="x", stale=True, snapshot_at=result.dataset.source.read_at
        )

    monkeypatch.setattr(lib.ui.loading, "_read", stale)
    lib.ui.clear_cache()
    at = open_rapat({"tanggal": "2024-10-05", "mode": "presentasi", "slide": "3"})
    lib.ui.clear_cache()
    assert any("Data per" in w.value and "WIB" in w.value for w in at.warning)
    assert f"### 3 / {N_SLIDES}" in markdown(at)


def test_toggle_starts_presentation_and_keluar_leaves_it():
    at = open_rapat({"tanggal": "2024-10-05"})
    at.toggle(key="rapat_present").set_value(True).run()
    assert not at.exception
    assert at.query_params["mode"] in ("presentasi", ["presentasi"])
    assert f"### 1 / {N_SLIDES}" in markdown(at)
    next(b for b in at.button if b.label == "Keluar").click().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Rapat Koordinasi"]
