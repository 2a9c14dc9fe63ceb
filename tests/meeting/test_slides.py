"""Slide content and splitting (lib.meeting.slides) on the hand-built agenda fixture."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from agenda_fixture import agenda_dataset

from lib.meeting import agenda as ag
from lib.meeting import slides


@pytest.fixture
def ds():
    return agenda_dataset()


def build(ds, day: str) -> ag.Agenda:
    meeting, message = ag.choose_meeting(ds, date(2020, 1, 1), day)
    assert message is None
    return ag.build_agenda(ds, meeting)


def blocks_of(agenda: ag.Agenda, kind: str, n: int = 0) -> list[slides.Block]:
    return slides.item_blocks(agenda, agenda.items_of(kind)[n])


def table(rows: int, text: str = "x") -> slides.Table:
    return slides.Table("Daftar", pd.DataFrame({"No": range(rows), "Isi": [text] * rows}))


# ---------------------------------------------------------------- splitting


def test_blocks_that_fit_share_a_slide():
    blocks = [slides.Text("satu"), table(3), slides.Text("dua")]
    assert slides.split_blocks(blocks, budget=16) == [blocks]


def test_a_long_table_continues_on_lanjutan_slides_with_every_row_in_order():
    long = table(40)
    parts = slides.split_blocks([slides.Text("pengantar"), long], budget=16)
    assert len(parts) >= 3
    for part in parts:
        assert sum(slides.block_cost(b) for b in part) <= 16
    tables = [b for part in parts for b in part if isinstance(b, slides.Table)]
    assert tables[0].title == "Daftar"
    assert all(t.title == "Daftar (lanjutan)" for t in tables[1:])
    assert list(pd.concat([t.frame for t in tables])["No"]) == list(range(40))


def test_a_short_table_moves_on_whole_instead_of_splitting():
    first = [slides.Text("a" * 100)] * 10  # 10 rows used of 16
    parts = slides.split_blocks([*first, table(8)], budget=16)
    assert len(parts) == 2 and len(parts[1]) == 1
    moved = parts[1][0]
    assert moved.title == "Daftar" and moved.frame.equals(table(8).frame)


def test_a_text_longer_than_a_slide_is_cut_between_words():
    words = [f"kata{i}" for i in range(900)]
    parts = slides.split_blocks([slides.Text(" ".join(words))], budget=8)
    assert len(parts) > 1
    texts = [b.text for part in parts for b in part]
    assert " ".join(texts).split() == words  # nothing lost, no word cut
    for part in parts:
        assert sum(slides.block_cost(b) for b in part) <= 8


def test_a_word_longer_than_a_slide_is_cut_but_kept():
    word = "x" * (slides.CHARS_PER_LINE * 30)
    parts = slides.split_blocks([slides.Text(word)], budget=8)
    assert "".join(b.text for part in parts for b in part) == word
    assert all(slides.block_cost(b) <= 8 for part in parts for b in part)


def test_big_figures_cost_a_row_per_four():
    five = slides.Facts(tuple((str(i), "1") for i in range(5)), big=True)
    assert slides.block_cost(five) == 2 * slides.METRIC_ROW_COST
    three = slides.Facts(tuple((str(i), "1") for i in range(6)), big=True, per_row=3)
    assert slides.block_cost(three) == 2 * slides.METRIC_ROW_COST


def test_plain_facts_lay_out_two_pairs_per_row():
    frame = slides.facts_frame(slides.Facts((("a", "1"), ("b", "2"), ("c", "3"))))
    assert frame.values.tolist() == [["a", "1", "b", "2"], ["c", "3", "", ""]]
    assert slides.facts_frame(slides.Facts((("a", "1"),))).values.tolist() == [["a", "1"]]


@pytest.mark.parametrize(("n", "gap"), [(1, False), (2, False), (3, True), (4, False), (5, True)])
def test_an_empty_pair_ends_the_facts_exactly_when_facts_gap_says(n, gap):
    """facts_gap tells the phone's layout to hide the last row's empty pair."""
    block = slides.Facts(tuple((f"label {i}", str(i)) for i in range(n)))
    last = slides.facts_frame(block).values.tolist()[-1]
    assert slides.facts_gap(block) is gap
    assert (last[-2:] == ["", ""]) is gap


def test_present_slides_follow_the_agenda_and_number_their_parts(ds):
    agenda = build(ds, "2024-05-04")
    meeting = agenda.meeting
    deck = slides.present_slides(ds, meeting)
    assert [s.item for s in deck] == sorted(s.item for s in deck)
    assert {s.item for s in deck} == set(range(len(agenda.items)))  # every item has a slide
    for s in deck:
        item = agenda.items[s.item]
        assert s.title == (item.title if s.part == 1 else f"{item.title} (lanjutan)")
        assert 1 <= s.part <= s.parts
        assert sum(slides.block_cost(b) for b in s.blocks) <= slides.SLIDE_BUDGET


# ---------------------------------------------------------------- content


def test_report_slide_says_belum_lapor_never_rp0(ds):
    june = build(ds, "2024-06-08")  # reviews May 2024: nobody has a May row
    alpha = june.items_of(ag.REPORT)[0]
    headline = dict(slides.headline_figures(alpha, june.period))
    assert headline["Penghimpunan Mei 2024"] == "Belum lapor"
    assert headline["Penghimpunan April 2024"] == "Rp1.500.000"
    assert headline["Penghimpunan Jan–Mei 2024"] == "Rp2.500.000"
    figures = dict(slides.key_figures(alpha, june.period))
    assert figures["Penghimpunan Mei 2024"] == "Belum lapor"
    assert figures["Laporan Mei 2024"] == "Belum masuk"
    bars = next(b for b in slides.item_blocks(june, alpha) if isinstance(b, slides.Bars))
    assert [b[2] for b in bars.bars] == ["Rp1.500.000", "Belum lapor"]


def test_opening_overview_has_the_district_pace_and_who_has_not_reported(ds):
    june = build(ds, "2024-06-08")
    blocks = blocks_of(june, ag.OPENING)
    big = next(b for b in blocks if isinstance(b, slides.Facts) and b.big)
    values = dict(big.pairs)
    assert values["Penghimpunan Mei 2024"] == "Rp0"  # the district total of no rows
    # Alpha's target 12 jt paced over 5 of 12 months; Beta, Delta have no target
    assert values["Laju target s.d. Mei 2024"] == "Rp5.000.000"
    texts = [b.text for b in blocks if isinstance(b, slides.Text)]
    assert "Belum lapor Mei 2024: KLL Alpha, KLL Beta, KLL Delta." in texts
    ranking = next(b for b in blocks if isinstance(b, slides.Table) and "Peringkat" in b.title)
    assert list(ranking.frame["Kantor"])[0] == "KLL Alpha"  # the only one with a target
    assert set(ranking.frame["Penghimpunan Mei 2024"]) == {"Belum lapor"}


def test_pillar_slide_names_the_programs_under_each_pillar(ds):
    may = build(ds, "2024-05-04")
    blocks = blocks_of(may, ag.PILLARS)
    programs = next(b for b in blocks if isinstance(b, slides.Table) and "Program per" in b.title)
    # Beasiswa runs (Berjalan); Posbindu is only a plan, so it is not a running program
    assert programs.frame.values.tolist() == [["Pendidikan", "Beasiswa", "KLL Alpha"]]


def test_extra_item_carries_its_notes_and_closing_what_was_asked(ds):
    june = build(ds, "2024-06-08")
    closing = blocks_of(june, ag.CLOSING)
    asks = next(b for b in closing if isinstance(b, slides.Bullets))
    assert asks.title == "Yang diminta dari kantor"
    assert any("KLL Alpha, KLL Beta, KLL Delta" in line for line in asks.lines)
    assert any("Isi target penghimpunan 2024: KLL Beta, KLL Delta" in x for x in asks.lines)
    may = build(ds, "2024-05-04")
    extra = blocks_of(may, ag.EXTRA)
    assert extra[0] == slides.Bullets("Bahan pembahasan", ("Persiapan kurban",))
    last = blocks_of(may, ag.CLOSING)[-1]
    assert last == slides.Facts((("Rapat berikutnya", "Sabtu, 8 Juni 2024"),))
