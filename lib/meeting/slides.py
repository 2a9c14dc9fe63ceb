"""What each agenda item shows, as a short list of blocks: the slide content.

The Rapat page, the projector, the PDF and the Markdown file all lay out these
blocks, so an item says the same thing everywhere. Text in blocks is plain text
(sheet text included): every renderer makes it inert in its own way. The
figures come from the agenda model (lib.meeting.agenda), which takes them from
lib.figures; here they are only labelled and formatted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from typing import Any

import pandas as pd

from lib.data.dataset import Dataset
from lib.figures import record
from lib.figures.memo import per_dataset
from lib.figures.period import Period
from lib.meeting.agenda import (
    CLOSING,
    DEFAULT_START,
    EXTRA,
    FOLLOW_UP,
    INTRODUCTION,
    OBSTACLES,
    OPENING,
    PILLARS,
    REPORT,
    Agenda,
    AgendaItem,
    Meeting,
    build_agenda,
)
from lib.views import record as record_views
from lib.views.fmt import (
    MISSING,
    clock_time,
    is_missing,
    long_date,
    month_label,
    number,
    percent,
    rupiah,
    short_date,
    ytd_label,
)
from lib.views.pillar_tables import covered_label

MONEY_HEADERS = {"Penyaluran"}
COUNT_HEADERS = {"Kantor", "Jumlah program", "Penerima manfaat", "Pilar tercakup"}
PERCENT_HEADERS = {"Porsi penyaluran"}


def format_table(df: pd.DataFrame) -> pd.DataFrame:
    """Every cell as Indonesian text (`Rp1.250.000`, `1.250`, `12,5%`, `–`), for tables in print.

    Columns are known by their Indonesian header; text columns stay as they
    are, missing values become `–`.
    """
    out = pd.DataFrame(index=df.index)
    for col in df.columns:
        values = df[col]
        numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
        if col in MONEY_HEADERS:
            texts = [rupiah(v) for v in values]
        elif col in PERCENT_HEADERS:
            texts = [percent(v) for v in values]
        elif col in COUNT_HEADERS and numeric:
            texts = [number(v) for v in values]
        else:
            texts = [MISSING if is_missing(v) or str(v).strip() == "" else str(v) for v in values]
        out[col] = pd.Series(texts, index=df.index, dtype=object)
    return out.reset_index(drop=True)


def key_figures(item: AgendaItem, period: Period) -> list[tuple[str, str]]:
    """(label, value) pairs of an office's figures (office_progress row), formatted once for all.

    Empty when the office has no row in office_progress.
    """
    f = item.body.get("figures") or {}
    if not f:
        return []
    month = month_label(period.year, period.month)
    prev = period.previous
    ytd = ytd_label(period.year, period.month)
    pace = f"{percent(f.get('pace'))} · {f.get('pace_status') or MISSING}"
    if is_missing(f.get("pct_target")):
        pace = str(f.get("pace_status") or MISSING)
    acr = percent(f.get("acr"))
    if not is_missing(f.get("acr")):
        acr += f" · {f.get('acr_band')}"
    return [
        (f"Penghimpunan {month}", rupiah(f.get("collection_month"))),
        (
            f"Penghimpunan {month_label(prev.year, prev.month)}",
            rupiah(f.get("collection_prev_month")),
        ),
        (f"Penghimpunan {ytd}", rupiah(f.get("collection_ytd"))),
        (f"Target {period.year}", rupiah(f.get("target"))),
        ("Capaian target", percent(f.get("pct_target"))),
        (f"Seharusnya s.d. {month}", pace),
        (f"Penyaluran {ytd}", rupiah(f.get("distribution_ytd"))),
        ("ACR (penyaluran/penghimpunan)", acr),
        (f"Penerima manfaat {ytd}", number(f.get("beneficiaries_ytd"))),
        (f"Donatur {month}", number(f.get("donors_month"))),
        (f"Program berjalan {month}", number(f.get("programs_running"))),
        ("Kendala terbuka", number(f.get("open_obstacles"))),
        ("Pilar tercakup", covered_label(item.body.get("covered", 0))),
        (f"Laporan {month}", report_word(f)),
    ]


def report_word(figures: Mapping[str, Any]) -> str:
    """`Sudah masuk` / `Belum masuk`: the office's collection row for the period month."""
    return "Sudah masuk" if figures.get("reported") else "Belum masuk"


