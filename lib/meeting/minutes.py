"""The notulen (minutes) of a held rakor, written from the sheet: PDF, Markdown, WhatsApp.

What it holds, in the order Indonesian minutes keep it: date, place and time;
a short narrative in the style of the district's meeting reports; the
attendance; the review of the previous meetings' follow-ups; each agenda item
with its key figures; the decisions taken, with person in charge and
deadline; what is still open; the next meeting; lines for the notulis and the
chair to sign.

Nothing is invented: the narrative is a fixed template filled only with
values from the sheet (tab Rapat, Kehadiran, Keputusan and the agenda model),
and a sentence whose values are missing is left out. Sheet text is inert in
every format, as in lib.meeting.pack (whose PDF class, font lookup and
escaping this module reuses).

    python -m lib.meeting_pack --tanggal 2024-10-05 --notulen OUT.pdf   (or OUT.md, OUT.txt)
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from lib.data.contract import DEFAULT_ORGANISATION
from lib.data.dataset import Dataset
from lib.figures import record
from lib.meeting import agenda as ag
from lib.meeting import pack, slides
from lib.views import record as rv
from lib.views.fmt import DAYS, MISSING, clock_time, is_missing, md_escape, number, percent, rupiah

TITLE = "Notulen Rapat Koordinasi {name}"  # {name}: the district (organisation_name)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Minutes:
    agenda: ag.Agenda
    attendance: pd.DataFrame  # record.attendance
    counts: dict[str, int]  # record.attendance_counts
    recorded: bool  # the meeting has a daftar hadir
    follow_ups: pd.DataFrame  # record.follow_ups: reviewed at this meeting
    decided: pd.DataFrame  # record.decided_at: taken at this meeting
    still_open: pd.DataFrame  # record.open_decisions on the meeting date, this one's included
    next_meeting: ag.Meeting | None

    @property
    def date(self) -> date:
        return self.agenda.date


def build_minutes(ds: Dataset, agenda: ag.Agenda) -> Minutes:
    when = agenda.date
    later = [m for m in ag.meetings(ds) if m.date > when]
    return Minutes(
        agenda=agenda,
        attendance=record.attendance(ds, when),
        counts=record.attendance_counts(ds, when),
        recorded=record.attendance_recorded(ds, when),
        follow_ups=record.follow_ups(ds, when),
        decided=record.decided_at(ds, when),
        still_open=record.open_decisions(ds, when),
        next_meeting=later[0] if later else None,
    )


# ---------------------------------------------------------------- narrative


def day_and_date(d: date) -> str:
    """`Sabtu (05/10/2024)`, as the seed report writes it."""
    return f"{DAYS[d.weekday()]} ({rv.numeric_date(d)})"


def narrative(minutes: Minutes) -> str:
    """The seed's opening paragraph, from a fixed template; a sentence without data is left out."""
    agenda = minutes.agenda
    df = minutes.attendance
    where = f" di {agenda.place}" if agenda.place else ""
    first = f"Rapat koordinasi dilaksanakan pada {day_and_date(agenda.date)}{where}"
    present = rv.offices_with(df, record.HADIR)
    sentences = []
    if minutes.recorded and present:
        sentences.append(
            f"{first}, dihadiri oleh {len(present)} kantor layanan yaitu {rv.join_names(present)}."
        )
    elif minutes.recorded:
        sentences.append(f"{first}; tidak ada kantor layanan yang tercatat hadir.")
    else:
        sentences.append(f"{first}. Daftar hadir rapat ini belum diisi di sheet.")
    if minutes.recorded:
        excused = rv.offices_with(df, record.IZIN)
        absent = rv.offices_with(df, record.TIDAK_HADIR)
        unknown = rv.offices_with(df, record.NOT_RECORDED)
        if excused:
            sentences.append(f"{rv.join_names(excused)} berhalangan hadir (izin).")
        if absent:
            sentences.append(f"{rv.join_names(absent)} tidak hadir.")
        if unknown:
            sentences.append(f"Kehadiran {rv.join_names(unknown)} belum dicatat.")

    topics = []
    if agenda.items_of(ag.REPORT):
        topics.append(
            f"perkembangan penghimpunan zakat dan infaq {agenda.period_label} di tiap-tiap "
            "kantor layanan"
        )
    if agenda.items_of(ag.PILLARS):
        topics.append("pilar-pilar program LAZISMU dan pemetaan program sesuai pilar")
    if agenda.items_of(ag.OBSTACLES):
        topics.append("kendala yang dialami tiap-tiap kantor layanan")
    if topics:
        listed = topics[0] if len(topics) == 1 else f"{', '.join(topics[:-1])} serta {topics[-1]}"
        sentences.append(f"Rapat membahas {listed}.")

    reviewed = minutes.follow_ups
    if len(reviewed):
        open_ = reviewed[reviewed["state"] == record.OPEN]
        done = len(reviewed) - len(open_)
        overdue = int(open_["overdue"].sum())
        text = (
            f"Dari rapat sebelumnya, {done} tindak lanjut telah selesai dan "
            f"{len(open_)} masih terbuka"
        )
        sentences.append(text + (f" ({overdue} melewati tenggat)." if overdue else "."))

    new = agenda.new_offices
    if new:
        names = " serta ".join(new) if len(new) == 2 else rv.join_names(new)
        sentences.append(
            f"Selain itu, dilakukan juga penyambutan bagi {rv.number_word(len(new))} KLL baru "
            f"yaitu {names}."
        )
    if len(minutes.decided):
        sentences.append(f"Rapat menghasilkan {len(minutes.decided)} keputusan.")
    nxt = minutes.next_meeting
    if nxt is not None:
        place = f" di {nxt.place}" if nxt.place else ""
        sentences.append(f"Rapat berikutnya dijadwalkan pada {day_and_date(nxt.date)}{place}.")
    return " ".join(sentences)


