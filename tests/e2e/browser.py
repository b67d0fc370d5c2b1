"""Helpers for the dashboard's browser tests: Debian's headless Chromium driven by Selenium,
and the real app served by uvicorn in a background thread.

Nothing here downloads anything: the chromedriver path is given to Selenium explicitly, so
Selenium Manager never runs, and Chromium's background services are switched off (without
that it keeps calling Google's servers, which the closed test network does not answer).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
REQUIRE_BROWSER_ENV = "EVENTWIRE_REQUIRE_BROWSER"

CHROMIUM_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--window-size=1280,900",
)


def skip_or_fail(reason: str) -> NoReturn:
    """Skips the test, or fails it when ``EVENTWIRE_REQUIRE_BROWSER=1`` (CI sets it, so a
    broken browser set-up cannot pass as a green run of skipped tests)."""
    if os.environ.get(REQUIRE_BROWSER_ENV) == "1":
        pytest.fail(f"{reason} ({REQUIRE_BROWSER_ENV}=1 requires the browser tests to run)")
    pytest.skip(reason)


def browser_paths() -> tuple[Path, Path]:
    """Chromium and chromedriver, or a skip (a failure under CI) naming how to install them."""
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    if missing:
        skip_or_fail(f"{' and '.join(missing)} not found: run `make test` (which installs them) "
                     "or `apt-get install chromium chromium-driver`")
    return CHROMIUM, CHROMEDRIVER


@contextmanager
def headless_chromium(user_data_dir: Path) -> Iterator[Any]:
    """A Selenium driver for headless Chromium that keeps the browser's console log."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        skip_or_fail("selenium is not installed: run `make test` to set up the virtualenv")
    chromium, chromedriver = browser_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = str(chromium)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={user_data_dir}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(chromedriver)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(user_data_dir, ignore_errors=True)


@contextmanager
def serve_in_thread(app: Any, *, start_timeout: float = 10.0) -> Iterator[str]:
    """Serves ``app`` with uvicorn on 127.0.0.1 at a free port; yields its origin URL.

    The socket is bound here and handed to uvicorn, so no other process can take the port
    between choosing it and listening on it."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + start_timeout
    while not server.started:  # uvicorn offers no event to wait on
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"uvicorn did not start on 127.0.0.1:{port}")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
