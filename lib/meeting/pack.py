"""The meeting pack (bahan rapat): PDF, Markdown and WhatsApp text of one Agenda.

All three render the same lib.meeting.agenda model (the PDF and the Markdown lay
out lib.meeting.slides.item_blocks), so the pack says what the Rapat page says. Sheet text
is inert in each: the PDF writes plain text (no markup), the Markdown escapes
it with lib.views.fmt.md_escape, and the WhatsApp text replaces the characters
WhatsApp formats with (`*`, `_`, `~`, backtick) by look-alikes.

Sheet text is bounded in the PDF: a text longer than PDF_TEXT_LIMIT (a table
cell: PDF_CELL_LIMIT) is shortened with "…", and an unbroken run (a long URL)
gets a break every PDF_RUN characters, so every line wraps and every table row
fits on a page. Should a pack still fail, `render_pdf_safe` returns a short PDF
that says why in Indonesian and remembers the reason for the Rapat page.

PDF font: DejaVu Sans (Unicode: `–`, `·`, `≥`) from the first folder of
FONT_DIRS that has it; Debian and Ubuntu ship it as fonts-dejavu-core, which
.ci/run installs. Without it the core Helvetica font is used and text is
transliterated to Latin-1, so the pack still prints.

    python -m lib.meeting_pack --tanggal 2024-10-05 OUT.pdf
"""

from __future__ import annotations

import logging
import os
import re
import threading
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import assert_never

import pandas as pd
from fpdf import FPDF
from fpdf.fonts import FontFace

from lib.data.contract import DEFAULT_ORGANISATION
from lib.data.dataset import SourceInfo
from lib.meeting import agenda as ag
from lib.meeting import slides
from lib.views.fmt import (
    MISSING,
    clock_time,
    datetime_label,
    is_missing,
    month_amount,
    number,
    percent,
    rupiah,
    ytd_label,
)
from lib.views.pillar_tables import covered_label

log = logging.getLogger(__name__)
PDF_TEXT_LIMIT = 1500  # characters of one paragraph or heading
PDF_CELL_LIMIT = 400  # characters of one table cell: a row must fit on a page
PDF_LINE_LIMIT = 110  # one-line header and footer texts
PDF_RUN = 30  # longest run without a break opportunity
_LONG_RUN = re.compile(rf"\S{{{PDF_RUN + 1},}}")

TITLE = "Rapat Koordinasi {name}"  # {name}: the district (lib.data.config.organisation_name)
PACK_TITLE = "Bahan Rapat Koordinasi {name}"

FONT_DIRS = (
    os.environ.get("LAZISMU_FONT_DIR", ""),
    "/usr/share/fonts/truetype/dejavu",  # Debian, Ubuntu (fonts-dejavu-core)
    "/usr/share/fonts/dejavu",  # Fedora, Arch
    "/usr/share/fonts/TTF",
    "/Library/Fonts",
)
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
CELL_PAD = 1.2  # mm left and right inside a table cell


def source_line(source: SourceInfo) -> str:
    """`Sumber: File contoh sample.xlsx · dibaca 27 Nov 2026 21:40 WIB`."""
    kind = source.kind_label
    line = f"Sumber: {kind} {source.label} · dibaca {datetime_label(source.read_at)}"
    return line + (" · data contoh (fiktif)" if source.is_sample else "")


# ---------------------------------------------------------------- Markdown

# A Markdown file needs far less escaping than st.markdown (no `:emoji:` or
# `:color[...]` directives): only what would format, link or break a table.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_MD_LINE_START = re.compile(r"^(#|>|[-+*=]\s|\d+[.)]\s)")


def md_text(text: object) -> str:
    """Sheet text made inert for the Markdown pack, on one line: `Sumber: x (fiktif)`
    stays as written, `*tebal*` and `|` do not format or break a table."""
    line = " ".join(str(text).split())
    line = _MD_INLINE.sub(r"\\\1", line)
    return "\\" + line if _MD_LINE_START.match(line) else line


def _md_table(df: pd.DataFrame) -> list[str]:
    headers = [md_text(c) for c in df.columns]
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for row in df.itertuples(index=False):
        lines.append("| " + " | ".join(md_text(v) for v in row) + " |")
    return lines


