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
SEED_OFFICES = [  # the seed's order, which is tab Kantor's
    "KLL Gondanglegi",
    "KLL Pagak",
    "KLL Lawang",
    "KLL Malangsuko",
    "KLL Bululawang",
    "KLL Pakis",
    "KLL Wajak",
    "KLL Singosari",
    "KLL Poncokusumo",
]
NEW_OFFICES = ["KLL Pagak", "KLL Singosari"]  # welcomed, and (with September figures) reporting
N_ITEMS = 18  # 1 + tindak lanjut + 1 + 9 reports + 2 new + 1 kendala + 2 tambahan + 1 penutup


def deck() -> list:
    """The slides of the seed meeting, as lib.meeting.slides splits them."""
    from datetime import date

    from lib.data.config import source_config
    from lib.data.load import load_dataset
    from lib.meeting import agenda, slides

    ds = load_dataset(source_config({}, {}))
    meeting, _ = agenda.choose_meeting(ds, date(2024, 1, 1), "2024-10-05")
    return slides.present_slides(ds, meeting)


def counter(k: int, n: int) -> str:
    return f'<div class="slide-counter">{k}&nbsp;/&nbsp;{n}</div>'


def slide_of(title: str) -> int:
    return next(k for k, s in enumerate(deck(), start=1) if s.title == title)


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
    assert len(labels) == N_ITEMS
    reports = [lab.split("Laporan ")[1] for lab in labels if "Laporan KLL" in lab]
    plain = [lab.replace("\\", "") for lab in labels]  # md_escape's backslashes
    intros = [lab.split("Perkenalan ")[1] for lab in plain if "Perkenalan" in lab]
    assert reports == SEED_OFFICES
    assert intros == [f"{o} (baru)" for o in NEW_OFFICES]
    assert not any("KLL KLL" in lab or "KLL\\: KLL" in lab for lab in labels)
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
    return [e.label for e in at.expander if e.label[:1].isdigit()]  # "3. 08.25 · ..."


def test_start_time_from_the_url():
    at = open_rapat({"tanggal": "2024-10-05", "mulai": "08:00"})
    assert agenda_labels(at)[2] == "3. 08.25 · Pilar program dan pemetaan"


def test_unknown_meeting_date_opens_the_nearest_and_says_so():
    at = open_rapat({"tanggal": "2024-10-06"})
    assert any("Tidak ada rapat" in w.value and "terdekat" in w.value for w in at.warning)
    assert at.selectbox[0].value.isoformat() == "2024-10-05"


def test_every_slide_renders():
    slides_ = deck()
    n = len(slides_)
    assert n > N_ITEMS  # long items continue on "lanjutan" slides
    for k in [*range(1, n, 2), n]:
        at = open_rapat({"tanggal": "2024-10-05", "mode": "presentasi", "slide": str(k)})
        assert counter(k, n) in markdown(at), k
        titles = [m.replace("\\", "") for m in markdown(at)]
        assert f"## {slides_[k - 1].title}" in titles, k
        assert not at.title  # no page chrome on the projector


def test_slide_in_the_query_opens_that_slide_and_buttons_move_it():
    n = len(deck())
    k = slide_of("Laporan KLL Lawang")
    at = open_rapat({"tanggal": "2024-10-05", "mode": "presentasi", "slide": str(k)})
    assert "## Laporan KLL Lawang" in markdown(at)
    assert at.selectbox(key="rapat_slide_jump").value == k
    at.button(key="slide_next").click().run()
    assert not at.exception
    assert at.query_params["slide"] in (str(k + 1), [str(k + 1)])
    assert counter(k + 1, n) in markdown(at)
    at.button(key="slide_prev").click().run()
    assert counter(k, n) in markdown(at)
    intro = slide_of("Perkenalan KLL Singosari (baru)")
    at.selectbox(key="rapat_slide_jump").set_value(intro).run()
    assert "## Perkenalan KLL Singosari (baru)" in [m.replace("\\", "") for m in markdown(at)]
    assert at.query_params["slide"] in (str(intro), [str(intro)])


def test_wajak_has_not_reported_and_says_so_on_its_slide():
    at = open_rapat(
        {"tanggal": "2024-10-05", "mode": "presentasi", "slide": str(slide_of("Laporan KLL Wajak"))}
    )
    values = {m.label: m.value for m in at.metric}
    assert values["Penghimpunan September 2024"] == "Belum lapor"
    assert values["Penghimpunan Agustus 2024"].startswith("Rp")
    assert "Rp0" not in values.values()


@pytest.mark.parametrize("slide", ["0", "99", "abc"])
def test_out_of_range_slide_is_clamped(slide):
    at = open_rapat({"tanggal": "2024-10-05", "mode": "presentasi", "slide": slide})
    n = len(deck())
    k = {"0": 1, "99": n, "abc": 1}[slide]
    assert counter(k, n) in markdown(at)


def test_presentation_says_why_when_the_source_fails(monkeypatch):
    def fail(config, reuse=None):
        raise SourceError("network", "Tidak ada koneksi internet.")

    monkeypatch.setattr(lib.data.load, "load_dataset", fail)
    at = open_rapat({"mode": "presentasi", "slide": "2"})
    assert [e.value for e in at.error] == ["Tidak ada koneksi internet."]


def test_stale_data_is_shown_with_its_time(monkeypatch):
    real = lib.ui.loading._read

    def stale(key, config, reuse=None):
        result = real(key, config, reuse)
        return lib.ui.LoadResult(
            result.dataset, error="x", stale=True, snapshot_at=result.dataset.source.read_at
        )

    monkeypatch.setattr(lib.ui.loading, "_read", stale)
    lib.ui.clear_cache()
    at = open_rapat({"tanggal": "2024-10-05", "mode": "presentasi", "slide": "3"})
    lib.ui.clear_cache()
    assert any("Data per" in w.value and "WIB" in w.value for w in at.warning)
    assert counter(3, len(deck())) in markdown(at)


def test_toggle_starts_presentation_and_keluar_leaves_it():
    at = open_rapat({"tanggal": "2024-10-05"})
    at.toggle(key="rapat_present").set_value(True).run()
    assert not at.exception
    assert at.query_params["mode"] in ("presentasi", ["presentasi"])
    assert counter(1, len(deck())) in markdown(at)
    at.button(key="slide_leave").click().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Rapat Koordinasi"]
