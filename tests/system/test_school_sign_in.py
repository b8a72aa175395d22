"""Signing in with the school's own account (issue 18), against a real OpenID Connect provider on loopback.

The provider is django-oidc-provider (tests/system/oidc.py); it signs real RS256 ID tokens, publishes its keys and
discovery document, and enforces PKCE. Steward is set up with it as St Cleopas's "Microsoft" provider through the
settings page, as a headteacher would, with the tenant id every good token carries. Claims a test needs (another
tenant, an expired token, a wrong nonce, an unverified address, a second factor) are set per user at the provider.
"""
import re
import shutil
import sqlite3
import json
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from selenium.webdriver.common.by import By

from conftest import Server, free_port
from hostile_crawl import TwoFactorClock, sign_in as password_sign_in, CSRF
from oidc import Provider
from pages import accessible, fits_the_phone
from test_browser import click_and_wait

TENANT = "0f5d1b2c-3a4e-4b6f-8c9d-0e1f2a3b4c5d"
OTHER_TENANT = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
CLIENT_ID = "steward-st-cleopas"
CLIENT_SECRET = "Xk29fjw02mcnqPz81"
PASSWORD = "provider-password"


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    running = Provider()
    running.start(tmp_path_factory.mktemp("provider"), free_port())
    yield running
    running.stop()


@pytest.fixture
def school(provider, demo_dir, tmp_path):
    """A demo server whose St Cleopas signs in with the provider (as Microsoft, tenant TENANT)."""
    source, accounts = demo_dir
    data = tmp_path / "data"
    shutil.copytree(source, data)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    running = Server(data, accounts, port=port,
                     env={"STEWARD_BASE_URL": base, "STEWARD_ALLOW_LOCAL_SIGN_IN": "1"})
    provider.add_client(CLIENT_ID, CLIENT_SECRET, [base + "/login/callback"], [base + "/login?signed-out=1"])
    clock = TwoFactorClock()
    head = password_sign_in(base, running.account("st-cleopas", "headteacher"), clock)
    running.head = head
    running.clock = clock
    response = save_settings(running, head, provider.issuer, enabled=True)
    assert response.status_code == 303, response.text[-2000:]
    yield running
    running.stop()


def save_settings(server, session, issuer, *, kind="microsoft", organisation=TENANT, enabled=True,
                  passwords_off=False, client_id=CLIENT_ID, secret=CLIENT_SECRET):
    page = session.get(server.base + "/settings/sign-in")
    assert page.status_code == 200, page.status_code
    data = {"_csrf": CSRF.search(page.text).group(1), "kind": kind, "organisation": organisation, "issuer": issuer,
            "clientID": client_id, "clientSecret": secret}
    if enabled:
        data["enabled"] = "on"
    if passwords_off:
        data["passwordsOff"] = "on"
    return session.post(server.base + "/settings/sign-in", data=data, allow_redirects=False)


def user(provider, name, email, **claims):
    """A provider account whose tokens carry the school's tenant and, as Entra's do, the user's principal name as
    preferred_username, unless told otherwise."""
    provider.add_user(name, PASSWORD, email, {"tid": TENANT, "preferred_username": email, **claims})
    return name


def link_from_account(school, provider, session, name):
    """A signed-in person links their provider account from My account (the only way for confidential roles)."""
    page = session.get(school.base + "/account")
    assert 'href="/account/sign-in-link"' in page.text, "no Link my Microsoft account on My account"
    response = session.get(school.base + "/account/sign-in-link", allow_redirects=False)
    assert response.status_code == 303, response.status_code
    done = provider.sign_in(session, response.headers["Location"], name, PASSWORD)
    assert done.url.endswith("/account?done=school-account-linked"), (done.url, message(done))
    return done


