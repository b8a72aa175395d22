"""Daily use (issue 19) in Chromium, at a phone's width and a desktop's, with axe on every page: each person's home
leads with their work; a trust administrator opens another school from the home page and every page then belongs to
it; every form that can fail puts its error summary first and moves focus to it; a full staff import warns before it
removes the school's only safeguarding lead; a case's chronology prints as a document; figures stay tables.

One server serves the module (each person signs in once: a two-factor code cannot be used twice), but for the import,
which changes who is in the school and has a server of its own."""
import base64
import re
import shutil
import urllib.parse

import pytest
from selenium.webdriver.common.by import By

from conftest import Server
from pages import Staff, accessible, fits_the_phone, heading, main_text, path_of
from test_browser import click_and_wait, sign_in

PHONE = (360, 740)
DESKTOP = (1280, 900)


@pytest.fixture(scope="module")
def daily(demo_dir, tmp_path_factory):
    source, accounts = demo_dir
    data = tmp_path_factory.mktemp("daily") / "data"
    shutil.copytree(source, data)
    running = Server(data, accounts)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def cookies():
    return {}


def trust_admin(server):
    return next(a for a in server.accounts["accounts"] if a["email"].startswith("trust.admin@"))


def visit(driver, server, path):
    driver.get(server.base + path)
    return heading(driver)


def summary_is_focused(driver, where):
    """The error summary is on the page, focus is on it, and each of its links leads to a field of the page."""
    summaries = driver.find_elements(By.CSS_SELECTOR, ".error-summary")
    assert summaries, f"{where}: no error summary"
    active = driver.switch_to.active_element
    assert "error-summary" in (active.get_attribute("class") or ""), f"{where}: focus is on {active.tag_name}"
    for link in summaries[0].find_elements(By.TAG_NAME, "a"):
        target = urllib.parse.urlsplit(link.get_attribute("href")).fragment
        assert target and driver.find_elements(By.ID, target), f"{where}: {target} is not on the page"


def test_homes_lead_with_each_persons_work(daily, browser, cookies):
    staff = Staff(browser, daily, cookies)
    for size in (PHONE, DESKTOP):
        browser.set_window_size(*size)
        for local in ("headteacher", "dsl", "manager", "ta", "governor"):
            staff.be(local)
            browser.get(daily.base + "/")
            assert heading(browser).startswith("Hello, ")
            text = main_text(browser)
            # Work comes first: the "Waiting for you" panel is the first heading after the greeting.
            assert browser.find_elements(By.CSS_SELECTOR, "main h2")[0].text == "Waiting for you", local
            assert "Nothing needs you now." in text or browser.find_elements(By.CSS_SELECTOR, "main .panel li"), local
            if local == "governor":
                assert "Your school in figures" in text and "Policies acknowledged: " in text
            if local in ("ta", "teacher"):
                assert "in figures" not in text
            accessible(browser, f"home of {local} at {size}")
            if size == PHONE:
                fits_the_phone(browser, f"home of {local}")


def test_a_trust_administrator_opens_another_school_and_every_page_is_that_schools(daily, browser):
    browser.set_window_size(*PHONE)
    sign_in(browser, daily, trust_admin(daily))
    # St Cleopas's own records, to be sure none is offered once working in Holy Trinity.
    browser.get(daily.base + "/policies")
    cleopas = set(re.findall(r'href="/policies/([0-9A-F-]{36})"', browser.page_source))
    assert cleopas
    browser.get(daily.base + "/")
    assert "The trust's schools" in main_text(browser)
    fits_the_phone(browser, "trust home")
    accessible(browser, "trust home")
    click_and_wait(browser, browser.find_element(
        By.XPATH, "//main//button[normalize-space()='Work in Holy Trinity C of E Primary School']"))
    assert "Holy Trinity" in browser.find_element(By.CSS_SELECTOR, ".school-name").text
    assert "You are working here" in main_text(browser)
    # Every page the home page and the navigation lead to, and every page those lead to, belongs to Holy Trinity.
    seen, queue = set(), ["/"]
    while queue and len(seen) < 60:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        browser.get(daily.base + path)
        title = heading(browser)
        assert title not in ("Page not found", "Sorry, something went wrong"), f"{path}: {title}"
        assert "Holy Trinity" in browser.find_element(By.CSS_SELECTOR, ".school-name").text, path
        source = browser.page_source
        for record in cleopas:
            assert record not in source, f"{path} offers St Cleopas's policy {record}"
        for href in re.findall(r'href="(/[^"#?]*)"', source):
            if href.startswith(("/css/", "/js/", "/logout", "/p/", "/api/")) or href.endswith((".csv", ".json", ".svg")):
                continue
            if path == "/" or path.count("/") <= 1:
                queue.append(href)
    assert len(seen) > 8, seen


