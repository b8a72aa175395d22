"""The machinery of the hostile-input sweep (issue 15): a CSP report collector, a snapshot of the database to prove
nothing was half written, the wire encodings (form, multipart, JSON with raw bytes), and the checks made on every
answer. The tests themselves are in test_hostile_input.py."""
import http.server
import json
import os
import re
import sqlite3
import threading
import time
import unicodedata
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, quote_from_bytes

from hostile_strings import UNESCAPED_MARKERS, as_text
from sqlite_changes import TableReader

# ---------------------------------------------------------------------------------------------------------------
# Content-Security-Policy reports


class CSPCollector:
    """An HTTP server on loopback that records every report a browser POSTs to it (report-uri and Reporting API)."""

    def __init__(self):
        reports = self.reports = []
        lock = self.lock = threading.Lock()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                try:
                    parsed = json.loads(body or b"null")
                except ValueError:
                    parsed = {"unparsed": body.decode("utf-8", "replace")}
                with lock:
                    reports.append({"path": self.path, "type": self.headers.get("Content-Type"), "body": parsed,
                                    "at": time.time()})
                self.send_response(204)
                self.end_headers()

            def do_OPTIONS(self):
                self.send_response(204)
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Access-Control-Allow-Methods", "POST")
                self.send_header("Access-Control-Allow-Headers", "Content-Type")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/csp"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def since(self, index):
        with self.lock:
            return list(self.reports[index:])

    def count(self):
        with self.lock:
            return len(self.reports)

    def wait_for(self, predicate, after=0, timeout=10.0):
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = [r for r in self.since(after) if predicate(r)]
            if found:
                return found
            time.sleep(0.1)
        return []

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def describe_report(report) -> str:
    body = report["body"]
    inner = body.get("csp-report", body) if isinstance(body, dict) else body
    if isinstance(inner, list):  # Reporting API: a list of reports
        inner = inner[0].get("body", inner[0]) if inner else {}
    if not isinstance(inner, dict):
        return str(inner)[:300]
    keys = ("document-uri", "documentURL", "violated-directive", "effectiveDirective", "blocked-uri", "blockedURL",
            "source-file", "line-number", "script-sample", "sample")
    return ", ".join(f"{k}={inner[k]}" for k in keys if k in inner)


# ---------------------------------------------------------------------------------------------------------------
# Snapshots of what Steward has stored

# Tables that change without anything being "written" by the request under test, and why they are not compared:
IGNORED_TABLES = {
    # A sign-in creates a row; every request may touch last_seen_at (at most once a minute); a refused step-up
    # or a sign-out changes the row. Sessions are not data a form writes.
    "browser_sessions": "sessions: created at sign-in, touched by every request",
    # Every password or code checked is counted before it is checked, refused or not: that is the throttle
    # working (issue 10), not a half write.
    "login_attempts": "every password or code checked is counted, refused or not (the sign-in throttle)",
    # An API token's last_used_at is touched by every API request that uses it.
    "api_tokens": "last_used_at is touched by every API request",
    # Moves with every audit entry; the entries themselves are judged by their action (below).
    "audit_head": "moves with every audit entry, which are judged one by one",
    "_fluent_migrations": "never changes while serving",
}

# Files of the data directory that change without a write by the request under test:
IGNORED_FILES = {
    "server.log": "the server's own log",
    # A line per audit entry (the chain's head, for `steward audit verify`): moves with the audit entries, which
    # are judged by their action.
    "audit-checkpoints.log": "a line per audit entry, judged by the entries themselves",
}

# Audit entries a refused request may leave: reads are audited (a case opened, a list of people taken away), and so
# are refusals themselves (a failed sign-in or code). Anything else appearing after a refusal is a half write.
AUDIT_ON_REFUSAL = re.compile(
    r"(\.viewed|\.list_viewed|\.opened|\.listed|\.exported|\.downloaded|\.failed|\.refused|\.blocked|"
    r"\.throttled|\.locked|_failed|\.searched)$")