def start(server, session, next_path="/"):
    """Follows "Sign in with Microsoft" on Steward's sign-in page: the address at the provider it leads to."""
    page = session.get(server.base + "/login?next=" + next_path)
    assert page.status_code == 200
    link = re.search(r'<a class="button" href="(/login/with/[^"]+)"', page.text)
    assert link, "no Sign in with … button on the sign-in page"
    response = session.get(server.base + link.group(1).replace("&amp;", "&"), allow_redirects=False)
    assert response.status_code == 303, response.status_code
    # The authorisation request carries PKCE (S256), a state and a nonce, whatever the provider would accept.
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) == 43
    assert len(query["state"][0]) >= 43 and len(query["nonce"][0]) >= 43
    assert query["response_type"] == ["code"] and query["redirect_uri"] == [server.base + "/login/callback"]
    return response.headers["Location"]


def provider_sign_in(server, provider, name, session=None, follow=True):
    session = session or requests.Session()
    location = start(server, session)
    return session, provider.sign_in(session, location, name, PASSWORD, follow_callback=follow)


def signed_in_as(server, session):
    home = session.get(server.base + "/", allow_redirects=False)
    if home.status_code != 200:
        return None
    return re.search(r"<h1[^>]*>([^<]*)</h1>", home.text).group(1)


def audit(server, action):
    with sqlite3.connect(server.data_dir / "steward.sqlite") as db:
        rows = db.execute("SELECT target, details FROM audit_entries WHERE action = ? ORDER BY seq",
                          (action,)).fetchall()
    return [(target, json.loads(details)) for target, details in rows]


def refusals(server):
    return [details["reason"] for _, details in audit(server, "sign_in.provider_refused")]


def people_count(server):
    with sqlite3.connect(server.data_dir / "steward.sqlite") as db:
        return db.execute("SELECT count(*) FROM people").fetchone()[0]


def message(response):
    found = re.search(r'<div class="error-summary".*?</div>', response.text, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0))) if found else ""


# --- A good sign-in, in Chromium ---

def test_a_teacher_signs_in_with_microsoft_in_chromium_and_signs_out_of_both(school, provider, browser):
    user(provider, "teacher", "teacher@stcleopas.example.org", preferred_username="teacher@stcleopas.example.org")
    browser.get(school.base + "/login")
    accessible(browser, "the sign-in page with its Microsoft button")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Sign in with Microsoft"))
    assert browser.current_url.startswith(provider.origin)
    browser.find_element(By.ID, "id_username").send_keys("teacher")
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form button[type=submit], form input[type=submit]"))
    assert browser.current_url.rstrip("/") == school.base
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Hello")
    [(target, details)] = audit(school, "sign_in.link_created")
    assert details["matched_by"] == "email address"
    assert any(d["method"] == "microsoft" for _, d in audit(school, "sign_in.succeeded"))

    # Signing out ends Steward's session and offers the provider's own.
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='Sign out']"))
    assert "You have signed out of Steward" in browser.page_source
    link = browser.find_element(By.PARTIAL_LINK_TEXT, "Sign out of Microsoft too")
    assert link.get_attribute("href").startswith(provider.origin)
    accessible(browser, "the signed-out page offering the provider's sign-out")
    click_and_wait(browser, link)
    browser.get(school.base + "/")
    assert "/login" in browser.current_url
    # The provider's session is over too: signing in again asks for the provider's password.
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Sign in with Microsoft"))
    assert browser.current_url.startswith(provider.origin)
    assert browser.find_elements(By.ID, "id_password")


# --- Tokens that must be refused ---

