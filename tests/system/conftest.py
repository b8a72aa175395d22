"""Fixtures that run the real `steward` binary: a demo database, a live server on loopback, a headless Chromium."""
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("STEWARD_BINARY", ROOT / ".build" / "debug" / "steward"))


# The files that take longest, started first: `scripts/test` runs the files on several workers
# (pytest-xdist, `--dist loadfile`: a file's tests stay together, in order, on one worker), and a long file started
# last would leave the other workers idle while it finishes.
LONGEST_FIRST = ["test_hostile_input.py", "test_api_contract.py", "test_crash_safety.py", "test_backup.py",
                 "test_school_sign_in.py", "test_daily_use.py", "test_posts.py", "test_declarations.py"]


def pytest_collection_modifyitems(config, items):
    def weight(item):
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=weight)  # stable: each file's tests keep their order


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_steward(*args, data_dir, env=None, check=True, timeout=120):
    environment = {**os.environ, "STEWARD_DATA_DIR": str(data_dir), **(env or {})}
    return subprocess.run([str(BINARY), *args], capture_output=True, text=True, env=environment,
                          timeout=timeout, check=check, cwd=ROOT)


class Server:
    def __init__(self, data_dir: Path, accounts: dict, env=None, args=(), port=None):
        self.data_dir = data_dir
        self.accounts = accounts
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(data_dir / "server.log", "w")
        environment = {**os.environ, "STEWARD_DATA_DIR": str(data_dir), **(env or {})}
        self.process = subprocess.Popen(
            [str(BINARY), "serve", "--hostname", "127.0.0.1", "--port", str(self.port), *args],
            stdout=self.log, stderr=subprocess.STDOUT, env=environment, cwd=ROOT)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("steward serve did not start: " + (data_dir / "server.log").read_text())

    def account(self, school: str, local: str) -> dict:
        domain = {"st-cleopas": "stcleopas", "holy-trinity": "holytrinity", "northfield": "northfield"}[school]
        email = f"{local}@{domain}.example.org"
        return next(a for a in self.accounts["accounts"] if a["email"] == email)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


@pytest.fixture(scope="session")
def demo_dir():
    """A demo database seeded once by `steward demo --seed-only --json`, copied for each server."""
    directory = Path(tempfile.mkdtemp(prefix="steward-demo-"))
    result = run_steward("demo", "--data-dir", str(directory), "--seed-only", "--json", data_dir=directory)
    accounts = json.loads(result.stdout)
    yield directory, accounts
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def server(demo_dir, tmp_path):
    source, accounts = demo_dir
    data = tmp_path / "data"
    shutil.copytree(source, data)
    running = Server(data, accounts)
    yield running
    running.stop()


@pytest.fixture
def server_without_jobs(demo_dir, tmp_path):
    """A server started with --no-jobs: mail waits for `steward jobs run`."""
    source, accounts = demo_dir
    data = tmp_path / "data"
    shutil.copytree(source, data)
    running = Server(data, accounts, args=("--no-jobs",))
    yield running
    running.stop()


class Postgres:
    """A PostgreSQL 15 server on loopback: the one `scripts/test` started, or one started here for these tests."""

    def __init__(self, url: str):
        self.url = url

    def database_url(self, name: str) -> str:
        return self.url.rsplit("/", 1)[0] + "/" + name

    def psql(self, sql: str, database: str = "postgres") -> str:
        result = subprocess.run(["psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1",
                                 self.database_url(database), "-c", sql],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    def create_database(self, name: str) -> str:
        self.psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self.psql(f"CREATE DATABASE {name}")
        return self.database_url(name)


@pytest.fixture(scope="session")
def postgres():
    url = os.environ.get("STEWARD_TEST_DATABASE_URL")
    if url:
        yield Postgres(url)
        return
    directory = Path(tempfile.mkdtemp(prefix="steward-pg-"))
    result = subprocess.run([str(ROOT / "scripts" / "postgres"), "start", str(directory / "pg"), str(free_port())],
                            capture_output=True, text=True, timeout=300, check=True)
    try:
        yield Postgres(result.stdout.strip().splitlines()[-1])
    finally:
        subprocess.run([str(ROOT / "scripts" / "postgres"), "stop", str(directory / "pg")], timeout=120)
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,900", "--no-first-run", "--disable-extensions"):
        options.add_argument(argument)
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
