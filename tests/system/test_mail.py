"""Outgoing mail from the running server: a forgotten password in Chromium, the in-process runner that delivers it,
`serve --no-jobs` with `steward jobs run --once`, and a sendmail program that fails and then recovers."""
import email
import email.policy
import shutil
import sqlite3
import time
from pathlib import Path

from selenium.webdriver.common.by import By

from conftest import run_steward
from test_browser import axe_violations, click_and_wait, sign_in


def wait_for_mail(directory: Path, count=1, timeout=20.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        files = sorted(directory.glob("*.eml")) if directory.exists() else []
        if len(files) >= count:
            return [email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files]
        time.sleep(0.2)
    raise AssertionError(f"no mail in {directory} after {timeout} s")


def test_forgotten_password_arrives_by_mail_and_the_link_works_once(server, browser):
    teacher = server.account("st-cleopas", "teacher")
    browser.get(server.base + "/login")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Forgotten your password?"))
    browser.find_element(By.ID, "email").send_keys(teacher["email"])
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Check your email"

    # The server's own runner delivers it to DATA_DIR/mail, the default transport.
    [message] = wait_for_mail(server.data_dir / "mail")
    assert message["To"] == teacher["email"]
    assert message["Subject"] == "Reset your Steward password"
    body = message.get_content()
    link = next(word for word in body.split() if "/password/reset?token=" in word)
    assert link.startswith("http://127.0.0.1:8080/")  # the configured base address
    path = link[len("http://127.0.0.1:8080"):]

    browser.get(server.base + path)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Choose a new password"
    assert not axe_violations(browser)
    browser.find_element(By.ID, "password").send_keys("short")
    browser.find_element(By.ID, "confirm").send_keys("short")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    assert browser.find_element(By.CSS_SELECTOR, ".error-summary").is_displayed()
    assert not axe_violations(browser)
    browser.find_element(By.ID, "password").send_keys("correct horse battery")
    browser.find_element(By.ID, "confirm").send_keys("correct horse battery")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    assert "Your password has been changed" in browser.page_source

    sign_in(browser, server, {**teacher, "password": "correct horse battery"})
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Hello")
    browser.get(server.base + path)
    assert browser.find_element(By.TAG_NAME, "h1").text == "This link no longer works"


def test_with_no_jobs_mail_waits_for_jobs_run(server_without_jobs):
    data = server_without_jobs.data_dir
    queued = run_steward("mail", "test", "--to", "office@stcleopas.example.org", "--count", "3", data_dir=data)
    assert "Queued 3 test messages" in queued.stdout
    time.sleep(4)  # longer than the in-process runner's interval: nothing may be delivered meanwhile
    assert not list((data / "mail").glob("*.eml"))
    status = run_steward("jobs", "status", data_dir=data)
    assert "3 waiting" in status.stdout
    result = run_steward("jobs", "run", "--once", data_dir=data)
    assert "Mail: 3 sent, 0 failed" in result.stdout
    assert len(wait_for_mail(data / "mail", count=3, timeout=1)) == 3
    again = run_steward("jobs", "run", "--once", data_dir=data)
    assert "Mail: 0 sent" in again.stdout


def test_a_failing_sendmail_keeps_the_message_until_it_works(demo_dir, tmp_path):
    source, _ = demo_dir
    data = tmp_path / "data"
    shutil.copytree(source, data)
    program = tmp_path / "sendmail"
    program.write_text("#!/bin/sh\ncat >/dev/null\necho 'relay refused' >&2\nexit 75\n")
    program.chmod(0o755)
    env = {"STEWARD_MAIL": f"sendmail:{program}"}
    run_steward("mail", "test", "--to", "office@stcleopas.example.org", data_dir=data, env=env)
    failed = run_steward("jobs", "run", "--once", data_dir=data, env=env, check=False)
    assert failed.returncode == 1
    assert "Mail: 0 sent, 1 failed" in failed.stdout
    status = run_steward("jobs", "status", data_dir=data, env=env)
    assert "1 waiting, of which 1 failed at least once" in status.stdout
    captured = tmp_path / "captured.eml"
    program.write_text(f"#!/bin/sh\ncat > '{captured}'\n")
    # Not due again for a minute: a run now leaves it queued rather than hammering the relay.
    assert "Mail: 0 sent, 0 failed" in run_steward("jobs", "run", "--once", data_dir=data, env=env).stdout
    assert not captured.exists()
    # An hour later (the clock moved by editing the due time), the relay is back and the message goes.
    with sqlite3.connect(data / "steward.sqlite") as db:
        db.execute("UPDATE outbox_messages SET next_attempt_at = next_attempt_at - 3600")
    sent = run_steward("jobs", "run", "--once", data_dir=data, env=env)
    assert "Mail: 1 sent, 0 failed" in sent.stdout
    message = email.message_from_bytes(captured.read_bytes(), policy=email.policy.default)
    assert message["To"] == "office@stcleopas.example.org"
    assert message["Subject"] == "Steward test message 1"