# ---------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Facts:
    pairs: tuple[tuple[str, str], ...]
    title: str = ""


@dataclass(frozen=True)
class Table:
    title: str
    frame: pd.DataFrame  # every cell text (format_table)


@dataclass(frozen=True)
class Bullets:
    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Bars:
    """A small bar chart: (label, value, value as text) per bar; `target` draws a line."""

    title: str
    bars: tuple[tuple[str, float, str], ...]
    target: tuple[str, float] | None = None

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {"Bulan": [b[0] for b in self.bars], "Jumlah": [b[1] for b in self.bars]}
        )


Block = Facts | Table | Bullets | Text | Bars


def profile_facts(body: Mapping[str, Any]) -> Facts:
    founded = body.get("founded")
    return Facts(
        (
            ("Kecamatan", body.get("kecamatan") or MISSING),
            ("Berdiri", short_date(founded) if founded else MISSING),
            ("Koordinator", body.get("coordinator") or MISSING),
        ),
        title="Profil",
    )


def collection_bars(item: AgendaItem, period: Period) -> Bars | None:
    """The period month against the month before (office_progress figures)."""
    f = item.body.get("figures") or {}
    if not f:
        return None
    prev = period.previous
    values = [
        (month_label(prev.year, prev.month), f.get("collection_prev_month")),
        (month_label(period.year, period.month), f.get("collection_month")),
    ]
    bars = tuple((label, float(v or 0), rupiah(v)) for label, v in values)
    return Bars("Penghimpunan bulan ini dan bulan lalu", bars)


@per_dataset
def agenda_blocks(
    ds: Dataset, meeting: Meeting, start_time: time = DEFAULT_START, durations=None
) -> list[list[Block]]:
    """item_blocks of every item of build_agenda(...), computed once per dataset."""
    agenda = build_agenda(ds, meeting, start_time, durations)
    return [item_blocks(agenda, item) for item in agenda.items]


def item_blocks(agenda: Agenda, item: AgendaItem) -> list[Block]:
    """The content of one agenda item, for every renderer."""
    body = item.body
    period_text = agenda.period_label
    if item.kind == OPENING:
        blocks: list[Block] = [
            Facts(
                (
                    ("Tanggal", agenda.long_date),
                    ("Tempat", agenda.place or MISSING),
                    ("Periode laporan", period_text),
                    ("Waktu", f"{clock_time(agenda.start_time)}–{clock_time(agenda.end_time)}"),
                    *attendance_pairs(body),
                )
            ),
            Table("Susunan acara", format_table(agenda.schedule())),
        ]
        if body.get("notes"):
            blocks.append(Text(f"Catatan: {body['notes']}"))
        return blocks
    if item.kind == PILLARS:
        gaps = body.get("gaps") or []
        blocks = [Table(f"Cakupan pilar, {body.get('label', '')}", format_table(body["summary"]))]
        if gaps:
            blocks.append(Bullets("Pilar yang belum dijalankan kantor mana pun", tuple(gaps)))
        else:
            blocks.append(Text("Semua pilar sudah ada program yang berjalan."))
        blocks.append(Table("Pilar tercakup per kantor (dari 6)", format_table(body["covered"])))
        return blocks
    if item.kind == REPORT:
        figures = key_figures(item, agenda.period)
        blocks = [profile_facts(body)]
        if figures:
            blocks.append(Facts(tuple(figures), title="Angka utama"))
            bars = collection_bars(item, agenda.period)
            if bars is not None:
                blocks.append(bars)
        else:
            blocks.append(Text(f"Belum ada angka untuk {period_text}."))
        blocks.append(
            _table_or_text(
                f"Program per pilar, {ytd_label(agenda.period.year, agenda.period.month)}",
                body.get("programs"),
                "Belum ada program di sheet.",
            )
        )
        blocks.append(
            _table_or_text(
                f"Kendala yang diangkat {period_text}",
                body.get("obstacles"),
                "Tidak ada kendala baru.",
            )
        )
        return blocks
    if item.kind == INTRODUCTION:
        return [
            profile_facts(body),
            _table_or_text(
                "Rencana program",
                body.get("planned"),
                "Belum ada program berstatus Rencana di sheet.",
            ),
        ]
    if item.kind == OBSTACLES:
        groups = body.get("groups") or {}
        if not groups:
            return [Text(f"Tidak ada kendala yang masih terbuka sampai {period_text}.")]
        blocks = [Text(f"{number(body.get('count'))} kendala masih terbuka, terlama di atas.")]
        blocks += [Table(f"Bidang {name}", format_table(df)) for name, df in groups.items()]
        return blocks
    if item.kind == FOLLOW_UP:
        return follow_up_blocks(body.get("follow_ups"))
    if item.kind == EXTRA:
        return [Text(str(body.get("text", "")))]
    if item.kind == CLOSING:
        nxt = body.get("next_meeting")
        if nxt is None:
            return [Text("Rapat berikutnya belum dijadwalkan di tab Rapat.")]
        pairs = [("Rapat berikutnya", long_date(nxt.date))]
        if nxt.place:
            pairs.append(("Tempat", nxt.place))
        return [Facts(tuple(pairs))]
    return []


