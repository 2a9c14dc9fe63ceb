"""Every office's Kantor figures, computed when a new dataset arrives, before anyone asks.

At a rakor the board opens one office after another, and each office opens
its own page, all within minutes of the first view. Each office's figures
cost 100-300 ms of server CPU the first time (one Python process serves
every viewer), so thirty offices asked for at once made the last viewer wait
seconds. The server's refresh thread (lib.data.load.Revalidating's `on_new`)
calls `start` with each new dataset, not with a refresh that read the same
cells; the figures land in the dataset's memo (lib.figures.memo), where the
Kantor page finds them.

The calls are those of pages/kantor.py for the period it opens on
(lib.figures.period.default_period), with the same arguments, so the memo
keys match; tests/figures/test_warm.py runs the page after a warm-up and
fails when the page asks for a figure the warm-up did not compute.
"""

from __future__ import annotations

import logging
from datetime import date

from lib.data.clock import today_wib
from lib.data.dataset import Dataset
from lib.figures import offices, pillars, progress, record
from lib.figures.period import Period, default_period

log = logging.getLogger(__name__)


def office_figures(ds: Dataset, period: Period, office: str, today: date) -> None:
    """The figures pages/kantor.py shows for one office and period."""
    progress.district_summary(ds, period, office=office)
    progress.office_pace_status(ds, period, office)
    progress.yearly_comparison(ds, period, office)
    progress.fund_mix(ds, period, office)
    pillars.office_programs(ds, period, office)
    progress.office_obstacles(ds, period.year, office, upto=period.month)
    if record.has_decisions(ds):
        record.open_decisions(ds, today, office)
        record.decision_counts(ds, today, office)
    if record.has_attendance(ds):
        record.office_attendance(ds, office, period.year)
        record.office_attendance_counts(ds, office, period.year)
    progress.reporting_history(ds, period.year, office, until=period)
    progress.office_problems(ds, office)


def office_pages(ds: Dataset, today: date | None = None) -> int:
    """Every office's figures for the period the pages open on; how many offices."""
    today = today or today_wib()
    period = default_period(ds, today)
    if period is None:
        return 0
    names = offices.office_options(ds)
    for office in names:
        office_figures(ds, period, office, today)
    return len(names)


def start(ds: Dataset) -> None:
    """The refresh thread's hook: never raises (a figure that fails fails on its page too)."""
    try:
        office_pages(ds)
    except Exception:
        log.exception("warming the Kantor figures failed")
