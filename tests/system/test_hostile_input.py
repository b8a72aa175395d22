"""Issue 15, item 2: a hostile-input sweep against the real binary.

Signed in as every role of the demo school (and the trust administrator), every form on every page the role
reaches from its home and navigation is submitted with one field hostile and the rest valid, then each field
omitted, duplicated, and sent as an array or an object; every field of the JSON API gets the same and wrong types,
with a token of each role. No answer may be a 5xx or show internals; a refused one must have written nothing (the
SQLite database and the data directory are compared before and after); an accepted one must have stored the value
as given or as a clear normalisation. Afterwards every page each role reaches is rendered in Chromium with a
Content-Security-Policy report collector running: no report, no alert, no script of ours run.

Search and filter forms (GET) are swept the same way, and what they show back is rendered too. The forms of someone
not signed in (sign-in, its code page, forgotten password, a live password-reset link, a policy link) and the
step-up page are swept with another school's accounts, so that the throttle a wrong code trips stays off the
accounts the sweep uses.

Short tier (scripts/test): a fixed, seeded sample that touches every field and every role with several string
categories. Long tier (`STEWARD_LONG=1`): the full cross product of strings, fields and roles. The figures are
printed at the end of each run, and written to $STEWARD_HOSTILE_FIGURES when it is set; $STEWARD_HOSTILE_TRACE
names a file to get one line per request and finding; $STEWARD_HOSTILE_SEED changes the short tier's sample."""
import concurrent.futures
import json
import os
import random
import re
import shutil
import threading
import time
import urllib.parse
from types import SimpleNamespace

import pytest
import requests

from conftest import Server, run_steward
from hostile_crawl import (ROLES, CSRF, TwoFactorClock, crawl, heading, pattern_of, read_forms, sign_in, step_up)
from hostile_strings import CATEGORIES, JSON_WRONG_TYPES, STRINGS, as_text
from hostile_sweep import (CSPCollector, Finding, Ledger, Store, check_answer, describe_report, form_body,
                           json_dumps_with_bytes, multipart_body, stored_forms, AUDIT_ON_REFUSAL)

LONG = os.environ.get("STEWARD_LONG", "") not in ("", "0")
SEED = int(os.environ.get("STEWARD_HOSTILE_SEED", "15"))
# The short tier: strings per field, each from a different category (one always markup, to be rendered later).
SHORT_STRINGS_PER_FIELD = 3

POLICY_MD = """# Hostile Sweep Policy

### 1. Introduction

- 1.1 Staff read this policy.
- 1.2 Staff follow this policy.
"""
STAFF_CSV = ("Legal Surname,Legal Forename,Work Email,Staff Type,Job Title,Start Date,Leaving Date,"
             "Line Manager Email\r\n"
             "Sweep,{value},hostile.import{n}@stcleopas.example.org,Teacher,Teacher,2024-09-01,,\r\n")
PUPILS_CSV = ("UPN,Legal Forename,Preferred Forename,Legal Surname,Date of Birth,Year Group,Class,Photo In School,"
              "Photo On Website,Photo On Social Media,Name On Social Media\r\n"
              ",{value},,Sweep{n},12/03/2016,4,Oak,yes,yes,yes,no\r\n")
PNG_1x1 = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8cf"
                        "c0000003010100c9fe92ef0000000049454e44ae426082")

# Forms the sweep does not submit, and why (reported at the end of the run).
SKIPPED_ACTIONS = {
    "/logout": "ends the session the sweep is signed in with",
    "/account/two-factor/disable": "would remove the role's second factor, so the sweep could not step up again",
}
# Forms on a person's page, when the person is one the sweep signs in as (the sacrificial person's are swept).
PERSON_ACTIONS = re.compile(
    r"^/people/([0-9A-Fa-f-]{36})(/(edit|deactivate|reactivate|password-link|two-factor-reset))?$")
# Swept last: they retire, remove or move records that other forms are found on.
LAST = re.compile(r"/(retire|remove|deactivate|withdraw|discard|publish|apply|cancel|close|state|two-factor-reset)$")


def csrf_of(html_text):
    found = CSRF.search(html_text)
    return found.group(1) if found else ""


def account_of(accounts, local, school="stcleopas"):
    email = local + ("@emmaus.example.org" if local == "trust.admin" else f"@{school}.example.org")
    return next(a for a in accounts["accounts"] if a["email"] == email)


def new_chromium():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,900", "--no-first-run", "--disable-extensions"):
        options.add_argument(argument)
    options.set_capability("unhandledPromptBehavior", "ignore")
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    return driver


@pytest.fixture(scope="module")
def chromium():
    driver = new_chromium()
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def sweep(demo_dir, tmp_path_factory, request):
    source, accounts = demo_dir
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(source, data)
    collector = CSPCollector()
    tokens = {}
    # Behind a proxy on loopback, each try from its own address (X-Forwarded-For, 127.x.y.z): the address
    # throttle holds every password or code check from an address with 10 recent failures back by up to 8 s, as
    # designed, which would make the sweep's thousands of wrong passwords take hours. The per-account limit stands.
    server = Server(data, accounts, env={"STEWARD_CSP_REPORT_URI": collector.url,
                                         "STEWARD_TRUSTED_PROXIES": "127.0.0.1"}, args=("--no-jobs",))
    clock = TwoFactorClock()
    state = SimpleNamespace(
        server=server, base=server.base, data=data, accounts=accounts, collector=collector, clock=clock,
        tokens=tokens, store=Store(data), ledger=Ledger(data / "server.log"), sessions={}, crawls={},
        sacrificial=None, anonymous=None, renew={}, reflected=[], discovered=[], counter=[0], started=time.time())
    try:
        for role in ROLES:
            state.sessions[role] = sign_in(server.base, account_of(accounts, role), clock)
        yield state
    finally:
        ledger = state.ledger
        lines = [f"hostile-input sweep ({'long' if LONG else 'short'} tier, seed {SEED}): {ledger.figures()}",
                 f"  answers: {dict(sorted(ledger.outcomes.items()))}",
                 f"  findings by kind: {dict(ledger.by_kind)}",
                 f"  took {time.time() - state.started:.0f} s"]
        lines.append(f"  accepted and not found stored as given: {len(ledger.not_stored)}")
        lines += ["    " + line for line in ledger.not_stored[:40]]
        for action, reason in sorted(ledger.skipped.items()):
            lines.append(f"  skipped {action}: {reason}")
        capture = request.config.pluginmanager.getplugin("capturemanager")
        with capture.global_and_fixture_disabled():
            print()
            for line in lines:
                print(line)
        if os.environ.get("STEWARD_HOSTILE_FIGURES"):
            with open(os.environ["STEWARD_HOSTILE_FIGURES"], "a") as out:
                out.write("\n".join(lines) + "\n")
        server.stop()
        collector.stop()


