"""Times sign-in against a live server: a right password, a wrong one, and an unknown email.

Prints figures (it asserts nothing): the three should cost the same, one bcrypt check at the configured cost.
Usage: python3 benchmarks/sign_in.py BASE_URL ACCOUNTS_JSON [ROUNDS]
"""
import http.cookiejar
import json
import re
import statistics
import sys
import time
import urllib.error
import urllib.parse
import urllib.request


def attempt(base, email, password):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar),
                                         urllib.request.HTTPRedirectHandler())
    page = opener.open(base + "/login").read().decode()
    token = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"email": email, "password": password, "_csrf": token}).encode()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    quiet = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    start = time.perf_counter()
    try:
        quiet.open(base + "/login", data=body)
        status = 200
    except urllib.error.HTTPError as error:
        status = error.code
    return time.perf_counter() - start, status


def main():
    base, accounts_file = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    accounts = json.load(open(accounts_file))["accounts"]
    teacher = next(a for a in accounts if a["email"].startswith("teacher@"))
    # Spread over accounts and stay under the 10-failures-in-5-minutes limit per account.
    cases = {
        "right password": lambda i: (teacher["email"], teacher["password"]),
        "wrong password": lambda i: (accounts[i % len(accounts)]["email"], "not-the-password"),
        "unknown email": lambda i: (f"nobody{i}@example.org", "not-the-password"),
    }
    for name, make in cases.items():
        times, statuses = [], set()
        for i in range(rounds):
            seconds, status = attempt(base, *make(i))
            times.append(seconds * 1000)
            statuses.add(status)
        print(f"{name:15s} n={rounds} median {statistics.median(times):7.1f} ms  "
              f"min {min(times):7.1f} ms  max {max(times):7.1f} ms  status {sorted(statuses)}")


if __name__ == "__main__":
    main()