def _md_block(block: slides.Block) -> list[str]:
    if isinstance(block, slides.Facts):
        lines = [f"**{md_text(block.title)}**", ""] if block.title else []
        return lines + [f"- {md_text(k)}: {md_text(v)}" for k, v in block.pairs] + [""]
    if isinstance(block, slides.Table):
        return [f"**{md_text(block.title)}**", "", *_md_table(block.frame), ""]
    if isinstance(block, slides.Bullets):
        return [
            f"**{md_text(block.title)}**",
            "",
            *[f"- {md_text(x)}" for x in block.lines],
            "",
        ]
    if isinstance(block, slides.Bars):
        lines = [f"**{md_text(block.title)}**", ""]
        return (
            lines + [f"- {md_text(label)}: {md_text(text)}" for label, _, text in block.bars] + [""]
        )
    if isinstance(block, slides.Text):
        return [md_text(block.text), ""]
    assert_never(block)


def render_markdown(agenda: ag.Agenda, name: str = DEFAULT_ORGANISATION) -> str:
    """The pack as Markdown: the agenda table, then one section per item."""
    lines = [
        f"# {md_text(TITLE.format(name=name))}",
        "",
        f"**{agenda.long_date}** · {md_text(agenda.place or MISSING)}  ",
        f"Periode laporan: {agenda.period_label}  ",
        md_text(source_line(agenda.source)),
        "",
        "## Agenda",
        "",
        *_md_table(slides.format_table(agenda.schedule())),
        "",
    ]
    for n, item in enumerate(agenda.items, start=1):
        times = f"{clock_time(item.start)}–{clock_time(item.end)}"
        lines += [f"## {n}. {md_text(item.title)} ({times})", ""]
        for block in slides.item_blocks(agenda, item):
            lines += _md_block(block)
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------- WhatsApp

# WhatsApp formats *bold*, _italic_, ~strike~, `code` and ```mono```; sheet text
# gets look-alike characters instead, so it shows as typed and never formats.
_WA_SAFE = str.maketrans({"*": "∗", "_": "ˍ", "~": "∼", "`": "ˋ"})


def wa_text(text: object) -> str:
    """Sheet text for WhatsApp: one line, no formatting characters."""
    return " ".join(str(text).split()).translate(_WA_SAFE)