def next_number(state):
    state.counter[0] += 1
    return state.counter[0]


# ---------------------------------------------------------------------------------------------------------------
# Valid values around the hostile one


def baseline_values(state, role, form):
    """The value each field gets when it is not the one under test: what the page shows, or a valid value where the
    page leaves a required choice or a unique field open. Answers {name: value}; a list for a group of boxes, a
    (filename, content, type) for a file, None for nothing sent."""
    action = pattern_of(urllib.parse.urlsplit(form.action).path)
    password = account_of(state.accounts, role)["password"] if role in ROLES else ""
    values = {}
    for f in form.fields:
        value = f.default
        if f.kind == "radio" and value is None and f.options:
            value = f.options[0]
        if f.kind == "checkbox" and value is None:
            value = []
        values[f.name] = value
    n = next_number(state)
    special = {
        ("/account/tokens", "current"): password,
        ("/account/tokens", "name"): "Hostile sweep token",
        ("/account/password", "current"): password,
        ("/account/password", "password"): password,
        ("/account/password", "confirm"): password,
        ("/account/recovery-codes", "current"): password,
        ("/policies", "text"): POLICY_MD,
        ("/posts", "text"): "Sports day was great fun for everyone. Thank you to all who came.",
        ("/posts/:id", "text"): "Sports day was great fun for everyone. Thank you to all who came.",
        ("/declarations", "party"): "other",
        ("/declarations", "name"): "A neighbour",
        ("/declarations", "nature"): "neighbour",
        ("/declarations", "since"): "2020-05",
        ("/people", "email"): f"hostile.person{n}@stcleopas.example.org",
        ("/people", "forename"): "Hostile",
        ("/people", "surname"): f"Person {n}",
        ("/accounts", "handle"): f"Hostile sweep account {n}",
        ("/accounts", "address"): f"https://www.facebook.com/hostile{n}",
        ("/concerns", "what_happened"): "A parent sent me a message on Instagram about their child.",
        ("/concerns", "involved"): "parent",
        ("/concerns", "platform"): "Instagram",
        ("/people/import", "file"): ("staff.csv", STAFF_CSV.format(value="Hostile", n=n).encode(), "text/csv"),
        ("/pupils/import", "file"): ("pupils.csv", PUPILS_CSV.format(value="Hostile", n=n).encode(), "text/csv"),
        ("/login", "email"): "hostile.sweep@stcleopas.example.org",
        ("/login", "password"): "not the password",
        ("/password/forgot", "email"): "hostile.sweep@stcleopas.example.org",
        ("/password/reset", "password"): "a hostile sweep passphrase 2026",
        ("/password/reset", "confirm"): "a hostile sweep passphrase 2026",
    }
    for (where, name), value in special.items():
        if where == action and name in values:
            values[name] = value
    # A post must go to at least one account; a person's edit keeps its own values.
    if action == "/posts" and values.get("accounts[]") == [] and form.field("accounts[]").options:
        values["accounts[]"] = [form.field("accounts[]").options[0]]
    return values


def file_for(action, name, value, n):
    """A file field's hostile try: the hostile value as the file's name, and inside the file where it is a CSV."""
    text = as_text(value)
    if action == "/people/import":
        return (value, STAFF_CSV.format(value=text.replace(",", " "), n=n).encode("utf-8", "surrogatepass"), "text/csv")
    if action == "/pupils/import":
        return (value, PUPILS_CSV.format(value=text.replace(",", " "), n=n).encode("utf-8", "surrogatepass"),
                "text/csv")
    if action == "/policies":
        return (value, POLICY_MD.replace("Sweep", text[:200]).encode("utf-8", "surrogatepass"), "text/markdown")
    return (value, PNG_1x1, "image/png")


# Fields a valid baseline makes the server ignore, by design (so an accepted hostile value is not stored):
READ_ONLY_WITH_BASELINE = [
    # The review date is kept only for a "plan" outcome; the baseline outcome is the first option.
    r"POST /declarations/:id/outcome as \S+, field reviewOn$",
    # The colleague is read only when the report is about a colleague; the baseline is about a parent.
    r"POST /concerns as \S+, field colleague$",
]

STRUCTURAL = ["omitted", "duplicated", "as array", "as object"]


def encode_try(form, values, target, variant, value, n):
    """The pairs and files of one submission: `target` gets the variant (a hostile value, or a structural change)."""
    action = pattern_of(urllib.parse.urlsplit(form.action).path)
    pairs, files = [], []
    for f in form.fields:
        name = f.name
        current = values.get(name)
        if name == target:
            if variant == "omitted":
                continue
            if variant == "string":
                if f.kind == "file":
                    files.append((name, *file_for(action, name, value, n)))
                    continue
                current = [value] if isinstance(current, list) else value
            elif variant == "duplicated":
                if f.kind == "file":
                    if current:
                        files.extend([(name, *current), (name, *current)])
                    continue
                if isinstance(current, list):
                    current = (current or f.options[:1]) * 2
                else:
                    current = [current if current is not None else ""] * 2
            elif variant in ("as array", "as object"):
                suffix = "[]" if variant == "as array" else "[hostile]"
                if f.kind == "file":
                    if current:
                        files.append((name + suffix, *current))
                    continue
                base = name[:-2] if name.endswith("[]") else name
                items = current if isinstance(current, list) else [current if current is not None else ""]
                for item in items or [""]:
                    pairs.append((base + ("[0]" if name.endswith("[]") and variant == "as array" else "") + suffix,
                                  item))
                continue
        if current is None:
            continue
        if f.kind == "file":
            files.append((name, *current))
        elif isinstance(current, list):
            pairs.extend((name, item) for item in current)
        else:
            pairs.append((name, current))
    # The default submit button, when it carries a name.
    for name, value_, _ in form.buttons[:1]:
        if name and not any(p[0] == name for p in pairs) and name != target:
            pairs.append((name, value_))
    return pairs, files


