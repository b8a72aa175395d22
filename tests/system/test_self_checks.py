"""The termly privacy self-check in Chromium (issue 14, policy 4.1-4.3): a teaching assistant on a phone completes
this term's check with one "I need help", every page passing axe-core and fitting the screen; the designated
safeguarding lead sees the request on their home page and the help page, and closes it with a note."""
from selenium.webdriver.common.by import By

from test_browser import click_and_wait
from pages import Staff, accessible, fits_the_phone, heading, main_text, notice
from test_posts import PHONE, visit

ITEMS = ("private", "employer", "connections", "photos", "reviewed")


def choose(driver, field_id):
    driver.find_element(By.CSS_SELECTOR, f"label[for='{field_id}']").click()


def test_a_teaching_assistant_asks_for_help_and_the_dsl_closes_it(server, browser):
    browser.set_window_size(*PHONE)
    staff = Staff(browser, server)
    staff.be("ta")
    ta_name = heading(browser).removeprefix("Hello, ")  # the forename: the help page shows the full name
    assert "Complete this term's privacy check" in main_text(browser)
    visit(browser, server, "/self-checks")
    assert heading(browser) == "Privacy check"
    assert "Autumn 2026" in main_text(browser)
    accessible(browser, "/self-checks")
    fits_the_phone(browser, "/self-checks")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Start this term's check"))

    # Step 1: the platforms, a plain GET form.
    assert heading(browser) == "Which social media do you use?"
    accessible(browser, "/self-checks/new")
    fits_the_phone(browser, "/self-checks/new")
    choose(browser, "platforms")  # Facebook, the first on the list
    click_and_wait(browser, browser.find_element(By.XPATH, "//main//button[normalize-space()='Continue']"))

    # Step 2: five items for Facebook, each with the platform's own help, then the contact question.
    assert heading(browser) == "Check your privacy settings"
    help_link = browser.find_element(By.LINK_TEXT, "Facebook's help on privacy settings (opens in a new tab)")
    assert help_link.get_attribute("href").startswith("https://www.facebook.com/")
    accessible(browser, "/self-checks/new?step=questions")
    fits_the_phone(browser, "/self-checks/new?step=questions")
    # Saving with nothing answered shows every problem, linked to its field.
    click_and_wait(browser, browser.find_element(By.XPATH, "//main//button[normalize-space()='Save my check']"))
    summary = browser.find_element(By.CSS_SELECTOR, ".error-summary")
    links = summary.find_elements(By.TAG_NAME, "a")
    assert len(links) == 6
    for link in links:
        target = link.get_attribute("href").split("#", 1)[1]
        assert browser.find_elements(By.ID, target), f"the summary links to #{target}, which is not on the page"
    accessible(browser, "the check with errors")
    for item in ITEMS:
        choose(browser, f"answer-facebook-{item}-help" if item == "photos" else f"answer-facebook-{item}")
    choose(browser, "contacted-no")
    browser.find_element(By.ID, "note").send_keys("I think there are class photos on my page from years ago.")
    click_and_wait(browser, browser.find_element(By.XPATH, "//main//button[normalize-space()='Save my check']"))
    assert heading(browser) == "Privacy check"
    assert "online-safety lead has been asked to help you" in notice(browser)
    assert "Done on" in main_text(browser)
    accessible(browser, "/self-checks after saving")
    fits_the_phone(browser, "/self-checks after saving")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Autumn 2026"))
    assert "I need help" in main_text(browser)
    accessible(browser, "the TA's own check")

    # The designated safeguarding lead, the default online-safety lead, follows it up.
    staff.be("dsl")
    assert "asked for help with their privacy settings" in main_text(browser)
    visit(browser, server, "/self-checks/help")
    assert heading(browser) == "Requests for help with privacy settings"
    accessible(browser, "/self-checks/help")
    fits_the_phone(browser, "/self-checks/help")
    section = browser.find_element(By.XPATH, f"//section[h2[starts-with(normalize-space(), '{ta_name} ')]]")
    assert "There are no photographs of school life on my personal account" in section.text
    assert "class photos" in section.text
    assert "most private setting" not in section.text  # answered "done": not the lead's to see
    section.find_element(By.TAG_NAME, "textarea").send_keys("Went through Facebook's photo settings together.")
    click_and_wait(browser, section.find_element(By.XPATH, ".//button[normalize-space()='Close this request']"))
    assert notice(browser) == "Closed. Thank you."
    assert not browser.find_elements(By.XPATH, f"//section[h2[starts-with(normalize-space(), '{ta_name} ')]]")
    closed = browser.find_element(By.XPATH, "//h2[normalize-space()='Recently closed']/following-sibling::ul")
    assert ta_name in closed.text and "photo settings together" in closed.text
    accessible(browser, "/self-checks/help after closing")

    # The teaching assistant cannot see the help page at all.
    staff.be("ta")
    browser.get(server.base + "/self-checks/help")
    assert heading(browser) != "Requests for help with privacy settings"
