"""The Pilar page's tables as shown and downloaded: Indonesian headers, Rupiah text.

Every number comes from lib.figures.pillars; this module only names and formats
it. `formatted=False` keeps plain numbers under the same headers (downloads and
the agenda model, which lib.meeting.slides formats for print).
"""

from __future__ import annotations

import pandas as pd

from lib.data.contract import PILLARS
from lib.data.dataset import Dataset
from lib.figures import pillars
from lib.figures.memo import per_dataset
from lib.figures.offices import counted_offices
from lib.figures.period import Period
from lib.views import fmt

OFFICE_HEADER = "Kantor"
COVERED_HEADER = "Pilar tercakup"


def covered_label(n: int) -> str:
    """`4/6 pilar`."""
    return f"{int(n)}/{len(PILLARS)} pilar"


@per_dataset
def matrix_table(ds: Dataset, period: Period, measure: str = "programs") -> pd.DataFrame:
    """The matrix for download: Kantor, six pillars (numbers), Pilar tercakup (0..6)."""
    matrix = pillars.coverage(ds, period, measure)
    out = matrix.reset_index().rename(columns={"office": OFFICE_HEADER})
    out[COVERED_HEADER] = pillars.covered_count(ds, period).to_numpy()
    return out


@per_dataset
def matrix_display(ds: Dataset, period: Period, measure: str = "programs") -> pd.DataFrame:
    """The matrix as text for the screen: gaps as `–`, each row ending with `n/6 pilar`."""
    long = pillars.coverage_long(ds, period)
    column = pillars.measure_column(measure)
    show = _formatter(measure)
    long["text"] = [
        show(v) if covered else fmt.MISSING
        for v, covered in zip(long[column], long["covered"], strict=True)
    ]
    out = long.pivot(index="office", columns="pillar", values="text")
    out = out.reindex(index=counted_offices(ds, period), columns=PILLARS)
    out = out.reset_index().rename(columns={"office": OFFICE_HEADER})
    out.columns.name = None
    out["Cakupan"] = [covered_label(n) for n in pillars.covered_count(ds, period)]
    return out


def _formatter(measure: str):
    if measure == "distribution":
        return fmt.rupiah
    return fmt.number


@per_dataset
def summary_table(ds: Dataset, period: Period, formatted: bool = True) -> pd.DataFrame:
    """`pillar_summary` under Indonesian headers; text for the screen unless formatted=False."""
    s = pillars.pillar_summary(ds, period)
    out = pd.DataFrame(
        {
            "Pilar": s["pillar"],
            "Kantor": s["n_offices"],
            "Jumlah program": s["n_programs"],
            "Penyaluran": s["distribution"],
            "Penerima manfaat": s["beneficiaries"],
            "Porsi penyaluran": s["share"],
            "Keterangan": ["Celah kabupaten: belum ada kantor" if g else "" for g in s["gap"]],
            "Kantor pelaksana": s["offices"],
        }
    )
    if formatted:
        counts = ["Kantor", "Jumlah program", "Penerima manfaat"]
        out = _format(out, money=["Penyaluran"], counts=counts)
        out["Porsi penyaluran"] = s["share"].map(fmt.percent)
    return out


def _format(df: pd.DataFrame, money=(), counts=()) -> pd.DataFrame:
    out = df.copy()
    for col in money:
        out[col] = pd.Series([fmt.rupiah(v) for v in df[col]], index=df.index, dtype=object)
    for col in counts:
        out[col] = pd.Series([fmt.number(v) for v in df[col]], index=df.index, dtype=object)
    return out


def _month_spans(df: pd.DataFrame, period: Period) -> list[str]:
    """`Mar–Sep 2024` per row, from its first_month and last_month within the period's year."""
    pairs = zip(df["first_month"], df["last_month"], strict=True)
    return [fmt.month_span(period.year, a, b, short=True) for a, b in pairs]


def programs_table(programs: pd.DataFrame, period: Period, formatted: bool = True) -> pd.DataFrame:
    """A `program_list` frame (or part of one) under Indonesian headers."""
    out = pd.DataFrame(
        {
            "Kantor": programs["office"],
            "Pilar": programs["pillar"],
            "Program": programs["program"],
            "Status": programs["status"],
            "Bulan": _month_spans(programs, period),
            "Penerima manfaat": programs["beneficiaries"],
            "Penyaluran": programs["distribution"],
            "Keterangan": programs["note"],
        }
    )
    if formatted:
        out = _format(out, money=["Penyaluran"], counts=["Penerima manfaat"])
    return out.reset_index(drop=True)


def ideas_table(ideas_frame: pd.DataFrame, formatted: bool = True) -> pd.DataFrame:
    """An `ideas` / `ideas_all` frame under Indonesian headers."""
    headers = {
        "for_office": "Untuk kantor",
        "pillar": "Pilar yang belum ada",
        "program": "Program",
        "office": "Dijalankan oleh",
        "beneficiaries": "Penerima manfaat",
        "distribution": "Penyaluran",
    }
    out = ideas_frame.rename(columns=headers)
    if formatted:
        out = _format(out, money=["Penyaluran"], counts=["Penerima manfaat"])
    return out.reset_index(drop=True)


def planned_table(planned: pd.DataFrame, period: Period) -> pd.DataFrame:
    """A `planned_programs` frame under Indonesian headers."""
    return pd.DataFrame(
        {
            "Kantor": planned["office"],
            "Pilar": planned["pillar"],
            "Program": planned["program"],
            "Bulan rencana": _month_spans(planned, period),
            "Sudah berjalan": ["Ya" if r else "Belum" for r in planned["running"]],
            "Keterangan": planned["note"],
        }
    ).reset_index(drop=True)


@per_dataset
def download_tables(ds: Dataset, period: Period) -> dict[str, pd.DataFrame]:
    """Every table of the Pilar page in plain numbers, one sheet each in the XLSX download."""
    return {
        "Jumlah program": matrix_table(ds, period, "programs"),
        "Penyaluran": matrix_table(ds, period, "distribution"),
        "Penerima manfaat": matrix_table(ds, period, "beneficiaries"),
        "Per pilar": summary_table(ds, period, formatted=False),
        "Daftar program": programs_table(pillars.program_list(ds, period), period, formatted=False),
        "Ide program": ideas_table(pillars.ideas_all(ds, period), formatted=False),
        "Rencana": planned_table(pillars.planned_programs(ds, period), period),
    }
