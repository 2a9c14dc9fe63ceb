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
from typing import Any, assert_never

import pandas as pd

from lib.data.dataset import Dataset
from lib.figures import record
from lib.figures.memo import per_dataset
from lib.figures.offices import exists_in
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
    month_amount,
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

    Empty when the office has no row in office_progress. A month the office has
    not reported reads `Belum lapor`, never Rp0 (fmt.month_amount).
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
        (f"Penghimpunan {month}", month_amount(f.get("collection_month"), f.get("reported"))),
        (
            f"Penghimpunan {month_label(prev.year, prev.month)}",
            previous_month_amount(f, period),
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


def headline_figures(item: AgendaItem, period: Period) -> list[tuple[str, str]]:
    """The eight figures a slide shows big: short labels (no truncation on a projector),
    short values (a band or a pace goes into the label, not the value)."""
    f = item.body.get("figures") or {}
    if not f:
        return []
    prev = period.previous
    ytd = ytd_label(period.year, period.month, short=True) + f" {period.year}"
    if period.month == 1:
        ytd = month_label(period.year, 1)
    target_label = "Capaian target"
    if not is_missing(f.get("pct_target")):
        target_label += f" (seharusnya {percent(f.get('pace'))})"
    acr_label = "ACR"
    if not is_missing(f.get("acr")):
        acr_label += f" · {f.get('acr_band')}"
    return [
        (
            f"Penghimpunan {month_label(period.year, period.month)}",
            month_amount(f.get("collection_month"), f.get("reported")),
        ),
        (
            f"Penghimpunan {month_label(prev.year, prev.month)}",
            previous_month_amount(f, period),
        ),
        (f"Penghimpunan {ytd}", rupiah(f.get("collection_ytd"))),
        (
            target_label,
            percent(f.get("pct_target")) if not is_missing(f.get("pct_target")) else "Tanpa target",
        ),
        (f"Penyaluran {ytd}", rupiah(f.get("distribution_ytd"))),
        (acr_label, percent(f.get("acr"))),
        (f"Penerima manfaat {ytd}", number(f.get("beneficiaries_ytd"))),
        ("Pilar tercakup", covered_label(item.body.get("covered", 0))),
    ]


def detail_figures(item: AgendaItem, period: Period) -> list[tuple[str, str]]:
    """key_figures that headline_figures does not show, for the table under them."""
    shown = {
        f"Penghimpunan {month_label(period.year, period.month)}",
        f"Penghimpunan {month_label(period.previous.year, period.previous.month)}",
        f"Penghimpunan {ytd_label(period.year, period.month)}",
        "Capaian target",
        "ACR (penyaluran/penghimpunan)",
        f"Penyaluran {ytd_label(period.year, period.month)}",
        f"Penerima manfaat {ytd_label(period.year, period.month)}",
        "Pilar tercakup",
    }
    return [(k, v) for k, v in key_figures(item, period) if k not in shown]


def previous_month_amount(figures: Mapping[str, Any], period: Period) -> str:
    """The month before: `Belum lapor` when the office existed then, `–` when it did not."""
    if not figures.get("reported_prev") and not exists_in(figures.get("founded"), period.previous):
        return MISSING
    return month_amount(figures.get("collection_prev_month"), figures.get("reported_prev"))


def report_word(figures: Mapping[str, Any]) -> str:
    """`Sudah masuk` / `Belum masuk`: the office's collection row for the period month."""
    return "Sudah masuk" if figures.get("reported") else "Belum masuk"


# ---------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Facts:
    """Label-value pairs; `big` ones are the key figures a projector shows large."""

    pairs: tuple[tuple[str, str], ...]
    title: str = ""
    big: bool = False
    per_row: int = 4  # big figures side by side on a slide (3 for billions)


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
            {
                "Bulan": [b[0] for b in self.bars],
                "Jumlah": [b[1] for b in self.bars],
                "Teks": [b[2] for b in self.bars],
            }
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


def profile_line(body: Mapping[str, Any]) -> str:
    """`Kecamatan Pagak · berdiri 14 Jun 2024 · koordinator Nur Hasanah`: the profile in a line."""
    founded = body.get("founded")
    parts = [
        f"Kecamatan {body.get('kecamatan') or MISSING}",
        f"berdiri {short_date(founded) if founded else MISSING}",
        f"koordinator {body.get('coordinator') or MISSING}",
    ]
    return "Profil: " + " · ".join(parts)


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
    texts = [previous_month_amount(f, period), month_amount(values[1][1], f.get("reported"))]
    bars = tuple(
        (label, 0.0 if v is None or is_missing(v) else float(v), text)
        for (label, v), text in zip(values, texts, strict=True)
    )
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
        ]
        if body.get("notes"):
            blocks.append(Text(f"Catatan: {body['notes']}"))
        if body.get("overview"):
            blocks += overview_blocks(agenda.period, body["overview"])
        blocks.append(Table("Susunan acara", format_table(agenda.schedule())))
        return blocks
    if item.kind == PILLARS:
        gaps = body.get("gaps") or []
        label = body.get("label", "")
        blocks = [Table(f"Cakupan pilar, {label}", format_table(body["summary"]))]
        if gaps:
            blocks.append(Bullets("Pilar yang belum dijalankan kantor mana pun", tuple(gaps)))
        else:
            blocks.append(Text("Semua pilar sudah ada program yang berjalan."))
        programs = body.get("programs")
        if programs is not None and len(programs):
            blocks.append(Table(f"Program per pilar, {label}", format_table(programs)))
        blocks.append(Table("Pilar tercakup per kantor (dari 6)", format_table(body["covered"])))
        return blocks
    if item.kind == REPORT:
        blocks = []
        headline = headline_figures(item, agenda.period)
        if headline:
            blocks.append(Facts(tuple(headline), title="Angka utama", big=True))
            bars = collection_bars(item, agenda.period)
            if bars is not None:
                blocks.append(bars)
            blocks.append(Facts(tuple(detail_figures(item, agenda.period)), title="Rincian"))
        else:
            blocks.append(Text(f"Belum ada angka untuk {period_text}."))
        blocks.append(Text(profile_line(body)))
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
        blocks = [Bullets("Bahan pembahasan", (str(body.get("text", "")),))]
        if body.get("notes"):
            blocks.append(Text(f"Catatan rapat: {body['notes']}"))
        blocks.append(Text("Catatan pembahasan dan keputusan dicatat notulis di notulen rapat."))
        return blocks
    if item.kind == CLOSING:
        return closing_blocks(agenda, body)
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


