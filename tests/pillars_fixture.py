"""The hand-built pillar dataset shared by the pillar figure and Pilar page tests.

Fixture (year 2025, period January..June unless a test says otherwise):
- Kantor A: Pendidikan "Beasiswa X" Jan (10 pm, Rp1jt), Feb (12, Rp1,5jt), Mar typed
  "beasiswa  x" Selesai (5, Rp0,5jt) = one program, 27 pm, Rp3jt; Kesehatan "Ambulans"
  Feb (30, Rp2jt) and Aug (outside the period); Ekonomi "Modal Usaha" Apr Rencana.
- Kantor B: Ekonomi "UMKM" Jan (20, Rp4jt), "Ternak" May Selesai (no count, Rp3jt);
  Sosial Dakwah "TPQ" Jun (40, Rp1jt); Kesehatan "Posbindu" Feb Rencana, May
  Berjalan (15, Rp0,5jt); Pendidikan "Beasiswa Lama" in 2024 (other year).
- Kantor C: active, no programs (0/6).
- Kantor D: inactive; Kemanusiaan "Banjir" Feb Selesai (50, Rp5jt).
- Kantor E: active, founded September 2025.
- Nobody runs Lingkungan.
"""

from __future__ import annotations

import pandas as pd

from lib.data.dataset import PROBLEM_COLUMNS, Dataset, SourceInfo
from lib.figures.period import Period

A, B, C, D, E = (f"Kantor {x}" for x in "ABCDE")
P = Period(2025, 6)
JT = 1_000_000
NAN = float("nan")


def program_rows() -> list[tuple]:
    # year, month, office, pillar, program, status, beneficiaries, distribution
    return [
        (2025, 1, A, "Pendidikan", "Beasiswa X", "Berjalan", 10, 1 * JT),
        (2025, 2, A, "Pendidikan", "Beasiswa X", "Berjalan", 12, 1.5 * JT),
        (2025, 3, A, "Pendidikan", "beasiswa  x", "Selesai", 5, 0.5 * JT),
        (2025, 2, A, "Kesehatan", "Ambulans", "Berjalan", 30, 2 * JT),
        (2025, 8, A, "Kesehatan", "Ambulans", "Berjalan", 99, 9 * JT),
        (2025, 4, A, "Ekonomi", "Modal Usaha", "Rencana", NAN, NAN),
        (2025, 1, B, "Ekonomi", "UMKM", "Berjalan", 20, 4 * JT),
        (2025, 5, B, "Ekonomi", "Ternak", "Selesai", NAN, 3 * JT),
        (2025, 6, B, "Sosial Dakwah", "TPQ", "Berjalan", 40, 1 * JT),
        (2025, 2, B, "Kesehatan", "Posbindu", "Rencana", NAN, NAN),
        (2025, 5, B, "Kesehatan", "Posbindu", "Berjalan", 15, 0.5 * JT),
        (2024, 3, B, "Pendidikan", "Beasiswa Lama", "Berjalan", 7, 7 * JT),
        (2025, 2, D, "Kemanusiaan", "Banjir", "Selesai", 50, 5 * JT),
    ]


def make_dataset(rows: list[tuple] | None = None) -> Dataset:
    rows = program_rows() if rows is None else rows
    programs = pd.DataFrame(
        rows,
        columns=[
            "year",
            "month",
            "office",
            "pillar",
            "program",
            "status",
            "beneficiaries",
            "distribution",
        ],
    )
    programs.insert(0, "row", range(2, len(programs) + 2))
    programs["note"] = pd.Series([NAN] * len(programs), dtype=object)
    programs = programs.astype({"beneficiaries": "float64", "distribution": "float64"})
    offices = pd.DataFrame(
        {
            "row": [2, 3, 4, 5, 6],
            "office": [A, B, C, D, E],
            "founded": pd.to_datetime([None, "2020-01-01", None, "2019-05-01", "2025-09-01"]),
            "active": [True, True, True, False, True],
        }
    )
    return Dataset(
        SourceInfo("sheet", "Uji"),
        {"offices": offices, "programs": programs},
        pd.DataFrame(columns=PROBLEM_COLUMNS),
        {},
    )
