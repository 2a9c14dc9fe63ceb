"""A hand-built dataset for the agenda tests: five offices, three meetings, 2024.

Small enough that every expected figure is worked out by hand in the tests.
Office names and years differ from the sample on purpose.
"""

from __future__ import annotations

import pandas as pd

from lib.data.dataset import PROBLEM_COLUMNS, Dataset, SourceInfo

NaT = pd.NaT


def _frame(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=columns)
    df.insert(0, "row", range(2, len(df) + 2))
    return df


def agenda_dataset() -> Dataset:
    offices = _frame(
        [
            ("KLL Alpha", "Kec A", pd.Timestamp("2020-01-01"), "Ani", True),
            # new: founded between the April and the May meeting, so May welcomes it
            ("KLL Beta", "Kec B", pd.Timestamp("2024-04-20"), "Budi *tebal*", True),
            ("KLL Gamma", "Kec C", pd.Timestamp("2019-01-01"), "Cici", False),  # inactive
            ("KLL Delta", "Kec D", NaT, "", True),  # no founding date: never new
            ("KLL Future", "Kec F", pd.Timestamp("2024-06-01"), "Fafa", True),  # after meeting
        ],
        ["office", "kecamatan", "founded", "coordinator", "active"],
    )
    offices["founded"] = pd.to_datetime(offices["founded"])
    targets = _frame(
        [(2024, "KLL Alpha", 12_000_000.0, float("nan"))],
        ["year", "office", "target_collection", "target_distribution"],
    )
    collections = _frame(
        [
            (2024, 3, "KLL Alpha", "Zakat Maal", 1_000_000.0, 8.0, ""),
            (2024, 4, "KLL Alpha", "Zakat Maal", 1_500_000.0, 10.0, ""),
            (2024, 4, "KLL Delta", "DSKL", 500_000.0, float("nan"), ""),
            (2024, 4, "KLL Beta", "DSKL", 200_000.0, float("nan"), ""),
        ],
        ["year", "month", "office", "fund_type", "amount", "donors", "note"],
    )
    programs = _frame(
        [
            (2024, 4, "KLL Alpha", "Pendidikan", "Beasiswa", "Berjalan", 10.0, 800_000.0, ""),
            (2024, 4, "KLL Beta", "Kesehatan", "Posbindu", "Rencana", float("nan"), 0.0, ""),
            (2024, 5, "KLL Beta", "Ekonomi", "Ternak", "Rencana", float("nan"), 0.0, ""),
        ],
        [
            "year",
            "month",
            "office",
            "pillar",
            "program",
            "status",
            "beneficiaries",
            "distribution",
            "note",
        ],
    )
    obstacles = _frame(
        [
            (2024, 1, "KLL Alpha", "Penyaluran", "Data lama", "Survei ulang", "Terbuka"),
            (2024, 4, "KLL Alpha", "Penghimpunan", "Kotak *infaq* <b>x</b>", "Rekap", "Terbuka"),
            (2024, 2, "KLL Delta", "Penghimpunan", "Donatur turun", "Kunjungi", "Selesai"),
            (2024, 3, "KLL Gamma", "Lainnya", "Kantor tutup", "", "Terbuka"),
            (2024, 5, "KLL Delta", "Penghimpunan", "Sesudah periode", "", "Terbuka"),
            (2023, 12, "KLL Beta", "Kelembagaan", "SK belum terbit", "", "Terbuka"),
            (2023, 11, "KLL Delta", "Penyaluran", "Mustahik ganda", "Cocokkan", "Terbuka"),
        ],
        ["year", "month", "office", "field", "obstacle", "follow_up", "status"],
    )
    meetings = _frame(
        [
            (pd.Timestamp("2024-04-06"), "Aula", 2024, 3, [], ""),
            (
                pd.Timestamp("2024-05-04"),
                "Aula _miring_",
                2024,
                4,
                ["Persiapan kurban", "Lain"],
                "",
            ),
            (pd.Timestamp("2024-06-08"), "", 2024, 5, [], ""),
        ],
        ["date", "place", "period_year", "period_month", "extra_agenda", "notes"],
    )
    tables = {
        "offices": offices,
        "targets": targets,
        "collections": collections,
        "programs": programs,
        "obstacles": obstacles,
        "meetings": meetings,
    }
    source = SourceInfo("workbook", "rakor.xlsx", read_at=pd.Timestamp("2024-05-03 20:15+07:00"))
    return Dataset(source, tables, pd.DataFrame(columns=PROBLEM_COLUMNS), {})
