"""Crash safety (issue 15, item 3): the server is killed with SIGKILL while acknowledgements, concern reports and policy
imports are written through the API, and restarted. Every write that got a 2xx must be there afterwards, the database
must pass its own integrity check (SQLite's `PRAGMA integrity_check`, PostgreSQL's amcheck) and `steward audit verify`
must pass. 10 cycles per engine here; `STEWARD_LONG=1` (scripts/test-long) runs 200, or `STEWARD_CRASH_CYCLES=N`."""
import json
import os
import random
import shutil
import signal
import sqlite3
import threading
import time

import pytest
import requests

from conftest import Server, run_steward

LONG = os.environ.get("STEWARD_LONG") == "1"
CYCLES = int(os.environ.get("STEWARD_CRASH_CYCLES", "200" if LONG else "10"))
WRITERS_PER_KIND = 2


class Engine:
    """One database, as the tests reach it: the server's environment and a way to ask it questions directly."""

    def __init__(self, name, data_dir, accounts, env, query):
        self.name, self.data_dir, self.accounts, self.env, self.query = name, data_dir, accounts, env, query

    def steward(self, *args, check=True):
        return run_steward(*args, data_dir=self.data_dir, env=self.env, check=check, timeout=300)

    def token(self, email):
        return self.steward("token", "create", "--email", email, "--name", "crash test").stdout.strip().split()[-1]

    def serve(self):
        return Server(self.data_dir, self.accounts, env=self.env)


def sqlite_engine(demo_dir, tmp_path):
    source, accounts = demo_dir
    data = tmp_path / "sqlite"
    shutil.copytree(source, data)

    def query(sql):
        connection = sqlite3.connect(f"file:{data / 'steward.sqlite'}?mode=ro", uri=True, timeout=30)
        try:
            return [row[0] for row in connection.execute(sql)]
        finally:
            connection.close()

    return Engine("sqlite", data, accounts, {}, query)


def postgres_engine(postgres, tmp_path):
    url = postgres.create_database("steward_crash")
    data = tmp_path / "postgres"
    data.mkdir()
    env = {"STEWARD_DATABASE_URL": url}
    seeded = run_steward("demo", "--data-dir", str(data), "--seed-only", "--json", data_dir=data, env=env)
    accounts = json.loads(seeded.stdout)

    def query(sql):
        text = postgres.psql(sql, "steward_crash")
        return text.splitlines() if text else []

    return Engine("postgres", data, accounts, env, query)


def publish(engine, title):
    markdown = engine.data_dir / "policy.md"
    markdown.write_text(f"# {title}\n\n### 1. Introduction\n\n- 1.1 This policy applies to all staff.\n"
                        "- 1.2 Staff keep their accounts private.\n")
    engine.steward("policy", "import", "--school", "st-cleopas", str(markdown), "--publish")
    return title


