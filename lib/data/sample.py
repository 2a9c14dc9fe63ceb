"""Synthetic workbooks: the bundled sample and the benchmark sizes.

All of it is data contoh, fiktif: the offices of size S are the nine KLLs of the
5 October 2024 rakor (plus one closed office), but every figure, coordinator name
and program row is invented. Generation is deterministic (one random.Random(seed),
never the clock, no set iteration), so data/sample.xlsx can be rebuilt and
compared cell for cell.

Size S is the sample the app shows when nothing is configured: it mixes the ways
offices really type money and months (only in formats the contract accepts) and
puts a title row above one tab's header. Sizes M and L are for benchmarks: 33
offices, numeric money and date months only, 5 and 10 years.
"""

from __future__ import annotations

import io
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import xlsxwriter
from xlsxwriter.format import Format

from lib.data.clock import MONTHS, MONTHS_SHORT
from lib.data.contract import (
    COUNT,
    FUND_TYPES,
    MONEY,
    MONTH,
    OBSTACLE_STATUSES,
    PILLARS,
    PROGRAM_STATUSES,
    SETTINGS_TAB,
    TAB_BY_NAME,
    TABS,
    Tab,
)

SAMPLE_PATH = Path(__file__).resolve().parents[2] / "data" / "sample.xlsx"
DEFAULT_SEED = 20241005
SIZES = ("S", "M", "L")

# Size S puts a title row (and an empty row) above this tab's header, as offices do.
TITLE_TAB = "Penghimpunan"
TITLE = "Laporan Penghimpunan KLL se-Kabupaten Malang"
NAME = "LAZISMU Kabupaten Malang"  # size S: the district of the 5 October 2024 rakor

KECAMATAN = [
    "Ampelgading",
    "Bantur",
    "Bululawang",
    "Dampit",
    "Dau",
    "Donomulyo",
    "Gedangan",
    "Gondanglegi",
    "Jabung",
    "Kalipare",
    "Karangploso",
    "Kasembon",
    "Kepanjen",
    "Kromengan",
    "Lawang",
    "Ngajum",
    "Ngantang",
    "Pagak",
    "Pagelaran",
    "Pakis",
    "Pakisaji",
    "Poncokusumo",
    "Pujon",
    "Singosari",
    "Sumbermanjing Wetan",
    "Sumberpucung",
    "Tajinan",
    "Tirtoyudo",
    "Tumpang",
    "Turen",
    "Wagir",
    "Wajak",
    "Wonosari",
]

ZAKAT_MAAL, ZAKAT_FITRAH, INFAQ_TERIKAT, INFAQ_UMUM, DSKL = FUND_TYPES
PENDIDIKAN, KESEHATAN, EKONOMI, KEMANUSIAAN, SOSIAL_DAKWAH, LINGKUNGAN = PILLARS
RENCANA, BERJALAN, SELESAI = PROGRAM_STATUSES
TERBUKA, TUNTAS = OBSTACLE_STATUSES

Month = tuple[int, int]

# Muhammadiyah dates (1 Ramadan, Idulfitri, Iduladha); only the months matter here.
_RAMADAN = {
    2015: (date(2015, 6, 18), date(2015, 7, 17), date(2015, 9, 23)),
    2016: (date(2016, 6, 6), date(2016, 7, 6), date(2016, 9, 12)),
    2017: (date(2017, 5, 27), date(2017, 6, 25), date(2017, 9, 1)),
    2018: (date(2018, 5, 17), date(2018, 6, 15), date(2018, 8, 22)),
    2019: (date(2019, 5, 6), date(2019, 6, 5), date(2019, 8, 11)),
    2020: (date(2020, 4, 24), date(2020, 5, 24), date(2020, 7, 31)),
    2021: (date(2021, 4, 13), date(2021, 5, 13), date(2021, 7, 20)),
    2022: (date(2022, 4, 2), date(2022, 5, 2), date(2022, 7, 9)),
    2023: (date(2023, 3, 23), date(2023, 4, 21), date(2023, 6, 28)),
    2024: (date(2024, 3, 11), date(2024, 4, 10), date(2024, 6, 16)),
}


# --- calendar helpers ----------------------------------------------------------


def _add(m: Month, n: int) -> Month:
    i = m[0] * 12 + m[1] - 1 + n
    return i // 12, i % 12 + 1


def _span(first: Month, last: Month) -> list[Month]:
    out, m = [], first
    while m <= last:
        out.append(m)
        m = _add(m, 1)
    return out


def _ramadan_months(year: int) -> list[Month]:
    start, fitri, _ = _RAMADAN[year]
    return _span((start.year, start.month), (fitri.year, fitri.month))


def _adha_month(year: int) -> Month:
    adha = _RAMADAN[year][2]
    return adha.year, adha.month


def _fitrah_share(year: int) -> dict[Month, float]:
    """Share of a year's zakat fitrah per month: paid through Ramadan, most near its end."""
    start, fitri, _ = _RAMADAN[year]
    weights: dict[Month, float] = defaultdict(float)
    days = (fitri - start).days + 1
    for i in range(days):
        d = date.fromordinal(start.toordinal() + i)
        weights[(d.year, d.month)] += (i + 1) ** 2
    total = sum(weights.values())
    return {m: w / total for m, w in weights.items()}


def _hijri_year(year: int) -> int:
    """Hijri year of the Ramadan (and Iduladha) that falls in this Gregorian year."""
    return year - 579


# --- cell formats as offices type them ------------------------------------------------


