"""Declarations of relationships (policy clause 1.5) in Chromium: a teaching assistant declares a pupil's parent on a
phone, finding the pupil by three letters of a surname and seeing names and classes only; her line manager records
advice, which she then reads, while other staff and a governor find nothing at the address; a nil return for the
yearly confirmation, and who is still to confirm as the headteacher and a governor see it; and closing a declaration
when the relationship ends. Every page visited passes axe-core.

One server serves the whole module (each person signs in once: a two-factor code cannot be used twice). The journeys
run in the file's order, and each that needs the teaching assistant's new declaration makes it if it is not there."""
import re
import shutil
import urllib.parse

import pytest
from selenium.webdriver.common.by import By

from conftest import Server
from pages import Staff, accessible, button, fits_the_phone, heading, main_text, notice, path_of
from test_browser import ERROR_HEADINGS, click_and_wait

PHONE = (360, 740)
PARENT = "Elena Rossi"
ADVICE = "Please keep to school matters if she messages you, and tell me if anything about Sophia comes up online."


@pytest.fixture(scope="module")
def server(demo_dir, tmp_path_factory):
    """One demo server for every journey of this module."""
    source, accounts = demo_dir
    data = tmp_path_factory.mktemp("declarations") / "data"
    shutil.copytree(source, data)
    running = Server(data, accounts)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def signed_in():
    """Each person's cookies once they have signed in, kept for the module (codes cannot be reused)."""
    return {}


@pytest.fixture(scope="module")
def made():
    """What one journey found or made that a later one uses: staff names, the teaching assistant's declaration."""
    return {}


def status(driver):
    return driver.find_element(By.CSS_SELECTOR, "main p.tag").text


def choose(driver, words):
    """Ticks the radio button or checkbox labelled `words` in the main form."""
    label = driver.find_element(By.XPATH, f"//main//label[normalize-space()='{words}']")
    box = driver.find_element(By.ID, label.get_attribute("for"))
    if not box.is_selected():
        box.click()
    assert box.is_selected(), f"'{words}' is not ticked"
    return box


def visit(driver, server, path):
    driver.get(server.base + path)
    assert urllib.parse.urlsplit(driver.current_url).path == urllib.parse.urlsplit(server.base + path).path, \
        f"asked for {path}, got {driver.current_url}"
    assert heading(driver) not in ERROR_HEADINGS, f"{path} shows '{heading(driver)}'"


def status_of(driver, path):
    """The HTTP status the signed-in person's browser gets for GET `path`."""
    return driver.execute_async_script(
        """
        const [path, done] = arguments;
        fetch(path, {credentials: 'same-origin', redirect: 'manual'})
          .then(r => done(r.status)).catch(e => done(String(e)));
        """, path)


def error_summary(driver):
    """The error summary on the open page; every one of its links must land on something on the page."""
    summary = driver.find_element(By.CSS_SELECTOR, ".error-summary")
    dangling = driver.execute_script(
        "return [...document.querySelectorAll('.error-summary a')].map(a => a.hash.slice(1))"
        ".filter(id => !document.getElementById(id))")
    assert not dangling, f"the error summary links to nothing on the page: {dangling}"
    return summary


def names(staff, made):
    """Everyone's name as the headteacher's people page lists it, by the local part of their email:
    {'ta': ('Rahman', 'Aisha'), ...}. Demo names are generated, so they are read, not written down here."""
    driver = staff.driver
    if "names" not in made:
        staff.be("headteacher")
        visit(driver, staff.server, "/people")
        found = {}
        for row in driver.find_elements(By.CSS_SELECTOR, "main table tbody tr"):
            email = re.search(r"([a-z.]+)@stcleopas\.example\.org", row.text)
            link = row.find_element(By.TAG_NAME, "a").text
            if email and ", " in link:
                surname, forename = link.split(", ", 1)
                found[email.group(1)] = (surname, forename)
        assert {"ta", "manager", "teacher", "socialmedia"} <= set(found), found
        made["names"] = found
    return made["names"]


def full(names, local):
    surname, forename = names[local]
    return f"{forename} {surname}"


def declare_a_parent(driver, server):
    """On /declarations/new: Sophia Rossi's parent, a friend since 2020, on Facebook. Returns the declaration's path."""
    choose(driver, "A parent or carer of a pupil")
    driver.find_element(By.ID, "surname").send_keys("Ros")
    click_and_wait(driver, button(driver, "Find"))
    choose(driver, "Sophia Rossi, Willow")
    driver.find_element(By.ID, "name").send_keys(PARENT)
    choose(driver, "Friend")
    driver.find_element(By.ID, "since").send_keys("2020")
    choose(driver, "Facebook")
    click_and_wait(driver, button(driver, "Declare"))
    path = path_of(driver)
    assert re.fullmatch(r"/declarations/[0-9A-Fa-f-]{36}", path), f"declaring went to {driver.current_url}: " \
        + main_text(driver)
    return path


