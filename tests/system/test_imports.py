"""Importing real export files with the command line: a 5,000-row staff file as Windows-1252 with semicolons, and
a 2,000-pupil roster as UTF-8 with a byte-order mark: all at once, audited, and a second import changes nothing."""
import random
import shutil
import sqlite3

from conftest import run_steward


def count(data, table, where="1=1"):
    with sqlite3.connect(data / "steward.sqlite") as db:
        return db.execute(f"SELECT COUNT(*) FROM {table} WHERE {where}").fetchone()[0]


def fresh(demo_dir, tmp_path):
    source, _ = demo_dir
    data = tmp_path / "data"
    shutil.copytree(source, data)
    return data


def test_a_5000_row_staff_file_imports_whole_and_again_changes_nothing(demo_dir, tmp_path):
    data = fresh(demo_dir, tmp_path)
    rng = random.Random(3)
    forenames = ["Zoë", "Siân", "José", "Anaïs", "Chloé", "Ben", "Priya", "Łukasz"]  # Ł is not in Windows-1252
    lines = ["Legal Surname;Legal Forename;Work Email;Staff Type;Job Title;Start Date;Leaving Date;Line Manager Email"]
    for i in range(5000):
        forename = forenames[i % 7]  # only names Windows-1252 can carry
        manager = "" if i < 40 else f"staff{rng.randrange(0, 40)}@stcleopas.example.org"
        start = f"{1 + i % 28:02d}/{1 + i % 12:02d}/20{10 + i % 15}" if i % 2 else f"20{10 + i % 15}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        title = '"Teacher\nYear ' + str(i % 7) + '"' if i % 50 == 0 else f"Teaching assistant {i % 9}"
        kind = ["Teacher", "Support Staff", "Governor", "Volunteer"][i % 4]
        lines.append(f"Surname{i};{forename};staff{i}@stcleopas.example.org;{kind};{title};{start};;{manager}")
    staff = tmp_path / "staff.csv"
    staff.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))

    people_before = count(data, "people")
    dry = run_steward("import", "people", "--school", "st-cleopas", str(staff), "--dry-run", data_dir=data,
                      timeout=600)
    assert "5000 to add, 0 to change, 0 to deactivate" in dry.stdout
    assert count(data, "people") == people_before

    run_steward("import", "people", "--school", "st-cleopas", str(staff), data_dir=data, timeout=600)
    assert count(data, "people") == people_before + 5000
    assert count(data, "people", "email = 'staff1@stcleopas.example.org' AND forename = 'Siân'") == 1
    assert count(data, "people", "job_title = 'Teacher Year 0'") > 0  # the quoted line break, kept as a space
    assert count(data, "people", "email LIKE 'staff%' AND line_manager_id IS NULL") == 40
    assert count(data, "audit_entries", "action = 'person.created'") == 5000
    assert count(data, "audit_entries", "action = 'import.people'") == 1
    assert run_steward("audit", "verify", data_dir=data).returncode == 0

    again = run_steward("import", "people", "--school", "st-cleopas", str(staff), data_dir=data, timeout=600)
    assert "0 to add, 0 to change, 0 to deactivate, 5000 unchanged" in again.stdout

    # One bad row among 5,000: nothing written, the row named by its line.
    lines[2500] = lines[2500].replace("@stcleopas.example.org;", "@;", 1)
    staff.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    entries = count(data, "audit_entries")
    bad = run_steward("import", "people", "--school", "st-cleopas", str(staff), data_dir=data, check=False,
                      timeout=600)
    assert bad.returncode != 0
    # Line numbers count the file's lines: 50 quoted job titles above it each span two.
    assert "line 2551: 'staff2499@' is not a valid email address" in bad.stdout + bad.stderr
    assert count(data, "audit_entries") == entries


def test_a_2000_pupil_roster_imports_whole_and_again_changes_nothing(demo_dir, tmp_path):
    data = fresh(demo_dir, tmp_path)
    rows = ["Legal Forename,Preferred Forename,Legal Surname,Year Group,Class,Date of Birth,Photo In School,"
            "Photo On Website,Photo On Social Media,Name On Social Media"]
    for i in range(2000):
        consent = ["Yes", "No", ""][i % 3]
        rows.append(f"Pupil{i},{'Zoë' if i % 10 == 0 else ''},\"Family, {i}\",{i % 7},C{i % 14},"
                    f"{1 + i % 28:02d}/{1 + i % 12:02d}/20{14 + i % 7},yes,{consent},{consent},no")
    roster = tmp_path / "pupils.csv"
    roster.write_bytes(b"\xef\xbb\xbf" + "\n".join(rows).encode("utf-8"))
    before = count(data, "pupils")
    run_steward("import", "pupils", "--school", "st-cleopas", str(roster), data_dir=data, timeout=600)
    assert count(data, "pupils") == before + 2000
    assert count(data, "pupils", "preferred_forename = 'Zoë'") == 200
    assert count(data, "pupils", "legal_surname = 'Family, 7'") == 1
    # Blank consent means no.
    assert count(data, "pupils", "legal_forename = 'Pupil2' AND photo_on_social_media = 0") == 1
    again = run_steward("import", "pupils", "--school", "st-cleopas", str(roster), data_dir=data, timeout=600)
    assert "0 to add" in again.stdout
    assert run_steward("audit", "verify", data_dir=data).returncode == 0
