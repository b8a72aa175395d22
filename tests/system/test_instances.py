"""A trust's several instances on one PostgreSQL (issue 15, item 4): three `steward serve` started at the same moment on
an empty database migrate it once and all serve; a session begun on one carries on on the others and ends on all of
them; simultaneous acknowledgements through all three record one each; each message is delivered once."""
import json
import os
import secrets
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from conftest import BINARY, ROOT, free_port, run_steward
from test_security import csrf, heading, sign_in

SENDMAIL = """#!{python}
import fcntl, sys
message = sys.stdin.buffer.read()
ids = [line for line in message.split(b"\\n") if line.lower().startswith(b"message-id:")]
with open({log!r}, "ab") as log:
    fcntl.flock(log, fcntl.LOCK_EX)
    log.write((ids[0].split(b":", 1)[1].strip() if ids else b"(none)") + b"\\n")
"""


class Instance:
    def __init__(self, number, data_dir: Path, env: dict):
        self.data_dir = data_dir
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(data_dir / "server.log", "w")
        self.process = subprocess.Popen(
            [str(BINARY), "serve", "--hostname", "127.0.0.1", "--port", str(self.port)],
            stdout=self.log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)

    def healthy(self) -> bool:
        try:
            return requests.get(self.base + "/healthz", timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


@pytest.fixture(scope="module")
def trust(postgres, tmp_path_factory):
    """Three instances started together on one empty database, then the demo trust seeded into it."""
    root = tmp_path_factory.mktemp("instances")
    url = postgres.create_database("steward_instances")
    sendmail = root / "sendmail"
    deliveries = root / "deliveries.log"
    deliveries.touch()
    sendmail.write_text(SENDMAIL.format(python=sys.executable, log=str(deliveries)))
    sendmail.chmod(sendmail.stat().st_mode | stat.S_IXUSR)
    shared = {"STEWARD_DATABASE_URL": url, "STEWARD_SECRET_KEY": secrets.token_hex(32),
              "STEWARD_MAIL": f"sendmail:{sendmail}", "STEWARD_BCRYPT_COST": "4"}
    instances = []
    for number in range(3):
        data = root / f"instance{number}"
        data.mkdir()
        instances.append(Instance(number, data, {**os.environ, **shared, "STEWARD_DATA_DIR": str(data)}))
    try:
        deadline = time.time() + 120
        while time.time() < deadline and not all(i.healthy() for i in instances):
            assert all(i.process.poll() is None for i in instances), [
                (i.data_dir / "server.log").read_text()[-3000:] for i in instances if i.process.poll() is not None]
            time.sleep(0.2)
        assert all(i.healthy() for i in instances), [(i.data_dir / "server.log").read_text()[-3000:]
                                                       for i in instances]
        seeded = run_steward("demo", "--data-dir", str(root / "seed"), "--seed-only", "--json", data_dir=root / "seed",
                             env=shared)
        accounts = json.loads(seeded.stdout)
        yield {"instances": instances, "accounts": accounts, "postgres": postgres, "database": "steward_instances",
               "env": shared, "root": root, "deliveries": deliveries}
    finally:
        for instance in instances:
            instance.stop()


def account(trust, school, local):
    domain = {"st-cleopas": "stcleopas", "holy-trinity": "holytrinity"}[school]
    return next(a for a in trust["accounts"]["accounts"] if a["email"] == f"{local}@{domain}.example.org")


def test_three_instances_started_together_migrate_once_and_all_serve(trust):
    postgres, database = trust["postgres"], trust["database"]
    names = postgres.psql("SELECT name FROM _fluent_migrations ORDER BY name", database).splitlines()
    assert names, "no migrations recorded"
    assert len(names) == len(set(names)), "a migration was recorded twice"
    batches = postgres.psql("SELECT DISTINCT batch FROM _fluent_migrations", database).splitlines()
    assert batches == ["1"], f"migrations ran in more than one batch: {batches}"
    for instance in trust["instances"]:
        assert instance.process.poll() is None
        assert requests.get(instance.base + "/login", timeout=10).status_code == 200
    recurring = postgres.psql(
        "SELECT unique_key, count(*) FROM jobs WHERE unique_key IS NOT NULL GROUP BY unique_key HAVING count(*) > 1",
        database)
    assert recurring == "", f"a job was scheduled more than once: {recurring}"


def test_a_session_begun_on_one_instance_carries_on_and_ends_on_the_others(trust):
    first, second, third = trust["instances"]
    teacher = account(trust, "st-cleopas", "teacher")
    session = sign_in(first, teacher)
    for instance in (second, third):
        page = session.get(instance.base + "/", allow_redirects=False)
        assert page.status_code == 200, page.status_code
        assert 'action="/logout"' in page.text and heading(page.text) != "Sign in"
    # A form fetched from one instance is accepted by another (the CSRF key is the trust's, not the process's).
    page = session.get(second.base + "/account")
    assert page.status_code == 200
    signed_out = session.post(third.base + "/logout", data={"_csrf": csrf(page.text)}, allow_redirects=False)
    assert signed_out.status_code == 303, heading(signed_out.text)
    for instance in (first, second, third):
        page = session.get(instance.base + "/", allow_redirects=False)
        assert page.status_code == 303 and "/login" in page.headers["Location"], instance.base


def token_for(trust, email):
    result = run_steward("token", "create", "--email", email, "--name", "instances", data_dir=trust["root"] / "seed",
                         env=trust["env"])
    return result.stdout.strip().split()[-1]


def publish_policy(trust, title):
    """A new policy that everyone at St Cleopas must acknowledge, published from the command line."""
    markdown = trust["root"] / f"{title}.md"
    markdown.write_text(f"# {title}\n\n### 1. Introduction\n\n- 1.1 This policy applies to all staff.\n"
                        "- 1.2 Staff keep their accounts private.\n")
    run_steward("policy", "import", "--school", "st-cleopas", str(markdown), "--publish", data_dir=trust["root"] / "seed",
                env=trust["env"])
    return title


def test_simultaneous_acknowledgements_through_all_three_record_one_each(trust):
    postgres, database = trust["postgres"], trust["database"]
    people = [a for a in trust["accounts"]["accounts"]
              if a["email"].endswith("@stcleopas.example.org") and a["roles"] and "trust_admin" not in a["roles"]]
    tokens = {a["email"]: token_for(trust, a["email"]) for a in people[:8]}
    publish_policy(trust, "Working Together Online")
    answers = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(tokens) * 3)

    def acknowledge(instance, token, policy_id):
        barrier.wait()
        response = requests.post(f"{instance.base}/api/v1/policies/{policy_id}/acknowledgements",
                                 headers={"Authorization": f"Bearer {token}"}, json={}, timeout=60)
        with lock:
            answers.append((token, response.status_code, response.text))

    threads = []
    chosen = {}
    for email, token in tokens.items():
        listed = requests.get(trust["instances"][0].base + "/api/v1/policies",
                              headers={"Authorization": f"Bearer {token}"}, timeout=30).json()
        due = [p for p in listed if p["status"] in ("due", "overdue")]
        assert due, f"{email} has nothing to acknowledge"
        chosen[token] = due[0]["id"]
        for instance in trust["instances"]:
            threads.append(threading.Thread(target=acknowledge, args=(instance, token, chosen[token])))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(answers) == len(threads)
    for token in tokens.values():
        mine = sorted(code for t, code, _ in answers if t == token)
        assert mine == [200, 200, 201], [(c, text) for t, c, text in answers if t == token]
    for email, token in tokens.items():
        count = postgres.psql(
            "SELECT count(*) FROM policy_acknowledgements a JOIN people p ON p.id = a.person_id "
            f"WHERE p.email = '{email}' AND a.policy_id = '{chosen[token]}'", database)
        assert count == "1", (email, count)
    duplicates = postgres.psql(
        "SELECT person_id, version_id, count(*) FROM policy_acknowledgements GROUP BY person_id, version_id "
        "HAVING count(*) > 1", database)
    assert duplicates == "", duplicates


