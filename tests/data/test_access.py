"""Who gets past the gate: the pure allowlist rules, then the app with AppTest's user."""

from __future__ import annotations

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from lib.data import access
from lib.data.access import Policy, decide, is_allowed, normalise_email, policy

APP = str(ROOT / "app.py")
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "cookie-secret-9f8e7d6c5b4a39281706f5e4d3c2b1a0",
    "client_id": "1234-fake.apps.googleusercontent.com",
    "client_secret": "GOCSPX-very-secret-client-secret",
    "server_metadata_url": "https://accounts.google.com/.well-known/openid-configuration",
}
ACCESS = {
    "allowed_emails": [" Ketua@Gmail.com ", "bendahara@yahoo.co.id"],
    "allowed_domains": ["@LAZISMU-Malang.org", "kab.lazismu.org."],
}
SECRETS = {"auth": AUTH, "access": ACCESS}


# --------------------------------------------------------------------------- rules


def test_policy_trims_lowers_and_drops_junk():
    allow = policy({"access": {**ACCESS, "allowed_emails": [*ACCESS["allowed_emails"], "x", ""]}})
    assert allow == Policy(
        frozenset({"ketua@gmail.com", "bendahara@yahoo.co.id"}),
        frozenset({"lazismu-malang.org", "kab.lazismu.org"}),
    )
    assert policy({"access": {"allowed_emails": "a@x.org; B@y.org\nc@z.org"}}).emails == {
        "a@x.org",
        "b@y.org",
        "c@z.org",
    }
    assert policy({}).empty


@pytest.mark.parametrize(
    ("email", "allowed"),
    [
        ("ketua@gmail.com", True),
        ("  KETUA@GMAIL.COM ", True),
        ("wakil@gmail.com", False),  # gmail.com is not an allowed domain
        ("siapa.saja@lazismu-malang.org", True),
        ("Siapa@LAZISMU-MALANG.ORG", True),
        ("a@lazismu-malang.org.evil.com", False),  # look-alike: the whole domain must match
        ("a@evil-lazismu-malang.org", False),
        ("a@sub.lazismu-malang.org", False),  # subdomains are not included (documented)
        ("a@kab.lazismu.org", True),  # ... unless listed themselves
        ("lazismu-malang.org", False),
        ("a@b@lazismu-malang.org", False),
        ("ketua@gmail.com.evil.com", False),
        ("", False),
        (None, False),
    ],
)
def test_whole_address_matching(email, allowed):
    assert is_allowed(email, policy(SECRETS)) is allowed


def test_decisions():
    assert decide({}, {"email": "x@y.z", "is_logged_in": True}).mode == access.OPEN
    assert decide({"access": ACCESS}, {}).mode == access.NO_SIGN_IN  # allowlist, no [auth]
    assert decide(SECRETS, {}).mode == access.LOGIN
    assert decide(SECRETS, {"is_logged_in": False}).mode == access.LOGIN
    ok = decide(SECRETS, {"is_logged_in": True, "email": "Ketua@gmail.com", "email_verified": True})
    assert (ok.mode, ok.email, ok.allowed) == (access.ALLOWED, "ketua@gmail.com", True)
    no = decide(SECRETS, {"is_logged_in": True, "email": "orang@lain.com", "email_verified": True})
    assert (no.mode, no.reason, no.allowed) == (access.REFUSED, "not_listed", False)
    unverified = {"is_logged_in": True, "email": "ketua@gmail.com", "email_verified": False}
    assert decide(SECRETS, unverified).reason == "unverified"
    empty = decide({"auth": AUTH}, {"is_logged_in": True, "email": "ketua@gmail.com"})
    assert (empty.mode, empty.reason) == (access.REFUSED, "no_allowlist")
    assert decide(SECRETS, {"is_logged_in": True}).mode == access.REFUSED  # no email claim
    assert normalise_email("a b@c.d") is None


# --------------------------------------------------------------------------- the app


