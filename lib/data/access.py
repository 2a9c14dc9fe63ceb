"""Who may see the dashboard: the allowlist decision, without Streamlit.

The figures are a charity's money, so with `[auth]` in secrets every visitor
signs in (st.login, OIDC, e.g. Google accounts) and only listed people get past:

    [access]
    allowed_emails = ["ketua@gmail.com", "bendahara@lazismu-malang.org"]
    allowed_domains = ["lazismu-malang.org"]

Matching is case-insensitive, on the whole address, after trimming spaces:
- an email matches an `allowed_emails` entry only when the whole address is equal;
- a domain entry matches addresses whose part after the single `@` is exactly
  that domain. Subdomains are NOT included: `a@sub.lazismu.org` is not in
  `lazismu.org` (a subdomain's mail may be run by someone else); list
  `sub.lazismu.org` as well to let it in. `a@lazismu.org.evil.com` never is.
- Only an address the identity provider marks verified (`email_verified` exactly
  `true`, not the string "false" nor a missing claim) gets in: anyone can type an
  unverified address.
- `[auth]` with an empty allowlist lets nobody in (fail closed) and says so.

Without `[auth]` and without an allowlist the app runs open (local use on the
secretariat's laptop) and every page says so. An allowlist in `[access]` without
`[auth]` means someone meant to restrict access but sign-in is not set up: no
figures are shown (fail closed) until `[auth]` is filled in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

OPEN = "open"  # no [auth]: everyone, for local use
LOGIN = "login"  # [auth] and nobody signed in yet
NO_SIGN_IN = "no_sign_in"  # an allowlist but no [auth]: locked until sign-in is set up
ALLOWED = "allowed"
REFUSED = "refused"


@dataclass(frozen=True)
class Policy:
    emails: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()

    @property
    def empty(self) -> bool:
        return not self.emails and not self.domains


@dataclass(frozen=True)
class Decision:
    """What the gate does for this visitor; `email` is the signed-in address, if any."""

    mode: str
    email: str | None = None
    reason: str | None = None  # for REFUSED: "not_listed", "unverified", "no_allowlist"

    @property
    def allowed(self) -> bool:
        return self.mode in (OPEN, ALLOWED)


def _section(secrets: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    try:
        value = secrets.get(name)
    except (AttributeError, FileNotFoundError):
        return {}
    return value if isinstance(value, Mapping) else {}


def auth_configured(secrets: Mapping[str, Any]) -> bool:
    """True when secrets hold a non-empty `[auth]` section: sign-in is then required."""
    return bool(_section(secrets, "auth"))


def _entries(value: Any) -> list[str]:
    """A list, or one comma/semicolon/newline separated string, as people write either."""
    if isinstance(value, str):
        value = value.replace(";", ",").replace("\n", ",").split(",")
    if not isinstance(value, Iterable):
        return []
    return [str(v) for v in value if isinstance(v, str | int | float)]


def normalise_email(text: object) -> str | None:
    """`  Ketua@LAZISMU.org ` -> `ketua@lazismu.org`; None when it is not one address."""
    if not isinstance(text, str):
        return None
    email = text.strip().lower()
    local, at, domain = email.partition("@")
    if not at or not local or not domain or "@" in domain or any(c.isspace() for c in email):
        return None
    return email


def normalise_domain(text: object) -> str | None:
    """` @LAZISMU.org. ` -> `lazismu.org` (people write a leading @ or a trailing dot)."""
    if not isinstance(text, str):
        return None
    domain = text.strip().lower().lstrip("@").rstrip(".")
    if not domain or "@" in domain or any(c.isspace() for c in domain):
        return None
    return domain


def policy(secrets: Mapping[str, Any]) -> Policy:
    """The allowlist from `[access] allowed_emails` and `allowed_domains`."""
    section = _section(secrets, "access")
    emails = {normalise_email(e) for e in _entries(section.get("allowed_emails", []))}
    domains = {normalise_domain(d) for d in _entries(section.get("allowed_domains", []))}
    return Policy(frozenset(emails - {None}), frozenset(domains - {None}))  # type: ignore[arg-type]


def is_allowed(email: object, allow: Policy) -> bool:
    """Whole-address, case-insensitive match against the allowlist (see module doc)."""
    address = normalise_email(email)
    if address is None:
        return False
    if address in allow.emails:
        return True
    return address.rpartition("@")[2] in allow.domains


def decide(secrets: Mapping[str, Any], user: Mapping[str, Any]) -> Decision:
    """The gate for one visitor; `user` is st.user as a dict."""
    if not auth_configured(secrets):
        return Decision(OPEN) if policy(secrets).empty else Decision(NO_SIGN_IN)
    if user.get("is_logged_in") is not True:
        return Decision(LOGIN)
    raw = user.get("email")
    email = normalise_email(raw) or (raw.strip() if isinstance(raw, str) else None)
    allow = policy(secrets)
    if allow.empty:
        return Decision(REFUSED, email, "no_allowlist")
    if user.get("email_verified") is not True:
        return Decision(REFUSED, email, "unverified")
    if not is_allowed(raw, allow):
        return Decision(REFUSED, email, "not_listed")
    return Decision(ALLOWED, email)
