"""The meeting record: attendance per meeting, decisions carried until done.

Pure pandas over tabs Kehadiran, Keputusan and Rapat, memoised per dataset.
Both tabs are optional; without them every function returns empty results.

Choices where the issue is silent (also in the README):
- Expected at a meeting: the offices active in tab Kantor that exist on the
  meeting date (no Tanggal Berdiri counts as existing). One of them with no
  Kehadiran row is "belum dicatat", not absent; a recorded inactive office is
  listed too.
- A decision is open at a meeting when it was decided at an earlier meeting
  and was not yet done on the meeting date. It is done on its Tanggal
  Selesai (never before the meeting that decided it); Selesai without a date
  counts as done by the next meeting after the one that decided it.
- "Selesai sejak rapat lalu": done after the previous meeting, up to and
  including this meeting's date (closed in the room counts), so each closed
  decision is shown as done exactly once.
- Overdue: open with a Tenggat before the meeting date (due on the day is not
  overdue yet).
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from lib.data.contract import ATTENDANCE_STATUSES, DECISION_STATUSES
from lib.data.dataset import Dataset
from lib.figures.memo import per_dataset

HADIR, IZIN, TIDAK_HADIR = ATTENDANCE_STATUSES
OPEN, DONE = DECISION_STATUSES
NOT_RECORDED = "belum dicatat"
NO_LIST = "tidak ada daftar hadir"  # the meeting has no Kehadiran row at all
ATTENDANCE_ORDER = [HADIR, IZIN, TIDAK_HADIR, NOT_RECORDED]

ATTENDANCE_COLUMNS = ["office", "status", "representatives", "row"]
DECISION_COLUMNS = [
    "row",
    "meeting_date",
    "decision",
    "responsible",
    "responsible_offices",
    "deadline",
    "status",
    "closed_on",
    "note",
    "done_on",
]
FOLLOW_UP_COLUMNS = [*DECISION_COLUMNS, "state", "overdue"]


def _day(value: object) -> date | None:
    if value is None or value is pd.NaT:
        return None
    if not isinstance(value, date) and pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def has_attendance(ds: Dataset) -> bool:
    """The sheet has tab Kehadiran (pages show the attendance parts only then)."""
    return "Kehadiran" in ds.accounts


def has_decisions(ds: Dataset) -> bool:
    """The sheet has tab Keputusan."""
    return "Keputusan" in ds.accounts


# ---------------------------------------------------------------- meetings


@per_dataset
def meeting_dates(ds: Dataset) -> list[date]:
    """Dates of the meetings in tab Rapat, oldest first, each once."""
    df = ds.tables.get("meetings")
    if df is None or not len(df):
        return []
    return sorted({d for d in (_day(v) for v in df["date"]) if d is not None})


def previous_meeting(ds: Dataset, when: date) -> date | None:
    earlier = [d for d in meeting_dates(ds) if d < when]
    return earlier[-1] if earlier else None


def next_meeting(ds: Dataset, when: date) -> date | None:
    later = [d for d in meeting_dates(ds) if d > when]
    return later[0] if later else None


# ---------------------------------------------------------------- attendance


@per_dataset
def expected_offices(ds: Dataset, when: date) -> list[str]:
    """Active offices that exist on `when`, in the order of tab Kantor."""
    df = ds.tables.get("offices")
    if df is None or not len(df):
        return []
    df = df.sort_values("row")
    founded = [_day(v) for v in df["founded"]]
    active = df["active"].fillna(True).astype(bool)
    return [
        str(name)
        for name, on, is_active in zip(df["office"], founded, active, strict=True)
        if is_active and (on is None or on <= when)
    ]


def _attendance_rows(ds: Dataset, when: date) -> pd.DataFrame:
    df = ds.tables.get("attendance")
    if df is None or not len(df):
        return pd.DataFrame(columns=ATTENDANCE_COLUMNS)
    mine = df[df["meeting_date"] == pd.Timestamp(when)]
    return mine.sort_values("row")[ATTENDANCE_COLUMNS]


@per_dataset
def attendance_recorded(ds: Dataset, when: date) -> bool:
    """Whether the meeting has any Kehadiran row (the daftar hadir was started)."""
    return bool(len(_attendance_rows(ds, when)))


@per_dataset
def attendance(ds: Dataset, when: date) -> pd.DataFrame:
    """Who came to the meeting of `when`: office, status, representatives, row.

    Every expected office (tab Kantor order) with its status, or "belum dicatat"
    when it has no row; then recorded offices that are not expected (inactive).
    `row` is the Kehadiran row, <NA> when not recorded.
    """
    rows = _attendance_rows(ds, when)
    by_office = {str(r["office"]): r for r in rows.to_dict("records")}
    out = []
    for office in expected_offices(ds, when):
        rec = by_office.pop(office, None)
        if rec is None:
            out.append(
                {"office": office, "status": NOT_RECORDED, "representatives": "", "row": None}
            )
        else:
            out.append(_attendance_record(rec))
    out += [_attendance_record(rec) for rec in by_office.values()]
    frame = pd.DataFrame(out, columns=ATTENDANCE_COLUMNS)
    frame["row"] = frame["row"].astype("Int64")
    return frame


def _attendance_record(rec: dict) -> dict:
    who = rec.get("representatives")
    return {
        "office": str(rec["office"]),
        "status": str(rec["status"]),
        "representatives": "" if who is None or pd.isna(who) else str(who),
        "row": int(rec["row"]),
    }


@per_dataset
def attendance_counts(ds: Dataset, when: date) -> dict[str, int]:
    """{Hadir, Izin, Tidak Hadir, belum dicatat, total}: total is every office listed."""
    df = attendance(ds, when)
    counts = {status: int((df["status"] == status).sum()) for status in ATTENDANCE_ORDER}
    counts["total"] = len(df)
    return counts


@per_dataset
def office_attendance(ds: Dataset, office: str, year: int) -> pd.DataFrame:
    """The office at every meeting of `year` it existed for: meeting_date, status,
    representatives. Status is NO_LIST for a meeting with no Kehadiran row at all."""
    cols = ["meeting_date", "status", "representatives"]
    out = []
    for when in meeting_dates(ds):
        if when.year != year:
            continue
        if not attendance_recorded(ds, when):
            if office in expected_offices(ds, when):
                out.append({"meeting_date": when, "status": NO_LIST, "representatives": ""})
            continue
        df = attendance(ds, when)
        mine = df[df["office"] == office]
        if len(mine):
            rec = mine.iloc[0]
            out.append(
                {
                    "meeting_date": when,
                    "status": rec["status"],
                    "representatives": rec["representatives"],
                }
            )
    return pd.DataFrame(out, columns=cols)


@per_dataset
def office_attendance_counts(ds: Dataset, office: str, year: int) -> dict[str, int]:
    """{Hadir, Izin, Tidak Hadir, belum dicatat, meetings}: meetings counts only those
    with a daftar hadir."""
    df = office_attendance(ds, office, year)
    listed = df[df["status"] != NO_LIST]
    counts = {status: int((listed["status"] == status).sum()) for status in ATTENDANCE_ORDER}
    counts["meetings"] = len(listed)
    return counts


# ---------------------------------------------------------------- decisions


@per_dataset
def decisions(ds: Dataset) -> pd.DataFrame:
    """Every valid Keputusan row with `done_on`: the date it counts as done (None: open).

    Dates are `datetime.date`; oldest meeting first, then sheet row.
    """
    df = ds.tables.get("decisions")
    if df is None or not len(df):
        return pd.DataFrame(columns=DECISION_COLUMNS)
    records = []
    for rec in df.sort_values(["meeting_date", "row"]).to_dict("records"):
        decided = _day(rec["meeting_date"])
        assert decided is not None  # a required column
        closed = _day(rec.get("closed_on"))
        done_on = None
        if rec.get("status") == DONE:
            if closed is not None:
                done_on = max(closed, decided)
            else:
                done_on = next_meeting(ds, decided) or decided
        note = rec.get("note")
        records.append(
            {
                "row": int(rec["row"]),
                "meeting_date": decided,
                "decision": str(rec["decision"]),
                "responsible": str(rec.get("responsible") or ""),
                "responsible_offices": list(rec.get("responsible_offices") or []),
                "deadline": _day(rec.get("deadline")),
                "status": str(rec.get("status") or OPEN),
                "closed_on": closed,
                "note": "" if note is None or pd.isna(note) else str(note),
                "done_on": done_on,
            }
        )
    return pd.DataFrame(records, columns=DECISION_COLUMNS)


def _open_on(df: pd.DataFrame, when: date) -> pd.Series:
    done = df["done_on"].map(lambda d: d is not None and d <= when)
    return (df["meeting_date"] < when) & ~done


def _overdue(df: pd.DataFrame, when: date) -> pd.Series:
    return df["deadline"].map(lambda d: d is not None and d < when).astype(bool)


@per_dataset
def follow_ups(ds: Dataset, when: date) -> pd.DataFrame:
    """What the meeting of `when` reviews first ("Tindak lanjut rapat lalu").

    Decisions of earlier meetings still open (state Terbuka, oldest first,
    `overdue` when the Tenggat is before `when`), then those done since the
    previous meeting (state Selesai), each listed once.
    """
    df = decisions(ds)
    if not len(df):
        return pd.DataFrame(columns=FOLLOW_UP_COLUMNS)
    still_open = df[_open_on(df, when)].assign(state=OPEN)
    still_open = still_open.assign(overdue=_overdue(still_open, when))
    since = previous_meeting(ds, when)
    done = (
        df["done_on"]
        .map(lambda d: d is not None and d <= when and (since is None or d > since))
        .astype(bool)
    )
    closed = df[done & (df["meeting_date"] < when)].assign(state=DONE, overdue=False)
    out = pd.concat([still_open, closed], ignore_index=True)
    out["overdue"] = out["overdue"].astype(bool)
    return out[FOLLOW_UP_COLUMNS]


@per_dataset
def decided_at(ds: Dataset, when: date) -> pd.DataFrame:
    """The decisions taken at the meeting of `when`, in sheet order."""
    df = decisions(ds)
    return df[df["meeting_date"] == when].reset_index(drop=True)


@per_dataset
def open_decisions(ds: Dataset, on: date, office: str | None = None) -> pd.DataFrame:
    """Decisions open on `on` (decided on or before it, not done by it), oldest first;
    with `office`, those it is in charge of. Columns as follow_ups (state Terbuka;
    `overdue`: Tenggat before `on`)."""
    df = decisions(ds)
    if not len(df):
        return pd.DataFrame(columns=FOLLOW_UP_COLUMNS)
    done = df["done_on"].map(lambda d: d is not None and d <= on).astype(bool)
    mask = (df["meeting_date"] <= on) & ~done
    if office is not None:
        mask &= df["responsible_offices"].map(lambda names: office in names).astype(bool)
    out = df[mask]
    out = out.assign(state=OPEN, overdue=_overdue(out, on))
    return out[FOLLOW_UP_COLUMNS].reset_index(drop=True)


@per_dataset
def decision_counts(ds: Dataset, on: date, office: str | None = None) -> dict[str, int]:
    """{open, overdue} on `on` (Ringkasan and Kantor pass today, WIB), optionally of an office."""
    df = open_decisions(ds, on, office)
    return {"open": len(df), "overdue": int(df["overdue"].sum()) if len(df) else 0}
