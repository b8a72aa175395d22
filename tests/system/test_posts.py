"""Official accounts and their posts in Chromium (issue 13): a draft screened as it is written with the findings
marked in place, approval by a second person bound to the exact content, the headteacher's override, a photo
stripped on upload and checked against consents, and the handover when an account's administrator leaves.
Every page visited passes axe-core."""
import re
import urllib.parse

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from pages import Staff, accessible, button, fits_the_phone, heading, main_text, notice
from test_browser import click_and_wait
from test_photos import make_jpeg_with_gps

FACEBOOK = "Facebook page St Cleopas Primary"
X_ACCOUNT = "X (Twitter) @StCleopasSchool"
PHONE = (360, 740)


def status(driver):
    return driver.find_element(By.CSS_SELECTOR, ".post-status .tag").text


def visit(driver, server, path):
    driver.get(server.base + path)
    assert urllib.parse.urlsplit(driver.current_url).path == urllib.parse.urlsplit(server.base + path).path, \
        f"asked for {path}, got {driver.current_url}"


def write_draft(driver, server, text, accounts=(FACEBOOK,), photos=()):
    """Writes a draft at /posts/new and saves it; returns the new draft's path. Both pages pass axe."""
    visit(driver, server, "/posts/new")
    assert heading(driver) == "Write a post"
    accessible(driver, "/posts/new")
    driver.find_element(By.ID, "text").send_keys(text)
    for title in accounts:
        label = driver.find_element(By.XPATH, f"//fieldset//label[normalize-space()='{title}']")
        driver.find_element(By.ID, label.get_attribute("for")).click()
    for photo in photos:
        driver.find_element(By.ID, "images").send_keys(str(photo))
    click_and_wait(driver, button(driver, "Save and check"))
    path = urllib.parse.urlsplit(driver.current_url).path
    assert re.fullmatch(r"/posts/[0-9A-Fa-f-]{36}", path), f"saving went to {driver.current_url}: {heading(driver)}"
    accessible(driver, "a draft just saved")
    return path


def post_from_the_page(driver, path, fields):
    """POSTs a form from the open page, as the signed-in person's browser would; returns the status and body."""
    return driver.execute_async_script(
        """
        const [path, fields, done] = arguments;
        fetch(path, {method: 'POST', body: new URLSearchParams(fields), credentials: 'same-origin', redirect: 'manual'})
          .then(async r => done({status: r.status, text: await r.text()}))
          .catch(e => done({status: -1, text: String(e)}));
        """, path, fields)


def form_values(driver, action):
    """The csrf token and digest of the form posting to `action` on the open page."""
    form = driver.find_element(By.CSS_SELECTOR, f"form[action='{action}']")
    return {name: form.find_element(By.NAME, name).get_attribute("value") for name in ("_csrf", "digest")}


def no_stack_trace(body):
    for sign in (".swift", "Abort", "Stack", "Fatal error", "at line"):
        assert sign not in body, f"the answer shows '{sign}'"


def error_summary(driver):
    """The error summary on the open page; every one of its links must land on something on the page."""
    summary = driver.find_element(By.CSS_SELECTOR, ".error-summary")
    dangling = driver.execute_script(
        "return [...document.querySelectorAll('.error-summary a')].map(a => a.hash.slice(1))"
        ".filter(id => !document.getElementById(id))")
    assert not dangling, f"the error summary links to nothing on the page: {dangling}"
    return summary


def summary_targets_missing(html):
    """The error summary links in a page's HTML that lead to no element of the page."""
    summary = re.search(r'<div class="error-summary".*?</ul>', html, re.S)
    targets = re.findall(r'href="#([^"]+)"', summary.group(0)) if summary else []
    return [t for t in targets if f'id="{t}"' not in html]


def history(driver):
    return [li.text for li in driver.find_elements(By.XPATH, "//h2[.='History']/following-sibling::ul[1]/li")]


CLEAN = "Year 4 sang beautifully in church this morning. Thank you to everyone who came to listen!"