def send(state, session, form, pairs, files, raw_bytes=True):
    url = state.base + form.action
    if form.method == "get":
        # A search or filter form: the fields go in the query string (a bytes value %-escaped as it is).
        query = form_body(pairs, raw_bytes=False).decode("ascii")
        url = state.base + urllib.parse.urlsplit(form.action).path + ("?" + query if query else "")
        state.ledger.requests += 1
        response = session.get(url, allow_redirects=False, timeout=120)
        response.sent_url = url
        return response
    if form.enctype.startswith("multipart") or files:
        body, content_type = multipart_body(pairs, files)
    else:
        body, content_type = form_body(pairs, raw_bytes=raw_bytes), "application/x-www-form-urlencoded"
    state.ledger.requests += 1
    n = next_number(state)
    address = f"127.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255 or 1}"
    return session.post(url, data=body, headers={"Content-Type": content_type, "Referer": state.base + form.page,
                                                 "X-Forwarded-For": address},
                        allow_redirects=False, timeout=120)


class NoAnswer:
    """What stands for an answer when the server closed the connection without one."""
    status_code = 0
    content = b""
    text = ""
    headers = {}
    sent_url = ""

    class elapsed:
        @staticmethod
        def total_seconds():
            return 0.0


def attempt(state, where, what, request):
    """Makes the request; a connection closed without an answer is a finding (and the server must still be up)."""
    try:
        return request()
    except requests.exceptions.ConnectionError as error:
        alive = state.server.process.poll() is None
        # A request head over the HTTP parser's limit (SwiftNIO's llhttp: 80 kB for the request line and headers)
        # is refused by closing the connection before Steward sees it: what it can do, since no page or API field
        # is read from an address that long (Steward answers 414 from 2,049 bytes up to that limit).
        url = getattr(getattr(error, "request", None), "url", "") or ""
        if alive and len(url.encode()) > 80 * 1024 - 4096:
            return NoAnswer()
        state.ledger.add(Finding("no-answer" if alive else "crash", where, what,
                                 f"the connection was closed without an answer ({error.__class__.__name__}); "
                                 f"the server is {'still up' if alive else 'gone'}", state.ledger.new_log_lines()))
        assert alive, f"the server died at {where}: {what}"
        return NoAnswer()


def outcome_of(response, signed_in=True):
    if response.status_code >= 400:
        return "refused"
    if 300 <= response.status_code < 400:
        location = response.headers.get("Location", "")
        if location.startswith("/login") and signed_in:
            return "signed-out"
        if location.startswith("/step-up"):
            return "refused"
        return "accepted"
    body = response.text
    if "error-summary" in body or 'class="error' in body:
        return "refused"
    return "accepted"


def judge_write(state, where, what, outcome, before, after, value=None, target_kind=None, options=None):
    """A refused answer wrote nothing; an accepted hostile value is stored as given or as a clear normalisation;
    a choice (radio, list, box) accepted with a value that is none of its options is reported too."""
    ledger, store = state.ledger, state.store
    tables, audit, files = store.changed(before, after)
    if (outcome == "accepted" and value is not None and options and tables
            and target_kind in ("radio", "select", "checkbox", "select-multiple")
            and not (target_kind == "checkbox" and len(options) == 1)  # a lone box: sent at all means ticked
            and not any(re.search(pattern, where) for pattern in READ_ONLY_WITH_BASELINE)
            and as_text(value).strip()  # an empty choice is no choice, which an optional question allows
            and as_text(value).strip() not in options):
        ledger.add(Finding("off-list", where, what, f"accepted a value that is none of the options {options[:8]}; "
                                                    f"changed {tables}"))
    if outcome in ("refused", "signed-out", "read"):
        writes = [e for e in audit if not AUDIT_ON_REFUSAL.search(e["action"])]
        if tables or writes or files:
            ledger.add(Finding("half-write", where, what,
                               f"refused, yet changed tables {tables}, audit {[e['action'] for e in writes]}, "
                               f"files {files}", ledger.last_log))
        return
    # Choices (a hidden id, a radio, a list) are checked against their options, not stored as typed; a password is
    # kept as a hash; a file's name is made safe and its content parsed; an extra JSON field is not read at all.
    if value is None or target_kind in ("hidden", "radio", "select", "checkbox", "select-multiple", "button",
                                        "password", "file", "extra"):
        return
    needles = stored_forms(value)
    if not needles or not tables:
        return
    if any(re.search(pattern, where) for pattern in READ_ONLY_WITH_BASELINE):
        return
    if not store.rows_containing(tables, needles, before):
        ledger.not_stored.append(f"{where}: {what}")
        ledger.add(Finding("not-stored", where, what, f"accepted; changed {tables}, but the value is not there, "
                                                      "as given or normalised"))


def refresh_form(state, role, form):
    """The form as the page shows it now (its values may have changed); the one known before if it is gone."""
    session = state.sessions[role]
    page = session.get(state.base + form.page, allow_redirects=False, timeout=60)
    state.ledger.requests += 1
    if page.status_code != 200:
        return form
    forms, _ = read_forms(urllib.parse.urlsplit(form.page).path, page.text)
    for candidate in forms:
        if candidate.key == form.key:
            candidate.role = role
            return candidate
    # The page no longer shows this form (e.g. a post already approved): post the old one, with a fresh token.
    token = csrf_of(page.text)
    if token:
        for f in form.fields:
            if f.name == "_csrf":
                f.default = token
    return form