def _dots(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _round_money(amount: float, style: str, step: int = 1000) -> int:
    """Round so that the typed form is exact: `12,5 jt` cannot carry rupiah."""
    if style == "compact":
        step = 500_000 if amount >= 1_000_000 else 50_000
    return max(step, int(round(amount / step)) * step)


def _money(n: int | None, style: str, rng: random.Random) -> object:
    if n is None:
        return None
    if style == "number":
        return n
    if n == 0:
        return "-"
    if style == "rp":
        return f"Rp {_dots(n)}"
    if style == "rp_tight":
        return f"Rp{_dots(n)}" + rng.choice([",-", ",00", ""])
    if style == "dots":
        return _dots(n)
    if n >= 1_000_000:  # compact
        text = f"{n / 1_000_000:g}"
        if "." in text and rng.random() < 0.5:
            return f"{text.replace('.', ',')} jt"
        return f"{text}jt" if rng.random() < 0.5 else f"{text.replace('.', ',')} juta"
    return f"{n // 1000}rb" if rng.random() < 0.7 else f"{n // 1000} ribu"


def _count(n: int | None, style: str, rng: random.Random) -> object:
    if n is None or style == "number" or rng.random() < 0.7:
        return n
    return f"{_dots(n)} orang"


def _month(m: Month, style: str, rng: random.Random) -> object:
    if style == "mixed":
        style = rng.choice(["date", "date", "short"])
    year, mon = m
    if style == "short":
        return f"{MONTHS_SHORT[mon - 1]} {year}"
    if style == "iso":
        return f"{year}-{mon:02d}"
    if style == "long":
        return f"{MONTHS[mon - 1]} {year}"
    return date(year, mon, 1)


# --- the model ------------------------------------------------------------------------


@dataclass
class _Program:
    pillar: str
    name: str
    unit_cost: int | None  # rupiah per beneficiary; None: beneficiaries not counted
    weight: float  # relative share of the office's distribution in a month it runs
    months: dict[Month, str]  # month -> status
    note: str | None = None


@dataclass
class _Office:
    name: str
    kecamatan: str
    founded: date
    coordinator: str
    scale: float  # a typical month's collection, rupiah
    first: Month
    last: Month
    active: bool = True
    skip: tuple[Month, ...] = ()
    money: str = "number"
    month_style: str = "date"
    acr: dict[int, float] = field(default_factory=dict)  # year -> distribution / collection
    programs: list[_Program] = field(default_factory=list)

    def reports(self, m: Month) -> bool:
        return self.first <= m <= self.last and m not in self.skip


def _ongoing(first: Month, last: Month, ends: bool = False) -> dict[Month, str]:
    months = {m: BERJALAN for m in _span(first, last)}
    if ends:
        months[last] = SELESAI
    return months


def _once(months: list[Month]) -> dict[Month, str]:
    """A run of months that ends with the last one (Kado Ramadhan over Ramadan)."""
    return {m: SELESAI if i == len(months) - 1 else BERJALAN for i, m in enumerate(months)}


def _schedule(kind: str, first: Month, last: Month, rng: random.Random) -> dict[Month, str]:
    years = range(first[0], last[0] + 1)
    if kind == "ongoing":
        return _ongoing(first, last)
    if kind == "ramadan":
        out: dict[Month, str] = {}
        for y in years:
            out.update(_once(_ramadan_months(y)))
    elif kind == "adha":
        out = {_adha_month(y): SELESAI for y in years}
    elif kind == "school":  # new semester: January and July
        out = {(y, m): SELESAI for y in years for m in (1, 7)}
    elif kind == "holiday":  # school holidays: June and December
        out = {(y, m): SELESAI for y in years for m in (6, 12)}
    elif kind == "rainy":  # planting season
        out = {(y, m): BERJALAN for y in years for m in (1, 2, 11, 12)}
    else:  # "event": one or two responses a year
        out = {}
        for y in years:
            for m in rng.sample(range(1, 13), rng.choice([1, 1, 2])):
                out[(y, m)] = SELESAI
    return {m: s for m, s in out.items() if first <= m <= last}


# Program templates per pillar: name, schedule kind, rupiah per beneficiary, weight.
_TEMPLATES: dict[str, list[tuple[str, str, int | None, float]]] = {
    PENDIDIKAN: [
        ("Beasiswa Mentari", "school", 500_000, 2.0),
        ("Beasiswa Sang Surya", "school", 750_000, 2.0),
        ("Save Our School", "ongoing", 2_000_000, 1.2),
        ("Insentif Guru Honorer", "ongoing", 300_000, 1.0),
    ],
    KESEHATAN: [
        ("Layanan Ambulan Gratis", "ongoing", 350_000, 1.5),
        ("Khitan Massal", "holiday", 400_000, 2.0),
        ("Cek Kesehatan Gratis Lansia", "ongoing", 50_000, 0.6),
        ("Gizi Balita Sehat", "ongoing", 100_000, 0.8),
    ],
    EKONOMI: [
        ("Pemberdayaan UMKM Binaan", "ongoing", 1_500_000, 1.5),
        ("Ternak Kambing Bergulir", "ongoing", 3_000_000, 1.2),
        ("Modal Usaha Petani", "ongoing", 1_000_000, 1.0),
        ("Gerobak Usaha Mandiri", "event", 2_500_000, 1.5),
    ],
    KEMANUSIAAN: [
        ("Tanggap Darurat Bencana", "event", 250_000, 2.5),
        ("Bantuan Korban Banjir", "event", 200_000, 2.0),
        ("Bedah Rumah Dhuafa", "event", 15_000_000, 2.0),
    ],
    SOSIAL_DAKWAH: [
        ("Kado Ramadhan", "ramadan", 150_000, 3.0),
        ("Tebar Hewan Kurban", "adha", 120_000, 4.0),
        ("Back to Masjid", "ongoing", 500_000, 0.8),
        ("Insentif Guru TPQ", "ongoing", 250_000, 1.0),
        ("Santunan Anak Yatim", "ongoing", 200_000, 1.0),
        ("Dai Mandiri", "ongoing", 750_000, 0.8),
    ],
    LINGKUNGAN: [
        ("Sedekah Pohon", "rainy", 100_000, 0.8),
        ("Bank Sampah Masjid", "ongoing", 50_000, 0.5),
    ],
}


def _template(name: str) -> tuple[str, str, str, int | None, float]:
    for pillar, items in _TEMPLATES.items():
        for t in items:
            if t[0] == name:
                return (pillar, *t)
    raise KeyError(name)


def _program(
    name: str,
    first: Month,
    last: Month,
    rng: random.Random,
    months: dict[Month, str] | None = None,
    title: str | None = None,
    note: str | None = None,
) -> _Program:
    pillar, _, kind, unit, weight = _template(name)
    if months is None:
        months = _schedule(kind, first, last, rng)
    return _Program(pillar, title or name, unit, weight, months, note)


# (bidang, kendala, tindak lanjut)
_OBSTACLES = [
    ("Penghimpunan", "Donatur rutin berkurang setelah Ramadan", "Silaturahmi ke donatur lama"),
    ("Penghimpunan", "Kotak infaq di masjid belum terdata semua", "Pendataan ulang kotak infaq"),
    (
        "Penghimpunan",
        "Muzaki lebih memilih menyalurkan zakat langsung ke tetangga",
        "Sosialisasi zakat lewat lembaga di pengajian ranting",
    ),
    ("Penghimpunan", "Petugas jemput infaq hanya satu orang", "Rekrut relawan jemput infaq"),
    (
        "Penghimpunan",
        "Kwitansi dari ranting terlambat masuk",
        "Batas setor kwitansi tanggal 25 tiap bulan",
    ),
    ("Penghimpunan", "Belum ada QRIS untuk donasi", "Ajukan QRIS lewat kantor daerah"),
    (
        "Penghimpunan",
        "Amal usaha Muhammadiyah belum rutin menyetor zakat karyawan",
        "Surat ke pimpinan AUM",
    ),
    ("Penghimpunan", "Kaleng infaq rumahan banyak yang tidak kembali", "Ganti dengan kupon infaq"),
    (
        "Penyaluran",
        "Data mustahik belum diverifikasi ulang",
        "Survei ulang mustahik bersama ranting",
    ),
    (
        "Penyaluran",
        "Penerima manfaat ganda dengan bantuan desa",
        "Cocokkan data dengan pemerintah desa",
    ),
    ("Penyaluran", "Biaya BBM ambulan melebihi anggaran", "Ajukan infaq terikat operasional"),
    ("Penyaluran", "Sembako Kado Ramadhan terlambat datang", "Pesan ke pemasok lebih awal"),
    (
        "Penyaluran",
        "Lokasi penerima bantuan sulit dijangkau saat hujan",
        "Salurkan lewat ranting terdekat",
    ),
    ("Penyaluran", "Dokumentasi penyaluran belum lengkap", "Wajib foto dan tanda terima"),
    (
        "Penyaluran",
        "Usulan bantuan dari ranting melebihi dana tersedia",
        "Susun skala prioritas asnaf",
    ),
    ("Penyaluran", "Laporan penggunaan modal usaha belum masuk", "Kunjungan pendampingan"),
    ("Kelembagaan", "SK pengurus KLL belum terbit", "Usulkan ke PDM melalui kantor daerah"),
    ("Kelembagaan", "Amil relawan sibuk bekerja", "Jadwal piket bergilir"),
    ("Kelembagaan", "Belum ada ruang sekretariat tetap", "Pinjam ruang di gedung PCM"),
    ("Kelembagaan", "Pembagian tugas pengurus belum jelas", "Rapat internal pembagian tugas"),
    (
        "Kelembagaan",
        "Belum ikut pelatihan aplikasi pelaporan",
        "Ikut pelatihan dari kantor daerah",
    ),
    ("Kelembagaan", "Belum punya rekening atas nama KLL", "Urus rekening bank syariah"),
    ("Kelembagaan", "Pergantian bendahara KLL", "Serah terima dan audit kas"),
    ("Lainnya", "Format laporan bulanan berubah", "Pakai template terbaru dari kantor daerah"),
    ("Lainnya", "Koordinasi dengan PCM belum rutin", "Jadwalkan pertemuan bulanan dengan PCM"),
    ("Lainnya", "Jaringan internet di kantor sering putus", "Laporan dikirim dari rumah amil"),
    ("Lainnya", "Spanduk dan brosur program habis", "Cetak ulang bersama kantor daerah"),
    ("Lainnya", "Jadwal rakor bentrok dengan pengajian", "Usulkan rakor hari Sabtu pagi"),
]

# Obstacles that only make sense for some offices: a program (by pillar or name) that
# runs that month, or an office in its first year ("baru").
_OBSTACLE_NEEDS = {
    "Biaya BBM ambulan melebihi anggaran": "Ambulan",
    "Sembako Kado Ramadhan terlambat datang": "Kado Ramadhan",
    "Laporan penggunaan modal usaha belum masuk": EKONOMI,
    "SK pengurus KLL belum terbit": "baru",
    "Belum punya rekening atas nama KLL": "baru",
}


def _obstacle_pool(off: _Office) -> dict[Month, list[tuple[str, str, str]]]:
    """The obstacles that fit each month this office reports."""
    new_until = _add((off.founded.year, off.founded.month), 12)
    fits: dict[str, set[Month]] = defaultdict(set)
    for p in off.programs:
        for wanted in dict.fromkeys(_OBSTACLE_NEEDS.values()):
            if p.pillar == wanted or wanted in p.name:
                fits[wanted].update(p.months)
    pool = {}
    for m in _span(off.first, off.last):
        if off.reports(m):
            pool[m] = [
                item
                for item in _OBSTACLES
                if (need := _OBSTACLE_NEEDS.get(item[1])) is None
                or (m < new_until if need == "baru" else m in fits[need])
            ]
    return pool


_FIRST_NAMES = [
    "Ahmad",
    "Siti",
    "Budi",
    "Dwi",
    "Eko",
    "Fajar",
    "Hadi",
    "Indah",
    "Joko",
    "Lilik",
    "Nur",
    "Rina",
    "Sugeng",
    "Tri",
    "Umi",
    "Wahyu",
    "Yusuf",
    "Zainal",
]
_LAST_NAMES = [
    "Hidayat",
    "Rahmawati",
    "Santoso",
    "Prasetyo",
    "Kurniawan",
    "Hasanah",
    "Setiawan",
    "Aminah",
    "Widodo",
    "Susanto",
    "Maulana",
    "Fitriani",
    "Saputra",
    "Wulandari",
]


# --- size S: the offices of the 5 October 2024 rakor ----------------------------------


def _sample_offices(rng: random.Random) -> list[_Office]:
    first, last = (2023, 1), (2024, 12)
    o = {}

    def office(name, kec, founded, coord, scale, money, month_style, skip=(), **kw):
        start = max(first, (founded.year, founded.month))
        o[name] = _Office(
            name,
            kec,
            founded,
            coord,
            scale * 1_000_000,
            start,
            kw.pop("last", last),
            skip=tuple(skip),
            money=money,
            month_style=month_style,
            **kw,
        )

    # Article order; coordinators are fictional.
    office(
        "KLL Gondanglegi",
        "Gondanglegi",
        date(2019, 3, 15),
        "Moh. Arif Hidayat",
        14,
        "number",
        "date",
        [(2023, 8)],
    )
    office("KLL Pagak", "Pagak", date(2024, 6, 14), "Nur Hasanah", 3, "rp", "short")
    office(
        "KLL Lawang",
        "Lawang",
        date(2019, 9, 2),
        "Bambang Setiawan",
        18,
        "number",
        "date",
        [(2023, 11), (2024, 2)],
    )
    office(
        "KLL Malangsuko",
        "Tumpang",
        date(2020, 2, 10),
        "Siti Aminah",
        8,
        "compact",
        "iso",
        [(2023, 5)],
    )
    office("KLL Bululawang", "Bululawang", date(2020, 8, 17), "Agus Priyanto", 12, "dots", "long")
    office(
        "KLL Pakis", "Pakis", date(2021, 1, 20), "Dwi Rahmawati", 16, "number", "date", [(2024, 12)]
    )
    # The one established office with no report at all for September 2024.
    office(
        "KLL Wajak", "Wajak", date(2021, 6, 5), "Sugeng Widodo", 9, "rp_tight", "short", [(2024, 9)]
    )
    office("KLL Singosari", "Singosari", date(2024, 7, 21), "Fajar Kurniawan", 4, "number", "iso")
    office(
        "KLL Poncokusumo",
        "Poncokusumo",
        date(2022, 3, 12),
        "Eko Prasetyo",
        10,
        "rp",
        "mixed",
        [(2024, 1)],
    )
    # Closed in mid-2023: Aktif = Tidak, its old rows still count.
    office(
        "KLL Dampit",
        "Dampit",
        date(2021, 4, 1),
        "Heru Susanto",
        5,
        "number",
        "date",
        active=False,
        last=(2023, 6),
    )

    def add(office_name: str, name: str, months=None, title=None, note=None):
        off = o[office_name]
        p = _program(name, off.first, off.last, rng, months, title, note)
        off.programs.append(p)

    palestina = _Program(
        KEMANUSIAAN,
        "Peduli Palestina",
        None,
        6.0,
        _once([(2023, 11), (2023, 12)]),
        "Disalurkan melalui LAZISMU Pusat",
    )
    add("KLL Gondanglegi", "Beasiswa Sang Surya")
    add("KLL Gondanglegi", "Insentif Guru TPQ")
    add("KLL Gondanglegi", "Kado Ramadhan")
    o["KLL Gondanglegi"].programs.append(palestina)

    add("KLL Lawang", "Save Our School")
    add("KLL Lawang", "Khitan Massal")
    add("KLL Lawang", "Back to Masjid")
    add("KLL Lawang", "Tebar Hewan Kurban")

    add("KLL Malangsuko", "Ternak Kambing Bergulir", _ongoing((2023, 3), (2024, 12)))
    add("KLL Malangsuko", "Beasiswa Mentari")
    add("KLL Malangsuko", "Kado Ramadhan")

    add("KLL Bululawang", "Pemberdayaan UMKM Binaan", note="Pendampingan dan modal usaha")
    add("KLL Bululawang", "Beasiswa Mentari")
    add("KLL Bululawang", "Santunan Anak Yatim")

    add("KLL Pakis", "Cek Kesehatan Gratis Lansia")
    add("KLL Pakis", "Bantuan Korban Banjir", {(2024, 2): SELESAI})
    add("KLL Pakis", "Kado Ramadhan")
    add("KLL Pakis", "Insentif Guru Honorer", _ongoing((2023, 1), (2024, 6), ends=True))
    o["KLL Pakis"].programs.append(
        _Program(KEMANUSIAAN, "Peduli Palestina", None, 6.0, {(2023, 11): SELESAI})
    )

    add("KLL Wajak", "Modal Usaha Petani")
    add("KLL Wajak", "Tebar Hewan Kurban")
    add("KLL Wajak", "Dai Mandiri")
    o["KLL Wajak"].programs.append(palestina)

    add("KLL Poncokusumo", "Layanan Ambulan Gratis", note="Antar jemput pasien ke RS")
    add("KLL Poncokusumo", "Sedekah Pohon", title="Penanaman Pohon Lereng Semeru")
    add(
        "KLL Poncokusumo",
        "Bantuan Korban Banjir",
        {(2023, 7): SELESAI},
        "Bantuan Banjir Lahar Semeru",
    )
    add("KLL Poncokusumo", "Kado Ramadhan")

    # New offices: one running program, the rest still plans presented at the rakor.
    add("KLL Pagak", "Santunan Anak Yatim", _ongoing((2024, 8), (2024, 12)))
    add(
        "KLL Pagak",
        "Beasiswa Mentari",
        {(2024, 9): RENCANA, (2024, 10): RENCANA, (2024, 11): BERJALAN, (2024, 12): BERJALAN},
        "Beasiswa Anak Petani",
    )
    add(
        "KLL Pagak",
        "Ternak Kambing Bergulir",
        {m: RENCANA for m in _span((2024, 9), (2024, 12))},
        "Sedekah Ternak",
    )
    add(
        "KLL Singosari",
        "Cek Kesehatan Gratis Lansia",
        {(2024, 9): RENCANA, (2024, 10): RENCANA, (2024, 12): BERJALAN},
        "Posbindu Lansia",
    )
    add(
        "KLL Singosari",
        "Kado Ramadhan",
        {m: RENCANA for m in _span((2024, 10), (2024, 12))},
        "Kado Ramadhan 1446 H",
    )
    add("KLL Singosari", "Beasiswa Mentari", {m: RENCANA for m in _span((2024, 10), (2024, 12))})

    add("KLL Dampit", "Beasiswa Mentari")
    add("KLL Dampit", "Kado Ramadhan")
    add("KLL Dampit", "Santunan Anak Yatim", _ongoing((2023, 1), (2023, 6), ends=True))

    for off in o.values():
        for y in (2023, 2024):
            off.acr[y] = rng.uniform(0.55, 0.92)
    o["KLL Lawang"].acr[2023] = 1.06  # distributed last year's reserve: ACR above 100%
    o["KLL Pagak"].acr[2024] = 0.35
    o["KLL Singosari"].acr[2024] = 0.2
    return list(o.values())


# --- sizes M and L: every kecamatan -----------------------------------------------------


def _generic_offices(rng: random.Random, first: Month, last: Month, density: int) -> list[_Office]:
    offices = []
    weights: dict[str, float] = {
        PENDIDIKAN: 5,
        KESEHATAN: 3,
        EKONOMI: 3,
        KEMANUSIAAN: 3,
        SOSIAL_DAKWAH: 6,
    }
    weights[LINGKUNGAN] = 0.6
    new = set(rng.sample(range(len(KECAMATAN)), 4))
    closed = rng.choice([i for i in range(len(KECAMATAN)) if i not in new])
    for i, kec in enumerate(KECAMATAN):
        if i in new:
            founded = date(last[0] - rng.randint(0, 2), rng.randint(1, 12), rng.randint(1, 28))
        else:
            founded = date(rng.randint(2010, first[0] - 1), rng.randint(1, 12), rng.randint(1, 28))
        start = max(first, (founded.year, founded.month))
        end = _add(first, rng.randint(18, 40)) if i == closed else last
        months = _span(start, end)
        skip = tuple(m for m in months[1:] if rng.random() < 0.02)
        name = f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}"
        off = _Office(
            f"KLL {kec}",
            kec,
            founded,
            name,
            rng.uniform(4, 30) * 1_000_000,
            start,
            end,
            active=i != closed,
            skip=skip,
        )
        pillars: list[str] = []
        pool = dict(weights)
        for _ in range(rng.choice([3, 4, 4, 5])):
            pick = rng.choices(list(pool), list(pool.values()))[0]
            pillars.append(pick)
            del pool[pick]
        off.programs = _generic_programs(rng, off, pillars, density)
        off.acr = {y: rng.uniform(0.5, 0.98) for y in range(first[0], last[0] + 1)}
        offices.append(off)
    # Every pillar somewhere in the district, never all six in one office.
    for pillar in PILLARS:
        if not any(p.pillar == pillar for off in offices for p in off.programs):
            off = rng.choice([o for o in offices if len({p.pillar for p in o.programs}) < 5])
            off.programs += _generic_programs(rng, off, [pillar], density)
    return offices


