import os
from pathlib import Path

import pytest
from django.test import Client
from django.test.utils import override_settings

from tests.browser.harness import CHROMIUM, LAUNCH_ARGS, missing, required


def pytest_collection_modifyitems(config, items):
    reason = missing()
    if not reason:
        return
    if required():
        return  # the _chromium fixture fails each browser test with the reason
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def _chromium():
    """A browser per test: Playwright's event loop runs in this thread only while a test runs
    (a session-long loop changes which database connection Django hands the later tests)."""
    reason = missing()
    if reason:
        if required():
            pytest.fail(reason)
        pytest.skip(reason)
    # Playwright's sync API runs an event loop in this thread; Django refuses ORM calls
    # from a thread with a running loop. The test body's ORM calls are synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture(scope="session")
def _live_server_settings():
    """Django's live server wraps the site in a media-file handler built from MEDIA_URL, which
    this project leaves unset (None: uploads are never served by URL) and which the handler
    cannot parse. An off-site MEDIA_URL makes that handler serve nothing, as in production."""
    override = override_settings(MEDIA_URL="http://media.invalid/")
    override.enable()
    yield
    override.disable()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory):
    """Screenshots go to a temporary folder (or BROWSER_SCREENSHOT_DIR), never into the checkout."""
    given = os.environ.get("BROWSER_SCREENSHOT_DIR")
    path = Path(given) if given else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


class Browser:
    """One browser context per test: log in as a user, open pages, take screenshots."""

    def __init__(self, chromium, live_server, screenshot_dir, *, width=1280, height=900):
        self.base_url = live_server.url
        self.context = chromium.new_context(
            base_url=self.base_url,
            locale="zh-CN",
            viewport={"width": width, "height": height},
            accept_downloads=True,
        )
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.errors = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        # A Content-Security-Policy refusal is only a console message: count it as a failure too.
        self.page.on("console", self._console)
        self.screenshot_dir = screenshot_dir

    def _console(self, message):
        if message.type == "error" and "Content Security Policy" in message.text:
            self.errors.append(message.text)

    def login(self, user):
        """Start a session as ``user`` (the login form itself is exercised in its own test)."""
        client = Client()
        client.force_login(user)
        cookie = client.cookies["sessionid"]
        self.context.clear_cookies()
        self.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": self.base_url}])
        return self.page

    def open(self, path):
        self.page.goto(path)
        return self.page

    def shot(self, name, *, full_page=True):
        path = self.screenshot_dir / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def close(self):
        self.context.close()


@pytest.fixture
def browser(_live_server_settings, _chromium, live_server, screenshot_dir):
    b = Browser(_chromium, live_server, screenshot_dir)
    yield b
    b.close()
    assert not b.errors, f"页面脚本出错：{b.errors}"