def sweep_form(state, role, form, tries):
    """Submits `form` as `role` once per try: (field name, variant, category, name, value)."""
    ledger = state.ledger
    account = account_of(state.accounts, role) if role in ROLES else None
    action = pattern_of(urllib.parse.urlsplit(form.action).path)
    current = refresh_form(state, role, form) if role in state.sessions else form
    for target, variant, category, string_name, value in tries:
        n = next_number(state)
        values = baseline_values(state, role, current)
        pairs, files = encode_try(current, values, target, variant, value, n)
        raw = not string_name.endswith("(%-escaped)")
        label = f"{variant}" if variant != "string" else f"{category}/{string_name}"
        where = f"{current.method.upper()} {action} as {role}, field {target}"
        what = label + (f" = {as_text(value)[:80]!r}" if variant == "string" else "")
        session = state.sessions.get(role) or state.anonymous
        before = state.store.snapshot()
        response = attempt(state, where, what, lambda: send(state, session, current, pairs, files, raw_bytes=raw))
        if isinstance(response, NoAnswer) and current.method == "get":
            response.sent_url = "/"
        outcome = outcome_of(response, account is not None) if response.status_code else "refused"
        if response.status_code == 403 and heading(response.text) == "Confirm it is you" and account:
            # The 15-minute window passed (long tier): enter a code as a person would, then send it again.
            step_up(state.base, session, account, state.clock)
            before = state.store.snapshot()
            response = attempt(state, where, what, lambda: send(state, session, current, pairs, files,
                                                                raw_bytes=raw))
            outcome = outcome_of(response, account is not None) if response.status_code else "refused"
        after = state.store.snapshot()
        if current.method == "get":
            # A GET writes nothing but the audit of a read; what it reflects is rendered in Chromium later.
            outcome = "read"
            if variant == "string" and category in ("markup", "attribute", "url", "template", "unicode"):
                state.reflected.append((role, response.sent_url[len(state.base):]))
        ledger.outcomes[outcome] += 1
        ledger.tried(label, (action, target), role)
        check_answer(ledger, response, where, what)
        target_field = current.field(target)
        kind = target_field.kind if target_field else "button"
        judge_write(state, where, what, outcome, before, after, value if variant == "string" else None, kind,
                    target_field.options if target_field else None)
        if outcome == "signed-out" and account:
            ledger.add(Finding("signed-out", where, what, f"the answer ended the session: {response.headers}"))
            state.sessions[role] = sign_in(state.base, account, state.clock)
            current = refresh_form(state, role, form)
        elif outcome == "accepted" and role in state.sessions:
            current = refresh_form(state, role, form)
        if response.status_code == 200 and outcome in ("accepted", "read") and role in state.sessions:
            # A form that only an answer shows (an import's preview, a self-check's questions): sweep it next round.
            page = urllib.parse.urlsplit(getattr(response, "sent_url", "") or form.page)
            for found in read_forms(page.path, response.text)[0]:
                found.role, found.page = role, page.path + ("?" + page.query if page.query else "")
                state.discovered.append((role, found))
        elif response.status_code == 410 and action in state.renew:
            # A link used once is gone (a password reset): ask for a new one, so the other fields meet a live link.
            current = state.renew[action]() or current


def plan_tries(form, rng, roles_reaching, long):
    """[(role, field, variant, category, string name, value)] for one form."""
    by_category = {}
    for category, name, value in STRINGS:
        by_category.setdefault(category, []).append((name, value))
    fields = [f.name for f in form.fields] + [name for name, _, _ in form.buttons[1:] if name]
    plan = []
    for index, target in enumerate(dict.fromkeys(fields)):
        if long:
            for role in roles_reaching:
                for category, name, value in STRINGS:
                    plan.append((role, target, "string", category, name, value))
                    if isinstance(value, bytes):
                        plan.append((role, target, "string", category, name + " (%-escaped)", value))
                for variant in STRUCTURAL:
                    plan.append((role, target, variant, "", variant, None))
            continue
        categories = ["markup"] + rng.sample([c for c in CATEGORIES if c != "markup"], SHORT_STRINGS_PER_FIELD - 1)
        chosen = [(c, *rng.choice(by_category[c])) for c in categories]
        variants = [("string", *c) for c in chosen] + [(v, "", v, None) for v in STRUCTURAL]
        for i, (variant, category, name, value) in enumerate(variants):
            role = roles_reaching[(index + i) % len(roles_reaching)]
            plan.append((role, target, variant, category, name, value))
    return plan


def collect_forms(state, extra_pages=()):
    """Each role's crawl; the forms by their shape, with the roles that reach each."""
    reached = {}
    for role in ROLES:
        result = crawl(state.base, state.sessions[role], role, limit_pages=200 if LONG else 120,
                       per_pattern=3 if LONG else 2, start=["/", *extra_pages])
        state.crawls[role] = result
        state.ledger.requests += len(result.pages)
        for form in result.forms:
            if allowed(state, form):
                reached.setdefault(form.key, []).append((role, form))
    for role, form in state.discovered:
        if form.method in ("get", "post") and allowed(state, form):
            if all(r != role for r, _ in reached.get(form.key, [])):
                reached.setdefault(form.key, []).append((role, form))
    return reached


def allowed(state, form):
    """Whether the sweep may submit `form`; a form it may not is noted with the reason."""
    action = urllib.parse.urlsplit(form.action).path
    if action in SKIPPED_ACTIONS:
        state.ledger.skipped[action] = SKIPPED_ACTIONS[action]
        return False
    person = PERSON_ACTIONS.match(action)
    if person and person.group(1).upper() != (state.sacrificial or "").upper():
        state.ledger.skipped[pattern_of(action) + " (a person the sweep signs in as)"] = (
            "would change, sign out or deactivate an account the sweep itself uses; the same forms are "
            "swept on a person made for the sweep")
        return False
    return True


