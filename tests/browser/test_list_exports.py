"""导出筛选结果 in Chromium: an office narrows its 转办件 to 只看未办结 and downloads exactly those rows;
an inspector ticks two clues and downloads them (导出所选)."""

import io
from pathlib import Path

import openpyxl
import pytest

from organization.roles import Role
from petitions import services as petition_services
from tests.discipline.factories import register_clue
from tests.factories import make_user
from tests.petitions.factories import transferred

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _numbers(download) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    return [str(row[1]) for row in list(book.worksheets[0].iter_rows(values_only=True))[3:]]


def _text(download) -> str:
    book = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    return " ".join(str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c)


def test_an_office_exports_its_open_transfers_and_an_inspector_the_ticked_clues(browser, dept_a, dept_b):
    inspector = make_user(Role.INSPECTOR, username="exp_inspector", person_name="纪检干部庚")
    office = make_user(Role.OFFICE, departments=[dept_a], username="exp_office", person_name="联络员辛")
    waiting = transferred(inspector, dept_a, summary="待反馈的件")
    answered = transferred(inspector, dept_a, summary="已反馈的件")
    petition_services.petition_reply(user=office, petition=answered, reply="已办理")
    transferred(inspector, dept_b, summary="乙处的件")

    page = browser.login(office)
    page.goto("/petitions/transfers/")
    page.wait_for_load_state("load")
    page.select_option("select[name=scope]", "open")
    page.wait_for_url("**scope=open*")
    page.wait_for_function("document.querySelectorAll('#results tbody tr').length === 1")
    with page.expect_download() as download:
        page.click("[data-testid=export-filtered]")
    assert _numbers(download.value) == [waiting.number]
    browser.shot("transfer-export")

    one = register_clue(inspector, summary="勾选的线索一")
    two = register_clue(inspector, summary="勾选的线索二")
    register_clue(inspector, summary="未勾选的线索")
    page = browser.login(inspector)
    page.goto("/clues/")
    page.check(f"input[name=ids][value='{one.pk}']")
    page.check(f"input[name=ids][value='{two.pk}']")
    page.locator("[data-bulk-count]:has-text('已选 2 项')").wait_for()
    with page.expect_download() as download:
        page.click("#bulk-form button:has-text('导出所选')")
    sheet = _text(download.value)
    assert one.number in sheet and two.number in sheet and "未勾选的线索" not in sheet
