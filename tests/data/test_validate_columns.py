"""validate's column-at-a-time helpers give what the per-row tests they replace gave."""

import itertools
import math
from datetime import date, datetime

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.data import parse
from lib.data.contract import TABS, Column
from lib.data.dataset import RawBook, RawTable, SourceInfo
from lib.data.validate import (
    _MISSING,
    _between,
    _blank_rows,
    _indexes_of,
    _is_blank,
    _parse_column,
    _texts,
    _usable,
    validate,
)

CELLS = st.one_of(
    st.none(),
    st.sampled_from(["", " ", "\u00a0", "\t\n", "x", "0", "Okt 2024", " KLL Pakis "]),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=True, allow_infinity=True),
    st.just(date(2024, 10, 1)),
    st.just(datetime(2024, 10, 1, 9)),
    st.text(max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(CELLS, max_size=5), max_size=12))
def test_blank_rows_is_is_blank_of_each_row(rows):
    columns = list(itertools.zip_longest(*rows, fillvalue=None))
    assert _blank_rows(columns, len(rows)) == [_is_blank(r) for r in rows]


def test_blank_rows_with_an_unhashable_cell_and_no_rows():
    rows = [[None, ["a list"]], ["", " "], []]
    columns = list(itertools.zip_longest(*rows, fillvalue=None))
    assert _blank_rows(columns, 3) == [False, True, True]
    assert _blank_rows([], 0) == []


NUMBERS = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(2**70), 2**70),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(NUMBERS, max_size=20), st.sampled_from([1_000.0, 1_000_000.0]))
def test_between_is_the_per_value_test(values, limit):
    expected = [
        i for i, v in enumerate(values) if v is not None and not math.isnan(v) and 0 < v < limit
    ]
    assert _between(values, limit) == expected


def test_between_gives_python_ints_and_an_empty_column_nothing():
    found = _between([5, None, float("nan"), 2.0, 0, 1_000], 1_000.0)
    assert found == [0, 3] and all(type(i) is int for i in found)
    assert _between([], 1_000.0) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.booleans(), max_size=15), st.sets(st.integers(0, 15)))
def test_usable_rows_are_neither_blank_nor_bad(blank, bad_rows):
    bad = {i: ["x"] for i in bad_rows}
    expected = [i for i in range(len(blank)) if not blank[i] and i not in bad]
    assert _usable(blank, bad) == expected


def test_indexes_of_tests_identity_not_equality():
    marker = object()
    nan = float("nan")
    values = [marker, None, 0, marker, nan, "", marker]
    assert _indexes_of(values, marker) == [0, 3, 6]
    assert _indexes_of(values, nan) == [4] and _indexes_of([], marker) == []


def _parse_column_typing_every_column(values, fn, column):
    """_parse_column as it was before it skipped the type pass: the reference."""
    typed = bool in set(map(type, values))
    keys = [(v.__class__, v) for v in values] if typed else values
    results, failed = {}, {}
    for key in dict.fromkeys(keys):
        raw = key[1] if typed else key
        try:
            value = fn(raw)
        except parse.CellError as exc:
            failed[key] = str(exc)
            value = None
        if value is parse.EMPTY or value is None and key not in failed:
            value = _MISSING if column.required else column.default
        results[key] = value
    out = [results[k] for k in keys]
    return out, {i: failed[k] for i, k in enumerate(keys) if k in failed}


def _typed_parse(value):
    """A parser that shows which of 1, 1.0 and True it was given first."""
    if value is None or value == "":
        return parse.EMPTY
    if value == "x":
        raise parse.CellError("bukan angka")
    return f"{type(value).__name__}:{value!r}"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from([0, 1, 0.0, 1.0, -0.0, True, False, 2, "1", "", "x", None]),
            CELLS,
        ),
        max_size=20,
    ),
    st.booleans(),
)
def test_parse_column_keeps_bools_apart_as_before(values, required):
    column = Column("Jumlah", "amount", "money", required=required, default=0.0)
    got = _parse_column(list(values), _typed_parse, column)
    assert got == _parse_column_typing_every_column(list(values), _typed_parse, column)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(["KLL Pakis", "Kesehatan", "", " x ", "Berjalan"]), CELLS),
        max_size=40,
    ),
    st.integers(1, 30),
)
def test_texts_give_the_frame_pandas_infers_from_the_list(values, repeat):
    values = values * repeat  # repeated texts take the distinct-value path
    got = pd.DataFrame({"c": _texts(values)})
    expected = pd.DataFrame({"c": values})
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert type(got["c"].array) is type(expected["c"].array)


def test_texts_of_repeated_names_take_the_distinct_path():
    values = ["KLL Pakis", "KLL Pagak"] * 50
    assert not isinstance(_texts(values), list)
    assert list(pd.Series(_texts(values))) == values
    assert _texts(["a", None] * 50) == ["a", None] * 50  # not all text: the list itself