def test_each_message_is_delivered_once_though_three_instances_deliver(trust):
    postgres, database = trust["postgres"], trust["database"]
    teacher = account(trust, "st-cleopas", "teacher")
    token = token_for(trust, teacher["email"])
    before = int(postgres.psql("SELECT count(*) FROM outbox_messages", database))
    for number in range(12):
        instance = trust["instances"][number % 3]
        response = requests.post(instance.base + "/api/v1/concerns", headers={"Authorization": f"Bearer {token}"},
                                 json={"category": "other", "whatHappened": f"Contact number {number}.",
                                       "platform": "Email", "involved": "unknown"}, timeout=30)
        assert response.status_code == 201, response.text
    made = int(postgres.psql("SELECT count(*) FROM outbox_messages", database)) - before
    assert made >= 12, f"only {made} messages were queued for 12 concerns"
    deadline = time.time() + 120
    while time.time() < deadline:
        waiting = int(postgres.psql("SELECT count(*) FROM outbox_messages WHERE status <> 'sent'", database))
        if waiting == 0:
            break
        time.sleep(1)
    assert waiting == 0, postgres.psql("SELECT status, last_error FROM outbox_messages WHERE status <> 'sent'",
                                       database)
    delivered = trust["deliveries"].read_text().split()
    assert len(delivered) == len(set(delivered)), "a message was delivered more than once"
    sent = int(postgres.psql("SELECT count(*) FROM outbox_messages WHERE status = 'sent'", database))
    assert len(delivered) == sent
    twice = postgres.psql("SELECT id FROM jobs WHERE interval_seconds IS NULL AND attempts > 1", database)
    assert twice == "", f"a job ran more than once: {twice}"


def test_a_home_page_kept_on_one_instance_changes_at_once_when_another_records_work_done(trust):
    first, second, _ = trust["instances"]
    volunteer = account(trust, "st-cleopas", "volunteer")
    title = publish_policy(trust, "Photographs at School Events")
    session = sign_in(first, volunteer)
    token = token_for(trust, volunteer["email"])
    for _ in range(3):  # asked for again and again, so the page is kept
        home = session.get(first.base + "/")
        assert home.status_code == 200 and title in home.text
    listed = requests.get(second.base + "/api/v1/policies", headers={"Authorization": f"Bearer {token}"},
                          timeout=30).json()
    policy_id = next(p["id"] for p in listed if p["title"] == title)
    done = requests.post(f"{second.base}/api/v1/policies/{policy_id}/acknowledgements",
                         headers={"Authorization": f"Bearer {token}"}, json={}, timeout=30)
    assert done.status_code == 201, done.text
    home = session.get(first.base + "/")
    assert home.status_code == 200 and title not in home.text, "the first instance still shows the policy to read"
