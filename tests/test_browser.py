"""The HTML report in a real browser: highlights present, filters hide and show claims.

Needs Debian's chromium and chromium-driver (.ci/run installs them); skipped with the reason
when they are absent. Saves a screenshot to docs/report.png when CLAIMCHECK_REGENERATE=1,
else to the test's temporary folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import REGENERATE, ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER),
    reason="headless Chromium not installed (Debian packages chromium and chromium-driver)")


@pytest.fixture
def browser(tmp_path: Path):
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1200,1400",
                 f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


def test_report_highlights_claims_and_filters_by_status(browser, tmp_path):
    from selenium.webdriver.common.by import By

    browser.get((ROOT / "reports" / "index.html").as_uri())
    marks = browser.find_elements(By.CSS_SELECTOR, "mark.claim")
    assert len(marks) == 350
    sections = browser.find_elements(By.CSS_SELECTOR, "div.doc")
    assert len(sections) == 5
    unsourced = browser.find_elements(By.CSS_SELECTOR, "mark.claim.s-unsourced")
    assert unsourced and unsourced[0].value_of_css_property("border-bottom-color") != "rgba(0, 0, 0, 0)"

    listed = 'li.listed[data-status="unsourced"]'
    assert browser.find_element(By.CSS_SELECTOR, listed).is_displayed()
    box = browser.find_element(By.CSS_SELECTOR, 'input[name=status][value="unsourced"]')
    box.click()
    assert all("filtered" in m.get_attribute("class") for m in
               browser.find_elements(By.CSS_SELECTOR, "mark.claim.s-unsourced"))
    assert not browser.find_element(By.CSS_SELECTOR, listed).is_displayed()
    assert "filtered" not in browser.find_element(
        By.CSS_SELECTOR, "mark.claim.s-unverifiable").get_attribute("class")
    box.click()
    assert browser.find_element(By.CSS_SELECTOR, listed).is_displayed()
    assert not any("filtered" in m.get_attribute("class") for m in
                   browser.find_elements(By.CSS_SELECTOR, "mark.claim.s-unsourced"))

    yale = browser.find_element(By.XPATH, "//mark[contains(., '85% of PTSD patients')]")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", yale)
    yale.click()
    panel = browser.find_element(By.ID, "panel")
    assert panel.is_displayed()
    assert "Yale University Study (2021)" in panel.text
    assert "unverifiable" in panel.text
    shot = (ROOT / "docs" / "report.png") if REGENERATE else (tmp_path / "report.png")
    browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
