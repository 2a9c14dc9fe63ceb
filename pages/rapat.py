"""Rapat Koordinasi: the meeting agenda view (issue 5). For now: title and banner."""

from lib import ui

ui.page_start("Rapat Koordinasi")
