"""The API's contract against the real binary (issue 15): schemathesis runs the OpenAPI document the server serves at
/api/v1/openapi.json with a token for each role, and finds no 5xx and no answer outside the document; then every
status the document promises for each operation is seen, from schemathesis's own requests or from a crafted one, and
nothing answers a status the document does not promise.

Bounded to stay near two minutes: a fixed seed, at most MAX_EXAMPLES cases per operation and phase, one worker."""
import json
import re
import shutil
import subprocess
import sys
import time
import uuid

import jsonschema_rs
import pytest
import requests

from conftest import ROOT, Server, run_steward
from totp import totp

SEED = 15
MAX_EXAMPLES = 8
PHASES = "examples,coverage,fuzzing,stateful"
CHECKS = ("not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,"
          "response_headers_conformance,negative_data_rejection")
# Each role that can hold a token, by the St Cleopas account that holds it (the trust administrator's is the trust's).
ROLES = {
    "headteacher": "headteacher@stcleopas.example.org",
    "safeguarding_lead": "dsl@stcleopas.example.org",
    "hr": "hr@stcleopas.example.org",
    "chair_of_governors": "chair@stcleopas.example.org",
    "governor": "governor@stcleopas.example.org",
    "line_manager": "manager@stcleopas.example.org",
    "staff": "teacher@stcleopas.example.org",
    "social_media_admin": "socialmedia@stcleopas.example.org",
    "trust_admin": "trust.admin@emmaus.example.org",
}
# The case handlers' tokens are made on the account page after a second factor, granted the cases scope; the rest are
# made by `steward token create`, as an operator makes one for a school's other system.
CASES_SCOPE = {"headteacher", "safeguarding_lead"}
CSRF = re.compile(r'name="_csrf" value="([^"]+)"')
NEW_TOKEN = re.compile(r'<code id="new-token">([^<]+)</code>')
METHODS = {"get", "post", "put", "patch", "delete"}
QUESTION = "Q: Who do you tell if a pupil messages you on social media?\n- Nobody\n* The headteacher\n"


def csrf(page) -> str:
    return CSRF.search(page.text).group(1)


def signed_in(server, email) -> requests.Session:
    """A session signed in with the password and a current code, as a browser signs in."""
    account = next(a for a in server.accounts["accounts"] if a["email"] == email)
    session = requests.Session()
    page = session.get(server.base + "/login")
    reply = session.post(server.base + "/login", allow_redirects=False,
                         data={"_csrf": csrf(page), "email": email, "password": account["password"]})
    assert reply.status_code == 303 and reply.headers["Location"].startswith("/login/2fa"), reply.status_code
    page = session.get(server.base + reply.headers["Location"])
    reply = session.post(server.base + "/login/2fa", allow_redirects=False,
                         data={"_csrf": csrf(page), "code": totp(account["totp_secret"]), "next": "/"})
    assert reply.status_code == 303, reply.status_code
    return session


def cases_token(server, session) -> str:
    """A token that may read cases, made on the account page while the session's second factor is fresh."""
    made = session.post(server.base + "/account/tokens", data={
        "_csrf": csrf(session.get(server.base + "/account")), "name": "Case system", "days": "30", "cases": "yes"})
    assert made.status_code == 200, made.status_code
    return NEW_TOKEN.search(made.text).group(1)


def operator_token(server, email) -> str:
    result = run_steward("token", "create", "--email", email, "--name", "Contract test", data_dir=server.data_dir)
    return result.stdout.strip().splitlines()[-1]


def documented(document) -> set:
    """Every (operation, status) pair the contract promises."""
    return {(f"{method.upper()} {path}", int(status))
            for path, item in document["paths"].items() for method, operation in item.items() if method in METHODS
            for status in operation["responses"]}