def _generic_programs(
    rng: random.Random, off: _Office, pillars: list[str], density: int
) -> list[_Program]:
    out = []
    for pillar in pillars:
        templates = _TEMPLATES[pillar]
        for name, kind, _unit, _w in rng.sample(
            templates, min(len(templates), rng.choice([2, 2, 3]))
        ):
            for k in range(1, density + 1):
                first, last = off.first, off.last
                if kind == "ongoing" and rng.random() < 0.3:
                    first = _add(first, rng.randint(0, 24))
                    if rng.random() < 0.3:
                        last = min(last, _add(first, rng.randint(3, 30)))
                if first > last:
                    continue
                months = _schedule(kind, first, last, rng)
                if kind == "ongoing" and last < off.last:
                    months = _ongoing(first, last, ends=True)
                title = name if k == 1 else f"{name} Ranting {k}"
                out.append(_program(name, first, last, rng, months, title))
    return out


# --- tables ---------------------------------------------------------------------------


def _headers(tab_name: str) -> list[str]:
    return [c.header for c in TAB_BY_NAME[tab_name].columns]


def _collections(rng: random.Random, offices: list[_Office], rich: bool):
    """Rows of tab Penghimpunan, and each office-year's total (for ACR and targets)."""
    rows: list[list] = []
    totals: dict[tuple[str, int], int] = defaultdict(int)
    for off in offices:
        money = off.money if rich else "number"
        months = [m for m in _span(off.first, off.last) if off.reports(m)]
        years = sorted({m[0] for m in months})
        fitrah = {y: _fitrah_share(y) for y in years}
        for m in months:
            year, mon = m
            growth = 1.08 ** (year - 2020)
            ramadan = m in _ramadan_months(year)
            base = off.scale * growth
            if m < _add((off.founded.year, off.founded.month), 6):
                base *= 0.6  # a new office is still finding its donors
            entries: list[tuple[str, float, float, str | None]] = []
            if rng.random() < 0.92:
                entries.append((ZAKAT_MAAL, base * 0.35 * (1.8 if ramadan else 1), 600_000, None))
            if rng.random() < 0.97:
                entries.append((INFAQ_UMUM, base * 0.3 * (1.5 if ramadan else 1), 60_000, None))
            if m in fitrah[year]:
                share = fitrah[year][m]
                note: str | None = f"Zakat fitrah Ramadan {_hijri_year(year)} H"
                entries.append((ZAKAT_FITRAH, base * 1.6 * share, 150_000, note))
            palestine = rich and m == (2023, 11)
            if palestine or rng.random() < (0.8 if ramadan else 0.25):
                note = "Infaq Peduli Palestina" if palestine else None
                if ramadan:
                    note = "Infaq Kado Ramadhan"
                size = 0.9 if palestine else 0.15
                entries.append((INFAQ_TERIKAT, base * size, 100_000, note))
            if m == _adha_month(year):
                note = f"Kurban Iduladha {_hijri_year(year)} H"
                entries.append((DSKL, base * 2.0, 2_500_000, note))
            elif ramadan and rng.random() < 0.6:
                entries.append((DSKL, base * 0.08, 200_000, "Fidyah"))
            elif rng.random() < 0.06:
                entries.append((DSKL, base * 0.2, 5_000_000, "Hibah"))
            month_cell = _month(m, off.month_style if rich else "date", rng)
            for fund, mean, per_donor, note in entries:
                amount = _round_money(mean * rng.lognormvariate(0, 0.3), money)
                totals[(off.name, year)] += amount
                donors = None
                if rng.random() < 0.9:
                    donors = max(1, round(amount / per_donor * rng.uniform(0.7, 1.3)))
                rows.append(
                    [
                        month_cell,
                        off.name,
                        fund,
                        _money(amount, money, rng),
                        _count(donors, money, rng) if rich else donors,
                        note if rich else None,
                    ]
                )
    return rows, totals