@pytest.mark.parametrize("claims, reason, words", [
    ({"tid": OTHER_TENANT}, "wrong_organisation", "does not belong to St Cleopas"),
    ({"tid": None}, "wrong_organisation", "does not belong to St Cleopas"),
    ({"exp_offset": -600}, "expired", "cannot trust"),
    ({"nonce": "a-nonce-from-another-sign-in"}, "wrong_nonce", "cannot trust"),
    ({"nonce": None}, "wrong_nonce", "cannot trust"),
    ({"aud": "another-application"}, "wrong_audience", "cannot trust"),
    ({"iss": "http://localhost:1/openid"}, "wrong_issuer", "cannot trust"),
    ({"preferred_username": None, "email_verified": False}, "unverified_email", "has not confirmed the email address"),
    ({"preferred_username": None}, "unverified_email", "has not confirmed the email address"),
    ({"preferred_username": "teacher_stcleopas.example.org#EXT#@school.onmicrosoft.com"}, "unverified_email",
     "has not confirmed the email address"),
    ({"sub": ""}, "no_subject", "cannot trust"),
])
def test_a_bad_token_is_refused_with_its_reason_and_signs_nobody_in(school, provider, claims, reason, words):
    user(provider, "someone", "teacher@stcleopas.example.org", **claims)
    session, response = provider_sign_in(school, provider, "someone")
    assert response.status_code in (400, 403), response.status_code
    assert words in message(response), message(response)
    assert refusals(school) == [reason]
    assert signed_in_as(school, session) is None
    assert audit(school, "sign_in.link_created") == []


def test_an_expired_token_one_minute_inside_the_allowed_skew_is_accepted(school, provider):
    user(provider, "teacher", "teacher@stcleopas.example.org", exp_offset=-30)
    session, response = provider_sign_in(school, provider, "teacher")
    assert response.status_code == 200 and signed_in_as(school, session).startswith("Hello"), message(response)


def test_a_replayed_code_signs_nobody_in(school, provider):
    user(provider, "teacher", "teacher@stcleopas.example.org")
    session, redirect = provider_sign_in(school, provider, "teacher", follow=False)
    callback = redirect.headers["Location"]
    first = session.get(callback, allow_redirects=False)
    assert first.status_code == 303
    assert signed_in_as(school, session).startswith("Hello")
    again = session.get(callback, allow_redirects=False)
    assert again.status_code == 400 and "has been used already" in message(again)
    elsewhere = requests.Session()
    stolen = elsewhere.get(callback, allow_redirects=False)
    assert stolen.status_code == 400
    assert signed_in_as(school, elsewhere) is None
    assert refusals(school) == ["request_unknown", "request_unknown"]


def test_a_callback_finished_in_another_browser_signs_nobody_in(school, provider):
    user(provider, "teacher", "teacher@stcleopas.example.org")
    session, redirect = provider_sign_in(school, provider, "teacher", follow=False)
    victim = requests.Session()
    response = victim.get(redirect.headers["Location"], allow_redirects=False)
    assert response.status_code == 400
    assert signed_in_as(school, victim) is None


def test_the_provider_rotating_its_keys_is_followed(school, provider):
    user(provider, "teacher", "teacher@stcleopas.example.org")
    session, response = provider_sign_in(school, provider, "teacher")
    assert signed_in_as(school, session).startswith("Hello")
    old = provider.kids()
    new = provider.rotate_keys()
    assert new not in old and provider.kids() == [new]
    session, response = provider_sign_in(school, provider, "teacher")
    assert signed_in_as(school, session).startswith("Hello"), message(response)
    assert refusals(school) == []


def test_nobody_is_created_by_signing_in(school, provider):
    user(provider, "stranger", "stranger@stcleopas.example.org")
    before = people_count(school)
    session, response = provider_sign_in(school, provider, "stranger")
    assert response.status_code == 403 and "has nobody at St Cleopas" in message(response)
    assert people_count(school) == before
    assert refusals(school) == ["no_such_person"]


def test_an_address_of_another_school_of_the_trust_does_not_link(school, provider):
    user(provider, "elsewhere", "teacher@holytrinity.example.org")
    session, response = provider_sign_in(school, provider, "elsewhere")
    assert response.status_code == 403
    assert refusals(school) == ["no_such_person"]


def deactivate(school, email):
    """The headteacher deactivates the person on their page, as when they leave."""
    with sqlite3.connect(school.data_dir / "steward.sqlite") as db:
        [(person_id,)] = db.execute("SELECT id FROM people WHERE email = ?", (email,)).fetchall()
    show = school.head.get(school.base + f"/people/{person_id}")
    response = school.head.post(school.base + f"/people/{person_id}/deactivate",
                                data={"_csrf": CSRF.search(show.text).group(1)}, allow_redirects=False)
    assert response.status_code == 303, response.status_code
    return person_id