class API:
    """The live server, a token per role, the contract it serves, real record ids, and every crafted answer seen."""

    def __init__(self, server, workdir):
        self.server, self.workdir, self.base = server, workdir, server.base
        self.document = requests.get(self.base + "/api/v1/openapi.json", timeout=10).json()
        self.seen = set()
        self.head = signed_in(server, ROLES["headteacher"])
        self.tokens = {}
        for role, email in ROLES.items():
            if role == "headteacher":
                self.tokens[role] = cases_token(server, self.head)
            elif role in CASES_SCOPE:
                self.tokens[role] = cases_token(server, signed_in(server, email))
            else:
                self.tokens[role] = operator_token(server, email)
        # A volunteer's token, kept out of schemathesis's runs so that this term's self-check is still theirs to do.
        self.tokens["volunteer"] = operator_token(server, "volunteer@stcleopas.example.org")
        self.prepare()

    def prepare(self):
        """Records for schemathesis to find: a concern the handlers open, a declaration routed to the line manager,
        and a second version of the policy with a question, imported over the API and published on its page."""
        self.case = self.call("POST", "/api/v1/concerns", 201, "staff", json={
            "category": "other", "whatHappened": "A parent's post about the school.", "platform": "Facebook",
            "involved": "parent"}).json()["id"]
        self.declaration = self.call("POST", "/api/v1/declarations", 201, "staff", json={
            "party": "other", "name": "Sam Carter", "nature": "friend", "since": "2019"}).json()["id"]
        self.policy = self.call("GET", "/api/v1/policies", 200, "headteacher").json()[0]["id"]
        markdown = (ROOT / "Resources/Policies/st-cleopas-social-media-policy.md").read_text()
        markdown = markdown.rstrip() + " Staff read this policy again each September.\n"
        self.call("POST", "/api/v1/policies", 201, "headteacher", data=markdown.encode(),
                  headers={"Content-Type": "text/markdown"})
        self.call("POST", "/api/v1/policies", 409, "headteacher", json={"markdown": markdown})
        draft = self.call("POST", "/api/v1/policies", 201, "headteacher",
                          json={"markdown": markdown, "policyID": self.policy, "replaceDraft": True}).json()
        version = f"/policies/{self.policy}/versions/{draft['versionID']}"
        page = self.head.get(self.base + version)
        assert page.status_code == 200, page.status_code
        saved = self.head.post(self.base + version + "/questions", data={"_csrf": csrf(page), "questions": QUESTION})
        assert saved.status_code == 200 and "The questions have been saved" in saved.text, saved.status_code
        published = self.head.post(self.base + version + "/publish", allow_redirects=False, data={
            "_csrf": csrf(saved), "change": "material", "deadline": "30", "employee": "yes", "governor": "yes",
            "volunteer": "yes", "confirmed": "yes"})
        assert published.status_code == 303, published.status_code
        policy = self.call("GET", f"/api/v1/policies/{self.policy}", 200, "staff").json()
        assert policy["version"] == 2 and len(policy["questions"]) == 1
        self.drafts = [d["id"] for d in self.call("GET", "/api/v1/drafts", 200, "headteacher").json()]
        self.account = self.call("GET", f"/api/v1/drafts/{self.drafts[0]}", 200, "headteacher").json()["accounts"][0]
        people = self.call("GET", "/api/v1/people", 200, "headteacher", params={"school": "st-cleopas"}).json()
        self.people = [p["id"] for p in people["people"]]

    def schema(self, label, status):
        """The schema the contract gives for `label`'s answer with `status`, ready to validate with."""
        method, path = label.split(" ", 1)
        answer = self.document["paths"][path][method.lower()]["responses"][str(status)]
        if "$ref" in answer:
            answer = self.document["components"]["responses"][answer["$ref"].rsplit("/", 1)[-1]]
        return {**answer["content"]["application/json"]["schema"], "components": self.document["components"]}

    def call(self, method, path, status, role=None, label=None, **options):
        """Sends one request as `role` (nobody when None), checks its status and that its answer is the contract's
        for that status, and counts the pair as seen."""
        headers = options.pop("headers", {})
        if role:
            headers["Authorization"] = "Bearer " + self.tokens[role]
        reply = requests.request(method, self.base + path, headers=headers, timeout=30, **options)
        label = label or f"{method} {re.sub(r'[0-9A-Fa-f-]{36}', '{id}', path)}"
        if "{id}" in label:
            label = label.replace("{id}", "{" + PARAMETERS[label.split("/")[3]] + "}", 1)
        assert reply.status_code == status, f"{label} as {role}: {reply.status_code} {reply.text[:300]}"
        assert (label, status) in documented(self.document), f"{label} answered {status}, not in the contract"
        assert reply.headers["Content-Type"].startswith("application/json"), reply.headers["Content-Type"]
        # jsonschema_rs is schemathesis's own validator; formats (uuid, date-time, date) are checked too.
        jsonschema_rs.Draft202012Validator(self.schema(label, status), validate_formats=True).validate(reply.json())
        self.seen.add((label, status))
        return reply

    def config(self):
        """A schemathesis.toml with real ids: each path parameter names a real record half the time."""
        pools = {"caseID": [self.case], "declarationID": [self.declaration], "policyID": [self.policy],
                 "draftID": self.drafts, "personID": self.people}
        lines = ["[checks.negative_data_rejection]",
                 # 413: a text over the 20,000 characters a post may have is refused as too large.
                 "expected-statuses = [400, 401, 403, 404, 409, 413, 415, 422]", ""]
        for name, values in pools.items():
            lines += [f"[dictionaries.{name}]", "values = " + json.dumps(values), ""]
        lines.append("[parameters]")
        lines += [f'"path.{name}" = {{ dictionary = "{name}", probability = 0.5 }}' for name in pools]
        path = self.workdir / "schemathesis.toml"
        path.write_text("\n".join(lines) + "\n")
        return path