def run_forms(state, reached, done):
    rng = random.Random(SEED)
    keys = sorted((k for k in reached if k not in done), key=lambda k: (bool(LAST.search(k[1])), k))
    for key in keys:
        keep_alive(state)
        done.add(key)
        by_role = dict(reached[key])
        roles = list(by_role)
        plan = plan_tries(reached[key][0][1], rng, roles, LONG)
        for role in roles:
            tries = [(t, v, c, s, x) for (r, t, v, c, s, x) in plan if r == role]
            if tries:
                sweep_form(state, role, by_role[role], tries)


def keep_alive(state, every=600):
    """Sessions end after 30 minutes idle: in the long tier a role can wait longer than that for its turn."""
    now = time.time()
    touched = state.__dict__.setdefault("touched", {})
    for role, session in state.sessions.items():
        if now - touched.get(role, now - every - 1) > every:
            session.get(state.base + "/", allow_redirects=False, timeout=60)
            state.ledger.requests += 1
            touched[role] = now


def make_sacrificial_person(state):
    """A person made for the sweep, so that editing, deactivating and resetting a person is swept on someone the
    sweep does not sign in as."""
    head = state.sessions["headteacher"]
    page = head.get(state.base + "/people/new")
    response = head.post(state.base + "/people", allow_redirects=False, data={
        "_csrf": csrf_of(page.text), "forename": "Sacrificial", "surname": "Person",
        "email": "sacrificial.person@stcleopas.example.org", "kind": "employee", "jobTitle": "Teacher",
        "startDate": "2024-09-01", "roles[]": "staff", "password": "a sacrificial passphrase 2026"})
    assert response.status_code == 303, heading(response.text)
    found = re.search(r"/people/([0-9A-Fa-f-]{36})", response.headers["Location"])
    if not found:
        listing = head.get(state.base + "/people?q=Sacrificial").text
        found = re.search(r'href="/people/([0-9A-Fa-f-]{36})"', listing)
    state.sacrificial = found.group(1)


def report_a_concern(state):
    """A case to be found by the roles that handle cases, so that its forms are swept too."""
    teacher = state.sessions["teacher"]
    page = teacher.get(state.base + "/concerns/new")
    body, content_type = multipart_body([
        ("_csrf", csrf_of(page.text)), ("category", "contact_from_pupil_or_family"),
        ("what_happened", "A parent sent me a message on Instagram."), ("platform", "Instagram"),
        ("involved", "parent"), ("blocked", "yes"), ("reported_to_platform", "no")], [])
    response = teacher.post(state.base + "/concerns", data=body, headers={"Content-Type": content_type},
                            allow_redirects=False)
    assert response.status_code == 303, heading(response.text)


def assert_no_findings(state, since=0):
    found = state.ledger.findings[since:]
    assert not found, f"{len(found)} findings:\n" + "\n".join(str(f) for f in found)


# ---------------------------------------------------------------------------------------------------------------
# The tests, in order: the collector proved, the forms, the API, then every page in Chromium.


def test_the_csp_collector_receives_a_report_of_a_blocked_image_and_script(sweep, chromium):
    """Positive control: if reporting broke, the page check at the end would pass vacuously; this must fail then."""
    driver = chromium
    driver.get(sweep.base + "/login")
    header = requests.get(sweep.base + "/login").headers["Content-Security-Policy"]
    assert "report-uri " + sweep.collector.url in header
    before = sweep.collector.count()
    driver.execute_script("""
        const img = document.createElement('img'); img.src = 'http://127.0.0.1:1/control.png';
        document.body.appendChild(img);
        const s = document.createElement('script'); s.textContent = 'window.__control = 1';
        document.body.appendChild(s);""")
    blocked = sweep.collector.wait_for(lambda r: "127.0.0.1:1" in json.dumps(r["body"]), after=before)
    assert blocked, "no report of the blocked image reached the collector"
    inline = sweep.collector.wait_for(lambda r: "inline" in json.dumps(r["body"]), after=before)
    assert inline, "no report of the blocked inline script reached the collector"
    assert driver.execute_script("return typeof window.__control") == "undefined"
    sweep.ledger.pages += 1
    sweep.control_reports = sweep.collector.count()


API_POSTS = {
    # path: (roles that may, baseline body)
    "/api/v1/policies": {"markdown": POLICY_MD},
    "/api/v1/policies/{policy}/acknowledgements": {},
    "/api/v1/concerns": {"category": "other", "whatHappened": "Someone keeps posting about the school.",
                         "platform": "Facebook", "involved": "unknown", "blocked": "no", "reportedToPlatform": "no"},
    "/api/v1/screen": {"text": "Well done to our football team!", "pupils": []},
    "/api/v1/drafts": {"text": "Sports day was great fun for everyone.", "accounts": ["{account}"],
                       "intendedOn": "2027-01-15"},
    "/api/v1/declarations": {"party": "other", "name": "A neighbour", "nature": "neighbour", "since": "2020-05",
                             "platforms": ["whatsapp"], "detail": "We share a fence."},
    "/api/v1/self-checks": {"platforms": [], "contacted": False, "note": ""},
}
API_GETS = ["/api/v1/me", "/api/v1/people?school={x}", "/api/v1/people/{x}", "/api/v1/policies",
            "/api/v1/policies/{x}", "/api/v1/policies/{x}/coverage", "/api/v1/concerns?state={x}",
            "/api/v1/concerns/{x}", "/api/v1/drafts", "/api/v1/drafts/{x}", "/api/v1/declarations",
            "/api/v1/declarations/{x}", "/api/v1/self-checks?scope={x}"]


def api_ids(state):
    token = state.tokens["headteacher"]
    bearer = {"Authorization": "Bearer " + token, "Accept": "application/json"}
    policies = requests.get(state.base + "/api/v1/policies", headers=bearer).json()
    # An official account of its own: the form sweep may have retired the demo's (retiring is one of its forms).
    head = state.sessions["headteacher"]
    page = head.get(state.base + "/accounts/new")
    made = head.post(state.base + "/accounts", allow_redirects=False, data={
        "_csrf": csrf_of(page.text), "platform": "facebook", "handle": "Hostile sweep API account",
        "address": "https://www.facebook.com/hostile-sweep-api", "purpose": "Drafts sent through the API."})
    account = re.search(r"/accounts/([0-9A-Fa-f-]{36})", made.headers.get("Location", ""))
    assert made.status_code == 303 and account, heading(made.text)
    return {"policy": policies[0]["id"], "account": account.group(1)}