def the_tas_declaration(staff, made):
    """The teaching assistant's declaration of the first journey, made now if that journey has not run."""
    if "declaration" not in made:
        staff.be("ta")
        visit(staff.driver, staff.server, "/declarations/new")
        made["declaration"] = declare_a_parent(staff.driver, staff.server)
    return made["declaration"]


def test_a_teaching_assistant_declares_a_pupils_parent_on_a_phone(server, browser, signed_in, made):
    staff = Staff(browser, server, signed_in)
    people = names(staff, made)
    manager = full(people, "manager")
    browser.set_window_size(*PHONE)
    staff.be("ta")
    visit(browser, server, "/")
    click_and_wait(browser, browser.find_element(By.XPATH, "//nav[contains(@class,'main-nav')]//a[.='Declarations']"))
    assert path_of(browser) == "/declarations"
    assert heading(browser) == "Declarations"
    fits_the_phone(browser, "/declarations")
    accessible(browser, "/declarations on a phone")

    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Declare a relationship"))
    assert path_of(browser) == "/declarations/new"
    assert heading(browser) == "Declare a relationship"
    fits_the_phone(browser, "/declarations/new")
    accessible(browser, "/declarations/new on a phone")

    # Two letters are not enough to search with.
    choose(browser, "A parent or carer of a pupil")
    browser.find_element(By.ID, "surname").send_keys("Ro")
    click_and_wait(browser, button(browser, "Find"))
    summary = error_summary(browser)
    assert "at least three letters" in summary.text
    assert summary.find_element(By.TAG_NAME, "a").get_attribute("href").endswith("#surname")
    assert browser.find_element(By.ID, "surname").get_attribute("aria-invalid") == "true"
    assert not browser.find_elements(By.CSS_SELECTOR, "input[name=pick]")
    fits_the_phone(browser, "/declarations/new with two letters")
    accessible(browser, "/declarations/new with two letters")

    # Three letters find her, by name and class and nothing more.
    assert browser.find_element(By.ID, "party-parent").is_selected()
    surname = browser.find_element(By.ID, "surname")
    surname.clear()
    surname.send_keys("Ros")
    click_and_wait(browser, button(browser, "Find"))
    assert not browser.find_elements(By.CSS_SELECTOR, ".error-summary")
    picks = browser.find_elements(By.CSS_SELECTOR, "input[name=pick]")
    labels = [browser.find_element(By.CSS_SELECTOR, f"label[for='{p.get_attribute('id')}']").text for p in picks]
    assert labels == ["Sophia Rossi, Willow"]
    text, source = main_text(browser), browser.page_source
    for word in ("date of birth", "born", "upn", "consent", "photo", "year 5"):
        assert word not in text.lower(), f"the search shows '{word}'"
        assert word not in source.lower(), f"the page's HTML holds '{word}'"
    assert not re.search(r"\b20[01]\d-\d\d-\d\d\b|\b\d{1,2}/\d{1,2}/20[01]\d\b|\b\d{1,2} \w+ 20[01]\d\b", source), \
        "the search page holds a date"
    fits_the_phone(browser, "/declarations/new with a match")
    accessible(browser, "/declarations/new with a match")

    choose(browser, "Sophia Rossi, Willow")
    browser.find_element(By.ID, "name").send_keys(PARENT)
    choose(browser, "Friend")
    browser.find_element(By.ID, "since").send_keys("2020")
    choose(browser, "Facebook")
    click_and_wait(browser, button(browser, "Declare"))
    declaration = path_of(browser)
    assert re.fullmatch(r"/declarations/[0-9A-Fa-f-]{36}", declaration), \
        f"declaring went to {browser.current_url}: {main_text(browser)}"
    made["declaration"] = declaration
    assert notice(browser) == f"Your declaration has been sent to {manager}. " \
        "You will get an email when they record the outcome."
    assert status(browser) == "Waiting for review"
    shown = main_text(browser)
    assert f"Who\nA parent or carer of a pupil · {PARENT}" in shown
    assert "Sophia Rossi, Willow" in shown
    assert "Friend" in shown and "2020" in shown and "Facebook" in shown
    assert f"{manager} (line manager)" in shown
    assert "Not reviewed yet." in shown
    assert not browser.find_elements(By.ID, "outcome-advice"), "the declarer is offered the reviewer's form"
    fits_the_phone(browser, "a declaration just made")
    accessible(browser, "a declaration just made, on a phone")

    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Back to declarations"))
    mine = browser.find_element(By.XPATH, "//h2[.='Your declarations']/following-sibling::ul[1]")
    item = mine.find_element(By.XPATH, f".//li[a[@href='{declaration}']]")
    assert item.find_element(By.TAG_NAME, "a").text == f"Parent or carer: {PARENT} (of Sophia Rossi, Willow)"
    assert "Friend, since 2020. Waiting for review" in item.text
    fits_the_phone(browser, "/declarations with the new declaration")
    accessible(browser, "/declarations with the new declaration")


