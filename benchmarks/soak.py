"""A load soak (issue 15, item 7): mixed requests at a fixed rate across the roles, for a fixed time, on one engine.

Reading (home pages, a policy, API lists), acknowledging, reporting concerns, importing policy drafts and screening
posts, as a teacher, a teaching assistant, the headteacher, the safeguarding lead, the social-media administrator and
a governor, at RATE requests per second (an open loop: requests leave on schedule whether or not earlier ones have
answered, so a slow server shows as latency, not as a lower rate). Prints figures and exits 1 if any request failed
(a 5xx or no answer), p99 was over 250 ms, or the server's memory grew by more than 10 % (and 20 MB) after the
first minute.

The mix (MIX): 45 % home pages, 12 % a policy page, 13 % API lists, 18 % screening a post (reads: 88 %); 8 %
acknowledgements, 3 % concern reports, 1 % policy imports (writes: 12 %). The acknowledgements are by four people of
the demo school, so after each one's first of each policy they are acknowledgements again, which change nothing and
are answered from a read; the rest write. At 200/s that is about 8 changes a second, 3,600 concerns and 1,200 policy
drafts in ten minutes: far more writing than any school does, so that the home pages (kept until anything is
written) are mostly rebuilt, and the records keep growing under the reads.

Usage: python3 benchmarks/soak.py [--binary PATH] [--engine sqlite|postgres] [--rate 200] [--seconds 600]
                                  [--statements N] [--timeline SECONDS]
--statements N (PostgreSQL): load pg_stat_statements and print, after the run, the N statements PostgreSQL spent most
time on (planning and executing), with calls per request.
--timeline SECONDS: print each window's count, p50, p99 and slowest request (by when they were due), to show stalls.
--keep: keep the working directory (the server's log; PostgreSQL's data and its log) and print where it is.
"""
import argparse
import base64
import collections
import hashlib
import hmac
import http.client
import json
import os
import queue
import random
import re
import shutil
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def totp(secret):
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 15
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000)


