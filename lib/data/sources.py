"""Read the raw tabs of a Google Sheet or an .xlsx workbook into a RawBook.

Nothing here validates: cells come out as the source gives them (a date in a
Google Sheet is the text Sheets shows, e.g. "01/10/2024", in a workbook a
datetime) and lib.data.validate makes sense of them. What this module owns is
getting the bytes cheaply and failing clearly: one values:batchGet per refresh,
the sheet's metadata (tabs, title, locale) at most once per METADATA_TTL per
process and again after clear_metadata_cache ("Muat ulang data"), a bounded
retry, and every failure turned into a SourceError whose Indonesian message
tells the office what to do.
"""

from __future__ import annotations

import collections
import concurrent.futures
import functools
import io
import json
import operator
import posixpath
import random
import re
import threading
import time
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

import gspread
import numpy as np
import requests
from google.auth.exceptions import RefreshError, TransportError
from google.auth.transport.requests import AuthorizedSession
from google.auth.transport.requests import Request as AuthRequest
from google.oauth2 import service_account
from gspread.exceptions import APIError, SpreadsheetNotFound
from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum

from lib.data.config import (
    DEFAULT_RETRY_BUDGET,
    DEFAULT_TIMEOUT,
    SourceError,
    local_tz,
    parse_spreadsheet_id,
    spreadsheet_url,
)
from lib.data.dataset import RawBook, RawTable, SourceInfo
from lib.data.dataset import trim_rows as _trim

if TYPE_CHECKING:
    from lib.data.config import SourceConfig

__all__ = [
    "SCOPES",
    "SheetMeta",
    "SheetsHTTPClient",
    "SourceError",
    "clear_metadata_cache",
    "parse_spreadsheet_id",
    "read_google_sheet",
    "read_source",
    "parse_workbook",
    "read_workbook",
]

SCOPES = ["https://www.googleapis.com/auth/spreadsheets.readonly"]
SHEETS_HOST = "https://sheets.googleapis.com"
DEFAULT_TOKEN_URI = "https://oauth2.googleapis.com/token"
CONNECT_TIMEOUT = 5.0  # reaching Google is quick or not happening; reading may take longer

# What one refresh asks for: raw numbers, dates as the text Sheets shows, one list
# per row. A date cell then goes through the same Indonesian parser as typed text,
# so a date typed into Jumlah is rejected instead of read as its serial (45352).
# prettyPrint=false (a standard Google API parameter) drops the indentation Google
# adds by default, which for a long tab is most of the bytes.
BATCH_PARAMS = {
    "valueRenderOption": "UNFORMATTED_VALUE",
    "dateTimeRenderOption": "FORMATTED_STRING",
    "majorDimension": "ROWS",
    "prettyPrint": "false",
}
METADATA_PARAMS = {
    "fields": "properties(title,locale),sheets.properties(sheetId,title,index,sheetType)",
    "prettyPrint": "false",
}
# Google APIs gzip their answers only when the User-Agent says "gzip" as well.
USER_AGENT = f"dasbor-rakor-lazismu gspread/{gspread.__version__} (gzip)"


# --------------------------------------------------------------------------- dispatch


def read_source(config: SourceConfig, *, now: datetime | None = None) -> RawBook:
    """Read whatever `config` points at; `now` overrides the read time (tests)."""
    if config.kind == "sheet":
        return read_google_sheet(
            config.spreadsheet or "",
            config.service_account_info,
            api_base=config.api_base,
            timeout=config.timeout,
            retry_budget=config.retry_budget,
            now=now,
            tz=config.tz,
        )
    if config.kind == "workbook":
        return read_workbook(config.workbook or "", "workbook", now=now, tz=config.tz)
    if config.kind == "sample":
        from lib.data.sample import ensure_sample  # lazily: builds the sample if it is missing

        ensure_sample()
        return read_workbook(config.workbook or "", "sample", now=now, tz=config.tz)
    raise SourceError("config", f"Jenis sumber data '{config.kind}' tidak dikenal.")


# --------------------------------------------------------------------------- workbook