def overview_blocks(period: Period, overview: Mapping[str, Any]) -> list[Block]:
    """The opening overview: the district's month against the target pace, who has not
    reported, the offices ranked (agenda.overview_body)."""
    s = overview["summary"]
    month = month_label(period.year, period.month)
    ytd = ytd_label(period.year, period.month, short=True) + f" {period.year}"
    if period.month == 1:
        ytd = month
    pace_amount = overview.get("pace_amount")
    pace_label = "Laju target"
    if not is_missing(pace_amount) and s.target_total:
        pace_label += f" s.d. {month}"
    acr_label = "ACR" + (f" · {s.acr_band}" if s.acr is not None else "")
    target_label = f"Capaian target {period.year}"
    headline = (
        (f"Penghimpunan {month}", rupiah(s.collection_month)),
        (f"Penghimpunan {ytd}", rupiah(s.collection_ytd)),
        (
            pace_label,
            rupiah(round(pace_amount))
            if pace_amount is not None and not is_missing(pace_amount)
            else "Tanpa target",
        ),
        (target_label, percent(s.pct_target) if s.pct_target is not None else MISSING),
        (acr_label, percent(s.acr)),
        (
            f"Sudah lapor {month}",
            f"{number(s.offices_reported)} dari {number(s.offices_active)}",
        ),
    )
    blocks: list[Block] = [Facts(headline, title="Kabupaten", big=True, per_row=3)]
    late = overview.get("not_reported") or []
    if late:
        blocks.append(Text(f"Belum lapor {month}: {', '.join(late)}."))
    else:
        blocks.append(Text(f"Semua kantor sudah lapor {month}."))
    ranking = overview.get("ranking")
    if ranking is not None and len(ranking):
        table = pd.DataFrame(
            {
                "No": [number(i) for i in range(1, len(ranking) + 1)],
                "Kantor": [str(o) for o in ranking["office"]],
                "Capaian target": [percent(v) for v in ranking["pct_target"]],
                "Status": [str(v) for v in ranking["pace_status"]],
                f"Penghimpunan {month}": [
                    month_amount(v, r)
                    for v, r in zip(ranking["collection_month"], ranking["reported"], strict=True)
                ],
            }
        )
        blocks.append(Table(f"Peringkat kantor menurut capaian target {period.year}", table))
    return blocks


