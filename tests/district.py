"""Synthetic districts of any size, named by their Pengaturan tab: not the bundled sample.

`district(n)` gives the tables of a made-up district with n offices, each
writing one collection row a month and running programs in two pillars (office
i in pillars i and i+2, so every pillar is covered once n >= 4 and gaps stay).
Names are long on purpose ("KLL Sumberejo Wetan 12"), because labels that
fit short names may not fit real ones. Nothing here names Kabupaten Malang.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lib.data import sample
from lib.data.contract import PILLARS, SETTINGS_TAB, TABS

NAME = "LAZISMU Kabupaten Contoh Jaya"
YEAR = 2024
MONTHS = 9  # January to September; the meeting in October reviews September
VILLAGES = [
    "Sumberejo Wetan",
    "Karangan",
    "Tegalsari Kidul",
    "Banjararum",
    "Kedungrejo",
    "Purwosari Lor",
    "Sidomulyo",
    "Wonokerto",
]


def office_names(n: int) -> list[str]:
    return [f"KLL {VILLAGES[i % len(VILLAGES)]} {i + 1}" for i in range(n)]


def district(n: int, name: str = NAME) -> dict[str, list[list]]:
    """Tab name -> rows (header first), valid under the contract, plus Pengaturan."""
    offices = office_names(n)
    rows: dict[str, list[list]] = {tab.name: [] for tab in TABS}
    for i, office in enumerate(offices):
        rows["Kantor"].append([office, f"Kecamatan {i + 1}", date(2015, 1, 1), f"Koord {i}", "Ya"])
        rows["Target"].append([YEAR, office, 60_000_000 + 1_000_000 * i, 40_000_000])
        pillars = [PILLARS[i % 6], PILLARS[(i + 2) % 6]]
        for m in range(1, MONTHS + 1):
            month = date(YEAR, m, 1)
            amount = 4_000_000 + 250_000 * ((i + m) % 7)
            rows["Penghimpunan"].append([month, office, "Zakat Maal", amount, 20 + i, None])
            for pillar in pillars:
                program = f"Program {pillar} {office}"
                rows["Program"].append(
                    [
                        month,
                        office,
                        pillar,
                        program,
                        "Berjalan",
                        10 + m,
                        500_000 * (1 + i % 3),
                        None,
                    ]
                )
        rows["Kendala"].append(
            [date(YEAR, 3, 1), office, "Penghimpunan", "Donatur baru sedikit", None, "Terbuka"]
        )
    rows["Rapat"].append([date(YEAR, MONTHS + 1, 5), "Aula Kantor Daerah", None, None, None])
    tables = {tab.name: [[c.header for c in tab.columns], *rows[tab.name]] for tab in TABS}
    tables[SETTINGS_TAB.name] = [["Kunci", "Nilai"], ["Nama", name]]
    return tables


def district_workbook(path: Path, n: int, name: str = NAME) -> Path:
    return sample.write_xlsx(district(n, name), path)


def with_mistakes(tables: dict[str, list[list]]) -> dict[str, list[list]]:
    """The district as offices really type it: a misspelled office, bad money, a bad date.

    Each mistake is a row the validator rejects (or notes), for the Kualitas
    Data page: the misspelled office ("KLL Karangn 2" for KLL Karangan 2) must
    be listed under the office it was meant for.
    """
    out = {name: [list(r) for r in rows] for name, rows in tables.items()}
    offices = [r[0] for r in out["Kantor"][1:]]
    meant = offices[1] if len(offices) > 1 else offices[0]
    typo = meant.replace("Karangan", "Karangn") if "Karangan" in meant else meant + "x"
    out["Penghimpunan"].append([date(YEAR, 2, 1), typo, "Zakat Maal", 2_500_000, 5, None])
    out["Penghimpunan"].append([date(YEAR, 3, 1), offices[0], "Infaq", "1,500", None, None])
    out["Program"].append(
        [date(YEAR, 4, 1), offices[0], "Ramadan", "Kado Ramadhan", "Selesai", 50, "2 jt", None]
    )
    out["Rapat"].append(["Sabtu, 5 Oktobre 2024", "Aula", None, None, None])
    out["Pengaturan"].append(["Warna", "hijau"])
    return out
