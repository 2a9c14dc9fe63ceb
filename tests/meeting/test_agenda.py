"""The agenda model on a hand-built fixture (tests/agenda_fixture.py)."""

from __future__ import annotations

from datetime import date, time

import pandas as pd
import pytest
from agenda_fixture import agenda_dataset

from lib.figures.period import Period
from lib.meeting import agenda as ag
from lib.meeting import slides


@pytest.fixture
def ds():
    return agenda_dataset()


def meeting_of(ds, day: str) -> ag.Meeting:
    meeting, message = ag.choose_meeting(ds, date(2020, 1, 1), day)
    assert message is None
    return meeting


def test_items_in_the_order_the_rakor_runs(ds):
    agenda = ag.build_agenda(ds, meeting_of(ds, "2024-05-04"))
    assert [i.kind for i in agenda.items] == [
        "pembukaan",
        "pilar",
        "laporan",
        "laporan",
        "laporan",
        "perkenalan",
        "kendala",
        "tambahan",
        "tambahan",
        "penutup",
    ]
    assert agenda.long_date == "Sabtu, 4 Mei 2024"
    assert agenda.place == "Aula _miring_"
    assert agenda.period == Period(2024, 4)
    assert agenda.period_label == "April 2024"


def test_new_office_is_welcomed_once_at_the_first_meeting_after_its_founding(ds):
    # Beta was founded 2024-04-20: not there on 6 April, welcomed on 4 May (and,
    # founded in April, it has April figures, so it reports too), then an
    # ordinary office. Delta has no founding date (never new); Gamma is inactive;
    # Future (founded 2024-06-01) is welcomed on 8 June, with no May figures.
    april = ag.build_agenda(ds, meeting_of(ds, "2024-04-06"))
    assert "KLL Beta" not in april.offices
    agenda = ag.build_agenda(ds, meeting_of(ds, "2024-05-04"))
    assert agenda.reporting_offices == ["KLL Alpha", "KLL Beta", "KLL Delta"]
    assert agenda.new_offices == ["KLL Beta"]
    assert agenda.offices == ["KLL Alpha", "KLL Beta", "KLL Delta"]
    intro = agenda.items_of(ag.INTRODUCTION)[0]
    assert intro.title == "Perkenalan KLL Beta (baru)"
    assert intro.body["coordinator"] == "Budi *tebal*"
    assert list(intro.body["planned"]["Program"]) == ["Posbindu"]  # Ternak is planned for May
    beta = [i for i in agenda.items_of(ag.REPORT) if i.office == "KLL Beta"][0]
    assert beta.title == "Laporan KLL Beta"
    assert beta.body["figures"]["collection_month"] == 200_000
    june = ag.build_agenda(ds, meeting_of(ds, "2024-06-08"))
    assert june.new_offices == ["KLL Future"]
    assert june.reporting_offices == ["KLL Alpha", "KLL Beta", "KLL Delta"]
    assert ag.welcome_meeting(ds, pd.Timestamp("2024-04-20")) == date(2024, 5, 4)
    assert ag.welcome_meeting(ds, pd.Timestamp("2024-05-04")) == date(2024, 5, 4)  # same day
    assert ag.welcome_meeting(ds, pd.Timestamp("2024-06-09")) is None  # no meeting after
    assert ag.welcome_meeting(ds, pd.NaT) is None
    # founded years before the first meeting the sheet records: not new there
    assert ag.welcome_meeting(ds, pd.Timestamp("2020-01-01")) is None
    assert ag.welcome_meeting(ds, pd.Timestamp("2023-10-06")) == date(2024, 4, 6)  # 6 months


def test_office_title_never_doubles_kll():
    assert ag.office_title("Laporan", "KLL Gondanglegi") == "Laporan KLL Gondanglegi"
    assert ag.office_title("Laporan", "kll  Pakis") == "Laporan KLL Pakis"
    assert ag.office_title("Laporan", "Pagak") == "Laporan KLL Pagak"
    assert ag.office_title("Laporan", "KLLX") == "Laporan KLL KLLX"


def test_report_uses_the_progress_figures_of_the_period(ds):
    agenda = ag.build_agenda(ds, meeting_of(ds, "2024-05-04"))
    alpha = agenda.items_of(ag.REPORT)[0]
    figures = alpha.body["figures"]
    assert figures["collection_month"] == 1_500_000
    assert figures["collection_prev_month"] == 1_000_000
    assert figures["collection_ytd"] == 2_500_000
    assert figures["pct_target"] == pytest.approx(2.5 / 12)
    assert list(alpha.body["programs"]["Program"]) == ["Beasiswa"]
    # only obstacles raised in April; the January one is under Kendala
    assert list(alpha.body["obstacles"]["Kendala"]) == ["Kotak *infaq* <b>x</b>"]
    labels = dict(slides.key_figures(alpha, agenda.period))
    assert labels["Penghimpunan April 2024"] == "Rp1.500.000"
    assert labels["Penghimpunan Maret 2024"] == "Rp1.000.000"
    assert labels["Capaian target"] == "20,8%"
    assert labels["Seharusnya s.d. April 2024"] == "33,3% · Tertinggal"