# ---------------------------------------------------------------- the meeting record

FOLLOW_UP_ROWS = 3  # table lines on the slide: more would not fit a 1280x720 projector


def attendance_pairs(body: Mapping[str, Any]) -> list[tuple[str, str]]:
    """`Kehadiran: Hadir 9 dari 9 KLL`, then who sent apologies, who stayed away and who is
    not recorded yet; nothing when the sheet has no tab Kehadiran."""
    df = body.get("attendance")
    if df is None:
        return []
    recorded = bool(body.get("recorded"))
    pairs = [("Kehadiran", record_views.attendance_line(body["counts"], recorded))]
    if not recorded:
        return pairs
    for label, status in (
        ("Izin", record.IZIN),
        ("Tidak hadir", record.TIDAK_HADIR),
        ("Belum dicatat", record.NOT_RECORDED),
    ):
        names = record_views.offices_with(df, status)
        if names:
            pairs.append((label, ", ".join(names)))
    return pairs


def follow_up_blocks(df: pd.DataFrame | None) -> list[Block]:
    """Earlier decisions still open (overdue first), then those done since the last
    meeting. At most FOLLOW_UP_ROWS lines, so the slide fits the projector: past that,
    the last line counts the rest (the Rapat page and the notulen list them all)."""
    if df is None or not len(df):
        return [Text("Tidak ada tindak lanjut dari rapat lalu.")]
    open_ = df[df["state"] == record.OPEN]
    overdue = int(open_["overdue"].sum())
    title = f"{len(open_)} masih terbuka"
    title += f" ({overdue} {record_views.OVERDUE})" if overdue else ""
    title += f", {len(df) - len(open_)} selesai sejak rapat lalu"
    shown = pd.concat(
        [open_[open_["overdue"]], open_[~open_["overdue"]], df[df["state"] == record.DONE]]
    )
    rows = FOLLOW_UP_ROWS if len(shown) <= FOLLOW_UP_ROWS else FOLLOW_UP_ROWS - 1
    table = record_views.follow_up_table(shown.head(rows), short=True)
    blocks: list[Block] = [Table(title, table)]
    if len(shown) > rows:
        hidden = shown.iloc[rows:]
        still = int((hidden["state"] == record.OPEN).sum())
        parts = [f"{still} terbuka"] if still else []
        parts += [f"{len(hidden) - still} selesai"] if len(hidden) > still else []
        blocks.append(
            Text(
                f"Dan {len(hidden)} lainnya ({', '.join(parts)}): daftar lengkap di halaman "
                "Rapat dan notulen."
            )
        )
    return blocks


def _table_or_text(title: str, df: pd.DataFrame | None, empty: str) -> Block:
    if df is None or not len(df):
        return Text(f"{title}: {empty}")
    return Table(title, format_table(df))
