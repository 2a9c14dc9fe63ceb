"""lib.ui.loading.once_per_run: the secrets and the source's settings are worked
out once per script run, and again in the next run (an edited secrets.toml counts)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from lib.ui import loading

CALLS: list[str] = []


def counted() -> str:
    CALLS.append("x")
    return f"dibaca {len(CALLS)}"


remembered = loading.once_per_run(counted)


def page() -> None:
    import streamlit as st

    from tests.ui.test_loading import remembered

    st.write(remembered())
    st.write(remembered())  # the same run: not read again


def test_once_per_run_and_again_in_the_next_run():
    # the script imports this module itself (its own CALLS): the text counts the reads
    at = AppTest.from_function(page).run()
    assert not at.exception
    first = [m.value for m in at.markdown]
    at.run()  # the next run (a click): read again
    second = [m.value for m in at.markdown]
    assert first[0] == first[1] and second[0] == second[1]  # one read per run
    assert int(second[0].split()[1]) == int(first[0].split()[1]) + 1  # and one more next run


def test_outside_a_run_every_call_reads():
    CALLS.clear()
    remembered(), remembered()
    assert len(CALLS) == 2


def failing() -> None:
    import streamlit as st

    from tests.ui.test_loading import flaky

    for _ in range(2):
        try:
            st.write(flaky())
        except ValueError as exc:
            st.write(f"gagal: {exc}")


ATTEMPTS: list[int] = []


def _flaky() -> str:
    ATTEMPTS.append(1)
    if len(ATTEMPTS) == 1:
        raise ValueError("rusak")
    return "baik"


flaky = loading.once_per_run(_flaky)


def test_a_failure_is_not_remembered():
    at = AppTest.from_function(failing).run()
    assert [m.value for m in at.markdown] == ["gagal: rusak", "baik"]


def secrets_page() -> None:
    import streamlit as st

    from lib import ui

    st.write(ui.read_secrets().get("organisasi", {}).get("nama", "-"))


def test_edited_secrets_are_seen_in_the_next_run():
    at = AppTest.from_function(secrets_page)
    at.secrets["organisasi"] = {"nama": "LAZISMU Contoh"}
    at.run()
    assert at.markdown[0].value == "LAZISMU Contoh"
    at.secrets["organisasi"] = {"nama": "LAZISMU Lain"}
    at.run()
    assert at.markdown[0].value == "LAZISMU Lain"