def render_whatsapp(agenda: ag.Agenda, name: str = DEFAULT_ORGANISATION) -> str:
    """A short summary to paste into the board's WhatsApp group: one block per office."""
    period = agenda.period
    ytd = ytd_label(period.year, period.month)
    lines = [
        f"*{wa_text(TITLE.format(name=name))}*",
        f"{agenda.long_date}, {clock_time(agenda.start_time)} WIB",
    ]
    if agenda.place:
        lines.append(f"Tempat: {wa_text(agenda.place)}")
    lines += [f"Periode laporan: {agenda.period_label}"]
    lines += _wa_district(agenda)
    lines += ["", "*Agenda*"]
    for item in agenda.items:
        lines.append(f"{clock_time(item.start)} {wa_text(item.title)}")

    reports = agenda.items_of(ag.REPORT)
    if reports:
        lines += ["", f"*Laporan KLL, {agenda.period_label}*"]
    for item in reports:
        lines += ["", f"*{wa_text(item.office)}*"]
        f = item.body.get("figures") or {}
        if not f:
            lines.append(f"Belum ada angka untuk {agenda.period_label}.")
            continue
        lines.append(
            f"Penghimpunan: {month_amount(f.get('collection_month'), f.get('reported'))} "
            f"(bulan lalu {slides.previous_month_amount(f, period)})"
        )
        lines.append(
            f"Penghimpunan {ytd}: {rupiah(f.get('collection_ytd'))} · "
            f"penyaluran: {rupiah(f.get('distribution_ytd'))} · "
            f"penerima manfaat: {number(f.get('beneficiaries_ytd'))}"
        )
        lines.append(
            f"Pilar tercakup: {covered_label(item.body.get('covered', 0))} · "
            f"laporan {agenda.period_label}: {slides.report_word(f).lower()}"
        )
        target = percent(f.get("pct_target"))
        if is_missing(f.get("pct_target")):
            target = str(f.get("pace_status") or MISSING)
        else:
            target += f", seharusnya {percent(f.get('pace'))} ({f.get('pace_status')})"
        lines.append(f"Capaian target {period.year}: {target}")
        lines.append(
            f"Program berjalan: {number(f.get('programs_running'))} · "
            f"kendala terbuka: {number(f.get('open_obstacles'))}"
        )
        obstacles = item.body.get("obstacles")
        for row in _rows(obstacles, ["Kendala"]):
            lines.append(f"- Kendala baru: {wa_text(row[0])}")

    new = agenda.items_of(ag.INTRODUCTION)
    if new:
        lines += ["", "*KLL baru*"]
    for item in new:
        kec = item.body.get("kecamatan")
        lines += ["", f"*{wa_text(item.office)}*" + (f" ({wa_text(kec)})" if kec else "")]
        planned = [
            f"{wa_text(p)} ({wa_text(pl)})"
            for p, pl in _rows(item.body.get("planned"), ["Program", "Pilar"])
        ]
        lines.append("Rencana: " + ("; ".join(planned) if planned else "belum ada di sheet"))

    for item in agenda.items_of(ag.OBSTACLES):
        count = item.body.get("count") or 0
        lines += ["", f"*Kendala terbuka: {number(count)}*"]
        for name, df in (item.body.get("groups") or {}).items():
            for when, office, text in _rows(df, ["Bulan", "Kantor", "Kendala"]):
                lines.append(f"- {wa_text(name)}, {wa_text(office)} ({when}): {wa_text(text)}")

    extras = agenda.items_of(ag.EXTRA)
    if extras:
        lines += ["", "*Agenda tambahan*"]
        lines += [f"- {wa_text(i.body.get('text', ''))}" for i in extras]
    lines += ["", wa_text(source_line(agenda.source))]
    return "\n".join(lines)


def _wa_district(agenda: ag.Agenda) -> list[str]:
    """The district's month, year to date against the target pace, and who has not reported."""
    opening = agenda.items_of(ag.OPENING)
    overview = opening[0].body.get("overview") if opening else None
    if not overview:
        return []
    s = overview["summary"]
    period = agenda.period
    ytd = ytd_label(period.year, period.month)
    lines = [
        "",
        f"*Kabupaten, {agenda.period_label}*",
        f"Penghimpunan {agenda.period_label}: {rupiah(s.collection_month)}",
        f"Penghimpunan {ytd}: {rupiah(s.collection_ytd)}",
    ]
    pace = overview.get("pace_amount")
    if s.pct_target is not None and not is_missing(pace):
        lines.append(
            f"Capaian target {period.year}: {percent(s.pct_target)} dari "
            f"{rupiah(s.target_total)}; laju target s.d. {agenda.period_label} "
            f"{rupiah(round(pace))}"
        )
    else:
        lines.append(f"Target {period.year} belum diisi.")
    late = overview.get("not_reported") or []
    if late:
        lines.append(f"Belum lapor {agenda.period_label}: {', '.join(wa_text(o) for o in late)}")
    else:
        lines.append(f"Semua kantor sudah lapor {agenda.period_label}.")
    return lines


def _rows(df: pd.DataFrame | None, columns: list[str]) -> list[tuple]:
    if df is None or not len(df) or any(c not in df for c in columns):
        return []
    return list(df[columns].itertuples(index=False, name=None))


# ---------------------------------------------------------------- PDF

_LATIN1 = str.maketrans(
    {"–": "-", "—": "-", "…": "...", "‘": "'", "’": "'", "“": '"', "”": '"', "•": "-", "≥": ">="}
)


def latin1(text: str) -> str:
    """Text the core Helvetica font can print: look-alikes, accents kept, the rest `?`."""
    text = str(text).translate(_LATIN1)
    out = []
    for ch in text:
        if ord(ch) < 256:
            out.append(ch)
            continue
        base = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
        out.append(base or "?")
    return "".join(out)


def find_font_dir(dirs: Iterable[str] = FONT_DIRS) -> Path | None:
    for d in dirs:
        if d and all((Path(d) / f).is_file() for f in FONT_FILES.values()):
            return Path(d)
    return None