def run_as(user: dict | None, secrets: dict | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.secrets.update(SECRETS if secrets is None else secrets)
    if user is not None:
        at.user = user
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def no_figures(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.dataframe and not at.get("vega_lite_chart") and not at.metric
    assert not any("Sumber:" in c.value for c in at.caption)  # no data banner


def logged_in(email: str) -> dict:
    return {"is_logged_in": True, "email": email, "name": "Uji", "email_verified": True}


@pytest.mark.parametrize("email", ["ketua@gmail.com", "bendahara@lazismu-malang.org"])
def test_allowed_email_and_domain_see_the_dashboard(email):
    at = run_as(logged_in(email.upper()), page="pages/kualitas-data.py")
    assert not at.exception
    assert [t.value for t in at.title] == ["Kualitas Data"]
    assert at.dataframe
    assert any(f"Masuk sebagai {md_escape_email(email)}" == c.value for c in at.sidebar.caption)
    assert [b.label for b in at.sidebar.button] == ["Keluar", "Muat ulang data"]


def md_escape_email(email: str) -> str:
    from lib.views.fmt import md_escape

    return md_escape(email.lower())


@pytest.mark.parametrize(
    "email", ["a@lazismu-malang.org.evil.com", "orang@asing.com", "a@sub.lazismu-malang.org"]
)
@pytest.mark.parametrize("page", [None, "pages/kantor.py", "pages/kualitas-data.py"])
def test_strangers_and_look_alikes_are_refused_politely(email, page):
    at = run_as(logged_in(email), page=page)
    no_figures(at)
    assert [t.value for t in at.title] == ["Dasbor Rakor LAZISMU"]
    assert "Mohon maaf" in at.warning[0].value and "belum terdaftar" in at.warning[0].value
    assert [b.label for b in at.button] == ["Keluar"]


def test_refused_user_can_log_out():
    at = run_as(logged_in("orang@asing.com"))
    at.button[0].click().run()
    assert not at.exception
    assert at.user == {"is_logged_in": False}
    assert [b.label for b in at.button] == ["Masuk dengan Google"]
    no_figures(at)


def test_not_logged_in_sees_only_a_login_button():
    at = run_as({"is_logged_in": False}, page="pages/ringkasan.py")
    no_figures(at)
    assert "Silakan masuk" in at.info[0].value
    assert [b.label for b in at.button] == ["Masuk dengan Google"]


def test_login_button_starts_sign_in(secrets_file):
    # st.login reads the real secrets file, not at.secrets
    secrets_file(
        "[auth]\n" + "".join(f'{k} = "{v}"\n' for k, v in AUTH.items()) + "[access]\n"
        'allowed_emails = ["ketua@gmail.com"]\n'
    )
    at = AppTest.from_file(APP, default_timeout=30)
    at.user = {"is_logged_in": False}
    at.run()
    at.button[0].click().run()
    assert not at.exception
    assert not at.error  # [auth] is complete: the redirect was sent


def test_incomplete_auth_says_so_without_crashing(secrets_file):
    secrets_file('[auth]\nredirect_uri = "http://localhost:8501/oauth2callback"\n')
    at = AppTest.from_file(APP, default_timeout=30)
    at.user = {"is_logged_in": False}
    at.run()
    at.button[0].click().run()
    assert not at.exception
    assert "[auth]" in at.error[0].value
    no_figures(at)


def test_unverified_email_is_refused():
    user = {**logged_in("ketua@gmail.com"), "email_verified": False}
    at = run_as(user)
    no_figures(at)
    assert "belum terverifikasi" in at.warning[0].value


def test_empty_allowlist_locks_everyone_out():
    at = run_as(logged_in("ketua@gmail.com"), secrets={"auth": AUTH})
    no_figures(at)
    assert "daftar akses" in at.warning[0].value


def test_no_auth_runs_open_and_says_so():
    at = run_as(None, secrets={}, page="pages/kualitas-data.py")
    assert [t.value for t in at.title] == ["Kualitas Data"]
    assert at.dataframe
    assert any(c.value == "Mode terbuka: tanpa login" for c in at.sidebar.caption)
    assert [b.label for b in at.sidebar.button] == ["Muat ulang data"]


def test_open_mode_is_not_claimed_when_auth_is_on():
    at = run_as(logged_in("ketua@gmail.com"))
    assert not any("Mode terbuka" in c.value for c in at.caption)


# --------------------------------------------------------------------------- fail closed


@pytest.mark.parametrize("verified", ["false", "true", 1, None, "False"])
def test_email_verified_must_be_exactly_true(verified):
    user = {"is_logged_in": True, "email": "ketua@gmail.com", "email_verified": verified}
    decision = decide(SECRETS, user)
    assert (decision.mode, decision.reason) == (access.REFUSED, "unverified")


def test_allowlist_without_sign_in_shows_no_figures_and_says_what_to_set_up():
    at = run_as(None, secrets={"access": ACCESS}, page="pages/kualitas-data.py")
    no_figures(at)
    message = at.error[0].value
    assert "[auth]" in message and "[access]" in message
    assert not any("Mode terbuka" in c.value for c in at.sidebar.caption)


def test_open_mode_is_announced_in_the_main_area_where_a_phone_sees_it():
    at = run_as(None, secrets={})
    main = [c.value for c in at.main.caption] + [i.value for i in at.main.info]
    assert any("Mode terbuka" in text for text in main), main


def test_user_without_email_is_not_called_akun_akun():
    at = run_as({"is_logged_in": True, "email_verified": True})
    no_figures(at)
    text = at.warning[0].value
    assert "akun Akun" not in text and "akun ini belum terdaftar" in text
