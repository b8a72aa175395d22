"""A real OpenID Connect provider on loopback, for tests of signing in.

It is django-oidc-provider in a subprocess (tests/system/oidc_provider/,
whose README.md says why and how to run it by hand). The issuer is
http://localhost:PORT/openid while Steward is reached at 127.0.0.1, so the
two never share cookies.

    provider = Provider()
    provider.start(tmp_path / "op", free_port())
    provider.add_client("steward", "secret", [steward.base + "/auth/callback"])
    provider.add_user("ann", "pw", "ann@school.example", {"hd": "school.example"})
    response = provider.sign_in(requests.Session(), steward.base + "/login", "ann", "pw")
    provider.stop()
"""
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

SERVE = Path(__file__).resolve().parent / "oidc_provider" / "serve.py"
LOGIN_PATH = "/accounts/login/"


class Provider:
    def __init__(self):
        self.process = None
        self.directory = None
        self.port = None
        self._token = secrets.token_urlsafe(24)

    @property
    def origin(self) -> str:
        return f"http://localhost:{self.port}"

    @property
    def issuer(self) -> str:
        return self.origin + "/openid"

    @property
    def discovery_url(self) -> str:
        return self.issuer + "/.well-known/openid-configuration"

    def start(self, directory: Path, port: int) -> None:
        """Migrate a database in directory, make a signing key, serve on 127.0.0.1:port."""
        self.directory, self.port = Path(directory), port
        self.directory.mkdir(parents=True, exist_ok=True)
        if not self._claims_path().exists():
            self._write_claims({})
        self._log = open(self.directory / "provider.log", "ab")
        environment = dict(os.environ)
        for name in ("PYTHONPATH", "DJANGO_SETTINGS_MODULE"):
            environment.pop(name, None)
        self.process = subprocess.Popen(
            [sys.executable, str(SERVE), str(self.directory), str(port), self._token],
            stdout=self._log, stderr=subprocess.STDOUT, cwd=self.directory, env=environment)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                with urllib.request.urlopen(self.discovery_url, timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        log = (self.directory / "provider.log").read_text(errors="replace")
        raise RuntimeError("the OpenID provider did not start:\n" + log[-4000:])

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process:
            self._log.close()
        self.process = None

    def add_client(self, client_id: str, client_secret: str, redirect_uris: list[str],
                   post_logout_redirect_uris: list[str] = ()) -> None:
        """A confidential client: response type code, scopes openid email profile, RS256.

        Adding an existing client_id replaces its settings. Keep secrets to
        letters and digits: the provider does not URL-decode HTTP Basic
        credentials and splits them at the first colon.
        """
        self._call("add_client", client_id=client_id, client_secret=client_secret,
                   redirect_uris=list(redirect_uris),
                   post_logout_redirect_uris=list(post_logout_redirect_uris))

    def add_user(self, username: str, password: str, email: str, claims: dict | None = None) -> str:
        """Add (or reset) a user; returns its subject (sub). See set_claims."""
        sub = self._call("add_user", username=username, password=password, email=email)["sub"]
        self.set_claims(username, claims or {})
        return sub

    def set_claims(self, username: str, claims: dict) -> None:
        """Claims merged into every ID token issued to username from now on.

        The token always has email; any key here replaces what the provider
        put (so "nonce", "aud" and "iss" make bad tokens) and None removes
        it. "exp_offset": -600 sets exp 600 seconds in the past.
        """
        everyone = json.loads(self._claims_path().read_text())
        everyone[username] = claims
        self._write_claims(everyone)

    def rotate_keys(self) -> str:
        """Sign with a new RSA key and drop the old ones; returns the new kid."""
        return self._call("rotate_keys")["kid"]

    def kids(self) -> list[str]:
        """Key ids of the signing keys the JWKS lists."""
        return self._call("keys")["kids"]

    def sign_in(self, session, start_url: str, username: str, password: str,
                follow_callback: bool = True):
        """Sign in through the provider's login form, as a browser would.

        Requests start_url (a Steward address that sends the browser to the
        authorization endpoint), fills in the login form if the provider asks,
        and follows redirects until the provider sends the browser back. With
        follow_callback, requests that callback and follows Steward's
        redirects, returning the final response; without, returns the
        provider's 302 whose Location is the callback with code and state.
        A refused password returns the provider's login page again.
        """
        response = session.get(start_url, allow_redirects=False)
        for _ in range(20):
            if response.is_redirect:
                target = urljoin(response.url, response.headers["Location"])
                if self._is_ours(response.url) and not self._is_ours(target):
                    return session.get(target) if follow_callback else response
                response = session.get(target, allow_redirects=False)
            elif (self._is_ours(response.url) and response.request.method == "GET"
                  and urlsplit(response.url).path == LOGIN_PATH):
                fields = _form_fields(response.text)
                fields.update(username=username, password=password)
                response = session.post(response.url, data=fields, allow_redirects=False)
            else:
                return response
        raise RuntimeError("sign_in: too many redirects, last at " + response.url)

    def _is_ours(self, url: str) -> bool:
        return urlsplit(url).netloc == f"localhost:{self.port}"

    def _call(self, action: str, **body) -> dict:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/harness/{action}", data=json.dumps(body).encode(),
            headers={"Authorization": "Bearer " + self._token,
                     "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)

    def _claims_path(self) -> Path:
        return self.directory / "claims.json"

    def _write_claims(self, everyone: dict) -> None:
        # Replaced whole, so the provider never reads half a file.
        partial = self._claims_path().with_suffix(".partial")
        partial.write_text(json.dumps(everyone, indent=1))
        os.replace(partial, self._claims_path())


class _Inputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("name"):
            self.fields[attributes["name"]] = attributes.get("value") or ""


def _form_fields(html: str) -> dict:
    parser = _Inputs()
    parser.feed(html)
    return parser.fields


def main():
    """python3 tests/system/oidc.py PORT REDIRECT_URI...: a provider to try by hand."""
    port, redirect_uris = int(sys.argv[1]), sys.argv[2:]
    provider = Provider()
    provider.start(Path(tempfile.mkdtemp(prefix="oidc-provider-")), port)
    provider.add_client("steward", "stewardsecret", redirect_uris)
    provider.add_user("ann", "password", "ann@school.example", {"email_verified": True})
    print(f"issuer {provider.issuer}\nclient steward / stewardsecret\nuser ann / password\n"
          f"files in {provider.directory}; Ctrl-C stops")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        provider.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        provider.stop()


if __name__ == "__main__":
    main()
