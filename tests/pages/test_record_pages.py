"""The meeting record on Ringkasan and Kantor, on the sample, with "today" fixed.

Expected numbers are counted by hand from lib/data/sample.py's _DECISIONS_S
and _ATTENDANCE_S.
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

APP = str(ROOT / "app.py")


@pytest.fixture
def today(monkeypatch):
    def fix(when: date) -> None:
        monkeypatch.setattr("lib.data.clock.today_wib", lambda: when)

    return fix


def open_page(path: str, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    for name, value in (query or {}).items():
        at.query_params[name] = value
    at.switch_page(path).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_ringkasan_counts_open_and_overdue_decisions(today):
    # On 10 Oct 2024: three of August/September still open (all past their Tenggat),
    # the four of 5 October open and not yet due; the pemetaan one closed on 5 Oct.
    today(date(2024, 10, 10))
    at = open_page("pages/ringkasan.py", {"tahun": "2024", "bulan": "9"})
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Terbuka"] == "7"
    assert metrics["Lewat tenggat"] == "3"
    assert any(p.proto.label.startswith("Tindak lanjut") for p in at.get("page_link"))


def test_kantor_shows_open_decisions_and_attendance_over_the_year(today):
    today(date(2024, 10, 10))
    at = open_page("pages/kantor.py", {"kantor": "KLL Wajak", "tahun": "2024", "bulan": "9"})
    frames = [d.value for d in at.dataframe]
    decisions = next(f for f in frames if "Penanggung jawab" in f.columns)
    # Wajak's own (Sep, overdue), and the two for every KLL (Sep, and Kado Ramadhan of Oct).
    assert list(decisions["Penanggung jawab"]) == ["Semua KLL", "KLL Wajak", "Semua KLL"]
    assert "Terbuka · lewat tenggat" in list(decisions["Status"])
    attendance = next(f for f in frames if "Rapat" in f.columns and "Perwakilan" in f.columns)
    # Every 2024 rakor (none July-September: the pause); Wajak: Tidak Hadir in April,
    # Izin in November, not yet recorded in December.
    assert len(attendance) == 9
    assert list(attendance["Status"]).count("Hadir") == 6
    assert list(attendance["Status"])[3] == "Tidak Hadir"
    assert list(attendance["Status"])[-2:] == ["Izin", "belum dicatat"]
    assert any("Hadir 6 dari 9 rakor" in c.value for c in at.caption)


def test_rapat_shows_attendance_the_record_and_the_notulen():
    at = open_page("pages/rapat.py", {"tanggal": "2024-12-07"})
    texts = [m.value for m in at.markdown]
    assert (
        "**Kehadiran:** Hadir 7 dari 9 KLL · 2 belum dicatat  \n"
        "**Belum dicatat:** KLL Lawang, KLL Wajak"
    ) in texts
    record_titles = [
        e.label for e in at.expander if not e.label[0].isdigit() and e.label != "Semua kolom"
    ]
    assert record_titles[:3] == ["Daftar hadir", "Tindak lanjut rapat lalu", "Keputusan rapat ini"]
    labels = {b.label for b in at.get("download_button")}
    assert {"Unduh notulen PDF", "Unduh notulen Markdown"} <= labels


def test_hostile_text_on_the_follow_up_slide_and_the_record_stays_inert(monkeypatch):
    import lib.data.load
    from lib.data.validate import validate
    from tests.injection import YEAR, assert_inert, injection_book

    book = injection_book()
    book.tables["Rapat"].rows.append([date(YEAR, 12, 7), "", None, None, None])
    ds = validate(book, today=date(YEAR, 12, 31))
    monkeypatch.setattr(lib.data.load, "load_dataset", lambda config, reuse=None: ds)
    from lib.meeting import agenda, slides

    meeting = next(m for m in agenda.meetings(ds) if m.date == date(YEAR, 12, 7))
    titles = [s.title for s in slides.present_slides(ds, meeting)]
    k = titles.index("Tindak lanjut rapat lalu") + 1  # after Pembukaan and its lanjutan
    query = {"tanggal": f"{YEAR}-12-07", "mode": "presentasi", "slide": str(k)}
    at = open_page("pages/rapat.py", query)
    assert "## Tindak lanjut rapat lalu" in [m.value for m in at.markdown]
    # nine hostile decisions: two on the slide, the rest counted
    assert len(at.table[0].value) == 2
    assert any(m.value.startswith("Dan 7 lainnya") for m in at.markdown)
    assert_inert(at)
    at = open_page("pages/rapat.py", {"tanggal": f"{YEAR}-11-02", "mode": "presentasi"})
    assert_inert(at)  # the opening slide names who sent apologies
