"""Background jobs over the API: one's own jobs, their status, and their file."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from core.api.views import ScopedQuerysetMixin
from core.jobs import selectors
from core.jobs.files import serve_job_file
from core.jobs.registry import kind_label
from core.models import Job


class JobSerializer(serializers.ModelSerializer):
    kind_label = serializers.SerializerMethodField(help_text="任务类型（中文）")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    progress = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="查询状态的地址")
    file_url = serializers.SerializerMethodField(help_text="下载结果文件的地址（完成且有文件时）")
    page_url = serializers.SerializerMethodField(help_text="网页上的任务页")

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "kind_label",
            "status",
            "status_label",
            "progress",
            "parameters",
            "result",
            "error",
            "error_detail",
            "file_name",
            "url",
            "file_url",
            "page_url",
            "created_at",
            "started_at",
            "finished_at",
            "expires_at",
        ]
        read_only_fields = fields

    def get_kind_label(self, job) -> str:
        return kind_label(job.kind)

    def get_progress(self, job) -> dict:
        return {"done": job.progress_done, "total": job.progress_total, "percent": job.percent}

    def get_url(self, job) -> str:
        return reverse("job-detail", kwargs={"pk": job.pk})

    def get_file_url(self, job) -> str | None:
        if job.status == Job.Status.SUCCEEDED and job.file:
            return reverse("job-file", kwargs={"pk": job.pk})
        return None

    def get_page_url(self, job) -> str:
        return reverse("web:job-detail", kwargs={"pk": job.pk})


def job_accepted(job) -> Response:
    """The answer of an import or export endpoint whose work went to the worker: 202 and the job."""
    response = Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)
    response["Location"] = reverse("job-detail", kwargs={"pk": job.pk})
    return response


class _FileRenderer(BaseRenderer):
    media_type = "application/octet-stream"
    format = "file"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        import json

        return json.dumps(data, ensure_ascii=False).encode()


NOT_FOUND = OpenApiResponse(description="不存在，或不是本人的任务")


@extend_schema_view(
    list=extend_schema(summary="我的后台任务", description="只列出本人提交的任务（导入、导出）。"),
    retrieve=extend_schema(summary="后台任务状态", responses={200: JobSerializer, 404: NOT_FOUND}),
)
class JobViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = JobSerializer
    filter_backends = []

    def selector(self, user):
        if getattr(self, "swagger_fake_view", False):
            return Job.objects.none()
        return selectors.job_list(user=user)

    def get_object(self):
        return selectors.job_get(user=self.request.user, pk=self.kwargs["pk"])

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(
        summary="下载后台任务的结果文件",
        description="仅任务提交人可下载，且下载时重新核对其权限（角色、可见范围）；下载记入安全审计日志。",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"], url_path="file", renderer_classes=[JSONRenderer, _FileRenderer])
    def file(self, request, pk=None):
        return serve_job_file(request, self.get_object())


def viewset_queryset(viewset_class, *, user, query="", action="export"):
    """The queryset ``viewset_class`` would export for ``user`` and the query string ``query``.

    A worker has no request: it builds one for the job's owner (never authenticated by a
    header, only given the user) so that the export starts from the same selector (the
    visibility function), filterset and ordering as the synchronous endpoint, and so writes the
    same rows — as the owner may see them when the job runs.
    """
    from django.http import HttpRequest, QueryDict
    from rest_framework.request import Request

    http = HttpRequest()
    http.method = "GET"
    http.GET = QueryDict(query)
    http.user = user
    request = Request(http, authenticators=())
    request.user = user
    view = viewset_class(action=action, action_map={"get": action}, request=request, args=(), kwargs={})
    view.format_kwarg = None
    return view.filter_queryset(view.get_queryset())


def export_job(*, user, kind, queryset, query):
    """A queued export job when ``queryset`` (the endpoint's own, visible and filtered) holds more
    than ``EXPORT_BACKGROUND_ROWS`` rows; None when the request should export by itself."""
    from django.conf import settings
    from django.http import QueryDict

    from core.jobs.scope import owner_scope
    from core.jobs.services import job_start

    count = queryset.count()
    if count <= settings.EXPORT_BACKGROUND_ROWS:
        return None
    parameters = {
        "query": query[:2000],
        "filters": dict(QueryDict(query).lists()),
        "scope": owner_scope(user),
    }
    return job_start(owner=user, kind=kind, parameters=parameters, total=count)


def background_export(request, *, kind, queryset):
    """202 with the job when the export goes to the worker (see ``export_job``), else None."""
    job = export_job(user=request.user, kind=kind, queryset=queryset, query=request.GET.urlencode())
    return None if job is None else job_accepted(job)


def export_runner(viewset_path, write, file_name):
    """A runner for an endpoint's export: rebuild its queryset for the owner, write the workbook."""
    from django.utils.module_loading import import_string

    from core.jobs.registry import JobOutcome

    def run(job, progress):
        queryset = viewset_queryset(import_string(viewset_path), user=job.owner, query=job.parameters.get("query", ""))
        content, rows = write(queryset, progress=progress)
        return JobOutcome(content=content, file_name=file_name(), rows=rows)

    return run
