"""The office's clock: Kabupaten Malang runs on WIB, whatever the server's zone is.

Streamlit Community Cloud and most servers run in UTC; a "last read" time or a
"this month" computed there would be off by seven hours around midnight.
"""

from __future__ import annotations

import os
from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo

DEFAULT_TZ = "Asia/Jakarta"


def local_tz() -> tzinfo:
    """The display zone: env LAZISMU_TZ (an IANA name), default Asia/Jakarta (WIB)."""
    return ZoneInfo(os.environ.get("LAZISMU_TZ") or DEFAULT_TZ)


def now_wib() -> datetime:
    """Now, tz-aware, in the office's zone (WIB unless LAZISMU_TZ says otherwise)."""
    return datetime.now(local_tz())


def today_wib() -> date:
    """Today's date in the office's zone, not the server's."""
    return now_wib().date()
