"""Policies as schools keep them (issue 20): Word documents, PDFs and text in eight house styles, read by the real
binary at the command line (`steward policy check` writes nothing; `steward policy import` makes a draft) and uploaded
on the import page in Chromium. What each file must give is tests/policies/expected.json, written from the outline
the documents were made from."""
import json
import re
import shutil
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from conftest import ROOT, run_steward
from pages import accessible, fits_the_phone, main_text
from test_browser import click_and_wait, sign_in

POLICIES = ROOT / "tests" / "policies"
EXPECTED = json.loads((POLICIES / "expected.json").read_text())
FILES = sorted(p.name for p in POLICIES.iterdir() if p.suffix in (".md", ".txt", ".docx", ".pdf"))


@pytest.mark.parametrize("name", FILES)
def test_policy_check_reads_every_house_style_in_every_format(name, tmp_path):
    expected = EXPECTED[name.split(".")[0]]
    result = run_steward("policy", "check", str(POLICIES / name), data_dir=tmp_path)
    first = result.stdout.splitlines()[0]
    assert first == f"{expected['title']}: {len(expected['sections'])} sections, {len(expected['clauses'])} clauses."
    clauses = re.findall(r"^  (\S+)  ", result.stdout, re.M)
    assert clauses == expected["clauses"]
    assert not (tmp_path / "steward.sqlite").exists()


def test_policy_check_refuses_what_is_not_a_policy(tmp_path):
    picture = tmp_path / "photo.docx"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    result = run_steward("policy", "check", str(picture), data_dir=tmp_path, check=False)
    assert result.returncode == 65 and "not a policy file Steward can read" in result.stderr
    broken = tmp_path / "broken.docx"
    broken.write_bytes((POLICIES / "unnumbered.docx").read_bytes()[:900])
    result = run_steward("policy", "check", str(broken), data_dir=tmp_path, check=False)
    assert result.returncode == 65 and "This Word file cannot be opened" in result.stderr
    assert "Fatal" not in result.stderr and "ZIPFoundation" not in result.stderr
    result = run_steward("policy", "check", str(tmp_path / "missing.pdf"), data_dir=tmp_path, check=False)
    assert result.returncode == 66


def test_policy_import_takes_word_and_pdf_into_a_school(demo_dir, tmp_path):
    source, _ = demo_dir
    data = tmp_path / "data"
    shutil.copytree(source, data)
    word = run_steward("policy", "import", "--school", "st-cleopas", str(POLICIES / "council-101.docx"),
                       data_dir=data)
    assert "Model Social Media Policy for Schools: version 1, 3 sections, 7 clauses (101 to 302)" in word.stdout
    assert "note: Read from a Word document" in word.stdout
    assert "Saved as a draft" in word.stdout
    pdf = run_steward("policy", "import", "--school", "st-cleopas", str(POLICIES / "st-cleopas.pdf"),
                      data_dir=data, check=False)
    assert pdf.returncode == 65, (pdf.stdout, pdf.stderr)
    assert "word for word the current version" in pdf.stderr


def test_a_headteacher_uploads_a_word_document_on_a_phone(server, browser):
    browser.set_window_size(360, 740)
    sign_in(browser, server, server.account("st-cleopas", "headteacher"))
    browser.get(server.base + "/policies/new")
    browser.find_element(By.ID, "file").send_keys(str(POLICIES / "trust-capitals.docx"))
    click_and_wait(browser, browser.find_element(By.XPATH, "//main//button[normalize-space()='Check the policy']"))
    text = main_text(browser)
    assert "7 clauses were found" in text
    assert "Read from a Word document" in text
    assert "Staff must:" in text
    # The clause's bullets stay on lines of their own.
    clause = browser.find_element(By.CSS_SELECTOR, "#clause-3-1 p")
    assert browser.execute_script("return getComputedStyle(arguments[0]).whiteSpace", clause) == "pre-line"
    assert clause.text.splitlines()[1] == "• not accept friend requests from pupils or former pupils under 18;"
    accessible(browser, "a draft imported from Word")
    fits_the_phone(browser, "a draft imported from Word")
