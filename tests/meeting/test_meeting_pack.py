"""The meeting pack: PDF (read back with pypdf), Markdown and WhatsApp text."""

from __future__ import annotations

import io
from datetime import date

import pypdf
import pytest
from agenda_fixture import agenda_dataset

from lib.cli import meeting_pack_main
from lib.meeting import agenda as ag
from lib.meeting import pack as mp


@pytest.fixture
def agenda():
    ds = agenda_dataset()
    meeting, _ = ag.choose_meeting(ds, date(2024, 5, 1))
    return ag.build_agenda(ds, meeting)


def pdf_pages(data: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.mark.parametrize("font", ["auto", None])
def test_pdf_has_the_agenda_and_one_section_per_office(agenda, font):
    pages = pdf_pages(mp.render_pdf(agenda, font_dir=font))
    first = pages[0]
    assert "Bahan Rapat Koordinasi LAZISMU" in first
    assert "Sabtu, 4 Mei 2024" in first
    for title in ("Pembukaan", "Kendala dan tindak lanjut", "Penutup", "Persiapan kurban"):
        assert title in first
    for office in ("Alpha", "Beta", "Delta"):
        assert sum(f"Laporan KLL {office}" in p and "Angka utama" in p for p in pages[1:]) == 1
    assert sum("Perkenalan KLL Beta (baru)" in p for p in pages[1:]) == 1
    assert not any("KLL KLL" in p or "KLL: KLL" in p for p in pages)
    alpha = next(p for p in pages if "3. Laporan KLL Alpha" in p)
    assert "Rp1.500.000" in alpha and "Beasiswa" in alpha
    # source and read time on every page, with the page number
    for n, page in enumerate(pages, start=1):
        assert "Sumber: File rakor.xlsx" in page and "20:15" in page
        assert f"Halaman {n}/{len(pages)}" in page
    # sheet text prints as typed
    assert any("Kotak *infaq* <b>x</b>" in p for p in pages)
    assert any("Budi *tebal*" in p for p in pages)


def test_pdf_on_the_sample_meeting(sample_agenda):
    pages = pdf_pages(mp.render_pdf(sample_agenda))
    text = "\n".join(pages)
    for office in sample_agenda.offices:
        assert office in text
    assert "data contoh (fiktif)" in pages[-1]
    # KLL Wajak has no September row: Belum lapor, never Rp0; Pagak, new, reports
    wajak = next(p for p in pages if "Laporan KLL Wajak" in p and "Angka utama" in p)
    assert "Penghimpunan September 2024 Belum lapor" in wajak
    assert "Laporan KLL Pagak" in text and "Rp12.215.000" in text


def test_whatsapp_carries_district_pace_and_belum_lapor(sample_agenda):
    text = mp.render_whatsapp(sample_agenda)
    assert "*Kabupaten, September 2024*" in text
    assert "Capaian target 2024:" in text and "laju target s.d. September 2024 Rp" in text
    assert "Belum lapor September 2024: KLL Wajak" in text
    wajak = text.split("*KLL Wajak*")[1].split("\n\n")[0]
    assert "Penghimpunan: Belum lapor (bulan lalu Rp" in wajak
    assert "Rp0" not in wajak
    assert "*KLL Pagak*" in text and "Rp12.215.000" in text


def test_whatsapp_names_every_office_and_keeps_sheet_text_literal(agenda):
    text = mp.render_whatsapp(agenda)
    for office in ("KLL Alpha", "KLL Delta", "KLL Beta"):
        assert f"*{office}*" in text
    assert "*Agenda*" in text
    # WhatsApp would format *...* and _..._: sheet text gets look-alikes
    assert "Kotak ∗infaq∗ <b>x</b>" in text
    assert "Aula ˍmiringˍ" in text
    assert "*infaq*" not in text and "_miring_" not in text
    assert mp.wa_text("a ~b~ ```c``` `d`") == "a ∼b∼ ˋˋˋcˋˋˋ ˋdˋ"


def test_markdown_escapes_sheet_text(agenda):
    text = mp.render_markdown(agenda)
    assert text.startswith("# Rapat Koordinasi LAZISMU")
    assert "## 3. Laporan KLL Alpha (09.30–09.38)" in text
    assert "Kotak \\*infaq\\* \\<b\\>x\\</b\\>" in text
    assert "Aula \\_miring\\_" in text
    assert "<b>" not in text and "*infaq*" not in text
    # only what would format is escaped: colons and brackets read as typed
    assert "Sumber: File rakor.xlsx" in text and "\\:" not in text and "\\(" not in text
    assert mp.md_text("# judul | a (b): c") == "\\# judul \\| a (b): c"
    assert mp.md_text("1. satu") == "\\1. satu"
    assert mp.md_text("Rp1.500.000 (fiktif)") == "Rp1.500.000 (fiktif)"


def test_latin1_fallback_transliterates():
    assert mp.latin1("09.00–09.10 · Rp1.000 “ok” ≥") == '09.00-09.10 · Rp1.000 "ok" >='
    assert mp.latin1("İ中") == "I?"


def test_command_line_writes_the_pdf(tmp_path, capsys):
    out = tmp_path / "bahan.pdf"
    assert meeting_pack_main(["--tanggal", "2024-10-05", str(out)]) == 0
    pages = pdf_pages(out.read_bytes())
    assert "Sabtu, 5 Oktober 2024" in pages[0]
    assert "ditulis ke" in capsys.readouterr().out
    md = tmp_path / "bahan.md"
    assert meeting_pack_main(["--tanggal", "2024-10-05", "--mulai", "08:00", str(md)]) == 0
    assert "| 1 | 08.00 | 08.10 | Pembukaan | 10 |" in md.read_text(encoding="utf-8")
    assert meeting_pack_main(["--mulai", "pagi", str(md)]) == 1


LONG_WORD = "https://evil.example/" + "a" * 400
LONG_TEXT = ("Kotak infaq hilang di masjid, donatur belum dihubungi lagi. " * 70)[:4000]


def long_agenda(obstacle: str, place: str, extra: str):
    ds = agenda_dataset()
    ds.tables["obstacles"].loc[1, "obstacle"] = obstacle
    ds.tables["obstacles"].loc[1, "follow_up"] = obstacle
    meetings = ds.tables["meetings"]
    meetings.at[1, "place"] = place
    meetings.at[1, "extra_agenda"] = [extra, "Lain"]
    meeting, _ = ag.choose_meeting(ds, date(2024, 5, 1))
    return ag.build_agenda(ds, meeting)


@pytest.mark.parametrize("font", ["auto", None])
@pytest.mark.parametrize(
    ("obstacle", "place", "extra"),
    [
        (LONG_TEXT, "Aula", "Persiapan kurban"),
        (LONG_WORD, LONG_WORD, LONG_WORD),
        (LONG_TEXT + LONG_WORD, LONG_TEXT, LONG_TEXT),
    ],
)
def test_long_text_wraps_or_is_shortened_in_the_pdf(font, obstacle, place, extra):
    data = mp.render_pdf(long_agenda(obstacle, place, extra), font_dir=font)
    text = " ".join(pdf_pages(data))
    assert "Kotak infaq" in text or "evil.example" in text
    assert len(pdf_pages(data)) < 30
    if len(obstacle) > mp.PDF_TEXT_LIMIT:
        assert "…" in text or "..." in text


def test_a_pack_that_cannot_be_built_says_why(agenda, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(mp, "render_pdf", broken)
    data = mp.render_pdf_safe(agenda)
    text = " ".join(pdf_pages(data))
    assert "tidak bisa dibuat" in text and "Markdown" in text
    assert "tidak bisa dibuat" in mp.last_failure(agenda)
    monkeypatch.undo()
    mp.render_pdf_safe(agenda, font_dir=None)
    assert mp.last_failure(agenda) is None


def test_rapat_page_tells_the_last_pdf_failure(monkeypatch):
    from conftest import ROOT
    from streamlit.testing.v1 import AppTest

    monkeypatch.setattr(mp, "last_failure", lambda agenda: "PDF bahan rapat tidak bisa dibuat")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/rapat.py").run()
    assert any("tidak bisa dibuat" in e.value for e in at.error)
