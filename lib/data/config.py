"""Which source the dashboard reads, resolved from the environment and secrets.

Kept free of Streamlit and of gspread: secrets arrive as a plain mapping, so the
command line, the tests and the app resolve the source the same way, and a
configuration mistake is reported before any network call.

Precedence (the environment overrides the deployment's secrets, so a developer can
point a configured install at a workbook for one run):
1. env LAZISMU_SHEET (Google Sheet id or URL)
2. env LAZISMU_WORKBOOK (path of an .xlsx)
3. secrets [sheet] id (or url)
4. secrets [workbook] path
5. the bundled sample workbook (lib.data.sample.SAMPLE_PATH)

Credentials for a sheet: secrets [gcp_service_account], else the JSON key file named
by env GOOGLE_APPLICATION_CREDENTIALS (a machine-wide variable, so the app's own
secrets win).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfoNotFoundError

from lib.data import clock

ENV_SHEET = "LAZISMU_SHEET"
ENV_WORKBOOK = "LAZISMU_WORKBOOK"
ENV_SHEETS_API = "LAZISMU_SHEETS_API"
ENV_CACHE_TTL = "LAZISMU_CACHE_TTL"
ENV_TZ = "LAZISMU_TZ"
ENV_NAME = "LAZISMU_NAMA"
ENV_CREDENTIALS = "GOOGLE_APPLICATION_CREDENTIALS"

DEFAULT_TZ = clock.DEFAULT_TZ  # WIB: the offices and the meeting are in Malang
DEFAULT_TIMEOUT = 10.0  # seconds, per request (connect and read)
DEFAULT_CACHE_TTL = 60  # seconds
DEFAULT_RETRY_BUDGET = 10.0  # seconds of retrying 429/5xx/connection errors, in all

SHEET_URL = "https://docs.google.com/spreadsheets/d/{id}/edit"


class SourceError(Exception):
    """The source cannot be read; `message` (Indonesian) says why and what to do.

    `reason` is a short code for the UI and tests: quota, server, forbidden,
    not_found, credentials, network, timeout, malformed, config, file. Messages
    never carry a private key or a token, only the public client_email.
    Defined here so a configuration error needs no gspread import; lib.sources
    re-exports it.
    """

    def __init__(self, reason: str, message: str, *, status: int | None = None):
        super().__init__(reason, message)
        self.reason = reason
        self.message = message
        self.status = status  # HTTP status when there was one

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):
        return _rebuild_source_error, (self.reason, self.message, self.status)


def _rebuild_source_error(reason: str, message: str, status: int | None) -> SourceError:
    return SourceError(reason, message, status=status)


_ID = re.compile(r"^[A-Za-z0-9_-]{10,}$")
_URL_ID = re.compile(r"/spreadsheets/(?:u/\d+/)?d/([A-Za-z0-9_-]+)")
_KEY_PARAM = re.compile(r"[?&#]key=([A-Za-z0-9_-]+)")


def parse_spreadsheet_id(text: str) -> str:
    """The spreadsheet id from an id or a docs.google.com URL, as people paste either."""
    value = (text or "").strip()
    if _ID.match(value):
        return value
    if "/spreadsheets/d/e/" in value:
        raise SourceError(
            "config",
            "Alamat Google Sheet itu adalah tautan 'Publikasikan ke web' (/d/e/...), yang tidak "
            "bisa dibaca lewat API. Salin alamat dari bilah alamat browser saat sheet dibuka "
            "(https://docs.google.com/spreadsheets/d/<ID>/edit).",
        )
    match = _URL_ID.search(value) or _KEY_PARAM.search(value)
    if match and len(match.group(1)) >= 10:
        return match.group(1)
    shown = value if len(value) <= 80 else value[:77] + "..."
    raise SourceError(
        "config",
        f"ID atau alamat Google Sheet tidak dikenali: '{shown}'. Isi LAZISMU_SHEET atau "
        "[sheet] id dengan ID sheet (bagian setelah /d/ pada alamatnya) atau alamat lengkap "
        "https://docs.google.com/spreadsheets/d/<ID>/edit.",
    )


def spreadsheet_url(spreadsheet_id: str) -> str:
    return SHEET_URL.format(id=spreadsheet_id)


def local_tz(name: str | None = None) -> tzinfo:
    """lib.data.clock.local_tz, with a bad zone name reported as a configuration error."""
    name = name or os.environ.get(ENV_TZ) or DEFAULT_TZ
    try:
        return clock.local_tz(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SourceError(
            "config",
            f"Zona waktu LAZISMU_TZ='{name}' tidak dikenal. Pakai nama zona seperti "
            "Asia/Jakarta (WIB), Asia/Makassar (WITA) atau Asia/Jayapura (WIT).",
        ) from None


@dataclass(frozen=True)
class SourceConfig:
    """Where to read from; hashable and printable without secrets (for caches and logs)."""

    kind: str  # "sheet", "workbook" or "sample"
    spreadsheet: str | None = None  # id or URL, as configured
    workbook: Path | None = None  # .xlsx path for "workbook" and "sample"
    service_account_info: dict[str, Any] | None = field(default=None, repr=False, compare=False)
    api_base: str | None = None  # loopback fake of the Sheets API; None in production
    timeout: float = DEFAULT_TIMEOUT
    cache_ttl: int = DEFAULT_CACHE_TTL
    retry_budget: float = DEFAULT_RETRY_BUDGET
    tz: str = DEFAULT_TZ

    @property
    def spreadsheet_id(self) -> str | None:
        return parse_spreadsheet_id(self.spreadsheet) if self.spreadsheet else None

    @property
    def key(self) -> str:
        """A file-name-safe id of the source, without secrets: cache and snapshot key."""
        if self.kind == "sheet":
            key = f"sheet-{self.spreadsheet_id}"
            if self.api_base:  # a fake's data must never mix with the real sheet's
                key += "-" + _digest(self.api_base)[:6]
            return key
        if self.kind == "sample":
            return "sample"
        path = Path(self.workbook or "").expanduser()
        stem = re.sub(r"[^A-Za-z0-9_-]+", "_", path.stem).strip("_")[:40] or "workbook"
        return f"workbook-{stem}-{_digest(str(path.resolve()))[:8]}"


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def source_config(
    env: Mapping[str, str] | None = None, secrets: Mapping | None = None
) -> SourceConfig:
    """Resolve the source; raise SourceError("config"/"credentials") on a mistake."""
    env = os.environ if env is None else env
    secrets = {} if secrets is None else secrets
    common = SourceConfig(
        "sample",
        api_base=_env(env, ENV_SHEETS_API),
        cache_ttl=_cache_ttl(env, secrets),
        tz=_tz_name(env),
    )

    sheet = _env(env, ENV_SHEET)
    workbook = None if sheet else _env(env, ENV_WORKBOOK)
    if not sheet and not workbook:
        sheet = _secret(secrets, "sheet", "id") or _secret(secrets, "sheet", "url")
        if not sheet:
            workbook = _secret(secrets, "workbook", "path")

    if sheet:
        parse_spreadsheet_id(str(sheet))  # a typo is reported now, not at the first read
        info = _service_account(env, secrets)
        if info is None:
            raise SourceError(
                "config",
                "Google Sheet sudah diatur, tetapi kunci service account belum ada. Isi bagian "
                "[gcp_service_account] di .streamlit/secrets.toml (salin dari "
                ".streamlit/secrets.toml.example), atau arahkan GOOGLE_APPLICATION_CREDENTIALS "
                "ke berkas kunci JSON service account.",
            )
        return replace(
            common, kind="sheet", spreadsheet=str(sheet).strip(), service_account_info=info
        )
    if workbook:
        return replace(common, kind="workbook", workbook=Path(str(workbook)).expanduser())

    from lib.data.sample import SAMPLE_PATH  # lazily: the sample module builds workbooks

    return replace(common, workbook=Path(SAMPLE_PATH))


def organisation_name(
    settings: Mapping[str, str] | None = None,
    env: Mapping[str, str] | None = None,
    secrets: Mapping | None = None,
) -> str:
    """The district's name as every page, pack and text shows it.

    The data wins (tab Pengaturan, key Nama), so a workbook carries its own
    name wherever it is opened; then env LAZISMU_NAMA, then secrets
    [organisasi] nama; else plain "LAZISMU", never another district's name.
    """
    from lib.data.contract import DEFAULT_ORGANISATION

    env = os.environ if env is None else env
    named = (settings or {}).get("name")
    if isinstance(named, str) and named.strip():
        return " ".join(named.split())
    value = _env(env, ENV_NAME) or _secret(secrets or {}, "organisasi", "nama")
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return DEFAULT_ORGANISATION


def _env(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _section(secrets: Mapping, name: str) -> Mapping:
    """A [section] of secrets, or {} when absent (st.secrets raises without a file)."""
    try:
        value = secrets[name]
    except (KeyError, FileNotFoundError):
        return {}
    return value if isinstance(value, Mapping) else {}


def _secret(secrets: Mapping, section: str, key: str) -> Any:
    value = _section(secrets, section).get(key)
    if isinstance(value, str):
        value = value.strip()
    return value if value not in (None, "") else None


def _service_account(env: Mapping[str, str], secrets: Mapping) -> dict[str, Any] | None:
    section = _section(secrets, "gcp_service_account")
    if section:
        return {k: (dict(v) if isinstance(v, Mapping) else v) for k, v in section.items()}
    path = _env(env, ENV_CREDENTIALS)
    if not path:
        return None
    try:
        info = _key_file(Path(path).expanduser())
    except FileNotFoundError:
        problem = "tidak ditemukan"
    except OSError:
        problem = "tidak bisa dibaca"
    except ValueError:  # json.JSONDecodeError and UnicodeDecodeError; no content quoted
        problem = "bukan JSON yang valid"
    else:
        if isinstance(info, dict):
            return dict(info)
        problem = "bukan kunci service account"
    raise SourceError(
        "credentials",
        f"Berkas kunci service account '{path}' (GOOGLE_APPLICATION_CREDENTIALS) {problem}. "
        "Unduh ulang kunci JSON dari Google Cloud Console (IAM > Service Accounts > Keys), "
        "atau isi [gcp_service_account] di .streamlit/secrets.toml.",
    )


def _key_file(path: Path) -> Any:
    stat = path.stat()
    return _parsed_key_file(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _parsed_key_file(path: str, mtime_ns: int, size: int) -> Any:
    """The key file parsed once per version of it (its time and size are the key):
    the source is resolved on every view, and a replaced file is read again."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _cache_ttl(env: Mapping[str, str], secrets: Mapping) -> int:
    raw = _env(env, ENV_CACHE_TTL)
    where = ENV_CACHE_TTL
    if raw is None:
        raw = _secret(secrets, "cache", "ttl")
        where = "[cache] ttl"
    if raw is None:
        return DEFAULT_CACHE_TTL
    try:
        ttl = float(raw)
    except (TypeError, ValueError):
        ttl = -1.0
    if ttl < 0 or ttl != ttl or ttl == float("inf"):
        raise SourceError(
            "config",
            f"{where}='{raw}' bukan angka detik yang sah. Isi dengan bilangan bulat, "
            f"mis. {DEFAULT_CACHE_TTL} (detik).",
        )
    return int(ttl)


def _tz_name(env: Mapping[str, str]) -> str:
    name = _env(env, ENV_TZ) or DEFAULT_TZ
    local_tz(name)  # validate now: a bad zone is a configuration error
    return name