class Store:
    """Reads the server's SQLite database read-only (and its data directory) to tell what a request wrote.

    `PRAGMA data_version` of a connection kept open changes whenever another connection commits, so a comparison is
    made only when something was committed, and then only of the rows on the pages the commits wrote (`TableReader`)."""

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / "steward.sqlite"
        self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        self.db.text_factory = lambda b: b.decode("utf-8", "surrogateescape")
        self.reader = TableReader(self.path)
        self.version = None
        self.cached = None

    def data_version(self):
        return self.db.execute("PRAGMA data_version").fetchone()[0]

    def files(self):
        found = {}
        for root, _, names in os.walk(self.data_dir):
            for name in names:
                path = Path(root) / name
                relative = str(path.relative_to(self.data_dir))
                if relative.startswith("steward.sqlite") or relative in IGNORED_FILES:
                    continue
                try:
                    found[relative] = path.stat().st_size
                except FileNotFoundError:
                    pass
        return found

    def snapshot(self, whole=False):
        """The state of every compared table, and the data directory's files by size. `whole` reads every table
        again, whatever the -wal file says (to check the shortcut)."""
        version = self.data_version()
        if version == self.version and self.cached is not None and not whole:
            return {**self.cached, "files": self.files()}
        state = self.reader.read(lambda table: table not in IGNORED_TABLES and table != "audit_entries", whole)
        # The audit log by its count and last seq: its entries are judged one by one (`changed`).
        state["audit_entries"] = (*self.db.execute(
            "SELECT count(*), coalesce(max(seq), 0) FROM audit_entries").fetchone(), "")
        self.version = version
        self.cached = {"tables": state}
        return {**self.cached, "files": self.files()}

    def audit_since(self, seq):
        return [dict(zip(("seq", "action", "target", "details"), row)) for row in self.db.execute(
            "SELECT seq, action, target, details FROM audit_entries WHERE seq > ? ORDER BY seq", (seq,))]

    def changed(self, before, after):
        """The tables (and data files) whose content differs, and the audit entries added."""
        tables = [t for t in after["tables"] if t != "audit_entries" and before["tables"].get(t) != after["tables"][t]]
        audit = []
        if before["tables"].get("audit_entries") != after["tables"].get("audit_entries"):
            audit = self.audit_since(before["tables"]["audit_entries"][1])
        files = sorted(set(before["files"].items()) ^ set(after["files"].items()))
        return tables, audit, files

    def rows_containing(self, tables, needles, before=None):
        """Which of `tables` hold a text cell containing any of `needles` (or a number cell holding one): in the rows added since `before` (a
        snapshot) when rows were added, else anywhere in the table (a row changed in place)."""
        # A bare whole number may be kept as a number: as given, or (a retention period typed in years) in months.
        numbers = {int(n) * k for n in needles if re.fullmatch(r"\s*\d{1,9}\s*", n) for k in (1, 12)}
        holding = []
        for table in tables:
            top = before["tables"].get(table, (0, 0, ""))[1] if before else 0
            added = self.db.execute(f'SELECT count(*) FROM "{table}" WHERE rowid > ?', (top,)).fetchone()[0]
            for row in self.db.execute(f'SELECT * FROM "{table}" WHERE rowid > ?', (top if added else 0,)):
                if any(isinstance(cell, str) and any(n in cell for n in needles) or
                       isinstance(cell, int) and cell in numbers for cell in row):
                    holding.append(table)
                    break
        return holding


def stored_forms(value) -> list:
    """What a hostile value may be stored as: as given, or a clear normalisation of it."""
    text = as_text(value)
    forms = {text, text.strip(), unicodedata.normalize("NFC", text), unicodedata.normalize("NFC", text).strip(),
             " ".join(text.split()), text.replace("\r\n", "\n"), text.replace("\r\n", "\n").strip()}
    controls = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf"))
    forms |= {controls, controls.strip(), " ".join(controls.split())}
    if isinstance(value, bytes):
        forms.add(value.decode("utf-8", "ignore"))
    forms = {f for f in forms if f.strip()}
    # Stored inside JSON (a settings record, a list of answers): quotes and controls escaped.
    forms |= {json.dumps(f, ensure_ascii=False)[1:-1] for f in list(forms)}
    forms |= {json.dumps(f)[1:-1] for f in list(forms)}
    forms |= {f.replace("/", "\\/") for f in list(forms)}  # Foundation's JSONEncoder writes "/" as "\/"
    # A long value may be stored, or shown, in part; a piece of it is enough to find it.
    return [f[:200] for f in forms if f.strip()]


