"""A ``HotlineImport`` from start to end: the upload checked and confirmed in the background, and
the folder a scheduled import reads.

``import_start`` records the import and queues a job of kind ``HOTLINE_IMPORT`` (petitions.hotline.jobs
runs it through ``run``); a dry run keeps the uploaded file, so ``import_again`` imports the very
file that was checked (or checks it again once its words are mapped). ``import_folder`` imports
every .xlsx/.csv of a folder not yet imported (by name and sha256), oldest first, each in its
own transaction.
"""

import hashlib
import os
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from core.errors import ApplicationError, PermissionDeniedError
from core.import_issues import LedgerInvalid
from core.jobs.scope import owner_scope
from core.jobs.services import job_start
from core.models import Job
from petitions import permissions
from petitions.hotline.importer import HotlineRefused, HotlineSummary, import_hotline
from petitions.models import HotlineImport

HOTLINE_IMPORT = "hotline_import"
SUFFIXES = (".xlsx", ".csv")
State = HotlineImport.State


def estimated_rows(data: bytes, file_name: str) -> int:
    """Rows to show progress against before the file is read (lines of a CSV, a sheet's dimension)."""
    if file_name.lower().endswith(".csv"):
        return max(0, data.count(b"\n") - 1)
    from core.xlsx_read import sheet_rows

    return max(0, sheet_rows(data) - 1)


