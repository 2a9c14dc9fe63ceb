"""lib.ui.shell: the st.Page objects are built once per process; every run gets copies."""

from __future__ import annotations

from conftest import ROOT


def test_pages_are_built_once_and_each_run_gets_its_own_copies(monkeypatch):
    from streamlit.testing.v1 import AppTest

    from lib.ui import shell

    monkeypatch.setattr(shell, "_built", {})
    first = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    built = dict(shell._built)
    assert [p.title for p in built.values()] == [title for _, title, _, _ in shell.PAGES]
    second = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    second.switch_page("pages/kantor.py").run()
    for at in (first, second):
        assert not at.exception
    assert shell._built == built  # the same objects: not built again
    copies = shell.navigation_pages()
    assert [c.title for c in copies] == [p.title for p in built.values()]
    assert all(c is not p for c, p in zip(copies, built.values(), strict=True))
