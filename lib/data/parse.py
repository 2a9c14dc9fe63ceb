"""Reading one cell the way an office types it, in Indonesian formats.

Every parser takes the raw cell value (str, int, float, bool, date, datetime
or None) and returns the parsed value, or raises CellError with a message in
Indonesian that tells the office what to type instead. Parsers never guess:
an ambiguous cell is rejected, not read one way or the other.

Rupiah amounts are whole and at most MONEY_CEILING per row (a typo like
`999999999999 T` must not reach a sum); counts are whole and at most
COUNT_CEILING. A formula error (`#REF!`, ...) is rejected by every parser as a
broken formula, never read as text.
"""

from __future__ import annotations

import difflib
import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import get_date_format, get_month_names

from lib.data.contract import (
    ALL_OFFICES_WORDS,
    CHOICES,
    NO_WORDS,
    NOT_A_CHOICE,
    SYNONYMS,
    YES_WORDS,
    choice_key,
)


class CellError(ValueError):
    """A cell that cannot be read; the message is shown to the office as is."""


EMPTY = object()  # returned for an empty optional cell

MONEY_CEILING = 1_000_000_000_000  # Rp1 triliun: more than a district collects in years
COUNT_CEILING = 10_000_000  # people in one row; more is a typo (or a pasted amount)
FORMULA_ERRORS = ("#REF!", "#N/A", "#DIV/0!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#ERROR!")
_FORMULA_ERROR_KEYS = frozenset(FORMULA_ERRORS)


def formula_error(value: object) -> str | None:
    """The error code when a cell shows a broken formula (as the Sheets API returns it)."""
    if isinstance(value, str) and value[:1] in "# " and len(value) < 20:
        code = value.strip().upper()
        if code in _FORMULA_ERROR_KEYS:
            return code
    return None


def _no_formula_error(value: object) -> None:
    code = formula_error(value)
    if code:
        raise CellError(
            f"Sel ini berisi rumus yang rusak ({code}), bukan nilai. Perbaiki rumusnya "
            "(misalnya sel yang dirujuk sudah terhapus) atau ketik nilainya langsung."
        )


_SPACES = re.compile(r"[\s\u00a0\u202f\u2007]+")
SHEETS_EPOCH = date(1899, 12, 30)  # day 0 of Google Sheets and Excel serial dates
MIN_YEAR = 2000
MAX_YEAR = 2100


