"""导入12345工单 from outside: the command on a file and a folder, the nightly task, the background job."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from core.tasks import run_job_task  # noqa: F401  (registers the worker task the jobs queue)
from petitions.hotline.runs import import_again, import_start, job_of
from petitions.models import HotlineImport, HotlineSource, Petition
from petitions.tasks import import_hotline_folders_task
from tests.petitions.hotline_helpers import csv_bytes, ticket, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(db):
    return HotlineSource.objects.create(name="市12345热线")


def _write(folder, name, data, age):
    path = folder / name
    path.write_bytes(data)
    os.utime(path, (1_700_000_000 + age, 1_700_000_000 + age))
    return path


def test_the_command_imports_a_folder_oldest_first_and_skips_what_it_has(source, inspector, tmp_path):
    rows = [ticket(1, satisfaction=""), ticket(2)]
    _write(tmp_path, "b-newer.csv", csv_bytes([{**rows[0], "satisfaction": "满意"}], encoding="gbk"), age=20)
    _write(tmp_path, "a-older.xlsx", xlsx_bytes(rows), age=10)
    _write(tmp_path, "notes.txt", b"not an export", age=5)
    out = io.StringIO()
    call_command("import_hotline", str(tmp_path), "--source", source.name, "--user", inspector.username, stdout=out)
    assert [i.file_name for i in HotlineImport.objects.order_by("pk")] == ["a-older.xlsx", "b-newer.csv"]
    assert [i.counts["new"] for i in HotlineImport.objects.order_by("pk")] == [2, 0]
    assert HotlineImport.objects.order_by("pk").last().counts["updated"] == 1
    assert Petition.objects.count() == 2 and "导入完成" in out.getvalue()
    out = io.StringIO()
    call_command("import_hotline", str(tmp_path), "--source", source.name, "--user", inspector.username, stdout=out)
    assert "没有尚未导入" in out.getvalue() and HotlineImport.objects.count() == 2


def test_the_command_names_the_refused_rows_and_exits_non_zero(source, inspector, tmp_path):
    path = _write(tmp_path, "bad.xlsx", xlsx_bytes([ticket(1), ticket(2, received_at="某天")]), age=0)
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 个文件未导入"):
        call_command("import_hotline", str(path), "--source", source.name, "--user", inspector.username, stderr=err)
    assert "第5行，来电时间列" in err.getvalue() and not Petition.objects.exists()
    assert HotlineImport.objects.get().state == HotlineImport.State.REFUSED


def test_the_command_dry_run_writes_no_petition(source, inspector, tmp_path):
    path = _write(tmp_path, "a.xlsx", xlsx_bytes([ticket(1)]), age=0)
    out = io.StringIO()
    call_command(
        "import_hotline", str(path), "--source", source.name, "--user", inspector.username, "--dry-run", stdout=out
    )
    assert "检查通过" in out.getvalue() and "新增 1" in out.getvalue() and not Petition.objects.exists()


def test_the_nightly_task_imports_each_active_folder_as_the_configured_user(source, inspector, tmp_path, settings):
    _write(tmp_path, "a.xlsx", xlsx_bytes([ticket(1)]), age=0)
    source.folder = str(tmp_path)
    source.save()
    settings.HOTLINE_IMPORT_USER = ""
    assert import_hotline_folders_task() == {} and not Petition.objects.exists()
    settings.HOTLINE_IMPORT_USER = inspector.username
    assert import_hotline_folders_task() == {source.name: [("a.xlsx", "done")]}
    assert import_hotline_folders_task() == {source.name: []}
    assert Petition.objects.get().registered_by == inspector


def test_the_beat_entry_is_seeded():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="petitions.tasks.import_hotline_folders_task")
    assert (task.crontab.hour, task.crontab.minute) == ("2", "30")


def test_upload_check_then_confirm_runs_in_the_worker(source, inspector, eager, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("工单.xlsx", xlsx_bytes([ticket(1), ticket(2)]))
    with django_capture_on_commit_callbacks(execute=True):
        checked = import_start(user=inspector, source=source, upload=upload)
    checked.refresh_from_db()
    assert (checked.state, checked.counts["new"], checked.done_rows) == ("done", 2, 2)
    assert not Petition.objects.exists() and checked.stored_file
    assert job_of(checked).status == "succeeded"
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = import_again(user=inspector, checked=checked)
    confirmed.refresh_from_db()
    assert (confirmed.state, confirmed.counts["new"]) == ("done", 2) and Petition.objects.count() == 2
    checked.refresh_from_db()
    assert import_again(user=inspector, checked=checked) is None  # the file went to the confirmation
    assert not confirmed.stored_file and not job_of(confirmed).source
