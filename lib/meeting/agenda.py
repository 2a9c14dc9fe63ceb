"""The rakor agenda as one model: built from the data, rendered by the page and the pack.

Pure Python and pandas, no Streamlit. `build_agenda` turns one meeting (a row
of tab Rapat) into an `Agenda`: the items in the order the rakor runs, each
with its duration, its clock times and a structured `body` (dicts and
DataFrames with raw values under Indonesian headers). lib.meeting.slides turns
each item into the blocks the Rapat page, presentation mode and every export of
lib.meeting.pack lay out; the figures come from lib.figures.progress and
lib.figures.pillars, never from a second computation here.

Choices where the issue is silent:
- Perkenalan KLL baru is one item per new office (each office presents its own
  plans; the duration is per office, like Laporan KLL).
- A new office is welcomed once: at the first meeting of tab Rapat on or after
  its founding date (welcome_meeting). From then on it reports like every other
  office; at the welcome meeting too, when it existed in the reviewed month
  (it has figures), so its numbers reach the room.
- An office founded after the meeting date is left out altogether (it did not
  exist yet); an office without a founding date is never "new".
- `?tanggal=` of a day without a meeting opens the nearest meeting (the later
  one on a tie) and says so.
- Agenda tambahan is one item per entry of the sheet's column (each gets its
  own slide and time slot); with no entries there is no such item.
- Kendala dan tindak lanjut is always on the agenda, also with nothing open,
  so the room hears that nothing is open.
- Kendala dan tindak lanjut lists the open obstacles of the offices on the
  agenda (active, existing on the meeting date): an inactive office is not in
  the room to follow up. Per office this is office_progress's open_obstacles.
- Status of an obstacle is its status in the sheet now: an obstacle closed
  after an old meeting no longer shows as open for that meeting.
- Tindak lanjut rapat lalu comes right after Pembukaan (whose slide carries the
  date, place and attendance): the rakor first reviews earlier decisions. It
  is on the agenda whenever the sheet has tab Keputusan, also with nothing to
  review; a sheet without the tab gets the agenda it always had.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import pandas as pd

from lib.data import parse
from lib.data.dataset import Dataset, SourceInfo
from lib.figures import pillars, progress, record
from lib.figures.memo import per_dataset
from lib.figures.offices import counted_offices
from lib.figures.offices import exists_in as offices_exists_in
from lib.figures.offices import office_profiles as office_records
from lib.figures.period import Period
from lib.views import pillar_tables
from lib.views.fmt import clock_time, is_missing, long_date, month_label, text_cell, ytd_label
from lib.views.progress_tables import obstacle_table

# Kinds of agenda item, in the order the rakor runs. They double as the keys
# of `[rapat.durasi]` in secrets.toml, so they are the Indonesian words.
OPENING = "pembukaan"
FOLLOW_UP = "tindaklanjut"
PILLARS = "pilar"
REPORT = "laporan"
INTRODUCTION = "perkenalan"
OBSTACLES = "kendala"
EXTRA = "tambahan"
CLOSING = "penutup"
KINDS = (OPENING, FOLLOW_UP, PILLARS, REPORT, INTRODUCTION, OBSTACLES, EXTRA, CLOSING)

KIND_LABELS = {
    OPENING: "Pembukaan",
    FOLLOW_UP: "Tindak lanjut rapat lalu",
    PILLARS: "Pilar program dan pemetaan",
    REPORT: "Laporan KLL",
    INTRODUCTION: "Perkenalan KLL baru",
    OBSTACLES: "Kendala dan tindak lanjut",
    EXTRA: "Agenda tambahan",
    CLOSING: "Penutup",
}

# Minutes per item; Laporan and Perkenalan per office, Agenda tambahan per entry.
DEFAULT_DURATIONS: dict[str, int] = {
    OPENING: 10,
    FOLLOW_UP: 15,
    PILLARS: 20,
    REPORT: 8,
    INTRODUCTION: 10,
    OBSTACLES: 20,
    EXTRA: 10,
    CLOSING: 5,
}
DEFAULT_START = time(9, 0)
NEW_OFFICE_MONTHS = 6  # founded longer before its first meeting in the sheet: not "new" there
MAX_DURATION = 240  # minutes; a larger value in secrets is a typo, not a plan


@dataclass(frozen=True)
class Meeting:
    """One row of tab Rapat, as the agenda needs it."""

    date: date
    place: str = ""
    period: Period | None = None  # Periode as typed (validate fills the default)
    extra_agenda: tuple[str, ...] = ()
    notes: str = ""
    row: int | None = None


@dataclass(frozen=True)
class AgendaItem:
    kind: str  # one of KINDS
    title: str  # may hold sheet text (an office name, an extra item): renderers escape it
    duration_min: int
    start: time
    end: time
    body: dict[str, Any] = field(default_factory=dict)
    office: str | None = None  # Laporan and Perkenalan: the office presenting


@dataclass(frozen=True)
class Agenda:
    meeting: Meeting
    period: Period
    start_time: time
    items: tuple[AgendaItem, ...]
    source: SourceInfo

    @property
    def date(self) -> date:
        return self.meeting.date

    @property
    def place(self) -> str:
        return self.meeting.place

    @property
    def long_date(self) -> str:
        return long_date(self.meeting.date)

    @property
    def period_label(self) -> str:
        return month_label(self.period.year, self.period.month)

    @property
    def end_time(self) -> time:
        return self.items[-1].end if self.items else self.start_time

    @property
    def total_minutes(self) -> int:
        return sum(i.duration_min for i in self.items)

    def items_of(self, kind: str) -> list[AgendaItem]:
        return [i for i in self.items if i.kind == kind]

    @property
    def reporting_offices(self) -> list[str]:
        return [i.office for i in self.items_of(REPORT) if i.office]

    @property
    def new_offices(self) -> list[str]:
        return [i.office for i in self.items_of(INTRODUCTION) if i.office]

    @property
    def offices(self) -> list[str]:
        """Every office on the agenda, once: reporting ones, then new ones."""
        return list(dict.fromkeys(self.reporting_offices + self.new_offices))

    def schedule(self) -> pd.DataFrame:
        """The agenda as a table: No, Mulai, Selesai, Acara, Durasi (menit)."""
        return pd.DataFrame(
            {
                "No": list(range(1, len(self.items) + 1)),
                "Mulai": [clock_time(i.start) for i in self.items],
                "Selesai": [clock_time(i.end) for i in self.items],
                "Acara": [i.title for i in self.items],
                "Durasi (menit)": [i.duration_min for i in self.items],
            }
        )


# ---------------------------------------------------------------- meetings


@per_dataset
def meetings(ds: Dataset) -> list[Meeting]:
    """Meetings of tab Rapat, oldest first; a date typed twice counts once (first row)."""
    df = ds.tables.get("meetings")
    if df is None or not len(df):
        return []
    found: dict[date, Meeting] = {}
    for rec in df.sort_values(["date", "row"]).to_dict("records"):
        when = pd.Timestamp(rec["date"]).date()
        if when in found:
            continue
        period = None
        if not is_missing(rec.get("period_year")) and not is_missing(rec.get("period_month")):
            period = Period(int(rec["period_year"]), int(rec["period_month"]))
        extra = rec.get("extra_agenda")
        found[when] = Meeting(
            date=when,
            place=text_cell(rec.get("place")),
            period=period,
            extra_agenda=tuple(str(e) for e in extra) if isinstance(extra, list | tuple) else (),
            notes=text_cell(rec.get("notes")),
            row=int(rec["row"]) if not is_missing(rec.get("row")) else None,
        )
    return list(found.values())


def parse_tanggal(text: str) -> date | None:
    """`2024-10-05` (the URL's form) or as people type it (`05/10/2024`); None if unreadable."""
    try:
        value = parse.parse_full_date(str(text).strip())
    except (ValueError, TypeError):
        return None
    return value if isinstance(value, date) else None


def choose_meeting(
    ds: Dataset, today: date, tanggal: str | None = None
) -> tuple[Meeting | None, str | None]:
    """The meeting asked for (`?tanggal=2024-10-05`), else the next from today, else the latest.

    Returns (meeting, message): the message (Indonesian) says why the link was not
    followed, so a bad or old link never crashes the page. `today` is WIB
    (lib.data.clock.today_wib), passed in so tests fix it.
    """
    found = meetings(ds)
    if not found:
        return (
            None,
            "Belum ada rapat di tab Rapat. Isi tanggal rapat di sheet untuk membuat agenda.",
        )
    upcoming = [m for m in found if m.date >= today]
    default = upcoming[0] if upcoming else found[-1]
    if tanggal is None or not str(tanggal).strip():
        return default, None
    wanted = parse_tanggal(tanggal)
    if wanted is None:
        return (
            default,
            f"Tanggal di tautan ({tanggal}) tidak terbaca; "
            f"ditampilkan rapat {long_date(default.date)}.",
        )
    for m in found:
        if m.date == wanted:
            return m, None
    nearest = min(found, key=lambda m: (abs((m.date - wanted).days), m.date < wanted))
    return nearest, (
        f"Tidak ada rapat pada {long_date(wanted)} di tab Rapat; "
        f"ditampilkan rapat terdekat, {long_date(nearest.date)}."
    )


def review_period(meeting: Meeting) -> Period:
    """The month the meeting reviews: its Periode, else the month before the meeting."""
    if meeting.period is not None:
        return meeting.period
    return Period(meeting.date.year, meeting.date.month).previous


# ---------------------------------------------------------------- settings


def parse_clock(text: object) -> time | None:
    """`09:00`, `9.00`, `09.30` or a time; None when unreadable."""
    if isinstance(text, time):
        return text
    raw = str(text).strip().replace(".", ":")
    parts = raw.split(":")
    try:
        if len(parts) == 1:
            hour, minute = int(parts[0]), 0
        elif len(parts) == 2:
            hour, minute = int(parts[0]), int(parts[1])
        else:
            return None
        return time(hour, minute)
    except ValueError:
        return None


def settings_from_secrets(secrets: Mapping[str, Any]) -> tuple[dict[str, int], time, list[str]]:
    """Durations (`[rapat.durasi]`) and start time (`[rapat] mulai`) from secrets.toml.

    Returns (durations, start, messages): a bad value is skipped with an
    Indonesian message and the default used, so a typo never stops the meeting.
    """
    messages: list[str] = []
    section = secrets.get("rapat") if isinstance(secrets, Mapping) else None
    section = section if isinstance(section, Mapping) else {}
    durations: dict[str, int] = {}
    raw = section.get("durasi", {})
    if not isinstance(raw, Mapping):
        raw = {}
        messages.append("[rapat.durasi] di secrets.toml harus berisi pasangan jenis = menit.")
    for key, value in raw.items():
        kind = str(key).strip().lower()
        if kind not in KINDS:
            messages.append(
                f"[rapat.durasi] {key}: jenis acara tidak dikenal (pilih dari {', '.join(KINDS)})."
            )
            continue
        minutes = _minutes(value)
        if minutes is None:
            messages.append(
                f"[rapat.durasi] {key} = {value}: isi menit 0–{MAX_DURATION}; dipakai "
                f"{DEFAULT_DURATIONS[kind]} menit."
            )
            continue
        durations[kind] = minutes
    start = DEFAULT_START
    if "mulai" in section:
        parsed = parse_clock(section["mulai"])
        if parsed is None:
            messages.append(f"[rapat] mulai = {section['mulai']}: tulis jam seperti 09:00.")
        else:
            start = parsed
    return durations, start, messages


def _minutes(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if number != int(number) or not 0 <= number <= MAX_DURATION:
        return None
    return int(number)


def resolve_durations(durations: Mapping[str, int] | None = None) -> dict[str, int]:
    """Defaults overridden by the given minutes per kind (unknown kinds are ignored)."""
    out = dict(DEFAULT_DURATIONS)
    for kind, minutes in (durations or {}).items():
        if kind in out and minutes is not None:
            out[kind] = int(minutes)
    return out


# ---------------------------------------------------------------- offices


def _founded(value: object) -> date | None:
    return None if is_missing(value) else pd.Timestamp(value).date()


def welcome_meeting(ds: Dataset, founded: object) -> date | None:
    """The meeting that welcomes an office: the first of tab Rapat on or after its founding
    date, if that is within NEW_OFFICE_MONTHS of the founding. An office founded long
    before the first meeting the sheet records is not new there."""
    when = _founded(founded)
    if when is None:
        return None
    later = [m.date for m in meetings(ds) if m.date >= when]
    if not later:
        return None
    limit = (pd.Timestamp(when) + pd.DateOffset(months=NEW_OFFICE_MONTHS)).date()
    return later[0] if later[0] <= limit else None


@per_dataset
def office_profiles(ds: Dataset, meeting_date: date) -> tuple[list[dict], list[dict]]:
    """(reporting, new): the counted offices (lib.figures.offices) that exist on the meeting date.

    In the order of tab Kantor. New: welcomed at this meeting (welcome_meeting).
    Each profile is {office, kecamatan, founded, coordinator}.
    """
    records = office_records(ds)
    reporting: list[dict] = []
    new: list[dict] = []
    for name in counted_offices(ds):
        rec = records.get(name, {})
        founded = _founded(rec.get("founded"))
        if founded is not None and founded > meeting_date:
            continue
        profile = {
            "office": name,
            "kecamatan": text_cell(rec.get("kecamatan")),
            "founded": founded,
            "coordinator": text_cell(rec.get("coordinator")),
        }
        welcomed = welcome_meeting(ds, rec.get("founded")) == meeting_date
        (new if welcomed else reporting).append(profile)
    return reporting, new


def office_title(prefix: str, office: str) -> str:
    """`Laporan KLL Gondanglegi`: "KLL" once, whether or not the sheet's name starts with it."""
    name = str(office).strip()
    if name[:4].casefold() == "kll ":
        name = name[4:].lstrip()
    return f"{prefix} KLL {name}"


# ---------------------------------------------------------------- obstacles


open_obstacles = progress.open_obstacles  # the one definition lives with the figures


def group_by_field(df: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Bidang -> its rows as an obstacle_table, in the order of `df` (sorted by Bidang)."""
    return {
        str(name): obstacle_table(part, with_office=True, with_field=False)
        for name, part in df.groupby("field", sort=False)
    }


# ---------------------------------------------------------------- build


def _clock_add(start: time, minutes: int) -> time:
    return (datetime.combine(date(2000, 1, 1), start) + timedelta(minutes=minutes)).time()


@per_dataset
def build_agenda(
    ds: Dataset,
    meeting: Meeting,
    start_time: time = DEFAULT_START,
    durations: Mapping[str, int] | None = None,
) -> Agenda:
    """The agenda of `meeting`, in the order the rakor runs, with running clock times."""
    minutes = resolve_durations(durations)
    period = review_period(meeting)
    existing, new = office_profiles(ds, meeting.date)
    # A welcomed office that existed in the reviewed month has figures: it reports too.
    reporting = existing + [p for p in new if offices_exists_in(p["founded"], period)]
    order = {name: i for i, name in enumerate(counted_offices(ds))}
    reporting.sort(key=lambda p: order.get(p["office"], len(order)))
    drafts: list[tuple[str, str, dict, str | None]] = []

    opening = {**opening_body(ds, meeting), "overview": overview_body(ds, period)}
    drafts.append((OPENING, KIND_LABELS[OPENING], opening, None))
    if record.has_decisions(ds):
        body = {"follow_ups": record.follow_ups(ds, meeting.date)}
        drafts.append((FOLLOW_UP, KIND_LABELS[FOLLOW_UP], body, None))
    drafts.append((PILLARS, KIND_LABELS[PILLARS], pillar_body(ds, period), None))
    reports = report_bodies(ds, period, [p["office"] for p in reporting])
    for profile in reporting:
        body = {**profile, **reports[profile["office"]]}
        title = office_title("Laporan", profile["office"])
        drafts.append((REPORT, title, body, profile["office"]))
    for profile in new:
        body = {**profile, "planned": planned_body(ds, period, profile["office"])}
        title = office_title("Perkenalan", profile["office"]) + " (baru)"
        drafts.append((INTRODUCTION, title, body, profile["office"]))
    on_agenda = list(dict.fromkeys(p["office"] for p in reporting + new))
    still_open = open_obstacles(ds, period, on_agenda)
    drafts.append(
        (
            OBSTACLES,
            KIND_LABELS[OBSTACLES],
            {"count": len(still_open), "groups": group_by_field(still_open)},
            None,
        )
    )
    for n, entry in enumerate(meeting.extra_agenda, start=1):
        title = f"{KIND_LABELS[EXTRA]}: {entry}"
        body = {"text": entry, "number": n, "notes": meeting.notes}
        drafts.append((EXTRA, title, body, None))
    closing = {"next_meeting": _next_meeting(ds, meeting), **closing_body(ds, period)}
    closing["open_obstacles"] = len(still_open)
    drafts.append((CLOSING, KIND_LABELS[CLOSING], closing, None))

    items = []
    clock = start_time
    for kind, title, body, office in drafts:
        end = _clock_add(clock, minutes[kind])
        items.append(AgendaItem(kind, title, minutes[kind], clock, end, body, office))
        clock = end
    return Agenda(meeting, period, start_time, tuple(items), ds.source)


def opening_body(ds: Dataset, meeting: Meeting) -> dict[str, Any]:
    """Item 1: the meeting's notes and, when the sheet has tab Kehadiran, who came.

    `attendance` is record.attendance (None without the tab), `counts` its
    record.attendance_counts and `recorded` whether the daftar hadir was started.
    """
    body: dict[str, Any] = {"notes": meeting.notes, "attendance": None}
    if record.has_attendance(ds):
        body["attendance"] = record.attendance(ds, meeting.date)
        body["counts"] = record.attendance_counts(ds, meeting.date)
        body["recorded"] = record.attendance_recorded(ds, meeting.date)
    return body


def _next_meeting(ds: Dataset, meeting: Meeting) -> Meeting | None:
    later = [m for m in meetings(ds) if m.date > meeting.date]
    return later[0] if later else None


# ------------------------------- figures from lib.figures.progress / lib.figures.pillars


@per_dataset
def pillar_body(ds: Dataset, period: Period) -> dict[str, Any]:
    """Item 2: the district's coverage per pillar and its gaps (lib.figures.pillars, Jan..month).

    `summary` is pillars.summary_table unformatted (Indonesian headers, raw
    numbers); `covered` pillars covered per active office (0..6).
    """
    covered = pillars.covered_count(ds, period)
    return {
        "programs": programs_by_pillar(ds, period),
        "summary": pillar_tables.summary_table(ds, period, formatted=False),
        "gaps": pillars.district_gaps(ds, period),
        "covered": pd.DataFrame(
            {"Kantor": [str(o) for o in covered.index], "Pilar tercakup": list(covered)}
        ),
        "label": ytd_label(period.year, period.month),
    }


@per_dataset
def report_bodies(ds: Dataset, period: Period, offices: list[str]) -> dict[str, dict[str, Any]]:
    """Item 3, per office: figures (progress), programs (pillars), obstacles of the month.

    `figures` is the office's row of progress.office_progress (empty when the
    office has none, e.g. founded after the period); `covered` its pillars
    covered (pillars.covered_count, 0..6); `programs` its programs of
    January..month by pillar (pillars.program_list); `obstacles` the kendala it
    raised in the period month, with their follow-up (progress.office_obstacles).
    """
    table = progress.office_progress(ds, period)
    rows = {str(r["office"]): r for r in table.to_dict("records")}
    covered = pillars.covered_count(ds, period)
    out = {}
    for office in offices:
        mine = pillars.office_programs(ds, period, office)
        raised = progress.office_obstacles(ds, period.year, office, upto=period.month)
        raised = raised[(raised["year"] == period.year) & (raised["month"] == period.month)]
        out[office] = {
            "figures": rows.get(office, {}),
            "covered": int(covered.get(office, 0)),
            "programs": pillar_tables.programs_table(mine, period, formatted=False).drop(
                columns="Kantor"
            ),
            "obstacles": obstacle_table(raised, with_field=False),
        }
    return out


@per_dataset
def planned_body(ds: Dataset, period: Period, office: str) -> pd.DataFrame:
    """Item 4: the Rencana programs a new office presents (lib.figures.pillars, January..month)."""
    planned = pillars.planned_programs(ds, period, office)
    return pillar_tables.planned_table(planned, period).drop(columns="Kantor")


# ------------------------------- opening overview, programs per pillar, closing


@per_dataset
def overview_body(ds: Dataset, period: Period) -> dict[str, Any]:
    """The opening overview: district figures against the target pace, who has not
    reported, the offices ranked (lib.figures.progress, nothing recomputed here).

    `summary` is progress.district_summary; `pace_amount` the target pace at the
    period month (progress.cumulative_vs_pace, NaN without targets);
    `not_reported` progress.not_reported; `ranking` office_progress (best % of
    target first).
    """
    pace = progress.cumulative_vs_pace(ds, period.year, upto=period.month)
    at = pace[pace["month"] == period.month]["target_pace"]
    return {
        "summary": progress.district_summary(ds, period),
        "pace_amount": float(at.iloc[0]) if len(at) else float("nan"),
        "not_reported": progress.not_reported(ds, period),
        "ranking": progress.office_progress(ds, period),
    }


@per_dataset
def programs_by_pillar(ds: Dataset, period: Period) -> pd.DataFrame:
    """Pilar, Program, Kantor: each running program (Berjalan/Selesai) under its pillar,
    with the offices that run it, so an office hears ideas from the others.

    Pillars in the national order; a program typed by two offices is one row
    (pillars.name_key) naming both.
    """
    programs = pillars.program_list(ds, period)
    programs = programs[programs["active"]] if len(programs) else programs
    rows = []
    for pillar in pillars.PILLARS:
        mine = programs[programs["pillar"] == pillar] if len(programs) else programs
        groups: dict[str, tuple[str, list[str]]] = {}
        for rec in mine.to_dict("records"):
            key = pillars.name_key(rec["program"])
            name, offices_of = groups.setdefault(key, (str(rec["program"]), []))
            if rec["office"] not in offices_of:
                offices_of.append(str(rec["office"]))
        for name, offices_of in groups.values():
            rows.append({"Pilar": pillar, "Program": name, "Kantor": ", ".join(offices_of)})
    return pd.DataFrame(rows, columns=["Pilar", "Program", "Kantor"])


@per_dataset
def closing_body(ds: Dataset, period: Period) -> dict[str, Any]:
    """What the meeting asks of the offices: who still owes the month's report, who has
    no target for the year (progress.office_progress / not_reported)."""
    table = progress.office_progress(ds, period)
    no_target = (
        sorted(table[table["pace_status"] == progress.NO_TARGET]["office"], key=str.casefold)
        if len(table)
        else []
    )
    return {"not_reported": progress.not_reported(ds, period), "no_target": no_target}
