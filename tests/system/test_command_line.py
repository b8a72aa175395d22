"""The `steward` command as an operator uses it: demo, audit verify, token create, bad configuration."""
import json
import sqlite3
import urllib.error
import urllib.request

import shutil

from conftest import ROOT, Server, run_steward

TWO_FACTOR_ROLES = {"headteacher", "safeguarding_lead", "hr", "chair_of_governors", "trust_admin"}


def test_demo_json_lists_three_schools_and_every_role(demo_dir):
    _, accounts = demo_dir
    assert {s["slug"] for s in accounts["schools"]} == {"st-cleopas", "holy-trinity", "northfield"}
    assert any(s["name"] == "St Cleopas C of E Primary School" for s in accounts["schools"])
    roles = {r for a in accounts["accounts"] for r in a["roles"]}
    assert roles == {"staff", "line_manager", "headteacher", "safeguarding_lead", "hr", "chair_of_governors",
                     "governor", "social_media_admin", "trust_admin"}
    for account in accounts["accounts"]:
        needs = bool(TWO_FACTOR_ROLES & set(account["roles"]))
        assert (account["totp_secret"] is not None) == needs, account["email"]
        assert set(account) == {"email", "password", "school", "roles", "totp_secret"}


def test_demo_again_reuses_the_database_and_prints_the_same_accounts(demo_dir, tmp_path):
    source, accounts = demo_dir
    again = run_steward("demo", "--data-dir", str(source), "--seed-only", "--json", data_dir=source)
    assert json.loads(again.stdout) == accounts


def _serve_briefly(args, data, port):
    """Starts the binary with `args`, waits until it answers, asks for a missing page, stops it: (stdout, stderr)."""
    import os
    import subprocess
    import time
    from conftest import BINARY
    process = subprocess.Popen(
        [str(BINARY), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, "STEWARD_DATA_DIR": str(data)})
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/no-such-page", timeout=5)
        except urllib.error.HTTPError:
            pass
    finally:
        process.terminate()
        out, err = process.communicate(timeout=60)
    return out, err


def test_log_lines_go_to_standard_error(demo_dir, tmp_path):
    """What a command prints is its output; the log is on standard error, so scripts can read the one without the
    other (`demo --json` is read as JSON while the demo serves)."""
    from conftest import free_port
    source, accounts = demo_dir
    data = tmp_path / "served"
    shutil.copytree(source, data)
    port = free_port()
    out, err = _serve_briefly(["serve", "--hostname", "127.0.0.1", "--port", str(port)], data, port)
    assert "Server started" in err, err
    assert "Server started" not in out, out
    port = free_port()
    out, err = _serve_briefly(["demo", "--data-dir", str(data), "--port", str(port), "--json"], data, port)
    assert json.loads(out) == accounts


def test_demo_rejects_bad_options(tmp_path):
    result = run_steward("demo", "--port", "99999", data_dir=tmp_path, check=False)
    assert result.returncode == 64
    assert "--port" in result.stderr


def test_audit_verify_passes_then_names_a_changed_entry(demo_dir, tmp_path):
    source, _ = demo_dir
    data = tmp_path / "d"
    import shutil
    shutil.copytree(source, data)
    ok = run_steward("audit", "verify", data_dir=data)
    assert ok.returncode == 0
    assert "intact" in ok.stdout
    db = sqlite3.connect(data / "steward.sqlite")
    db.execute("DROP TRIGGER audit_entries_no_update")
    db.execute("UPDATE audit_entries SET details = '{\"people\":\"1\"}' WHERE seq = 1")
    db.commit()
    db.close()
    broken = run_steward("audit", "verify", data_dir=data, check=False)
    assert broken.returncode == 1
    assert "entry 1" in broken.stdout + broken.stderr


def test_school_time_zone_shows_sets_and_refuses(demo_dir, tmp_path):
    source, _ = demo_dir
    data = tmp_path / "tz"
    import shutil
    shutil.copytree(source, data)
    shown = run_steward("school", "time-zone", "--school", "st-cleopas", data_dir=data)
    assert shown.stdout.strip().splitlines()[-1] == "Europe/London"
    changed = run_steward("school", "time-zone", "--school", "st-cleopas", "--set", "Europe/Dublin", data_dir=data)
    assert "Europe/Dublin" in changed.stdout
    for bad in ["BST", "Mars/Olympus", "GMT+1", "", "Etc/GMT+5"]:
        refused = run_steward("school", "time-zone", "--school", "st-cleopas", "--set", bad, data_dir=data,
                              check=False)
        assert refused.returncode == 64, bad
        assert "not a time zone" in refused.stdout + refused.stderr
    unknown = run_steward("school", "time-zone", "--school", "nowhere", data_dir=data, check=False)
    assert unknown.returncode == 64
    db = sqlite3.connect(data / "steward.sqlite")
    assert db.execute("SELECT time_zone FROM schools WHERE slug = 'st-cleopas'").fetchone()[0] == "Europe/Dublin"
    assert db.execute("SELECT count(*) FROM audit_entries WHERE action = 'school.time_zone_changed'").fetchone()[0] == 1
    db.close()
    assert run_steward("audit", "verify", data_dir=data).returncode == 0


def test_token_create_prints_a_token_that_opens_the_api(server):
    result = run_steward("token", "create", "--email", "hr@stcleopas.example.org", "--name", "MIS sync",
                         data_dir=server.data_dir)
    token = result.stdout.strip().splitlines()[-1]
    assert token.startswith("stw_")
    request = urllib.request.Request(server.base + "/api/v1/me", headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request) as response:
        me = json.load(response)
    assert me["person"]["email"] == "hr@stcleopas.example.org"
    missing = run_steward("token", "create", "--email", "nobody@example.org", "--name", "x",
                          data_dir=server.data_dir, check=False)
    assert missing.returncode == 1
    bad = run_steward("token", "create", "--email", "not-an-email", "--name", "x", data_dir=server.data_dir,
                      check=False)
    assert bad.returncode == 64