def import_start(*, user, source, upload, dry_run=True) -> HotlineImport:
    """Record the import of ``upload`` for ``source`` and queue it for the worker."""
    if not permissions.can_register(user):
        raise PermissionDeniedError("只有纪检干部、纪检负责人可以导入12345工单")
    name = (getattr(upload, "name", "") or "工单.xlsx")[:200]
    ext = os.path.splitext(name)[1].lower()
    if ext not in SUFFIXES:
        raise ApplicationError(
            "请上传 .xlsx 或 .csv 格式的工单文件", code="file_type", detail={"file": ["仅支持 .xlsx、.csv"]}
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    with transaction.atomic():
        imp = HotlineImport.objects.create(
            source=source,
            file_name=name,
            dry_run=dry_run,
            created_by=user,
            total_rows=estimated_rows(data, name),
            sha256=hashlib.sha256(data).hexdigest(),
        )
        job = job_start(
            owner=user,
            kind=HOTLINE_IMPORT,
            parameters={"import_id": imp.pk, "scope": owner_scope(user)},
            total=imp.total_rows,
            source=upload,
            source_ext=ext,
        )
        imp.stored_file = job.source.name
        imp.save(update_fields=["stored_file"])
    return imp


def import_again(*, user, checked: HotlineImport, dry_run=False) -> HotlineImport | None:
    """The file of ``checked`` (a finished dry run) again: imported (it must have passed), or
    checked again after words were mapped (``dry_run``). None when the file is gone (expired,
    or already taken by another click)."""
    if not checked.dry_run or not checked.stored_file or checked.state not in (State.DONE, State.REFUSED):
        return None
    if not dry_run and checked.state != State.DONE:
        return None
    with transaction.atomic():
        if not HotlineImport.objects.filter(pk=checked.pk, stored_file=checked.stored_file).update(stored_file=""):
            return None
        imp = HotlineImport.objects.create(
            source=checked.source,
            file_name=checked.file_name,
            dry_run=dry_run,
            created_by=user,
            total_rows=checked.total_rows,
            sha256=checked.sha256,
            stored_file=checked.stored_file,
        )
        # The file passes to the new job: the check's job no longer holds it.
        Job.objects.filter(kind=HOTLINE_IMPORT, source=checked.stored_file).update(source="")
        job_start(
            owner=user,
            kind=HOTLINE_IMPORT,
            parameters={"import_id": imp.pk, "scope": owner_scope(user)},
            total=imp.total_rows,
            source_name=checked.stored_file,
        )
    return imp


def job_of(imp: HotlineImport) -> Job | None:
    return Job.objects.filter(kind=HOTLINE_IMPORT, parameters__import_id=imp.pk).order_by("-pk").first()


class _Progress:
    """Rows read, written to the job (its own throttled ``Progress``) and to the import now and then."""

    def __init__(self, imp, job_progress=None):
        self.imp, self.job_progress = imp, job_progress
        self.step = max(1, imp.total_rows // 50)
        self.written = 0

    def __call__(self, done):
        total = max(self.imp.total_rows, done)
        if self.job_progress is not None:
            if total != self.job_progress.total:
                self.job_progress.total = total
            self.job_progress.advance(done)
        if done - self.written >= self.step:
            self.written = done
            HotlineImport.objects.filter(pk=self.imp.pk).update(done_rows=done, total_rows=total)


def _finish(imp, state, summary: HotlineSummary | None, errors=None):
    imp.state = state
    imp.finished_at = timezone.now()
    if summary is not None:
        imp.counts = summary.counts()
        imp.unmapped = summary.unmapped
        imp.done_rows = imp.total_rows = summary.rows
        errors = [i.as_dict() for i in summary.issues[:200]] if errors is None else errors
    imp.errors = errors or []
    fields = ["state", "finished_at", "counts", "unmapped", "done_rows", "total_rows", "errors"]
    if not imp.dry_run or state == State.FAILED:
        imp.stored_file = ""  # a check keeps its file: confirmed, or checked again once words are mapped
        fields.append("stored_file")
    imp.save(update_fields=fields)


def run(imp: HotlineImport, data: bytes, *, user, job_progress=None) -> HotlineSummary | None:
    """Run ``imp`` on ``data`` and record its outcome on it; answers the summary (None when refused)."""
    HotlineImport.objects.filter(pk=imp.pk).update(state=State.RUNNING)
    try:
        summary = import_hotline(
            source=imp.source,
            data=data,
            file_name=imp.file_name,
            user=user,
            dry_run=imp.dry_run,
            progress=_Progress(imp, job_progress),
        )
    except HotlineRefused as exc:
        _finish(imp, State.REFUSED, exc.summary)
        return None
    except LedgerInvalid as exc:
        _finish(imp, State.REFUSED, None, [i.as_dict() for i in exc.issues])
        return None
    except ApplicationError as exc:
        _finish(
            imp, State.REFUSED, None, [{"sheet": "", "row": None, "column": "", "value": "", "reason": exc.message}]
        )
        return None
    except Exception:
        _finish(imp, State.FAILED, None, [])
        raise
    _finish(imp, State.REFUSED if summary.refused else State.DONE, summary)
    return summary


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def folder_files(source, folder: Path) -> list[Path]:
    """The .xlsx/.csv files of ``folder`` not yet imported for ``source`` (name + sha256), oldest first."""
    files = sorted(
        (p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES),
        key=lambda p: (p.stat().st_mtime, p.name),
    )
    done = set(
        HotlineImport.objects.filter(source=source, dry_run=False, state=State.DONE).values_list("file_name", "sha256")
    )
    return [p for p in files if (p.name[:200], sha256_of(p)) not in done]


def import_file(*, source, path: Path, user, dry_run=False) -> HotlineImport:
    data = path.read_bytes()
    imp = HotlineImport.objects.create(
        source=source,
        file_name=path.name[:200],
        dry_run=dry_run,
        created_by=user,
        sha256=hashlib.sha256(data).hexdigest(),
        total_rows=estimated_rows(data, path.name),
    )
    run(imp, data, user=user)
    imp.refresh_from_db()
    return imp


def import_folder(*, source, folder: Path, user, dry_run=False) -> list[HotlineImport]:
    """Import each new file of ``folder``; a refused file is recorded and the next one still tried."""
    return [import_file(source=source, path=p, user=user, dry_run=dry_run) for p in folder_files(source, folder)]