def read_workbook(
    path: str | Path,
    kind: str = "workbook",
    *,
    now: datetime | None = None,
    tz: str | None = None,
) -> RawBook:
    """Every worksheet of an .xlsx as a RawTable, cells typed as openpyxl gives them.

    Read with python-calamine (Rust), ten times faster than openpyxl on a big
    workbook. Not through pandas.read_excel: it would build a DataFrame only to
    be turned back into rows, and its NA detection would blank text cells such
    as "NA" or "-". The cell types the checks rely on are kept: a date cell is
    a datetime (calamine gives a date), a whole number an int (calamine gives a
    float), a text cell stays text however numeric it looks, an empty cell is None.
    """
    path = Path(path)
    if not path.is_file():
        where = "" if kind == "sample" else " Periksa LAZISMU_WORKBOOK atau [workbook] path."
        raise SourceError("file", f"Berkas workbook tidak ditemukan: {path}.{where}")
    try:
        # The bytes are fingerprinted and kept as the snapshot; calamine parses the
        # file by its path (from a Python file object it is a third slower). The
        # file's size and time around the read of the bytes, and after each sheet's
        # parse, tell whether both saw the same file: a sheet parsed while the file
        # changed is parsed again from the bytes, and a file that keeps changing is
        # parsed from the bytes alone.
        for _attempt in range(3):
            before = _stamp(path)
            content = path.read_bytes()
            if _stamp(path) == before:
                tables = parse_workbook(
                    content,
                    path.name,
                    path=path,
                    unchanged=functools.partial(_same_stamp, path, before),
                )
                break
        else:
            tables = parse_workbook(content, path.name)
    except PermissionError:
        raise SourceError(
            "file", f"Berkas workbook {path.name} tidak bisa dibuka: izin baca ditolak."
        ) from None
    except OSError as exc:
        raise SourceError("file", _not_a_workbook(path.name, exc)) from exc
    info = SourceInfo(
        kind=kind,
        label=path.name,
        location=str(path),
        read_at=now or datetime.now(local_tz(tz)),
    )
    return RawBook(info, tables, content=content)


def _same_stamp(path: Path, stamp: tuple[int, int]) -> bool:
    return _stamp(path) == stamp


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def _not_a_workbook(name: str, exc: BaseException) -> str:
    return (
        f"Berkas {name} bukan workbook Excel (.xlsx) yang bisa dibaca "
        f"({type(exc).__name__}). Simpan ulang sebagai .xlsx; dari Google Sheets: "
        "File > Download > Microsoft Excel (.xlsx)."
    )


