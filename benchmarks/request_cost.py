"""The server's CPU time per request, by kind of request, one request at a time (figures only; nothing asserts).

For each kind (a kept home page, the policy page, an API list, screening, acknowledging, reporting a concern, importing,
a home page rebuilt after a report …) it sends N requests in a row and prints the server's CPU time per request (from
/proc), PostgreSQL's (all its processes) and the wall time. ONLY=prefix runs the kinds whose name starts with it (and
writes the server's pid to $TMPDIR/steward-request-cost.pid, for perf).

Usage: python3 benchmarks/request_cost.py BINARY [sqlite|postgres] [N=300]
"""
import json, os, shutil, subprocess, sys, tempfile, time
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
import soak
from pathlib import Path
ROOT = Path(__file__).resolve().parents[1]
binary = sys.argv[1]; engine = sys.argv[2] if len(sys.argv) > 2 else "sqlite"; N = int(sys.argv[3]) if len(sys.argv) > 3 else 300
work = Path(tempfile.mkdtemp(prefix="kc-"))
env = {**os.environ, "STEWARD_DATA_DIR": str(work / "data"), "STEWARD_BCRYPT_COST": "4"}
pg = work / "pg"; server = None
def cpu(pid):
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
def pgcpu():
    t = 0
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                if b"postgres" in open(f"/proc/{p}/cmdline", "rb").read():
                    f = open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split(); t += (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
            except OSError: pass
    return t
try:
    if engine == "postgres":
        url = subprocess.run([str(ROOT / "scripts/postgres"), "start", str(pg), str(soak.free_port())], capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
        env["STEWARD_DATABASE_URL"] = url.rsplit("/", 1)[0] + "/soak"
        subprocess.run(["psql", "-X", "-q", url, "-c", "CREATE DATABASE soak"], check=True)
    seeded = subprocess.run([binary, "demo", "--data-dir", str(work / "data"), "--seed-only", "--json"], capture_output=True, text=True, env=env, check=True, cwd=ROOT)
    accounts = json.loads(seeded.stdout)["accounts"]
    by_local = {a["email"].split("@")[0]: a for a in accounts if a["school"] == "st-cleopas"}
    tokens = {}
    for local in ("teacher", "headteacher", "socialmedia", "ta"):
        made = subprocess.run([binary, "token", "create", "--email", by_local[local]["email"], "--name", "q"], capture_output=True, text=True, env=env, check=True, cwd=ROOT)
        tokens[local] = made.stdout.strip().split()[-1]
    port = soak.free_port()
    server = subprocess.Popen([binary, "serve", "--hostname", "127.0.0.1", "--port", str(port)], stdout=open(work / "log", "w"), stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    for _ in range(300):
        try:
            if soak.Client(port).request("GET", "/healthz")[0] == 200: break
        except OSError: time.sleep(0.2)
    cookies = {l: soak.sign_in(port, by_local[l]) for l in ("teacher", "headteacher", "governor")}
    c = soak.Client(port)
    st, _, body = c.request("GET", "/api/v1/policies", headers={"Authorization": f"Bearer {tokens['headteacher']}"})
    pol = json.loads(body)[0]["id"]
    def api(local, m, p, b=None, ct="application/json"):
        h = {"Authorization": f"Bearer {tokens[local]}"}
        if b is not None: h["Content-Type"] = ct
        return c.request(m, p, b, h)
    n = [0]
    def report():
        n[0] += 1
        return api("teacher", "POST", "/api/v1/concerns", json.dumps({"category": "other", "whatHappened": f"Q {n[0]}.", "platform": "Email", "involved": "unknown"}).encode())
    def imp():
        n[0] += 1
        return api("headteacher", "POST", "/api/v1/policies", f"# Q Policy {n[0]}\n\n### 1. Scope\n\n- 1.1 It applies.\n".encode(), "text/markdown")
    def rebuilt(who):
        def f():
            report()
            return c.request("GET", "/", None, {"Cookie": cookies[who]})
        return f
    kinds = [
        ("healthz", lambda: c.request("GET", "/healthz")),
        ("home kept: teacher", lambda: c.request("GET", "/", None, {"Cookie": cookies["teacher"]})),
        ("home kept: headteacher", lambda: c.request("GET", "/", None, {"Cookie": cookies["headteacher"]})),
        ("policy page", lambda: c.request("GET", f"/policies/{pol}", None, {"Cookie": cookies["teacher"]})),
        ("api list policies", lambda: api("teacher", "GET", "/api/v1/policies")),
        ("ack (already)", lambda: api("teacher", "POST", f"/api/v1/policies/{pol}/acknowledgements", b"{}")),
        ("screen", lambda: api("socialmedia", "POST", "/api/v1/screen", json.dumps({"text": "Well done to our choir at the festival today! Post 12."}).encode())),
        ("report a concern", report),
        ("import", imp),
        ("report + home: teacher", rebuilt("teacher")),
        ("report + home: headteacher", rebuilt("headteacher")),
        ("report + home: governor", rebuilt("governor")),
    ]
    base = {}
    only = os.environ.get("ONLY")
    if only: open(os.path.join(tempfile.gettempdir(), "steward-request-cost.pid"), "w").write(str(server.pid))
    for name, fn in kinds:
        if only and not name.startswith(only): continue
        for _ in range(20): fn()
        t0 = cpu(server.pid); p0 = pgcpu(); w0 = time.time()
        for _ in range(N):
            s = fn()[0]
            assert s < 400, (name, s)
        ms = (cpu(server.pid) - t0) * 1000 / N; pms = (pgcpu() - p0) * 1000 / N
        base[name] = ms
        print(f"{name:30} server {ms:6.2f} ms  db {pms:5.2f} ms  wall {(time.time()-w0)*1000/N:6.2f} ms", flush=True)
finally:
    if server: server.terminate(); server.wait()
    if pg.exists(): subprocess.run([str(ROOT / "scripts/postgres"), "stop", str(pg)])
    shutil.rmtree(work, ignore_errors=True)