def test_a_leaver_cannot_sign_in_whatever_the_provider_says(school, provider):
    user(provider, "volunteer", "volunteer@stcleopas.example.org", amr=["pwd", "mfa"])
    session, response = provider_sign_in(school, provider, "volunteer")
    assert signed_in_as(school, session).startswith("Hello")
    deactivate(school, "volunteer@stcleopas.example.org")
    assert signed_in_as(school, session) is None  # deactivation signed them out
    session, response = provider_sign_in(school, provider, "volunteer")
    assert response.status_code == 403 and "no longer active" in message(response)
    assert refusals(school) == ["leaver"]


def test_a_leaver_never_linked_cannot_link(school, provider):
    deactivate(school, "ta@stcleopas.example.org")
    user(provider, "ta", "ta@stcleopas.example.org")
    session, response = provider_sign_in(school, provider, "ta")
    assert response.status_code == 403
    assert refusals(school) == ["leaver"]


# --- A second factor for the roles that need one ---

@pytest.mark.parametrize("local", ["headteacher", "dsl", "hr", "chair", "governor", "trust.admin"])
def test_a_confidential_or_trust_given_role_is_never_linked_by_address(school, provider, local):
    """Whoever runs the school's provider could make an account with the headteacher's (or the trust
    administrator's) address: such people link only from their own account page, signed in."""
    email = f"{local}@emmaus.example.org" if local == "trust.admin" else f"{local}@stcleopas.example.org"
    user(provider, "imposter", email, amr=["pwd", "mfa"])
    session, response = provider_sign_in(school, provider, "imposter")
    assert response.status_code == 403 and "Link my Microsoft account" in message(response), message(response)
    assert signed_in_as(school, session) is None
    assert refusals(school) == ["link_from_account"]
    assert audit(school, "sign_in.link_created") == []


def test_the_headteacher_links_from_my_account_and_is_told_by_mail(school, provider):
    user(provider, "head", "headteacher@stcleopas.example.org", amr=["pwd", "mfa"])
    link_from_account(school, provider, school.head, "head")
    [(_, details)] = audit(school, "sign_in.link_created")
    assert details["matched_by"] == "signed-in person"
    with sqlite3.connect(school.data_dir / "steward.sqlite") as db:
        subjects = [row[0] for row in db.execute(
            "SELECT subject FROM outbox_messages WHERE recipient = 'headteacher@stcleopas.example.org'")]
    assert "Your Steward account is now linked to your Microsoft account" in subjects
    # Linked: My account says so and offers no second link; its address leads back there, not to the provider.
    page = school.head.get(school.base + "/account")
    assert "You sign in with your Microsoft account" in page.text and "/account/sign-in-link" not in page.text
    response = school.head.get(school.base + "/account/sign-in-link", allow_redirects=False)
    assert response.status_code == 303 and response.headers["Location"] == "/account"


def test_the_headteacher_with_the_providers_second_factor_is_signed_in(school, provider):
    user(provider, "head", "headteacher@stcleopas.example.org", amr=["pwd", "mfa"])
    link_from_account(school, provider, school.head, "head")
    session, response = provider_sign_in(school, provider, "head")
    assert signed_in_as(school, session).startswith("Hello")
    [(_, details)] = [entry for entry in audit(school, "sign_in.succeeded") if entry[1].get("method") == "microsoft"]
    assert details["provider_second_factor"] == "yes"