# ---------------------------------------------------------------------------------------------------------------
# Encodings on the wire


def form_body(pairs, raw_bytes=True) -> bytes:
    """application/x-www-form-urlencoded, as a browser sends it; a bytes value goes as raw bytes (or %-escaped)."""
    out = []
    for name, value in pairs:
        key = quote(name, safe="").encode()
        if isinstance(value, bytes):
            encoded = value if raw_bytes else quote_from_bytes(value, safe="").encode()
        else:
            encoded = quote(value, safe="").encode()
        out.append(key + b"=" + encoded)
    return b"&".join(out)


def multipart_body(pairs, files):
    """multipart/form-data as Chromium builds it (a quote or line break in a file name escaped as %22, %0D, %0A)."""
    boundary = "----hostile" + uuid.uuid4().hex
    chunks = []

    def escape(name):
        raw = name if isinstance(name, bytes) else name.encode("utf-8", "surrogatepass")
        return raw.replace(b'"', b"%22").replace(b"\r", b"%0D").replace(b"\n", b"%0A")

    for name, value in pairs:
        data = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
        chunks.append(b"--" + boundary.encode() + b"\r\nContent-Disposition: form-data; name=\"" + escape(name)
                      + b"\"\r\n\r\n" + data + b"\r\n")
    for name, filename, content, content_type in files:
        chunks.append(b"--" + boundary.encode() + b"\r\nContent-Disposition: form-data; name=\"" + escape(name)
                      + b"\"; filename=\"" + escape(filename) + b"\"\r\nContent-Type: " + content_type.encode()
                      + b"\r\n\r\n" + content + b"\r\n")
    chunks.append(b"--" + boundary.encode() + b"--\r\n")
    return b"".join(chunks), "multipart/form-data; boundary=" + boundary


def json_dumps_with_bytes(body) -> bytes:
    """JSON text, where a bytes value is put inside its string literal as raw (invalid UTF-8) bytes."""
    holders = {}

    def walk(value):
        if isinstance(value, bytes):
            key = f"@@hostile-bytes-{len(holders)}@@"
            holders[key] = value
            return key
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    text = json.dumps(walk(body), ensure_ascii=False).encode("utf-8", "surrogatepass")
    for key, raw in holders.items():
        text = text.replace(key.encode(), raw)
    return text


# ---------------------------------------------------------------------------------------------------------------
# Checks on each answer

LEAKS = re.compile(
    r"Fatal error|\.swift\b|/Sources/|/work/|/tmp/hostile|SQLite|sqlite3_|SQLITE_|PSQLError|PostgresError|"
    r"DecodingError|keyNotFound|typeMismatch|valueNotFound|dataCorrupted|codingPath|Swift\.|Abort\(|"
    r"Abort\.|Vapor\.|NIOCore|FluentKit|stack ?trace|Backtrace|Thread \d")


@dataclass
class Finding:
    kind: str          # 5xx, leak, half-write, unescaped, not-stored, json-shape, csp, script, alert
    where: str         # route and role
    what: str          # the input
    detail: str
    log: list = field(default_factory=list)

    def __str__(self):
        text = f"[{self.kind}] {self.where}: {self.what}: {self.detail}"
        if self.log:
            text += "\n      server log: " + "\n      ".join(self.log[-6:])
        return text


