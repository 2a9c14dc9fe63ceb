"""A loopback fake of the Google Sheets API v4 and Google's OAuth token endpoint.

Google is unreachable from tests and CI, yet the promise "one refresh costs one
values:batchGet" can only be proven by driving the real gspread + google-auth
stack. This fake serves just enough of the API for that: spreadsheets.get,
values:batchGet (and values.get, which the benchmark's peers use) and a token
endpoint that checks the JWT signed with a generated service-account key. It
counts requests and bytes (for the benchmark) and can misbehave on demand:
error statuses, slow, dropped, truncated or malformed answers.

What Google really returns, as far as the dashboard depends on it:
- a date cell (a date/datetime given to set_book) is a serial number with
  dateTimeRenderOption=SERIAL_NUMBER (Google's default) and the text Sheets shows
  with FORMATTED_STRING, in the sheet's locale (`DATE_FORMATS`): 1 October 2024
  is `01/10/2024` (in_ID, en_GB), `10/1/2024` (en_US), `01.10.2024` (de_DE);
- the locale (`properties.locale`) also decides what typed text becomes: use
  `typed("750.000", locale)` to get the number or text Google would store;
- a broken formula comes back as its error text (`FORMULA_ERRORS`);
- a merged range holds its value in the top-left cell only (`merge_down`).

    with FakeSheets() as fake:           # or the `fake_sheets` pytest fixture
        fake.set_book("Rekap", {"Kantor": [["Kantor"], ["KLL Pakis"]]})
        config = fake.source_config()    # a lib.data.config.SourceConfig aimed at the fake
        fake.fail("batchGet", status=503, times=2)

Standalone, e.g. to run the app or a benchmark against a workbook's content:
    python -m tests.fake_sheets data/sample.xlsx --port 8765 --key-out /tmp/key.json
"""

from __future__ import annotations

import base64
import functools
import gzip
import json
import re
import secrets
import threading
from dataclasses import dataclass, field
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NamedTuple
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

DEFAULT_ID = "1LazismuFakeSheet-0123456789_abcdefghijklmno"  # 44 characters, like Google's
DEFAULT_EMAIL = "dasbor-rakor@lazismu-fake.iam.gserviceaccount.com"
EPOCH = date(1899, 12, 30)  # day 0 of Google Sheets (and Excel) serial dates
FORMULA_ERRORS = ("#REF!", "#N/A", "#DIV/0!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#ERROR!")
INDONESIAN_LOCALES = ("in_ID", "id_ID", "id")
KINDS = ("token", "get", "batchGet", "values")

# The bodies Google sends with each status, so clients see realistic errors.
ERRORS = {
    400: ("INVALID_ARGUMENT", "Request contains an invalid argument."),
    401: ("UNAUTHENTICATED", "Request had invalid authentication credentials."),
    403: ("PERMISSION_DENIED", "The caller does not have permission"),
    404: ("NOT_FOUND", "Requested entity was not found."),
    429: (
        "RESOURCE_EXHAUSTED",
        "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per "
        "minute per user' of service 'sheets.googleapis.com'.",
    ),
    500: ("INTERNAL", "Internal error encountered."),
    503: ("UNAVAILABLE", "The service is currently unavailable."),
}
TOKEN_ERRORS = {
    400: {"error": "invalid_grant", "error_description": "Invalid JWT Signature."},
    401: {"error": "invalid_client", "error_description": "The OAuth client was not found."},
    429: {"error": "rate_limit_exceeded", "error_description": "Rate limit exceeded."},
    500: {"error": "internal_failure", "error_description": "Backend error."},
    503: {"error": "temporarily_unavailable", "error_description": "Try again later."},
}


def serial(value: date | datetime) -> int | float:
    """A date as Sheets returns it with UNFORMATTED_VALUE: days since 1899-12-30."""
    if isinstance(value, datetime):
        delta = value.replace(tzinfo=None) - datetime(1899, 12, 30)
        return delta.days + delta.seconds / 86400 if delta.seconds else delta.days
    return (value - EPOCH).days


def _indonesian(locale: str) -> bool:
    return locale.replace("-", "_").split("_")[0].lower() in ("in", "id")


