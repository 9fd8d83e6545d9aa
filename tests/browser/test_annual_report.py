"""The supervisor's year: choose it → the highlighted preview → the narrative → generate → download the .docx."""

import zipfile
from pathlib import Path

import pytest

from organization.roles import Role
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_supervisor_previews_and_downloads_the_annual_report(browser):
    from reports.services.reports import last_complete_year

    year = last_complete_year()
    page = browser.login(make_user(Role.SUPERVISOR, username="zuzhang_report", person_name="纪检组长"))
    page.goto("/")
    page.click("nav.sidenav a:has-text('年度报告')")
    page.select_option("#year-select", str(year))
    page.click("button:has-text('按当前数据预览')")
    page.get_by_role("heading", name=f"{year}年度报告 · 按当前数据预览（未保存）").wait_for()
    browser.shot("report-preview")
    page.click("a:has-text('编辑本年度文稿')")
    assert page.locator("textarea#problems_text").input_value()  # the default wording is there to edit
    page.go_back()
    page.click("button:has-text('生成并保存为新版本')")
    with page.expect_download() as info:
        page.click("a:has-text('下载 Word')")
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    path = Path(download.path())
    with zipfile.ZipFile(path) as docx:
        assert "word/document.xml" in docx.namelist()