def integrity(engine, postgres):
    if engine.name == "sqlite":
        assert engine.query("PRAGMA integrity_check") == ["ok"]
        assert engine.query("PRAGMA foreign_key_check") == []
        return
    postgres.psql("CREATE EXTENSION IF NOT EXISTS amcheck", "steward_crash")
    indexes = postgres.psql(
        "SELECT count(bt_index_check(c.oid, true)) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "JOIN pg_am am ON am.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE am.amname = 'btree' AND n.nspname = 'public'", "steward_crash")
    assert int(indexes) > 10, f"amcheck checked only {indexes} indexes"
    heap = postgres.psql(
        "SELECT c.relname, v.* FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, "
        "LATERAL verify_heapam(c.oid) v WHERE c.relkind = 'r' AND n.nspname = 'public'", "steward_crash")
    assert heap == "", heap


@pytest.mark.parametrize("engine_name", ["sqlite", "postgres"])
def test_writes_acknowledged_before_sigkill_survive_it(engine_name, demo_dir, tmp_path, request):
    postgres = request.getfixturevalue("postgres") if engine_name == "postgres" else None
    engine = sqlite_engine(demo_dir, tmp_path) if engine_name == "sqlite" else postgres_engine(postgres, tmp_path)
    staff = [a for a in engine.accounts["accounts"] if a["school"] == "st-cleopas" and "staff" in a["roles"]]
    tokens = {a["email"]: engine.token(a["email"]) for a in staff}
    head = tokens["headteacher@stcleopas.example.org"]
    reporter = tokens["teacher@stcleopas.example.org"]
    randomness = random.Random(15)
    acknowledged, reported, imported = [], [], []
    lock = threading.Lock()
    tried = {"acknowledgements": 0, "concerns": 0, "imports": 0}

    for cycle in range(CYCLES):
        title = publish(engine, f"Crash Cycle {engine_name} {cycle}")
        server = engine.serve()
        listed = requests.get(server.base + "/api/v1/policies", headers={"Authorization": f"Bearer {head}"},
                              timeout=30).json()
        policy_id = next(p["id"] for p in listed if p["title"] == title)
        stop = threading.Event()

        def call(kind, token, path, content_type=None, **body):
            with lock:
                tried[kind] += 1
            headers = {"Authorization": f"Bearer {token}"}
            if content_type:
                headers["Content-Type"] = content_type
            try:
                return requests.post(server.base + path, headers=headers, timeout=30, **body)
            except requests.RequestException:
                return None

        def acknowledge(people):
            for email in people:
                if stop.is_set():
                    return
                answer = call("acknowledgements", tokens[email], f"/api/v1/policies/{policy_id}/acknowledgements",
                              json={})
                if answer is not None and answer.status_code in (200, 201):
                    with lock:
                        acknowledged.append((tokens[email], policy_id))

        def report(writer):
            number = 0
            while not stop.is_set():
                number += 1
                answer = call("concerns", reporter, "/api/v1/concerns", json={
                    "category": "other", "whatHappened": f"Cycle {cycle} writer {writer} report {number}.",
                    "platform": "Email", "involved": "unknown"})
                if answer is not None and answer.status_code == 201:
                    with lock:
                        reported.append(answer.json()["reference"])

        def import_policies(writer):
            number = 0
            while not stop.is_set():
                number += 1
                name = f"Imported {engine_name} {cycle}-{writer}-{number}"
                answer = call("imports", head, "/api/v1/policies", content_type="text/markdown",
                              data=f"# {name}\n\n### 1. Scope\n\n- 1.1 It applies to everyone.\n".encode())
                if answer is not None and answer.status_code == 201:
                    with lock:
                        imported.append(name)

        people = list(tokens)
        randomness.shuffle(people)
        halves = [people[0::2], people[1::2]]
        threads = [threading.Thread(target=acknowledge, args=(half,)) for half in halves]
        threads += [threading.Thread(target=report, args=(w,)) for w in range(WRITERS_PER_KIND)]
        threads += [threading.Thread(target=import_policies, args=(w,)) for w in range(WRITERS_PER_KIND)]
        with lock:
            before = (len(reported), len(imported))
        for thread in threads:
            thread.start()
        # Killed 0.3–1.5 s after a concern and a draft of this cycle have been answered, so that every cycle kills
        # writes in flight however slowly a loaded machine starts the server and answers the first of them.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with lock:
                if len(reported) > before[0] and len(imported) > before[1]:
                    break
            time.sleep(0.05)
        time.sleep(randomness.uniform(0.3, 1.5))
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(timeout=30)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        server.log.close()

    # Everything answered 2xx is there after the last restart.
    server = engine.serve()
    try:
        for token, policy_id in set(acknowledged):
            listed = requests.get(server.base + "/api/v1/policies", headers={"Authorization": f"Bearer {token}"},
                                  timeout=30).json()
            status = next(p["status"] for p in listed if p["id"] == policy_id)
            assert status == "acknowledged", (policy_id, status)
    finally:
        server.stop()
    references = set(engine.query("SELECT reference FROM cases"))
    lost = [r for r in reported if r not in references]
    assert not lost, f"{len(lost)} reported concerns lost: {lost[:5]}"
    titles = set(engine.query("SELECT title FROM policy_versions"))
    lost = [t for t in imported if t not in titles]
    assert not lost, f"{len(lost)} imported drafts lost: {lost[:5]}"
    assert len(reported) > CYCLES and len(imported) > CYCLES and acknowledged, (len(reported), len(imported))
    integrity(engine, postgres)
    verified = engine.steward("audit", "verify", check=False)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    print(f"\n{engine_name}: {CYCLES} SIGKILL cycles; writes tried {tried}; 2xx checked afterwards: "
          f"{len(set(acknowledged))} acknowledgements, {len(reported)} concern reports, {len(imported)} imports")
