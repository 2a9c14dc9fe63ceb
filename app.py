"""Dasbor Rakor LAZISMU: entry point; `streamlit run app.py` (or `make run`).

Only navigation, the sign-in gate, the sidebar and the page run (one at a time, in
arrival order: lib/ui/server.py) live here; the page list is lib.ui.shell.PAGES and
every page is in pages/.
"""

import streamlit as st

from lib import ui
from lib.ui.previsit import is_own_visit
from lib.ui.server import one_page_at_a_time, tcp_nodelay

tcp_nodelay()  # viewers' connections without Nagle's 40 ms waits (lib/ui/server.py)
# Who may see figures is decided before any page exists; strangers get no page list.
access = ui.check_access()
navigation = st.navigation(
    ui.navigation_pages(),
    position="sidebar" if access.allowed else "hidden",
)

ui.access_gate(access)  # sign-in page or refusal for anyone not allowed; stops the run
ui.sidebar_name(navigation.title)  # the district's name: the data (tab Pengaturan) or settings
ui.reload_button()

# In arrival order, the server's own warm-up visit after every viewer: lib/ui/server.py.
with one_page_at_a_time(background=is_own_visit(st.context.headers)):
    navigation.run()