@pytest.mark.parametrize("methods", [None, ["pwd"], ["pwd", "rsa"], ["mfa-maybe"]])
def test_the_headteacher_without_it_is_still_asked_for_stewards_code(school, provider, methods):
    user(provider, "head", "headteacher@stcleopas.example.org", amr=methods)
    link_from_account(school, provider, school.head, "head")
    session, response = provider_sign_in(school, provider, "head")
    assert response.url.startswith(school.base + "/login/2fa"), response.url
    assert signed_in_as(school, session) is None
    account = school.account("st-cleopas", "headteacher")
    page = session.get(response.url)
    done = session.post(school.base + "/login/2fa", data={
        "_csrf": CSRF.search(page.text).group(1), "code": school.clock.code(account["totp_secret"]), "next": "/"},
        allow_redirects=False)
    assert done.status_code == 303
    assert signed_in_as(school, session).startswith("Hello")


def test_a_teacher_needs_no_second_factor(school, provider):
    user(provider, "teacher", "teacher@stcleopas.example.org", amr=["pwd"])
    session, response = provider_sign_in(school, provider, "teacher")
    assert signed_in_as(school, session).startswith("Hello")


# --- Passwords, links and settings ---

def test_passwords_can_be_turned_off_for_everyone_with_a_link(school, provider):
    user(provider, "teacher", "teacher@stcleopas.example.org")
    provider_sign_in(school, provider, "teacher")
    assert save_settings(school, school.head, provider.issuer, passwords_off=True, secret="").status_code == 303
    teacher = school.account("st-cleopas", "teacher")
    session = requests.Session()
    page = session.get(school.base + "/login")
    refused = session.post(school.base + "/login", data={
        "_csrf": CSRF.search(page.text).group(1), "email": teacher["email"], "password": teacher["password"]},
        allow_redirects=False)
    assert refused.status_code == 403 and "signs you in with Microsoft" in refused.text
    assert signed_in_as(school, session) is None
    # Someone who has never used the school's account keeps their password.
    password_sign_in(school.base, school.account("st-cleopas", "ta"), school.clock)
    # The saved secret was kept (an empty field keeps it): signing in with the provider still works.
    session, response = provider_sign_in(school, provider, "teacher")
    assert signed_in_as(school, session).startswith("Hello"), message(response)


def test_the_link_is_removed_from_the_persons_page_and_made_again_next_time(school, provider):
    user(provider, "teacher", "teacher@stcleopas.example.org")
    provider_sign_in(school, provider, "teacher")
    [(target, _)] = audit(school, "sign_in.link_created")
    person_id = target.split(":")[1]
    page = school.head.get(school.base + f"/people/{person_id}")
    assert "Microsoft account, linked" in page.text
    removed = school.head.post(school.base + f"/people/{person_id}/sign-in-link/remove",
                               data={"_csrf": CSRF.search(page.text).group(1)}, allow_redirects=False)
    assert removed.status_code == 303
    assert "Not linked" in school.head.get(school.base + f"/people/{person_id}").text
    assert len(audit(school, "sign_in.link_removed")) == 1
    session, response = provider_sign_in(school, provider, "teacher")
    assert signed_in_as(school, session).startswith("Hello")
    assert len(audit(school, "sign_in.link_created")) == 2


def test_a_google_school_refuses_another_domain(school, provider):
    assert save_settings(school, school.head, provider.issuer, kind="google",
                         organisation="stcleopas.example.org", secret="").status_code == 303
    provider.add_user("g-other", PASSWORD, "teacher@stcleopas.example.org",
                      {"hd": "other.example.org", "email_verified": True})
    provider.add_user("g-none", PASSWORD, "teacher@stcleopas.example.org", {"email_verified": True})
    provider.add_user("g-unverified", PASSWORD, "teacher@stcleopas.example.org", {"hd": "stcleopas.example.org"})
    provider.add_user("g-good", PASSWORD, "teacher@stcleopas.example.org",
                      {"hd": "stcleopas.example.org", "email_verified": "true"})
    for name in ("g-other", "g-none", "g-unverified"):
        session, response = provider_sign_in(school, provider, name)
        assert response.status_code == 403 and signed_in_as(school, session) is None
    assert refusals(school) == ["wrong_organisation", "wrong_organisation", "unverified_email"]
    session, response = provider_sign_in(school, provider, "g-good")
    assert signed_in_as(school, session).startswith("Hello"), message(response)