def cpu_seconds(pid):
    """User and system CPU time a process has used, from /proc."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def steal_seconds():
    """CPU time the machine's hypervisor took from this machine's processors so far (the `steal` of /proc/stat)."""
    fields = open("/proc/stat").readline().split()
    return int(fields[8]) / os.sysconf("SC_CLK_TCK") if len(fields) > 8 else 0.0


def postgres_cpu_seconds():
    """CPU time used by every PostgreSQL process so far (0 when none runs): by the process's own name, so that this
    client, whose command line says "postgres", is not counted."""
    total = 0.0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if open(f"/proc/{pid}/comm").read().strip() == "postgres":
                total += cpu_seconds(pid)
        except OSError:
            pass
    return total


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Client:
    """One keep-alive connection; reconnects after an error."""

    def __init__(self, port):
        self.port = port
        self.connection = None

    def request(self, method, path, body=None, headers=None):
        for attempt in range(2):
            try:
                if self.connection is None:
                    self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                self.connection.request(method, path, body=body, headers=headers or {})
                response = self.connection.getresponse()
                data = response.read()
                return response.status, response.headers.get_all("Set-Cookie") or [], data
            except (OSError, http.client.HTTPException):
                self.connection = None
                if attempt == 1:
                    raise


def sign_in(port, account):
    client = Client(port)
    status, cookie, page = client.request("GET", "/login")
    token = re.search(rb'name="_csrf" value="([^"]+)"', page).group(1).decode()
    jar = {}

    def remember(headers):
        for header in headers:
            name, _, rest = header.partition("=")
            jar[name.strip()] = rest.split(";")[0]

    remember(cookie)

    def post(path, fields):
        headers = {"Content-Type": "application/x-www-form-urlencoded",
                   "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())}
        status, cookie, page = client.request("POST", path, urllib.parse.urlencode(fields).encode(), headers)
        remember(cookie)
        return page

    post("/login", {"_csrf": token, "email": account["email"], "password": account["password"]})
    if account.get("totp_secret"):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())}
        status, cookie, page = client.request("GET", "/login/2fa", headers=headers)
        token = re.search(rb'name="_csrf" value="([^"]+)"', page).group(1).decode()
        post("/login/2fa", {"_csrf": token, "code": totp(account["totp_secret"]), "next": "/"})
    return "steward_session=" + jar["steward_session"]


def print_statements(url, limit, sent):
    """The statements PostgreSQL spent most time on during the run, from pg_stat_statements."""
    query = f"""SELECT calls, round((total_plan_time + total_exec_time)::numeric, 0),
                       round(((total_plan_time + total_exec_time) * 1000 / greatest(calls, 1))::numeric, 0),
                       round((total_plan_time * 1000 / greatest(calls, 1))::numeric, 0),
                       regexp_replace(query, '\\s+', ' ', 'g')
                FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                ORDER BY total_plan_time + total_exec_time DESC"""
    answer = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", "\t", url, "-c", query],
                            capture_output=True, text=True)
    if answer.returncode != 0:
        print("pg_stat_statements could not be read:", answer.stderr.strip())
        return
    rows = answer.stdout.splitlines()
    rows = [row.split("\t", 4) for row in rows if row.count("\t") >= 4]
    calls = sum(int(r[0]) for r in rows)
    total = sum(float(r[1]) for r in rows)
    sessions = subprocess.run(["psql", "-X", "-q", "-A", "-t", url, "-c",
                               "SELECT sessions FROM pg_stat_database WHERE datname = current_database()"],
                              capture_output=True, text=True).stdout.strip()
    print(f"PostgreSQL: {sessions} connections opened in all; {calls} statements ({calls / max(1, sent):.1f} a request), {total / 1000:.1f} s planning and "
          f"executing them; the {limit} it spent most on:")
    print(f"{'calls':>8} {'a request':>9} {'total ms':>9} {'mean µs':>8} {'planning':>8}  statement")
    for count, spent, mean, planning, text in rows[:limit]:
        print(f"{count:>8} {int(count) / max(1, sent):9.2f} {spent:>9} {mean:>8} {planning:>8}  {text[:150]}")


def print_timeline(timeline, window, samples):
    """Each window's requests (by when they were due): how many, p50, p99 and the slowest, to show stalls; beside
    them, from the samples taken each second, the most requests being answered at once and waiting for a worker, and
    the cores Steward, PostgreSQL and the hypervisor (steal) took."""
    print(f"{'from s':>6} {'count':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'busy':>5} {'queued':>6} "
          f"{'Steward':>7} {'PG':>5} {'steal':>5}  slowest")
    by_window = collections.defaultdict(list)
    for due, elapsed, name in timeline:
        by_window[int(due // window)].append((elapsed, name))
    for index in sorted(by_window):
        values = sorted(by_window[index])
        p50 = values[len(values) // 2][0] * 1000
        p99 = values[min(len(values) - 1, int(len(values) * .99))][0] * 1000
        inside = [x for x in samples if index * window <= x[0] < (index + 1) * window]
        busy = max((x[1] for x in inside), default=0)
        queued = max((x[2] for x in inside), default=0)
        cores = ["", "", ""]
        if len(inside) > 1:
            span = inside[-1][0] - inside[0][0]
            cores = [f"{(inside[-1][k] - inside[0][k]) / span:.2f}" for k in (4, 5, 3)]
        print(f"{index * window:6} {len(values):6} {p50:8.1f} {p99:8.1f} {values[-1][0] * 1000:8.1f} {busy:5} "
              f"{queued:6} {cores[0]:>7} {cores[1]:>5} {cores[2]:>5}  {values[-1][1]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=str(ROOT / ".build" / "release" / "steward"))
    parser.add_argument("--engine", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--rate", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--workers", type=int, default=64)
    parser.add_argument("--keep", action="store_true",
                        help="keep the working directory (the server's log, PostgreSQL's data and log) and say where")
    parser.add_argument("--timeline", type=int, default=0, metavar="SECONDS",
                        help="print p50, p99 and the slowest request of each window of SECONDS, by when it was due")
    parser.add_argument("--statements", type=int, default=0,
                        help="PostgreSQL: print the N statements it spent most time on (pg_stat_statements)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="steward-soak-"))
    env = {**os.environ, "STEWARD_DATA_DIR": str(work / "data"), "STEWARD_BCRYPT_COST": "4"}
    pg_dir = work / "pg"
    server = None
    try:
        if args.engine == "postgres":
            pg_env = dict(os.environ)
            if args.statements:
                pg_env["STEWARD_POSTGRES_OPTIONS"] = ("-c shared_preload_libraries=pg_stat_statements "
                                                      "-c pg_stat_statements.track_planning=on "
                                                      + os.environ.get("STEWARD_POSTGRES_OPTIONS", ""))
            url = subprocess.run([str(ROOT / "scripts" / "postgres"), "start", str(pg_dir), str(free_port())],
                                 capture_output=True, text=True, check=True, env=pg_env).stdout.strip().splitlines()[-1]
            env["STEWARD_DATABASE_URL"] = url.rsplit("/", 1)[0] + "/soak"
            subprocess.run(["psql", "-X", "-q", url, "-c", "CREATE DATABASE soak"], check=True)
            if args.statements:
                subprocess.run(["psql", "-X", "-q", env["STEWARD_DATABASE_URL"], "-c",
                                "CREATE EXTENSION pg_stat_statements"], check=True)
        seeded = subprocess.run([args.binary, "demo", "--data-dir", str(work / "data"), "--seed-only", "--json"],
                                capture_output=True, text=True, env=env, check=True, cwd=ROOT)
        accounts = json.loads(seeded.stdout)["accounts"]
        by_local = {a["email"].split("@")[0]: a for a in accounts if a["school"] == "st-cleopas"}
        tokens = {}
        for local in ("teacher", "ta", "headteacher", "dsl", "socialmedia", "governor", "volunteer", "manager"):
            made = subprocess.run([args.binary, "token", "create", "--email", by_local[local]["email"], "--name",
                                   "soak"], capture_output=True, text=True, env=env, check=True, cwd=ROOT)
            tokens[local] = made.stdout.strip().split()[-1]
        port = free_port()
        log = open(work / "server.log", "w")
        server = subprocess.Popen([args.binary, "serve", "--hostname", "127.0.0.1", "--port", str(port)],
                                  stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        for _ in range(300):
            try:
                if Client(port).request("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        cookies = {local: sign_in(port, by_local[local]) for local in ("teacher", "ta", "headteacher", "governor")}
        head_client = Client(port)
        status, _, body = head_client.request("GET", "/api/v1/policies",
                                              headers={"Authorization": f"Bearer {tokens['headteacher']}"})
        policies = [p["id"] for p in json.loads(body)]

        def api(local, method, path, body=None, content_type="application/json"):
            headers = {"Authorization": f"Bearer {tokens[local]}"}
            if body is not None:
                headers["Content-Type"] = content_type
            return method, path, body, headers

        counter = iter(range(10**9))

        def mix():
            """One request, chosen by weight: mostly reading, as a school's day is (see MIX)."""
            n = next(counter)
            roll = random.random()
            if roll < 0.45:
                who = random.choice(list(cookies))
                return "read: home", ("GET", "/", None, {"Cookie": cookies[who]})
            if roll < 0.57:
                return "read: a policy", ("GET", f"/policies/{random.choice(policies)}", None,
                                          {"Cookie": cookies[random.choice(list(cookies))]})
            if roll < 0.70:
                return "read: API lists", api(random.choice(list(tokens)), "GET", "/api/v1/policies")
            if roll < 0.78:
                who = random.choice(["teacher", "ta", "volunteer", "manager"])
                return "acknowledge", api(who, "POST", f"/api/v1/policies/{random.choice(policies)}/acknowledgements",
                                          b"{}")
            if roll < 0.81:
                body = json.dumps({"category": "other", "whatHappened": f"Soak report {n}.", "platform": "Email",
                                   "involved": "unknown"}).encode()
                return "report a concern", api(random.choice(["teacher", "ta"]), "POST", "/api/v1/concerns", body)
            if roll < 0.82:
                markdown = f"# Soak Policy {n}\n\n### 1. Scope\n\n- 1.1 It applies to everyone.\n".encode()
                return "import a policy draft", api("headteacher", "POST", "/api/v1/policies", markdown,
                                                    "text/markdown")
            body = json.dumps({"text": f"Well done to our choir at the festival today! Post {n}."}).encode()
            return "screen a post", api("socialmedia", "POST", "/api/v1/screen", body)

        results = collections.defaultdict(list)
        timeline = []
        in_flight = [0]
        samples = []  # each second: (time, requests being answered, requests waiting for a worker, CPU so far...)

        def sampler():
            """What the machine and the soak were doing each second, for --timeline."""
            while not stop.is_set():
                with lock:
                    busy = in_flight[0]
                samples.append((time.monotonic() - start, busy, jobs.qsize(), steal_seconds(),
                                cpu_seconds(server.pid), postgres_cpu_seconds() if args.engine == "postgres" else 0.0))
                time.sleep(1)
        failures = collections.Counter()
        lock = threading.Lock()
        jobs = queue.Queue()
        stop = threading.Event()

        def worker():
            client = Client(port)
            while not stop.is_set():
                try:
                    due, name, (method, path, body, headers) = jobs.get(timeout=0.5)
                except queue.Empty:
                    continue
                with lock:
                    in_flight[0] += 1
                try:
                    status, _, _ = client.request(method, path, body, headers)
                except OSError as error:
                    status = f"no answer ({type(error).__name__})"
                elapsed = time.monotonic() - due  # from when it should have left: queueing counts
                with lock:
                    in_flight[0] -= 1
                    results[name].append(elapsed)
                    timeline.append((due - start, elapsed, name))
                    if not isinstance(status, int) or status >= 400:
                        failures[(name, status)] += 1

        threads = [threading.Thread(target=worker, daemon=True) for _ in range(args.workers)]
        for thread in threads:
            thread.start()
        memory = []
        if args.statements:
            subprocess.run(["psql", "-X", "-q", env["STEWARD_DATABASE_URL"], "-c",
                            "SELECT pg_stat_statements_reset()"], check=True, capture_output=True)
        cpu_start = (cpu_seconds(server.pid), time.process_time(), postgres_cpu_seconds())
        start = time.monotonic()
        if args.timeline:
            threading.Thread(target=sampler, daemon=True).start()
        sent = 0
        next_sample = start
        while True:
            now = time.monotonic()
            if now - start >= args.seconds:
                break
            if now >= next_sample:
                memory.append((now - start, rss_mb(server.pid)))
                next_sample += 5
            due = start + sent / args.rate
            if due > now:
                time.sleep(min(due - now, 0.01))
                continue
            name, request = mix()
            jobs.put((due, name, request))
            sent += 1
        while not jobs.empty() and time.monotonic() - start < args.seconds + 60:
            time.sleep(0.1)
        time.sleep(1)
        stop.set()
        memory.append((time.monotonic() - start, rss_mb(server.pid)))
        elapsed = time.monotonic() - start
        cpu = [end - begin for begin, end in zip(cpu_start, (cpu_seconds(server.pid), time.process_time(),
                                                             postgres_cpu_seconds()))]

        every = sorted(x for values in results.values() for x in values)

        def percentile(values, p):
            return values[min(len(values) - 1, int(len(values) * p))] * 1000 if values else float("nan")

        print(f"soak on {args.engine}: {sent} requests in {args.seconds} s ({sent / args.seconds:.0f}/s offered), "
              f"{len(every)} answered")
        print(f"{'kind':28} {'count':>7} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
        for name, values in sorted(results.items()):
            values.sort()
            print(f"{name:28} {len(values):7} {percentile(values, .5):8.1f} {percentile(values, .99):8.1f} "
                  f"{values[-1] * 1000:8.1f}")
        p99 = percentile(every, .99)
        print(f"{'all':28} {len(every):7} {percentile(every, .5):8.1f} {p99:8.1f} {every[-1] * 1000:8.1f}")
        after_first_minute = [mb for t, mb in memory if t >= 60] or [memory[-1][1]]
        base, peak, last = after_first_minute[0], max(after_first_minute), memory[-1][1]
        print(f"memory (RSS): {memory[0][1]:.0f} MB at start, {base:.0f} MB after the first minute, "
              f"peak {peak:.0f} MB after it, {last:.0f} MB at the end")
        print(f"CPU: Steward {cpu[0]:.0f} s ({cpu[0] / elapsed:.2f} cores, {cpu[0] * 1000 / max(1, sent):.2f} ms a "
              f"request), this client {cpu[1]:.0f} s ({cpu[1] / elapsed:.2f} cores)"
              + (f", PostgreSQL {cpu[2]:.0f} s ({cpu[2] / elapsed:.2f} cores)" if args.engine == "postgres" else "")
              + f", over {elapsed:.0f} s")
        print("failures:", dict(failures) or "none")
        if args.timeline:
            print_timeline(timeline, args.timeline, samples)
        if args.statements:
            print_statements(env["STEWARD_DATABASE_URL"], args.statements, sent)
        grew = last - base > max(20, base * 0.10)
        ok = not failures and p99 <= 250 and not grew and len(every) == sent
        print("PASS" if ok else "FAIL")
        return 0 if ok else 1
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
        if pg_dir.exists():
            subprocess.run([str(ROOT / "scripts" / "postgres"), "stop", str(pg_dir)])
        if args.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
