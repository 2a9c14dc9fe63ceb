"""The office's clock: Kabupaten Malang runs on WIB, whatever the server's zone is.

Streamlit Community Cloud and most servers run in UTC; a "last read" time or a
"this month" computed there would be off by seven hours around midnight.
"""

from __future__ import annotations

import os
from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo

DEFAULT_TZ = "Asia/Jakarta"


def local_tz(name: str | None = None) -> tzinfo:
    """The display zone: `name`, else env LAZISMU_TZ (an IANA name), else Asia/Jakarta."""
    return ZoneInfo(name or os.environ.get("LAZISMU_TZ") or DEFAULT_TZ)


def now_wib(tz: str | None = None) -> datetime:
    """Now, tz-aware, in the office's zone (WIB unless LAZISMU_TZ says otherwise)."""
    return datetime.now(local_tz(tz))


def today_wib() -> date:
    """Today's date in the office's zone, not the server's."""
    return now_wib().date()


# Indonesian calendar names: the sample, the parser and the display share them.
MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")  # date.weekday() order
