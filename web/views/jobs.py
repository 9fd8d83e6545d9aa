"""我的任务: one's own background jobs, a job's progress page and its file.

Every read goes through ``core.jobs.selectors`` (the owner's own jobs only: 404 for anybody
else's, whatever their role); the file view asks the job's kind again whether the owner still
has the right. The progress bar is refreshed by ``static/js/jobs.js`` polling the status API;
without script the page has a 刷新 link. The list is for the roles that import or export
(403 for the others, e.g. the 系统管理员); a job's own pages answer 404 to anyone but its owner.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from core.jobs import selectors
from core.jobs.files import serve_job_file
from core.jobs.registry import kind_label
from core.models import Job
from web.forms import ledger_names
from web.nav import EVERYONE
from web.permissions import require_roles
from web.views.common import paginate


def _decorate(job):
    job.kind_label = kind_label(job.kind)
    return job


@require_roles(EVERYONE)
@require_GET
def job_list(request):
    page = paginate(request, selectors.job_list(user=request.user))
    for job in page:
        _decorate(job)
    return render(request, "web/jobs/job_list.html", {"page": page})


@login_required
@require_GET
def job_detail(request, pk):
    job = _decorate(selectors.job_get(user=request.user, pk=pk))
    from rectification.jobs import LEDGER_IMPORT  # the one kind whose page offers a next step

    import_job = job.kind == LEDGER_IMPORT
    confirmable = import_job and job.status == Job.Status.SUCCEEDED and job.parameters.get("dry_run")
    context = {"job": job, "Status": Job.Status, "import_job": import_job, "confirmable": confirmable}
    if confirmable:  # the names the check found, to decide before the confirmation
        context["name_rows"] = ledger_names.name_rows((job.result or {}).get("names", []), user=request.user)
    return render(request, "web/jobs/job_detail.html", context)


@login_required
@require_GET
def job_file(request, pk):
    return serve_job_file(request, selectors.job_get(user=request.user, pk=pk))


@login_required
@require_POST
def job_confirm_import(request, pk):
    """After a background check (dry run) passed: import the same file, again in the background."""
    from rectification.jobs import ledger_import_confirm_job

    job = selectors.job_get(user=request.user, pk=pk)
    asked = ledger_names.decided((job.result or {}).get("names", []))
    names = ledger_names.decisions_from_post(request.POST, asked)
    if len(names) < len(asked):  # back to the table: the check's file stays with it
        messages.error(request, f"还有 {len(asked) - len(names)} 个部门或人员名称未选择对应或新建，未导入任何内容")
        return redirect("web:job-detail", pk=job.pk)
    follow = ledger_import_confirm_job(user=request.user, checked=job, names=names)
    if follow is None:
        messages.error(request, "导入预览已失效，请重新上传台账文件")
        return redirect("web:ledger-import")
    return redirect("web:job-detail", pk=follow.pk)
