"""Point a requests session that talks to sheets.googleapis.com at the loopback fake.

The peers in the benchmark (plain gspread 6, and st-gsheets-connection on
gspread 5) hard-code Google's URL and have no setting for another one. Both send
every API call through a requests session (google-auth's AuthorizedSession), so
a transport adapter mounted on that session for Google's host rewrites each
request to the fake just before it is sent. Nothing else in the client changes:
it builds the same URLs, headers and parameters as it would against Google.
Only the standard library and requests are imported here, so the gspread 5
virtualenv can use this module too.
"""

from __future__ import annotations

from requests.adapters import HTTPAdapter

GOOGLE = "https://sheets.googleapis.com"


class RedirectAdapter(HTTPAdapter):
    """Sends requests for `GOOGLE` to `base` (e.g. http://127.0.0.1:PORT) instead."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base.rstrip("/")

    def send(self, request, *args, **kwargs):
        if request.url.startswith(GOOGLE):
            request.url = self.base + request.url[len(GOOGLE) :]
        return super().send(request, *args, **kwargs)


def redirect(session, base: str) -> None:
    """Mount the adapter on `session` for Google's Sheets host."""
    session.mount(GOOGLE + "/", RedirectAdapter(base))
