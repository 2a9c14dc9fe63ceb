"""The sheet contract: tabs, columns, canonical values and their synonyms.

This module is the single source of truth that the validator, the template
generator, the sample generator and the exports all read, so a column added
here appears everywhere at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Kinds of cell a column holds; lib.parse has one parser per kind.
TEXT = "text"
MONEY = "money"
COUNT = "count"
MONTH = "month"
DATE = "date"
YEAR = "year"
OFFICE = "office"  # a reference to tab Kantor
CHOICE = "choice"  # one of a fixed list (see CHOICES)
YESNO = "yesno"
DEADLINE = "deadline"  # a date; a month alone means its last day (Tenggat)
RESPONSIBLE = "responsible"  # an office (matched loosely) or a person's name


@dataclass(frozen=True)
class Column:
    header: str  # as written in the sheet
    field: str  # English identifier used in the dataset
    kind: str
    required: bool = False
    choices: str | None = None  # key into CHOICES for kind CHOICE
    default: object = None

    @property
    def choice_key(self) -> str:
        """The CHOICES key of a CHOICE column; a column without one is a contract bug."""
        if self.choices is None:
            raise ValueError(f"column {self.field!r} names no choices")
        return self.choices


@dataclass(frozen=True)
class Tab:
    name: str
    key: str  # English identifier of the table in the dataset
    columns: tuple[Column, ...]
    maintained_by: str  # "kabupaten" or "kantor"; shown in the template's Petunjuk
    optional: bool = False  # a sheet without this tab works as if the tab were empty

    @property
    def required(self) -> list[str]:
        return [c.header for c in self.columns if c.required]

    def column(self, field: str) -> Column:
        return next(c for c in self.columns if c.field == field)


PILLARS = ["Pendidikan", "Kesehatan", "Ekonomi", "Kemanusiaan", "Sosial Dakwah", "Lingkungan"]
FUND_TYPES = [
    "Zakat Maal",
    "Zakat Fitrah",
    "Infaq/Sedekah Terikat",
    "Infaq/Sedekah Tidak Terikat",
    "DSKL",
]
PROGRAM_STATUSES = ["Rencana", "Berjalan", "Selesai"]
OBSTACLE_STATUSES = ["Terbuka", "Selesai"]
FIELDS = ["Penghimpunan", "Penyaluran", "Kelembagaan", "Lainnya"]  # Bidang of a kendala

# Programs with these statuses count as coverage of a pillar; Rencana never does.
ACTIVE_PROGRAM_STATUSES = ("Berjalan", "Selesai")

# The meeting record (tabs Kehadiran and Keputusan).
ATTENDANCE_STATUSES = ["Hadir", "Izin", "Tidak Hadir"]
DECISION_STATUSES = ["Terbuka", "Selesai"]

CHOICES: dict[str, list[str]] = {
    "pilar": PILLARS,
    "jenis_dana": FUND_TYPES,
    "status_program": PROGRAM_STATUSES,
    "status_kendala": OBSTACLE_STATUSES,
    "bidang": FIELDS,
    "status_hadir": ATTENDANCE_STATUSES,
    "status_keputusan": DECISION_STATUSES,
}

# Synonyms, keyed by choice list, written as people type them; normalised with
# choice_key() before lookup, so case, punctuation and spacing never matter.
SYNONYMS: dict[str, dict[str, str]] = {
    "pilar": {
        "edukasi": "Pendidikan",
        "kesehatan masyarakat": "Kesehatan",
        "pemberdayaan ekonomi": "Ekonomi",
        "ekonomi produktif": "Ekonomi",
        "bencana": "Kemanusiaan",
        "kebencanaan": "Kemanusiaan",
        "tanggap bencana": "Kemanusiaan",
        "sosdak": "Sosial Dakwah",
        "sosdakwah": "Sosial Dakwah",
        "dakwah": "Sosial Dakwah",
        "sosial": "Sosial Dakwah",
        "sosial dan dakwah": "Sosial Dakwah",
        "sosial keagamaan": "Sosial Dakwah",
        "lingkungan hidup": "Lingkungan",
    },
    "jenis_dana": {
        "zakat mal": "Zakat Maal",
        "maal": "Zakat Maal",
        "mal": "Zakat Maal",
        "zakat profesi": "Zakat Maal",
        "zakat penghasilan": "Zakat Maal",
        "fitrah": "Zakat Fitrah",
        "zakat fitri": "Zakat Fitrah",
        "infaq terikat": "Infaq/Sedekah Terikat",
        "infak terikat": "Infaq/Sedekah Terikat",
        "sedekah terikat": "Infaq/Sedekah Terikat",
        "shadaqah terikat": "Infaq/Sedekah Terikat",
        "infak sedekah terikat": "Infaq/Sedekah Terikat",
        "infaq": "Infaq/Sedekah Tidak Terikat",
        "infak": "Infaq/Sedekah Tidak Terikat",
        "sedekah": "Infaq/Sedekah Tidak Terikat",
        "shadaqah": "Infaq/Sedekah Tidak Terikat",
        "shodaqoh": "Infaq/Sedekah Tidak Terikat",
        "sodaqoh": "Infaq/Sedekah Tidak Terikat",
        "infaq sedekah": "Infaq/Sedekah Tidak Terikat",
        "infak sedekah": "Infaq/Sedekah Tidak Terikat",
        "infaq tidak terikat": "Infaq/Sedekah Tidak Terikat",
        "infak tidak terikat": "Infaq/Sedekah Tidak Terikat",
        "sedekah tidak terikat": "Infaq/Sedekah Tidak Terikat",
        "infak sedekah tidak terikat": "Infaq/Sedekah Tidak Terikat",
        "infaq umum": "Infaq/Sedekah Tidak Terikat",
        "dana sosial keagamaan lainnya": "DSKL",
        "fidyah": "DSKL",
        "kurban": "DSKL",
        "qurban": "DSKL",
        "kafarat": "DSKL",
        "kaffarat": "DSKL",
        "nazar": "DSKL",
        "nadzar": "DSKL",
        "hibah": "DSKL",
    },
    "status_program": {
        "direncanakan": "Rencana",
        "rencana program": "Rencana",
        "jalan": "Berjalan",
        "sedang berjalan": "Berjalan",
        "aktif": "Berjalan",
        "proses": "Berjalan",
        "sudah": "Selesai",
        "tuntas": "Selesai",
        "terlaksana": "Selesai",
    },
    "status_kendala": {
        "belum selesai": "Terbuka",
        "open": "Terbuka",
        "proses": "Terbuka",
        "tuntas": "Selesai",
        "teratasi": "Selesai",
        "sudah": "Selesai",
        "closed": "Selesai",
    },
    "status_hadir": {
        "hadir": "Hadir",
        "ada": "Hadir",
        "datang": "Hadir",
        "ijin": "Izin",
        "izin": "Izin",
        "berhalangan": "Izin",
        "sakit": "Izin",
        "absen": "Tidak Hadir",
        "alpa": "Tidak Hadir",
        "alpha": "Tidak Hadir",
        "tidak": "Tidak Hadir",
        "tdk hadir": "Tidak Hadir",
        "tanpa keterangan": "Tidak Hadir",
    },
    "status_keputusan": {
        "belum": "Terbuka",
        "belum selesai": "Terbuka",
        "open": "Terbuka",
        "proses": "Terbuka",
        "berjalan": "Terbuka",
        "tuntas": "Selesai",
        "sudah": "Selesai",
        "terlaksana": "Selesai",
        "done": "Selesai",
        "closed": "Selesai",
    },
    "bidang": {
        "fundraising": "Penghimpunan",
        "pengumpulan": "Penghimpunan",
        "pendistribusian": "Penyaluran",
        "pentasharufan": "Penyaluran",
        "distribusi": "Penyaluran",
        "pendayagunaan": "Penyaluran",
        "organisasi": "Kelembagaan",
        "lembaga": "Kelembagaan",
        "sdm": "Kelembagaan",
        "lain lain": "Lainnya",
        "lain": "Lainnya",
    },
}

# Values people type that look like a choice but are not one; each gets its own
# explanation instead of the generic list.
NOT_A_CHOICE: dict[str, dict[str, str]] = {
    "pilar": {
        "ramadan": "Ramadan adalah musim program, bukan pilar: pilih pilar program itu "
        "(mis. Kado Ramadhan biasanya Sosial Dakwah atau Kemanusiaan).",
        "ramadhan": "Ramadan adalah musim program, bukan pilar: pilih pilar program itu "
        "(mis. Kado Ramadhan biasanya Sosial Dakwah atau Kemanusiaan).",
    },
    "jenis_dana": {
        "csr": "CSR adalah jenis donatur, bukan jenis dana: tulis jenis dananya "
        "(mis. Infaq/Sedekah Terikat).",
        "zakat": "Tulis jenis zakatnya: Zakat Maal atau Zakat Fitrah.",
    },
}

YES_WORDS = {"ya", "y", "yes", "aktif", "true", "1", "iya"}
NO_WORDS = {"tidak", "tdk", "t", "no", "n", "nonaktif", "non aktif", "tidak aktif", "false", "0"}


def choice_key(text: str) -> str:
    """Normalise a typed value for lookup: lower case, letters and digits only."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