def test_a_bad_setting_stops_start_up_naming_the_variable(tmp_path):
    result = run_steward("serve", data_dir=tmp_path, env={"STEWARD_DATABASE_URL": "mysql://x"}, check=False)
    assert result.returncode == 78
    assert "STEWARD_DATABASE_URL" in result.stderr
    result = run_steward("serve", data_dir=tmp_path, env={"STEWARD_TRUSTED_PROXIES": "not-an-ip"}, check=False)
    assert result.returncode == 78
    assert "STEWARD_TRUSTED_PROXIES" in result.stderr
    for mail in ("smtp://mail.example.org", "sendmail:relative/path", "file:"):
        result = run_steward("serve", data_dir=tmp_path, env={"STEWARD_MAIL": mail}, check=False)
        assert result.returncode == 78, mail
        assert "STEWARD_MAIL" in result.stderr
    result = run_steward("serve", data_dir=tmp_path, env={"STEWARD_MAIL_FROM": "x@y.org\r\nBcc: z@y.org"},
                         check=False)
    assert result.returncode == 78
    assert "STEWARD_MAIL_FROM" in result.stderr
    for address in ("javascript:alert(1)", "https://x.example; script-src *", "ftp://x.example/r", "reports",
                    "https://a.example/r b", "https://a.example/r,https://b.example/r"):
        result = run_steward("serve", data_dir=tmp_path, env={"STEWARD_CSP_REPORT_URI": address}, check=False)
        assert result.returncode == 78, address
        assert "STEWARD_CSP_REPORT_URI" in result.stderr, address


def test_a_csp_report_address_is_named_in_the_policy_and_absent_without_one(demo_dir, tmp_path):
    source, accounts = demo_dir
    for address in (None, "https://reports.example.org/csp?school=1"):
        data = tmp_path / ("with" if address else "without")
        shutil.copytree(source, data)
        server = Server(data, accounts, env={"STEWARD_CSP_REPORT_URI": address} if address else {})
        try:
            with urllib.request.urlopen(server.base + "/login") as response:
                policy = response.headers["Content-Security-Policy"]
        finally:
            server.stop()
        assert "script-src 'self'" in policy
        if address:
            assert policy.endswith("; report-uri " + address), policy
        else:
            assert "report-uri" not in policy, policy


def test_serve_runs_as_production_unless_told_otherwise(demo_dir, tmp_path):
    """Production reads each template once; development (asked for by --env or VAPOR_ENV) re-reads it."""
    source, accounts = demo_dir
    resources = tmp_path / "resources"
    shutil.copytree(ROOT / "Resources", resources / "Resources")
    shutil.copytree(ROOT / "Public", resources / "Public")
    login = resources / "Resources" / "Views" / "session" / "login.leaf"
    original = login.read_text()
    cases = ((("serve",), {}, "production"), (("serve", "--env", "development"), {}, "development"),
             (("serve",), {"VAPOR_ENV": "development"}, "development"),
             (("serve", "--env", "production"), {"VAPOR_ENV": "development"}, "production"))
    for number, (args, env, expected) in enumerate(cases):
        login.write_text(original)
        data = tmp_path / f"data{number}"
        shutil.copytree(source, data)
        environment = {"STEWARD_RESOURCES_DIR": str(resources) + "/", "VAPOR_ENV": "", **env}
        server = Server(data, accounts, env=environment, args=args[1:])
        try:
            first = urllib.request.urlopen(server.base + "/login").read().decode()
            assert "Sign in" in first
            login.write_text(original.replace("<h1>Sign in</h1>", "<h1>Sign in</h1><p>changed-under-a-running-server</p>", 1))
            second = urllib.request.urlopen(server.base + "/login").read().decode()
        finally:
            server.stop()
        assert ("changed-under-a-running-server" in second) == (expected == "development"), (args, env)
    help_text = run_steward("serve", "--help", data_dir=tmp_path).stdout
    assert "production environment" in help_text


def test_health_over_a_socket(server):
    with urllib.request.urlopen(server.base + "/healthz") as response:
        assert json.load(response) == {"status": "ok", "database": "sqlite"}
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_an_oversized_form_is_refused_with_413_and_no_internals(server):
    body = ("forename=" + "x" * 40_000).encode()
    request = urllib.request.Request(server.base + "/login", data=body, method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        urllib.request.urlopen(request)
        raise AssertionError("expected an error")
    except urllib.error.HTTPError as error:
        assert error.code == 413
        text = error.read().decode()
        assert "Vapor" not in text and ".swift" not in text
        assert "frame-ancestors 'none'" in error.headers["Content-Security-Policy"]


def test_malformed_requests_never_get_a_500(server):
    # Each is refused for what it is, with a plain message: a form that does not read as text (400), no form token
    # (403), or no such API route (404).
    cases = [
        ("/login", b"%%%zz=\xff\xfe", "application/x-www-form-urlencoded", 400, "The form could not be read"),
        ("/login", b"{not json", "application/json", 403, "This form has expired"),
        ("/people", b"forename=a", "multipart/form-data; boundary=nothing", 403, "This form has expired"),
        ("/api/v1/me", b"{", "application/json", 404, '"error":true'),
    ]
    for path, body, content_type, expected, message in cases:
        request = urllib.request.Request(server.base + path, data=body, method="POST",
                                         headers={"Content-Type": content_type})
        try:
            with urllib.request.urlopen(request) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode()
        assert status == expected, (path, status, text[:300])
        assert message in text, (path, text[:300])
        assert "Vapor" not in text and ".swift" not in text