def _programs(rng, offices: list[_Office], totals, rich: bool) -> list[list]:
    rows: list[list] = []
    for off in offices:
        money = off.money if rich else "number"
        runs = []  # (month, program, status, weight)
        weight_sum: dict[int, float] = defaultdict(float)
        for p in off.programs:
            for m, status in p.months.items():
                if not off.reports(m):
                    continue
                w = p.weight * rng.uniform(0.6, 1.4) if status != RENCANA else 0.0
                weight_sum[m[0]] += w
                runs.append((m, p, status, w))
        runs.sort(key=lambda r: r[0])
        for m, p, status, w in runs:
            dist = beneficiaries = None
            if w:
                share = totals.get((off.name, m[0]), 0) * off.acr.get(m[0], 0.7)
                dist = _round_money(share * w / weight_sum[m[0]], money)
                if p.unit_cost:
                    beneficiaries = max(1, round(dist / (p.unit_cost * rng.uniform(0.7, 1.3))))
            elif rich and money != "number":
                dist = 0  # a planned program: offices write "-"
            note = p.note
            if status == RENCANA and m == (2024, 10):
                note = "Dipaparkan pada rakor 5 Oktober 2024"
            rows.append(
                [
                    _month(m, off.month_style if rich else "date", rng),
                    off.name,
                    p.pillar,
                    p.name,
                    status,
                    _count(beneficiaries, money, rng) if rich else beneficiaries,
                    _money(dist, money, rng),
                    note if rich else None,
                ]
            )
    return rows


