"""The HTML report in a real browser (headless Chromium): highlights, filters, sorting, links
from the lists to the claims, the attribution highlighted with its claim, tag contrast, no
horizontal scroll on a laptop or a phone, and the claim details without JavaScript.

Needs Debian's chromium and chromium-driver (.ci/run installs them); skipped with the reason
when they are absent. Saves a screenshot to docs/report.png when CLAIMCHECK_REGENERATE=1,
else to the test's temporary folder.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from claimcheck.report.html import AA, COLOURS, contrast

from .conftest import REGENERATE, ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
REPORT = (ROOT / "reports" / "index.html").as_uri()

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER),
    reason="headless Chromium not installed (Debian packages chromium and chromium-driver)")


def _browser(profile: Path, width: int, height: int, scripts: bool = True):
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                 f"--window-size={width},{height}", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    if not scripts:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    if width < 500:  # a phone: the page's own width, as a phone's browser would lay it out
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": True})
    return driver


@pytest.fixture
def browser(tmp_path: Path):
    driver = _browser(tmp_path / "profile", 1280, 1400)
    yield driver
    driver.quit()


def _rgb(css: str) -> str:
    r, g, b = (int(v) for v in re.findall(r"\d+", css)[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def test_report_highlights_claims_and_filters_by_status(browser, tmp_path):
    from selenium.webdriver.common.by import By

    browser.get(REPORT)
    marks = browser.find_elements(By.CSS_SELECTOR, "a.claim")
    assert len(marks) == 350
    assert len(browser.find_elements(By.CSS_SELECTOR, "div.doc")) == 5
    unsourced = browser.find_elements(By.CSS_SELECTOR, "a.claim.s-unsourced")
    assert unsourced and unsourced[0].value_of_css_property("border-bottom-color") != \
        "rgba(0, 0, 0, 0)"

    listed = 'li.listed[data-status="unsourced"]'
    assert browser.find_element(By.CSS_SELECTOR, listed).is_displayed()
    box = browser.find_element(By.CSS_SELECTOR, 'input[name=status][value="unsourced"]')
    box.click()
    assert all("filtered" in m.get_attribute("class") for m in
               browser.find_elements(By.CSS_SELECTOR, "a.claim.s-unsourced"))
    assert not browser.find_element(By.CSS_SELECTOR, listed).is_displayed()
    assert "filtered" not in browser.find_element(
        By.CSS_SELECTOR, "a.claim.s-unverifiable").get_attribute("class")
    box.click()
    assert browser.find_element(By.CSS_SELECTOR, listed).is_displayed()


def test_a_claim_opens_its_details_and_highlights_the_heading_that_credits_it(browser, tmp_path):
    from selenium.webdriver.common.by import By

    browser.get(REPORT)
    yale = browser.find_element(By.XPATH, "//a[contains(@class, 'claim')]"
                                          "[contains(., '85% of PTSD patients')]")
    heading = browser.find_element(By.ID, yale.get_attribute("data-attribution"))
    assert heading.text == "Yale University Study (2021)"
    assert heading.tag_name == "mark" and "active" not in heading.get_attribute("class")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", yale)
    yale.click()
    panel = browser.find_element(By.ID, yale.get_attribute("href").split("#", 1)[1])
    assert panel.is_displayed()
    assert "Yale University Study (2021)" in panel.text and "unverifiable" in panel.text
    assert "from the heading above" in panel.text
    assert "active" in heading.get_attribute("class")  # highlighted with its claim
    assert _rgb(heading.value_of_css_property("background-color")) == "#ffd84d"
    shot = (ROOT / "docs" / "report.png") if REGENERATE else (tmp_path / "report.png")
    browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000


def test_every_list_entry_links_to_its_claim_in_the_text(browser):
    from selenium.webdriver.common.by import By

    browser.get(REPORT)
    entries = browser.find_elements(By.CSS_SELECTOR, "ol.marketing li a")
    assert len(entries) >= 100
    for entry in entries:
        target = entry.get_attribute("href").split("#", 1)[1]
        claim = browser.find_element(By.ID, target)
        assert "claim" in claim.get_attribute("class")
        assert claim.get_attribute("data-status") == \
            entry.find_element(By.XPATH, "..").get_attribute("data-status")
    first = entries[0]
    first.click()
    target = browser.find_element(By.ID, first.get_attribute("href").split("#", 1)[1])
    assert browser.execute_script("return document.querySelector(':target') === arguments[0]",
                                  target)


def test_every_status_tag_meets_wcag_aa_contrast(browser):
    from selenium.webdriver.common.by import By

    browser.get(REPORT)
    for status, colour in COLOURS.items():
        tags = browser.find_elements(By.CSS_SELECTOR, f".tag.s-{status}")
        if not tags:  # a status the corpus has no claim of: its rule is still in the style
            browser.execute_script(
                "var t = document.createElement('span'); t.className = 'tag s-' + arguments[0];"
                "t.textContent = arguments[0]; document.body.appendChild(t);", status)
            tags = browser.find_elements(By.CSS_SELECTOR, f".tag.s-{status}")
        tag = tags[0]
        background = _rgb(tag.value_of_css_property("background-color"))
        ink = _rgb(tag.value_of_css_property("color"))
        assert background == colour.lower(), status
        assert contrast(background, ink) >= AA, (status, background, ink)


def test_tables_sort_by_any_column(browser):
    from selenium.webdriver.common.by import By

    browser.get(REPORT)
    table = browser.find_element(By.ID, "summary")
    headings = table.find_elements(By.CSS_SELECTOR, "thead th")

    def column(index: int) -> list[str]:
        return [row.find_elements(By.TAG_NAME, "td")[index].text
                for row in table.find_elements(By.CSS_SELECTOR, "tbody tr")]

    scores = headings[1].find_element(By.TAG_NAME, "button")
    scores.click()
    ascending = [float(v.split()[0]) for v in column(1)]
    assert ascending == sorted(ascending)
    assert headings[1].get_attribute("aria-sort") == "ascending"
    scores.click()
    assert [float(v.split()[0]) for v in column(1)] == sorted(ascending, reverse=True)
    headings[0].find_element(By.TAG_NAME, "button").click()
    names = column(0)
    assert names == sorted(names, key=str.lower)
    references = browser.find_element(By.ID, "references")
    references.find_elements(By.CSS_SELECTOR, "thead th button")[2].click()
    counts = [int(row.find_elements(By.TAG_NAME, "td")[2].text)
              for row in references.find_elements(By.CSS_SELECTOR, "tbody tr")]
    assert counts == sorted(counts)


def _no_horizontal_scroll(driver) -> tuple[int, int]:
    return driver.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")


def test_no_horizontal_scroll_on_a_laptop(browser):
    browser.get(REPORT)
    scroll, client = _no_horizontal_scroll(browser)
    assert client >= 1200 and scroll <= client, (scroll, client)


def test_a_phone_fits_and_the_chart_is_readable(tmp_path):
    from selenium.webdriver.common.by import By

    driver = _browser(tmp_path / "phone", 390, 844)
    try:
        driver.get(REPORT)
        scroll, client = _no_horizontal_scroll(driver)
        assert client == 390 and scroll <= client, (scroll, client)
        names = driver.find_elements(By.CSS_SELECTOR, ".chart .name")
        assert len(names) == 5
        for name in names:
            assert float(name.value_of_css_property("font-size").rstrip("px")) >= 12
            assert name.size["width"] <= 390
        bars = driver.find_elements(By.CSS_SELECTOR, ".chart .segments")
        assert all(bar.size["width"] > 0 for bar in bars)
    finally:
        driver.quit()


def test_claim_details_without_javascript(tmp_path):
    from selenium.webdriver.common.by import By

    driver = _browser(tmp_path / "noscript", 1280, 1400, scripts=False)
    try:
        driver.get(REPORT)
        # no script ran: the sorting buttons it adds are absent
        assert not driver.find_elements(By.CSS_SELECTOR, "th button")
        yale = driver.find_element(By.XPATH, "//a[contains(@class, 'claim')]"
                                             "[contains(., '85% of PTSD patients')]")
        detail_id = yale.get_attribute("href").split("#", 1)[1]
        assert not driver.find_element(By.ID, detail_id).is_displayed()
        yale.click()
        panel = driver.find_element(By.ID, detail_id)
        assert panel.is_displayed()
        assert "Yale University Study (2021)" in panel.text and "why" in panel.text
        summary = driver.find_element(By.CSS_SELECTOR, "details.claims > summary")
        summary.click()
        first = driver.find_element(By.CSS_SELECTOR, "details.claim > summary")
        first.click()
        assert first.find_element(By.XPATH, "..").find_element(By.TAG_NAME, "dl").is_displayed()
    finally:
        driver.quit()


def test_the_report_is_one_file_that_fetches_nothing():
    html = (ROOT / "reports" / "index.html").read_text()
    assert not re.search(r"<(?:script|link|img|iframe)[^>]+(?:src|href)=", html)
    assert "@import" not in html and "url(" not in html