def fill(template, ids):
    if isinstance(template, str):
        return template.format(**ids) if "{" in template else template
    if isinstance(template, list):
        return [fill(t, ids) for t in template]
    if isinstance(template, dict):
        return {k: fill(v, ids) for k, v in template.items()}
    return template


def api_tries(body, rng, long):
    """[(field, variant, label, value)] for one JSON body."""
    tries = []
    fields = list(body) + ["replaceDraft" if "markdown" in body else "extra"]
    for index, name in enumerate(fields):
        if long:
            chosen = [(f"{c}/{n}", v) for c, n, v in STRINGS] + [(f"type/{n}", v) for _, n, v in JSON_WRONG_TYPES]
        else:
            categories = ["markup"] + rng.sample([c for c in CATEGORIES if c != "markup"], SHORT_STRINGS_PER_FIELD - 1)
            chosen = [(f"{c}/{n}", v) for c in categories for (cc, n, v) in [rng.choice([s for s in STRINGS
                                                                                          if s[0] == c])]]
            chosen += [(f"type/{n}", v) for _, n, v in rng.sample(JSON_WRONG_TYPES, 2)]
        tries += [(name, "value", label, value) for label, value in chosen]
        tries += [(name, "missing", "missing", None), (name, "duplicate key", "duplicate key", None)]
    return tries


def api_body(body, name, variant, value):
    """The raw JSON text of one try."""
    if variant == "value":
        return json_dumps_with_bytes({**body, name: value})
    if variant == "missing":
        return json_dumps_with_bytes({k: v for k, v in body.items() if k != name})
    # A key twice: the hostile value first, then the valid one (or the other way for an extra key).
    text = json_dumps_with_bytes(body)
    first = json.dumps(name) + ': "<script>window.__hostile=20</script>", '
    return b"{" + first.encode() + text[1:]


WHOLE_BODIES = [
    ("not JSON", b"not json at all <script>window.__hostile=21</script>", "application/json"),
    ("empty body", b"", "application/json"),
    ("JSON null", b"null", "application/json"),
    ("JSON array", b"[1, 2, 3]", "application/json"),
    ("JSON string", b'"<script>window.__hostile=22</script>"', "application/json"),
    ("deeply nested", b"[" * 5000 + b"]" * 5000, "application/json"),
    ("truncated", b'{"text": "unfinished', "application/json"),
    ("invalid UTF-8 outside strings", b'{\xff\xfe: 1}', "application/json"),
    ("100 kB of JSON", json.dumps({"text": "A" * 100 * 1024}).encode(), "application/json"),
    ("form-encoded", b"text=hello&markdown=%23+x", "application/x-www-form-urlencoded"),
    ("XML", b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>",
     "application/xml"),
    ("wrong content type", b'{"text": "hello"}', "text/plain; charset=utf-8"),
]


def api_check(state, role, method, path, response, what, before, value=None, kind=None):
    ledger = state.ledger
    where = f"{method} {pattern_of(urllib.parse.urlsplit(path).path)} as {role}"
    check_answer(ledger, response, where, what)
    after = state.store.snapshot()
    if 400 <= response.status_code < 500 and not isinstance(response, NoAnswer):
        try:
            shape = response.json()
            ok = (shape.get("error") is True and isinstance(shape.get("reason"), str)
                  and shape.get("status") == response.status_code)
        except ValueError:
            ok, shape = False, response.text[:200]
        if not ok:
            ledger.add(Finding("json-shape", where, what, f"{response.status_code}: {str(shape)[:300]}"))
    outcome = "refused" if response.status_code >= 400 or not response.status_code else "accepted"
    ledger.outcomes["api " + outcome] += 1
    if method == "POST" or outcome == "refused":
        judge_write(state, where, what, outcome, before, after, value, kind)


def test_every_form_field_as_every_role(sweep):
    state = sweep
    first = len(state.ledger.findings)
    make_sacrificial_person(state)
    report_a_concern(state)
    done = set()
    extra = [f"/people/{state.sacrificial}", f"/people/{state.sacrificial}/edit"]
    # Two rounds: the second finds the forms on records the first made (a case, a draft version, an import).
    for _ in range(2):
        reached = collect_forms(state, extra)
        run_forms(state, reached, done)
    sweep_anonymous_forms(state)
    assert_no_findings(state, first)


