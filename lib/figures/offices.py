"""Which offices count in a period: the one answer every page, slide and export uses.

An office counts when tab Kantor says Aktif = Ya and it existed in the period
(founded by the end of the period's month, or no founding date). An office
founded later still counts when it already has rows up to the period, so no
typed row is hidden. Inactive offices are never listed, but their rows stay in
the district totals (the contract says their rows still count).
"""

from __future__ import annotations

import pandas as pd

from lib.figures.memo import per_dataset
from lib.figures.period import Period, table, ytd


def founding_period(founded: object) -> Period | None:
    """The month an office was founded; None without a founding date."""
    if founded is None or pd.isna(founded):
        return None
    ts = pd.Timestamp(founded)
    return Period(ts.year, ts.month)


def exists_in(founded: object, period: Period) -> bool:
    """The office existed in the period's month (founded then or before, or no date)."""
    start = founding_period(founded)
    return start is None or start.index <= period.index


def _active_rows(ds) -> pd.DataFrame:
    offices = table(ds, "offices")
    if offices.empty or "office" not in offices:
        return pd.DataFrame(columns=["office", "kecamatan", "founded", "active"])
    keep = offices["active"].fillna(True).astype(bool) if "active" in offices else True
    return offices[pd.Series(keep, index=offices.index)]


@per_dataset
def counted_offices(ds, period: Period | None = None) -> list[str]:
    """Active offices in the order of tab Kantor; with a period, those that existed in it.

    Without tab Kantor, every office named in tab Penghimpunan or Program, by name.
    """
    offices = table(ds, "offices")
    if offices.empty or "office" not in offices:
        names: set[str] = set()
        for key in ("collections", "programs"):
            rows = table(ds, key)
            if not rows.empty:
                names.update(str(n) for n in rows["office"].dropna().unique())
        return sorted(names, key=str.casefold)
    active = _active_rows(ds)
    if period is None:
        return [str(n) for n in active["office"]]
    with_rows: set[str] = set()
    for key in ("collections", "programs"):
        rows = ytd(table(ds, key), period)
        if not rows.empty:
            with_rows.update(rows["office"])
    founded = active["founded"] if "founded" in active else pd.Series(None, index=active.index)
    return [
        str(name)
        for name, when in zip(active["office"], founded, strict=True)
        if exists_in(when, period) or name in with_rows
    ]


@per_dataset
def office_profiles(ds) -> dict[str, dict[str, object]]:
    """Per office of tab Kantor: kecamatan, founded (Timestamp or NaT), coordinator, active."""
    offices = table(ds, "offices")
    if offices.empty or "office" not in offices:
        return {}
    out = {}
    for rec in offices.to_dict("records"):
        out[str(rec["office"])] = {
            "kecamatan": rec.get("kecamatan"),
            "founded": rec.get("founded", pd.NaT),
            "coordinator": rec.get("coordinator"),
            "active": bool(rec.get("active", True)) if not pd.isna(rec.get("active")) else True,
        }
    return out


@per_dataset
def inactive_offices(ds) -> list[str]:
    """Offices with Aktif = Tidak, by name: their rows count in the district totals only."""
    profiles = office_profiles(ds)
    return sorted((o for o, p in profiles.items() if not p["active"]), key=str.casefold)


@per_dataset
def office_options(ds) -> list[str]:
    """Offices for the Kantor picker: active ones by name, then inactive ones (their history)."""
    return sorted(counted_offices(ds), key=str.casefold) + inactive_offices(ds)