# ---------------------------------------------------------------- sections


Tables = tuple[tuple[str, pd.DataFrame], ...]  # (title or "", table of texts)


@dataclass(frozen=True)
class Section:
    """One heading of the notulen: a paragraph, tables and bullet lines, all plain text."""

    title: str
    texts: tuple[str, ...] = ()
    tables: Tables = ()
    lines: tuple[str, ...] = ()


REPORT_COLUMNS = [
    "Kantor",
    "Penghimpunan",
    "Capaian target",
    "Penyaluran s.d. bulan ini",
    "ACR",
    "Kendala terbuka",
]


def report_table(agenda: ag.Agenda) -> pd.DataFrame:
    """The key figures of each reporting office, one row each (office_progress figures)."""
    rows = []
    for item in agenda.items_of(ag.REPORT):
        f = item.body.get("figures") or {}
        rows.append(
            [
                str(item.office),
                rupiah(f.get("collection_month")) if f else MISSING,
                percent(f.get("pct_target")) if f else MISSING,
                rupiah(f.get("distribution_ytd")) if f else MISSING,
                percent(f.get("acr")) if f else MISSING,
                number(f.get("open_obstacles")) if f else MISSING,
            ]
        )
    return pd.DataFrame(rows, columns=REPORT_COLUMNS)


def discussion(agenda: ag.Agenda) -> list[Section]:
    """Pembahasan: each agenda item (offices' reports as one table) with its key figures."""
    out: list[Section] = []
    tables: Tables
    reports_done = False
    for item in agenda.items:
        body = item.body
        if item.kind == ag.OPENING:
            if body.get("notes"):
                out.append(Section(item.title, texts=(f"Catatan: {body['notes']}",)))
        elif item.kind == ag.PILLARS:
            gaps = body.get("gaps") or []
            text = (
                f"Pilar yang belum dijalankan kantor mana pun: {rv.join_names(gaps)}."
                if gaps
                else "Semua pilar sudah ada program yang berjalan."
            )
            tables = ()
            if body.get("summary") is not None and len(body["summary"]):
                title = f"Cakupan pilar, {body.get('label', '')}"
                tables = ((title, slides.format_table(body["summary"])),)
            out.append(Section(item.title, texts=(text,), tables=tables))
        elif item.kind == ag.REPORT and not reports_done:
            reports_done = True
            out.append(
                Section(
                    f"{ag.KIND_LABELS[ag.REPORT]}, {agenda.period_label}",
                    texts=(
                        "Penghimpunan dan capaian target bulan laporan; penyaluran sejak "
                        "Januari; ACR = penyaluran / penghimpunan.",
                    ),
                    tables=(("", report_table(agenda)),),
                )
            )
        elif item.kind == ag.INTRODUCTION:
            planned = body.get("planned")
            lines: tuple[str, ...] = ()
            if planned is not None and len(planned) and {"Program", "Pilar"} <= set(planned):
                lines = tuple(
                    f"{p} ({pl})"
                    for p, pl in zip(planned["Program"], planned["Pilar"], strict=True)
                )
            kec = f"Kecamatan {body['kecamatan']}" if body.get("kecamatan") else ""
            text = f"{item.office}{f' ({kec})' if kec else ''} memaparkan rencana programnya."
            if not lines:
                text += " Belum ada program berstatus Rencana di sheet."
            out.append(Section(item.title, texts=(text,), lines=lines))
        elif item.kind == ag.OBSTACLES:
            groups = body.get("groups") or {}
            count = int(body.get("count") or 0)
            if not groups:
                text = f"Tidak ada kendala yang masih terbuka sampai {agenda.period_label}."
                out.append(Section(item.title, texts=(text,)))
                continue
            tables = tuple(
                (f"Bidang {name}", slides.format_table(df)) for name, df in groups.items()
            )
            text = f"{count} kendala masih terbuka."
            out.append(Section(item.title, texts=(text,), tables=tables))
        elif item.kind == ag.EXTRA:
            out.append(Section(item.title, texts=(str(body.get("text", "")),)))
    return out


