"""The framework's own floor: a bare page of plain text elements, no data, no lib.

`make bench` measures it on `streamlit run` with the project's config, with
the same client and the same number of elements as a busy page of ours, so
the page costs have a reference: what a view costs before any of our work.
"""

import os

import streamlit as st

from lib.ui.server import tcp_nodelay

tcp_nodelay()  # as app.py: the same server settings
ELEMENTS = int(os.environ.get("FLOOR_ELEMENTS", "60"))

st.title("Floor")
for i in range(ELEMENTS - 1):
    st.caption(f"Teks {i}")
