"""The governors' termly report in Chromium (issue 16): the headteacher starts one for the term, writes a comment,
publishes it and prints it; a governor reads it on a phone. Every page passes axe-core and fits the screen; printed,
the report is an A4 document with its cover first and no navigation, which pdftoppm turns into page images."""
import base64
import subprocess

from selenium.webdriver.common.by import By

from test_browser import click_and_wait, sign_in
from pages import Staff, accessible, button, fits_the_phone, heading, main_text, notice
from test_posts import PHONE, visit


def test_the_headteacher_publishes_the_termly_report_and_a_governor_reads_it(server, browser, tmp_path):
    browser.set_window_size(*PHONE)
    staff = Staff(browser, server)
    staff.be("headteacher")
    visit(browser, server, "/reports")
    assert heading(browser) == "Reports for governors"
    accessible(browser, "/reports")
    fits_the_phone(browser, "/reports")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Start a report"))
    assert heading(browser) == "Start a report for governors"
    accessible(browser, "/reports/new")
    # Other days, left empty: the errors come first, focused, and pass axe too.
    browser.find_element(By.CSS_SELECTOR, "label[for='term-custom']").click()
    click_and_wait(browser, button(browser, "Start the report"))
    summary = browser.find_element(By.CSS_SELECTOR, ".error-summary")
    assert "Enter the first day." in summary.text
    accessible(browser, "/reports/new with errors")
    # The term the school set (the first choice).
    browser.find_element(By.CSS_SELECTOR, "label[for='term-0']").click()
    click_and_wait(browser, button(browser, "Start the report"))
    assert heading(browser).endswith(": report for governors")
    assert "Draft, not yet published" in main_text(browser)
    assert browser.find_elements(By.CSS_SELECTOR, "figure.chart-figure svg[role=img]")
    accessible(browser, "a draft report")
    fits_the_phone(browser, "a draft report")
    report = browser.current_url.split("?")[0]

    box = browser.find_element(By.ID, "text-concerns")
    box.send_keys("Governors were told of each case at the autumn meeting.")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#section-concerns form button[type=submit]"))
    assert notice(browser) == "Your words are saved."
    click_and_wait(browser, button(browser, "Publish this report"))
    assert notice(browser) == "Published. Governors can now read it."
    assert "Fingerprint" in main_text(browser)
    accessible(browser, "a published report")

    # Printed: a PDF whose first page is the cover, with no navigation or buttons anywhere in it.
    browser.set_window_size(1200, 900)
    pdf = base64.b64decode(browser.print_page())
    document = tmp_path / "report.pdf"
    document.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(document), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 3, f"{len(pages)} pages: a cover, then the policies, then the concerns"
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(document), "-"], capture_output=True, text=True,
                           check=True).stdout
    assert "St Cleopas" in first and "report for governors" in first and "Prepared by" in first
    assert "Policies read and acknowledged" not in first, "the cover stands alone"
    whole = subprocess.run(["pdftotext", str(document), "-"], capture_output=True, text=True, check=True).stdout
    for chrome in ("Sign out", "Skip to main content", "Back to reports", "Publish this report", "Download this table"):
        assert chrome not in whole, f"'{chrome}' printed"
    assert "Governors were told of each case" in whole
    assert "Page 1 of" in whole or "1 of" in whole

    # A governor, on a phone, reads it; the draft controls are not there.
    browser.set_window_size(*PHONE)
    staff.be("governor")
    visit(browser, server, "/reports")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main table a"))
    assert browser.current_url.split("?")[0] == report
    assert "Governors were told of each case" in main_text(browser)
    assert not browser.find_elements(By.XPATH, "//main//button[normalize-space()='Publish this report']")
    accessible(browser, "a published report, as a governor")
    fits_the_phone(browser, "a published report, as a governor")


def test_the_trust_administrator_reads_the_whole_trust_on_a_phone(server, browser, tmp_path):
    browser.set_window_size(*PHONE)
    admin = next(a for a in server.accounts["accounts"] if a["email"] == "trust.admin@emmaus.example.org")
    sign_in(browser, server, admin)
    visit(browser, server, "/reports")
    # Every school's published reports, with the school named, and the way to the whole trust.
    text = main_text(browser)
    assert "St Cleopas" in text and "Holy Trinity" in text and "Northfield" not in text
    accessible(browser, "/reports as the trust administrator")
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "The whole trust"))
    assert heading(browser) == "The whole trust: report"
    assert "The trust's schools compared" in main_text(browser)
    accessible(browser, "/reports/trust")
    fits_the_phone(browser, "/reports/trust")
    # Days the wrong way round: the error, focused first, and nothing counted.
    browser.execute_script("document.getElementById('from').value='2025-03-31';"
                           "document.getElementById('to').value='2025-03-01'")
    click_and_wait(browser, button(browser, "Show these days"))
    assert "The last day must be on or after the first day." in browser.find_element(
        By.CSS_SELECTOR, ".error-summary").text
    assert "schools compared" not in main_text(browser)
    accessible(browser, "/reports/trust with errors")
    # Printed, it has no navigation and no buttons.
    visit(browser, server, "/reports/trust")
    browser.set_window_size(1200, 900)
    document = tmp_path / "trust.pdf"
    document.write_bytes(base64.b64decode(browser.print_page()))
    whole = subprocess.run(["pdftotext", str(document), "-"], capture_output=True, text=True, check=True).stdout
    assert "The whole trust: report" in whole and "Cleopas" in whole
    for chrome in ("Sign out", "Show these days", "Download this table"):
        assert chrome not in whole, f"'{chrome}' printed"