def sections(minutes: Minutes) -> list[Section]:
    """Every part of the notulen after the facts, in order, for every renderer."""
    agenda = minutes.agenda
    out = [Section("Ringkasan", texts=(narrative(minutes),))]
    line = rv.attendance_line(minutes.counts, minutes.recorded)
    if minutes.recorded:
        table = rv.attendance_table(minutes.attendance)
        out.append(Section("Daftar hadir", texts=(f"{line}.",), tables=(("", table),)))
    else:
        out.append(Section("Daftar hadir", texts=(f"{line} di tab Kehadiran.",)))
    if len(minutes.follow_ups):
        out.append(
            Section(
                "Tindak lanjut rapat lalu",
                tables=(("", rv.follow_up_table(minutes.follow_ups)),),
            )
        )
    else:
        out.append(
            Section("Tindak lanjut rapat lalu", texts=("Tidak ada tindak lanjut dari rapat lalu.",))
        )
    agenda_table = slides.format_table(agenda.schedule())
    out.append(Section("Agenda", tables=(("", agenda_table),)))
    for section in discussion(agenda):
        out.append(
            Section(f"Pembahasan: {section.title}", section.texts, section.tables, section.lines)
        )
    if len(minutes.decided):
        out.append(Section("Keputusan rapat", tables=(("", rv.decisions_table(minutes.decided)),)))
    else:
        out.append(Section("Keputusan rapat", texts=("Belum ada keputusan di tab Keputusan.",)))
    if len(minutes.still_open):
        out.append(
            Section(
                "Tindak lanjut yang masih terbuka",
                texts=(f"Per {day_and_date(minutes.date)}, termasuk keputusan rapat ini.",),
                tables=(("", rv.follow_up_table(minutes.still_open)),),
            )
        )
    nxt = minutes.next_meeting
    if nxt is None:
        out.append(Section("Rapat berikutnya", texts=("Belum dijadwalkan di tab Rapat.",)))
    else:
        place = f", {nxt.place}" if nxt.place else ""
        out.append(Section("Rapat berikutnya", texts=(f"{ag.long_date(nxt.date)}{place}.",)))
    return out


def facts(minutes: Minutes) -> list[tuple[str, str]]:
    agenda = minutes.agenda
    return [
        ("Hari, tanggal", agenda.long_date),
        ("Tempat", agenda.place or MISSING),
        ("Waktu", f"{clock_time(agenda.start_time)}–{clock_time(agenda.end_time)} WIB"),
        ("Periode laporan", agenda.period_label),
        ("Kehadiran", rv.attendance_line(minutes.counts, minutes.recorded)),
    ]


SIGNATURES = ("Notulis", "Pimpinan rapat")


# ---------------------------------------------------------------- Markdown


def render_markdown(minutes: Minutes, name: str = DEFAULT_ORGANISATION) -> str:
    lines = [f"# {md_escape(TITLE.format(name=name))}", ""]
    lines += [f"- {k}: {md_escape(v)}" for k, v in facts(minutes)]
    lines += ["", md_escape(pack.source_line(minutes.agenda.source)), ""]
    for section in sections(minutes):
        lines += [f"## {md_escape(section.title)}", ""]
        for text in section.texts:
            lines += [md_escape(text), ""]
        for title, df in section.tables:
            if title:
                lines += [f"**{md_escape(title)}**", ""]
            lines += [*pack._md_table(df), ""]
        if section.lines:
            lines += [f"- {md_escape(x)}" for x in section.lines] + [""]
    lines += ["## Pengesahan", ""]
    lines += [f"- {who}: ______________________" for who in SIGNATURES]
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------- WhatsApp


