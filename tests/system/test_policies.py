"""The policy library in Chromium: a teaching assistant reads and acknowledges on a phone; the headteacher pastes a
new version, sees what changed, and publishes it. Every page passes axe-core."""
from pathlib import Path

from selenium.webdriver.common.by import By

from test_browser import axe_violations, click_and_wait, sign_in

POLICY = (Path(__file__).resolve().parents[2] / "Resources" / "Policies" / "st-cleopas-social-media-policy.md").read_text()


def test_a_teaching_assistant_reads_and_acknowledges_on_a_phone(server, browser):
    browser.set_window_size(360, 800)
    sign_in(browser, server, server.account("st-cleopas", "ta"))
    # The home page leads with what she still has to do, with its deadline.
    assert "Waiting for you" in browser.page_source
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Read and acknowledge Use of Social Media Policy"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Use of Social Media Policy"
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    assert not axe_violations(browser)
    # The contents link to each section; each clause links to itself.
    click_and_wait_for_hash(browser, browser.find_element(By.CSS_SELECTOR, "nav.contents a[href='#section-4']"))
    assert browser.find_element(By.ID, "clause-4-3").is_displayed()
    browser.find_element(By.ID, "confirm").click()
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action$='/acknowledge'] button"))
    assert "Your acknowledgement has been recorded" in browser.page_source
    assert "You acknowledged version 1" in browser.page_source
    assert not axe_violations(browser)


def click_and_wait_for_hash(browser, element):
    element.click()
    assert browser.current_url.endswith("#section-4")


def test_the_headteacher_pastes_a_new_version_compares_and_publishes(server, browser):
    sign_in(browser, server, server.account("st-cleopas", "headteacher"))
    browser.get(server.base + "/policies")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Policies"
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Use of Social Media Policy"))
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Import a new version"))
    new_text = POLICY.replace("highest possible level", "highest level")
    browser.execute_script("document.getElementById('text').value = arguments[0]", new_text)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/policies'] button"))
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Check and publish")
    assert "What changed since version 1" in browser.page_source
    assert "1.4 refers to 6.1.14" in browser.page_source
    assert not axe_violations(browser)
    # Questions typed in the box: a browser sends every line ending as CRLF, which the questions once refused.
    browser.find_element(By.ID, "questions").send_keys(
        "Q: Who must you tell if a pupil messages you?\n- Nobody\n* Your line manager\n\n"
        "Q: May you post photos of pupils on your own accounts?\n* No\n- Yes")
    click_and_wait(browser, browser.find_element(By.XPATH, "//main//button[normalize-space()='Save the questions']"))
    assert "This version has 2." in browser.page_source, browser.find_element(By.TAG_NAME, "main").text[:600]
    assert not browser.find_elements(By.CSS_SELECTOR, ".error-summary")
    # Nothing is pre-selected: material or minor is a decision (issue 19, item 5).
    assert not browser.find_element(By.ID, "change").is_selected()
    assert not browser.find_element(By.ID, "change-minor").is_selected()
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action$='/publish'] button"))
    assert "Choose whether this is a material change or a minor correction." in browser.find_element(
        By.CSS_SELECTOR, ".error-summary").text
    # A minor correction needs a reason: the error is shown and linked to the field.
    browser.find_element(By.ID, "change-minor").click()
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action$='/publish'] button"))
    assert browser.find_element(By.CSS_SELECTOR, ".error-summary").is_displayed()
    # The page opens on the summary: focus is on it, so it is read out and seen first (issue 19, item 3).
    assert "error-summary" in browser.switch_to.active_element.get_attribute("class")
    assert not axe_violations(browser)
    browser.find_element(By.ID, "reason").send_keys("Shorter wording of 4.1")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action$='/publish'] button"))
    # First what will happen, then the publishing itself.
    assert browser.find_element(By.TAG_NAME, "h1").text == "Publish version 2?"
    assert "nobody is asked to acknowledge it again" in browser.find_element(By.TAG_NAME, "main").text
    assert "Version 2, published" not in browser.page_source
    assert not axe_violations(browser)
    click_and_wait(browser, browser.find_element(By.XPATH, "//main//button[normalize-space()='Publish version 2']"))
    assert "Version 2, published" in browser.page_source
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Versions"))
    assert "Minor correction" in browser.page_source
    assert not axe_violations(browser)


def test_coverage_pages_pass_axe(server, browser):
    sign_in(browser, server, server.account("st-cleopas", "headteacher"))
    browser.get(server.base + "/policies")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Policies"
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Use of Social Media Policy"))
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Who has read it"))
    assert "Still to acknowledge" in browser.page_source
    assert not axe_violations(browser)
    browser.set_window_size(360, 800)
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