def test_the_line_manager_gives_advice_and_nobody_else_sees_it(server, browser, signed_in, made):
    staff = Staff(browser, server, signed_in)
    people = names(staff, made)
    declaration = the_tas_declaration(staff, made)
    ta, manager = full(people, "ta"), full(people, "manager")

    staff.be("manager")
    visit(browser, server, "/")
    item = browser.find_element(By.XPATH, f"//main//li[a[@href='{declaration}']]")
    assert item.find_element(By.TAG_NAME, "a").text == f"Review a declaration from {ta}"
    accessible(browser, "the line manager's home page")
    click_and_wait(browser, item.find_element(By.TAG_NAME, "a"))
    assert path_of(browser) == declaration
    assert status(browser) == "Waiting for review"
    assert ta in main_text(browser) and f"Who\nA parent or carer of a pupil · {PARENT}" in main_text(browser)
    accessible(browser, "a declaration for its reviewer")

    # Advice with no advice written: the error names the field and leads to it.
    choose(browser, "Advice given")
    click_and_wait(browser, button(browser, "Record the outcome"))
    assert path_of(browser) == declaration + "/outcome"
    summary = error_summary(browser)
    assert "Enter the advice you gave." in summary.text
    assert summary.find_element(By.TAG_NAME, "a").get_attribute("href").endswith("#text")
    assert browser.find_element(By.ID, "text").get_attribute("aria-invalid") == "true"
    assert "Enter the advice you gave." in browser.find_element(By.XPATH, "//textarea[@id='text']/..").text
    assert status(browser) == "Waiting for review"
    accessible(browser, "an outcome refused for want of advice")

    choose(browser, "Advice given")
    browser.find_element(By.ID, "text").send_keys(ADVICE)
    click_and_wait(browser, button(browser, "Record the outcome"))
    assert path_of(browser) == declaration
    assert notice(browser) == "The outcome is recorded, and the person who declared it has been told."
    assert status(browser) == "Advice given"
    outcome = browser.find_element(By.CSS_SELECTOR, "ol.timeline li").text
    assert outcome.startswith("Advice given,") and f"by {manager}" in outcome and ADVICE in outcome
    accessible(browser, "a declaration with advice, for its reviewer")
    visit(browser, server, "/")
    assert not browser.find_elements(By.XPATH, f"//main//li[a[@href='{declaration}']]"), \
        "the home page still asks for a review already recorded"

    staff.be("ta")
    visit(browser, server, declaration)
    assert status(browser) == "Advice given"
    assert ADVICE in browser.find_element(By.CSS_SELECTOR, "ol.timeline").text
    accessible(browser, "a declaration with advice, for its declarer")

    # Another member of staff and a governor: nothing at that address.
    for local in ("teacher", "governor"):
        staff.be(local)
        assert status_of(browser, declaration) == 404, f"{local} is answered {status_of(browser, declaration)}"
        browser.get(server.base + declaration)
        assert heading(browser) == "Page not found", f"{local} sees '{heading(browser)}'"
        assert ADVICE not in browser.page_source and PARENT not in browser.page_source
        accessible(browser, f"a declaration's address for the {local}")