def test_a_teaching_assistant_on_a_phone_sees_a_pupils_name_marked(server, browser):
    browser.set_window_size(*PHONE)
    staff = Staff(browser, server)
    staff.be("ta")
    write_draft(browser, server, "A huge well done to Oliver Bennett for his brilliant poem in assembly today.")
    assert notice(browser) == "Saved. The findings below are for the draft as it is now."
    assert status(browser) == "Being written"
    marks = browser.find_elements(By.CSS_SELECTOR, ".post-text mark")
    assert [(m.get_attribute("class"), m.text) for m in marks] == [("finding-block", "Oliver Bennett")]
    # The mark's footnote leads to the finding, which explains it and links to the clause it enforces.
    footnote = browser.find_element(By.CSS_SELECTOR, ".post-text sup a")
    assert footnote.text == "[1]" and footnote.get_attribute("href").endswith("#finding-1")
    finding = browser.find_element(By.ID, "finding-1")
    assert finding.get_attribute("class") == "finding-block"
    assert "Blocks approval: Pupil's name." in finding.text
    assert "names a pupil without consent for their name on social media" in finding.text
    clause = finding.find_element(By.TAG_NAME, "a")
    assert clause.text == "Clause 4.7"
    assert re.search(r"/policies/[0-9A-Fa-f-]{36}#clause-4-7$", clause.get_attribute("href"))
    assert "1 problem blocks approval." in main_text(browser)
    fits_the_phone(browser, "the draft")
    # The clause link opens the policy at that clause.
    click_and_wait(browser, clause)
    assert browser.find_element(By.ID, "clause-4-7")
    fits_the_phone(browser, "the policy at clause 4.7")
    accessible(browser, "the policy at clause 4.7")
    # Writing it fits the phone too, with its error summary when sent empty.
    visit(browser, server, "/posts/new")
    fits_the_phone(browser, "/posts/new")
    accessible(browser, "/posts/new on a phone")
    click_and_wait(browser, button(browser, "Save and check"))
    summary = error_summary(browser)
    assert summary.find_element(By.TAG_NAME, "a").get_attribute("href").endswith("#text")
    fits_the_phone(browser, "/posts/new with errors")
    accessible(browser, "/posts/new with errors")
    visit(browser, server, "/posts")
    assert "A huge well done to" in main_text(browser)
    fits_the_phone(browser, "/posts")
    accessible(browser, "/posts on a phone")


