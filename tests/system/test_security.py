"""Issue 10 from the outside: what an anonymous outsider or a hostile insider sees when they attack a live server.

Memory exhaustion with large anonymous posts and many uploads at once, SIGTERM during writes, password-reset timing,
tampering with a copied data directory, an over-long address, lockout as a weapon, API tokens that end with the
password, invisible characters in a report, and simultaneous password guesses."""
import hashlib
import hmac
import re
import select
import shutil
import signal
import socket
import sqlite3
import statistics
import threading
import time
import zlib

import pytest
import requests

from conftest import Server, run_steward
from totp import totp

CSRF = re.compile(r'name="_csrf" value="([^"]+)"')
H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)


def csrf(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page has no form token"
    return found.group(1)


def heading(html: str) -> str:
    found = H1.search(html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found.group(1))).strip() if found else ""


def sign_in(server, account, session=None, expect=303) -> requests.Session:
    """Signs in through the /login form (and /login/2fa when the account has a second factor), like a browser."""
    session = session or requests.Session()
    page = session.get(server.base + "/login")
    assert page.status_code == 200 and heading(page.text) == "Sign in"
    response = session.post(server.base + "/login", allow_redirects=False, data={
        "_csrf": csrf(page.text), "email": account["email"], "password": account["password"]})
    assert response.status_code == expect, (response.status_code, heading(response.text))
    if expect != 303:
        return session
    if account["totp_secret"]:
        assert response.headers["Location"].startswith("/login/2fa")
        page = session.get(server.base + response.headers["Location"])
        assert heading(page.text) == "Enter your code"
        response = session.post(server.base + "/login/2fa", allow_redirects=False, data={
            "_csrf": csrf(page.text), "code": totp(account["totp_secret"]), "next": "/"})
        assert response.status_code == 303, heading(response.text)
    return session


def memory_mb(pid: int) -> dict:
    values = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(value.split()[0]) / 1024
    return values


def raw_post(port, path, size, chunked=False, cookies="", content_type="multipart/form-data; boundary=XyZ",
             first=b"", timeout=20):
    """Sends a POST of `size` bytes as fast as the server takes it, stopping as soon as the server answers.

    Answers (status, the whole answer, bytes sent, seconds taken)."""
    started = time.monotonic()
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: {content_type}\r\n"
    if cookies:
        head += f"Cookie: {cookies}\r\n"
    head += "Transfer-Encoding: chunked\r\n\r\n" if chunked else f"Content-Length: {size}\r\n\r\n"
    sent = 0
    answer = b""
    try:
        sock.sendall(head.encode())
        body = first + b"A" * (size - len(first))
        view = memoryview(body)
        while sent < size:
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                break
            piece = view[sent:sent + 65536]
            sock.sendall(b"%x\r\n" % len(piece) + piece + b"\r\n" if chunked else piece)
            sent += len(piece)
        if chunked and sent >= size:
            sock.sendall(b"0\r\n\r\n")
        answer = read_answer(sock)
    except OSError:
        # The server may close a connection it has answered while we are still sending; read what it said.
        try:
            sock.settimeout(2)
            answer += sock.recv(65536)
        except OSError:
            pass
    finally:
        sock.close()
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.1 ") else None
    return status, answer.decode("utf-8", "replace"), sent, time.monotonic() - started


def read_answer(sock) -> bytes:
    """Reads one HTTP answer: its head, then as many bytes as its Content-Length says."""
    answer = b""
    while b"\r\n\r\n" not in answer:
        got = sock.recv(65536)
        if not got:
            return answer
        answer += got
    head, _, body = answer.partition(b"\r\n\r\n")
    length = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
    while length and len(body) < int(length.group(1)):
        got = sock.recv(65536)
        if not got:
            break
        body += got
    return head + b"\r\n\r\n" + body


def png_of(size: int) -> bytes:
    """A PNG signature and a real IHDR chunk (a 1 x 1 image), then padding up to `size` bytes."""
    chunk = b"IHDR" + b"\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    start = b"\x89PNG\r\n\x1a\n" + (13).to_bytes(4, "big") + chunk + zlib.crc32(chunk).to_bytes(4, "big")
    return start + b"\x00" * (size - len(start))


