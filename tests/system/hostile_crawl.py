"""Signing in as each role, crawling what a role can reach from its home and navigation, and reading every form.

Used by test_hostile_input.py. A form is read as a browser would submit it: each field's name, type and the value
a browser would send untouched (the selected option, the checked box, the current value), plus a plausible value for
a required field left empty, and the CSRF token."""
import html.parser
import re
import time
import urllib.parse
from dataclasses import dataclass, field

import requests

from totp import totp

UUID = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")
CSRF = re.compile(r'name="_csrf" value="([^"]+)"')
H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)

# The demo school's people who sign in, by the local part of their address, and the trust administrator.
ROLES = ("headteacher", "dsl", "hr", "chair", "governor", "manager", "teacher", "ta", "socialmedia", "volunteer",
         "trust.admin")


def heading(html_text: str) -> str:
    found = H1.search(html_text or "")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found.group(1))).strip() if found else ""


def pattern_of(path: str) -> str:
    """A path with its ids replaced, so /people/<uuid>/edit and /people/<other uuid>/edit are the same page."""
    path = UUID.sub(":id", path)
    return re.sub(r"/\d+(?=/|$)", "/:n", path)


# ---------------------------------------------------------------------------------------------------------------
# Signing in


class TwoFactorClock:
    """A TOTP code cannot be used twice within its 30 s step: remembers, per secret, the last step used."""

    def __init__(self):
        self.used = {}

    def code(self, secret: str) -> str:
        while int(time.time() // 30) == self.used.get(secret):
            time.sleep(0.5)
        step = int(time.time() // 30)
        self.used[secret] = step
        return totp(secret, at=step * 30 + 1)


def sign_in(base: str, account: dict, clock: TwoFactorClock) -> requests.Session:
    session = requests.Session()
    page = session.get(base + "/login")
    response = session.post(base + "/login", allow_redirects=False, data={
        "_csrf": CSRF.search(page.text).group(1), "email": account["email"], "password": account["password"]})
    assert response.status_code == 303, (account["email"], response.status_code, heading(response.text))
    if account["totp_secret"]:
        page = session.get(base + response.headers["Location"])
        response = session.post(base + "/login/2fa", allow_redirects=False, data={
            "_csrf": CSRF.search(page.text).group(1), "code": clock.code(account["totp_secret"]), "next": "/"})
        assert response.status_code == 303, (account["email"], heading(response.text))
    home = session.get(base + "/")
    assert home.status_code == 200 and heading(home.text).startswith("Hello"), (account["email"], heading(home.text))
    return session


def step_up(base: str, session: requests.Session, account: dict, clock: TwoFactorClock) -> bool:
    """Enters a fresh code at /step-up, as a person does when the 15-minute window has passed."""
    if not account["totp_secret"]:
        return False
    page = session.get(base + "/step-up")
    token = CSRF.search(page.text)
    if not token:
        return False
    response = session.post(base + "/step-up", allow_redirects=False, data={
        "_csrf": token.group(1), "code": clock.code(account["totp_secret"]), "next": "/"})
    return response.status_code == 303


# ---------------------------------------------------------------------------------------------------------------
# Reading forms


@dataclass
class Field:
    name: str
    kind: str                     # text, textarea, select, radio, checkbox, hidden, file, password, date, …, button
    default: object = None        # the value a browser sends untouched (a list for a group of checkboxes)
    options: list = field(default_factory=list)
    required: bool = False


@dataclass
class Form:
    page: str                     # the path of the page it was found on
    action: str                   # where it posts (a path)
    method: str
    enctype: str
    fields: list                  # [Field]
    role: str = ""
    buttons: list = field(default_factory=list)   # [(name, value, label)]

    @property
    def key(self):
        return (self.method, pattern_of(urllib.parse.urlsplit(self.action).path),
                tuple(sorted(f.name for f in self.fields if f.name != "_csrf")))

    def field(self, name):
        return next((f for f in self.fields if f.name == name), None)

    @property
    def csrf(self):
        for f in self.fields:
            if f.name == "_csrf":
                return f.default
        return None


class FormParser(html.parser.HTMLParser):
    """Every <form>, its fields, and every <a href> of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.links = [], []
        self.form = None
        self.select = self.option = self.textarea = self.button = None
        self.text = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag == "form":
            self.form = {"action": a.get("action", ""), "method": a.get("method", "get").lower(),
                         "enctype": a.get("enctype", "application/x-www-form-urlencoded"), "fields": {}, "order": [],
                         "buttons": []}
            self.forms.append(self.form)
            return
        if self.form is None:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            name = a["name"]
            if kind in ("submit", "image", "reset"):
                self.form["buttons"].append((name, a.get("value", ""), a.get("value", "")))
                return
            f = self._field(name, kind, "required" in a)
            if kind == "radio":
                f.options.append(a.get("value", "on"))
                if "checked" in a:
                    f.default = a.get("value", "on")
            elif kind == "checkbox":
                f.options.append(a.get("value", "on"))
                if "checked" in a:
                    f.default = (f.default or []) + [a.get("value", "on")]
            elif kind == "file":
                f.default = None
            else:
                f.default = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self.textarea = self._field(a["name"], "textarea", "required" in a)
            self.text = []
        elif tag == "select" and a.get("name"):
            self.select = self._field(a["name"], "select-multiple" if "multiple" in a else "select", "required" in a)
            self.select.default = [] if "multiple" in a else None
        elif tag == "option" and self.select is not None:
            self.option = {"value": a.get("value"), "selected": "selected" in a, "text": []}
        elif tag == "button":
            self.button = {"name": a.get("name"), "value": a.get("value", ""), "type": a.get("type", "submit"),
                           "text": []}

    def _field(self, name, kind, required):
        fields = self.form["fields"]
        if name not in fields:
            fields[name] = Field(name=name, kind=kind, required=required)
            self.form["order"].append(name)
        f = fields[name]
        f.required = f.required or required
        return f

    def handle_data(self, data):
        if self.textarea is not None:
            self.text.append(data)
        if self.option is not None:
            self.option["text"].append(data)
        if self.button is not None:
            self.button["text"].append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "textarea" and self.textarea is not None:
            value = "".join(self.text)
            self.textarea.default = value[1:] if value.startswith("\n") else value
            self.textarea = None
        elif tag == "option" and self.option is not None and self.select is not None:
            value = self.option["value"] if self.option["value"] is not None else "".join(self.option["text"]).strip()
            self.select.options.append(value)
            if self.option["selected"]:
                if self.select.kind == "select-multiple":
                    self.select.default.append(value)
                else:
                    self.select.default = value
            self.option = None
        elif tag == "select" and self.select is not None:
            if self.select.kind == "select" and self.select.default is None and self.select.options:
                self.select.default = self.select.options[0]
            self.select = None
        elif tag == "button" and self.button is not None:
            if self.form is not None and self.button["type"] == "submit":
                self.form["buttons"].append((self.button["name"], self.button["value"],
                                             " ".join("".join(self.button["text"]).split())))
            self.button = None


def plausible(f: Field) -> object:
    """A value for a required field left empty, so that the rest of the form is valid around the hostile one."""
    name = f.name.lower()
    if f.kind == "date" or name.endswith("_on") or name in ("since", "from", "to", "start_date", "leaving_date"):
        return time.strftime("%Y-%m-%d")
    if f.kind == "email" or "email" in name:
        return "hostile.sweep@stcleopas.example.org"
    if f.kind == "number":
        return "1"
    if f.kind == "radio" and f.options:
        return f.options[0]
    if f.kind == "url" or "address" in name or name == "url":
        return "https://www.facebook.com/stcleopas/posts/1"
    if "forename" in name:
        return "Hostile"
    if "surname" in name:
        return "Sweep"
    return "A hostile-input sweep wrote this."


def read_forms(page_path: str, html_text: str):
    parser = FormParser()
    parser.feed(html_text)
    forms = []
    for raw in parser.forms:
        action = raw["action"] or page_path
        parts = urllib.parse.urlsplit(urllib.parse.urljoin(page_path, action))
        if parts.netloc:
            continue
        fields = [raw["fields"][name] for name in raw["order"]]
        for f in fields:
            if f.kind == "radio" and f.default is None and f.required:
                f.default = f.options[0]
            if f.default in (None, "") and f.required and f.kind not in ("checkbox", "file", "password"):
                f.default = plausible(f)
        forms.append(Form(page=page_path, action=parts.path + (("?" + parts.query) if parts.query else ""),
                          method=raw["method"], enctype=raw["enctype"], fields=fields, buttons=raw["buttons"]))
    return forms, parser.links


# ---------------------------------------------------------------------------------------------------------------
# Crawling


# Links never followed: they end the session, download files (read by the page tests instead), or leave the site.
NOT_FOLLOWED = re.compile(r"^/(logout|login|step-up)(/|$)|\.(csv|json|svg|png|jpe?g|pdf)$|/evidence/|/images/")


@dataclass
class Crawl:
    role: str
    pages: dict = field(default_factory=dict)      # path -> status
    forms: list = field(default_factory=list)      # [Form] (one per action pattern and set of fields)
    downloads: set = field(default_factory=set)


def crawl(base: str, session: requests.Session, role: str, limit_pages=120, per_pattern=2, start=("/",),
          on_page=None) -> Crawl:
    """Breadth-first from the home page through every same-site link, at most `per_pattern` pages of each shape
    (e.g. two people's pages, two cases) and `limit_pages` pages in all."""
    result = Crawl(role)
    queue = list(start)
    seen_patterns = {}
    seen = set()
    form_keys = set()
    while queue and len(result.pages) < limit_pages:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = session.get(base + path, allow_redirects=False, timeout=60)
        result.pages[path] = response.status_code
        if on_page:
            on_page(path, response)
        if 300 <= response.status_code < 400 and response.headers.get("Location", "").startswith("/"):
            # A page that sends on to another (a draft policy to its version): follow it like a link.
            links = [response.headers["Location"]]
            forms = []
        elif response.status_code != 200 or "text/html" not in response.headers.get("Content-Type", ""):
            continue
        else:
            forms, links = read_forms(urllib.parse.urlsplit(path).path, response.text)
        for form in forms:
            form.role = role
            if form.method in ("post", "get") and form.key not in form_keys:
                form_keys.add(form.key)
                result.forms.append(form)
        for link in links:
            parts = urllib.parse.urlsplit(urllib.parse.urljoin(path, link))
            if parts.netloc and parts.netloc != urllib.parse.urlsplit(base).netloc:
                continue
            target = parts.path + (("?" + parts.query) if parts.query else "")
            if not parts.path.startswith("/") or target in seen:
                continue
            if re.search(r"\.(csv|json)$", parts.path):
                result.downloads.add(target)
            if NOT_FOLLOWED.search(parts.path):
                continue
            shape = pattern_of(parts.path) + ("?" + re.sub(r"=[^&]*", "=", parts.query) if parts.query else "")
            if seen_patterns.get(shape, 0) >= per_pattern:
                continue
            seen_patterns[shape] = seen_patterns.get(shape, 0) + 1
            queue.append(target)
    return result
