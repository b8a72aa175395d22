#!/usr/bin/env python3
"""Copies every row of a Steward SQLite file into a PostgreSQL database that `steward migrate` has just made (same
version, so the same tables), converting each value to its PostgreSQL column's type: for benchmarks that need the same
data on both engines (benchmarks/backup). The audit log is copied as it is, so with the same secret key it verifies.
Needs psycopg2 (installed from PyPI if missing) and a role that may set session_replication_role (the test cluster's).
    sqlite_to_postgres.py SQLITE_FILE POSTGRES_URL"""
import datetime
import sqlite3
import subprocess
import sys

try:
    import psycopg2
    import psycopg2.extras
except ImportError:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "psycopg2-binary"], check=True)
    import psycopg2
    import psycopg2.extras

source, url = sys.argv[1], sys.argv[2]
lite = sqlite3.connect(source)
pg = psycopg2.connect(url)
cursor = pg.cursor()
cursor.execute("SET session_replication_role = replica")  # no foreign-key or append-only triggers while copying
cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
tables = [row[0] for row in cursor.fetchall()]
cursor.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables))


def converter(kind):
    if kind == "boolean":
        return lambda v: None if v is None else bool(v)
    if kind.startswith("timestamp"):
        def stamp(v):
            if v is None or isinstance(v, str):
                return v
            return datetime.datetime.fromtimestamp(v, datetime.timezone.utc)
        return stamp
    if kind == "date":
        return lambda v: v if v is None or isinstance(v, str) else datetime.date(1970, 1, 1) + datetime.timedelta(days=v)
    if kind == "bytea":
        return lambda v: None if v is None else psycopg2.Binary(bytes(v) if not isinstance(v, str) else v.encode())
    return lambda v: v


copied = 0
for table in tables:
    cursor.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' "
                   "AND table_name = %s", (table,))
    kinds = dict(cursor.fetchall())
    lite_columns = [row[1] for row in lite.execute(f'PRAGMA table_info("{table}")')]
    columns = [c for c in lite_columns if c in kinds]
    if not columns:
        continue
    convert = [converter(kinds[c]) for c in columns]
    rows = [[f(v) for f, v in zip(convert, row)]
            for row in lite.execute(f'SELECT {", ".join(chr(34) + c + chr(34) for c in columns)} FROM "{table}"')]
    if rows:
        psycopg2.extras.execute_values(
            cursor, f'INSERT INTO "{table}" ({", ".join(chr(34) + c + chr(34) for c in columns)}) VALUES %s', rows,
            page_size=1000)
        copied += len(rows)
pg.commit()
print(f"copied {copied} rows in {len(tables)} tables into PostgreSQL")