# (1) Memory: anonymous posts are refused before they are read; a signed-in person still uploads evidence.

def test_eight_anonymous_60_mb_posts_are_refused_at_once_and_memory_stays_flat(server):
    pid = server.process.pid
    before = memory_mb(pid)
    size = 60 * 1024 * 1024
    results = [None] * 8

    def attack(i):
        # Half declare their length (refused before a byte is read), half send it chunked (refused after 16 kB).
        results[i] = raw_post(server.port, "/concerns", size, chunked=i % 2 == 1)

    threads = [threading.Thread(target=attack, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    after = memory_mb(pid)
    for i, (status, answer, sent, seconds) in enumerate(results):
        assert status == 413, answer[:300]
        assert heading(answer) == "Too large", answer[:300]
        # A declared length is measured against what someone not signed in may send, not the form's 64 MB.
        expected = "What you sent is too large." if i % 2 else "larger than Steward accepts here (16 kB)"
        assert expected in answer, answer[:300]
        assert seconds < 10, f"answered only after {seconds:.1f}s"
        assert sent < 16 * 1024 * 1024, f"the server took {sent} bytes before answering"
    grew = after["VmHWM"] - before["VmRSS"]
    assert grew < 100, f"RSS {before['VmRSS']:.0f} MB before, peak {after['VmHWM']:.0f} MB after"
    assert server.process.poll() is None

    # A signed-in teacher can still report a concern with a 5 MB screenshot.
    teacher = sign_in(server, server.account("st-cleopas", "teacher"))
    page = teacher.get(server.base + "/concerns/new")
    assert heading(page.text) == "Report a concern"
    picture = png_of(5 * 1024 * 1024)
    response = teacher.post(server.base + "/concerns", allow_redirects=False, data={
        "_csrf": csrf(page.text), "category": "contact_from_pupil_or_family", "what_happened":
            "A parent sent me a message on Instagram about their child.", "platform": "Instagram",
        "involved": "parent", "blocked": "yes", "reported_to_platform": "no",
    }, files=[("evidence[]", ("screenshot.png", picture, "image/png"))])
    assert response.status_code == 303, heading(response.text)
    assert response.headers["Location"].startswith("/concerns?done=reported&ref=")
    listing = teacher.get(server.base + response.headers["Location"])
    assert "passed on in confidence" in listing.text

    # The headteacher finds the screenshot on the case, byte for byte.
    head = sign_in(server, server.account("st-cleopas", "headteacher"))
    listing = head.get(server.base + "/concerns")
    case_path = re.search(r'href="(/concerns/[0-9A-Fa-f-]{36})"', listing.text).group(1)
    case = head.get(server.base + case_path)
    assert case.status_code == 200 and "screenshot.png" in case.text
    assert hashlib.sha256(picture).hexdigest() in case.text
    link = re.search(r'href="(' + re.escape(case_path) + r'/evidence/[^"]+)"', case.text).group(1)
    download = head.get(server.base + link)
    assert download.status_code == 200 and download.content == picture
    assert memory_mb(pid)["VmRSS"] - before["VmRSS"] < 100


def test_signed_in_uploads_go_to_disk_four_at_a_time(server):
    """Four signed-in reports being received at once are written to disk as they arrive; a fifth and sixth are told
    at once to try again shortly, and are received again once the four are done."""
    teacher = sign_in(server, server.account("st-cleopas", "teacher"))
    token = csrf(teacher.get(server.base + "/concerns/new").text)
    cookies = "; ".join(f"{c.name}={c.value}" for c in teacher.cookies)
    fields = {"_csrf": token, "category": "other", "what_happened": "Someone keeps posting about the school.",
              "platform": "Facebook", "involved": "unknown"}
    head = "".join(f"--XyZ\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n" for k, v in fields.items())
    head += ("--XyZ\r\nContent-Disposition: form-data; name=\"evidence[]\"; filename=\"post.png\"\r\n"
             "Content-Type: image/png\r\n\r\n")
    picture = png_of(1024 * 1024)
    body = head.encode() + picture + b"\r\n--XyZ--\r\n"
    request = (f"POST /concerns HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookies}\r\n"
               f"Content-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    half = len(head) + 512 * 1024
    spool = server.data_dir / "uploads-in-progress"

    held = []
    for _ in range(4):
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=60)
        sock.sendall(request + body[:half])
        held.append(sock)
    # The first half of each file lands on disk while the rest has not been sent.
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        spooled = sorted(f.stat().st_size for f in spool.rglob("*") if f.is_file()) if spool.exists() else []
        if len(spooled) == 4 and min(spooled) >= 512 * 1024 - 65536:
            break
        time.sleep(0.1)
    assert len(spooled) == 4 and min(spooled) >= 512 * 1024 - 65536, f"on disk so far: {spooled}"

    for _ in range(2):
        status, answer, _, seconds = raw_post(server.port, "/concerns", len(body), cookies=cookies, first=body)
        assert status == 503, answer[:300]
        assert heading(answer) == "Busy just now" and "Wait a minute and send it again" in answer
        assert seconds < 5

    answers = []
    for sock in held:
        sock.sendall(body[half:])
        answers.append(read_answer(sock).decode("utf-8", "replace"))
        sock.close()
    for answer in answers:
        assert answer.startswith("HTTP/1.1 303"), answer[:300]
        assert "location: /concerns?done=reported&ref=" in answer.lower()
    status, answer, _, _ = raw_post(server.port, "/concerns", len(body), cookies=cookies, first=body)
    assert status == 303, answer[:300]
    leftovers = [f for f in spool.rglob("*") if f.is_file()]
    assert not leftovers, f"spooled files were left behind: {leftovers[:3]}"


# (2) SIGTERM while sign-in attempts are being written.

def test_sigterm_while_sign_ins_are_written_finishes_them_and_exits_0(server):
    teacher = server.account("st-cleopas", "teacher")
    answered = []  # (time answered, status)
    failures = []
    stop = threading.Event()
    terminated_at = [None]

    def hammer():
        session = requests.Session()
        while not stop.is_set():
            try:
                page = session.get(server.base + "/login", timeout=30)
                response = session.post(server.base + "/login", timeout=30, allow_redirects=False, data={
                    "_csrf": csrf(page.text), "email": teacher["email"], "password": "not the password"})
                answered.append((time.monotonic(), response.status_code, heading(response.text)))
            except requests.ConnectionError as error:
                if terminated_at[0] is None:
                    failures.append(repr(error))
                return

    threads = [threading.Thread(target=hammer) for _ in range(6)]
    for thread in threads:
        thread.start()
    # Wait until the address is being held back (more than ten failures), so requests are in flight at SIGTERM.
    deadline = time.monotonic() + 30
    while len(answered) < 12 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(answered) >= 12, f"only {len(answered)} attempts were answered"
    terminated_at[0] = time.monotonic()
    server.process.send_signal(signal.SIGTERM)
    stop.set()
    # It stops listening at once, while it finishes what it is doing.
    refused = False
    while time.monotonic() < terminated_at[0] + 5:
        try:
            socket.create_connection(("127.0.0.1", server.port), timeout=1).close()
            time.sleep(0.1)
        except OSError:
            refused = True
            break
    assert refused, "the server still accepted connections 5 s after SIGTERM"
    status = server.process.wait(timeout=30)
    exited_in = time.monotonic() - terminated_at[0]
    for thread in threads:
        thread.join(timeout=10)
    server.log.flush()
    log = (server.data_dir / "server.log").read_text()
    assert status == 0, f"exit status {status}\n{log[-2000:]}"
    assert exited_in < 30
    assert "Fatal error" not in log and "Unexpectedly found nil" not in log, log[-2000:]
    assert not failures, failures
    for _, code, title in answered:
        assert (code, title) in ((401, "Sign in"), (429, "Sign in")), (code, title)
    late = [a for a in answered if a[0] > terminated_at[0]]
    assert late, "no attempt in flight at SIGTERM was answered"
    # Every wrong password answered was written, and the audit log is whole.
    db = sqlite3.connect(server.data_dir / "steward.sqlite")
    recorded = db.execute("SELECT count(*) FROM login_attempts WHERE email = ? AND succeeded = 0",
                          (teacher["email"],)).fetchone()[0]
    db.close()
    # A wrong password is counted before it is checked; a refused attempt (429) is audited but not counted, so a
    # guesser cannot keep extending the lock.
    assert recorded >= len([a for a in answered if a[1] == 401])
    verify = run_steward("audit", "verify", data_dir=server.data_dir, check=False)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "intact" in verify.stdout


# (3) A password-reset request takes as long, and says the same, whether or not the address has an account.

def test_password_reset_answers_alike_for_known_and_unknown_addresses(server):
    known = server.account("st-cleopas", "teacher")["email"]
    unknown = "not-on-staff@stcleopas.example.org"
    times = {known: [], unknown: []}
    pages = {}
    for _ in range(5):
        for email in (known, unknown):
            session = requests.Session()
            form = session.get(server.base + "/password/forgot")
            assert heading(form.text) == "Reset your password"
            started = time.monotonic()
            response = session.post(server.base + "/password/forgot", data={"_csrf": csrf(form.text),
                                                                           "email": email})
            times[email].append(time.monotonic() - started)
            assert response.status_code == 200
            assert heading(response.text) == "Check your email"
            pages.setdefault(email, []).append(CSRF.sub("", response.text).replace(email, "EMAIL"))
    known_median, unknown_median = statistics.median(times[known]), statistics.median(times[unknown])
    assert known_median >= 0.25 and unknown_median >= 0.25, (known_median, unknown_median)
    assert abs(known_median - unknown_median) < 0.1, (known_median, unknown_median)
    assert pages[known][0] == pages[unknown][0]
    assert "If <strong>EMAIL</strong> belongs to a Steward account" in pages[known][0]
    # The known address got its link (at most three an hour), the other nothing.
    mail = server.data_dir / "mail"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not list(mail.glob("*.eml")):
        time.sleep(0.2)
    sent_to = [m.read_text(errors="replace") for m in mail.glob("*.eml")]
    assert any(known in m for m in sent_to) and not any(unknown in m for m in sent_to)


# (4) Tampering with the audit log of a stopped server's data directory.

def canonical(row) -> bytes:
    fields = [("seq", str(row["seq"])), ("at", row["occurred_at"]), ("actor", row["actor_id"]),
              ("actor_name", row["actor_name"]), ("school", row["school_id"]), ("action", row["action"]),
              ("target", row["target"]), ("client", row["client_address"]), ("request", row["request_id"]),
              ("details", row["details"]), ("prev", row["prev_hash"])]
    out = b""
    for name, value in fields:
        out += name.encode()
        if value is None:
            out += b"=-"
        else:
            raw = value.encode()
            out += f"={len(raw)}:".encode() + raw
        out += b"\n"
    return out


def rechain(db, start: int, seal):
    """Recomputes the chain from entry `start` with `seal` and moves the head to the last entry, as an insider with
    the database (but not the key) would."""
    db.row_factory = sqlite3.Row
    rows = db.execute("SELECT * FROM audit_entries WHERE seq >= ? ORDER BY seq", (start,)).fetchall()
    previous = db.execute("SELECT hash FROM audit_entries WHERE seq = ?", (start - 1,)).fetchone()
    previous = previous[0] if previous else "0" * 64
    for row in rows:
        entry = dict(row)
        entry["prev_hash"] = previous
        previous = seal(canonical(entry))
        db.execute("UPDATE audit_entries SET prev_hash = ?, hash = ? WHERE seq = ?",
                   (entry["prev_hash"], previous, entry["seq"]))
    last = db.execute("SELECT max(seq) FROM audit_entries").fetchone()[0]
    db.execute("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", (last, previous))


def plain_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def wrong_key_hmac(data: bytes) -> str:
    return hmac.new(b"k" * 32, data, hashlib.sha256).hexdigest()


def test_audit_verify_names_every_kind_of_tampering(server, tmp_path):
    # Some history: failed and successful sign-ins and a password-reset request, then the server is stopped.
    teacher = server.account("st-cleopas", "teacher")
    for _ in range(3):
        sign_in(server, {**teacher, "password": "wrong password"}, expect=401)
    sign_in(server, teacher)
    server.stop()
    source = server.data_dir
    count = sqlite3.connect(source / "steward.sqlite").execute("SELECT count(*) FROM audit_entries").fetchone()[0]
    assert count >= 9
    middle = count // 2

    def copy(name):
        data = tmp_path / name
        shutil.copytree(source, data)
        db = sqlite3.connect(data / "steward.sqlite")
        db.execute("DROP TRIGGER audit_entries_no_update")
        db.execute("DROP TRIGGER audit_entries_no_delete")
        return data, db

    def verify(data):
        result = run_steward("audit", "verify", data_dir=data, check=False, env={"STEWARD_SECRET_KEY": ""})
        return result.returncode, result.stdout + result.stderr

    status, output = verify(source)
    assert status == 0 and f"Audit log intact: {count} entries" in output, output

    # The last three entries deleted and the head rewound to match.
    data, db = copy("tail")
    db.execute("DELETE FROM audit_entries WHERE seq > ?", (count - 3,))
    db.execute("UPDATE audit_head SET seq = ?, hash = (SELECT hash FROM audit_entries WHERE seq = ?) WHERE id = 1",
               (count - 3, count - 3))
    db.commit()
    status, output = verify(data)
    assert status == 1 and f"BROKEN at entry {count - 2}" in output and "missing" in output, output

    # An entry rewritten, and the chain after it recomputed with plain SHA-256, then with a key other than the real one.
    for name, seal in (("sha256", plain_sha256), ("other-key", wrong_key_hmac)):
        data, db = copy(name)
        db.execute("UPDATE audit_entries SET details = '{\"email\":\"someone-else@example.org\"}' WHERE seq = ?",
                   (middle,))
        rechain(db, middle, seal)
        db.commit()
        status, output = verify(data)
        assert status == 1 and f"BROKEN at entry {middle}" in output and "changed" in output, (name, output)

    # An entry deleted, the rest renumbered and the chain recomputed.
    data, db = copy("renumbered")
    db.execute("DELETE FROM audit_entries WHERE seq = ?", (middle,))
    for seq in range(middle + 1, count + 1):
        db.execute("UPDATE audit_entries SET seq = ? WHERE seq = ?", (seq - 1, seq))
    rechain(db, middle, plain_sha256)
    db.commit()
    status, output = verify(data)
    assert status == 1 and f"BROKEN at entry {middle}" in output, output

    # A line of the checkpoint file edited (its hash changed), and the file deleted.
    data, db = copy("checkpoint-edited")
    db.close()
    lines = (data / "audit-checkpoints.log").read_text().splitlines(keepends=True)
    assert len(lines) >= 2
    number = len(lines) // 2 + 1
    fields = lines[number - 1].split(" ")
    fields[1] = ("0" if fields[1][0] != "0" else "1") + fields[1][1:]
    lines[number - 1] = " ".join(fields)
    (data / "audit-checkpoints.log").write_text("".join(lines))
    status, output = verify(data)
    assert status == 1 and f"line {number} of the checkpoint file" in output, output

    data, db = copy("checkpoint-deleted")
    db.close()
    (data / "audit-checkpoints.log").unlink()
    status, output = verify(data)
    assert status == 1 and "checkpoint file" in output and "missing" in output, output


# (5) An over-long address.

def test_a_5000_character_path_answers_414_and_is_logged_short(server):
    path = "/" + "a" * 4999
    response = requests.get(server.base + path)
    assert response.status_code == 414
    assert heading(response.text) == "There is a problem"
    assert "This address is too long" in response.text
    api = requests.get(server.base + "/api/v1/" + "b" * 4992)
    assert api.status_code == 414 and api.json()["status"] == 414
    time.sleep(0.3)
    log = (server.data_dir / "server.log").read_text()
    assert "5000 characters" in log
    longest = max(len(run) for run in re.findall(r"a+|b+", log))
    assert longest <= 200, f"the log holds {longest} characters of the address"
    assert max(len(line) for line in log.splitlines()) < 400


# (6) Lockout cannot be used against the owner.

def test_strangers_guesses_lock_out_strangers_but_not_the_owners_browser(server):
    account = server.account("st-cleopas", "teacher")
    owner = sign_in(server, account)
    assert any(c.name.startswith("steward_device_") for c in owner.cookies)
    home = owner.get(server.base + "/")
    assert heading(home.text).startswith("Hello")
    owner.post(server.base + "/logout", data={"_csrf": csrf(home.text)})
    assert heading(owner.get(server.base + "/login").text) == "Sign in"

    for _ in range(10):
        sign_in(server, {**account, "password": "guess guess guess"}, expect=401)
    refused = requests.Session()
    page = refused.get(server.base + "/login")
    response = refused.post(server.base + "/login", allow_redirects=False, data={
        "_csrf": csrf(page.text), "email": account["email"], "password": account["password"]})
    assert response.status_code == 429
    assert heading(response.text) == "Sign in" and "Too many failed attempts" in response.text
    assert not any(c.name == "steward_session" for c in refused.cookies)

    # The owner's own browser, which has signed in before, still signs in with the right password.
    sign_in(server, account, session=owner)
    assert heading(owner.get(server.base + "/").text).startswith("Hello")
    # A colleague behind the same address is slowed (over ten failures from it), never refused.
    started = time.monotonic()
    colleague = sign_in(server, server.account("st-cleopas", "ta"))
    assert time.monotonic() - started >= 1
    assert heading(colleague.get(server.base + "/").text).startswith("Hello")


# (7) A token made on the account page ends when the password changes.

def test_a_token_made_with_the_password_stops_working_after_a_password_change(server):
    account = server.account("st-cleopas", "teacher")
    person = sign_in(server, account)
    page = person.get(server.base + "/account")
    assert heading(page.text) == "My account"
    # Without the current password, no token.
    refused = person.post(server.base + "/account/tokens", data={"_csrf": csrf(page.text), "name": "MIS sync",
                                                                 "days": "90"})
    assert refused.status_code == 400 and 'id="new-token"' not in refused.text
    assert 'id="token-current-error"' in refused.text
    made = person.post(server.base + "/account/tokens", data={
        "_csrf": csrf(page.text), "name": "MIS sync", "days": "90", "current": account["password"]})
    assert made.status_code == 200
    token = re.search(r'<code id="new-token">([^<]+)</code>', made.text).group(1)
    assert token.startswith("stw_")
    bearer = {"Authorization": "Bearer " + token, "Accept": "application/json"}
    me = requests.get(server.base + "/api/v1/me", headers=bearer)
    assert me.status_code == 200 and me.json()["person"]["email"] == account["email"]

    changed = person.post(server.base + "/account/password", allow_redirects=False, data={
        "_csrf": csrf(page.text), "current": account["password"], "password": "a new passphrase 2026",
        "confirm": "a new passphrase 2026"})
    assert changed.status_code == 303 and changed.headers["Location"] == "/account?done=password"
    after = requests.get(server.base + "/api/v1/me", headers=bearer)
    assert after.status_code == 401
    assert after.json()["error"] is True and "token" in after.json()["reason"]
    assert "MIS sync" not in person.get(server.base + "/account").text



# (8) Invisible characters in a report: a file name that shows as "photofdp.png", a pupil's name with a zero-width space.

def test_a_report_with_hidden_characters_is_refused_naming_the_fields(server):
    teacher = sign_in(server, server.account("st-cleopas", "teacher"))
    page = teacher.get(server.base + "/concerns/new")
    token = csrf(page.text)
    fields = {"_csrf": token, "category": "contact_from_pupil_or_family", "what_happened": "A pupil messaged me.",
              "platform": "Instagram", "involved": "pupil", "pupil_name": "Ann\u200bie Smith"}
    # Built as Chromium builds it: the file name as raw UTF-8 inside filename="…".
    body = b"".join(f"--XyZ\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n".encode()
                    for k, v in fields.items())
    body += ("--XyZ\r\nContent-Disposition: form-data; name=\"evidence[]\"; filename=\"photo\u202egnp.pdf\"\r\n"
             "Content-Type: application/pdf\r\n\r\n").encode() + b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n" + b"\r\n--XyZ--\r\n"
    response = teacher.post(server.base + "/concerns", data=body, allow_redirects=False,
                            headers={"Content-Type": "multipart/form-data; boundary=XyZ"})
    assert response.status_code == 400, (response.status_code, response.headers.get("Location"))
    assert heading(response.text) == "Report a concern"
    problems = dict(re.findall(r'<li><a href="#([a-z_]+)">([^<]*)</a></li>', response.text))
    assert "invisible character" in problems.get("pupil_name", ""), problems
    assert "invisible character" in problems.get("evidence", ""), problems
    assert set(problems) == {"pupil_name", "evidence"}, problems
    assert "\u202e" not in response.text
    listing = teacher.get(server.base + "/concerns")
    assert "Concern reported" not in listing.text and "/concerns/" not in listing.text.replace('"/concerns/new"', "")


def test_sixteen_simultaneous_guesses_get_no_more_than_ten_answers(server):
    account = server.account("st-cleopas", "teacher")
    sessions = []
    for _ in range(16):
        session = requests.Session()
        sessions.append((session, csrf(session.get(server.base + "/login").text)))
    gate = threading.Barrier(16)
    statuses = [None] * 16

    def guess(i):
        session, token = sessions[i]
        gate.wait()
        response = session.post(server.base + "/login", allow_redirects=False, timeout=60, data={
            "_csrf": token, "email": account["email"], "password": f"guess number {i}"})
        statuses[i] = response.status_code

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert set(statuses) <= {401, 429}, statuses
    checked = statuses.count(401)
    assert checked <= 10, f"{checked} of 16 simultaneous guesses were checked against the password"


# (10) A stalled upload is cut off and its place freed.

def test_an_upload_that_stalls_is_cut_off_and_leaves_nothing(demo_dir, tmp_path):
    source, accounts = demo_dir
    data = tmp_path / "data"
    shutil.copytree(source, data)
    server = Server(data, accounts, env={"STEWARD_UPLOAD_STALL_SECONDS": "5"})
    try:
        teacher = sign_in(server, server.account("st-cleopas", "teacher"))
        token = csrf(teacher.get(server.base + "/concerns/new").text)
        cookies = "; ".join(f"{name}={value}" for name, value in teacher.cookies.items())
        head = (f'--XyZ\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n{token}\r\n--XyZ\r\n'
                'Content-Disposition: form-data; name="evidence[]"; filename="shot.png"\r\n'
                'Content-Type: image/png\r\n\r\n').encode() + png_of(1000)
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
        started = time.monotonic()
        sock.sendall(f"POST /concerns HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookies}\r\n"
                     "Content-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: 5000000\r\n\r\n".encode() + head)
        # The sender says 5 MB are coming and then sends nothing more.
        answer = read_answer(sock).decode("utf-8", "replace")
        waited = time.monotonic() - started
        sock.close()
        assert answer.startswith("HTTP/1.1 408"), answer[:200]
        assert "too slow" in answer
        assert 5 <= waited < 15, waited
        spool = data / "uploads-in-progress"
        assert not spool.exists() or not any(spool.iterdir())
        # Nothing was reported, and the person can still report at once.
        listing = teacher.get(server.base + "/concerns").text
        assert "/concerns/" not in listing.replace('"/concerns/new"', "")
    finally:
        server.stop()