def test_the_administrator_approves_a_clean_draft_and_it_reaches_the_archive(server, browser):
    staff = Staff(browser, server)
    staff.be("teacher")
    draft = write_draft(browser, server, CLEAN)
    assert "Nothing to change" in main_text(browser)
    assert not browser.find_elements(By.CSS_SELECTOR, ".post-text mark")
    click_and_wait(browser, button(browser, "Send for approval"))
    assert status(browser) == "Waiting for approval"
    assert notice(browser).startswith("Sent for approval.")
    accessible(browser, "a draft sent for approval")

    staff.be("socialmedia")
    visit(browser, server, "/posts")
    waiting = browser.find_element(By.XPATH, "//h2[.='Waiting for your approval']/following-sibling::ul[1]")
    assert "Year 4 sang beautifully" in waiting.text and "by James Pike" in waiting.text
    accessible(browser, "/posts with drafts waiting")
    click_and_wait(browser, waiting.find_element(By.PARTIAL_LINK_TEXT, "Year 4 sang beautifully"))
    assert urllib.parse.urlsplit(browser.current_url).path == draft
    assert not browser.find_elements(By.ID, "override_reason")
    assert not browser.find_elements(By.ID, "acknowledge")
    accessible(browser, "a draft for its approver")
    click_and_wait(browser, button(browser, "Approve exactly this post"))
    assert status(browser) == "Approved"
    assert notice(browser) == "Approved. The author has been told."
    assert "Approved by Lucy Fenwick" in main_text(browser)
    accessible(browser, "an approved draft")

    # The author waits: only the account's administrator posts for the school (policy 4.8).
    staff.be("teacher")
    visit(browser, server, "/")
    item = browser.find_element(By.XPATH, "//main//li[a[contains(., 'Year 4 sang beautifully')]]")
    assert "Approved: an administrator of the account posts it" in item.text
    accessible(browser, "the author's home page")
    click_and_wait(browser, item.find_element(By.TAG_NAME, "a"))
    assert not browser.find_elements(By.ID, "live_address")
    assert "posts it and records where it went" in main_text(browser)
    accessible(browser, "an approved draft for its author")

    staff.be("socialmedia")
    visit(browser, server, "/")
    item = browser.find_element(By.XPATH, "//main//li[a[contains(., 'Year 4 sang beautifully')]]")
    assert "Post it:" in item.text and "Written by " in item.text
    click_and_wait(browser, item.find_element(By.TAG_NAME, "a"))
    assert browser.find_element(By.ID, "approved-text").get_attribute("value") == CLEAN
    accessible(browser, "an approved draft for the account's administrator")
    address = "https://www.facebook.com/StCleopasPrimary/posts/2002"
    browser.find_element(By.ID, "live_address").send_keys(address)
    click_and_wait(browser, button(browser, "Record it as published"))
    assert status(browser) == "Published"
    assert notice(browser) == "Recorded as published. It is now in the archive."
    accessible(browser, "a published draft")

    staff.be("socialmedia")
    visit(browser, server, "/posts/archive?q=sang+beautifully")
    entries = browser.find_elements(By.CSS_SELECTOR, "main article")
    assert len(entries) == 1
    assert CLEAN in entries[0].text and address in entries[0].text
    assert "James Pike" in entries[0].text
    assert re.fullmatch(r"Published \d{1,2} \w{3} \d{4}, \d{2}:\d{2}", entries[0].find_element(By.TAG_NAME, "h2").text)
    assert re.search(r"Approved by\nLucy Fenwick, \d{1,2} \w{3} \d{4}, \d{2}:\d{2}", entries[0].text), entries[0].text
    accessible(browser, "/posts/archive")
    csv = browser.execute_async_script(
        "const done = arguments[0]; fetch('/posts/archive.csv').then(r => r.text()).then(done)")
    assert address in csv


def test_the_author_cannot_approve_their_own_draft(server, browser):
    staff = Staff(browser, server)
    staff.be("socialmedia")
    draft = write_draft(browser, server, CLEAN)
    click_and_wait(browser, button(browser, "Send for approval"))
    assert status(browser) == "Waiting for approval"
    assert not browser.find_elements(By.CSS_SELECTOR, f"form[action='{draft}/approve']")
    assert "Approve exactly this post" not in main_text(browser)
    # The digest as an approver's page shows it, so that only who is asking is wrong.
    staff.be("headteacher")
    visit(browser, server, draft)
    digest = form_values(browser, draft + "/approve")["digest"]
    accessible(browser, "a draft waiting for the headteacher")
    staff.be("socialmedia")
    visit(browser, server, draft)
    csrf = browser.find_element(By.CSS_SELECTOR, f"form[action='{draft}/withdraw'] input[name=_csrf]")
    answer = post_from_the_page(browser, draft + "/approve", {"_csrf": csrf.get_attribute("value"), "digest": digest})
    assert answer["status"] == 403, answer
    assert "You wrote this draft, so someone else must approve it." in answer["text"]
    no_stack_trace(answer["text"])
    browser.refresh()
    assert status(browser) == "Waiting for approval"
    accessible(browser, "the author's own draft waiting for approval")
    # The refusal's error summary leads somewhere on its page.
    missing = summary_targets_missing(answer["text"])
    assert not missing, f"the refusal's error summary links to nothing on its page: {missing}"


