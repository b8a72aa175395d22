"""Concerns in Chromium: a teaching assistant reports one from a phone; the headteacher opens the case. Every page
passes axe-core."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_browser import axe_violations, click_and_wait, sign_in


def test_report_on_a_phone_then_the_headteacher_opens_the_case(server, browser):
    browser.set_window_size(360, 800)
    sign_in(browser, server, server.account("st-cleopas", "ta"))
    browser.get(server.base + "/concerns/new")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Report a concern"
    assert not axe_violations(browser)
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    # Sending it empty shows every problem, linked to its field.
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/concerns'] button"))
    assert browser.find_element(By.CSS_SELECTOR, ".error-summary").is_displayed()
    assert not axe_violations(browser)
    browser.find_element(By.ID, "category").click()  # contact from a pupil or family (4.3)
    browser.find_element(By.ID, "blocked-yes").click()
    browser.find_element(By.ID, "what_happened").send_keys("A Year 6 pupil sent me a friend request.")
    Select(browser.find_element(By.ID, "platform")).select_by_visible_text("Instagram")
    browser.find_element(By.ID, "involved").click()
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/concerns'] button"))
    assert "passed on in confidence" in browser.page_source
    assert not axe_violations(browser)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "ul.policy-list a"))
    assert "Received" in browser.page_source
    assert "friend request" not in browser.page_source
    assert not axe_violations(browser)

    browser.delete_all_cookies()
    browser.set_window_size(1280, 900)
    sign_in(browser, server, server.account("st-cleopas", "headteacher"))
    browser.get(server.base + "/concerns")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Concerns"
    assert not axe_violations(browser)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "table a"))
    assert "A Year 6 pupil sent me a friend request." in browser.page_source
    assert not axe_violations(browser)
    browser.get(server.base + "/step-up?next=/concerns")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Confirm it is you"
    assert browser.find_element(By.ID, "code").is_displayed()
    assert not axe_violations(browser)