def sweep_anonymous_forms(state):
    """The forms of someone not signed in, swept with accounts of another school so that the throttle they trip
    (a wrong code counts as a guess) does not touch the accounts the sweep uses."""
    rng = random.Random(SEED + 2)
    state.anonymous = requests.Session()
    pages = ["/login", "/password/forgot", "/password/reset?token=hostile"]
    for page in pages:
        response = state.anonymous.get(state.base + page)
        state.ledger.requests += 1
        forms, _ = read_forms(urllib.parse.urlsplit(page).path, response.text)
        for form in forms:
            form.page = page
            form.role = "anonymous"
            plan = plan_tries(form, rng, ["anonymous"], LONG)
            sweep_form(state, "anonymous", form, [(t, v, c, s, x) for (_, t, v, c, s, x) in plan])
    # The code page after a right password, and the step-up page, for another school's chair of governors.
    other = account_of(state.accounts, "chair", "holytrinity")
    session = requests.Session()
    page = session.get(state.base + "/login")
    response = session.post(state.base + "/login", allow_redirects=False, data={
        "_csrf": csrf_of(page.text), "email": other["email"], "password": other["password"]})
    assert response.status_code == 303
    state.anonymous = session
    page_path = response.headers["Location"]
    sweep_page_forms(state, session, page_path, "/login/2fa", rng)
    # The step-up page, signed in as another school's HR lead.
    session = sign_in(state.base, account_of(state.accounts, "hr", "holytrinity"), state.clock)
    sweep_page_forms(state, session, "/step-up?next=/", "/step-up", rng)
    # A password reset link and a policy link, as their mail carries them (the server runs no jobs: the mail waits).
    def link(kind, path):
        if kind == "password_reset":
            asking = requests.Session()
            page = asking.get(state.base + "/password/forgot")
            asking.post(state.base + "/password/forgot", allow_redirects=False, data={
                "_csrf": csrf_of(page.text), "email": account_of(state.accounts, "teacher", "holytrinity")["email"]})
            state.ledger.requests += 2
        rows = state.store.db.execute(
            "SELECT body FROM outbox_messages WHERE kind = ? ORDER BY rowid DESC LIMIT 1", (kind,)).fetchall()
        token = re.search(re.escape(path) + r"\?token=([A-Za-z0-9_\-]+)", rows[0][0]) if rows else None
        return f"{path}?token={token.group(1)}" if token else None

    def renewed_reset():
        page_path = link("password_reset", "/password/reset")
        page = state.anonymous.get(state.base + page_path)
        forms, _ = read_forms("/password/reset", page.text)
        for form in forms:
            if urllib.parse.urlsplit(form.action).path == "/password/reset":
                form.page, form.role = page_path, "anonymous"
                return form
        return None

    state.renew["/password/reset"] = renewed_reset
    for kind, path in (("password_reset", "/password/reset"), ("policy_link", "/policy-link")):
        page_path = link(kind, path)
        if not page_path:
            state.ledger.skipped[path] = f"no {kind} mail was queued, so there was no link to open"
            continue
        sweep_page_forms(state, requests.Session(), page_path, path, rng)


def sweep_page_forms(state, session, page_path, action, rng):
    """Sweeps the forms posting to `action` on a page of someone not signed in (or of another school)."""
    state.anonymous = session
    page = session.get(state.base + page_path)
    state.ledger.requests += 1
    forms, _ = read_forms(urllib.parse.urlsplit(page_path).path, page.text)
    found = [form for form in forms if urllib.parse.urlsplit(form.action).path == action]
    if not found:
        state.ledger.skipped[action] = f"no form on {urllib.parse.urlsplit(page_path).path} ({heading(page.text)})"
    for form in found:
        form.page, form.role = page_path, "anonymous"
        plan = plan_tries(form, rng, ["anonymous"], LONG)
        sweep_form(state, "anonymous", form, [(t, v, c, s, x) for (_, t, v, c, s, x) in plan])


def test_every_api_field_with_every_role_token(sweep):
    state, ledger = sweep, sweep.ledger
    first = len(ledger.findings)
    # Made now, not before the form sweep: a password changed there (even to itself) ends the person's tokens.
    for role in ROLES:
        made = run_steward("token", "create", "--email", account_of(state.accounts, role)["email"], "--name",
                           "hostile sweep", data_dir=state.data)
        state.tokens[role] = made.stdout.strip().splitlines()[-1]
    ids = api_ids(state)
    rng = random.Random(SEED + 1)
    roles = list(ROLES)
    for index, (path_template, template) in enumerate(API_POSTS.items()):
        path = fill(path_template, ids)
        body = fill(template, ids)
        plan = api_tries(body, rng, LONG)
        for i, (name, variant, label, value) in enumerate(plan):
            chosen = roles if LONG else [roles[(index * 3 + i) % len(roles)]]
            for role in chosen:
                text = api_body(body, name, variant, value)
                headers = {"Authorization": "Bearer " + state.tokens[role], "Content-Type": "application/json",
                           "Accept": "application/json"}
                before = state.store.snapshot()
                response = attempt(state, f"POST {path_template} as {role}", f"{name}: {label}", lambda: requests.post(
                    state.base + path, data=text, headers=headers, timeout=120))
                ledger.requests += 1
                ledger.tried(label if variant == "value" else variant, ("POST " + path_template, name), role)
                stored = value if variant == "value" and isinstance(value, (str, bytes)) else None
                api_check(state, role, "POST", path, response, f"{name}: {label}" + (
                    f" = {as_text(value)[:60]!r}" if stored is not None else ""), before, stored,
                    "extra" if name not in body else None)
        # Whole bodies: not JSON, nested, too large, other content types; each with a role that may write here.
        for j, (label, raw, content_type) in enumerate(WHOLE_BODIES):
            for role in (roles if LONG else [roles[(index + j) % len(roles)]]):
                headers = {"Authorization": "Bearer " + state.tokens[role], "Content-Type": content_type,
                           "Accept": "application/json"}
                before = state.store.snapshot()
                response = attempt(state, f"POST {path_template} as {role}", f"whole body: {label}",
                                   lambda: requests.post(state.base + path, data=raw, headers=headers, timeout=120))
                ledger.requests += 1
                ledger.tried("body/" + label, ("POST " + path_template, "(body)"), role)
                api_check(state, role, "POST", path, response, f"whole body: {label}", before)
        # The policy importer also takes Markdown itself.
        if path_template == "/api/v1/policies":
            for k, (category, name, value) in enumerate(STRINGS if LONG else rng.sample(STRINGS, 6)):
                role = "headteacher" if k % 2 == 0 else "trust.admin"
                raw = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
                before = state.store.snapshot()
                response = attempt(state, f"POST /api/v1/policies as {role}", f"markdown body {category}/{name}",
                                   lambda: requests.post(
                                       state.base + path, data=b"# " + raw + b"\n\n### 1. Intro\n\n- 1.1 " + raw,
                                       headers={"Authorization": "Bearer " + state.tokens[role],
                                                "Content-Type": "text/markdown", "Accept": "application/json"}))
                ledger.requests += 1
                ledger.tried(f"{category}/{name}", ("POST /api/v1/policies", "(markdown body)"), role)
                api_check(state, role, "POST", path, response, f"markdown body {category}/{name}", before)
    # Query strings and ids in the path.
    for index, template in enumerate(API_GETS):
        if "{x}" not in template:
            chosen_strings = []
        elif LONG:
            chosen_strings = STRINGS
        else:
            chosen_strings = [s for s in STRINGS if s[0] == "markup"][:1] + rng.sample(STRINGS, 3)
        for k, (category, name, value) in enumerate(chosen_strings or [("plain", "plain", "")]):
            for role in (roles if LONG else [roles[(index + k) % len(roles)]]):
                raw = value if isinstance(value, bytes) else as_text(value).encode("utf-8", "surrogatepass")
                path = template.replace("{x}", urllib.parse.quote_from_bytes(raw, safe=""))
                before = state.store.snapshot()
                response = attempt(state, f"GET {template} as {role}", f"{category}/{name}", lambda: requests.get(
                    state.base + path, headers={"Authorization": "Bearer " + state.tokens[role],
                                                "Accept": "application/json"}, timeout=120))
                ledger.requests += 1
                ledger.tried(f"{category}/{name}", ("GET " + template, "(query or id)"), role)
                api_check(state, role, "GET", path, response, f"{category}/{name}", before)
    assert_no_findings(state, first)