def is_empty(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN
        return True
    # str.strip() drops exactly what _SPACES matches (str.isspace), but is far cheaper
    return isinstance(value, str) and not value.strip()


def clean_text(value: object) -> str:
    """Trim and collapse spaces (non-breaking ones too); numbers become their text."""
    if is_empty(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        value = value.isoformat()[:10]
    # split() cuts at runs of str.isspace() characters and drops the ends: the same
    # result as _SPACES.sub(" ", ...).strip(), several times faster on big sheets
    return " ".join(str(value).split())


def clean_multiline(value: object) -> str:
    """Free text keeps its line breaks (agenda items, notes); each line is trimmed."""
    if isinstance(value, str) and ("\n" in value or "\r" in value):
        lines = (clean_text(line) for line in value.replace("\r\n", "\n").split("\n"))
        return "\n".join(line for line in lines if line)
    return clean_text(value)


def parse_text(value: object) -> str:
    """Free text, line breaks kept; a broken formula is not text."""
    _no_formula_error(value)
    return clean_multiline(value) or EMPTY  # type: ignore[return-value]


# --- money -----------------------------------------------------------------

_MAGNITUDES = {
    "rb": 1_000,
    "ribu": 1_000,
    "jt": 1_000_000,
    "juta": 1_000_000,
    "M": 1_000_000_000,
    "miliar": 1_000_000_000,
    "milyar": 1_000_000_000,
    "T": 1_000_000_000_000,
    "triliun": 1_000_000_000_000,
}
_MAGNITUDE_RE = re.compile(
    r"^(?P<num>\d+(?:[.,]\d+)?|\d{1,3}(?:\.\d{3})+(?:,\d+)?)\s*"
    r"(?P<word>rb|ribu|jt|juta|M|miliar|milyar|T|triliun)\.?$",
    re.IGNORECASE,
)
_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_PLAIN = re.compile(r"^\d+(?:,\d+)?$")
_CURRENCY = re.compile(r"^(?:rp\.?|idr)\s*", re.IGNORECASE)
_EXAMPLE = "Tulis misalnya 1500000, 1.500.000, Rp 1.500.000 atau 1,5 jt."


def _number_with_either_mark(text: str) -> float:
    return float(text.replace(".", ",").replace(",", "."))


def _magnitude(word: str) -> int | None:
    if word in ("M", "T"):
        return _MAGNITUDES[word]
    lowered = word.lower()
    if lowered in ("m", "t"):
        return None  # lower-case m/t: million or miliar? never guess
    return _MAGNITUDES.get(lowered)


@lru_cache(maxsize=65536)
def _parse_money_text(text: str) -> float:
    s = _SPACES.sub(" ", text).strip()
    if s == "-":
        return 0.0
    s = _CURRENCY.sub("", s)
    s = re.sub(r"\s*(?:,-|\.-|,00)\s*$", "", s)
    s = s.strip()
    if s.startswith("-") or s.startswith("(") or s.startswith("−"):
        raise CellError("Jumlah tidak boleh negatif. Tulis jumlah tanpa tanda minus.")
    m = _MAGNITUDE_RE.match(s)
    if m:
        factor = _magnitude(m.group("word"))
        if factor is None:
            raise CellError(
                f"Satuan '{m.group('word')}' tidak jelas: tulis 'jt' untuk juta atau 'M' "
                "(huruf besar) untuk miliar, misalnya 1,5 jt."
            )
        num = m.group("num")
        if _GROUPED.match(num) and ("," in num or num.count(".") > 1):
            value = float(num.replace(".", "").replace(",", "."))
        else:
            value = _number_with_either_mark(num)
        return round(value * factor, 2)
    compact = s.replace(" ", "")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", compact) and " " not in s:
        return float(compact.replace(".", "").replace(",", "."))
    if _PLAIN.match(s):
        whole, _, frac = s.partition(",")
        if frac and len(frac) == 3:
            raise CellError(
                f"'{text}' membingungkan: koma di sini bisa berarti desimal atau pemisah ribuan. "
                "Tulis 1.500 untuk seribu lima ratus atau 1,5 jt untuk satu setengah juta."
            )
        return float(s.replace(",", "."))
    # Everything below is a rejection; find the most helpful reason.
    if _date_like(s):
        raise CellError(_DATE_IN_NUMBER.format(text=text, what="jumlah"))
    numbers = re.findall(r"\d[\d.,]*", s)
    if len(numbers) > 1 and re.search(r"[\s+/&;]|dan", s):
        raise CellError(
            "Ada dua angka dalam satu sel. Tulis satu jumlah per baris; "
            "jumlah lain di baris terpisah."
        )
    if re.search(r"\d", s) and re.search(r"[OoIl]", s) and re.fullmatch(r"[\dOoIl.,]+", s):
        raise CellError(
            "Ada huruf (O atau l) di antara angka. Ganti dengan angka 0 atau 1. " + _EXAMPLE
        )
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", s):
        raise CellError(
            "Pemisah ribuan memakai koma (gaya Inggris). Gunakan titik untuk ribuan: 1.500.000."
        )
    if re.fullmatch(r"[\d.]+(?:,\d+)?", s):
        raise CellError(
            f"Pengelompokan angka '{text}' salah: titik memisahkan setiap tiga angka "
            "(1.500.000). Untuk pecahan pakai satuan, misalnya 1,5 jt."
        )
    if re.search(r"[a-zA-Z]", s):
        raise CellError(f"'{text}' bukan jumlah uang (ada huruf). " + _EXAMPLE)
    raise CellError(f"'{text}' bukan jumlah uang. " + _EXAMPLE)


_DATE_IN_NUMBER = (
    "Sel ini berisi tanggal ('{text}'), bukan {what}. Biasanya format selnya tanggal: "
    "ubah format sel menjadi angka (Format > Angka) lalu ketik ulang {what}-nya."
)


def _date_like(text: str) -> bool:
    """True when text reads as a date (how Sheets shows a date cell), not as a number.

    In either order: 3/13/2024 from a US-locale sheet is a date, too.
    """
    if not re.search(r"[/\-]|[a-zA-Z]", text):
        return False  # 1.500 or 1,5: a number, never a date
    for order in (DAY_FIRST, MONTH_FIRST):
        try:
            _parse_date_text(text, order)
        except CellError:
            continue
        return True
    return False


def _whole_rupiah(value: float, raw: object) -> float:
    if not value <= MONEY_CEILING:  # also NaN-safe and inf
        raise CellError(
            f"'{clean_text(raw)[:40]}' lebih dari Rp1 triliun untuk satu baris: hampir pasti "
            "salah ketik (angka nol atau satuan berlebih). Periksa jumlahnya."
        )
    if not float(value).is_integer():
        if 0 < value < 1:
            shown = f"{value:g}".replace(".", ",")
            raise CellError(
                f"{shown} bukan jumlah Rupiah: sel ini mungkin berformat persen atau "
                "pecahan. Ubah format sel menjadi angka dan ketik jumlah Rupiah-nya."
            )
        raise CellError(
            f"'{clean_text(raw)[:40]}': jumlah Rupiah harus bulat, tanpa sen. " + _EXAMPLE
        )
    return float(value)


def parse_money(value: object) -> float:
    """Whole Rupiah from a cell, at most MONEY_CEILING; empty cells are the caller's (EMPTY)."""
    if is_empty(value):
        return EMPTY  # type: ignore[return-value]
    _no_formula_error(value)
    if isinstance(value, bool):
        raise CellError("Isi jumlah uang, bukan centang/TRUE/FALSE.")
    if isinstance(value, int | float):
        if value < 0:
            raise CellError("Jumlah tidak boleh negatif. Tulis jumlah tanpa tanda minus.")
        return _whole_rupiah(float(value), value)
    if isinstance(value, datetime | date):
        raise CellError(
            "Sel ini berformat tanggal. Ubah format sel menjadi angka dan isi jumlahnya."
        )
    return _whole_rupiah(_parse_money_text(str(value)), value)


# --- counts ----------------------------------------------------------------

_COUNT_UNITS = re.compile(
    r"\s*(orang|org|jiwa|donatur|muzaki|munfiq|penerima|mustahik|peserta)\.?$", re.IGNORECASE
)


@lru_cache(maxsize=16384)
def _parse_count_text(text: str) -> int:
    s = _SPACES.sub(" ", text).strip()
    if s == "-":
        return 0
    s = _COUNT_UNITS.sub("", s).strip()
    if s.startswith("-"):
        raise CellError("Jumlah orang tidak boleh negatif.")
    if re.fullmatch(r"\d+", s):
        return _count_ceiling(int(s), text)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", s):
        return _count_ceiling(int(s.replace(".", "")), text)
    if _date_like(s):
        raise CellError(_DATE_IN_NUMBER.format(text=text, what="jumlah orang"))
    if re.fullmatch(r"\d+,\d{3}", s):
        raise CellError(
            f"'{text}' membingungkan: tulis jumlah orang tanpa koma, misalnya 1250 atau 1.250."
        )
    if re.fullmatch(r"\d+[.,]\d+", s):
        raise CellError(f"'{text}': jumlah orang harus bilangan bulat, misalnya 120.")
    if re.search(r"\d.*\s.*\d", s):
        raise CellError("Ada dua angka dalam satu sel. Tulis satu jumlah orang, misalnya 120.")
    raise CellError(f"'{text}' bukan jumlah orang. Tulis bilangan bulat, misalnya 120.")


def _count_ceiling(value: int | float, raw: object) -> int:
    if not value <= COUNT_CEILING:
        raise CellError(
            f"'{clean_text(raw)[:40]}' terlalu besar untuk jumlah orang dalam satu baris "
            "(lebih dari 10 juta). Periksa angkanya; jumlah uang masuk ke kolom Jumlah."
        )
    return int(value)


def parse_count(value: object) -> int:
    if is_empty(value):
        return EMPTY  # type: ignore[return-value]
    _no_formula_error(value)
    if isinstance(value, bool):
        raise CellError("Isi jumlah orang, bukan centang/TRUE/FALSE.")
    if isinstance(value, datetime | date):
        raise CellError(_DATE_IN_NUMBER.format(text=clean_text(value), what="jumlah orang"))
    if isinstance(value, int | float):
        if value < 0:
            raise CellError("Jumlah orang tidak boleh negatif.")
        if not value <= COUNT_CEILING:
            return _count_ceiling(value, value)
        if not float(value).is_integer():
            raise CellError(f"{value}: jumlah orang harus bilangan bulat, misalnya 120.")
        return int(value)
    return _parse_count_text(str(value))


# --- months and dates --------------------------------------------------------


def _month_words() -> dict[str, int]:
    words: dict[str, int] = {}
    for locale in ("id", "en"):
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                words[name.lower().rstrip(".")] = number
    words.update(
        {"agt": 8, "ags": 8, "agus": 8, "sept": 9, "nop": 11, "nopember": 11, "pebruari": 2}
    )
    return words


MONTH_WORDS = _month_words()
_MONTH_NAME_RE = "|".join(sorted(MONTH_WORDS, key=len, reverse=True))
_DAY_NAMES = r"(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad)"
_NAMED = re.compile(
    rf"^(?:{_DAY_NAMES},?\s*)?(?:(?P<day>\d{{1,2}})[\s\-/]+)?(?P<name>{_MONTH_NAME_RE})\.?"
    rf"(?:[\s\-/',]+(?P<year>\d{{2}}|\d{{4}}))?$",
    re.IGNORECASE,
)
_ISO = re.compile(r"^(?P<year>\d{4})[-/.](?P<month>\d{1,2})(?:[-/.](?P<day>\d{1,2}))?$")
_DMY = re.compile(r"^(?:(?P<day>\d{1,2})[-/.])?(?P<month>\d{1,2})[-/.](?P<year>\d{4}|\d{2})$")
_TIME_SUFFIX = re.compile(r"(?<=\d)\s+\d{1,2}[:.]\d{2}(?:[:.]\d{2})?$")
DAY_FIRST = "day-first"  # 05/10/2024 is 5 October: how Indonesians write, and the default
MONTH_FIRST = "month-first"  # 3/1/2024 is 1 March: a Google Sheet in an en_US locale


@lru_cache(maxsize=64)
def date_order(locale: str | None) -> str:
    """Which number comes first in a Google Sheet's date cells, from its locale.

    Sheets shows a date cell (FORMATTED_STRING) in the locale's short date
    format, which follows CLDR: M/d/y (en_US, en_PH, fil_PH) is MONTH_FIRST;
    d/M/y (in_ID, en_GB, ...) and year-first formats (ja_JP: 2024/03/01, read
    as ISO either way) are DAY_FIRST, and so is an unknown or missing locale.
    """
    if not locale:
        return DAY_FIRST
    try:
        pattern = get_date_format("short", locale=Locale.parse(locale.replace("-", "_"))).pattern
    except (UnknownLocaleError, ValueError, TypeError):
        return DAY_FIRST
    year, month, day = (pattern.find(c) for c in "yMd")
    if min(year, month, day) < 0:
        return DAY_FIRST
    return MONTH_FIRST if month < day and month < year else DAY_FIRST


_MONTH_HINT = "Tulis bulan dengan tahun, misalnya Okt 2024, 2024-10 atau 10/2024."


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def _check(year: int, month: int, day: int | None, raw: str) -> tuple[int, int, int | None]:
    if not 1 <= month <= 12:
        raise CellError(f"'{raw}': bulan {month} tidak ada (1 sampai 12). " + _MONTH_HINT)
    if year < MIN_YEAR or year > MAX_YEAR:
        raise CellError(
            f"'{raw}': tahun {year} tidak masuk akal (harus {MIN_YEAR} atau sesudahnya)."
        )
    if day is not None:
        try:
            date(year, month, day)
        except ValueError:
            raise CellError(f"'{raw}': tanggal {day} tidak ada di bulan itu.") from None
    return year, month, day


@lru_cache(maxsize=16384)
def _parse_date_text(text: str, order: str = DAY_FIRST) -> tuple[int, int, int | None]:
    """(year, month, day or None) from how people write a date or a month.

    `order` decides a numeric date of three parts only (05/10/2024); a month
    with its year (10/2024), ISO (2024-10-05) and month names read the same
    either way.
    """
    s = _SPACES.sub(" ", text).strip().lower()
    s = _TIME_SUFFIX.sub("", s)  # a date-time cell as Sheets shows it: 01/10/2024 9:30:00
    m = _ISO.match(s)
    if m:
        day = int(m.group("day")) if m.group("day") else None
        return _check(int(m.group("year")), int(m.group("month")), day, text)
    m = _DMY.match(s)
    if m:
        if m.group("day") and order == MONTH_FIRST:
            month, day = int(m.group("day")), int(m.group("month"))  # 3/1/2024: 1 March
        else:
            month = int(m.group("month"))
            day = int(m.group("day")) if m.group("day") else None
        return _check(_year(m.group("year")), month, day, text)
    m = _NAMED.match(s)
    if m:
        if not m.group("year"):
            raise CellError(f"'{text}': bulan tanpa tahun. " + _MONTH_HINT)
        day = int(m.group("day")) if m.group("day") else None
        return _check(_year(m.group("year")), MONTH_WORDS[m.group("name").lower()], day, text)
    if re.fullmatch(r"\d{1,2}", s):
        raise CellError(f"'{text}': bulan tanpa tahun. " + _MONTH_HINT)
    words = re.findall(r"[a-z]+", s)
    close = difflib.get_close_matches(words[0], list(MONTH_WORDS), n=1) if words else []
    hint = f" Maksudnya '{close[0].capitalize()}'?" if close else ""
    raise CellError(f"'{text}' bukan bulan yang dikenali.{hint} " + _MONTH_HINT)


def _from_serial(value: float, raw: object) -> date:
    if not 36526 <= value <= 73051:  # 2000-01-01 .. 2100-01-01
        raise CellError(f"'{raw}' bukan tanggal atau bulan. " + _MONTH_HINT)
    return SHEETS_EPOCH + timedelta(days=int(value))


def parse_month(value: object, order: str = DAY_FIRST) -> tuple[int, int]:
    """(year, month) of a Bulan cell: a date cell, a Sheets serial number or text.

    `order`: how a Google Sheet's locale writes dates (date_order); DAY_FIRST
    for a workbook and for an Indonesian sheet.
    """
    if is_empty(value):
        return EMPTY  # type: ignore[return-value]
    _no_formula_error(value)
    if isinstance(value, datetime | date):
        _check(value.year, value.month, None, clean_text(value))
        return value.year, value.month
    if isinstance(value, bool):
        raise CellError("Isi bulan, bukan centang. " + _MONTH_HINT)
    if isinstance(value, int | float):
        if 1 <= value <= 12:
            raise CellError(f"'{value:g}': bulan tanpa tahun. " + _MONTH_HINT)
        if 2000 <= value <= 2100:
            raise CellError(f"'{value:g}': tahun saja, bulannya tidak ada. " + _MONTH_HINT)
        d = _from_serial(float(value), value)
        return d.year, d.month
    year, month, _ = _parse_date_text(str(value), order)
    return year, month


_DATE_HINT = "Tulis tanggal lengkap, misalnya 05/10/2024 atau 5 Oktober 2024."


def _date_error(exc: CellError) -> CellError:
    """The month parser's message, told for a date cell: a date's advice, not a month's."""
    text = str(exc).replace(_MONTH_HINT, _DATE_HINT)
    text = text.replace("bukan bulan yang dikenali", "bukan tanggal yang dikenali")
    text = text.replace("bukan tanggal atau bulan", "bukan tanggal")
    text = text.replace("bulan tanpa tahun", "tanggal tanpa tahun")
    return CellError(text)


def parse_date(value: object, order: str = DAY_FIRST) -> date:
    """A full date (Tanggal); a month alone is read as its first day (Tanggal Berdiri).

    `order` as in parse_month.
    """
    if is_empty(value):
        return EMPTY  # type: ignore[return-value]
    _no_formula_error(value)
    if isinstance(value, datetime):
        value = value.date()
    try:
        if isinstance(value, date):
            _check(value.year, value.month, value.day, value.isoformat())
            return value
        if isinstance(value, bool):
            raise CellError("Isi tanggal, misalnya 05/10/2024.")
        if isinstance(value, int | float):
            return _from_serial(float(value), value)
        year, month, day = _parse_date_text(str(value), order)
    except CellError as exc:
        raise _date_error(exc) from None
    return date(year, month, day or 1)


def parse_deadline(value: object, order: str = DAY_FIRST) -> date:
    """A deadline (Tenggat): a full date, or a month alone read as its last day.

    "Nov 2024" as a deadline means "by the end of November", not its first day.
    `order` as in parse_month.
    """
    if isinstance(value, str) and not is_empty(value):
        year, month, day = _parse_date_text(value, order)
        if day is None:
            return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return parse_date(value, order)


def parse_full_date(value: object, order: str = DAY_FIRST) -> date:
    """A date that needs its day (the meeting date); `order` as in parse_month."""
    if isinstance(value, str) and not is_empty(value):
        _no_formula_error(value)
        try:
            year, month, day = _parse_date_text(value, order)
        except CellError as exc:
            raise _date_error(exc) from None
        if day is None:
            raise CellError(f"'{value}': tanggalnya (hari) belum ada. Tulis misalnya 05/10/2024.")
    return parse_date(value, order)


def parse_year(value: object) -> int:
    if is_empty(value):
        return EMPTY  # type: ignore[return-value]
    _no_formula_error(value)
    text = clean_text(value)
    if not re.fullmatch(r"\d{4}", text):
        raise CellError(f"'{text}' bukan tahun. Tulis tahun empat angka, misalnya 2024.")
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CellError(f"Tahun {year} tidak masuk akal (harus {MIN_YEAR} atau sesudahnya).")
    return year


# --- choices and offices ------------------------------------------------------


@lru_cache(maxsize=4096)
def _choice_lookup(kind: str) -> dict[str, str]:
    table = {choice_key(v): v for v in CHOICES[kind]}
    table.update({choice_key(k): v for k, v in SYNONYMS.get(kind, {}).items()})
    return table


def parse_choice(value: object, kind: str) -> str:
    if is_empty(value):
        return EMPTY  # type: ignore[return-value]
    _no_formula_error(value)
    text = clean_text(value)
    key = choice_key(text)
    found = _choice_lookup(kind).get(key)
    if found:
        return found
    special = {choice_key(k): v for k, v in NOT_A_CHOICE.get(kind, {}).items()}
    if key in special:
        raise CellError(special[key])
    valid = ", ".join(CHOICES[kind])
    close = difflib.get_close_matches(key, list(_choice_lookup(kind)), n=1, cutoff=0.75)
    hint = f" Maksudnya {_choice_lookup(kind)[close[0]]}?" if close else ""
    raise CellError(f"'{text}' tidak dikenal.{hint} Pilih salah satu: {valid}.")


def parse_yesno(value: object) -> bool:
    if is_empty(value):
        return EMPTY  # type: ignore[return-value]
    _no_formula_error(value)
    if isinstance(value, bool):
        return value
    key = choice_key(clean_text(value))
    if key in YES_WORDS:
        return True
    if key in NO_WORDS:
        return False
    raise CellError(f"'{clean_text(value)}': tulis Ya atau Tidak.")


_OFFICE_PREFIX = re.compile(r"^(?:kantor layanan lazismu|kantor layanan|kll|lazismu)\s+")


def office_key(name: str) -> str:
    """Matching key of an office name: `kll  Pakis`, `PAKIS`, `Kantor Layanan Pakis` -> `pakis`."""
    key = choice_key(name)
    previous = None
    while previous != key:
        previous = key
        key = _OFFICE_PREFIX.sub("", key)
    return key


class OfficeMatcher:
    """Matches what an office typed to a name in tab Kantor; suggests, never corrects."""

    def __init__(self, names: list[str]):
        self.by_key = {office_key(n): n for n in names}
        self._cache: dict[str, str] = {}

    def __call__(self, value: object) -> str:
        if is_empty(value):
            return EMPTY  # type: ignore[return-value]
        _no_formula_error(value)
        text = clean_text(value)
        if text in self._cache:
            return self._cache[text]
        found = self.by_key.get(office_key(text))
        if found is None:
            raise CellError(self._unknown(text))
        self._cache[text] = found
        return found

    def suggest(self, text: str) -> list[str]:
        """Known offices that `text` most likely meant, closest first (the message's guess)."""
        close = difflib.get_close_matches(office_key(text), list(self.by_key), n=3, cutoff=0.6)
        return [self.by_key[c] for c in close]

    def _unknown(self, text: str) -> str:
        if not self.by_key:
            return f"Kantor '{text}' tidak ada karena tab Kantor kosong atau tidak terbaca."
        close = self.suggest(text)
        if close:
            names = " atau ".join(close)
            return (
                f"Kantor '{text}' tidak dikenal. Maksudnya {names}? "
                "Tulis nama seperti di tab Kantor."
            )
        return f"Kantor '{text}' tidak ada di tab Kantor. Tulis nama kantor seperti di tab Kantor."


# --- person in charge ---------------------------------------------------------

_RESPONSIBLE_SPLIT = re.compile(r"\s*(?:[,;/&+]|\bdan\b)\s*", re.IGNORECASE)


class ResponsibleMatcher:
    """Penanggung Jawab: offices, matched loosely, or a person's name kept as typed.

    Returns (text, offices): the text with office names written as in tab
    Kantor, and the offices named in it (a person's name names none). Several
    may share one cell (`KLL Pakis, KLL Wajak`, `Pakis dan Wajak`); `semua KLL`
    names every office. A name is never guessed: `KLL Pakiss` stays text, and
    the validator warns about it (see `near_office`).
    """

    def __init__(self, offices: OfficeMatcher):
        self.offices = offices

    def __call__(self, value: object) -> tuple[str, tuple[str, ...]]:
        if is_empty(value):
            return EMPTY  # type: ignore[return-value]
        text = clean_text(value)
        if choice_key(text) in ALL_OFFICES_WORDS:
            return text, tuple(self.offices.by_key.values())
        parts = [p for p in _RESPONSIBLE_SPLIT.split(text) if p]
        found = [self.offices.by_key.get(office_key(p)) for p in parts]
        if parts and all(found):
            names = tuple(dict.fromkeys(n for n in found if n))
            return ", ".join(names), names
        return text, tuple(n for n in dict.fromkeys(found) if n)

    def near_office(self, text: str) -> str | None:
        """The office a person-like Penanggung Jawab was probably meant to be, if any."""
        key = office_key(text)
        if not self.offices.by_key or key in self.offices.by_key:
            return None
        looks_like = key != choice_key(text)  # it carried a KLL / Kantor Layanan prefix
        close = difflib.get_close_matches(key, list(self.offices.by_key), n=1, cutoff=0.8)
        if close and (looks_like or len(key) >= 4):
            return self.offices.by_key[close[0]]
        return None
