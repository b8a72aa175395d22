"""The command line behaves (issue 19, item 10): every command's help, and every kind of bad usage, is answered
before anything is touched; bad usage exits 64 with a message on standard error; `steward screen` gives lines and
columns and says when pupils' names were not checked."""
import json
import os
import subprocess

import pytest

from conftest import BINARY

GROUPS = {
    "audit": ["verify"],
    "token": ["create"],
    "import": ["people", "pupils"],
    "jobs": ["run", "status"],
    "mail": ["test"],
    "policy": ["import", "check"],
    "school": ["time-zone"],
}
SINGLE = ["serve", "demo", "migrate", "routes", "backup", "restore", "screen", "screen-eval", "strip-metadata"]
LEAVES = [[name] for name in SINGLE] + [[group, sub] for group, subs in GROUPS.items() for sub in subs]
EVERY_COMMAND = [[]] + [[group] for group in GROUPS] + LEAVES


def steward(*args, cwd, stdin=""):
    """Runs the binary in `cwd` with its data directory pointing at a path that does not exist yet."""
    environment = {**os.environ, "STEWARD_DATA_DIR": str(cwd / "data-dir")}
    environment.pop("STEWARD_DATABASE_URL", None)
    return subprocess.run([str(BINARY), *args], capture_output=True, text=True, env=environment, cwd=cwd,
                          input=stdin, timeout=60)


@pytest.mark.parametrize("command", EVERY_COMMAND, ids=lambda c: " ".join(c) or "steward")
def test_help_prints_help_and_touches_nothing(command, tmp_path):
    for args in ([*command, "--help"], [*command, "-h"], ["help", *command]):
        result = steward(*args, cwd=tmp_path)
        assert result.returncode == 0, (args, result.stderr)
        assert "USAGE: steward" in result.stdout, args
        assert result.stderr == "", args
    assert list(tmp_path.iterdir()) == [], "help created files"


def test_root_help_lists_every_command(tmp_path):
    text = " ".join(steward("--help", cwd=tmp_path).stdout.split())
    for command in LEAVES:
        assert " ".join(command) in text, command
    for group, subcommands in GROUPS.items():
        group_help = steward(group, "--help", cwd=tmp_path).stdout
        for sub in subcommands:
            assert f"\n  {sub} " in group_help, (group, sub)


BAD_USAGE = [
    ["no-such-command"],
    ["--no-such-option"],
    ["serve", "--port", "0"],
    ["serve", "--port", "eighty"],
    ["serve", "--bind", "localhost"],
    ["serve", "--bind", "127.0.0.1:8080", "--port", "8081"],
    ["serve", "--log", "loudly"],
    ["serve", "--env"],
    ["demo", "--port", "99999"],
    ["demo", "--data-dir", ""],
    ["demo", "extra"],
    ["migrate", "--revert", "now"],
    # Asking needs a terminal: with standard input closed, --yes must answer.
    ["migrate"],
    ["migrate", "--revert"],
    ["routes", "all"],
    *[[group] for group in GROUPS],
    ["audit", "verify", "everything"],
    ["backup"],
    ["backup", ""],
    ["backup", "a.backup", "b.backup"],
    ["restore", "a.backup"],
    ["restore", "--data-dir", "new"],
    ["restore", "a.backup", "--data-dir", ""],
    ["restore", "a.backup", "b.backup", "--data-dir", "new"],
    ["token", "create", "--name", "MIS sync"],
    ["token", "create", "--email", "not-an-email", "--name", "MIS sync"],
    ["token", "create", "--email", "hr@example.org", "--name", "MIS sync", "--days", "5"],
    ["token", "create", "--email", "hr@example.org", "--name", ""],
    ["import", "people", "staff.csv"],
    ["import", "people", "--school", "st-cleopas"],
    ["import", "pupils", "--school", "st-cleopas", "a.csv", "b.csv"],
    ["jobs", "run", "--twice"],
    ["jobs", "status", "now"],
    ["mail", "test"],
    ["mail", "test", "--to", "office"],
    ["mail", "test", "--to", "office@example.org", "--count", "0"],
    ["policy", "import", "--school", "st-cleopas"],
    ["policy", "import", "--school", "st-cleopas", "p.md", "--minor", "typo"],
    ["policy", "import", "--school", "st-cleopas", "p.md", "--publish", "--deadline", "400"],
    ["policy", "check"],
    ["policy", "check", "a.docx", "b.pdf"],
    ["school", "time-zone"],
    ["school", "time-zone", "--school", "st-cleopas", "--set", "BST"],
    ["screen", "--roster"],
    ["screen", "--bogus", "a.txt"],
    ["screen-eval"],
    ["strip-metadata", "photo.jpg"],
    *[[*command, "--no-such-option"] for command in LEAVES],
]


@pytest.mark.parametrize("args", BAD_USAGE, ids=lambda a: " ".join(a))
def test_bad_usage_exits_64_with_a_message_and_touches_nothing(args, tmp_path):
    result = steward(*args, cwd=tmp_path)
    assert result.returncode == 64, (result.stdout, result.stderr)
    assert result.stderr.startswith("Error: "), result.stderr
    assert "Usage: steward" in result.stderr
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


ROSTER = "Legal Forename,Legal Surname,Name On Social Media\nJack,Smith,no\n"


def test_screen_gives_line_and_column_whatever_ends_the_lines(tmp_path):
    draft = tmp_path / "draft.txt"
    # CRLF, then a lone CR; "Zoë" with a combining accent is three columns, not four.
    draft.write_bytes("Sports day\r\n\r\nZoe\u0301 and Jack Smith won\rWell done Jack Smith".encode())
    (tmp_path / "pupils.csv").write_text(ROSTER)

    text = steward("screen", "--roster", "pupils.csv", "draft.txt", cwd=tmp_path)
    as_json = steward("screen", "--roster", "pupils.csv", "--json", "draft.txt", cwd=tmp_path)

    assert text.returncode == 2
    assert 'at 3:9 "Jack Smith"' in text.stdout
    assert 'at 4:11 "Jack Smith"' in text.stdout
    findings = json.loads(as_json.stdout)[0]["findings"]
    assert [(f["line"], f["column"], f["start"]) for f in findings if f["text"] == "Jack Smith"] == [
        (3, 9, 23), (4, 11, 48)]
    for finding in findings:
        assert {"category", "kind", "severity", "clause", "start", "end", "text", "message", "line",
                "column"} == set(finding)


def test_screen_without_a_roster_warns_that_pupils_names_were_not_checked(tmp_path):
    (tmp_path / "pupils.csv").write_text(ROSTER)

    without = steward("screen", cwd=tmp_path, stdin="Well done Jack Smith")
    with_roster = steward("screen", "--roster", "pupils.csv", "-", cwd=tmp_path, stdin="Well done Jack Smith")

    assert without.returncode == 0
    assert "pupils' names were not checked" in without.stderr
    assert "--roster" in without.stderr
    assert with_roster.returncode == 2
    assert "not checked" not in with_roster.stderr