# ----------------------------------------------------------------- a workbook's tables by column


def _both_ways(tables: dict[str, list[list]]) -> tuple[RawBook, RawBook]:
    """The same cells as a workbook hands them over (by column) and as rows."""
    from lib.data.sources import _table, _trim, _typed

    source = SourceInfo("workbook", "t.xlsx")
    width = {n: max(map(len, rows), default=0) for n, rows in tables.items()}
    square = {n: [list(r) + [""] * (width[n] - len(r)) for r in rows] for n, rows in tables.items()}
    by_column = RawBook(
        source, {n: _table(n, [list(r) for r in rows]) for n, rows in square.items()}
    )
    by_row = RawBook(source, {n: RawTable(n, _trim(_typed(rows))) for n, rows in square.items()})
    return by_column, by_row


def _same_dataset(a, b) -> None:
    assert a.accounts == b.accounts
    pd.testing.assert_frame_equal(a.problems, b.problems)
    assert a.tables.keys() == b.tables.keys()
    for key in a.tables:
        pd.testing.assert_frame_equal(a.tables[key], b.tables[key], obj=key)


PROGRAM_CELLS = st.one_of(
    st.none(),
    st.sampled_from(
        ["", " ", "KLL Pakis", "kll wajak", "Pendidikan", "Selesai", "Okt 2024", "1,5 jt", "#REF!"]
    ),
    st.floats(-10.0, 1e7, allow_nan=False).map(lambda f: round(f, 1)),
    st.just(date(2024, 10, 1)),
    st.just(datetime(2024, 9, 1)),
    st.booleans(),
)
PROGRAM_HEAD = [c.header for c in next(t for t in TABS if t.key == "programs").columns]


@settings(max_examples=60, deadline=None)
@given(
    st.booleans(),
    st.lists(st.lists(PROGRAM_CELLS, min_size=0, max_size=8), max_size=14),
)
def test_a_workbook_validates_the_same_by_column_as_by_row(title_row, body):
    """Blank rows (inside and at the end), ragged and wide rows, mixed types, equal rows."""
    head = ([["Daftar program"]] if title_row else []) + [PROGRAM_HEAD]
    program = head + body + body[:2] + [[""] * 3]
    kantor = [["Kantor", "Aktif"], ["KLL Pakis", "Ya"], ["KLL Wajak", True], [None, None]]
    by_column, by_row = _both_ways({"Kantor": kantor, "Program": program})
    today = date(2024, 11, 15)
    _same_dataset(validate(by_column, today), validate(by_row, today))


def test_the_sample_workbook_validates_the_same_by_column_as_by_row():
    from lib.data.sample import SAMPLE_PATH
    from lib.data.sources import parse_workbook

    content = SAMPLE_PATH.read_bytes()
    by_column = parse_workbook(content, "sample.xlsx")
    by_row = {n: RawTable(n, t.rows) for n, t in parse_workbook(content, "sample.xlsx").items()}
    source = SourceInfo("workbook", "sample.xlsx")
    today = date(2024, 11, 15)
    a = validate(RawBook(source, by_column), today)
    b = validate(RawBook(source, by_row), today)
    assert sum(x.rows for x in a.accounts.values()) > 100
    _same_dataset(a, b)


def test_a_table_by_column_gives_its_rows_once_and_they_are_the_table():
    table = RawTable.from_columns("T", [("Kantor", "KLL Pakis", None), ("Aktif", None, None)])
    assert table.head(2) == [["Kantor", "Aktif"], ["KLL Pakis"]]
    assert table.body_columns(1) == ([("KLL Pakis", None), (None, None)], 2)
    assert table.rows == [["Kantor", "Aktif"], ["KLL Pakis"]]  # the empty last row is left out
    table.rows.append(["KLL Wajak", "Ya"])  # from now on the rows are the table
    assert table.body_columns(1) == ([("KLL Pakis", "KLL Wajak"), (None, "Ya")], 2)
    assert table == RawTable("T", [["Kantor", "Aktif"], ["KLL Pakis"], ["KLL Wajak", "Ya"]])


def test_tabs_still_being_read_are_validated_last_and_records_after_their_meetings():
    from concurrent.futures import Future

    from lib.data.validate import _ready_first

    def found(*later: str) -> dict[str, RawTable]:
        return {
            t.name: RawTable.later(t.name, Future()) if t.name in later else RawTable(t.name, [])
            for t in TABS
        }

    names = [t.name for t in TABS[1:]]
    assert [t.name for t in _ready_first(TABS[1:], found())] == names
    order = [t.name for t in _ready_first(TABS[1:], found("Program"))]
    assert order == [n for n in names if n != "Program"] + ["Program"]
    order = [t.name for t in _ready_first(TABS[1:], found("Rapat"))]
    assert order[-3:] == ["Rapat", "Kehadiran", "Keputusan"]
    assert sorted(order) == sorted(names)
