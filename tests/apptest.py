"""AppTest helpers shared by the page tests."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

# Sections drawn only once opened: "Semua kolom" (lib.ui.widgets.table) and
# "Unduh data" (lib.ui.widgets.downloads). Their keys end so.
OPENABLE = ("_open", "_unduh")


def open_sections(at: AppTest) -> AppTest:
    """Open every such section, as a reader's click does, and run the page again."""
    for key in [k for k in at.session_state if k.endswith(OPENABLE)]:
        at.session_state[key] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at
