"""Journeys a person takes, in Debian's Chromium: two-factor sign-in, sign-out, enrolment with a scanned QR code,
phone-width layout, and an axe-core accessibility pass on every page."""
import subprocess
import urllib.parse

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By

from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from totp import totp


def click_and_wait(driver, element):
    """Clicks something that loads a new page and waits until the new page has loaded.

    The old page is marked with a script variable; the new page has none. (Polling the old element for
    staleness races with Chromium tearing the page down.)"""
    driver.execute_script("window.__stewardOldPage = true")
    element.click()

    def loaded(d):
        try:
            return d.execute_script("return !window.__stewardOldPage && document.readyState === 'complete'")
        except WebDriverException:
            return False

    WebDriverWait(driver, 15).until(loaded)


def sign_in(driver, server, account, code=True):
    driver.get(server.base + "/login")
    driver.find_element(By.ID, "email").send_keys(account["email"])
    driver.find_element(By.ID, "password").send_keys(account["password"])
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]"))
    if code and account["totp_secret"]:
        assert "/login/2fa" in driver.current_url
        assert driver.find_element(By.TAG_NAME, "h1").text == "Enter your code"
        driver.find_element(By.ID, "code").send_keys(totp(account["totp_secret"]))
        click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/login/2fa'] button[type=submit]"))


def session_cookie(driver):
    cookie = driver.get_cookie("steward_session")
    return cookie["value"] if cookie else None


def test_two_factor_sign_in_home_sign_out_and_the_session_is_gone(server, browser):
    head = server.account("st-cleopas", "headteacher")
    sign_in(browser, server, head)
    assert browser.current_url == server.base + "/"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Hello, Helen"
    assert "St Cleopas C of E Primary School" in browser.find_element(By.CSS_SELECTOR, ".site-header").text
    nav = browser.find_element(By.CSS_SELECTOR, "nav.main-nav").text
    assert "People" in nav and "Audit log" in nav
    cookie = browser.get_cookie("steward_session")
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Lax"
    old = cookie["value"]

    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".sign-out button"))
    assert "/login" in browser.current_url
    assert "You have signed out" in browser.page_source
    browser.get(server.base + "/people")
    assert urllib.parse.urlparse(browser.current_url).path == "/login"

    # The old session id is dead on the server, not just forgotten by the browser.
    browser.add_cookie({"name": "steward_session", "value": old, "path": "/"})
    browser.get(server.base + "/")
    assert urllib.parse.urlparse(browser.current_url).path == "/login"


def test_wrong_password_shows_an_error_summary_linked_to_the_field(server, browser):
    browser.get(server.base + "/login")
    browser.find_element(By.ID, "email").send_keys("teacher@stcleopas.example.org")
    browser.find_element(By.ID, "password").send_keys("wrong password")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/login'] button"))
    summary = browser.find_element(By.CSS_SELECTOR, ".error-summary")
    assert "not right" in summary.text
    assert summary.find_element(By.TAG_NAME, "a").get_attribute("href").endswith("#email")


def test_enrolling_with_the_qr_code_a_phone_would_scan(server, browser, tmp_path):
    teacher = server.account("st-cleopas", "teacher")
    sign_in(browser, server, teacher)
    browser.get(server.base + "/account/two-factor")
    shown = browser.find_element(By.CSS_SELECTOR, ".secret code").text.replace(" ", "")
    WebDriverWait(browser, 15).until(lambda d: d.execute_script(
        "const i = document.querySelector('img.qr'); return document.readyState === 'complete' && i.complete && i.naturalWidth > 0"))
    # The whole window, as a phone's camera would see the screen: zbarimg finds the code anywhere in it.
    png = tmp_path / "qr.png"
    browser.save_screenshot(str(png))
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True, check=True)
    uri = decoded.stdout.strip()
    assert uri.startswith("otpauth://totp/")
    query = urllib.parse.parse_qs(urllib.parse.urlparse(uri).query)
    assert query["secret"] == [shown]
    assert "teacher@stcleopas.example.org" in urllib.parse.unquote(uri)
    # Turning two-factor on from the account page needs the current password as well as the new app's code
    # (issue 10): a session left open on someone else's screen cannot enrol an authenticator of its own.
    browser.find_element(By.ID, "code").send_keys(totp(query["secret"][0]))
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/account/two-factor'] button"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Set up two-factor sign-in"
    assert browser.find_element(By.CSS_SELECTOR, ".error-summary").is_displayed()
    assert browser.find_element(By.ID, "current").get_attribute("aria-invalid") == "true"
    browser.find_element(By.ID, "current").send_keys(teacher["password"])
    browser.find_element(By.ID, "code").clear()
    browser.find_element(By.ID, "code").send_keys(totp(query["secret"][0]))
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/account/two-factor'] button"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Save your recovery codes"
    assert len(browser.find_elements(By.CSS_SELECTOR, ".codes li")) == 10


PAGES = ["/", "/people", "/people/new", "/people/import", "/pupils", "/pupils/import", "/account", "/account/two-factor",
         "/audit", "/outbox", "/outbox?show=all", "/policies", "/policies/new", "/accounts", "/accounts/new", "/posts",
         "/posts/new", "/posts/archive", "/screening", "/reports", "/reports/new", "/settings/sign-in",
         "/settings/retention", "/settings/retention/due", "/settings/holds",
         "/records/requests"]