def closing_blocks(agenda: Agenda, body: Mapping[str, Any]) -> list[Block]:
    """What the meeting asked of the offices, then the next meeting."""
    asks: list[str] = []
    late = body.get("not_reported") or []
    if late:
        asks.append(f"Kirim laporan penghimpunan {agenda.period_label}: {', '.join(late)}.")
    no_target = body.get("no_target") or []
    if no_target:
        asks.append(f"Isi target penghimpunan {agenda.period.year}: {', '.join(no_target)}.")
    if body.get("open_obstacles"):
        asks.append(
            f"Tindak lanjuti {number(body['open_obstacles'])} kendala terbuka "
            "dan perbarui statusnya di tab Kendala."
        )
    asks.append("Isi tab Program dengan program baru sesuai pilar sebelum rapat berikutnya.")
    blocks: list[Block] = [Bullets("Yang diminta dari kantor", tuple(asks))]
    nxt = body.get("next_meeting")
    if nxt is None:
        blocks.append(Text("Rapat berikutnya belum dijadwalkan di tab Rapat."))
        return blocks
    pairs = [("Rapat berikutnya", long_date(nxt.date))]
    if nxt.place:
        pairs.append(("Tempat", nxt.place))
    blocks.append(Facts(tuple(pairs)))
    return blocks


def _table_or_text(title: str, df: pd.DataFrame | None, empty: str) -> Block:
    if df is None or not len(df):
        return Text(f"{title}: {empty}")
    return Table(title, format_table(df))


# ---------------------------------------------------------------- slides for the projector

# One slide holds about this many table rows at the projector's type size on a
# 1280x720 screen (measured in the browser tests); 1920x1080 has more room.
SLIDE_BUDGET = 16.0
TITLE_COST = 1.0  # a block's bold title line
METRIC_ROW_COST = 2.5
PAIRS_PER_ROW = 2  # plain facts on a slide: label, value, label, value
BARS_COST = 3.5
CHARS_PER_LINE = 110  # a line of text at the projector's type, 1280 px wide
TABLE_CHARS_PER_LINE = 135  # a table row (smaller type)
CELL_CHARS = 46  # st.table wraps a cell at about this width, however wide its column
MIN_ROWS = 3  # a table split across slides keeps at least this many rows together


@dataclass(frozen=True)
class Slide:
    """One screen of presentation mode: part `part` of agenda item `item` (0-based)."""

    item: int
    part: int
    parts: int
    title: str
    blocks: tuple[Block, ...]


def _pairs_per_row(block: Facts) -> int:
    return PAIRS_PER_ROW if len(block.pairs) > 2 else 1


def facts_frame(block: Facts) -> pd.DataFrame:
    """Plain facts as a slide lays them out: two (label, value) pairs per row (one for 1-2)."""
    per_row = _pairs_per_row(block)
    rows = []
    for i in range(0, len(block.pairs), per_row):
        row: list[str] = []
        for label, value in block.pairs[i : i + per_row]:
            row += [label, value]
        rows.append(row + [""] * (2 * per_row - len(row)))
    columns = [f"{kind}{i}" for i in range(per_row) for kind in ("label", "value")]
    return pd.DataFrame(rows, columns=columns)


def facts_gap(block: Facts) -> bool:
    """True when facts_frame's last row ends in an empty pair (an odd number of pairs,
    two to a row): a phone, which shows one pair per line, hides that pair."""
    return _pairs_per_row(block) == PAIRS_PER_ROW and len(block.pairs) % PAIRS_PER_ROW == 1