def test_a_nil_return_and_who_is_still_to_confirm(server, browser, signed_in, made):
    staff = Staff(browser, server, signed_in)
    people = names(staff, made)
    socialmedia, teacher = ", ".join(people["socialmedia"]), ", ".join(people["teacher"])

    staff.be("headteacher")
    visit(browser, server, "/declarations/coverage")
    still = browser.find_element(By.XPATH, "//h2[.='Still to confirm']/following-sibling::div[1]//tbody")
    assert socialmedia in still.text and teacher in still.text

    staff.be("socialmedia")
    visit(browser, server, "/")
    click_and_wait(browser, browser.find_element(By.XPATH, "//nav[contains(@class,'main-nav')]//a[.='Declarations']"))
    panel = browser.find_element(By.ID, "confirm")
    assert panel.find_element(By.TAG_NAME, "h2").text.startswith("This year's confirmation")
    year = re.search(r"\((\d{4})\)", panel.find_element(By.TAG_NAME, "h2").text).group(1)
    assert "You have not declared anything." in main_text(browser)
    accessible(browser, "/declarations before a nil return")
    click_and_wait(browser, button(browser, "I have nothing to declare"))
    assert path_of(browser) == "/declarations"
    assert notice(browser) == "Thank you: you have told us you have nothing to declare this year."
    panel = browser.find_element(By.ID, "confirm")
    assert f"You confirmed your declarations for {year} on " in panel.text
    assert not panel.find_elements(By.TAG_NAME, "button")
    assert "warning" not in panel.get_attribute("class")
    accessible(browser, "/declarations after a nil return")
    visit(browser, server, "/")
    assert f"Confirm your declarations for {year}" not in main_text(browser)

    staff.be("headteacher")
    visit(browser, server, "/declarations/coverage")
    assert heading(browser) == f"Declarations confirmed in {year}"
    still = browser.find_element(By.XPATH, "//h2[.='Still to confirm']/following-sibling::div[1]//tbody")
    names_listed = [td.text for td in still.find_elements(By.CSS_SELECTOR, "td[data-label='Name']")]
    assert socialmedia not in names_listed
    assert teacher in names_listed
    everyone = browser.find_element(By.CSS_SELECTOR, "tr.total").text
    accessible(browser, "/declarations/coverage for the headteacher")

    staff.be("governor")
    visit(browser, server, "/declarations/coverage")
    assert heading(browser) == f"Declarations confirmed in {year}"
    assert browser.find_element(By.CSS_SELECTOR, "tr.total").text == everyone
    shown = main_text(browser)
    assert "Still to confirm" not in shown
    for surname in (people["teacher"][0], people["socialmedia"][0], people["ta"][0]):
        assert surname not in shown, f"the governor sees {surname}"
    assert "Governors see the figures only" in shown
    accessible(browser, "/declarations/coverage for a governor")


def test_the_teaching_assistant_closes_her_declaration_when_it_ends(server, browser, signed_in, made):
    staff = Staff(browser, server, signed_in)
    declaration = the_tas_declaration(staff, made)
    staff.be("ta")
    visit(browser, server, declaration)
    # Closing is folded away under "If the relationship ends" until it is needed.
    ended = browser.find_element(By.ID, "endedOn")
    assert not ended.is_displayed()
    browser.find_element(By.XPATH, "//main//summary[.='If the relationship ends']").click()
    assert ended.is_displayed()
    today = ended.get_attribute("max")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", today), f"the date box's max is {today!r}"
    # A native date picker: its value is set as the picker would set it, to today as the page gives it.
    browser.execute_script("arguments[0].value = arguments[1]", ended, today)
    click_and_wait(browser, button(browser, "Close this declaration"))
    assert path_of(browser) == declaration
    assert notice(browser) == "The declaration is closed. It stays on record."
    assert status(browser).startswith("Ended on ")
    day = status(browser).removeprefix("Ended on ")
    year, month, date = (int(part) for part in today.split("-"))
    assert re.fullmatch(rf"{date} \w+ {year}", day), day
    assert "Ended on\n" + day in main_text(browser)
    assert not browser.find_elements(By.ID, "endedOn")
    accessible(browser, "a closed declaration")
    visit(browser, server, "/declarations")
    item = browser.find_element(By.XPATH, f"//main//li[a[@href='{declaration}']]")
    assert "Ended on " + day in item.text
    accessible(browser, "/declarations with a closed declaration")


def test_every_error_of_the_declaration_forms_leads_to_its_field(server, browser, signed_in):
    """The error summary's links move to the field in error, as on every other form of Steward (the first choice of
    a group carries the group's name as its id, as in posts/form.leaf and concerns/new.leaf)."""
    staff = Staff(browser, server, signed_in)
    dangling = {}

    def refused(where):
        summary = browser.find_element(By.CSS_SELECTOR, ".error-summary")
        targets = [a.get_attribute("href").split("#", 1)[1] for a in summary.find_elements(By.TAG_NAME, "a")]
        missing = [t for t in targets if not browser.find_elements(By.ID, t)]
        if missing:
            dangling[where] = missing
        accessible(browser, where)
        return summary.text

    staff.be("ta")
    visit(browser, server, "/declarations/new")
    click_and_wait(browser, button(browser, "Declare"))
    text = refused("/declarations/new sent empty")
    assert "Choose who the other person is to the school." in text and "Choose what the relationship is." in text
    visit(browser, server, "/declarations/new")
    click_and_wait(browser, button(browser, "Find"))
    assert "Choose a pupil, parent, colleague or governor to search for." in refused("Find with nobody chosen")

    staff.be("manager")
    visit(browser, server, "/declarations")
    waiting = browser.find_element(By.XPATH, "//h2[.='For you to review']/following-sibling::ul[1]//a")
    click_and_wait(browser, waiting)
    click_and_wait(browser, button(browser, "Record the outcome"))
    assert "Choose an outcome." in refused("an outcome sent with none chosen")
    assert status(browser) == "Waiting for review"
    assert not dangling, f"error summary links that lead to nothing on their page: {dangling}"