class Ledger:
    """Figures and findings of one run."""

    def __init__(self, log_path: Path | None = None):
        self.findings = []
        self.requests = 0
        self.tries = 0
        self.strings = set()
        self.fields = set()
        self.roles = set()
        self.combinations = set()   # (string, field, role)
        self.outcomes = Counter()
        self.pages = 0
        self.skipped = {}
        self.not_stored = []
        self.log_path = log_path
        self.log_offset = 0
        self.last_log = []
        self.by_kind = defaultdict(int)
        trace = os.environ.get("STEWARD_HOSTILE_TRACE")
        self.trace = open(trace, "a") if trace else None

    def note(self, where, what, status, outcome):
        """One line per try in $STEWARD_HOSTILE_TRACE, when set: to see what the sweep did."""
        if self.trace:
            self.trace.write(f"{status} {outcome:10} {where} | {what}\n")

    def new_log_lines(self):
        if not self.log_path or not self.log_path.exists():
            return []
        with open(self.log_path, "rb") as log:
            log.seek(self.log_offset)
            data = log.read()
            self.log_offset += len(data)
        return data.decode("utf-8", "replace").splitlines()

    def add(self, finding: Finding):
        self.by_kind[finding.kind] += 1
        if self.trace:
            self.trace.write(f"FINDING {finding}\n")
        # Keep every distinct finding, but not a thousand copies of the same one.
        if sum(1 for f in self.findings if f.kind == finding.kind and f.where == finding.where) < 8:
            self.findings.append(finding)

    def tried(self, string_name, field_key, role):
        self.tries += 1
        self.strings.add(string_name)
        self.fields.add(field_key)
        self.roles.add(role)
        self.combinations.add((string_name, field_key, role))

    def figures(self) -> str:
        from hostile_strings import CATEGORIES
        kinds = Counter("string" if label.split("/")[0] in CATEGORIES else label.split("/")[0] if "/" in label
                        else "structural" for label in self.strings)
        return (f"{len(self.strings)} hostile inputs ({kinds['string']} strings of the list, "
                f"{kinds['structural']} structural variants, {kinds['type']} wrong JSON types, "
                f"{kinds['body']} whole bodies) x {len(self.fields)} fields x {len(self.roles)} "
                f"roles: {len(self.combinations)} distinct combinations tried ({self.tries} tries), "
                f"{self.requests} requests sent, {getattr(self, 'pages_read', 0)} pages read as HTML, "
                f"{self.pages} pages rendered in Chromium")


def check_answer(ledger: Ledger, response, where: str, what: str, html_expected=True):
    """The checks every answer gets: no 5xx, nothing internal shown, nothing hostile left unescaped."""
    body = response.content.decode("utf-8", "replace")
    ledger.last_log = ledger.new_log_lines()
    if ledger.trace:
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S)
        summary = re.findall(r'<li><a href="#[^"]*">([^<]*)</a>', body)[:2]
        reason = body[:160] if "json" in response.headers.get("Content-Type", "") else (
            (h1.group(1).strip()[:60] if h1 else "") + (" " + str(summary) if summary else ""))
        ledger.note(where, what, f"{response.status_code} {response.elapsed.total_seconds() * 1000:5.0f}ms",
                    response.headers.get("Location", "")[:60] + " " + reason.replace("\n", " "))
    if response.status_code >= 500:
        ledger.add(Finding("5xx", where, what, f"{response.status_code}: {body[:300]}", ledger.last_log))
    leak = LEAKS.search(body)
    if leak:
        start = max(0, leak.start() - 120)
        ledger.add(Finding("leak", where, what,
                           f"the answer shows {leak.group(0)!r}: …{body[start:leak.end() + 120]}…"))
    content_type = response.headers.get("Content-Type", "")
    if "text/html" in content_type:
        lowered = body.lower()
        for marker in UNESCAPED_MARKERS:
            at = lowered.find(marker.lower())
            if at >= 0:
                ledger.add(Finding("unescaped", where, what,
                                   f"the HTML holds {marker!r} unescaped: …{body[max(0, at - 100):at + 120]}…"))
                break
    for header, value in dict(response.headers).items():
        if header.lower().startswith("x-hostile") or "hostile=1" in value and header.lower() == "set-cookie":
            ledger.add(Finding("header-injection", where, what, f"{header}: {value}"))