def _obstacle_row(rng, off: _Office, m: Month, item, end: Month, rich: bool) -> list:
    bidang, text, follow = item
    recent = m > _add(end, -3)
    status = TERBUKA if rng.random() < (0.7 if recent else 0.18) else TUNTAS
    if status == TERBUKA and rng.random() < 0.4:
        follow = None
    return [
        _month(m, off.month_style if rich else "date", rng),
        off.name,
        bidang,
        text,
        follow,
        status,
    ]


def _obstacles(rng, offices: list[_Office], first: Month, last: Month, rate: float, rich: bool):
    rows = []
    if rich:  # size S: 2-4 a month across the offices, and what the new offices told the rakor
        by_text = {item[1]: item for item in _OBSTACLES}
        forced = {
            ("KLL Pagak", (2024, 9)): "SK pengurus KLL belum terbit",
            ("KLL Singosari", (2024, 9)): "Belum punya rekening atas nama KLL",
            ("KLL Pagak", (2024, 10)): "Data mustahik belum diverifikasi ulang",
            ("KLL Poncokusumo", (2024, 8)): "Biaya BBM ambulan melebihi anggaran",
        }
        offices_by_name = {o.name: o for o in offices}
        pools = {o.name: _obstacle_pool(o) for o in offices}
        for m in _span(first, last):
            here = [o for o in offices if o.reports(m)]
            picked: dict[str, tuple[str, str, str] | None] = {
                o.name: None for o in rng.sample(here, min(len(here), rng.randint(2, 4)))
            }
            for (name, fm), text in forced.items():
                if fm == m:
                    picked[name] = by_text[text]
            for name, item in picked.items():
                item = item or rng.choice(pools[name][m])
                rows.append(_obstacle_row(rng, offices_by_name[name], m, item, last, rich))
        return rows
    for off in offices:
        for m, pool in _obstacle_pool(off).items():
            # A count with the given mean, capped by the pool of distinct texts.
            k = min(len(pool), int(rate) + (rng.random() < rate - int(rate)))
            for item in rng.sample(pool, k):
                rows.append(_obstacle_row(rng, off, m, item, last, rich))
    return rows


