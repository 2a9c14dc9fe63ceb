"""The meeting record in Indonesian: tables and sentences for pages, slides and the notulen.

Every cell is text (dates `5 Okt 2024`, missing `–`), so each renderer only lays
out; the figures come from lib.figures.record.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd

from lib.figures import record
from lib.views.fmt import MISSING, is_missing, short_date

OVERDUE = "lewat tenggat"
NUMBER_WORDS = (
    "nol",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
)


def number_word(n: int) -> str:
    """`dua` for 2, as the seed writes small counts ("dua KLL baru"); digits from 11."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


def join_names(names: Sequence[str]) -> str:
    """`A, B dan C`: the list as an Indonesian sentence writes it."""
    names = [str(n) for n in names]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} dan {names[-1]}"


def _day(value: object) -> str:
    return MISSING if is_missing(value) else short_date(value)  # type: ignore[arg-type]


def _text(value: object) -> str:
    return MISSING if is_missing(value) or not str(value).strip() else str(value)


def numeric_date(d: date) -> str:
    """`05/10/2024`, as the seed writes the date in brackets."""
    return d.strftime("%d/%m/%Y")


# ---------------------------------------------------------------- attendance


def _absences(counts: dict[str, int]) -> str:
    """` · 1 izin · 2 belum dicatat`: the statuses other than Hadir that occur."""
    extra = [
        f"{counts[status]} {status.lower() if status != record.NOT_RECORDED else status}"
        for status in (record.IZIN, record.TIDAK_HADIR, record.NOT_RECORDED)
        if counts[status]
    ]
    return f" · {' · '.join(extra)}" if extra else ""


def attendance_line(counts: dict[str, int], recorded: bool) -> str:
    """`Hadir 9 dari 9 KLL`, with Izin, Tidak Hadir and belum dicatat when there are any."""
    if not recorded:
        return "Daftar hadir belum diisi"
    line = f"Hadir {counts[record.HADIR]} dari {counts['total']} KLL"
    return line + _absences(counts)


def attendance_table(df: pd.DataFrame) -> pd.DataFrame:
    """No, Kantor, Perwakilan, Status."""
    return pd.DataFrame(
        {
            "No": [str(i) for i in range(1, len(df) + 1)],
            "Kantor": [str(v) for v in df["office"]],
            "Perwakilan": [_text(v) for v in df["representatives"]],
            "Status": [str(v) for v in df["status"]],
        },
        columns=["No", "Kantor", "Perwakilan", "Status"],
    )


def offices_with(df: pd.DataFrame, status: str) -> list[str]:
    return [str(o) for o in df.loc[df["status"] == status, "office"]]


def office_attendance_line(counts: dict[str, int]) -> str:
    """`Hadir 8 dari 10 rakor yang dicatat · 1 izin · 1 belum dicatat`."""
    if not counts["meetings"]:
        return "Belum ada daftar hadir rakor tahun ini di tab Kehadiran"
    line = f"Hadir {counts[record.HADIR]} dari {counts['meetings']} rakor yang dicatat"
    return line + _absences(counts)


def office_attendance_table(df: pd.DataFrame) -> pd.DataFrame:
    """Rapat, Status, Perwakilan: one office over a year (Kantor page)."""
    return pd.DataFrame(
        {
            "Rapat": [_day(v) for v in df["meeting_date"]],
            "Status": [str(v) for v in df["status"]],
            "Perwakilan": [_text(v) for v in df["representatives"]],
        },
        columns=["Rapat", "Status", "Perwakilan"],
    )


# ---------------------------------------------------------------- decisions


def decision_state(row: pd.Series | dict, short: bool = False) -> str:
    """`Terbuka`, `Terbuka · lewat tenggat` or `Selesai 20 Okt 2024`; `short` (slides):
    `Terbuka`, `Lewat tenggat`, `Selesai`."""
    if row.get("state") == record.DONE:
        done = row.get("done_on")
        return "Selesai" if short or done is None else f"Selesai {short_date(done)}"
    if row.get("overdue"):
        return OVERDUE.capitalize() if short else f"Terbuka · {OVERDUE}"
    return "Terbuka"


def follow_up_table(df: pd.DataFrame, short: bool = False) -> pd.DataFrame:
    """Keputusan, Penanggung jawab, Tenggat, Status, Dari rapat (follow_ups / open_decisions);
    `short` (slides) drops Dari rapat and shortens Status."""
    records = df.to_dict("records")
    columns = ["Keputusan", "Penanggung jawab", "Tenggat", "Status", "Dari rapat"]
    return pd.DataFrame(
        {
            "Keputusan": [str(r["decision"]) for r in records],
            "Penanggung jawab": [_text(r["responsible"]) for r in records],
            "Tenggat": [_day(r["deadline"]) for r in records],
            "Status": [decision_state(r, short) for r in records],
            "Dari rapat": [_day(r["meeting_date"]) for r in records],
        },
        columns=columns,
    ).drop(columns=["Dari rapat"] if short else [])


def decisions_table(df: pd.DataFrame) -> pd.DataFrame:
    """No, Keputusan, Penanggung jawab, Tenggat, Catatan: the decisions of one meeting."""
    records = df.to_dict("records")
    return pd.DataFrame(
        {
            "No": [str(i) for i in range(1, len(records) + 1)],
            "Keputusan": [str(r["decision"]) for r in records],
            "Penanggung jawab": [_text(r["responsible"]) for r in records],
            "Tenggat": [_day(r["deadline"]) for r in records],
            "Catatan": [_text(r["note"]) for r in records],
        },
        columns=["No", "Keputusan", "Penanggung jawab", "Tenggat", "Catatan"],
    )


def decision_counts_line(counts: dict[str, int]) -> str:
    """`5 keputusan terbuka, 2 lewat tenggat` (Ringkasan)."""
    if not counts["open"]:
        return "Tidak ada keputusan rapat yang masih terbuka"
    line = f"{counts['open']} keputusan terbuka"
    return line + (f", {counts['overdue']} {OVERDUE}" if counts["overdue"] else "")