TABS: tuple[Tab, ...] = (
    Tab(
        "Kantor",
        "offices",
        (
            Column("Kantor", "office", TEXT, required=True),
            Column("Kecamatan", "kecamatan", TEXT),
            Column("Tanggal Berdiri", "founded", DATE),
            Column("Koordinator", "coordinator", TEXT),
            Column("Aktif", "active", YESNO, default=True),
        ),
        "kabupaten",
    ),
    Tab(
        "Target",
        "targets",
        (
            Column("Tahun", "year", YEAR, required=True),
            Column("Kantor", "office", OFFICE, required=True),
            Column("Target Penghimpunan", "target_collection", MONEY, required=True),
            Column("Target Penyaluran", "target_distribution", MONEY),
        ),
        "kabupaten",
    ),
    Tab(
        "Penghimpunan",
        "collections",
        (
            Column("Bulan", "month", MONTH, required=True),
            Column("Kantor", "office", OFFICE, required=True),
            Column("Jenis Dana", "fund_type", CHOICE, required=True, choices="jenis_dana"),
            Column("Jumlah", "amount", MONEY, required=True),
            Column("Jumlah Donatur", "donors", COUNT),
            Column("Keterangan", "note", TEXT),
        ),
        "kantor",
    ),
    Tab(
        "Program",
        "programs",
        (
            Column("Bulan", "month", MONTH, required=True),
            Column("Kantor", "office", OFFICE, required=True),
            Column("Pilar", "pillar", CHOICE, required=True, choices="pilar"),
            Column("Program", "program", TEXT, required=True),
            Column("Status", "status", CHOICE, choices="status_program", default="Berjalan"),
            Column("Penerima Manfaat", "beneficiaries", COUNT),
            Column("Jumlah Penyaluran", "distribution", MONEY),
            Column("Keterangan", "note", TEXT),
        ),
        "kantor",
    ),
    Tab(
        "Kendala",
        "obstacles",
        (
            Column("Bulan", "month", MONTH, required=True),
            Column("Kantor", "office", OFFICE, required=True),
            Column("Bidang", "field", CHOICE, choices="bidang", default="Lainnya"),
            Column("Kendala", "obstacle", TEXT, required=True),
            Column("Tindak Lanjut", "follow_up", TEXT),
            Column("Status", "status", CHOICE, choices="status_kendala", default="Terbuka"),
        ),
        "kantor",
    ),
    Tab(
        "Rapat",
        "meetings",
        (
            Column("Tanggal", "date", DATE, required=True),
            Column("Tempat", "place", TEXT),
            Column("Periode", "period", MONTH),
            Column("Agenda Tambahan", "extra_agenda", TEXT),
            Column("Catatan", "notes", TEXT),
        ),
        "kabupaten",
    ),
)