def _targets(rng, offices: list[_Office], totals, rich: bool) -> list[list]:
    rows = []
    years = sorted({y for _, y in totals})
    for y in years:
        for off in offices:
            actual = totals.get((off.name, y))
            if not actual or off.last < (y, 12):
                continue  # closed during the year: no target
            if rich and off.name == "KLL Singosari":
                continue  # a new office whose target is not filled in yet
            if not rich and rng.random() < 0.05:
                continue
            target = actual * rng.uniform(0.83, 1.25)
            target = _round_money(target, "number", 5_000_000 if target > 100e6 else 1_000_000)
            dist: int | None = _round_money(target * rng.uniform(0.6, 0.85), "number", 1_000_000)
            if rng.random() < 0.15:
                dist = None
            cell: object = target
            if rich and rng.random() < 0.15:
                cell = f"Rp {_dots(target)}"
            rows.append([y, off.name, cell, dist])
    return rows


_PLACES = [
    "Kantor LAZISMU Kabupaten Malang, Kepanjen",
    "Gedung Dakwah Muhammadiyah Lawang",
    "Aula PCM Gondanglegi",
    "Masjid Al-Ikhlas Bululawang",
    "Kantor KLL Wajak",
    "Aula PCM Tumpang",
    "Kantor KLL Poncokusumo",
]
_AGENDA = [
    "Evaluasi laporan bulanan",
    "Sosialisasi aplikasi pelaporan",
    "Pelatihan amil",
    "Laporan keuangan semester",
    "Audit syariah",
    "Pemetaan program per pilar",
]


def _meetings(rng: random.Random, first: Month, last: Month, rich: bool) -> list[list]:
    rows = []
    separators, multi = ["; ", "\n"], 0
    for n, m in enumerate(_span(_add(first, 1), last)):
        year, mon = m
        d = date(year, mon, 1)
        d = d.replace(day=1 + (5 - d.weekday()) % 7)  # first Saturday
        if m != (2024, 10) and rng.random() < 0.25:
            d = d.replace(day=d.day + 7)
        place = _PLACES[n % len(_PLACES)]
        agenda: list[str] = []
        nxt = _add(m, 1)
        if year in _RAMADAN and nxt[0] in _RAMADAN and nxt in _ramadan_months(nxt[0]):
            agenda.append("Persiapan Kado Ramadhan dan zakat fitrah")
        if nxt[0] in _RAMADAN and nxt == _adha_month(nxt[0]):
            agenda.append("Persiapan tebar hewan kurban")
        if mon == 12:
            agenda += [f"Penyusunan target {year + 1}", "Laporan keuangan akhir tahun"]
        if rng.random() < 0.25 and mon != 12:
            agenda.append(rng.choice(_AGENDA))
        period = None
        if rng.random() < 0.15:
            prev = _add(m, -1)
            period = _month(prev, rng.choice(["long", "date"]), rng) if rich else date(*prev, 1)
        notes = None
        if rng.random() < 0.3:
            notes = rng.choice(
                [
                    "Semua KLL hadir",
                    "Beberapa KLL izin karena ada pengajian",
                    "Laporan beberapa KLL menyusul",
                    "Rapat dimulai pukul 08.00",
                ]
            )
        if m == (2023, 11):
            agenda.append("Galang dana Peduli Palestina")
        if m == (2024, 10):
            place = "Warung Parikaton, Kecamatan Pakis"
            agenda = ["Persiapan Kado Ramadhan", "Evaluasi laporan bulanan"]
            period = None
            notes = "Penyambutan dua KLL baru: KLL Pagak dan KLL Singosari"
        sep = "; "
        if len(agenda) > 1 and m != (2024, 10):  # both separators people use, in turn
            sep = separators[multi % 2]
            multi += 1
        if rich and (2024, 7) <= m <= (2024, 9):
            # The rakor paused in mid-2024 and resumed on 5 October ("Kembali adakan
            # rapat koordinasi", the seed): that meeting welcomes KLL Pagak and KLL
            # Singosari, founded in the pause. Skipped after drawing, so every other
            # random value of the sample stays the same. The June rakor's decisions
            # are carried over the pause to 5 October (tab Keputusan).
            continue
        rows.append([d, place, period, sep.join(agenda) or None, notes])
    return rows


