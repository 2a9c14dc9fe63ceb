"""Kantor: one office's progress (issue 3). For now: title and banner."""

from lib import ui

ui.page_start("Kantor")
