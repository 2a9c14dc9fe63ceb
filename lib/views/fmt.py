"""Indonesian display formats: Rupiah, percentages, months, dates (no Streamlit).

The board reads `Rp1.250.000`, `85,3%` and `Oktober 2024`; an English `1,250,000`
or `October` on the projector reads as a mistake. Numbers go through babel's
`id` locale (CLDR), names of months and days are written out here because they
are fixed and people check them against domain.md.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import SupportsFloat

from babel.numbers import format_compact_decimal, format_currency, format_decimal, format_percent

from lib.data import clock
from lib.data.clock import local_tz

LOCALE = "id"
MISSING = "–"  # en dash: shown for None / NaN, never "0" or "nan"

MONTHS, MONTHS_SHORT, DAYS = clock.MONTHS, clock.MONTHS_SHORT, clock.DAYS


def is_missing(x: object) -> bool:
    """True for None, NaN, NaT, pd.NA and infinities: values with no honest figure."""
    if x is None:
        return True
    try:
        return bool(x != x) or (isinstance(x, float) and math.isinf(x))  # NaN != NaN
    except (TypeError, ValueError):  # pd.NA raises on bool()
        return True


def _half_up():
    # babel rounds half-even (12,345% -> 12,34%); people and spreadsheets round half up
    return localcontext(rounding=ROUND_HALF_UP)


def _decimal(x: object) -> Decimal:
    # via str() so 0.1 stays 0.1 and numpy scalars work
    if isinstance(x, int | Decimal):
        return Decimal(x)
    if isinstance(x, SupportsFloat | str):
        return Decimal(str(float(x)))
    raise TypeError(f"not a number: {type(x).__name__}")


def rupiah(x: object) -> str:
    """Full Rupiah as PUEBI writes it: `Rp1.250.000`; cents only when non-zero."""
    if is_missing(x):
        return MISSING
    value = _decimal(x).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    pattern = "¤#,##0" if value == value.to_integral_value() else "¤#,##0.00"
    with _half_up():
        return format_currency(value, "IDR", format=pattern, locale=LOCALE, currency_digits=False)


def rupiah_compact(x: object, symbol: bool = False) -> str:
    """Short amount for axes and tiles: `750 rb`, `1,5 jt`, `2 M` (miliar), `1 T`.

    Plain spaces (not babel's no-break space) so labels compare and copy as typed.
    """
    if is_missing(x):
        return MISSING
    with _half_up():
        text = format_compact_decimal(
            _decimal(x), format_type="short", locale=LOCALE, fraction_digits=1
        )
    text = text.replace("\xa0", " ")
    if symbol:
        return f"-Rp{text[1:]}" if text.startswith("-") else f"Rp{text}"
    return text


PERCENT_SHOWN_MAX = 9.99  # beyond 999 % a figure says "a unit is missing", not a rate


def percent(x: object, digits: int = 1) -> str:
    """A ratio as a percentage: 0.853 -> `85,3%`. An ACR of 1.2 is `120,0%`, not capped;
    beyond 999 % (a target typed as `36` for 36 jt) it reads `> 999%`, so no
    tile, label or slide carries a 12-digit percentage."""
    if is_missing(x):
        return MISSING
    if float(x) > PERCENT_SHOWN_MAX:  # type: ignore[arg-type]
        return f"> {int(PERCENT_SHOWN_MAX * 100)}%"
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "") + "%"
    with _half_up():
        return format_percent(_decimal(x), format=pattern, locale=LOCALE)


def number(x: object, digits: int | None = None) -> str:
    """A count or plain number: 1250 -> `1.250`; `digits` fixes the decimals."""
    if is_missing(x):
        return MISSING
    pattern = None if digits is None else "#,##0" + ("." + "0" * digits if digits > 0 else "")
    with _half_up():
        return format_decimal(_decimal(x), format=pattern, locale=LOCALE)


def _month(m: int) -> int:
    m = int(m)
    if not 1 <= m <= 12:
        raise ValueError(f"month out of range: {m}")
    return m


def month_name(m: int) -> str:
    """1 -> `Januari`."""
    return MONTHS[_month(m) - 1]


def month_short(m: int) -> str:
    """8 -> `Agu` (CLDR's abbreviation; people also write Agt or Ags)."""
    return MONTHS_SHORT[_month(m) - 1]


def month_label(year: int, month: int) -> str:
    """`Oktober 2024`; the year is never grouped."""
    return f"{month_name(month)} {int(year)}"


def month_cell(year: object, month: object) -> str:
    """`Agu 2024` for a table cell; `–` when missing."""
    if is_missing(year) or is_missing(month):
        return MISSING
    return f"{month_short(int(month))} {int(year)}"  # type: ignore[call-overload]


def text_cell(value: object) -> str:
    """Sheet text for a table cell: as typed, empty for a missing value."""
    return "" if is_missing(value) else str(value)


def month_span(year: int, first: int, last: int, short: bool = False) -> str:
    """`Januari–September 2024` (`Jan–Sep 2024` when short); one month as `September 2024`."""
    if first == last:
        return month_label(year, first)
    name = month_short if short else month_name
    return f"{name(first)}–{name(last)} {int(year)}"


def ytd_label(year: int, month: int, short: bool = False) -> str:
    """The year-to-date of a period: `Januari–September 2024`, January alone `Januari 2024`.

    Short, for a key figure under the period picker (which shows the year):
    `Jan–Sep`, and January alone `s.d. Jan` so it never reads like the month figure.
    """
    if not short:
        return month_span(year, 1, month)
    if month == 1:
        return f"s.d. {month_short(1)}"
    return f"{month_short(1)}–{month_short(month)}"


def long_date(d: date | None) -> str:
    """`Sabtu, 5 Oktober 2024`, as the meeting invitation writes it."""
    if d is None or is_missing(d):
        return MISSING
    return f"{DAYS[d.weekday()]}, {d.day} {month_name(d.month)} {d.year}"


def short_date(d: date | None) -> str:
    """`5 Okt 2024`, for tables."""
    if d is None or is_missing(d):
        return MISSING
    return f"{d.day} {month_short(d.month)} {d.year}"


def clock_time(t: time | None) -> str:
    """`09.00`: PUEBI writes clock times with a dot (pukul 09.00)."""
    if t is None or is_missing(t):
        return MISSING
    return f"{t.hour:02d}.{t.minute:02d}"


def datetime_label(dt: datetime | None) -> str:
    """`27 Nov 2026 21:40 WIB`: aware times are shown in the office's zone, naive as given."""
    if dt is None or is_missing(dt):
        return MISSING
    if dt.tzinfo is not None:
        dt = dt.astimezone(local_tz())
    zone = dt.tzname() if dt.tzinfo is not None else datetime.now(local_tz()).tzname()
    return f"{dt.day} {month_short(dt.month)} {dt.year} {dt:%H:%M} {zone}"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~$:])")
