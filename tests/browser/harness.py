"""Headless Debian Chromium driven by Playwright for Python, against pytest-django's live server.

Why Playwright rather than Selenium: it waits for elements and navigations by itself (fewer
sleeps, fewer flaky tests), handles uploads (``set_input_files``) and downloads
(``expect_download``) without browser preferences, and needs no driver binary — only the
``playwright`` wheel from PyPI, pointed at Debian's ``/usr/bin/chromium`` with
``executable_path``. ``playwright install`` (which downloads a browser) is never run.
"""

import importlib.util
import os
from pathlib import Path

NOT_RUN_REASON = "未安装 chromium：浏览器测试未运行"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def missing() -> str:
    """Why browser tests cannot run here ('' when they can)."""
    if not CHROMIUM.exists():
        return f"{NOT_RUN_REASON}（缺少 {CHROMIUM}）"
    if importlib.util.find_spec("playwright") is None:
        return f"{NOT_RUN_REASON}（缺少 Python 包 playwright，见 requirements-dev.txt）"
    return ""


def required() -> bool:
    """CI sets REQUIRE_BROWSER=1: there a missing browser is a failure, not a skip."""
    return os.environ.get("REQUIRE_BROWSER", "") not in ("", "0", "false")


def create_every_name(page):
    """Choose 新建 for every name of a ledger check's decision table (Tom Select kept in step): for
    the tests about other things, whose files name departments and people the database lacks."""
    page.evaluate(
        """() => document.querySelectorAll('[data-testid=ledger-names] select').forEach((s) => {
            if (s.tomselect) { s.tomselect.setValue('create'); } else { s.value = 'create'; }
        })"""
    )
