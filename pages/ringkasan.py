"""Ringkasan: district figures and per-office table (issue 3). For now: title and banner."""

from lib import ui

ui.page_start("Ringkasan")