# Google Sheets' default date format per locale (a date cell as FORMATTED_STRING shows
# it): {d}/{m} unpadded, {dd}/{mm} padded. A locale not listed here is refused, so a
# test never gets a date order Google would not write.
DATE_FORMATS = {
    "in_ID": "{dd}/{mm}/{yyyy}",
    "id_ID": "{dd}/{mm}/{yyyy}",
    "id": "{dd}/{mm}/{yyyy}",
    "en_US": "{m}/{d}/{yyyy}",
    "en_PH": "{m}/{d}/{yyyy}",
    "en_GB": "{dd}/{mm}/{yyyy}",
    "en_AU": "{dd}/{mm}/{yyyy}",
    "de_DE": "{dd}.{mm}.{yyyy}",
    "ja_JP": "{yyyy}/{mm}/{dd}",
}


def formatted(value: date | datetime, locale: str = "in_ID") -> str:
    """A date cell as FORMATTED_STRING returns it under the default date format of `locale`.

    `3/1/2024` is 1 March in en_US, `01/03/2024` in in_ID and en_GB, `01.03.2024`
    in de_DE, `2024/03/01` in ja_JP.
    """
    pattern = DATE_FORMATS.get(locale.replace("-", "_"))
    if pattern is None:
        raise ValueError(f"the fake does not know Google's date format for locale {locale!r}")
    text = pattern.format(
        d=value.day, dd=f"{value.day:02d}", m=value.month, mm=f"{value.month:02d}", yyyy=value.year
    )
    if isinstance(value, datetime) and (value.hour, value.minute, value.second) != (0, 0, 0):
        text += f" {value.hour}:{value.minute:02d}:{value.second:02d}"
    return text


_ID_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+")
_US_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+")


def typed(text: str, locale: str = "in_ID") -> Any:
    """What Sheets stores when a person types `text` into a cell of a sheet in `locale`.

    Digits with the locale's grouping and decimal marks become a number (so
    UNFORMATTED_VALUE returns a number); anything else stays text.
    `typed("750.000", "in_ID") == 750000`, `typed("750.000", "en_US") == 750.0`,
    `typed("1,500", "en_US") == 1500`, `typed("1,500", "in_ID") == 1.5`.
    """
    s = text.strip()
    if re.fullmatch(r"\d+", s):
        return int(s)
    if _indonesian(locale) and _ID_NUMBER.fullmatch(s):
        number = float(s.replace(".", "").replace(",", "."))
    elif not _indonesian(locale) and _US_NUMBER.fullmatch(s):
        number = float(s.replace(",", ""))
    else:
        return text
    return int(number) if number.is_integer() else number


def merge_down(rows: list[list[Any]], row: int, column: int, span: int) -> list[list[Any]]:
    """Rows after merging `span` cells downwards from rows[row][column]: only the first keeps
    its value, as the API returns a merged range."""
    out = [list(r) for r in rows]
    for i in range(row + 1, row + span):
        while len(out[i]) <= column:
            out[i].append(None)
        out[i][column] = None
    return out


class Recorded(NamedTuple):
    """One request as received: method, path, and query (each name -> list of values)."""

    method: str
    path: str
    query: dict[str, list[str]]

    @property
    def kind(self) -> str:
        return _kind(self.method, self.path)


@dataclass
class Exchange:
    """One request and what it cost: status and bytes of the answer as sent."""

    request: Recorded
    status: int = 0
    nbytes: int = 0


@dataclass
class Fault:
    kind: str
    status: int | None = None  # None: answer normally (after delay, maybe truncated)
    body: Any = None  # dict/list -> JSON; str/bytes -> sent as is; None -> Google's body
    times: int | None = None  # None: every time
    delay: float = 0.0
    truncate: bool = False
    drop: bool = False  # close the connection without answering


@dataclass
class _Tab:
    title: str
    gid: int
    values: list[list[Any]]  # as Google sends them: "" for empty, trailing empties dropped
    start_row: int = 1


@dataclass
class _Book:
    title: str
    tabs: list[_Tab] = field(default_factory=list)
    locale: str = "in_ID"


