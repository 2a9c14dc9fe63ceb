"""Shaping of the Kualitas Data tables, on a small hand-built dataset."""

import pandas as pd
import pytest
from conftest import tiny_dataset as make_dataset

from lib.data.dataset import PROBLEM_COLUMNS, TabAccount
from lib.figures import quality


def test_accounts_table_in_contract_order_with_check():
    table = quality.accounts_table(make_dataset())
    assert list(table.columns) == quality.ACCOUNT_COLUMNS
    assert list(table["Tab"]) == ["Kantor", "Target", "Penghimpunan", "Program", "Rapat"]
    pengh = table.set_index("Tab").loc["Penghimpunan"]
    assert (pengh["Baris"], pengh["Valid"], pengh["Ditolak"], pengh["Kosong"]) == (10, 8, 2, 0)
    assert table.set_index("Tab").loc["Program", "Peringatan"] == 2
    assert table.set_index("Tab").loc["Target", "Dimuat"] == "Tidak"
    assert set(table["Cek"]) == {"✓ cocok"}


def test_accounts_table_shows_a_gap():
    ds = make_dataset(accounts={"Kantor": TabAccount(rows=5, valid=3, rejected=0, blank=1)})
    assert list(quality.accounts_table(ds)["Cek"]) == ["✗ selisih 1"]
    assert not quality.accounts_balanced(ds)
    assert quality.accounts_balanced(make_dataset())


def test_office_options_include_unknown_names_once():
    options = quality.office_options(make_dataset())
    # `kll  pakis` is KLL Pakis; `Pakiss` is only in problems but still findable
    assert options == ["KLL Pagak", "KLL Pakis", "KLL Wajak", "Pakiss"]


def test_tab_options():
    assert quality.tab_options(make_dataset()) == [
        "Kantor",
        "Target",
        "Penghimpunan",
        "Program",
        "Kendala",
        "Rapat",
    ]


def test_match_offices_loosely():
    options = ["KLL Pakis", "KLL Wajak"]
    assert quality.match_offices(["pakis", "KLL  WAJAK", "KLL Pakis"], options) == (
        ["KLL Pakis", "KLL Wajak"],
        [],
    )
    assert quality.match_offices(["Kantor Layanan Pakis", "Nope"], options) == (
        ["KLL Pakis"],
        ["Nope"],
    )
    assert quality.match_offices([], options) == ([], [])


def test_filter_problems_by_office_matches_loosely():
    problems = make_dataset().problems
    shown = quality.filter_problems(problems, ["KLL Pakis"])
    assert list(shown["cell"]) == ["D12", "A12"]  # the canonical and the typed `kll  pakis`
    assert list(quality.filter_problems(problems, ["Pakiss"])["cell"]) == ["B13"]


def test_filter_problems_by_office_drops_tab_level_problems():
    problems = make_dataset().problems
    shown = quality.filter_problems(problems, ["KLL Wajak", "KLL Pakis"])
    assert set(shown["tab"]) == {"Penghimpunan", "Program"}


def test_filter_problems_by_tab_and_both():
    problems = make_dataset().problems
    assert len(quality.filter_problems(problems, tabs=["Penghimpunan"])) == 3
    assert len(quality.filter_problems(problems, ["KLL Wajak"], ["Penghimpunan"])) == 0
    assert len(quality.filter_problems(problems, ["KLL Pakis"], ["Penghimpunan", "Rapat"])) == 2


@pytest.mark.parametrize("empty", [None, []])
def test_filter_problems_without_filters_keeps_all(empty):
    problems = make_dataset().problems
    assert quality.filter_problems(problems, empty, empty).equals(problems)


def test_filter_problems_on_no_problems():
    empty = pd.DataFrame(columns=PROBLEM_COLUMNS)
    assert quality.filter_problems(empty, ["KLL Pakis"], ["Program"]).empty


def test_problems_table_for_a_sheet():
    ds = make_dataset("sheet")
    table = quality.problems_table(ds)
    assert list(table.columns) == quality.PROBLEM_TABLE_COLUMNS + [quality.LINK_COLUMN]
    # contract tab order, then row
    assert list(table["Tab"]) == [
        "Penghimpunan",
        "Penghimpunan",
        "Penghimpunan",
        "Program",
        "Kendala",
        "Rapat",
    ]
    assert list(table["Baris"].astype("object")) == [12, 12, 13, 5, pd.NA, 3]
    assert list(table["Tingkat"]) == [
        "Ditolak",
        "Ditolak",
        "Ditolak",
        "Peringatan",
        "Catatan",
        "Ditolak",
    ]
    sid = "https://docs.google.com/spreadsheets/d/SID/edit#gid=7"
    assert table.loc[0, quality.LINK_COLUMN] == f"{sid}&range=D12"
    assert table.loc[2, quality.LINK_COLUMN] == f"{sid}&range=B13"
    assert pd.isna(table.loc[5, quality.LINK_COLUMN])  # tab Rapat has no gid
    # raw values are text, shown as typed: never a float, never HTML
    assert table.loc[1, "Nilai"] == "45000.0"
    assert table.loc[5, "Nilai"] == "<b>x</b>"
    assert table.loc[4, "Nilai"] == ""


def test_problems_table_for_a_workbook_has_no_links():
    ds = make_dataset("workbook")
    table = quality.problems_table(ds, quality.filter_problems(ds.problems, ["KLL Wajak"]))
    assert list(table.columns) == quality.PROBLEM_TABLE_COLUMNS
    assert list(table["Pesan"]) == ["Dobel"]


def test_severity_counts():
    problems = make_dataset().problems
    assert quality.severity_counts(problems) == {"Ditolak": 4, "Peringatan": 1, "Catatan": 1}
    assert quality.severity_counts(problems.iloc[0:0]) == {
        "Ditolak": 0,
        "Peringatan": 0,
        "Catatan": 0,
    }