@pytest.mark.parametrize("field, value, words", [
    ("organisation", "not-a-tenant", "directory (tenant) id"),
    ("organisation", "", "directory (tenant) id"),
    ("client_id", "", "client (application) id"),
    ("client_id", "has space", "no spaces"),
    ("issuer", "ftp://localhost/openid", "https address"),
    ("issuer", "http://localhost:1/openid", "could not read the provider"),
])
def test_settings_refuse_what_cannot_work_and_change_nothing(school, provider, field, value, words):
    before = len(audit(school, "sign_in.settings_changed"))
    arguments = {"organisation": TENANT, "client_id": CLIENT_ID, "issuer": provider.issuer}
    arguments[field] = value
    response = save_settings(school, school.head, arguments["issuer"], organisation=arguments["organisation"],
                             client_id=arguments["client_id"], secret="")
    assert response.status_code == 400 and words in response.text
    assert len(audit(school, "sign_in.settings_changed")) == before


def test_the_settings_are_the_headteachers_and_the_secret_never_comes_back(school, provider):
    page = school.head.get(school.base + "/settings/sign-in")
    assert CLIENT_SECRET not in page.text and "A secret is saved" in page.text
    with sqlite3.connect(school.data_dir / "steward.sqlite") as db:
        assert CLIENT_SECRET not in json.dumps(db.execute("SELECT * FROM sign_in_providers").fetchall())
    for _, details in audit(school, "sign_in.settings_changed"):
        assert CLIENT_SECRET not in json.dumps(details)
    teacher = password_sign_in(school.base, school.account("st-cleopas", "teacher"), school.clock)
    assert teacher.get(school.base + "/settings/sign-in", allow_redirects=False).status_code == 403


# --- The case page's step-up, confirmed at the provider ---

def step_up_at_provider(school, provider, session, name):
    """Follows "Confirm with Microsoft" on the step-up page and signs in at the provider again."""
    page = session.get(school.base + "/step-up?next=/concerns")
    link = re.search(r'href="(/step-up/with-provider\?next=[^"]+)"', page.text)
    assert link, "no Confirm with Microsoft on the step-up page"
    response = session.get(school.base + link.group(1).replace("&amp;", "&"), allow_redirects=False)
    assert response.status_code == 303
    assert "prompt=login" in response.headers["Location"] and "max_age=0" in response.headers["Location"]
    return provider.sign_in(session, response.headers["Location"], name, PASSWORD)


def test_the_step_up_is_confirmed_at_the_provider_with_its_second_factor(school, provider):
    user(provider, "head", "headteacher@stcleopas.example.org", amr=["pwd", "mfa"])
    link_from_account(school, provider, school.head, "head")
    session, _ = provider_sign_in(school, provider, "head")
    assert signed_in_as(school, session).startswith("Hello")
    response = step_up_at_provider(school, provider, session, "head")
    assert response.status_code == 200 and response.url == school.base + "/concerns", response.url
    assert [d["method"] for _, d in audit(school, "step_up.succeeded")] == ["microsoft"]


def test_a_step_up_without_the_providers_second_factor_is_refused(school, provider):
    user(provider, "head", "headteacher@stcleopas.example.org", amr=["pwd", "mfa"])
    link_from_account(school, provider, school.head, "head")
    session, _ = provider_sign_in(school, provider, "head")
    provider.set_claims("head", {"tid": TENANT, "preferred_username": "headteacher@stcleopas.example.org",
                                 "amr": ["pwd"]})
    response = step_up_at_provider(school, provider, session, "head")
    assert response.status_code == 403 and "did not ask you to confirm it is you" in response.text
    assert audit(school, "step_up.succeeded") == []
    assert refusals(school) == ["not_recent"]