def test_an_edit_voids_the_approval_and_a_stale_approval_is_refused(server, browser):
    staff = Staff(browser, server)
    staff.be("teacher")
    draft = write_draft(browser, server, CLEAN)
    click_and_wait(browser, button(browser, "Send for approval"))

    staff.be("socialmedia")
    visit(browser, server, draft)
    before = form_values(browser, draft + "/approve")
    click_and_wait(browser, button(browser, "Approve exactly this post"))
    assert status(browser) == "Approved"
    accessible(browser, "an approved draft")

    staff.be("teacher")
    visit(browser, server, draft)
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Change the draft"))
    assert "Saving a change ends that approval" in notice(browser)
    accessible(browser, "changing an approved draft")
    text = browser.find_element(By.ID, "text")
    text.clear()
    text.send_keys(CLEAN.replace("Year 4", "Year 3"))
    click_and_wait(browser, button(browser, "Save and check"))
    assert status(browser) == "Waiting for approval"
    assert not browser.find_elements(By.ID, "live_address")
    assert any(line.startswith("Approved by Lucy Fenwick") and "no longer in force" in line
               for line in history(browser)), history(browser)
    accessible(browser, "a draft whose approval an edit ended")

    staff.be("socialmedia")
    visit(browser, server, draft)
    answer = post_from_the_page(browser, draft + "/approve", before)
    assert answer["status"] == 409, answer
    assert "changed after you opened it" in answer["text"]
    no_stack_trace(answer["text"])
    browser.refresh()
    assert status(browser) == "Waiting for approval"
    assert "Year 3 sang beautifully" in browser.find_element(By.CSS_SELECTOR, ".post-text").text

    # In the browser: the approver's page stays open while the author changes the draft again in another tab.
    approver_tab = browser.current_window_handle
    browser.switch_to.new_window("tab")
    staff.be("teacher")
    visit(browser, server, draft + "/edit")
    text = browser.find_element(By.ID, "text")
    text.clear()
    text.send_keys(CLEAN.replace("Year 4", "Year 2"))
    click_and_wait(browser, button(browser, "Save and check"))
    browser.close()
    browser.switch_to.window(approver_tab)
    staff.be("socialmedia")
    click_and_wait(browser, button(browser, "Approve exactly this post"))
    assert status(browser) == "Waiting for approval"
    assert "Year 2 sang beautifully" in browser.find_element(By.CSS_SELECTOR, ".post-text").text
    assert "changed after you opened it" in browser.find_element(By.CSS_SELECTOR, ".error-summary").text
    accessible(browser, "a stale approval refused")
    error_summary(browser)


def test_the_headteacher_approves_over_a_block_with_a_reason(server, browser):
    staff = Staff(browser, server)
    staff.be("ta")
    draft = write_draft(browser, server, "Well done to Oliver Bennett, our reader of the week!")
    click_and_wait(browser, button(browser, "Send for approval"))
    assert status(browser) == "Waiting for approval"

    staff.be("socialmedia")
    visit(browser, server, draft)
    assert "Only the headteacher can approve it anyway" in main_text(browser)
    assert not browser.find_elements(By.CSS_SELECTOR, f"form[action='{draft}/approve']")
    assert browser.find_element(By.ID, "comments")
    accessible(browser, "a blocked draft for its administrator")

    staff.be("headteacher")
    visit(browser, server, draft)
    assert browser.find_element(By.ID, "override_reason")
    accessible(browser, "a blocked draft for the headteacher")
    browser.find_element(By.ID, "acknowledge").click()
    click_and_wait(browser, button(browser, "Approve exactly this post"))
    assert status(browser) == "Waiting for approval"
    summary = error_summary(browser)
    assert "at least 10 characters" in summary.text
    assert summary.find_element(By.TAG_NAME, "a").get_attribute("href").endswith("#override_reason")
    assert browser.find_element(By.ID, "override_reason").get_attribute("aria-invalid") == "true"
    accessible(browser, "an override without a reason")
    reason = "His parents asked us to name him and gave written consent today."
    browser.find_element(By.ID, "override_reason").send_keys(reason)
    if not browser.find_element(By.ID, "acknowledge").is_selected():
        browser.find_element(By.ID, "acknowledge").click()
    click_and_wait(browser, button(browser, "Approve exactly this post"))
    assert status(browser) == "Approved"
    assert "Approved by Helen Ashworth" in main_text(browser)
    assert "Approved despite a blocking problem because: " + reason in main_text(browser)
    accessible(browser, "a draft approved over a block")

    staff.be("ta")
    visit(browser, server, draft)
    assert not browser.find_elements(By.ID, "live_address")
    staff.be("socialmedia")
    visit(browser, server, draft)
    browser.find_element(By.ID, "live_address").send_keys("https://www.facebook.com/StCleopasPrimary/posts/3003")
    click_and_wait(browser, button(browser, "Record it as published"))
    assert status(browser) == "Published"
    accessible(browser, "a published draft approved over a block")

    staff.be("headteacher")
    visit(browser, server, "/posts/archive?q=reader+of+the+week")
    entry = browser.find_element(By.CSS_SELECTOR, "main article")
    assert "Approved over a block because\n" + reason in entry.text
    assert "Clause 4.7".lower() in entry.text.lower()
    accessible(browser, "the archive with an override")


