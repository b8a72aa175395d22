"""The hostile sweep's shortcut (sqlite_changes.py): reading again only the tables whose pages a commit wrote must
give exactly what reading every table gives, whatever a writer does: rows added, small and large (overflow pages),
changed in place with the same length (only an overflow page written), deleted, tables emptied, and the log
checkpointed and restarted under the reader."""
import random
import sqlite3

from hostile_sweep import Store

TABLES = []


def writer_for(data_dir):
    TABLES[:] = ["alpha", "beta", "gamma", "delta"]
    db = sqlite3.connect(data_dir / "steward.sqlite", isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA wal_autocheckpoint = 200")
    db.execute("CREATE TABLE audit_entries (seq INTEGER PRIMARY KEY, action TEXT, target TEXT, details TEXT)")
    for table in TABLES:
        db.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, label TEXT, body TEXT)")
        db.execute(f"CREATE INDEX {table}_label ON {table} (label)")
    return db


def change(db, rng):
    """One committed change to one table, chosen at random; answers what it did."""
    table = rng.choice(TABLES)
    ids = [row[0] for row in db.execute(f"SELECT id FROM {table}")]
    kinds = ["insert small", "insert large", "same length", "overflow only", "delete", "empty", "two tables"]
    kind = "checkpoint" if rng.random() < 0.04 else rng.choice(kinds if ids else kinds[:2])
    db.execute("BEGIN")
    if kind == "insert small":
        db.execute(f"INSERT INTO {table} (label, body) VALUES (?, ?)", (f"l{rng.randrange(99)}", "x" * 20))
    elif kind == "insert large":
        db.execute(f"INSERT INTO {table} (label, body) VALUES (?, ?)", ("big", "y" * rng.randrange(5000, 40000)))
    elif kind == "same length":
        target = rng.choice(ids)
        db.execute(f"UPDATE {table} SET label = substr('abcdefgh', ?, 2) WHERE id = ?", (rng.randrange(1, 7), target))
    elif kind == "overflow only":
        # The last character of a long body: SQLite writes only the overflow page that holds it.
        target = rng.choice(ids)
        db.execute(f"UPDATE {table} SET body = substr(body, 1, length(body) - 1) || ? WHERE id = ?",
                   (rng.choice("pqrstuv"), target))
    elif kind == "delete":
        db.execute(f"DELETE FROM {table} WHERE id = ?", (rng.choice(ids),))
    elif kind == "empty":
        db.execute(f"DELETE FROM {table}")
    elif kind == "two tables":
        other = rng.choice([t for t in TABLES if t != table])
        db.execute(f"INSERT INTO {other} (label, body) VALUES ('pair', 'z')")
        db.execute(f"UPDATE {table} SET label = 'paired' WHERE id = ?", (rng.choice(ids),))
    db.execute("COMMIT")
    if kind == "insert small" and rng.random() < 0.01:
        # Rarely, a new table (as a migration would make): the shortcut must notice the schema changed.
        name = f"epsilon{len(TABLES)}"
        db.execute(f"CREATE TABLE {name} (id INTEGER PRIMARY KEY, label TEXT, body TEXT)")
        db.execute(f"INSERT INTO {name} (label, body) VALUES ('new', 'table')")
        TABLES.append(name)
    if kind == "checkpoint":
        db.execute(f"PRAGMA wal_checkpoint({rng.choice(['PASSIVE', 'RESTART', 'TRUNCATE'])})")
    return f"{kind} {table}"


def test_reading_only_the_tables_a_commit_wrote_matches_reading_them_all(tmp_path):
    writer = writer_for(tmp_path)
    store, whole = Store(tmp_path), Store(tmp_path)
    rng = random.Random(15)
    store.snapshot()
    done = []
    for step in range(600):
        # Sometimes several commits between two looks, as when a request writes more than once.
        for _ in range(rng.choice([1, 1, 1, 2, 5])):
            done.append(change(writer, rng))
        quick = store.snapshot()["tables"]
        full = whole.snapshot(whole=True)["tables"]
        assert quick == full, f"after step {step} ({done[-3:]}), the shortcut differs: " + str(
            {t: (quick.get(t), full.get(t)) for t in full if quick.get(t) != full.get(t)})
    # The shortcut was taken (not every look fell back to reading everything), and the log was restarted under it.
    assert store.reader.partial_reads > 300, store.reader.partial_reads
    assert any(d.startswith("checkpoint") for d in done)
    assert len(TABLES) > 4, "no table was added"


def test_a_change_made_in_place_with_the_same_length_is_seen(tmp_path):
    """The case a count and a highest rowid cannot see: one character of a long body, changed in place."""
    writer = writer_for(tmp_path)
    writer.execute("INSERT INTO alpha (label, body) VALUES ('big', ?)", ("y" * 30000,))
    store = Store(tmp_path)
    before = store.snapshot()
    writer.execute("UPDATE alpha SET body = substr(body, 1, 29999) || 'z'")
    after = store.snapshot()
    assert store.reader.partial_reads == 1
    assert before["tables"]["alpha"][:2] == after["tables"]["alpha"][:2]
    assert before["tables"]["alpha"][2] != after["tables"]["alpha"][2]
    assert after["tables"]["beta"] == before["tables"]["beta"]
