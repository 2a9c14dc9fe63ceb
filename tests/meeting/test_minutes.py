"""The notulen: PDF (read back with pypdf), Markdown and WhatsApp of a held meeting."""

from __future__ import annotations

import io
from datetime import date

import pypdf
import pytest

from lib.data.config import source_config
from lib.data.dataset import RawBook, RawTable, SourceInfo
from lib.data.load import load_dataset
from lib.data.validate import validate
from lib.meeting import agenda as ag
from lib.meeting import minutes as mn
from lib.meeting.pack import md_text

RAKOR = date(2024, 10, 5)
PLACE = "Warung Parikaton, Kecamatan Pakis"
NINE = [
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


@pytest.fixture(scope="module")
def sample_ds():
    return load_dataset(source_config({}, {}))


@pytest.fixture(scope="module")
def minutes(sample_ds):
    meeting, _ = ag.choose_meeting(sample_ds, date(2024, 1, 1), RAKOR.isoformat())
    return mn.build_minutes(sample_ds, ag.build_agenda(sample_ds, meeting))


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return flat(" ".join(page.extract_text() for page in reader.pages))


def decisions_of_the_rakor(ds) -> list[tuple[str, str, str]]:
    """(decision, person in charge, deadline as `30 Nov 2024`) of 5 Oct 2024, from the sheet."""
    d = ds.decisions[ds.decisions["meeting_date"] == "2024-10-05"]
    assert len(d) >= 3
    short = {10: "Okt", 11: "Nov", 12: "Des", 1: "Jan"}
    return [
        (text, who, f"{when.day} {short[when.month]} {when.year}")
        for text, who, when in zip(d["decision"], d["responsible"], d["deadline"], strict=True)
    ]


def test_the_narrative_follows_the_seed(minutes):
    text = mn.narrative(minutes)
    assert text.startswith(
        "Rapat koordinasi dilaksanakan pada Sabtu (05/10/2024) di Warung Parikaton, "
        "Kecamatan Pakis, dihadiri oleh 9 kantor layanan yaitu KLL Gondanglegi, KLL Pagak, "
        "KLL Lawang, KLL Malangsuko, KLL Bululawang, KLL Pakis, KLL Wajak, KLL Singosari dan "
        "KLL Poncokusumo."
    )
    assert "penyambutan bagi dua KLL baru yaitu KLL Pagak serta KLL Singosari." in text
    assert "Rapat berikutnya dijadwalkan pada Sabtu (02/11/2024)" in text


@pytest.mark.parametrize("font", ["auto", None])
def test_pdf_names_place_offices_and_every_decision(sample_ds, minutes, font):
    text = pdf_text(mn.render_pdf(minutes, font_dir=font))
    assert "Notulen Rapat Koordinasi LAZISMU" in text
    assert PLACE in text and "Hadir 9 dari 9 KLL" in text
    for office in NINE:
        assert office in text
    for decision, who, deadline in decisions_of_the_rakor(sample_ds):
        # a table cell may wrap: look for the words in order
        assert flat(decision)[:25] in text, decision
        assert who.split(" (")[0] in text and deadline in text
    assert "Pengesahan" in text and "Notulis" in text


def test_markdown_names_place_offices_and_every_decision_in_its_row(sample_ds, minutes):
    md = mn.render_markdown(minutes)
    assert PLACE in md
    for office in NINE:
        assert f"| {office} |" in md
    rows = [line for line in md.splitlines() if line.startswith("| ")]
    for decision, who, deadline in decisions_of_the_rakor(sample_ds):
        found = [r for r in rows if md_text(decision) in r and md_text(who) in r and deadline in r]
        assert found, (decision, who, deadline)


def test_whatsapp_lists_decisions_with_person_and_deadline(sample_ds, minutes):
    text = mn.render_whatsapp(minutes)
    for decision, who, deadline in decisions_of_the_rakor(sample_ds):
        assert f"{decision} (PJ: {who}; tenggat {deadline})" in text
    assert "*" not in text.replace("*Notulen Rapat Koordinasi LAZISMU*", "").replace(
        "*Keputusan*", ""
    ).replace("*Tindak lanjut rapat lalu yang masih terbuka*", "")


def test_narrative_without_attendance_or_place_invents_nothing():
    rows = {
        "Kantor": [["Kantor", "Aktif"], ["KLL Pakis", "Ya"], ["KLL Wajak", "Ya"]],
        "Rapat": [["Tanggal", "Tempat"], ["05/10/2024", ""]],
    }
    ds = validate(
        RawBook(SourceInfo("workbook", "t.xlsx"), {k: RawTable(k, v) for k, v in rows.items()}),
        today=date(2024, 12, 1),
    )
    meeting = ag.meetings(ds)[0]
    m = mn.build_minutes(ds, ag.build_agenda(ds, meeting))
    text = mn.narrative(m)
    assert text.startswith("Rapat koordinasi dilaksanakan pada Sabtu (05/10/2024). Daftar hadir")
    assert " di " not in text.split(".")[0]
    assert "keputusan" not in text and "berikutnya" not in text
    md = mn.render_markdown(m)
    assert "Belum ada keputusan di tab Keputusan." in md
    assert "Belum dijadwalkan di tab Rapat." in md


def test_narrative_names_who_sent_apologies_and_who_is_not_recorded():
    rows = {
        "Kantor": [["Kantor", "Aktif"], ["KLL A", "Ya"], ["KLL B", "Ya"], ["KLL C", "Ya"]],
        "Rapat": [["Tanggal", "Tempat"], ["05/10/2024", "Aula"]],
        "Kehadiran": [
            ["Tanggal Rapat", "Kantor", "Perwakilan", "Status"],
            ["05/10/2024", "A", "", "Izin"],
            ["05/10/2024", "B", "Budi", ""],
        ],
    }
    ds = validate(
        RawBook(SourceInfo("workbook", "t.xlsx"), {k: RawTable(k, v) for k, v in rows.items()}),
        today=date(2024, 12, 1),
    )
    m = mn.build_minutes(ds, ag.build_agenda(ds, ag.meetings(ds)[0]))
    text = mn.narrative(m)
    assert "dihadiri oleh 1 kantor layanan yaitu KLL B." in text
    assert "KLL A berhalangan hadir (izin)." in text
    assert "Kehadiran KLL C belum dicatat." in text


def test_command_line_writes_the_notulen(tmp_path, capsys):
    from lib.cli import meeting_pack_main

    pdf, md = tmp_path / "notulen.pdf", tmp_path / "notulen.md"
    assert meeting_pack_main(["--tanggal", "2024-10-05", "--notulen", str(pdf)]) == 0
    assert PLACE in pdf_text(pdf.read_bytes())
    assert meeting_pack_main(["--tanggal", "2024-10-05", "--notulen", str(md)]) == 0
    assert md.read_text(encoding="utf-8").startswith("# Notulen Rapat Koordinasi LAZISMU")
    assert "Notulen rapat Sabtu, 5 Oktober 2024 ditulis ke" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        meeting_pack_main(["--tanggal", "2024-10-05"])  # nothing to write


def test_sheet_text_stays_inert_in_every_format():
    hostile = "Cek *tebal* _miring_ <b>x</b> [tautan](http://x) =1+1"
    rows = {
        "Kantor": [["Kantor", "Aktif"], ["KLL A", "Ya"]],
        "Rapat": [["Tanggal", "Tempat"], ["05/10/2024", "Aula <i>#1</i>"]],
        "Keputusan": [
            ["Tanggal Rapat", "Keputusan", "Penanggung Jawab"],
            ["05/10/2024", hostile, "Bu ~Siti~"],
        ],
    }
    ds = validate(
        RawBook(SourceInfo("workbook", "t.xlsx"), {k: RawTable(k, v) for k, v in rows.items()}),
        today=date(2024, 12, 1),
    )
    m = mn.build_minutes(ds, ag.build_agenda(ds, ag.meetings(ds)[0]))
    md = mn.render_markdown(m)
    assert md_text(hostile) in md and "[tautan](http" not in md and "<b>" not in md
    wa = mn.render_whatsapp(m)
    assert "*tebal*" not in wa and "~Siti~" not in wa and "∗tebal∗" in wa
    assert hostile in pdf_text(mn.render_pdf(m))  # the PDF prints it as typed


def test_a_failing_pdf_becomes_a_pdf_that_says_why(minutes, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(mn, "render_pdf", broken)
    text = pdf_text(mn.render_pdf_safe(minutes))
    assert "PDF notulen Sabtu, 5 Oktober 2024 tidak bisa dibuat (RuntimeError)" in text
    assert "Markdown" in text