def _lines(text: str) -> int:
    return max(1, -(-len(text) // CHARS_PER_LINE))


def _row_cost(values: tuple) -> float:
    return float(_lines("   ".join(str(v) for v in values)))


def _column_chars(frame: pd.DataFrame) -> list[float]:
    """Characters per line each column gets, as a browser lays out an auto-width table:
    in proportion to its longest text, never narrower than its longest word."""
    texts = [[str(c), *(str(v) for v in frame[c])] for c in frame.columns]
    natural = [max(len(t) for t in col) + 3 for col in texts]
    if sum(natural) <= TABLE_CHARS_PER_LINE:
        return [float(min(n, CELL_CHARS)) for n in natural]
    words = [max(len(w) for t in col for w in (t.split() or [""])) + 3 for col in texts]
    spare = max(TABLE_CHARS_PER_LINE - sum(words), 0)
    lack = [n - w for n, w in zip(natural, words, strict=True)]
    total = sum(lack) or 1
    return [min(w + spare * x / total, CELL_CHARS) for w, x in zip(words, lack, strict=True)]


def _table_rows(frame: pd.DataFrame) -> list[float]:
    """Height of the header and of each row, in lines (a wrapped cell makes its row taller)."""
    chars = _column_chars(frame)

    def lines(values) -> float:
        return float(
            max(
                (-(-len(str(v)) // max(int(c), 1)) for v, c in zip(values, chars, strict=True)),
                default=1,
            )
            or 1
        )

    header = lines(tuple(frame.columns))
    return [header] + [lines(row) for row in frame.itertuples(index=False, name=None)]


def block_cost(block: Block) -> float:
    """A block's height in table rows at the projector's type (see SLIDE_BUDGET)."""
    title = TITLE_COST if getattr(block, "title", "") else 0.0
    if isinstance(block, Facts):
        if block.big:
            return title + METRIC_ROW_COST * -(-len(block.pairs) // block.per_row)
        per_row = _pairs_per_row(block)
        rows = [sum(block.pairs[i : i + per_row], ()) for i in range(0, len(block.pairs), per_row)]
        return title + sum(_row_cost(r) for r in rows)
    if isinstance(block, Table):
        return title + sum(_table_rows(block.frame))
    if isinstance(block, Bullets):
        return title + sum(_lines(line) for line in block.lines)
    if isinstance(block, Bars):
        return title + BARS_COST
    if isinstance(block, Text):
        return float(_lines(block.text))
    assert_never(block)


def _split_text(block: Text, budget: float) -> list[Text]:
    """A text taller than a slide, cut between words into slide-sized parts."""
    limit = max(int(budget - 1) * CHARS_PER_LINE, CHARS_PER_LINE)
    parts, current = [], ""
    for word in block.text.split(" "):
        while len(word) > limit:  # one endless "word": cut it
            if current:
                parts.append(current)
                current = ""
            parts.append(word[:limit])
            word = word[limit:]
        if current and len(current) + 1 + len(word) > limit:
            parts.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        parts.append(current)
    return [Text(p) for p in parts]


def _split_table(block: Table, room: float, min_rows: int = MIN_ROWS) -> tuple[Table | None, Table]:
    """The rows of `block` that fit in `room`, and the rest (titled "lanjutan")."""
    frame = block.frame
    heights = _table_rows(frame)
    used = TITLE_COST + heights[0]
    n = 0
    for height in heights[1:]:
        if used + height > room:
            break
        used += height
        n += 1
    rest = Table(
        f"{block.title.removesuffix(' (lanjutan)')} (lanjutan)",
        frame.iloc[n:].reset_index(drop=True),
    )
    if n < min_rows or n == 0:
        return None, block
    head = Table(block.title, frame.iloc[:n].reset_index(drop=True))
    return head, rest


def split_blocks(blocks: list[Block], budget: float = SLIDE_BUDGET) -> list[list[Block]]:
    """Blocks in order, packed into slides of at most `budget` rows each.

    A table longer than the room left continues on the next slide with its
    title marked "(lanjutan)"; any other block that does not fit starts a new
    slide. A single block taller than a whole slide still gets a slide of its
    own (the browser tests keep the sample and a second district inside it).
    """
    slides_out: list[list[Block]] = [[]]
    room = budget
    queue = list(blocks)
    while queue:
        block = queue.pop(0)
        cost = block_cost(block)
        if cost <= room:
            slides_out[-1].append(block)
            room -= cost
            continue
        if isinstance(block, Table) and len(block.frame) > 1 and cost > budget:
            # only a table taller than a whole slide is split; a shorter one moves on whole
            head, rest = _split_table(block, room)
            if head is not None:
                slides_out[-1].append(head)
                queue.insert(0, rest)
                slides_out.append([])
                room = budget
                continue
            if not slides_out[-1]:  # rows so tall that MIN_ROWS do not fit: take what fits
                head, rest = _split_table(block, budget, min_rows=1)
                if head is not None:
                    slides_out[-1].append(head)
                    queue.insert(0, rest)
                    slides_out.append([])
                    room = budget
                    continue
        if isinstance(block, Text) and cost > budget:
            queue[0:0] = _split_text(block, budget)
            continue
        if slides_out[-1]:
            slides_out.append([])
            room = budget
            queue.insert(0, block)
            continue
        slides_out[-1].append(block)  # alone and still too big: its own slide
        slides_out.append([])
        room = budget
    return [s for s in slides_out if s] or [[]]


@per_dataset
def present_slides(
    ds: Dataset, meeting: Meeting, start_time: time = DEFAULT_START, durations=None
) -> list[Slide]:
    """Every screen of presentation mode, in agenda order; an item too big for one
    screen continues on slides titled "(lanjutan)"."""
    agenda = build_agenda(ds, meeting, start_time, durations)
    out: list[Slide] = []
    for index, (item, blocks) in enumerate(
        zip(agenda.items, agenda_blocks(ds, meeting, start_time, durations), strict=True)
    ):
        parts = split_blocks(blocks)
        for part, chunk in enumerate(parts, start=1):
            title = item.title if part == 1 else f"{item.title} (lanjutan)"
            out.append(Slide(index, part, len(parts), title, tuple(chunk)))
    return out