WORD_JOINER = "\u2060"  # invisible, unbreakable, and not a word character
# What GFM turns into a link without any markup: www.x, http(s)://x, a@b.c,
# mailto:/xmpp:. remark-gfm finds these in the text *after* backslash escapes are
# resolved, so `www\.x` would still link; a word joiner inside the pattern breaks it.
_AUTOLINK_PARTS = re.compile(
    r"(?i)(?<=www)(?=\.)|(?<=:)(?=//)|(?=@)|(?<=mailto)(?=:)|(?<=xmpp)(?=:)"
)


def md_escape(text: object) -> str:
    """Sheet or URL text made inert inside st.markdown / st.caption / alerts / labels.

    No link (bare URLs, www. names and e-mail addresses included), LaTeX, HTML,
    emphasis, colour, icon or emoji directive. Prefer st.text / st.dataframe for
    sheet text; use this where a sentence mixes our words with a value from the
    sheet or the URL (e.g. the sheet's title in the banner). The word joiners it
    inserts are invisible on screen.
    """
    flat = " ".join(str(text).split())  # newlines would start headings or lists
    flat = _AUTOLINK_PARTS.sub(WORD_JOINER, flat)
    return _MD_SPECIAL.sub(r"\\\1", flat)


BELUM_LAPOR = "Belum lapor"


def month_amount(value: object, reported: object) -> str:
    """An office's collection for a month: `Rp1.250.000`, `Rp0` only when typed, else `Belum lapor`.

    Not reporting is a state, never Rp0: the board would read Rp0 as "collected
    nothing". `reported` is office_progress's reported / reported_prev.
    """
    return rupiah(value) if bool(reported) else BELUM_LAPOR
