"""Headless Chromium for the browser tests and bench/web.py, driven by Selenium.

Debian's ``chromium`` and ``chromium-driver`` packages (``tools/ensure-chromium`` installs them
when it can). Both are named explicitly, so Selenium never looks for (or downloads) a driver.
"""

from __future__ import annotations

import os
import shutil
import statistics
import time
from pathlib import Path
from typing import Any

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
DRIVERS = ("chromedriver",)
#: A 40-word draft with findings of several categories (written for these tests).
DRAFT_40 = ("Huge thanks to everyone who came to the meetup on Thursday. Oh great, the projector died again, "
            "but Sam fixed it. Buy now before tickets sell out!!! Link in bio. "
            "What should we cover next time, and who will speak?")
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
)


def find_chromium() -> tuple[str, str] | str:
    """(browser, driver) paths, or why they cannot be had."""
    browser = next((p for p in map(shutil.which, BROWSERS) if p), None)
    driver = next((p for p in map(shutil.which, DRIVERS) if p), None)
    if browser and driver:
        return browser, driver
    missing = " and ".join(n for n, p in (("chromium", browser), ("chromedriver", driver)) if not p)
    return f"no {missing} on PATH (install Debian's chromium and chromium-driver: tools/ensure-chromium)"


def start_browser(user_data_dir: Path, size: tuple[int, int] = (1280, 1000)) -> Any:
    """A headless Chromium with a throw-away profile in ``user_data_dir``."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    found = find_chromium()
    if isinstance(found, str):
        raise RuntimeError(found)
    browser, driver = found
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never go online
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={user_data_dir}", f"--window-size={size[0]},{size[1]}"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(executable_path=driver), options=options)


def wait_for(driver: Any, script: str, timeout: float = 20.0) -> Any:
    """Poll a JavaScript expression until it is truthy; return its value."""
    deadline = time.monotonic() + timeout
    while True:
        value = driver.execute_script(f"return ({script});")
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for: {script}")
        time.sleep(0.01)


CHECKED = "window.authlint && window.authlint.last && window.authlint.last.text === document.getElementById('draft').value"


def open_page(driver: Any, base_url: str) -> None:
    driver.get(base_url + "/")
    driver.execute_script("localStorage.clear();")
    driver.get(base_url + "/")
    wait_for(driver, "document.body.dataset.ready === '1'")


def measure_latency(driver: Any, base_url: str, samples: int = 20, warmup: int = 3) -> dict[str, Any]:
    """Milliseconds from the last keystroke to the highlights of a 40-word draft (the page's
    own clock: the last ``input`` event to the report rendered), after ``warmup`` edits."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_page(driver, base_url)
    draft = driver.find_element(By.ID, "draft")
    draft.send_keys(DRAFT_40)
    wait_for(driver, CHECKED)
    words = ["speak?", "talk?", "present?", "help?"]
    latencies = []
    for i in range(warmup + samples):
        previous = words[i % len(words)]
        word = words[(i + 1) % len(words)]
        driver.execute_script("window.authlint.last = null;")
        draft.send_keys(Keys.BACKSPACE * len(previous) + word)
        wait_for(driver, CHECKED)
        if i >= warmup:
            latencies.append(driver.execute_script("return window.authlint.last.latency;"))
    words_typed = len(driver.execute_script("return document.getElementById('draft').value;").split())
    return {"words": words_typed, "samples": len(latencies), "p50_ms": round(statistics.median(latencies), 1),
            "p90_ms": round(sorted(latencies)[int(0.9 * (len(latencies) - 1))], 1),
            "min_ms": round(min(latencies), 1), "max_ms": round(max(latencies), 1),
            "latencies_ms": [round(x, 1) for x in latencies]}