def test_a_step_up_with_someone_elses_account_is_refused(school, provider):
    user(provider, "head", "headteacher@stcleopas.example.org", amr=["pwd", "mfa"])
    user(provider, "dsl", "dsl@stcleopas.example.org", amr=["pwd", "mfa"])
    link_from_account(school, provider, school.head, "head")
    session, _ = provider_sign_in(school, provider, "head")
    # The safeguarding lead links their own account in another browser.
    other = password_sign_in(school.base, school.account("st-cleopas", "dsl"), school.clock)
    link_from_account(school, provider, other, "dsl")
    # At the provider, the headteacher's browser signs in as the safeguarding lead.
    response = step_up_at_provider(school, provider, session, "dsl")
    assert response.status_code == 403 and "is not the one linked to you" in response.text
    assert audit(school, "step_up.succeeded") == []
    assert refusals(school) == ["other_account"]


def test_the_pages_of_a_linked_headteacher_are_accessible_and_fit_a_phone(school, provider, browser):
    user(provider, "head", "headteacher@stcleopas.example.org", amr=["pwd", "mfa"])
    link_from_account(school, provider, school.head, "head")
    browser.get(school.base + "/login")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Sign in with Microsoft"))
    browser.find_element(By.ID, "id_username").send_keys("head")
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form button[type=submit], form input[type=submit]"))
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Hello")
    [(target, _)] = audit(school, "sign_in.link_created")
    browser.get(school.base + "/account")
    accessible(browser, "My account with the school account linked")
    browser.set_window_size(360, 800)
    for path, where in [("/settings/sign-in", "the sign-in settings"),
                        (f"/people/{target.split(':')[1]}", "a linked person's page"),
                        ("/step-up?next=/concerns", "the step-up page offering Microsoft")]:
        browser.get(school.base + path)
        accessible(browser, where)
        fits_the_phone(browser, where)
    assert browser.find_element(By.PARTIAL_LINK_TEXT, "Confirm with Microsoft")
    # The settings form with every field wrong at once.
    browser.get(school.base + "/settings/sign-in")
    for field in ("organisation", "clientID"):
        browser.find_element(By.ID, field).clear()
    browser.find_element(By.ID, "organisation").send_keys("not a tenant")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.stack button[type=submit]"))
    assert browser.find_element(By.CSS_SELECTOR, ".error-summary").is_displayed()
    accessible(browser, "the sign-in settings with errors")
    fits_the_phone(browser, "the sign-in settings with errors")


def test_a_provider_that_waves_the_browser_through_does_not_reopen_confidential_records(school, provider):
    """The provider says a second factor was used, but an hour ago: signed in, but the 15-minute window is shut."""
    user(provider, "head", "headteacher@stcleopas.example.org", amr=["pwd", "mfa"])
    link_from_account(school, provider, school.head, "head")
    provider.set_claims("head", {"tid": TENANT, "preferred_username": "headteacher@stcleopas.example.org",
                                 "amr": ["pwd", "mfa"], "auth_time": int(__import__("time").time()) - 3600})
    session, response = provider_sign_in(school, provider, "head")
    assert signed_in_as(school, session).startswith("Hello")
    with sqlite3.connect(school.data_dir / "steward.sqlite") as db:
        windows = [row[0] for row in db.execute(
            "SELECT second_factor_at FROM browser_sessions ORDER BY created_at DESC LIMIT 1")]
    assert windows == [None]


def test_the_next_person_in_the_browser_is_not_offered_the_last_ones_provider_sign_out(school, provider):
    user(provider, "teacher", "teacher@stcleopas.example.org")
    session, _ = provider_sign_in(school, provider, "teacher")
    assert "steward_provider_session" in session.cookies.get_dict()
    ta = school.account("st-cleopas", "ta")
    page = session.get(school.base + "/login")
    session.post(school.base + "/login", data={"_csrf": CSRF.search(page.text).group(1), "email": ta["email"],
                                               "password": ta["password"]})
    assert "steward_provider_session" not in session.cookies.get_dict()
    home = session.get(school.base + "/")
    out = session.post(school.base + "/logout", data={"_csrf": CSRF.search(home.text).group(1)})
    assert "You have signed out of Steward" in out.text and "Sign out of Microsoft" not in out.text


