"""The meeting record in the agenda: attendance on the opening slide, "Tindak lanjut rapat
lalu" right after it, and the agenda unchanged for a sheet without the tabs."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from agenda_fixture import agenda_dataset

from lib.data.config import source_config
from lib.data.load import load_dataset
from lib.figures import record
from lib.meeting import agenda as ag
from lib.meeting import slides


@pytest.fixture(scope="module")
def sample_ds():
    return load_dataset(source_config({}, {}))


def agenda_of(ds, tanggal: str) -> ag.Agenda:
    meeting, message = ag.choose_meeting(ds, date(2024, 1, 1), tanggal)
    assert message is None
    return ag.build_agenda(ds, meeting)


def pairs(agenda: ag.Agenda) -> dict[str, str]:
    facts = slides.item_blocks(agenda, agenda.items[0])[0]
    assert isinstance(facts, slides.Facts)
    return dict(facts.pairs)


def test_the_agenda_opens_with_the_follow_ups_of_earlier_meetings(sample_ds):
    agenda = agenda_of(sample_ds, "2024-10-05")
    assert [i.kind for i in agenda.items[:3]] == [ag.OPENING, ag.FOLLOW_UP, ag.PILLARS]
    item = agenda.items[1]
    assert item.title == "Tindak lanjut rapat lalu" and item.duration_min == 15
    blocks = slides.item_blocks(agenda, item)
    table = blocks[0]
    assert isinstance(table, slides.Table)
    assert table.title == "3 masih terbuka (2 lewat tenggat), 1 selesai sejak rapat lalu"
    # overdue first; four do not fit the projector: two shown, the rest counted
    assert list(table.frame["Status"]) == ["Lewat tenggat", "Lewat tenggat"]
    assert list(table.frame["Penanggung jawab"]) == ["KLL Pagak", "KLL Wajak"]
    assert blocks[1].text.startswith("Dan 2 lainnya (1 terbuka, 1 selesai)")


def test_opening_slide_says_who_came(sample_ds):
    assert pairs(agenda_of(sample_ds, "2024-10-05"))["Kehadiran"] == "Hadir 9 dari 9 KLL"
    november = pairs(agenda_of(sample_ds, "2024-11-02"))
    assert november["Kehadiran"] == "Hadir 8 dari 9 KLL · 1 izin"
    assert november["Izin"] == "KLL Wajak"
    december = pairs(agenda_of(sample_ds, "2024-12-07"))
    assert december["Belum dicatat"] == "KLL Lawang, KLL Wajak"
    assert pairs(agenda_of(sample_ds, "2023-10-07"))["Kehadiran"] == "Daftar hadir belum diisi"


def test_a_long_list_is_capped_on_the_slide():
    rows = [
        {
            "decision": f"K{i}",
            "responsible": "",
            "deadline": None,
            "meeting_date": date(2024, 9, 7),
            "state": record.OPEN,
            "overdue": i < 2,
            "done_on": None,
        }
        for i in range(7)
    ]
    blocks = slides.follow_up_blocks(pd.DataFrame(rows))
    assert len(blocks[0].frame) == slides.FOLLOW_UP_ROWS - 1
    assert list(blocks[0].frame["Keputusan"])[:2] == ["K0", "K1"]  # overdue first
    assert blocks[1].text.startswith(f"Dan {7 - slides.FOLLOW_UP_ROWS + 1} lainnya")
    exactly = slides.follow_up_blocks(pd.DataFrame(rows[: slides.FOLLOW_UP_ROWS]))
    assert len(exactly) == 1 and len(exactly[0].frame) == slides.FOLLOW_UP_ROWS
    assert slides.follow_up_blocks(pd.DataFrame(rows[:0]))[0].text.startswith("Tidak ada")


def test_a_sheet_without_the_record_tabs_keeps_its_agenda():
    ds = agenda_dataset()  # no Kehadiran, no Keputusan
    meeting, _ = ag.choose_meeting(ds, date(2024, 5, 1))
    agenda = ag.build_agenda(ds, meeting)
    assert ag.FOLLOW_UP not in [i.kind for i in agenda.items]
    assert "Kehadiran" not in pairs(agenda)