class _Pack(FPDF):
    """A4 portrait with the pack's header and footer on every page."""

    def __init__(self, agenda: ag.Agenda, font_dir: Path | None, name: str):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.agenda = agenda
        self.pack_title = PACK_TITLE.format(name=name)
        self.unicode = font_dir is not None
        if font_dir is not None:
            for style, name in FONT_FILES.items():
                self.add_font("DejaVu", style, str(font_dir / name))
            self.family = "DejaVu"
        else:
            self.family = "Helvetica"
        self.set_auto_page_break(True, margin=18)
        self.set_margins(15, 18, 15)
        self.set_title(f"{self.pack_title}, {agenda.long_date}")
        self.set_creator(f"Dasbor Rakor {name}")

    def t(self, text: object, limit: int = PDF_TEXT_LIMIT) -> str:
        text = bounded(text, limit)
        return text if self.unicode else latin1(text)

    def font(self, size: float, bold: bool = False) -> None:
        self.set_font(self.family, "B" if bold else "", size)

    def header(self) -> None:
        self.font(8)
        self.set_text_color(90, 90, 90)
        self.set_y(8)
        self.cell(
            0, 5, self.t(f"{self.pack_title} · {self.agenda.long_date}", PDF_LINE_LIMIT), align="L"
        )
        self.set_x(self.l_margin)
        self.cell(0, 5, self.t(f"Periode {self.agenda.period_label}"), align="R")
        self.set_draw_color(200, 200, 200)
        self.line(self.l_margin, 14, self.w - self.r_margin, 14)
        self.set_text_color(0, 0, 0)
        self.set_y(18)

    def footer(self) -> None:
        self.set_y(-13)
        self.font(7.5)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, self.t(source_line(self.agenda.source), PDF_LINE_LIMIT), align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, self.t(f"Halaman {self.page_no()}/{{nb}}"), align="R")
        self.set_text_color(0, 0, 0)

    # -------- building blocks

    def heading(self, text: str, size: float = 15) -> None:
        self.font(size, bold=True)
        self.multi_cell(0, size * 0.5, self.t(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def subheading(self, text: str) -> None:
        self.ensure_space(14)
        self.font(10.5, bold=True)
        self.multi_cell(0, 6, self.t(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def paragraph(self, text: str) -> None:
        self.font(10)
        self.multi_cell(0, 5, self.t(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def ensure_space(self, mm: float) -> None:
        if self.get_y() + mm > self.h - self.b_margin:
            self.add_page()

    def frame_table(self, df: pd.DataFrame, size: float = 8.5) -> None:
        """A table whose columns are sized to their content (fit_widths): no word or
        amount is split across lines; long text wraps between words."""
        size, widths = self.fit_widths(df, size)
        self.font(size)
        heading = FontFace(emphasis="BOLD", fill_color=(230, 236, 230))
        with super().table(
            col_widths=widths,
            width=min(sum(widths), self.epw),
            align="LEFT",
            headings_style=heading,
            line_height=size * 0.5,
            text_align="LEFT",
            borders_layout="HORIZONTAL_LINES",
            first_row_as_headings=True,
            padding=(0.6, CELL_PAD),
        ) as table:
            table.row([self.t(c, PDF_CELL_LIMIT) for c in df.columns])
            for values in df.itertuples(index=False):
                table.row([self.t(v, PDF_CELL_LIMIT) for v in values])
        self.ln(3)

    def text_width(self, text: str, size: float, bold: bool = False) -> float:
        self.font(size, bold)
        return self.get_string_width(self.t(text))

    def fit_widths(
        self, df: pd.DataFrame, size: float, headings: bool = True, bold: tuple[int, ...] = ()
    ) -> tuple[float, list[float]]:
        """(font size, column widths in mm) so that each column holds its longest word
        (an amount is one word) and, room allowing, its longest text on one line.

        Each column first gets its longest word; what is left of the line goes to
        the columns whose texts would otherwise wrap, in proportion to what they
        lack. When even the words do not fit, the type shrinks (down to 6.5 pt);
        a single word wider than half the line is the only thing ever broken.
        """
        room = self.epw - 0.01
        pad = 2 * CELL_PAD + 0.8
        while True:
            words, whole = [], []
            for i, col in enumerate(df.columns):
                texts = [(str(v), i in bold) for v in df[col]]
                if headings:
                    texts.append((str(col), True))
                word = max(
                    (self.text_width(w, size, b) for t, b in texts for w in t.split()), default=0
                )
                full = max((self.text_width(t, size, b) for t, b in texts), default=0)
                words.append(min(word, room / 2) + pad)
                whole.append(max(full + pad, words[-1]))
            if sum(words) <= room or size <= 6.5:
                break
            size -= 0.5
        if sum(whole) <= room:
            return size, whole
        spare = max(room - sum(words), 0.0)
        lack = [w - m for w, m in zip(whole, words, strict=True)]
        total = sum(lack) or 1.0
        return size, [m + spare * x / total for m, x in zip(words, lack, strict=True)]

    def facts(self, pairs: Iterable[tuple[str, str]]) -> None:
        df = pd.DataFrame(list(pairs), columns=["", " "])
        size, widths = self.fit_widths(df, 9.5, headings=False, bold=(1,))
        self.font(size)
        with super().table(
            col_widths=widths,
            width=min(sum(widths), self.epw),
            align="LEFT",
            line_height=5,
            text_align="LEFT",
            borders_layout="NONE",
            first_row_as_headings=False,
            padding=(0.3, CELL_PAD),
        ) as table:
            for label, value in df.itertuples(index=False):
                row = table.row()
                row.cell(self.t(label, PDF_CELL_LIMIT), style=FontFace(color=(80, 80, 80)))
                row.cell(self.t(value, PDF_CELL_LIMIT), style=FontFace(emphasis="BOLD"))
        self.ln(3)

    def bars(self, block: slides.Bars) -> None:
        """Horizontal bars drawn with fpdf2 primitives (no plotting library needed)."""
        height = 8 * len(block.bars) + 4
        self.ensure_space(height + 10)
        self.subheading(block.title)
        top = self.get_y()
        label_w, value_w = 45, 35
        x0 = self.l_margin + label_w
        width = self.w - self.r_margin - x0 - value_w
        peak = max([b[1] for b in block.bars] + [1.0])
        self.font(9)
        for i, (label, value, text) in enumerate(block.bars):
            y = top + i * 8
            self.set_xy(self.l_margin, y)
            self.cell(label_w - 2, 6, self.t(label, 24), align="R")
            shade = (46, 125, 50) if i == len(block.bars) - 1 else (165, 214, 167)
            self.set_fill_color(*shade)
            bar = max(width * value / peak, 0.4) if value > 0 else 0.4
            self.rect(x0, y + 0.8, bar, 4.4, style="F")
            self.set_xy(x0 + bar + 2, y)
            self.cell(value_w, 6, self.t(text))
        self.set_fill_color(255, 255, 255)
        self.set_y(top + height)


def bounded(text: object, limit: int = PDF_TEXT_LIMIT) -> str:
    """Text that a PDF line can hold: at most `limit` characters (then "…"), and a
    space in every run longer than PDF_RUN, so that it wraps instead of failing."""
    text = "" if text is None else str(text)
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    if _LONG_RUN.search(text):
        text = _LONG_RUN.sub(
            lambda m: " ".join(
                m.group(0)[i : i + PDF_RUN] for i in range(0, len(m.group(0)), PDF_RUN)
            ),
            text,
        )
    return text


def _pdf_block(pdf: _Pack, block: slides.Block) -> None:
    if isinstance(block, slides.Facts):
        if block.title:
            pdf.subheading(block.title)
        pdf.facts(block.pairs)
    elif isinstance(block, slides.Table):
        pdf.subheading(block.title)
        pdf.frame_table(block.frame)
    elif isinstance(block, slides.Bullets):
        pdf.subheading(block.title)
        for line in block.lines:
            pdf.paragraph(f"• {line}")
    elif isinstance(block, slides.Bars):
        pdf.bars(block)
    elif isinstance(block, slides.Text):
        pdf.paragraph(block.text)


# Items that start a new page: each office, the obstacles; the rest follow on.
_OWN_PAGE = {ag.PILLARS, ag.REPORT, ag.INTRODUCTION, ag.OBSTACLES}


def render_pdf(
    agenda: ag.Agenda, font_dir: Path | None | str = "auto", name: str = DEFAULT_ORGANISATION
) -> bytes:
    """The bahan rapat: agenda first, then one page per office, source and time on every page.

    `font_dir` "auto" looks in FONT_DIRS; None forces the core font (tests).
    `name` is the district's (lib.data.config.organisation_name).
    """
    directory = find_font_dir() if font_dir == "auto" else (Path(font_dir) if font_dir else None)
    pdf = _Pack(agenda, directory, name)
    pdf.add_page()
    pdf.heading(pdf.pack_title, size=17)
    pdf.facts(
        [
            ("Tanggal", agenda.long_date),
            ("Tempat", agenda.place or MISSING),
            ("Periode laporan", agenda.period_label),
            ("Waktu", f"{clock_time(agenda.start_time)}–{clock_time(agenda.end_time)} WIB"),
        ]
    )
    pdf.subheading("Agenda")
    pdf.frame_table(slides.format_table(agenda.schedule()), size=9.5)
    for n, item in enumerate(agenda.items, start=1):
        if item.kind == ag.OPENING:  # date, place and agenda are on the first page already
            pdf.ln(2)
            if item.body.get("notes"):
                pdf.paragraph(f"Catatan: {item.body['notes']}")
            if item.body.get("overview"):
                for block in slides.overview_blocks(agenda.period, item.body["overview"]):
                    _pdf_block(pdf, block)
            continue
        if item.kind in _OWN_PAGE:
            pdf.add_page()
        else:
            pdf.ensure_space(40)
            pdf.ln(4)
        times = f"{clock_time(item.start)}–{clock_time(item.end)}"
        pdf.heading(f"{n}. {item.title}")
        pdf.font(9)
        pdf.set_text_color(90, 90, 90)
        pdf.cell(
            0, 5, pdf.t(f"Pukul {times} · {item.duration_min} menit"), new_x="LMARGIN", new_y="NEXT"
        )
        pdf.set_text_color(0, 0, 0)
        pdf.ln(2)
        for block in slides.item_blocks(agenda, item):
            _pdf_block(pdf, block)
    return bytes(pdf.output())


_failures: dict[tuple[str, str], str] = {}
_failures_lock = threading.Lock()


def _pack_key(agenda: ag.Agenda) -> tuple[str, str]:
    return (agenda.long_date, agenda.source.label)


def last_failure(agenda: ag.Agenda) -> str | None:
    """Why the last PDF of this meeting could not be built, if it could not (Indonesian)."""
    with _failures_lock:
        return _failures.get(_pack_key(agenda))


def failure_pdf(reason: str) -> bytes:
    """A one-page PDF that says, in Indonesian, why the real one could not be built."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, latin1(reason))
    return bytes(pdf.output())


def render_pdf_safe(
    agenda: ag.Agenda, font_dir: Path | None | str = "auto", name: str = DEFAULT_ORGANISATION
) -> bytes:
    """render_pdf, or a one-page PDF saying in Indonesian why the pack could not be built.

    The download button builds the PDF on another thread, where nothing can be
    shown on the page: the reason is also kept for `last_failure`, which the Rapat
    page shows on its next run.
    """
    try:
        data = render_pdf(agenda, font_dir, name=name)
    except Exception as exc:  # any failure: the secretary needs a file and a reason
        log.exception("meeting pack PDF failed")
        reason = (
            f"PDF bahan rapat {agenda.long_date} tidak bisa dibuat ({type(exc).__name__}). "
            "Unduh versi Markdown sebagai gantinya, atau periksa teks yang sangat panjang "
            "di tab Kendala dan Rapat (Tempat, Agenda Tambahan), lalu coba lagi."
        )
        with _failures_lock:
            _failures[_pack_key(agenda)] = reason
        return failure_pdf(reason)
    with _failures_lock:
        _failures.pop(_pack_key(agenda), None)
    return data


# ---------------------------------------------------------------- command line