def test_open_obstacles_carried_over_grouped_by_field_oldest_first(ds):
    agenda = ag.build_agenda(ds, meeting_of(ds, "2024-05-04"))
    body = agenda.items_of(ag.OBSTACLES)[0].body
    groups = body["groups"]
    assert list(groups) == ["Penghimpunan", "Penyaluran", "Kelembagaan"]
    assert list(groups["Penyaluran"]["Bulan"]) == ["Nov 2023", "Jan 2024"]
    assert list(groups["Penyaluran"]["Kantor"]) == ["KLL Delta", "KLL Alpha"]
    assert list(groups["Kelembagaan"]["Kendala"]) == ["SK belum terbit"]
    # not: closed (Donatur turun), raised after April, or of the inactive office
    texts = {t for df in groups.values() for t in df["Kendala"]}
    assert texts.isdisjoint({"Donatur turun", "Sesudah periode", "Kantor tutup"})
    assert body["count"] == 4


def test_extra_items_from_the_sheet_and_none_when_empty(ds):
    agenda = ag.build_agenda(ds, meeting_of(ds, "2024-05-04"))
    extras = agenda.items_of(ag.EXTRA)
    assert [i.title for i in extras] == [
        "Agenda tambahan: Persiapan kurban",
        "Agenda tambahan: Lain",
    ]
    assert ag.build_agenda(ds, meeting_of(ds, "2024-06-08")).items_of(ag.EXTRA) == []


def test_durations_and_clock_times(ds):
    agenda = ag.build_agenda(ds, meeting_of(ds, "2024-05-04"))
    # 10 + 20 + 3*8 + 10 + 20 + 2*10 + 5 = 109 minutes from 09:00
    assert [i.duration_min for i in agenda.items] == [10, 20, 8, 8, 8, 10, 20, 10, 10, 5]
    assert agenda.items[2].start == time(9, 30)
    assert agenda.items[5].start == time(9, 54)
    assert agenda.end_time == time(10, 49)
    assert agenda.total_minutes == 109
    assert list(agenda.schedule()["Mulai"])[:3] == ["09.00", "09.10", "09.30"]

    custom = ag.build_agenda(
        ds, meeting_of(ds, "2024-05-04"), start_time=time(8, 30), durations={"laporan": 15}
    )
    assert [i.duration_min for i in custom.items_of(ag.REPORT)] == [15, 15, 15]
    assert custom.items[5].start == time(9, 45)  # 08:30 + 10 + 20 + 45
    assert custom.end_time == time(10, 40)


def test_settings_from_secrets_skip_bad_values_with_a_message():
    durations, start, messages = ag.settings_from_secrets(
        {"rapat": {"mulai": "08.30", "durasi": {"laporan": 12, "Penutup": "7", "kopi": 5}}}
    )
    assert durations == {"laporan": 12, "penutup": 7}
    assert start == time(8, 30)
    assert len(messages) == 1 and "kopi" in messages[0]
    durations, start, messages = ag.settings_from_secrets(
        {"rapat": {"mulai": "jam sembilan", "durasi": {"pilar": -5}}}
    )
    assert durations == {} and start == time(9, 0) and len(messages) == 2
    assert ag.settings_from_secrets({}) == ({}, time(9, 0), [])


def test_meeting_choice_by_today_and_by_link(ds):
    def chosen(today, tanggal=None):
        meeting, message = ag.choose_meeting(ds, today, tanggal)
        return meeting.date, message

    assert chosen(date(2024, 5, 1)) == (date(2024, 5, 4), None)
    assert chosen(date(2024, 5, 4)) == (date(2024, 5, 4), None)  # the day itself
    assert chosen(date(2024, 5, 5)) == (date(2024, 6, 8), None)
    assert chosen(date(2025, 1, 1)) == (date(2024, 6, 8), None)  # none ahead: the latest
    assert chosen(date(2025, 1, 1), "2024-04-06") == (date(2024, 4, 6), None)
    assert chosen(date(2025, 1, 1), "06/04/2024") == (date(2024, 4, 6), None)
    day, message = chosen(date(2024, 5, 1), "2024-04-07")  # the nearest, not the next
    assert day == date(2024, 4, 6) and "Tidak ada rapat" in message and "terdekat" in message
    assert chosen(date(2024, 5, 1), "2024-05-20")[0] == date(2024, 5, 4)  # 16 days vs 19
    assert chosen(date(2024, 5, 1), "2024-05-22")[0] == date(2024, 6, 8)  # 18 vs 17
    assert chosen(date(2024, 5, 1), "2030-01-01")[0] == date(2024, 6, 8)
    day, message = chosen(date(2024, 5, 1), "kemarin")
    assert day == date(2024, 5, 4) and "tidak terbaca" in message


def test_no_meetings_gives_a_message(ds):
    ds.tables["meetings"] = ds.meetings.iloc[0:0]
    meeting, message = ag.choose_meeting(ds, date(2024, 1, 1))
    assert meeting is None and "tab Rapat" in message


def test_review_period_defaults_to_the_month_before():
    assert ag.review_period(ag.Meeting(date(2024, 3, 2))) == Period(2024, 2)
    assert ag.review_period(ag.Meeting(date(2024, 1, 6))) == Period(2023, 12)
    assert ag.review_period(ag.Meeting(date(2024, 1, 6), period=Period(2023, 11))) == Period(
        2023, 11
    )