def render_whatsapp(minutes: Minutes, name: str = DEFAULT_ORGANISATION) -> str:
    """The narrative, the decisions and what is open, to paste into the board's group."""
    wa = pack.wa_text
    lines = [f"*{wa(TITLE.format(name=name))}*", wa(minutes.agenda.long_date)]
    if minutes.agenda.place:
        lines.append(f"Tempat: {wa(minutes.agenda.place)}")
    lines += ["", wa(narrative(minutes))]
    if len(minutes.decided):
        lines += ["", "*Keputusan*"]
        for n, r in enumerate(minutes.decided.to_dict("records"), start=1):
            lines.append(f"{n}. {wa(r['decision'])}{_who_and_when(r)}")
    open_before = minutes.follow_ups[minutes.follow_ups["state"] == record.OPEN]
    if len(open_before):
        lines += ["", "*Tindak lanjut rapat lalu yang masih terbuka*"]
        for r in open_before.to_dict("records"):
            late = f" ({rv.OVERDUE})" if r["overdue"] else ""
            lines.append(f"- {wa(r['decision'])}{_who_and_when(r)}{late}")
    nxt = minutes.next_meeting
    if nxt is not None:
        place = f", {wa(nxt.place)}" if nxt.place else ""
        lines += ["", f"Rapat berikutnya: {ag.long_date(nxt.date)}{place}"]
    lines += ["", wa(pack.source_line(minutes.agenda.source))]
    return "\n".join(lines)


def _who_and_when(r: dict) -> str:
    parts = []
    if r.get("responsible"):
        parts.append(f"PJ: {pack.wa_text(r['responsible'])}")
    if not is_missing(r.get("deadline")) and r.get("deadline") is not None:
        parts.append(f"tenggat {rv.short_date(r['deadline'])}")
    return f" ({'; '.join(parts)})" if parts else ""


# ---------------------------------------------------------------- PDF


class _Minutes(pack._Pack):
    """The pack's A4 page, headed as the notulen."""

    def __init__(self, minutes: Minutes, font_dir: Path | None, name: str):
        super().__init__(minutes.agenda, font_dir, name)
        self.title_text = TITLE.format(name=name)
        self.set_title(f"{self.title_text}, {minutes.agenda.long_date}")

    def header(self) -> None:
        self.font(8)
        self.set_text_color(90, 90, 90)
        self.set_y(8)
        self.cell(0, 5, self.t(f"{self.title_text} · {self.agenda.long_date}"), align="L")
        self.set_draw_color(200, 200, 200)
        self.line(self.l_margin, 14, self.w - self.r_margin, 14)
        self.set_text_color(0, 0, 0)
        self.set_y(18)


def render_pdf(
    minutes: Minutes, font_dir: Path | None | str = "auto", name: str = DEFAULT_ORGANISATION
) -> bytes:
    """The notulen on A4; `font_dir` as in lib.meeting.pack.render_pdf."""
    directory = (
        pack.find_font_dir() if font_dir == "auto" else (Path(font_dir) if font_dir else None)
    )
    pdf = _Minutes(minutes, directory, name)
    pdf.add_page()
    pdf.heading(pdf.title_text, size=17)
    pdf.facts(facts(minutes))
    for section in sections(minutes):
        pdf.subheading(section.title)
        for text in section.texts:
            pdf.paragraph(text)
        for title, df in section.tables:
            if title:
                pdf.font(9.5, bold=True)
                pdf.multi_cell(0, 5, pdf.t(title), new_x="LMARGIN", new_y="NEXT")
            pdf.frame_table(df)  # columns sized to their content
        for line in section.lines:
            pdf.paragraph(f"• {line}")
    pdf.ensure_space(40)
    pdf.subheading("Pengesahan")
    pdf.ln(4)
    width = (pdf.w - pdf.l_margin - pdf.r_margin) / len(SIGNATURES)
    pdf.font(10)
    top = pdf.get_y()
    for i, who in enumerate(SIGNATURES):
        x = pdf.l_margin + i * width
        pdf.set_xy(x, top)
        pdf.cell(width, 5, pdf.t(who), align="C")
        pdf.set_xy(x, top + 22)
        pdf.cell(width, 5, pdf.t("(______________________)"), align="C")
    return bytes(pdf.output())


def render_pdf_safe(
    minutes: Minutes, font_dir: Path | None | str = "auto", name: str = DEFAULT_ORGANISATION
) -> bytes:
    """render_pdf, or a one-page PDF saying why not (the download runs where no error shows)."""
    try:
        return render_pdf(minutes, font_dir, name)
    except Exception as exc:  # any failure: the secretary needs a file and a reason
        log.exception("notulen PDF failed")
        return pack.failure_pdf(
            f"PDF notulen {minutes.agenda.long_date} tidak bisa dibuat ({type(exc).__name__}). "
            "Unduh versi Markdown sebagai gantinya."
        )