def parse_workbook(
    content: bytes,
    name: str,
    path: Path | None = None,
    unchanged: Callable[[], bool] | None = None,
) -> dict[str, RawTable]:
    """The worksheets of an .xlsx file's bytes, keyed by title (see read_workbook);
    read from `path` instead when given (it held `content`, and holds it still
    while `unchanged()`: a sheet parsed when it says no is parsed from `content`).

    Raises SourceError when they are not a readable workbook, here or, for a
    table still being read when this returns (see _parse_sheets), when it is
    used. Also how a workbook's snapshot (lib.data.snapshot, the file's own
    bytes) is read back.
    """
    recheck = None
    if path is not None and unchanged is not None:
        recheck = _Recheck(unchanged, lambda: _open_workbook(content, name, None))
    book = _open_workbook(content, name, path)
    try:
        names = [m.name for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        tables = _parse_sheets(
            book,
            names,
            lambda: _open_workbook(content, name, path),
            _sheet_sizes(content),
            functools.partial(_damaged, name),
            recheck,
        )
    except _READ_ERRORS as exc:
        raise _damaged(name, exc) from exc
    finally:
        book.close()
    return {title: tables[title] for title in names}  # in the file's order


_READ_ERRORS = (CalamineError, zipfile.BadZipFile, KeyError, ValueError, OSError)


def _damaged(name: str, exc: BaseException) -> SourceError:
    error = SourceError(
        "file",
        f"Berkas {name} rusak atau terpotong ({type(exc).__name__}). "
        "Unduh atau simpan ulang workbook-nya.",
    )
    error.__cause__ = exc
    return error


def _open_workbook(content: bytes, name: str, path: Path | None) -> CalamineWorkbook:
    try:
        if path is not None:
            return CalamineWorkbook.from_path(str(path))
        return CalamineWorkbook.from_filelike(io.BytesIO(content))
    except _READ_ERRORS as exc:
        raise SourceError("file", _not_a_workbook(name, exc)) from exc


_INDEX_LIMIT = 4 << 20  # bytes of workbook.xml or its relationships that _sheet_sizes reads


def _sheet_sizes(content: bytes) -> dict[str, int]:
    """Each worksheet's XML size in bytes, by sheet name; {} when the file does not say.

    Read from the zip's directory and the workbook's relationships (a millisecond):
    the biggest sheet is parsed first, beside the others (see _parse_sheets).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            sizes = {info.filename: info.file_size for info in archive.infolist()}
            parts = ("xl/_rels/workbook.xml.rels", "xl/workbook.xml")
            if any(sizes.get(part, 0) > _INDEX_LIMIT for part in parts):
                return {}  # no workbook's index is that big: not worth unpacking to sort
            rels, workbook = (ElementTree.fromstring(archive.read(part)) for part in parts)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError, ValueError):
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    out: dict[str, int] = {}
    for sheet in workbook.iter():
        if not sheet.tag.endswith("}sheet"):
            continue
        rel_id = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        target = targets.get(rel_id) or ""
        where = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        out[sheet.get("name", "")] = sizes.get(posixpath.normpath(where), 0)
    return out


def _parse_sheets(
    book: CalamineWorkbook,
    names: list[str],
    open_another: Callable[[], CalamineWorkbook],
    sizes: Mapping[str, int],
    damaged: Callable[[BaseException], SourceError],
    recheck: _Recheck | None = None,
) -> dict[str, RawTable]:
    """Each sheet as a table (see _table), two sheets at a time, the biggest first.

    calamine parses a sheet's XML without holding the GIL. A second thread with
    its own handle on the file (a handle parses one sheet at a time) starts on
    the biggest sheet; this thread reads the others, smallest first, and returns
    when none is left to start. A sheet the second thread is still reading comes
    back as RawTable.later: on a 200 000-row workbook the small tabs are then
    validated while the big one is parsed (a tenth of the read). A failed sheet
    fails the tables not yet read with it. A single sheet is read here alone.
    """
    pending = collections.deque(sorted(names, key=lambda title: sizes.get(title, 0)))
    cells: dict[str, concurrent.futures.Future[RawTable]] = {
        title: concurrent.futures.Future() for title in names
    }

    def read(handle: CalamineWorkbook, title: str) -> None:
        try:
            table = _table(title, handle.get_sheet_by_name(title).to_python(False))
            if recheck is not None and not recheck.unchanged():
                table = recheck.from_bytes(title)  # the file changed under the parse
        except BaseException as exc:
            error = damaged(exc) if isinstance(exc, _READ_ERRORS) else exc
            for other in [title, *_drain(pending)]:  # the other thread stops too
                cells[other].set_exception(error)
            raise
        cells[title].set_result(table)

    def helper() -> None:
        try:
            handle = open_another()  # made, used and closed in this thread
        except BaseException:  # this thread takes nothing: the other reads every sheet
            return
        try:
            while True:
                try:
                    title = pending.pop()  # atomic: each sheet is taken once; biggest first
                except IndexError:
                    return
                read(handle, title)
        except BaseException:  # its tables hold the error
            return
        finally:
            handle.close()

    if len(names) > 1:
        threading.Thread(target=helper, name="xlsx", daemon=True).start()
    while True:
        try:
            title = pending.popleft()
        except IndexError:
            break
        read(book, title)
    return {
        title: future.result() if future.done() else RawTable.later(title, future)
        for title, future in cells.items()
    }


@dataclass(frozen=True)
class _Recheck:
    """After a sheet is parsed by the file's path: is the file still the bytes kept?"""

    unchanged: Callable[[], bool]
    open_bytes: Callable[[], CalamineWorkbook]

    def from_bytes(self, title: str) -> RawTable:
        handle = self.open_bytes()
        try:
            return _table(title, handle.get_sheet_by_name(title).to_python(False))
        finally:
            handle.close()


def _drain(pending: collections.deque[str]) -> list[str]:
    taken = []
    while True:
        try:
            taken.append(pending.popleft())
        except IndexError:
            return taken


def _table(title: str, rows: list[list[Any]]) -> RawTable:
    """calamine's rows as a RawTable, cells typed as openpyxl types them (see _cell).

    Column by column (RawTable.from_columns): a column's cells below its title
    and header rows are usually of one type (all dates, all numbers, all text),
    and then one C-level pass converts them, instead of a Python step per cell
    (a third of reading a 200 000-row workbook); validation takes the columns
    as they are. calamine's range is rectangular; anything else takes the
    row-wise path. Either way `rows` is `_trim(_typed(rows))`.
    """
    if not rows or len(set(map(len, rows))) != 1:
        return RawTable(title, _trim(_typed(rows)))
    columns: list[Sequence[Any]] = []
    for i in range(len(rows[0])):
        # itemgetter, not zip(*rows): unpacking 167 000 rows makes an iterator for each
        col = tuple(map(operator.itemgetter(i), rows))
        columns.append(_column(col))
    return RawTable.from_columns(title, columns)


_KEPT_AS_IS = {str, int, bool, datetime, type(None)}  # types _cell returns unchanged ("" aside)


_HEAD = 8  # cells converted one by one at the top of a column: titles, the header row


def _column(col: tuple[Any, ...]) -> Sequence[Any]:
    """One column of cells through _cell, by type where the column allows it."""
    body = col[_HEAD:]
    kinds = set(map(type, body))  # one pass over the column for its types
    every = kinds | set(map(type, col[:_HEAD]))
    if every <= _KEPT_AS_IS and not (str in every and "" in col):
        return col  # nothing in it changes (text without empty cells, ints, ...)
    head = list(map(_cell, col[:_HEAD]))
    if kinds == {float}:
        return head + _whole_floats(body)
    if kinds == {date}:
        # offices repeat a few dozen months: one datetime per distinct date
        memo = {d: datetime(d.year, d.month, d.day) for d in set(body)}
        return head + list(map(memo.__getitem__, body))
    if kinds == {str}:
        if "" in body:
            return head + [None if c == "" else c for c in body]
        return head + list(body)
    return head + list(map(_cell, body))


def _whole_floats(body: tuple[float, ...]) -> list[Any]:
    """Floats, the whole ones (1.0) as int, as _cell does; numpy does the checks."""
    arr = np.fromiter(body, dtype=np.float64, count=len(body))
    whole = np.isfinite(arr) & (arr == np.trunc(arr))
    if not whole.any():
        return list(body)
    if not (np.abs(arr[whole]) < 2.0**63).all():  # int64 cannot hold it: one by one
        return [_cell(c) for c in body]
    ints = np.where(whole, arr, 0.0).astype(np.int64).tolist()
    if whole.all():
        return ints
    return [i if w else c for i, c, w in zip(ints, body, whole.tolist(), strict=True)]


def _cell(cell: Any) -> Any:
    """A calamine cell as openpyxl gives it: whole float -> int, date -> datetime, "" -> None."""
    kind = type(cell)
    if kind is float:
        return int(cell) if cell.is_integer() else cell
    if kind is date:
        return datetime(cell.year, cell.month, cell.day)
    if kind is str and cell == "":
        return None
    return cell


def _typed(rows: list[list[Any]]) -> Iterator[list[Any]]:
    """calamine's cells as openpyxl types them: whole floats as int, dates as datetime."""
    for row in rows:
        out = row
        for i, cell in enumerate(row):
            kind = type(cell)
            if kind is float:
                if cell.is_integer():
                    if out is row:
                        out = list(row)
                    out[i] = int(cell)
            elif kind is date:
                if out is row:
                    out = list(row)
                out[i] = datetime(cell.year, cell.month, cell.day)
        yield out


# --------------------------------------------------------------------------- Google Sheet


METADATA_TTL = 600.0  # seconds: a new tab or a renamed sheet shows within 10 minutes


@dataclass(frozen=True)
class SheetMeta:
    """What spreadsheets.get told us: it names the tabs to read; kept METADATA_TTL seconds."""

    title: str
    tabs: tuple[tuple[str, int], ...]  # (tab title, gid) of the grid tabs, in sheet order
    locale: str | None = None  # properties.locale: decides what Sheets makes of "750.000"
    fetched: float = 0.0  # time.monotonic() of the fetch


_metadata: dict[tuple[str, str], SheetMeta] = {}
_metadata_locks: dict[tuple[str, str], threading.Lock] = {}
_metadata_guard = threading.Lock()


def clear_metadata_cache() -> None:
    """Forget every sheet's tab list ("Muat ulang data", tests)."""
    with _metadata_guard:
        _metadata.clear()


def _metadata_lock(key: tuple[str, str]) -> threading.Lock:
    with _metadata_guard:
        return _metadata_locks.setdefault(key, threading.Lock())


# OAuth error codes a token endpoint answers when trying again later may work (RFC 6749).
_TOKEN_RETRYABLE_ERRORS = frozenset({"internal_failure", "server_error", "temporarily_unavailable"})


class TokenRequest(AuthRequest):
    """google-auth's transport, making one HTTP attempt per token request.

    google-auth retries a failing token endpoint by itself (three attempts and
    about 3 s of sleep per refresh), outside any timeout or budget of ours. An
    answer it would retry is raised here instead, as a retryable RefreshError,
    so SheetsHTTPClient's retry, bounded by the refresh's budget, decides.
    """

    def __call__(
        self,
        url: str,
        method: str = "GET",
        body: Any = None,
        headers: Any = None,
        timeout: Any = DEFAULT_TIMEOUT,
        **kwargs: Any,
    ) -> Any:
        response = super().__call__(url, method, body, headers, timeout, **kwargs)
        if response.status != 200 and _token_retryable(response.status, response.data):
            raise RefreshError(
                f"token endpoint answered HTTP {response.status}",
                {"status": response.status},
                retryable=True,
            )
        return response


def _token_retryable(status: int, body: Any) -> bool:
    if status == 429 or status >= 500 or status == 408:
        return True
    try:
        data = json.loads(body)
    except (TypeError, ValueError):
        return False
    if not isinstance(data, dict):
        return False
    return bool({data.get("error"), data.get("error_description")} & _TOKEN_RETRYABLE_ERRORS)


class SheetsHTTPClient(gspread.HTTPClient):
    """gspread's HTTP client with a bounded retry and an optional API base.

    gspread's own BackOffHTTPClient retries 429/5xx without end, which would hang
    the page; this one gives up once `retry_budget` seconds have passed since its
    first request, so the budget covers a whole refresh (one client per refresh),
    token requests included: they go through TokenRequest, with the same timeout.
    `api_base` points the real client at a loopback fake (tests, benchmark);
    production leaves it None.
    """

    def __init__(
        self,
        auth: Any,
        session: requests.Session | None = None,
        *,
        api_base: str | None = None,
        retry_budget: float = DEFAULT_RETRY_BUDGET,
    ) -> None:
        self._token_session = requests.Session()
        self._token_request = TokenRequest(self._token_session)
        if session is None:  # a token refreshed on a 401 also makes one attempt per call
            session = AuthorizedSession(auth, auth_request=self._token_request)
        super().__init__(auth, session)
        self.auth = auth  # gspread sets it only when it builds the session itself
        self.session.headers["User-Agent"] = USER_AGENT
        self.api_base = api_base.rstrip("/") if api_base else None
        self.retry_budget = retry_budget
        self._deadline: float | None = None

    def close(self) -> None:
        self.session.close()
        self._token_session.close()

    def fetch_token(self) -> None:
        """Get an access token up front, so its failures are told apart from the API's."""
        request = self._token_request
        timed = functools.partial(request, timeout=self.timeout) if self.timeout else request
        self._retrying(lambda: self.auth.refresh(timed))

    def request(
        self,
        method: str,
        endpoint: str,
        params: Any = None,
        data: Any = None,
        json: Any = None,
        files: Any = None,
        headers: Any = None,
    ) -> requests.Response:
        if self.api_base and endpoint.startswith(SHEETS_HOST):
            endpoint = self.api_base + endpoint[len(SHEETS_HOST) :]

        def attempt() -> requests.Response:
            response = self.session.request(
                method=method,
                url=endpoint,
                params=params,
                data=data,
                json=json,
                files=files,
                headers=headers,
                timeout=self.timeout,
            )
            if not response.ok:
                raise _api_error(response)
            return response

        return self._retrying(attempt)

    def _retrying(self, call: Callable[[], Any]) -> Any:
        """Run `call`, retrying transient failures with exponential backoff within budget."""
        if self._deadline is None:
            self._deadline = time.monotonic() + self.retry_budget
        delay = max(self.retry_budget / 20, 0.01)
        while True:
            try:
                return call()
            except Exception as exc:
                if not _transient(exc):
                    raise
                wait = delay * random.uniform(0.8, 1.0)
                wait = max(wait, _retry_after(exc))
                if time.monotonic() + wait >= self._deadline:
                    raise
                time.sleep(wait)
                delay *= 2


def _api_error(response: requests.Response) -> APIError:
    """gspread's APIError, even when the error body is not Google's JSON shape."""
    try:
        return APIError(response)
    except Exception:  # APIError.__init__ indexes the body; a proxy's page may not fit
        error = APIError.__new__(APIError)
        Exception.__init__(error, response.status_code)
        error.response = response
        error.error = {"code": response.status_code, "message": response.reason, "status": ""}
        error.code = response.status_code
        return error


def _transient(exc: BaseException) -> bool:
    """429, 5xx and connection failures may pass; a read timeout already used its time."""
    if isinstance(exc, APIError):
        status = exc.response.status_code
        return status == 429 or status >= 500
    if isinstance(exc, RefreshError):
        return exc.retryable
    if isinstance(exc, TransportError) and isinstance(exc.__cause__, BaseException):
        return _transient(exc.__cause__)
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return False
    return isinstance(exc, requests.exceptions.ConnectionError)


def _retry_after(exc: BaseException) -> float:
    if isinstance(exc, APIError):
        try:
            return min(float(exc.response.headers.get("Retry-After", 0)), 60.0)
        except ValueError:
            return 0.0
    return 0.0


def read_google_sheet(
    spreadsheet: str,
    service_account_info: Mapping[str, Any] | None,
    *,
    api_base: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    retry_budget: float = DEFAULT_RETRY_BUDGET,
    now: datetime | None = None,
    tz: str | None = None,
) -> RawBook:
    """Every grid tab of a Google Sheet: one token request, one values:batchGet.

    The tab list comes from spreadsheets.get, asked at most once per METADATA_TTL per
    sheet (and after clear_metadata_cache); when batchGet answers 400 because a tab
    was renamed since, it is asked once more.
    """
    spreadsheet_id = parse_spreadsheet_id(spreadsheet)
    credentials, email = _credentials(service_account_info)
    http = SheetsHTTPClient(credentials, api_base=api_base, retry_budget=retry_budget)
    http.set_timeout((min(CONNECT_TIMEOUT, timeout), timeout))
    failure = functools.partial(
        _failure, email=email, spreadsheet_id=spreadsheet_id, timeout=timeout
    )
    try:
        try:
            http.fetch_token()
        except (RefreshError, TransportError, requests.RequestException) as exc:
            raise failure(exc, token=True) from exc
        except (TypeError, KeyError, ValueError) as exc:  # a 200 whose body is not a token
            raise _malformed("layanan token Google") from exc
        try:
            meta, fresh = _sheet_meta(http, spreadsheet_id, api_base)
            try:
                values = _batch_get(http, spreadsheet_id, meta)
            except APIError as exc:
                if exc.response.status_code != 400 or fresh:
                    raise
                meta, _ = _sheet_meta(http, spreadsheet_id, api_base, stale=meta)
                values = _batch_get(http, spreadsheet_id, meta)
        except (
            APIError,
            SpreadsheetNotFound,
            PermissionError,
            RefreshError,
            TransportError,
            requests.RequestException,
        ) as exc:
            raise failure(exc) from exc
    finally:
        http.close()

    tables = {}
    for (title, gid), value_range in zip(meta.tabs, values, strict=True):
        rows, first_row = _value_range(value_range)
        tables[title] = RawTable(title, rows, gid=gid, first_row=first_row)
    info = SourceInfo(
        kind="sheet",
        label=meta.title,
        spreadsheet_id=spreadsheet_id,
        location=spreadsheet_url(spreadsheet_id),
        read_at=now or datetime.now(local_tz(tz)),
        locale=meta.locale,
    )
    return RawBook(info, tables)


def _credentials(info: Mapping[str, Any] | None) -> tuple[Any, str | None]:
    """Service-account credentials, read-only scope; a bad key never shows in the message."""
    fix = (
        "Unduh ulang kunci JSON dari Google Cloud Console (IAM > Service Accounts > Keys) "
        "dan perbarui [gcp_service_account] di .streamlit/secrets.toml."
    )
    if not isinstance(info, Mapping) or not info:
        raise SourceError("credentials", f"Kunci service account belum diisi. {fix}")
    info = dict(info)
    email = info.get("client_email") if isinstance(info.get("client_email"), str) else None
    if info.get("type", "service_account") != "service_account":
        raise SourceError(
            "credentials",
            f"Kunci yang diberikan bukan kunci service account "
            f"(type='{str(info.get('type'))[:40]}'). {fix}",
        )
    missing = [k for k in ("client_email", "private_key") if not info.get(k)]
    if missing:
        raise SourceError(
            "credentials",
            f"Kunci service account tidak lengkap: {', '.join(missing)} kosong. {fix}",
        )
    info.setdefault("token_uri", DEFAULT_TOKEN_URI)
    key = info["private_key"]
    if isinstance(key, str) and "\\n" in key and "\n" not in key:
        info["private_key"] = key.replace("\\n", "\n")  # pasted into TOML with escaped newlines
    try:
        credentials = service_account.Credentials.from_service_account_info(info, scopes=SCOPES)
    except (ValueError, TypeError, IndexError, AttributeError):
        # the exception may quote the key material: never chain or show it
        raise SourceError(
            "credentials",
            f"Kunci service account{f' {email}' if email else ''} tidak bisa dibaca: "
            f"private_key rusak atau terpotong. {fix}",
        ) from None
    return credentials, email


def _sheet_meta(
    http: SheetsHTTPClient,
    spreadsheet_id: str,
    api_base: str | None,
    *,
    stale: SheetMeta | None = None,
) -> tuple[SheetMeta, bool]:
    """(metadata, fetched just now); `stale` is a cached copy that proved outdated."""
    key = (api_base or "", spreadsheet_id)
    with _metadata_lock(key):  # two sessions refreshing at start still fetch it once
        cached = _metadata.get(key)
        young = cached is not None and _clock() - cached.fetched < METADATA_TTL
        if cached is not None and young and cached != stale:
            return cached, stale is not None
        body = http.fetch_sheet_metadata(spreadsheet_id, params=dict(METADATA_PARAMS))
        meta = _parse_meta(body)
        _metadata[key] = meta
        return meta, True


def _clock() -> float:
    return time.monotonic()  # a function, so tests can move time forward


def _parse_meta(body: Any) -> SheetMeta:
    try:
        title = body["properties"]["title"]
        locale = body["properties"].get("locale")
        sheets = [s["properties"] for s in body.get("sheets", [])]
        grid = [p for p in sheets if p.get("sheetType", "GRID") == "GRID"]
        grid.sort(key=lambda p: p.get("index", 0))
        tabs = tuple((str(p["title"]), int(p.get("sheetId", 0))) for p in grid)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise _malformed("metadata spreadsheet") from None
    return SheetMeta(
        str(title), tabs, locale if isinstance(locale, str) else None, fetched=_clock()
    )


def _batch_get(http: SheetsHTTPClient, spreadsheet_id: str, meta: SheetMeta) -> list[Any]:
    if not meta.tabs:
        return []
    ranges = [_quote_tab(title) for title, _ in meta.tabs]
    body = http.values_batch_get(spreadsheet_id, ranges, params=dict(BATCH_PARAMS))
    value_ranges = body.get("valueRanges") if isinstance(body, dict) else None
    if not isinstance(value_ranges, list) or len(value_ranges) != len(ranges):
        raise _malformed("values:batchGet")
    return value_ranges


def _quote_tab(title: str) -> str:
    """A whole-tab A1 range; quoting makes spaces and apostrophes safe."""
    return "'" + title.replace("'", "''") + "'"


_RANGE_START = re.compile(r"!\$?[A-Za-z]*\$?(\d*)")


def _first_row(a1_range: str) -> int:
    """The sheet row of the first returned row: "'Kantor'!A3:F20" -> 3."""
    bang = a1_range.rfind("!")
    match = _RANGE_START.match(a1_range, bang) if bang >= 0 else None
    return int(match.group(1)) if match and match.group(1) else 1


def _value_range(value_range: Any) -> tuple[list[list[Any]], int]:
    """Rows of one returned range, "" (Google's empty cell) as None; and its first row."""
    if not isinstance(value_range, dict):
        raise _malformed("values:batchGet")
    values = value_range.get("values", [])
    a1 = value_range.get("range", "")
    if not isinstance(values, list) or not isinstance(a1, str):
        raise _malformed("values:batchGet")
    rows: list[list[Any]] = []
    append = rows.append
    for row in values:
        if type(row) is not list:
            raise _malformed("values:batchGet")
        if "" in row:
            row = [None if cell == "" else cell for cell in row]
            while row and row[-1] is None:
                row.pop()
        append(row)
    while rows and not rows[-1]:
        rows.pop()
    return rows, _first_row(a1)


# --------------------------------------------------------------------------- errors

_RETRY = "lalu tekan Muat ulang data"


def _malformed(what: str) -> SourceError:
    return SourceError(
        "malformed",
        f"Jawaban {what} rusak atau terpotong, biasanya karena koneksi terputus di tengah "
        f"jalan. Tunggu sebentar, {_RETRY}.",
    )


def _failure(
    exc: BaseException,
    *,
    email: str | None,
    spreadsheet_id: str,
    timeout: float,
    token: bool = False,
) -> SourceError:
    """One Indonesian message per way a read fails; only the public client_email is named."""
    account = email or "akun service account dasbor"
    if isinstance(exc, SourceError):
        return exc
    if isinstance(exc, PermissionError):  # gspread's open_by_key turns a 403 into this
        return _forbidden(account, None)
    if isinstance(exc, SpreadsheetNotFound):
        return _not_found(spreadsheet_id)
    if isinstance(exc, APIError):
        return _status_failure(exc, account, spreadsheet_id)
    if isinstance(exc, RefreshError):
        if getattr(exc, "retryable", False):
            return SourceError(
                "server",
                f"Layanan login Google (token) sedang bermasalah. Coba beberapa menit lagi, "
                f"{_RETRY}.",
            )
        code = _refresh_code(exc)
        return SourceError(
            "credentials",
            f"Google menolak kunci service account {account}{code}: kunci salah, sudah dihapus "
            "atau dicabut. Buat kunci baru di Google Cloud Console (IAM > Service Accounts > "
            "Keys) dan perbarui [gcp_service_account] di .streamlit/secrets.toml.",
        )
    if isinstance(exc, TransportError) and isinstance(exc.__cause__, BaseException):
        return _failure(
            exc.__cause__,
            email=email,
            spreadsheet_id=spreadsheet_id,
            timeout=timeout,
            token=token,
        )
    where = "layanan token Google" if token else "Google Sheets"
    if isinstance(exc, requests.exceptions.JSONDecodeError):
        return _malformed(where)
    if isinstance(exc, requests.exceptions.Timeout):
        return SourceError(
            "timeout",
            f"{where} tidak menjawab dalam {timeout:g} detik. Koneksi mungkin lambat atau "
            f"putus-sambung; tunggu sebentar, {_RETRY}.",
        )
    if isinstance(exc, requests.exceptions.ConnectionError):
        return SourceError(
            "network",
            f"Tidak bisa menghubungi {where}: jaringan tidak tersambung atau server tidak "
            f"terjangkau. Periksa koneksi internet, {_RETRY}.",
        )
    if isinstance(
        exc, requests.exceptions.ChunkedEncodingError | requests.exceptions.ContentDecodingError
    ):
        return _malformed(where)
    return SourceError(
        "network",
        f"Gagal membaca {where} ({type(exc).__name__}). Periksa koneksi internet, {_RETRY}.",
    )


def _refresh_code(exc: RefreshError) -> str:
    """The OAuth error code (e.g. invalid_grant), which is safe and helps support."""
    data = exc.args[1] if len(exc.args) > 1 else None
    code = data.get("error") if isinstance(data, dict) else None
    return f" ({code})" if isinstance(code, str) and re.fullmatch(r"[a-z_]{1,40}", code) else ""


def _status_failure(exc: APIError, account: str, spreadsheet_id: str) -> SourceError:
    status = exc.response.status_code
    if status == 403:
        return _forbidden(account, exc)
    if status == 404:
        return _not_found(spreadsheet_id)
    if status == 429:
        return SourceError(
            "quota",
            "Kuota baca Google Sheets sedang habis (terlalu banyak permintaan dalam satu "
            f"menit). Tunggu satu-dua menit, {_RETRY}.",
            status=status,
        )
    if status == 401:
        return SourceError(
            "credentials",
            f"Google Sheets menolak token akses service account {account} (HTTP 401). Periksa "
            "bahwa kuncinya masih aktif di Google Cloud Console dan perbarui "
            "[gcp_service_account] bila perlu.",
            status=status,
        )
    if status >= 500:
        return SourceError(
            "server",
            f"Server Google Sheets sedang bermasalah (HTTP {status}). Coba beberapa menit lagi, "
            f"{_RETRY}.",
            status=status,
        )
    return SourceError(
        "server",
        f"Google Sheets menolak permintaan (HTTP {status}). Bila sebuah tab baru saja diganti "
        f"namanya, tunggu sebentar, {_RETRY}; bila terus terjadi, hubungi pengelola dasbor.",
        status=status,
    )


def _forbidden(account: str, exc: APIError | None) -> SourceError:
    text = exc.response.text if exc is not None else ""
    if "SERVICE_DISABLED" in text or "has not been used in project" in text:
        return SourceError(
            "forbidden",
            f"Google Sheets API belum diaktifkan di proyek Google Cloud milik {account}. "
            "Aktifkan 'Google Sheets API' di console.cloud.google.com (APIs & Services), "
            f"tunggu beberapa menit, {_RETRY}.",
            status=403,
        )
    return SourceError(
        "forbidden",
        f"Akses ke Google Sheet ditolak: sheet belum dibagikan ke akun dasbor. Bagikan sheet "
        f"ke {account} sebagai Viewer (tombol Bagikan/Share di Google Sheets), {_RETRY}.",
        status=403,
    )


def _not_found(spreadsheet_id: str) -> SourceError:
    return SourceError(
        "not_found",
        f"Google Sheet dengan ID {spreadsheet_id} tidak ditemukan. Periksa ID atau alamat sheet "
        "di LAZISMU_SHEET atau [sheet] id: salin dari bilah alamat browser saat sheet dibuka.",
        status=404,
    )