# --- the meeting record: tabs Kehadiran and Keputusan --------------------------------------

# Size S keeps its daftar hadir from 2024 on (the tab came into use then); earlier
# meetings have none, as in a sheet that adopted the tab late.
RECORD_FROM = (2024, 1)
# Size S, the December 2024 rakor is being typed in: two offices not recorded yet.
_NOT_YET_RECORDED = {(2024, 12): ("KLL Wajak", "KLL Lawang")}
_ATTENDANCE_S = {  # (meeting month, office): status other than Hadir
    (2024, 2): {"KLL Pakis": "Izin"},
    (2024, 4): {"KLL Wajak": "Tidak Hadir", "KLL Gondanglegi": "Izin"},
    (2024, 6): {"KLL Malangsuko": "Izin"},
    (2024, 9): {"KLL Pagak": "Izin"},
    (2024, 11): {"KLL Wajak": "Izin"},
}
_ALL = "Semua KLL"
_PROGRAM_DESK = "Ahmad Fauzi (Bidang Program)"  # fictitious, like every name here
_TREASURER = "Sri Wahyuni (Bendahara)"
# (meeting month, decision, penanggung jawab, tenggat, status, tanggal selesai). Tenggat
# may be a month (its last day) or a date; a closing date is a date or "meeting" for the
# date of the meeting of that month (closed in the room).
_DECISIONS_S: list[tuple[Month, str, str, object, str | None, object]] = [
    (
        (2024, 6),
        "Pembukaan rekening bank atas nama KLL Pagak",
        "KLL Pagak",
        date(2024, 9, 30),
        None,
        None,
    ),
    (
        (2024, 6),
        "Laporan penghimpunan bulanan dikirim paling lambat tanggal 5 bulan berikutnya",
        _ALL,
        date(2024, 10, 5),
        "Selesai",
        date(2024, 11, 1),
    ),
    (
        (2024, 6),
        "Melengkapi laporan penghimpunan Mei dan Juni di sheet",
        "kll wajak",
        date(2024, 9, 30),
        "Selesai",
        (2024, 11),
    ),
    (
        (2024, 6),
        "Menyiapkan bahan pemetaan program per pilar menurut panduan LAZISMU Pusat",
        _PROGRAM_DESK,
        date(2024, 10, 5),
        "Selesai",
        (2024, 10),
    ),
    (
        (2024, 10),
        "Mendampingi KLL Pagak dan KLL Singosari menyusun rancangan program pertama",
        _PROGRAM_DESK,
        "Nov 2024",
        "Selesai",
        date(2024, 11, 30),
    ),
    (
        (2024, 10),
        "Berbagi pengalaman pembinaan UMKM dengan KLL lain di rakor berikutnya",
        "Bululawang",
        (2024, 11),
        "Terbuka",
        None,
    ),
    (
        (2024, 10),
        "Mendata jadwal dan armada layanan ambulan gratis",
        "KLL Poncokusumo",
        date(2024, 11, 30),
        "Selesai",
        date(2024, 11, 20),
    ),
    (
        (2024, 10),
        "Setiap KLL mendata calon penerima Kado Ramadhan",
        _ALL,
        date(2025, 1, 31),
        None,
        None,
    ),
    (
        (2024, 11),
        "Menyusun usulan target penghimpunan 2025 per KLL",
        _TREASURER,
        (2024, 12),
        None,
        None,
    ),
    (
        (2024, 12),
        "Setiap KLL menandatangani komitmen target 2025",
        _ALL,
        "Jan 2025",
        None,
        None,
    ),
]


def _present(off: _Office, when: date) -> bool:
    """The office exists on the meeting date and has not closed before it."""
    return off.founded <= when and (off.active or (when.year, when.month) <= off.last)


def _representatives(rng: random.Random, off: _Office) -> str:
    others = rng.sample(_FIRST_NAMES, rng.choice([0, 1, 1, 2]))
    names = [off.coordinator] + [f"{n} {rng.choice(_LAST_NAMES)}" for n in others]
    return ", ".join(names)


def _attendance(rng: random.Random, offices: list[_Office], meetings: list[list], rich: bool):
    rows = []
    for meeting in meetings:
        when: date = meeting[0]
        m = (when.year, when.month)
        if rich and m < RECORD_FROM:
            continue
        special = _ATTENDANCE_S.get(m, {}) if rich else {}
        for off in offices:
            if not _present(off, when) or off.name in _NOT_YET_RECORDED.get(m, ()):
                continue
            if rich:
                status = special.get(off.name, "Hadir")
            else:
                status = rng.choices(["Hadir", "Izin", "Tidak Hadir"], [0.85, 0.1, 0.05])[0]
            who = _representatives(rng, off) if status == "Hadir" else None
            # An empty Status means Hadir; size S writes it both ways.
            shown = None if rich and status == "Hadir" and rng.random() < 0.3 else status
            rows.append([when, off.name, who, shown])
    return rows


def _decisions(rng: random.Random, offices: list[_Office], meetings: list[list], rich: bool):
    dates = {(r[0].year, r[0].month): r[0] for r in meetings}
    rows: list[list] = []
    if rich:
        for month, text, who, deadline, status, closed in _DECISIONS_S:
            if isinstance(deadline, tuple):
                deadline = dates[deadline]  # due by the next meeting
            if isinstance(closed, tuple):
                closed = dates[closed]
            rows.append([dates[month], text, who, deadline, status, closed, None])
        rows[1][6] = "Disepakati semua KLL"
        return rows
    names = [o.name for o in offices]
    topics = [follow_up for _, _, follow_up in _OBSTACLES]
    for meeting in meetings:
        when = meeting[0]
        for k in range(1, rng.choice([1, 2, 3]) + 1):
            deadline = date.fromordinal(when.toordinal() + rng.choice([14, 28, 30, 60]))
            done = rng.random() < 0.8
            closed = date.fromordinal(when.toordinal() + rng.randint(5, 90)) if done else None
            text = f"{rng.choice(topics)} (keputusan {k})"
            rows.append(
                [when, text, rng.choice(names), deadline, "Selesai" if done else None, closed, None]
            )
    return rows