ERROR_HEADINGS = {"Page not found", "You cannot do this", "Sign in", "Sign in to continue", "Sorry, something went wrong",
                  "There is a problem", "Confirm it is you"}


def open_page(driver, server, path):
    """Opens `path` and checks that it, not a sign-in page, a step-up or an error, is what loaded."""
    driver.get(server.base + path)
    loaded = urllib.parse.urlsplit(driver.current_url)
    asked = urllib.parse.urlsplit(server.base + path)
    assert (loaded.path, loaded.query) == (asked.path, asked.query), f"asked for {path}, got {driver.current_url}"
    heading = driver.find_element(By.TAG_NAME, "h1").text.strip()
    assert heading and heading not in ERROR_HEADINGS, f"{path} shows '{heading}'"
    return heading


def test_pages_fit_a_360_pixel_phone(server, browser):
    sign_in(browser, server, server.account("st-cleopas", "headteacher"))
    browser.set_window_size(360, 800)
    for path in PAGES + ["/people?show=all"]:
        open_page(browser, server, path)
        width = browser.execute_script("return document.documentElement.scrollWidth")
        viewport = browser.execute_script("return window.innerWidth")
        assert width <= viewport, f"{path} scrolls sideways: {width} > {viewport}"


def test_a_long_menu_folds_on_a_phone_and_a_short_one_does_not(server, browser):
    """A headteacher's sixteen sections would fill a phone's first screen before the page's heading: there they fold
    under "Menu", which names the section one is in; on a wider screen, and for a teaching assistant's few, the list
    shows as it is."""
    def shown(selector):
        return [e for e in browser.find_elements(By.CSS_SELECTOR, selector) if e.is_displayed()]

    sign_in(browser, server, server.account("st-cleopas", "headteacher"))
    browser.set_window_size(1280, 900)
    open_page(browser, server, "/policies")
    wide = [a.text for a in shown("nav.main-nav a")]
    assert len(wide) > 8 and "Audit log" in wide and not shown("nav.main-nav summary"), wide
    try:
        browser.set_window_size(360, 740)
        open_page(browser, server, "/policies")
        assert shown("nav.main-nav a") == [], "the long list still shows on a phone"
        summary = shown("nav.main-nav summary")
        assert [s.text for s in summary] == ["Menu: Policies"]
        heading = browser.find_element(By.TAG_NAME, "h1")
        top = browser.execute_script("return arguments[0].getBoundingClientRect().bottom", heading)
        assert top < 740 / 2, f"the heading ends {top}px down a 740px screen"
        summary[0].click()
        folded = [a.text for a in shown("nav.main-nav a")]
        assert folded == wide, folded
        current = browser.find_element(By.CSS_SELECTOR, "details.nav-menu a[aria-current=page]")
        assert current.text == "Policies"
        click_and_wait(browser, next(a for a in shown("nav.main-nav a") if a.text == "Audit log"))
        assert urllib.parse.urlparse(browser.current_url).path == "/audit"
        assert [s.text for s in shown("nav.main-nav summary")] == ["Menu: Audit log"]
        assert shown("nav.main-nav a") == [], "the menu opens folded on the next page"
        assert not axe_violations(browser)
        browser.find_element(By.CSS_SELECTOR, ".sign-out button").click()

        sign_in(browser, server, server.account("st-cleopas", "ta"))
        open_page(browser, server, "/")
        few = [a.text for a in shown("nav.main-nav a")]
        assert 1 < len(few) <= 8 and "Policies" in few and not shown("nav.main-nav summary"), few
    finally:
        browser.set_window_size(1280, 900)


def axe_violations(driver):
    from axe_selenium_python import Axe
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in results["violations"]]


def test_accessibility_of_every_page(server, browser):
    problems = {}
    browser.get(server.base + "/login")
    problems["/login"] = axe_violations(browser)
    browser.get(server.base + "/password/forgot")
    problems["/password/forgot"] = axe_violations(browser)
    browser.get(server.base + "/password/reset?token=not-a-token")
    problems["/password/reset (spent link)"] = axe_violations(browser)
    head = server.account("st-cleopas", "headteacher")
    sign_in(browser, server, head, code=False)
    problems["/login/2fa"] = axe_violations(browser)
    browser.find_element(By.ID, "code").send_keys(totp(head["totp_secret"]))
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/login/2fa'] button"))
    for path in PAGES:
        open_page(browser, server, path)
        problems[path] = axe_violations(browser)
    # A form with errors, and a person's page.
    browser.get(server.base + "/people/new")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.stack button[type=submit]"))
    problems["/people (errors)"] = axe_violations(browser)
    browser.get(server.base + "/people")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "table a"))
    problems["/people/{id}"] = axe_violations(browser)
    browser.get(server.base + "/no-such-page")
    problems["404"] = axe_violations(browser)
    failing = {page: found for page, found in problems.items() if found}
    assert not failing, "\n".join(f"{page}: {found}" for page, found in failing.items())