def test_every_form_that_can_fail_puts_its_errors_first_and_focuses_them(daily, browser, cookies):
    staff = Staff(browser, daily, cookies)
    browser.set_window_size(*PHONE)
    staff.be("ta")
    browser.get(daily.base + "/policies")
    policy = re.findall(r'href="(/policies/[0-9A-F-]{36})"', browser.page_source)[0]
    # A case for the headteacher to move: reported by the teaching assistant through the form.
    browser.get(daily.base + "/concerns/new")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/concerns'] button[type=submit]"))
    summary_is_focused(browser, "an empty concern report")
    browser.find_element(By.CSS_SELECTOR, "input[name=category][value=other]").click()
    browser.find_element(By.ID, "what_happened").send_keys("Someone shared a screenshot of the staff group chat.")
    browser.find_element(By.ID, "platform").send_keys("WhatsApp")
    browser.find_element(By.CSS_SELECTOR, "input[name=involved][value=unknown]").click()
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/concerns'] button[type=submit]"))
    reference = re.search(r"C-\d{4}-[A-Z0-9]{5}", main_text(browser)).group(0)
    forms = [
        ("ta", policy, f"form[action='{policy}/acknowledge']", "acknowledging without ticking the box"),
        ("ta", "/self-checks/new?step=questions&platforms=facebook", "form[action='/self-checks']",
         "an empty privacy check"),
        ("ta", "/declarations/new", "form[action='/declarations']", "an empty declaration"),
        ("ta", "/account", "form[action='/account/password']", "an empty password change"),
        ("ta", "/posts/new", "form[action='/posts']", "an empty post"),
        ("headteacher", "/people/new", "form[action='/people']", "an empty new person"),
        ("headteacher", "/policies/new", "form[action='/policies']", "an empty policy import"),
        ("headteacher", "/people/import", "form[action='/people/import']", "an import without a file"),
    ]
    for local, path, form, what in forms:
        staff.be(local)
        browser.get(daily.base + path)
        assert not browser.find_elements(By.CSS_SELECTOR, ".error-summary"), what
        click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, form + " button[type=submit]"))
        summary_is_focused(browser, what)
        accessible(browser, what)
    # Moving the case without saying where or why: the summary comes before the case, not below its chronology.
    staff.be("headteacher")
    browser.get(daily.base + "/concerns")
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, reference))
    assert not browser.find_element(By.ID, "to").get_attribute("value")
    browser.find_element(By.ID, "reason").send_keys("Agreed with the DSL")
    click_and_wait(browser, browser.find_element(By.XPATH, "//main//button[normalize-space()='Move']"))
    summary_is_focused(browser, "moving a case without a choice")
    top = browser.execute_script("return document.querySelector('.error-summary').getBoundingClientRect().top")
    chronology = browser.execute_script("return document.querySelector('.chronology').getBoundingClientRect().top")
    assert top < chronology
    assert browser.find_element(By.ID, "reason").get_attribute("value") == "Agreed with the DSL"
    # The chronology prints as a document: no navigation on paper, and Chromium makes a PDF of it.
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Print or download the chronology"))
    assert heading(browser) == f"Concern {reference}: chronology"
    accessible(browser, "the chronology")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert not browser.find_element(By.CSS_SELECTOR, ".site-header").is_displayed()
    assert not browser.find_element(By.CSS_SELECTOR, ".no-print").is_displayed()
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = base64.b64decode(browser.print_page())
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000


def test_figures_stay_tables_on_a_phone(daily, browser, cookies):
    staff = Staff(browser, daily, cookies)
    browser.set_window_size(*PHONE)
    staff.be("governor")
    browser.get(daily.base + "/policies")
    policy = re.findall(r'href="(/policies/[0-9A-F-]{36})"', browser.page_source)[0]
    for path in ("/concerns/figures", "/self-checks/coverage", "/declarations/coverage", policy + "/coverage"):
        browser.get(daily.base + path)
        fits_the_phone(browser, path)
        accessible(browser, path)
        table = browser.find_element(By.CSS_SELECTOR, "table.figures")
        # Still a table: its header row is shown, not turned into labelled cards.
        assert table.find_element(By.TAG_NAME, "thead").is_displayed(), path
        for h1 in browser.find_elements(By.TAG_NAME, "h1"):
            style = browser.execute_script(
                "const s = getComputedStyle(arguments[0]); return [s.overflowWrap, s.wordBreak]", h1)
            assert style == ["normal", "normal"], (path, style)
        assert "contacted me" not in main_text(browser), path
        assert browser.find_elements(By.PARTIAL_LINK_TEXT, "Download these figures"), path


def test_a_full_import_warns_before_removing_the_only_safeguarding_lead(server, browser, tmp_path):
    browser.set_window_size(*PHONE)
    sign_in(browser, server, server.account("st-cleopas", "headteacher"))
    everyone = [a["email"] for a in server.accounts["accounts"] if a["school"] == "st-cleopas"
                and a["email"].endswith("@stcleopas.example.org")]
    kept = [e for e in everyone if not e.startswith(("dsl@", "chair@", "governor@", "volunteer@"))]
    csv = tmp_path / "staff.csv"
    csv.write_text("Forename,Surname,Email\n" + "".join(f"A,B,{e}\n" for e in kept))
    browser.get(server.base + "/people/import")
    browser.find_element(By.ID, "file").send_keys(str(csv))
    browser.find_element(By.ID, "full").click()
    click_and_wait(browser, browser.find_element(By.XPATH, "//main//button[normalize-space()='Check the file']"))
    warning = browser.find_element(By.CSS_SELECTOR, ".warning-box").text
    assert "The school would have no designated safeguarding lead" in warning
    assert "Designated safeguarding lead" in warning
    # Governors and volunteers left out of a staff export without a staff type column are not touched.
    assert "chair@" not in main_text(browser) and "governor@" not in main_text(browser)
    accessible(browser, "the import warning")
    fits_the_phone(browser, "the import warning")
    assert not browser.find_element(By.ID, "understood").is_selected()
    click_and_wait(browser, browser.find_element(By.XPATH, "//main//button[normalize-space()='Import these changes']"))
    summary_is_focused(browser, "importing without confirming")
    browser.find_element(By.ID, "understood").click()
    click_and_wait(browser, browser.find_element(By.XPATH, "//main//button[normalize-space()='Import these changes']"))
    assert "The import is complete" in browser.page_source