def test_every_page_renders_in_chromium_without_running_a_payload(sweep, chromium):
    """Every page each role reaches, after the sweep stored what it could: no CSP report, no alert, no global set."""
    from selenium.common.exceptions import NoAlertPresentException, WebDriverException

    state, ledger, driver = sweep, sweep.ledger, chromium
    first = len(ledger.findings)
    first_report = getattr(state, "control_reports", 0)
    rendered = {}
    lock = threading.Lock()

    def checked(role, what, where=None):
        def check(path, response):
            with lock:
                check_answer(ledger, response, f"GET {where or path} as {role}", what)
        return check

    def read(role):
        """Every page the role reaches (every case, draft, declaration the sweep made), read as HTML: no payload
        unescaped. Then a sample of each kind of page (all of them in the long tier), to be rendered in Chromium."""
        session = state.sessions[role]
        whole = crawl(state.base, session, role, limit_pages=2000, per_pattern=10 ** 6,
                      on_page=checked(role, "page (HTML)"))
        sample = crawl(state.base, session, role, limit_pages=1500 if LONG else 150, per_pattern=40 if LONG else 2)
        for download in sorted(sample.downloads):
            response = session.get(state.base + download, timeout=120)
            checked(role, "download", pattern_of(download))(download, response)
        return whole, sample

    # The roles' pages are read side by side (each role's session in a thread of its own), then rendered below.
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
        crawls = dict(zip(ROLES, pool.map(read, ROLES)))

    def render(roles, browser):
        """Renders each of `roles`' sampled pages in `browser`, one role after another."""
        for role in roles:
            session = state.sessions[role]
            _, result = crawls[role]
            browser.get(state.base + "/healthz")
            browser.delete_all_cookies()
            for cookie in session.cookies:
                browser.add_cookie({"name": cookie.name, "value": cookie.value, "path": "/", "httpOnly": True})
            # The pages that showed a hostile search or filter back, as they were asked for.
            reflected = [path for who, path in state.reflected if who == role][:1000 if LONG else 200]
            for path, status in list(result.pages.items()) + [(path, 200) for path in reflected]:
                if status != 200 or re.search(r"\.(csv|json)$", urllib.parse.urlsplit(path).path):
                    continue
                where = f"GET {path} as {role}"
                try:
                    browser.get(state.base + path)
                except WebDriverException as error:
                    with lock:
                        ledger.add(Finding("browser", where, "page", str(error)[:300]))
                try:
                    alert = browser.switch_to.alert
                    with lock:
                        ledger.add(Finding("alert", where, "page", f"an alert opened: {alert.text!r}"))
                    alert.accept()
                except NoAlertPresentException:
                    pass
                seen = browser.execute_script(
                    "return {hostile: typeof window.__hostile === 'undefined' ? null : String(window.__hostile),"
                    " tag: document.querySelectorAll('hostile-tag, #hostile-tag').length,"
                    " frames: document.querySelectorAll('iframe[srcdoc], base[href], meta[http-equiv]').length,"
                    " url: location.pathname}")
                with lock:
                    ledger.pages += 1
                    rendered[path] = role
                    if seen["hostile"] is not None:
                        ledger.add(Finding("script", where, "page",
                                           f"window.__hostile = {seen['hostile']}: a payload ran"))
                    if seen["tag"] or seen["frames"]:
                        ledger.add(Finding("unescaped", where, "page", f"the DOM holds {seen['tag']} hostile "
                                           f"elements, {seen['frames']} frames/base/meta"))

    for role in ROLES:
        whole, result = crawls[role]
        ledger.requests += len(whole.pages) + len(result.pages) + len(result.downloads)
        ledger.pages_read = getattr(ledger, "pages_read", 0) + len(whole.pages)
    # Two browsers, each taking every other role: a page's time is mostly Chromium loading and laying it out.
    second = new_chromium()
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(render, [ROLES[0::2], ROLES[1::2]], [driver, second]))
    finally:
        second.quit()
    # Anonymous pages too: sign-in, forgotten password, and each public policy.
    driver.delete_all_cookies()
    for path in ["/login", "/password/forgot", "/password/reset?token=x"]:
        driver.get(state.base + path)
        ledger.pages += 1
    # Mail waiting to go: no hostile line break or control character reached an address or a subject.
    for kind, recipient, subject in state.store.db.execute(
            "SELECT kind, recipient, subject FROM outbox_messages"):
        if re.search(r"[\x00-\x1f\x7f\u2028\u2029]", (recipient or "") + (subject or "")):
            ledger.add(Finding("mail-header", f"outbox ({kind})", "mail", f"to {recipient!r}, subject {subject!r}"))
    time.sleep(2)  # reports are sent after the page, asynchronously
    for report in state.collector.since(first_report):
        ledger.add(Finding("csp", "Chromium", "page", describe_report(report)))
    reporter_lines = f"{len(rendered)} distinct pages rendered"
    print(reporter_lines)
    assert_no_findings(state, first)
