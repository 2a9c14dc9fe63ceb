"""Pilar Program: coverage of the six pillars (issue 4). For now: title and banner."""

from lib import ui

ui.page_start("Pilar Program")