# The path parameter each collection's records go by.
PARAMETERS = {"people": "personID", "policies": "policyID", "concerns": "caseID", "drafts": "draftID",
              "declarations": "declarationID", "reports": "reportID"}


@pytest.fixture(scope="module")
def api(demo_dir, tmp_path_factory):
    source, accounts = demo_dir
    workdir = tmp_path_factory.mktemp("contract")
    shutil.copytree(source, workdir / "data")
    server = Server(workdir / "data", accounts)
    try:
        yield API(server, workdir)
    finally:
        server.stop()


class Run:
    """One schemathesis run: its exit status, its output, and the statuses each operation answered."""

    def __init__(self, returncode, output, observed, cases, seconds):
        self.returncode, self.output, self.observed, self.cases, self.seconds = (
            returncode, output, observed, cases, seconds)


def observed_statuses(report) -> tuple[dict, int]:
    """(operation → statuses answered, requests sent) from schemathesis's NDJSON events. Only requests made with the
    operation's own method count: its probes of other methods are not the operation's answers."""
    observed, cases = {}, 0
    for line in report.read_text().splitlines():
        finished = json.loads(line).get("ScenarioFinished")
        if not finished:
            continue
        label = finished["recorder"]["label"]
        for interaction in finished["recorder"].get("interactions", {}).values():
            response = interaction.get("response")
            if response and interaction["request"]["method"] == label.split(" ")[0]:
                observed.setdefault(label, set()).add(response["status_code"])
                cases += 1
    return observed, cases


@pytest.fixture(scope="module")
def runs(api):
    config = api.config()
    results = {}
    for role in ROLES:
        report = api.workdir / f"{role}.ndjson"
        command = [sys.executable, "-m", "schemathesis.cli", "--config-file", str(config), "run",
                   api.base + "/api/v1/openapi.json", "--checks", CHECKS, "--phases", PHASES,
                   "--max-examples", str(MAX_EXAMPLES), "--seed", str(SEED), "--workers", "1",
                   "--generation-database", "none", "--request-timeout", "30", "--no-color",
                   "--header", "Authorization: Bearer " + api.tokens[role],
                   "--report", "ndjson", "--report-ndjson-path", str(report)]
        started = time.monotonic()
        done = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=api.workdir)
        seconds = time.monotonic() - started
        observed, cases = observed_statuses(report) if report.exists() else ({}, 0)
        results[role] = Run(done.returncode, done.stdout + done.stderr, observed, cases, seconds)
    return results


@pytest.mark.parametrize("role", list(ROLES))
def test_schemathesis_finds_no_server_error_and_no_answer_outside_the_contract(runs, role):
    run = runs[role]
    assert run.returncode == 0, run.output[-6000:]
    assert run.cases > 300, f"{role}: only {run.cases} requests"