_SPECS = {  # size: (first month, last month, programs per template, obstacles per office-month)
    "M": ((2020, 1), (2024, 12), 1, 0.5),
    "L": ((2015, 1), (2024, 12), 10, 5.0),
}


def generate(size: str = "S", seed: int = DEFAULT_SEED) -> dict[str, list[list]]:
    """Tab name -> rows as they land in the sheet (header row first; size S's title tab
    starts with a title row and an empty row). Every row is valid under the contract.
    """
    size = size.upper()
    if size not in SIZES:
        raise ValueError(f"size must be one of {SIZES}, not {size!r}")
    rng = random.Random(f"{size}:{seed}")
    rich = size == "S"
    if rich:
        first, last = (2023, 1), (2024, 12)
        offices = _sample_offices(rng)
        rate = 0.0
    else:
        first, last, density, rate = _SPECS[size]
        offices = _generic_offices(rng, first, last, density)
    collections, totals = _collections(rng, offices, rich)
    tables = {
        "Kantor": [
            [o.name, o.kecamatan, o.founded, o.coordinator, "Ya" if o.active else "Tidak"]
            for o in offices
        ],
        "Target": _targets(rng, offices, totals, rich),
        "Penghimpunan": collections,
        "Program": _programs(rng, offices, totals, rich),
        "Kendala": _obstacles(rng, offices, first, last, rate, rich),
        "Rapat": _meetings(rng, first, last, rich),
    }
    # Their own random stream: the tabs above stay exactly as they were before these existed.
    record_rng = random.Random(f"{size}:{seed}:rapat")
    tables["Kehadiran"] = _attendance(record_rng, offices, tables["Rapat"], rich)
    tables["Keputusan"] = _decisions(record_rng, offices, tables["Rapat"], rich)
    out = {}
    for tab in TABS:
        head = [[TITLE], []] if rich and tab.name == TITLE_TAB else []
        out[tab.name] = [*head, _headers(tab.name), *tables[tab.name]]
    if rich:  # the sample names its district; sizes M and L leave the name to the settings
        out[SETTINGS_TAB.name] = [[c.header for c in SETTINGS_TAB.columns], ["Nama", NAME]]
    return out


def row_count(tables: dict[str, list[list]]) -> int:
    """Data rows in all tabs (header and title rows not counted)."""
    return sum(len(rows) - header_index(name, rows) - 1 for name, rows in tables.items())


def header_index(tab_name: str, rows: list[list]) -> int:
    """Index of the header row: the first of the first five holding all required headers."""
    tab = TAB_BY_NAME.get(tab_name)
    if tab is None:
        return 0
    for i, row in enumerate(rows[:5]):
        found = {str(c).strip() for c in row if isinstance(c, str)}
        if set(tab.required) <= found:
            return i
    return 0


# --- writing --------------------------------------------------------------------------

DATE_FORMAT = "dd/mm/yyyy"
MONTH_FORMAT = "mmm yyyy"
NUMBER_FORMAT = "#,##0"
_FIXED_TIME = (2024, 10, 5, 0, 0, 0)  # the workbook's creation time: the same on every run


def _widths(tab: Tab | None, header: list) -> list[int]:
    out = []
    for i, h in enumerate(header):
        col = tab.columns[i] if tab and i < len(tab.columns) else None
        wide = col and col.field in ("obstacle", "follow_up", "extra_agenda", "notes", "note")
        out.append(40 if wide else max(12, len(str(h or "")) + 4))
    return out


def write_xlsx(tables: dict[str, list[list]], path: str | Path) -> Path:
    """Write one sheet per tab (contract order first), dates as real date cells.

    Text goes to the shared-strings table (xl/sharedStrings.xml) as in a file
    Excel saves or Google Sheets exports, so the benchmark reads a workbook like
    the ones users have; openpyxl 3.1 writes every text cell inline, about three
    times the XML to parse. XlsxWriter stamps the zip entries itself and takes
    its creation time from us: the same tables give the same bytes, and a
    rebuilt sample shows no git diff. Text is always written as text (a cell
    typed "=1+1" stays what the office typed).
    """
    path = Path(path)
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True})
    wb.set_properties({"created": datetime(*_FIXED_TIME, tzinfo=UTC)})
    formats: dict[tuple[str, str], Format] = {}

    def fmt(font: str, number_format: str = "") -> Format:
        key = (font, number_format)
        if key not in formats:
            spec: dict[str, object] = {"bold": True} if font else {}
            if font == "title":
                spec["font_size"] = 14
            if number_format:
                spec["num_format"] = number_format
            formats[key] = wb.add_format(spec)
        return formats[key]

    names = [t.name for t in TABS if t.name in tables]
    names += [n for n in tables if n not in names]
    for name in names:
        rows = tables[name]
        ws = wb.add_worksheet(name)
        tab = TAB_BY_NAME.get(name)
        at = header_index(name, rows)
        header = list(rows[at]) if rows else []
        kinds = [
            next((c.kind for c in tab.columns if c.header == h), None) if tab else None
            for h in header
        ]
        for i, width in enumerate(_widths(tab, header)):
            ws.set_column(i, i, width)
        ws.freeze_panes(at + 1, 0)
        for r, row in enumerate(rows):
            font = "" if r > at else "bold" if r == at else "title"
            text_format = fmt(font) if font else None
            for c, v in enumerate(row):
                if v is None:
                    continue
                kind = kinds[c] if c < len(kinds) else None
                if isinstance(v, str):
                    error = ws.write_string(r, c, v, text_format)
                elif isinstance(v, bool):
                    error = ws.write_boolean(r, c, v, text_format)
                elif isinstance(v, date):
                    number_format = MONTH_FORMAT if kind == MONTH else DATE_FORMAT
                    error = ws.write_datetime(r, c, v, fmt(font, number_format))
                elif isinstance(v, int | float):
                    money = not font and kind in (MONEY, COUNT)
                    error = ws.write_number(
                        r, c, v, fmt(font, NUMBER_FORMAT) if money else text_format
                    )
                else:
                    raise TypeError(f"{name} row {r + 1}: cannot write {type(v).__name__} {v!r}")
                if error:
                    raise ValueError(f"{name} row {r + 1} column {c + 1}: XlsxWriter error {error}")
    wb.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(buffer.getvalue())
    tmp.replace(path)
    return path


def ensure_sample() -> Path:
    """The bundled sample workbook, built on first use if it is missing."""
    if not SAMPLE_PATH.exists():
        write_xlsx(generate("S"), SAMPLE_PATH)
    return SAMPLE_PATH