def test_a_school_that_turned_passwords_off_takes_no_password_to_confirm_either(school, provider):
    user(provider, "teacher", "teacher@stcleopas.example.org")
    provider_sign_in(school, provider, "teacher")
    assert save_settings(school, school.head, provider.issuer, passwords_off=True, secret="").status_code == 303
    session, _ = provider_sign_in(school, provider, "teacher")
    teacher = school.account("st-cleopas", "teacher")
    page = session.get(school.base + "/account")
    response = session.post(school.base + "/account/tokens", data={
        "_csrf": CSRF.search(page.text).group(1), "name": "laptop", "days": "30", "current": teacher["password"]})
    assert response.status_code == 400 and "signs you in with Microsoft" in response.text
    with sqlite3.connect(school.data_dir / "steward.sqlite") as db:
        assert db.execute("SELECT count(*) FROM api_tokens").fetchone()[0] == 0


def test_one_address_cannot_begin_sign_ins_without_end(school, provider):
    """A script asking for sign-in after sign-in from one address stops at 30 under way; nobody else is held up."""
    session = requests.Session()
    page = session.get(school.base + "/login")
    start_path = re.search(r'<a class="button" href="(/login/with/[^"]+)"', page.text).group(1).replace("&amp;", "&")
    answers = [session.get(school.base + start_path, allow_redirects=False).status_code for _ in range(31)]
    assert answers == [303] * 30 + [429]
    with sqlite3.connect(school.data_dir / "steward.sqlite") as db:
        assert db.execute("SELECT count(*) FROM sign_in_requests").fetchone()[0] == 30


def test_a_link_made_by_address_ends_when_the_person_is_given_a_confidential_role(school, provider):
    user(provider, "teacher", "teacher@stcleopas.example.org", amr=["pwd", "mfa"])
    session, _ = provider_sign_in(school, provider, "teacher")
    assert signed_in_as(school, session).startswith("Hello")
    # The trust makes the teacher the designated safeguarding lead.
    with sqlite3.connect(school.data_dir / "steward.sqlite") as db:
        person_id, school_id = db.execute(
            "SELECT id, school_id FROM people WHERE email = 'teacher@stcleopas.example.org'").fetchone()
        trust_id = db.execute("SELECT trust_id FROM schools WHERE id = ?", (school_id,)).fetchone()[0]
        db.execute("INSERT INTO role_assignments (id, person_id, trust_id, school_id, role) VALUES (?, ?, ?, ?, ?)",
                   (str(__import__("uuid").uuid4()).upper(), person_id, trust_id, school_id, "safeguarding_lead"))
    session, response = provider_sign_in(school, provider, "teacher")
    assert response.status_code == 403 and "Link my Microsoft account" in message(response)
    assert signed_in_as(school, session) is None
    assert refusals(school) == ["link_from_account"]
    assert [d.get("reason") for _, d in audit(school, "sign_in.link_removed")] == [
        "a role that is linked only from the account page"]


def test_linking_from_my_account_needs_a_sign_in_at_the_provider_just_now(school, provider):
    user(provider, "head", "headteacher@stcleopas.example.org", amr=["pwd", "mfa"],
         auth_time=int(__import__("time").time()) - 3600)
    response = school.head.get(school.base + "/account/sign-in-link", allow_redirects=False)
    done = provider.sign_in(school.head, response.headers["Location"], "head", PASSWORD)
    assert done.status_code == 403 and "did not ask you to confirm" in done.text
    assert audit(school, "sign_in.link_created") == []
    assert refusals(school) == ["not_recent"]


def test_someone_without_two_factor_sign_in_is_not_offered_a_link_from_my_account(school, provider):
    ta = password_sign_in(school.base, school.account("st-cleopas", "ta"), school.clock)
    page = ta.get(school.base + "/account")
    assert "/account/sign-in-link" not in page.text and "links it to you by your email address" in page.text
    response = ta.get(school.base + "/account/sign-in-link", allow_redirects=False)
    assert response.status_code == 303 and response.headers["Location"] == "/account/two-factor"
