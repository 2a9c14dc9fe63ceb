"""lib.ui.widgets: a table is drawn once per content and replayed to every later viewer."""

from __future__ import annotations

import gc

import pandas as pd
from streamlit.testing.v1 import AppTest

from lib.ui import widgets

DRAWN: list[str] = []  # the key of every table actually drawn (not replayed)


def page(amount: int = 1500000) -> None:
    import pandas as pd

    from lib import ui
    from lib.views import fmt

    df = pd.DataFrame({"Kantor": ["KLL Contoh"], "Terhimpun": [amount]})
    ui.table(df, "uji", formats={"Terhimpun": fmt.rupiah})


def counting(monkeypatch) -> None:
    real = widgets._table

    def draw(df, key, *args, **kwargs):
        DRAWN.append(key)
        real(df, key, *args, **kwargs)

    monkeypatch.setattr(widgets, "_table", draw)
    DRAWN.clear()


def shown(at: AppTest) -> list:
    return [(list(d.value["Kantor"]), list(d.value["Terhimpun"])) for d in at.dataframe]


def test_the_same_table_is_drawn_once_and_replayed_to_the_next_viewer(monkeypatch):
    counting(monkeypatch)
    first = AppTest.from_function(page).run()
    first.run()  # the same viewer again
    second = AppTest.from_function(page).run()  # another viewer
    assert DRAWN == ["uji"]
    for at in (first, second):
        assert not at.exception
        assert shown(at) == [(["KLL Contoh"], [1500000])]


def test_other_figures_are_drawn_anew(monkeypatch):
    counting(monkeypatch)
    AppTest.from_function(page, kwargs={"amount": 1500000}).run()
    at = AppTest.from_function(page, kwargs={"amount": 2500000}).run()
    assert DRAWN == ["uji", "uji"]
    assert shown(at) == [(["KLL Contoh"], [2500000])]


def test_the_digest_follows_content_and_settings_not_the_object():
    a = pd.DataFrame({"x": [1, 2]})
    same = pd.DataFrame({"x": [1, 2]})
    other = pd.DataFrame({"x": [1, 3]})
    assert widgets._fingerprint((a, "k")) == widgets._fingerprint((same, "k"))
    assert widgets._fingerprint((a, "k")) != widgets._fingerprint((other, "k"))
    assert widgets._fingerprint((a, "k")) != widgets._fingerprint((a, "j"))
    assert widgets._fingerprint((a, lambda: 1)) is None  # cannot be pickled: drawn, not replayed


def test_a_frame_s_digest_is_forgotten_with_the_frame():
    gc.collect()
    before = len(widgets._per_frame)
    frames = [pd.DataFrame({"x": [i]}) for i in range(5)]
    for df in frames:
        widgets._fingerprint((df,))
    assert len(widgets._per_frame) == before + 5
    del frames, df
    gc.collect()
    assert len(widgets._per_frame) == before


def test_column_names_are_listed_once_per_frame_and_a_new_frame_is_listed_anew():
    df = pd.DataFrame({"Kantor": ["a"], "Pilar": ["b"]}).astype("string[pyarrow]")
    first = widgets._column_names(df)
    assert first == ["Kantor", "Pilar"]
    assert widgets._column_names(df) is first  # kept with the frame
    renamed = df.rename(columns={"Pilar": "Program"})
    assert widgets._column_names(renamed) == ["Kantor", "Program"]


def test_layout_keeps_only_present_columns_and_falls_back_to_all():
    cols = ["Kantor", "Pilar", "Program"]
    assert widgets._layout(cols, ["Program", "Hilang"], ["Kantor"]) == (["Program"], ["Kantor"])
    assert widgets._layout(cols, None, None) == (cols, cols)
    assert widgets._layout(cols, ["Hilang"], ["Hilang"]) == (cols, cols)
    assert widgets._layout(cols, ["Pilar"], None) == (["Pilar"], ["Pilar"])


def wide_table() -> None:
    import pandas as pd

    from lib import ui

    df = pd.DataFrame({"Kantor": ["KLL Contoh"], "Terhimpun": [1500000], "Catatan": ["x"]})
    ui.table(df, "lebar", phone=["Kantor"], main=["Kantor", "Terhimpun"])


def test_every_column_is_sent_only_once_the_reader_opens_it():
    at = AppTest.from_function(wide_table).run()
    assert not at.exception
    # closed: the laptop's two columns and the phone's one, no whole table
    assert [list(d.value.columns) for d in at.dataframe] == [["Kantor", "Terhimpun", "Catatan"]] * 2
    assert [e.label for e in at.expander] == ["Semua kolom"]
    assert [len(e.children) for e in at.expander] == [0]
    at.session_state["more_lebar_open"] = True  # what a click on the expander does
    at.run()
    assert not at.exception
    assert len(at.dataframe) == 3
    assert len(at.expander[0].children) == 1


def cards(value: str = "Rp 1,5 jt") -> None:
    from lib import ui
    from lib.views.progress_tables import KeyFigure

    ui.metrics([KeyFigure("Terhimpun", value, delta="+5%"), KeyFigure("Kantor", "3")])


def test_key_figures_are_drawn_once_per_set_and_replayed(monkeypatch):
    real = widgets._metrics
    drawn: list[int] = []
    monkeypatch.setattr(widgets, "_metrics", lambda f, n: (drawn.append(len(f)), real(f, n)))
    first = AppTest.from_function(cards).run()
    again = AppTest.from_function(cards).run()  # another viewer: replayed
    other = AppTest.from_function(cards, kwargs={"value": "Rp 2 jt"}).run()
    assert drawn == [2, 2]
    for at, value in ((first, "Rp 1,5 jt"), (again, "Rp 1,5 jt"), (other, "Rp 2 jt")):
        assert not at.exception
        assert [(m.label, m.value) for m in at.metric] == [("Terhimpun", value), ("Kantor", "3")]
    assert again.metric[0].delta == "+5%"


def two_parts(text: str = "Agenda") -> None:
    import streamlit as st

    from lib import ui
    from tests.ui import test_widgets as here

    ui.drawn_once(here.part_a, text)
    ui.drawn_once(here.part_b, text)  # the same arguments, another function: its own record
    st.caption("tidak direkam")


PARTS: list[str] = []  # every part actually drawn (in the module the scripts import)


def part_a(text: str) -> None:
    import streamlit as st

    PARTS.append(text)
    st.markdown(f"**A** {text}")


def part_b(text: str) -> None:
    import streamlit as st

    st.markdown(f"**B** {text}")


def test_a_part_drawn_once_is_replayed_by_function_and_content():
    import importlib

    drawn = importlib.import_module("tests.ui.test_widgets").PARTS  # what the scripts import
    drawn.clear()
    first = AppTest.from_function(two_parts).run()
    again = AppTest.from_function(two_parts).run()
    other = AppTest.from_function(two_parts, kwargs={"text": "Kendala"}).run()
    for at, text in ((first, "Agenda"), (again, "Agenda"), (other, "Kendala")):
        assert not at.exception
        assert [m.value for m in at.markdown] == [f"**A** {text}", f"**B** {text}"]
        assert [c.value for c in at.caption] == ["tidak direkam"]
    assert drawn == ["Agenda", "Kendala"]  # the second viewer of "Agenda" got the replay