def test_an_administrator_who_leaves_is_taken_off_every_account(server, browser):
    staff = Staff(browser, server)
    staff.be("headteacher")
    visit(browser, server, "/accounts")
    assert [td.text for td in browser.find_elements(By.CSS_SELECTOR, "td[data-label='Run by']")] == \
        ["Lucy Fenwick", "Lucy Fenwick"]
    accessible(browser, "/accounts")
    report = browser.find_element(By.XPATH, f"//tr[td//a[.='{FACEBOOK}']]//a[.='Report a problem with this account']")
    click_and_wait(browser, report)
    assert heading(browser) == "Report a concern"
    assert browser.find_element(By.ID, "category-misuse_of_school_systems").is_selected()
    assert browser.find_element(By.ID, "what_happened").get_attribute("value").startswith(
        f"About the school's official account {FACEBOOK} (https://www.facebook.com/StCleopasPrimary)")
    assert Select(browser.find_element(By.ID, "platform")).first_selected_option.text == "Facebook"
    accessible(browser, "a concern about an account")
    visit(browser, server, "/people")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Fenwick, Lucy"))
    click_and_wait(browser, button(browser, "Deactivate"))
    assert "Lucy Fenwick has been deactivated" in main_text(browser)
    accessible(browser, "a person just deactivated")

    visit(browser, server, "/")
    items = browser.find_elements(By.XPATH, "//main//li[a[@href='/accounts#handovers']]")
    assert sorted(i.find_element(By.TAG_NAME, "a").text for i in items) == sorted(
        f"Change the password of {account}, or remove Lucy Fenwick's access" for account in (FACEBOOK, X_ACCOUNT))
    assert all("Lucy Fenwick came off it on" in i.text for i in items)
    item = items[0]
    accessible(browser, "the headteacher's home page with a handover")
    click_and_wait(browser, item.find_element(By.TAG_NAME, "a"))
    assert [td.text for td in browser.find_elements(By.CSS_SELECTOR, "td[data-label='Run by']")] == \
        ["Nobody yet", "Nobody yet"]
    panel = browser.find_element(By.ID, "handovers")
    assert "Still to do" in panel.find_element(By.TAG_NAME, "h2").text
    items = panel.find_elements(By.CSS_SELECTOR, "li")
    assert sorted(i.find_element(By.TAG_NAME, "p").text.split(":")[0] for i in items) == sorted([FACEBOOK, X_ACCOUNT])
    assert all("Lucy Fenwick (left the school" in i.text for i in items)
    accessible(browser, "/accounts with handovers")

    # One ticked off from the register, the other from the account's own page.
    browser.find_element(By.ID, panel.find_element(By.CSS_SELECTOR, "input[name=note]").get_attribute("id")) \
        .send_keys("Password changed")
    click_and_wait(browser, button(browser, f"Done: Lucy Fenwick can no longer post on {FACEBOOK}"))
    panel = browser.find_element(By.ID, "handovers")
    assert len(panel.find_elements(By.CSS_SELECTOR, "li")) == 1 and X_ACCOUNT in panel.text
    accessible(browser, "/accounts with one handover closed")
    visit(browser, server, "/")
    assert f"Change the password of {X_ACCOUNT}, or remove Lucy Fenwick's access" in main_text(browser)
    assert f"Change the password of {FACEBOOK}" not in main_text(browser)
    visit(browser, server, "/accounts")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, X_ACCOUNT))
    assert "Nobody is named to run this account." in main_text(browser)
    assert "Lucy Fenwick (left the school" in main_text(browser)
    accessible(browser, "an account with a handover")
    click_and_wait(browser, button(browser, "Done"))
    assert "Still to do" not in main_text(browser)
    accessible(browser, "an account with its handover closed")
    visit(browser, server, "/accounts")
    assert not browser.find_elements(By.ID, "handovers")
    visit(browser, server, "/")
    assert "Change the password of" not in main_text(browser)


