"""The PDF pack as printed: pages rendered to images (pdftoppm) and every word read back
(pdftotext -bbox) must be a whole word the pack wrote: no table cell breaks inside
a word or an amount ("Rp58.790.0 / 00", "Berjala / n").

poppler-utils (pdftoppm, pdftotext) is installed by .ci/run; without it these
tests skip, except in CI where it is required.
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pandas as pd
import pypdf
import pytest
from agenda_fixture import agenda_dataset
from fpdf import FPDF
from fpdf.fonts import FontFace

from lib.meeting import agenda as ag
from lib.meeting import pack as mp
from lib.meeting import slides

WORD = re.compile(r"<word [^>]*>(.*?)</word>")


@pytest.fixture(autouse=True)
def poppler():
    if shutil.which("pdftoppm") and shutil.which("pdftotext"):
        return
    import os

    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail("poppler-utils (pdftoppm, pdftotext) is required in CI")
    pytest.skip("poppler-utils not installed (apt-get install poppler-utils)")


def words_per_page(pdf: bytes, tmp: Path) -> list[list[str]]:
    path = tmp / "pack.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = out.split("<page ")[1:]
    return [[html.unescape(w) for w in WORD.findall(p)] for p in pages]


def render_pages(pdf: bytes, tmp: Path) -> list[Path]:
    path = tmp / "render.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(tmp / "pg")], check=True)
    return sorted(tmp.glob("pg-*.png"))


def written_words(agenda: ag.Agenda) -> set[str]:
    """Every word the pack writes: block texts, titles, headers and footers."""
    texts: list[str] = [
        mp.PACK_TITLE.format(name=mp.DEFAULT_ORGANISATION),
        mp.TITLE.format(name=mp.DEFAULT_ORGANISATION),
        agenda.long_date,
        agenda.period_label,
        agenda.place,
        f"Periode {agenda.period_label}",
        mp.source_line(agenda.source),
        "Tanggal Tempat Periode laporan Waktu WIB Agenda Halaman Pukul menit Catatan: •",
        f"{agenda.start_time:%H.%M}–{agenda.end_time:%H.%M}",
    ]
    schedule = slides.format_table(agenda.schedule())
    texts += list(schedule.columns) + [str(v) for v in schedule.to_numpy().ravel()]
    for n, item in enumerate(agenda.items, start=1):
        texts += [f"{n}. {item.title}", f"{item.start:%H.%M}–{item.end:%H.%M}"]
        texts.append(str(item.duration_min))
        texts.append(str(item.body.get("notes") or ""))
        blocks = slides.item_blocks(agenda, item)
        for block in blocks:
            texts.append(getattr(block, "title", ""))
            if isinstance(block, slides.Facts):
                texts += [x for pair in block.pairs for x in pair]
            elif isinstance(block, slides.Table):
                texts += [str(c) for c in block.frame.columns]
                texts += [str(v) for v in block.frame.to_numpy().ravel()]
            elif isinstance(block, slides.Bullets):
                texts += list(block.lines)
            elif isinstance(block, slides.Text):
                texts.append(block.text)
            elif isinstance(block, slides.Bars):
                texts += [b[0] for b in block.bars] + [b[2] for b in block.bars]
    return {w for t in texts for w in str(t).split()}


def broken_words(pdf: bytes, agenda: ag.Agenda, tmp: Path) -> list[str]:
    allowed = written_words(agenda)
    pages = words_per_page(pdf, tmp)
    n = len(pages)
    allowed |= {f"{i}/{n}" for i in range(1, n + 1)}
    return [w for page in pages for w in page if w not in allowed]


@pytest.fixture
def fixture_agenda() -> ag.Agenda:
    ds = agenda_dataset()
    meeting, _ = ag.choose_meeting(ds, date(2024, 5, 1))
    return ag.build_agenda(ds, meeting)


def test_sample_pack_renders_and_no_cell_breaks_a_word_or_amount(sample_agenda, tmp_path):
    pdf = mp.render_pdf(sample_agenda)
    n = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    images = render_pages(pdf, tmp_path)
    assert len(images) == n and all(p.stat().st_size > 1000 for p in images)
    assert broken_words(pdf, sample_agenda, tmp_path) == []
    text = " ".join(w for page in words_per_page(pdf, tmp_path) for w in page)
    for amount in ("Rp201.867.000", "Rp12.215.000", "Rp1.243.111.000"):
        assert amount in text.split()


def test_fixture_pack_with_sheet_text_keeps_words_whole(fixture_agenda, tmp_path):
    pdf = mp.render_pdf(fixture_agenda)
    assert broken_words(pdf, fixture_agenda, tmp_path) == []


def test_the_check_catches_a_split_amount(fixture_agenda, tmp_path):
    """The same check on a table squeezed by hand does find the split: it can fail."""
    pdf = mp._Pack(fixture_agenda, mp.find_font_dir(), mp.DEFAULT_ORGANISATION)
    pdf.add_page()
    pdf.font(10)
    squeezed = FPDF.table(pdf, col_widths=(12, 12), width=24, first_row_as_headings=False)
    with squeezed as table:
        row = table.row()
        row.cell("Rp58.790.000", style=FontFace())
        row.cell("Berjalan", style=FontFace())
    broken = broken_words(bytes(pdf.output()), fixture_agenda, tmp_path)
    assert broken and "Rp58.790.000" not in broken


def test_columns_are_sized_to_their_content(fixture_agenda):
    pdf = mp._Pack(fixture_agenda, mp.find_font_dir(), mp.DEFAULT_ORGANISATION)
    pdf.add_page()
    df = pd.DataFrame(
        {
            "No": ["1", "2"],
            "Kendala": ["kata " * 60, "pendek"],  # long text: wraps between words
            "Jumlah": ["Rp58.790.000", "Rp1.000"],
        }
    )
    size, widths = pdf.fit_widths(df, 8.5)
    assert size == 8.5 and sum(widths) <= pdf.epw
    amount = pdf.text_width("Rp58.790.000", size) + 2 * mp.CELL_PAD
    assert widths[2] >= amount  # the amount fits on one line
    assert widths[0] < widths[2] < widths[1]  # the long text gets the rest