def craft(api):
    """A request for every status the contract promises, each sent and checked by `api.call`."""
    nobody = str(uuid.uuid4())
    big = "x" * (17 * 1024)
    huge = "x" * (520 * 1024)
    record = {"people": api.people[0], "policies": api.policy, "concerns": api.case, "drafts": api.drafts[0],
              "declarations": api.declaration}
    policy = f"/api/v1/policies/{api.policy}"
    json_posts = {"/api/v1/concerns": big, "/api/v1/declarations": big, "/api/v1/self-checks": big,
                  "/api/v1/screen": huge, "/api/v1/drafts": huge, policy + "/acknowledgements": big}

    api.call("GET", "/api/v1/openapi.json", 200)
    api.call("GET", "/api/v1/me", 200, "staff")
    # Every operation that needs a token: none (401); and a headteacher's HR officer whose two-factor sign-in the
    # headteacher has just reset, as when a phone is lost (403 until they set it up again, whatever the token).
    hr = api.call("GET", "/api/v1/me", 200, "hr").json()["person"]["id"]
    page = api.head.get(api.base + f"/people/{hr}")
    reset = api.head.post(api.base + f"/people/{hr}/two-factor-reset", data={"_csrf": csrf(page)},
                          allow_redirects=False)
    assert reset.status_code == 303, reset.status_code
    # And an address too long for any route (414), refused before anything else is read.
    for label in sorted({op for op, _ in documented(api.document)}):
        method, path = label.split(" ", 1)
        filled = re.sub(r"\{[^}]+\}", lambda _: record.get(path.split("/")[3], nobody), path)
        api.call(method, filled + "?long=" + "x" * 2048, 414, "headteacher", label=label)
        # And an address whose query has an escape that is not text (400), refused before anything else is read: such a
        # parameter is not quietly dropped.
        for query in ("?x=%FF", "?%C0%AF=1", "?x=%E2%82"):
            api.call(method, filled + query, 400, "headteacher", label=label)
        if path.endswith("openapi.json"):
            continue
        api.call(method, filled, 401, None, label=label)
        api.call(method, filled, 403, "hr", label=label)
        if "{" in path:
            api.call(method, re.sub(r"\{[^}]+\}", nobody, path), 404, "headteacher", label=label)
    for path, text in json_posts.items():
        label = "POST " + path.replace(api.policy, "{policyID}")
        api.call("POST", path, 413, "headteacher", label=label, json={"text": text, "whatHappened": text})
        api.call("POST", path, 415, "headteacher", label=label, data=b"{}")
        api.call("POST", path, 400, "headteacher", label=label, data=b"{not json",
                 headers={"Content-Type": "application/json"})
    api.call("POST", "/api/v1/policies", 413, "headteacher", data=b"# T\n" + b"x" * (21 * 1024 * 1024 + 10),
             headers={"Content-Type": "text/markdown"})
    api.call("POST", "/api/v1/policies", 400, "headteacher", data=b"{not json",
             headers={"Content-Type": "application/json"})
    api.call("POST", "/api/v1/policies", 422, "headteacher", json={"markdown": "no title, no clauses"})
    api.call("POST", "/api/v1/policies", 404, "headteacher", json={"markdown": "# T", "policyID": nobody})
    api.call("POST", "/api/v1/policies", 403, "staff", json={"markdown": "# T"})

    # People: for those who may see them; a school by its slug.
    api.call("GET", "/api/v1/people", 403, "staff")
    api.call("GET", "/api/v1/people", 404, "headteacher", params={"school": "northfield"})
    api.call("GET", f"/api/v1/people/{api.people[0]}", 200, "headteacher")
    api.call("GET", f"/api/v1/people/{api.people[0]}", 403, "staff")

    # Policies: the new version asks one question; its answer is option 1.
    api.call("GET", policy, 200, "staff")
    api.call("GET", policy + "/coverage", 200, "governor")
    api.call("GET", policy + "/coverage", 403, "staff")
    api.call("POST", policy + "/acknowledgements", 409, "volunteer", json={"versionHash": "0" * 64})
    api.call("POST", policy + "/acknowledgements", 422, "volunteer")
    api.call("POST", policy + "/acknowledgements", 422, "volunteer", json={"answers": [0]})
    api.call("POST", policy + "/acknowledgements", 201, "volunteer", json={"answers": [1]})
    api.call("POST", policy + "/acknowledgements", 200, "volunteer", json={"answers": [1]})

    # Concerns: the handlers' view needs the cases scope; the reporter sees their own report's status.
    api.call("GET", "/api/v1/concerns", 200, "safeguarding_lead", params={"state": "new"})
    api.call("GET", "/api/v1/concerns", 400, "staff", params={"state": "lost"})
    api.call("GET", f"/api/v1/concerns/{api.case}", 200, "safeguarding_lead")
    api.call("GET", f"/api/v1/concerns/{api.case}", 200, "staff")
    api.tokens["head-basic"] = operator_token(api.server, ROLES["headteacher"])
    api.call("GET", f"/api/v1/concerns/{api.case}", 403, "head-basic")
    api.call("POST", "/api/v1/concerns", 201, "volunteer", json={
        "category": "online_abuse_of_staff", "whatHappened": "Comments about me.", "platform": "X (Twitter)",
        "involved": "outside", "happenedOn": "2020-01-05", "blocked": "yes"})
    api.call("POST", "/api/v1/concerns", 422, "volunteer", json={"category": "other"})

    # Posts: screening and drafts, for those who write drafts.
    api.call("POST", "/api/v1/screen", 200, "staff", json={"text": "Well done Oliver Bennett!"})
    api.call("POST", "/api/v1/screen", 403, "governor", json={"text": "Hello"})
    api.call("POST", "/api/v1/screen", 413, "staff", json={"text": "x" * 20001})
    api.call("POST", "/api/v1/screen", 422, "staff", json={"text": "Hello", "pupils": [nobody]})
    api.call("GET", "/api/v1/drafts", 200, "staff")
    api.call("GET", "/api/v1/drafts", 403, "governor")
    draft = api.call("POST", "/api/v1/drafts", 201, "staff", json={"text": "Sports day!", "accounts": [api.account]})
    api.call("GET", f"/api/v1/drafts/{draft.json()['id']}", 200, "staff")
    api.call("GET", f"/api/v1/drafts/{draft.json()['id']}", 403, "governor")
    api.call("POST", "/api/v1/drafts", 403, "governor", json={"text": "Hi", "accounts": [api.account]})
    api.call("POST", "/api/v1/drafts", 413, "staff", json={"text": "x" * 20001, "accounts": [api.account]})
    api.call("POST", "/api/v1/drafts", 422, "staff", json={"text": "Hi", "accounts": []})

    # Declarations and the privacy self-check: for members of staff.
    api.call("GET", "/api/v1/declarations", 200, "line_manager")
    api.call("GET", f"/api/v1/declarations/{api.declaration}", 200, "line_manager")
    api.call("POST", "/api/v1/declarations", 403, "governor", json={"party": "other"})
    api.call("POST", "/api/v1/declarations", 422, "staff", json={"party": "pupil"})
    api.call("GET", "/api/v1/self-checks", 200, "headteacher", params={"scope": "school"})
    api.call("GET", "/api/v1/self-checks", 403, "staff", params={"scope": "school"})
    api.call("GET", "/api/v1/self-checks", 400, "staff", params={"scope": "everyone"})
    api.call("POST", "/api/v1/self-checks", 422, "volunteer", json={"platforms": ["myspace"]})
    api.call("POST", "/api/v1/self-checks", 201, "volunteer", json={"platforms": [], "contacted": False})
    api.call("POST", "/api/v1/self-checks", 409, "volunteer", json={"platforms": [], "contacted": False})
    api.call("POST", "/api/v1/self-checks", 403, "governor", json={"platforms": [], "contacted": False})

    # Reports for governors: the demo school's published report, read by a governor; not for other staff.
    reports = api.call("GET", "/api/v1/reports", 200, "governor").json()
    api.call("GET", "/api/v1/reports", 403, "staff")
    api.call("GET", f"/api/v1/reports/{reports[0]['id']}", 200, "governor")
    api.call("GET", f"/api/v1/reports/{reports[0]['id']}", 403, "staff")


def test_every_documented_status_is_reached_and_no_other(runs, api):
    craft(api)
    promised = documented(api.document)
    by_schemathesis = {(label, status) for run in runs.values() for label, statuses in run.observed.items()
                       for status in statuses}
    seen = by_schemathesis | api.seen
    assert not seen - promised, f"answered but not in the contract: {sorted(seen - promised)}"
    assert not promised - seen, f"in the contract but never answered: {sorted(promised - seen)}"
    operations = {label for label, _ in promised}
    tested = {label for run in runs.values() for label in run.observed}
    # The figures for docs/benchmarks.md.
    print(f"\ncontract: {len(operations)} operations, {len(promised)} documented statuses; schemathesis tested "
          f"{len(tested)} operations and saw {len(by_schemathesis)} of the statuses; crafted requests saw "
          f"{len(api.seen)}, {len(promised - by_schemathesis)} of them only there: {sorted(promised - by_schemathesis)}")
    for role, run in runs.items():
        generated = re.search(r"(\d+) generated", run.output)
        print(f"  {role}: {generated.group(1) if generated else '?'} test cases, {run.cases} requests to the "
              f"operations tested, in {run.seconds:.1f} s")
