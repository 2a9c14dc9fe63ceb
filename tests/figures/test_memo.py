"""Figures memoised per dataset: computed once, never shared mutably."""

import pandas as pd

from lib.data.dataset import Dataset, SourceInfo
from lib.figures.memo import per_dataset
from lib.figures.period import Period


def dataset() -> Dataset:
    return Dataset(SourceInfo("workbook", "x.xlsx"), {}, pd.DataFrame(), {})


calls: list[tuple] = []


@per_dataset
def figure(ds, period, office=None):
    calls.append((period, office))
    return pd.DataFrame({"office": [office], "year": [period.year]})


def test_same_arguments_compute_once_per_dataset():
    calls.clear()
    a, b = dataset(), dataset()
    figure(a, Period(2024, 9))
    figure(a, Period(2024, 9))
    figure(a, Period(2024, 9), office="KLL Pakis")
    figure(b, Period(2024, 9))
    assert calls == [
        (Period(2024, 9), None),
        (Period(2024, 9), "KLL Pakis"),
        (Period(2024, 9), None),
    ]


def test_a_caller_changing_its_result_does_not_change_the_next_one():
    ds = dataset()
    first = figure(ds, Period(2023, 1))
    first["extra"] = 1
    first.loc[0, "year"] = 1999
    again = figure(ds, Period(2023, 1))
    assert list(again.columns) == ["office", "year"]
    assert again.loc[0, "year"] == 2023


def test_unhashable_arguments_still_compute():
    calls.clear()
    ds = dataset()

    @per_dataset
    def with_list(ds, offices):
        calls.append(tuple(offices))
        return len(offices)

    assert with_list(ds, ["a", "b"]) == 2
    assert with_list(ds, ["a", "b"]) == 2
    assert calls == [("a", "b")]  # lists are frozen into keys
    assert with_list(ds, [{"a"}]) == 1  # a set inside cannot be a key: computed, no error


def test_viewers_asking_at_once_wait_for_one_computation():
    import threading

    from lib.figures.memo import get_or_compute

    ds = dataset()
    started, release = threading.Event(), threading.Event()
    computed = []

    def compute():
        computed.append(1)
        started.set()
        assert release.wait(10)
        return pd.DataFrame({"x": [1]})

    results = []
    first = threading.Thread(target=lambda: results.append(get_or_compute(ds, "k", compute)))
    first.start()
    assert started.wait(10)
    others = [
        threading.Thread(target=lambda: results.append(get_or_compute(ds, "k", compute)))
        for _ in range(5)
    ]
    for t in others:
        t.start()
    release.set()
    for t in [first, *others]:
        t.join(10)
    assert len(computed) == 1 and len(results) == 6
    assert all(r["x"].tolist() == [1] for r in results)


def test_a_shared_value_is_computed_once_and_is_the_same_object():
    from lib.figures.memo import get_shared

    ds, made = dataset(), []

    def build():
        made.append(1)
        return pd.DataFrame({"Kantor": ["KLL Pakis"]})

    first = get_shared(ds, ("display", 1), build)
    assert get_shared(ds, ("display", 1), build) is first
    assert get_shared(dataset(), ("display", 1), build) is not first  # another dataset
    assert made == [1, 1]