@functools.lru_cache(maxsize=4)
def _private_key(slot: int) -> rsa.RSAPrivateKey:
    """RSA keys are slow to make; a few per process serve every test."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _b64url(data: str) -> bytes:
    return base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))


def _kind(method: str, path: str) -> str:
    if method == "POST" and path.rstrip("/").endswith("/token"):
        return "token"
    if re.fullmatch(r"/v4/spreadsheets/[^/]+/values(:|%3A)batchGet", path):
        return "batchGet"
    if re.fullmatch(r"/v4/spreadsheets/[^/:]+/values/[^/]+", path):
        return "values"  # values.get: one range per request, as gspread's per-tab calls do
    if re.fullmatch(r"/v4/spreadsheets/[^/:]+", path):
        return "get"
    return "other"


class FakeSheets:
    """The fake server; see the module docstring. Thread-safe, one port per instance."""

    def __init__(self, port: int = 0) -> None:
        self.port = port
        self.books: dict[str, _Book] = {}
        self.spreadsheet_id = DEFAULT_ID
        self.log: list[Exchange] = []
        self.scopes: list[str] = []  # scope of every token request, to check read-only
        self._faults: list[Fault] = []
        self._keys: dict[str, rsa.RSAPublicKey] = {}
        self._tokens: set[str] = set()
        self._encoded: dict[tuple, bytes] = {}  # answers already serialised: cheap re-reads
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> FakeSheets:
        self._server = _Server(("127.0.0.1", self.port), _Handler)
        self._server.fake = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers sleeping in a delay
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeSheets:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # ------------------------------------------------------------------ data

    def set_book(
        self,
        title: str,
        tabs: dict[str, list[list[Any]]],
        *,
        spreadsheet_id: str = DEFAULT_ID,
        start_rows: dict[str, int] | None = None,
        gids: dict[str, int] | None = None,
        locale: str = "in_ID",
    ) -> str:
        """Serve a spreadsheet: {tab title: rows}; date/datetime cells are date cells.

        Date cells are answered as serials or formatted text, as the request asks
        (dateTimeRenderOption). `locale` is the sheet's properties.locale.
        `start_rows` makes a tab's values begin below row 1 (its range then says so);
        `gids` fixes tab ids (default: 0 for the first tab, then 1001, 1002, ...).
        """
        book = _Book(title, locale=locale)
        for index, (tab, rows) in enumerate(tabs.items()):
            gid = (gids or {}).get(tab, 0 if index == 0 else 1000 + index)
            start = (start_rows or {}).get(tab, 1)
            book.tabs.append(_Tab(tab, gid, _google_values(rows), start))
        with self._lock:
            self.books[spreadsheet_id] = book
            self.spreadsheet_id = spreadsheet_id
            self._encoded.clear()
        return spreadsheet_id

    def add_tab(self, title: str, rows: list[list[Any]], *, spreadsheet_id: str | None = None):
        """Add a tab at the end, as a person would with the + button."""
        with self._lock:
            book = self.books[spreadsheet_id or self.spreadsheet_id]
            gid = 1000 + len(book.tabs) + 1
            book.tabs.append(_Tab(title, gid, _google_values(rows)))
            self._encoded.clear()

    def rename_book(self, title: str, *, spreadsheet_id: str | None = None) -> None:
        with self._lock:
            self.books[spreadsheet_id or self.spreadsheet_id].title = title
            self._encoded.clear()

    def rename_tab(self, old: str, new: str, *, spreadsheet_id: str | None = None) -> None:
        """Rename a tab as a person would in the Sheets UI: same gid, same data."""
        with self._lock:
            book = self.books[spreadsheet_id or self.spreadsheet_id]
            next(t for t in book.tabs if t.title == old).title = new
            self._encoded.clear()

    # ------------------------------------------------------------------ credentials

    def service_account_info(
        self, *, email: str = DEFAULT_EMAIL, registered: bool = True
    ) -> dict[str, str]:
        """A service-account key dict whose token_uri is this fake.

        `registered=False` gives a key the fake does not know: its token requests
        fail with invalid_grant, like a deleted or revoked key.
        """
        key = _private_key(0 if registered else 1)
        if registered:
            with self._lock:
                self._keys[email] = key.public_key()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode("ascii")
        return {
            "type": "service_account",
            "project_id": "lazismu-fake",
            "private_key_id": secrets.token_hex(20),
            "private_key": pem,
            "client_email": email,
            "client_id": "100000000000000000001",
            "auth_uri": f"{self.url}/auth",
            "token_uri": f"{self.url}/token",
            "auth_provider_x509_cert_url": f"{self.url}/certs",
            "client_x509_cert_url": f"{self.url}/certs/{email}",
        }

    def source_config(self, **overrides: Any):
        """A lib.data.config.SourceConfig reading this fake's current book."""
        from lib.data.config import SourceConfig

        values: dict[str, Any] = {
            "kind": "sheet",
            "spreadsheet": self.spreadsheet_id,
            "service_account_info": self.service_account_info(),
            "api_base": self.url,
            "timeout": 5.0,
            "retry_budget": 0.5,
        }
        values.update(overrides)
        return SourceConfig(**values)

    def secrets(self) -> dict[str, Any]:
        """Secrets for lib.data.config.source_config (pair with env())."""
        return {
            "sheet": {"id": self.spreadsheet_id},
            "gcp_service_account": self.service_account_info(),
        }

    def env(self) -> dict[str, str]:
        return {"LAZISMU_SHEETS_API": self.url}

    # ------------------------------------------------------------------ faults, records

    def fail(
        self,
        kind: str,
        status: int | None = None,
        body: Any = None,
        *,
        times: int | None = None,
        delay: float = 0.0,
        truncate: bool = False,
        drop: bool = False,
    ) -> None:
        """Misbehave on `kind` ("token", "get", "batchGet", "values") `times` times (None: always).

        status: answer with it (Google's error body unless `body`); None answers
        normally. body: dict/list sent as JSON, str/bytes sent raw (malformed JSON).
        delay: seconds to wait first (timeouts). truncate: send half of the body
        under the full Content-Length. drop: close the connection without a word.
        """
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        with self._lock:
            self._faults.append(Fault(kind, status, body, times, delay, truncate, drop))

    def reset(self) -> None:
        """Forget recorded requests and pending faults; keep books, keys and tokens."""
        with self._lock:
            self.log.clear()
            self.scopes.clear()
            self._faults.clear()

    @property
    def requests(self) -> list[Recorded]:
        with self._lock:
            return [e.request for e in self.log]

    def count(self, kind: str | None = None) -> int:
        """How many requests of a kind ("token", "get", "batchGet", "values"), or all."""
        return sum(1 for r in self.requests if kind is None or r.kind == kind)

    @property
    def bytes_served(self) -> int:
        with self._lock:
            return sum(e.nbytes for e in self.log)

    # ------------------------------------------------------------------ serving

    def _take_fault(self, kind: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.kind == kind and fault.times != 0:
                    if fault.times is not None:
                        fault.times -= 1
                    return fault
        return None

    def _encoded_answer(
        self, kind: str, handler: _Handler, query: dict[str, list[str]], pretty: bool, gz: bool
    ) -> tuple[int, bytes]:
        """The answer as bytes; data answers are serialised once per book (benchmarks)."""
        if kind not in ("get", "batchGet", "values"):
            status, body = self._answer(kind, handler, query)
            return status, _encode(body, pretty, gz)
        if not self._authorised(handler):
            return 401, _encode(_google_error(401), pretty, gz)
        key = (
            handler.path_only,
            tuple(sorted((k, tuple(v)) for k, v in query.items())),
            pretty,
            gz,
        )
        with self._lock:
            data = self._encoded.get(key)
        if data is not None:
            return 200, data
        status, body = self._answer(kind, handler, query)
        data = _encode(body, pretty, gz)
        if status == 200:
            with self._lock:
                self._encoded[key] = data
        return status, data

    def _answer(self, kind: str, handler: _Handler, query: dict[str, list[str]]) -> tuple:
        """(status, JSON-able body or raw bytes) for a request without a fault."""
        if kind == "token":
            return self._token(handler)
        if kind == "other":
            return 404, _google_error(404)
        if not self._authorised(handler):
            return 401, _google_error(401)
        spreadsheet_id = handler.path_only.split("/")[3].split(":")[0]
        with self._lock:
            book = self.books.get(spreadsheet_id)
        if book is None:
            return 404, _google_error(404)
        if kind == "get":
            return 200, _metadata(spreadsheet_id, book)
        if kind == "values":
            a1 = unquote(handler.path_only.rsplit("/", 1)[1])
            status, body = _batch_get(spreadsheet_id, book, {"ranges": [a1]})
            return (status, body["valueRanges"][0]) if status == 200 else (status, body)
        return _batch_get(spreadsheet_id, book, query)

    def _authorised(self, handler: _Handler) -> bool:
        auth = handler.headers.get("Authorization", "")
        with self._lock:
            return auth.startswith("Bearer ") and auth[7:] in self._tokens

    def _token(self, handler: _Handler) -> tuple:
        form = parse_qs(handler.body.decode("utf-8", "replace"))
        assertion = (form.get("assertion") or [""])[0]
        try:
            head, payload, signature = assertion.split(".")
            claims = json.loads(_b64url(payload))
            with self._lock:
                public_key = self._keys[claims["iss"]]
            public_key.verify(
                _b64url(signature),
                f"{head}.{payload}".encode("ascii"),
                padding.PKCS1v15(),
                hashes.SHA256(),
            )
        except (ValueError, KeyError, TypeError, InvalidSignature):
            return 400, TOKEN_ERRORS[400]
        token = "fake-token-" + secrets.token_urlsafe(16)
        with self._lock:
            self._tokens.add(token)
            self.scopes.append(str(claims.get("scope", "")))
        return 200, {"access_token": token, "expires_in": 3599, "token_type": "Bearer"}


def _encode(body: Any, pretty: bool, gz: bool) -> bytes:
    """JSON as Google sends it: indented unless prettyPrint=false; gzip when asked for."""
    if isinstance(body, bytes):
        data = body
    elif isinstance(body, str):
        data = body.encode("utf-8")
    else:
        data = json.dumps(body, indent=2 if pretty else None, ensure_ascii=False).encode()
    return gzip.compress(data, compresslevel=6) if gz else data


def _google_error(status: int, message: str | None = None) -> dict[str, Any]:
    name, default = ERRORS.get(status, ("UNKNOWN", "Unknown error."))
    return {"error": {"code": status, "message": message or default, "status": name}}


def _metadata(spreadsheet_id: str, book: _Book) -> dict[str, Any]:
    return {
        "spreadsheetId": spreadsheet_id,
        "properties": {"title": book.title, "locale": book.locale, "timeZone": "Asia/Jakarta"},
        "sheets": [
            {
                "properties": {
                    "sheetId": tab.gid,
                    "title": tab.title,
                    "index": index,
                    "sheetType": "GRID",
                    "gridProperties": {
                        "rowCount": max(1000, tab.start_row + len(tab.values)),
                        "columnCount": max([26, *map(len, tab.values)]),
                    },
                }
            }
            for index, tab in enumerate(book.tabs)
        ],
        "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{spreadsheet_id}/edit",
    }


def _tab_name(a1_range: str) -> str:
    """The tab of an A1 range: 'Tab Name'!A1:B2, 'It''s', Tab!A1 or just Tab."""
    if a1_range.startswith("'"):
        match = re.match(r"'((?:[^']|'')*)'(?:!.*)?$", a1_range, re.S)
        return match.group(1).replace("''", "'") if match else a1_range
    return a1_range.split("!", 1)[0]


def _column(n: int) -> str:
    letters = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters or "A"


def _cell(value: Any) -> Any:
    return "" if value is None else value


def _render(values: list[list[Any]], date_option: str, locale: str) -> list[list[Any]]:
    """Date cells as dateTimeRenderOption asks: serials (default) or formatted text."""
    if date_option == "FORMATTED_STRING":
        convert = functools.partial(formatted, locale=locale)
    else:
        convert = serial
    return [[convert(v) if isinstance(v, date) else v for v in row] for row in values]


def _batch_get(spreadsheet_id: str, book: _Book, query: dict[str, list[str]]) -> tuple:
    """valueRanges as Google returns them: "" for empty cells, trailing empties dropped."""
    value_ranges = []
    date_option = (query.get("dateTimeRenderOption") or ["SERIAL_NUMBER"])[-1]
    for a1 in query.get("ranges", []):
        name = _tab_name(a1)
        tab = next((t for t in book.tabs if t.title == name), None)
        if tab is None:
            return 400, _google_error(400, f"Unable to parse range: {a1}")
        values = _render(tab.values, date_option, book.locale)
        width = max([1, *map(len, values)])
        last = tab.start_row + max(len(values), 1) - 1
        quoted = tab.title if re.fullmatch(r"\w+", tab.title) else _quote(tab.title)
        entry: dict[str, Any] = {
            "range": f"{quoted}!A{tab.start_row}:{_column(width)}{last}",
            "majorDimension": "ROWS",
        }
        if values:  # Google leaves "values" out of an empty range
            entry["values"] = values
        value_ranges.append(entry)
    return 200, {"spreadsheetId": spreadsheet_id, "valueRanges": value_ranges}


def _google_values(rows: list[list[Any]]) -> list[list[Any]]:
    """Rows as Sheets keeps them: "" for empty cells, trailing empties cut; dates stay dates
    until a request says how to render them."""
    values = []
    for row in rows:
        cells = [_cell(v) for v in row]
        while cells and cells[-1] == "":
            cells.pop()
        values.append(cells)
    while values and not values[-1]:
        values.pop()
    return values


def _quote(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeSheets

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that timed out and hung up is expected here, not news


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as Google does
    # Headers and body go out as two writes; with Nagle on, the body waits for the
    # client's delayed ACK (40 ms on Linux), which would time the fake, not the client.
    disable_nagle_algorithm = True
    server: _Server
    path_only = ""
    body = b""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def _serve(self) -> None:
        fake = self.server.fake
        parts = urlsplit(self.path)
        self.path_only = parts.path
        query = parse_qs(parts.query, keep_blank_values=True)
        length = int(self.headers.get("Content-Length") or 0)
        self.body = self.rfile.read(length) if length else b""
        kind = _kind(self.command, parts.path)
        exchange = Exchange(Recorded(self.command, parts.path, query))
        with fake._lock:
            fake.log.append(exchange)

        fault = fake._take_fault(kind) if kind in KINDS else None
        if fault and fault.delay and fake._stopping.wait(fault.delay):
            return
        if fault and fault.drop:
            self.close_connection = True
            return
        pretty = (query.get("prettyPrint") or ["true"])[-1].lower() != "false"
        # Google compresses only for clients whose User-Agent says "gzip" too.
        gzipped = "gzip" in self.headers.get("Accept-Encoding", "") and "gzip" in self.headers.get(
            "User-Agent", ""
        )
        if fault and fault.status is not None:
            status = fault.status
            body = fault.body
            if body is None:
                body = TOKEN_ERRORS.get(status) if kind == "token" else _google_error(status)
                body = body or _google_error(status)
            data = _encode(body, pretty, gzipped)
        elif fault and fault.body is not None:
            status, data = 200, _encode(fault.body, pretty, gzipped)
        else:
            status, data = fake._encoded_answer(kind, self, query, pretty, gzipped)
        sent = data[: len(data) // 2] if fault and fault.truncate else data
        # Recorded before writing: a client may read the answer, and a test the
        # log, before this thread would get past the write.
        exchange.status = status
        exchange.nbytes = len(sent)
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=UTF-8")
            if gzipped:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(data)))
            if fault and fault.truncate:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(sent)
            self.wfile.flush()
        except OSError:  # the client gave up (timeout) before we answered
            self.close_connection = True
            exchange.nbytes = 0


@pytest.fixture(name="fake_sheets")
def fake_sheets_fixture():
    """A started FakeSheets; lib.sources' metadata cache is cleared around each test.

    Use it from a test module with `from tests.fake_sheets import fake_sheets_fixture`
    (the fixture's name is `fake_sheets`).
    """
    from lib.data.sources import clear_metadata_cache

    clear_metadata_cache()
    with FakeSheets() as fake:
        yield fake
    clear_metadata_cache()


def main(argv: list[str] | None = None) -> None:
    """Serve an .xlsx's tabs until Ctrl+C, and write a key file whose token_uri is the fake."""
    import argparse
    import time

    from lib.data.sources import read_workbook

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("workbook")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--key-out", default="fake-service-account.json")
    args = parser.parse_args(argv)

    book = read_workbook(args.workbook)
    with FakeSheets(port=args.port) as fake:
        fake.set_book(book.source.label, {t: r.rows for t, r in book.tables.items()})
        with open(args.key_out, "w", encoding="utf-8") as out:
            json.dump(fake.service_account_info(), out)
        print(f"LAZISMU_SHEETS_API={fake.url}")
        print(f"LAZISMU_SHEET={fake.spreadsheet_id}")
        print(f"GOOGLE_APPLICATION_CREDENTIALS={args.key_out}")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