# The meeting record, typed by the secretary during the rakor. Both tabs are
# optional: a sheet made before they existed loads as it always did.
TABS += (
    Tab(
        "Kehadiran",
        "attendance",
        (
            Column("Tanggal Rapat", "meeting_date", DATE, required=True),
            Column("Kantor", "office", OFFICE, required=True),
            Column("Perwakilan", "representatives", TEXT),
            Column("Status", "status", CHOICE, choices="status_hadir", default="Hadir"),
        ),
        "kabupaten",
        optional=True,
    ),
    Tab(
        "Keputusan",
        "decisions",
        (
            Column("Tanggal Rapat", "meeting_date", DATE, required=True),
            Column("Keputusan", "decision", TEXT, required=True),
            Column("Penanggung Jawab", "responsible", RESPONSIBLE),
            Column("Tenggat", "deadline", DEADLINE),
            Column("Status", "status", CHOICE, choices="status_keputusan", default="Terbuka"),
            Column("Tanggal Selesai", "closed_on", DATE),
            Column("Catatan", "note", TEXT),
        ),
        "kabupaten",
        optional=True,
    ),
)

# Penanggung Jawab written as these (after choice_key) means every office.
ALL_OFFICES_WORDS = {
    "semua kll",
    "seluruh kll",
    "semua kantor",
    "seluruh kantor",
    "semua kantor layanan",
    "seluruh kantor layanan",
}

TAB_BY_NAME = {t.name: t for t in TABS}


# The optional tab of district-wide settings: one `Kunci`/`Nilai` pair per row.
# Not in TABS: a workbook without it is complete, and the figures never read it.
SETTINGS_TAB = Tab(
    "Pengaturan",
    "settings",
    (
        Column("Kunci", "key", TEXT, required=True),
        Column("Nilai", "value", TEXT),
    ),
    "kabupaten",
)
# Known keys (as typed, matched with choice_key) -> field in Dataset.settings.
SETTING_KEYS = {"nama": "name"}
SETTING_HELP = {
    "name": "Nama lembaga yang tampil di dasbor, bahan rapat dan WhatsApp, lengkap dengan "
    "wilayahnya (LAZISMU Kabupaten ...). Kosong berarti LAZISMU.",
}
DEFAULT_ORGANISATION = "LAZISMU"
