"""What the browser journeys share: the demo school's staff in one browser, and reading a page as a person does."""
import urllib.parse

from selenium.webdriver.common.by import By

from test_browser import axe_violations, sign_in


class Staff:
    """The demo school's staff in one browser: each signs in once (two-factor codes cannot be reused), then the
    browser switches between them by their cookies, as if handed from one person's device to the next. Pass a dict
    as `cookies` to keep the sign-ins for a whole module."""

    def __init__(self, driver, server, cookies=None):
        self.driver, self.server = driver, server
        self.cookies = {} if cookies is None else cookies

    def be(self, local):
        driver = self.driver
        if not driver.current_url.startswith(self.server.base):
            driver.get(self.server.base + "/healthz")
        driver.delete_all_cookies()
        if local in self.cookies:
            for cookie in self.cookies[local]:
                driver.add_cookie(cookie)
        else:
            sign_in(driver, self.server, self.server.account("st-cleopas", local))
            assert driver.find_element(By.TAG_NAME, "h1").text.startswith("Hello, ")
            self.cookies[local] = driver.get_cookies()


def accessible(driver, where):
    found = axe_violations(driver)
    assert not found, f"{where}: {found}"


def fits_the_phone(driver, where):
    width, viewport = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= viewport, f"{where} scrolls sideways: {width} > {viewport}"


def heading(driver):
    return driver.find_element(By.TAG_NAME, "h1").text


def main_text(driver):
    return driver.find_element(By.TAG_NAME, "main").text


def button(driver, words):
    return driver.find_element(By.XPATH, f"//main//button[normalize-space()='{words}']")


def notice(driver):
    return driver.find_element(By.CSS_SELECTOR, ".notice").text


def path_of(driver):
    return urllib.parse.urlsplit(driver.current_url).path
