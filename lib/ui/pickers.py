"""Period and office pickers, in step with the URL so a view can be shared as a link."""

from __future__ import annotations

import streamlit as st

from lib.data.clock import today_wib
from lib.data.dataset import Dataset
from lib.figures.period import Period, available_periods, available_years, period_from_query
from lib.figures.quality import match_offices
from lib.ui.widgets import row
from lib.views.fmt import md_escape, month_name

PERIOD_YEAR_KEY = "period_year"
PERIOD_MONTH_KEY = "period_month"
_PERIOD_MEMORY = "_period"  # the last period shown, kept across pages of the session
OFFICE_KEY = "office_pick"
_OFFICE_MEMORY = "_office"


def _months_of(ds: Dataset, year: int) -> list[int]:
    """Months to offer for a year: January..the latest month with data, or all twelve."""
    months = [p.month for p in available_periods(ds) if p.year == year]
    return list(range(1, max(months) + 1)) if months else list(range(1, 13))


def _set_query(**values: str) -> None:
    """Write the changed values to the URL in one update (each update is a message
    to the browser on every view)."""
    changed = {name: value for name, value in values.items() if st.query_params.get(name) != value}
    if changed:
        st.query_params.update(changed)


def _year_changed(ds: Dataset) -> None:
    year = st.session_state[PERIOD_YEAR_KEY]
    month = min(st.session_state.get(PERIOD_MONTH_KEY, 12), max(_months_of(ds, year)))
    _set_query(tahun=str(year), bulan=str(month))


def _month_changed() -> None:
    _set_query(
        tahun=str(st.session_state[PERIOD_YEAR_KEY]), bulan=str(st.session_state[PERIOD_MONTH_KEY])
    )


def period_picker(ds: Dataset) -> Period:
    """Year and month selectboxes, in step with the URL (`?tahun=2024&bulan=9`).

    The URL wins (a shared link opens on its period), then the period shown
    last in this session (so switching pages keeps it), then
    lib.figures.period.default_period. Years and months come from the data; a period
    in the URL before or after the data is moved to the nearest month with data,
    with a message (lib.figures.period.period_from_query).
    Changing a selector writes the URL, so the view can be shared as a link.
    """
    today = today_wib()
    params = {k: st.query_params[k] for k in ("tahun", "bulan") if k in st.query_params}
    memory = st.session_state.get(_PERIOD_MEMORY)
    if params or memory is None:
        period, message = period_from_query(params, ds, today)
        if message:  # it quotes the URL: escaped, so it cannot link or format
            st.warning(md_escape(message), icon=":material/link_off:")
    else:
        period = memory
    period = period or Period(today.year, today.month)  # only without any dated row
    years = sorted(set(available_years(ds)) | {period.year})
    months = sorted(set(_months_of(ds, period.year)) | {period.month})
    st.session_state[PERIOD_YEAR_KEY] = period.year
    st.session_state[PERIOD_MONTH_KEY] = period.month
    pickers = row()
    pickers.selectbox(
        "Tahun", years, key=PERIOD_YEAR_KEY, format_func=str, on_change=_year_changed, args=(ds,)
    )
    pickers.selectbox(
        "Bulan", months, key=PERIOD_MONTH_KEY, format_func=month_name, on_change=_month_changed
    )
    st.session_state[_PERIOD_MEMORY] = period
    _set_query(tahun=str(period.year), bulan=str(period.month))
    return period


def _office_changed(key: str) -> None:
    _set_query(kantor=st.session_state[key])


def office_picker(options: list[str], key: str = OFFICE_KEY) -> str | None:
    """Office selectbox in step with `?kantor=` (matched loosely: `pakis` is KLL Pakis).

    The URL wins, then the office shown last in this session on any page, then
    the first option. An unknown name in the URL gives a warning. Returns None
    (with a message) when there is no office to pick. `key` names the widget,
    so two pages keep their own.
    """
    if not options:
        st.info("Belum ada kantor di tab Kantor.", icon=":material/info:")
        return None
    wanted = st.query_params.get("kantor")
    memory = st.session_state.get(_OFFICE_MEMORY)
    fallback = memory if memory in options else options[0]
    if wanted:
        matched, _ = match_offices([wanted], options)
        if matched:
            office = matched[0]
        else:
            office = fallback
            st.warning(
                f"Kantor di tautan tidak dikenal: {md_escape(wanted)}. "
                f"Ditampilkan {md_escape(office)}.",
                icon=":material/help:",
            )
    else:
        office = fallback
    st.session_state[key] = office
    st.selectbox("Kantor", options, key=key, on_change=_office_changed, args=(key,))
    st.session_state[_OFFICE_MEMORY] = office
    _set_query(kantor=office)
    return office