def test_a_photo_is_stripped_and_checked_against_consents(server, browser, tmp_path):
    photo = tmp_path / "assembly.jpg"
    make_jpeg_with_gps(photo)
    fake = tmp_path / "notes.jpg"
    fake.write_text("These are my notes for the assembly, not a photo.\n")
    staff = Staff(browser, server)
    staff.be("teacher")

    # A text file dressed as a photo: a clear error, and nothing saved.
    visit(browser, server, "/posts")
    drafts_before = len(browser.find_elements(By.CSS_SELECTOR, "main table tbody tr"))
    visit(browser, server, "/posts/new")
    browser.find_element(By.ID, "text").send_keys("Our assembly on kindness.")
    browser.find_element(By.ID, "accounts").click()
    browser.find_element(By.ID, "images").send_keys(str(fake))
    click_and_wait(browser, button(browser, "Save and check"))
    assert heading(browser) == "Write a post"
    summary = error_summary(browser)
    assert "notes.jpg is not a JPEG or PNG photo" in summary.text
    assert summary.find_element(By.TAG_NAME, "a").get_attribute("href").endswith("#images")
    accessible(browser, "/posts/new refusing a file")
    visit(browser, server, "/posts")
    assert len(browser.find_elements(By.CSS_SELECTOR, "main table tbody tr")) == drafts_before
    assert "Our assembly on kindness" not in main_text(browser)

    draft = write_draft(browser, server, "Our assembly on kindness.", photos=[photo])
    card = browser.find_element(By.ID, "photo-1")
    assert "Removed before it was kept: GPS location" in card.text
    assert "Not yet stated who it shows." in card.text
    findings = browser.find_elements(By.CSS_SELECTOR, "ol.findings li")
    assert any(f.get_attribute("class") == "finding-block" and "say which pupils it shows" in f.text
               for f in findings), [f.text for f in findings]
    # The photo as kept carries no location.
    kept = browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        fetch(document.querySelector('#photo-1 img').src).then(r => r.arrayBuffer())
          .then(b => done(Array.from(new Uint8Array(b))));""")
    assert b"GPS" not in bytes(kept) and b"PhoneMaker" not in bytes(kept) and bytes(kept[:2]) == b"\xff\xd8"

    pupils = Select(card.find_element(By.CSS_SELECTOR, "select[name='pupils[]']"))
    sophia = next(o for o in pupils.options if o.text.startswith("Sophia Rossi"))
    pupils.select_by_value(sophia.get_attribute("value"))
    click_and_wait(browser, button(browser, "Save who photo 1 shows"))
    assert "Shows: Sophia Rossi." in browser.find_element(By.ID, "photo-1").text
    blocks = [f.text for f in browser.find_elements(By.CSS_SELECTOR, "ol.findings li.finding-block")]
    assert any("Sophia Rossi" in f and "photo" in f.lower() for f in blocks), blocks
    accessible(browser, "a photo showing a pupil without consent")

    card = browser.find_element(By.ID, "photo-1")
    Select(card.find_element(By.CSS_SELECTOR, "select[name='pupils[]']")).deselect_all()
    browser.find_element(By.CSS_SELECTOR, "#photo-1 input[name=none]").click()
    click_and_wait(browser, button(browser, "Save who photo 1 shows"))
    assert "Shows: no pupils." in browser.find_element(By.ID, "photo-1").text
    assert not browser.find_elements(By.CSS_SELECTOR, "ol.findings li.finding-block")
    assert "1 problem" not in main_text(browser)
    accessible(browser, "a photo showing no pupils")
    assert urllib.parse.urlsplit(browser.current_url).path == draft
