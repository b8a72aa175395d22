"""Backups and restores (issue 17, item 6), with the real binary on both engines.

A backup taken while acknowledgements and concern reports are being written restores into a new directory (and a new
PostgreSQL database) with every write that got a 2xx before the backup began; the restore's own checks (integrity,
counts against the manifest, the audit chain) pass, `steward audit verify` passes, and the restored instance serves.
Every bad backup, key or target is refused with a clear message, exit status and nothing changed."""
import json
import os
import random
import shutil
import sqlite3
import threading
import time

import pytest
import requests

from conftest import Server, run_steward
from test_crash_safety import postgres_engine, publish, sqlite_engine


def new_key():
    return os.urandom(32).hex()


def tables_in(postgres, database):
    return int(postgres.psql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", database))


def no_crash(result):
    said = result.stdout + result.stderr
    for marker in ("Traceback", "Fatal error", "Stack dump", "Segmentation", "Illegal instruction"):
        assert marker not in said, said


@pytest.mark.parametrize("engine_name", ["sqlite", "postgres"])
def test_a_backup_taken_under_load_restores_every_write_acknowledged_before_it(engine_name, demo_dir, tmp_path,
                                                                               request):
    postgres = request.getfixturevalue("postgres") if engine_name == "postgres" else None
    engine = sqlite_engine(demo_dir, tmp_path) if engine_name == "sqlite" else postgres_engine(postgres, tmp_path)
    key = new_key()
    engine.env["STEWARD_BACKUP_KEY"] = key
    staff = [a for a in engine.accounts["accounts"] if a["school"] == "st-cleopas" and "staff" in a["roles"]]
    tokens = {a["email"]: engine.token(a["email"]) for a in staff}
    reporter = tokens["teacher@stcleopas.example.org"]
    head = tokens["headteacher@stcleopas.example.org"]
    title = publish(engine, f"Backup Under Load {engine_name}")
    server = engine.serve()
    listed = requests.get(server.base + "/api/v1/policies", headers={"Authorization": f"Bearer {head}"},
                          timeout=30).json()
    policy_id = next(p["id"] for p in listed if p["title"] == title)
    acknowledged, reported = [], []
    lock = threading.Lock()
    stop = threading.Event()

    def acknowledge(people):
        for email in people:
            if stop.is_set():
                return
            answer = requests.post(server.base + f"/api/v1/policies/{policy_id}/acknowledgements", json={},
                                   headers={"Authorization": f"Bearer {tokens[email]}"}, timeout=60)
            if answer.status_code in (200, 201):
                with lock:
                    acknowledged.append(email)
            time.sleep(0.05)

    def report(writer):
        number = 0
        while not stop.is_set():
            number += 1
            answer = requests.post(server.base + "/api/v1/concerns", headers={"Authorization": f"Bearer {reporter}"},
                                   json={"category": "other", "whatHappened": f"Backup writer {writer} report {number}.",
                                         "platform": "Email", "involved": "unknown"}, timeout=60)
            if answer.status_code == 201:
                with lock:
                    reported.append(answer.json()["reference"])

    people = list(tokens)
    random.Random(17).shuffle(people)
    threads = [threading.Thread(target=acknowledge, args=(people[i::2],)) for i in range(2)]
    threads += [threading.Thread(target=report, args=(w,)) for w in range(3)]
    try:
        for thread in threads:
            thread.start()
        time.sleep(1.5)
        with lock:
            acknowledged_before, reported_before = list(acknowledged), list(reported)
        backup_file = tmp_path / "under-load.backup"
        made = engine.steward("backup", str(backup_file), check=False)
        assert made.returncode == 0, made.stdout + made.stderr
        time.sleep(0.5)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
        server.stop()
    assert reported_before and acknowledged_before, "the writers had not written anything before the backup"
    assert len(reported) > len(reported_before), "the writers did not carry on while the backup was taken"
    assert f"audit log to entry" in made.stdout and str(backup_file) in made.stdout, made.stdout

    # The file is encrypted: none of what was written is readable in it.
    raw = backup_file.read_bytes()
    assert raw.startswith(b"STWDBAK\x01")
    for reference in reported_before[:20]:
        assert reference.encode() not in raw
    assert b"SQLite format 3" not in raw and b"PGDMP" not in raw and b"stcleopas" not in raw

    target = tmp_path / "restored"
    env = {"STEWARD_BACKUP_KEY": key}
    if postgres:
        env["STEWARD_DATABASE_URL"] = postgres.create_database("steward_restored")
    restored = run_steward("restore", str(backup_file), "--data-dir", str(target), data_dir=engine.data_dir, env=env,
                           check=False, timeout=600)
    assert restored.returncode == 0, restored.stdout + restored.stderr
    checked = "integrity check passed" if engine_name == "sqlite" else "amcheck passed on"
    assert checked in restored.stdout and "audit log intact" in restored.stdout, restored.stdout

    verified = run_steward("audit", "verify", data_dir=target, env=env, check=False)
    assert verified.returncode == 0, verified.stdout + verified.stderr

    # Every write that got a 2xx before the backup began is in the restored copy, and the copy serves.
    restored_server = Server(target, engine.accounts, env=env)
    try:
        for email in set(acknowledged_before):
            listed = requests.get(restored_server.base + "/api/v1/policies",
                                  headers={"Authorization": f"Bearer {tokens[email]}"}, timeout=30).json()
            assert next(p["status"] for p in listed if p["id"] == policy_id) == "acknowledged", email
    finally:
        restored_server.stop()
    if postgres:
        references = set(postgres.psql("SELECT reference FROM cases", "steward_restored").splitlines())
    else:
        connection = sqlite3.connect(f"file:{target / 'steward.sqlite'}?mode=ro", uri=True)
        references = {row[0] for row in connection.execute("SELECT reference FROM cases")}
        connection.close()
    lost = [r for r in reported_before if r not in references]
    assert not lost, f"{len(lost)} concern reports acknowledged before the backup are missing: {lost[:5]}"
    print(f"\n{engine_name}: backup under load held {len(set(acknowledged_before))} acknowledgements and "
          f"{len(reported_before)} concern reports written before it ({len(reported)} reports in all)")


@pytest.fixture(scope="module")
def sqlite_backup(demo_dir, tmp_path_factory):
    """A backup of a copy of the demo school, with its key."""
    source, _ = demo_dir
    folder = tmp_path_factory.mktemp("backup")
    data = folder / "data"
    shutil.copytree(source, data)
    key = new_key()
    file = folder / "demo.backup"
    run_steward("backup", str(file), data_dir=data, env={"STEWARD_BACKUP_KEY": key})
    return file, key, data


def restore(file, target, key, env=None, cwd_data=None):
    environment = {"STEWARD_BACKUP_KEY": key or "", **(env or {})}
    return run_steward("restore", str(file), "--data-dir", str(target), data_dir=cwd_data or target.parent,
                       env=environment, check=False, timeout=300)


def damaged(file, tmp_path, name, change):
    data = bytearray(file.read_bytes())
    data = change(data)
    out = tmp_path / name
    out.write_bytes(bytes(data))
    return out


def flip(offset):
    def change(data):
        data[offset if offset >= 0 else len(data) + offset] ^= 0x20
        return data
    return change


BAD_FILES = [
    # name, change, exit status, what the message says
    ("empty", lambda d: bytearray(), 65, "not a Steward backup"),
    ("not-a-backup", lambda d: bytearray(b"SQLite format 3\x00" + bytes(200)), 65, "not a Steward backup"),
    ("header-only", lambda d: d[:44], 65, "incomplete"),
    ("cut-in-the-middle", lambda d: d[: len(d) // 2], 65, "incomplete"),
    ("last-byte-missing", lambda d: d[:-1], 65, "incomplete"),
    ("extra-byte", lambda d: d + b"\x00", 65, "extra bytes"),
    ("magic-changed", flip(0), 65, "not a Steward backup"),
    ("format-changed", flip(7), 65, "format 33"),
    ("salt-changed", flip(20), 65, "cannot be opened with this key"),
    ("chunk-size-changed", flip(42), 65, "cannot be opened with this key"),
    ("first-chunk-changed", flip(60), 65, "cannot be opened with this key"),
    ("tag-changed", flip(-1), 65, "cannot be opened with this key"),
]


@pytest.mark.parametrize("name,change,code,message", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_damaged_backup_is_refused_and_nothing_is_written(sqlite_backup, tmp_path, name, change, code, message):
    file, key, _ = sqlite_backup
    bad = damaged(file, tmp_path, name + ".backup", change)
    target = tmp_path / "target"
    result = restore(bad, target, key)
    no_crash(result)
    assert result.returncode == code, result.stdout + result.stderr
    assert message in result.stderr, result.stderr
    assert not target.exists(), list(target.iterdir())


def test_a_wrong_missing_or_malformed_key_is_refused(sqlite_backup, tmp_path):
    file, key, _ = sqlite_backup
    target = tmp_path / "target"
    cases = [
        (new_key(), 65, "cannot be opened with this key"),
        (None, 78, "STEWARD_BACKUP_KEY is not set"),
        ("", 78, "STEWARD_BACKUP_KEY is not set"),
        (key[:-2], 78, "is not a backup key"),
        (key + "00", 78, "is not a backup key"),
        (key[:-1] + "g", 78, "is not a backup key"),
        ("correct horse battery staple", 78, "is not a backup key"),
    ]
    for given, code, message in cases:
        result = restore(file, target, given)
        no_crash(result)
        assert result.returncode == code and message in result.stderr, (given, result.returncode, result.stderr)
        assert not target.exists()
    # The key may come with white space around it (a copied line), and then it works.
    result = restore(file, target, f"  {key.upper()}\n")
    assert result.returncode == 0, result.stderr


def test_a_restore_never_goes_over_existing_data(sqlite_backup, tmp_path):
    file, key, data = sqlite_backup
    # Into the live data directory itself, or any directory holding anything.
    before = {p.name: p.stat().st_mtime_ns for p in data.iterdir()}
    result = restore(file, data, key)
    assert result.returncode == 1 and "is not empty" in result.stderr, result.stderr
    assert {p.name: p.stat().st_mtime_ns for p in data.iterdir()} == before
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "notes.txt").write_text("keep me")
    result = restore(file, occupied, key)
    assert result.returncode == 1 and "is not empty" in result.stderr
    assert [p.name for p in occupied.iterdir()] == ["notes.txt"]
    # An empty directory that exists is fine, and is kept (emptied again) when the restore is refused.
    empty = tmp_path / "empty"
    empty.mkdir()
    result = restore(file, empty, new_key())
    assert result.returncode == 65 and empty.exists() and list(empty.iterdir()) == []
    empty.chmod(0o777)
    result = restore(file, empty, key)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in empty.iterdir()) == ["audit-checkpoints.log", "secret.key", "steward.sqlite"]
    # What was restored is its owner's alone.
    assert oct(empty.stat().st_mode & 0o777) == "0o700"
    for restored in empty.iterdir():
        assert oct(restored.stat().st_mode & 0o777) == "0o600", restored
    # A link given as the directory (even to nowhere) is refused and left as it was.
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "nowhere")
    result = restore(file, link, key)
    assert result.returncode == 1 and "symbolic link" in result.stderr
    assert link.is_symlink() and not (tmp_path / "nowhere").exists()
    # A file given as the directory.
    plain = tmp_path / "plain-file"
    plain.write_text("x")
    result = restore(file, plain, key)
    assert result.returncode == 1 and "is a file, not a directory" in result.stderr and plain.read_text() == "x"
    # A missing backup file.
    result = restore(tmp_path / "no-such.backup", tmp_path / "elsewhere", key)
    assert result.returncode == 1 and "cannot be read" in result.stderr
    assert not (tmp_path / "elsewhere").exists()


def test_a_backup_never_overwrites_a_file(sqlite_backup, tmp_path):
    file, key, data = sqlite_backup
    before = file.read_bytes()
    result = run_steward("backup", str(file), data_dir=data, env={"STEWARD_BACKUP_KEY": key}, check=False)
    assert result.returncode == 1 and "already exists" in result.stderr, result.stderr
    assert file.read_bytes() == before
    result = run_steward("backup", str(tmp_path / "no-such-folder" / "x.backup"), data_dir=data,
                         env={"STEWARD_BACKUP_KEY": key}, check=False)
    assert result.returncode == 1 and "is not a directory that exists" in result.stderr, result.stderr
    result = run_steward("backup", str(tmp_path / "x.backup"), data_dir=data, env={"STEWARD_BACKUP_KEY": "short"},
                         check=False)
    assert result.returncode == 78 and "openssl rand -hex 32" in result.stderr
    assert not (tmp_path / "x.backup").exists()
    # Without STEWARD_BACKUP_KEY the server's own key is made once, kept private, said out loud and used again.
    own = tmp_path / "own"
    shutil.copytree(data, own)
    first = run_steward("backup", str(tmp_path / "first.backup"), data_dir=own, env={"STEWARD_BACKUP_KEY": ""})
    assert "Made a new backup key" in first.stdout
    assert oct((own / "backup.key").stat().st_mode & 0o777) == "0o600"
    second = run_steward("backup", str(tmp_path / "second.backup"), data_dir=own, env={"STEWARD_BACKUP_KEY": ""})
    assert "Made a new backup key" not in second.stdout
    made_key = (own / "backup.key").read_text().strip()
    assert restore(tmp_path / "second.backup", tmp_path / "from-own", made_key).returncode == 0
    # The backup key is never inside a backup.
    assert made_key.encode() not in (tmp_path / "from-own" / "secret.key").read_bytes()


def test_a_backup_needs_a_database_and_never_replaces_a_key(sqlite_backup, tmp_path):
    _, key, data = sqlite_backup
    # A mistyped data directory: refused before anything is made there, with or without a key.
    for env in ({"STEWARD_BACKUP_KEY": key}, {"STEWARD_BACKUP_KEY": ""}):
        result = run_steward("backup", str(tmp_path / "typo.backup"), data_dir=tmp_path / "typo-dir", env=env,
                             check=False)
        assert result.returncode == 1 and "There is no Steward database" in result.stderr, result.stderr
        assert not (tmp_path / "typo-dir").exists() and not (tmp_path / "typo.backup").exists()
    # A key file that is there but cannot be read (a link to a secret not mounted yet) is never replaced.
    linked = tmp_path / "linked"
    shutil.copytree(data, linked)
    (linked / "backup.key").unlink(missing_ok=True)
    (linked / "backup.key").symlink_to(tmp_path / "secrets-not-mounted" / "backup.key")
    result = run_steward("backup", str(tmp_path / "linked.backup"), data_dir=linked, env={"STEWARD_BACKUP_KEY": ""},
                         check=False)
    assert result.returncode == 1 and "is there but cannot be read" in result.stderr, result.stderr
    assert (linked / "backup.key").is_symlink() and not (tmp_path / "linked.backup").exists()
    # A malformed key stops the server at start-up, as every bad setting does.
    result = run_steward("serve", "--port", "1", data_dir=data, env={"STEWARD_BACKUP_KEY": "not-a-key"}, check=False,
                         timeout=60)
    assert result.returncode == 78 and "STEWARD_BACKUP_KEY" in result.stderr, result.stderr


def test_a_backup_restores_only_into_its_own_engine(sqlite_backup, tmp_path, postgres):
    file, key, _ = sqlite_backup
    url = postgres.create_database("steward_wrong_engine")
    result = restore(file, tmp_path / "target", key, env={"STEWARD_DATABASE_URL": url})
    assert result.returncode == 1 and "restores into SQLite only" in result.stderr, result.stderr
    assert not (tmp_path / "target").exists() and tables_in(postgres, "steward_wrong_engine") == 0


def test_a_postgres_backup_goes_only_into_an_empty_postgres_database(demo_dir, tmp_path, postgres):
    engine = postgres_engine(postgres, tmp_path)
    key = new_key()
    file = tmp_path / "pg.backup"
    engine.env["STEWARD_BACKUP_KEY"] = key
    made = engine.steward("backup", str(file))
    assert "(postgresql," in made.stdout
    # Into SQLite: refused.
    result = restore(file, tmp_path / "sqlite-target", key)
    assert result.returncode == 1 and "restores into PostgreSQL only" in result.stderr, result.stderr
    assert not (tmp_path / "sqlite-target").exists()
    # Into a database in use (the source itself): refused, and the database is as it was.
    before = postgres.psql("SELECT count(*) FROM audit_entries", "steward_crash")
    result = restore(file, tmp_path / "target", key, env={"STEWARD_DATABASE_URL": engine.env["STEWARD_DATABASE_URL"]})
    no_crash(result)
    assert result.returncode == 1 and "already holds" in result.stderr and "tables" in result.stderr, result.stderr
    assert not (tmp_path / "target").exists()
    assert postgres.psql("SELECT count(*) FROM audit_entries", "steward_crash") == before
    # Into an empty one: restored, checked, and the audit log records the restore after the backup's entries.
    url = postgres.create_database("steward_pg_restored")
    result = restore(file, tmp_path / "target", key, env={"STEWARD_DATABASE_URL": url})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "amcheck passed on" in result.stdout and "audit log intact" in result.stdout
    actions = postgres.psql("SELECT action FROM audit_entries ORDER BY seq DESC LIMIT 2", "steward_pg_restored")
    assert actions.splitlines() == ["backup.restored", "backup.made"] or actions.splitlines()[0] == "backup.restored"
    # Nothing was left behind: amcheck's extension was only there during the check.
    assert postgres.psql("SELECT count(*) FROM pg_extension WHERE extname = 'amcheck'", "steward_pg_restored") == "0"


def test_the_server_schedules_a_nightly_backup(server):
    status = run_steward("jobs", "status", data_dir=server.data_dir)
    line = next((l for l in status.stdout.splitlines() if l.startswith("Job backup.daily")), None)
    assert line is not None, status.stdout
    assert "T01:00:00Z" in line, line
