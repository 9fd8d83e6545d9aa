"""Shared pieces of the 巡察整改 views: file responses, service-backed writes, schema helpers."""

import json
import tempfile

from django.http import FileResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.renderers import BaseRenderer
from rest_framework.response import Response

from core.api.idempotency import idempotent_create
from core.api.views import ScopedQuerysetMixin
from core.concurrency import request_version
from core.errors import ApplicationError, PermissionDeniedError
from core.scoping import get_visible_or_404
from rectification import permissions

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERROR = OpenApiResponse(description="错误：{code, message, detail}")


class XlsxRenderer(BaseRenderer):
    media_type = XLSX
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Only errors reach a renderer (files are FileResponses); keep them readable.
        return json.dumps(data, ensure_ascii=False).encode()


class AnyFileRenderer(XlsxRenderer):
    media_type = "application/octet-stream"
    format = "file"


def xlsx_response(write, filename):
    """Write a workbook to a temporary file (not memory) and stream it as an attachment."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    try:
        write(handle)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)


class _ServiceWrites:
    """create/update validate with ``write_serializer_class`` and call the services."""

    write_serializer_class = None
    immutable = ()

    def _check_manage(self):
        if not permissions.can_manage(self.request.user):
            raise PermissionDeniedError("只有纪检干部可以编辑巡察整改台账")

    def _reload(self, obj):
        return get_visible_or_404(self.selector(self.request.user), user=self.request.user, pk=obj.pk)

    def replay_created(self, pk):
        obj = get_visible_or_404(self.selector(self.request.user), user=self.request.user, pk=pk)
        return Response(self.get_serializer(obj).data)

    @idempotent_create
    def create(self, request, *args, **kwargs):
        self._check_manage()
        writer = self.write_serializer_class(data=request.data, context=self.get_serializer_context())
        writer.is_valid(raise_exception=True)
        data = dict(writer.validated_data)
        data.pop("version", None)  # a new record starts at version 1
        obj = self.service_create(data)
        return Response(self.get_serializer(self._reload(obj)).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, partial=False, **kwargs):
        instance = self.get_object()
        self._check_manage()
        writer = self.write_serializer_class(
            instance, data=request.data, partial=partial, context=self.get_serializer_context()
        )
        writer.is_valid(raise_exception=True)
        data = dict(writer.validated_data)
        data["version"] = request_version(request, data)
        for name in self.immutable:
            if name in data and data.pop(name) != getattr(instance, name):
                raise ApplicationError("不能更改所属的巡察轮次", code="immutable", detail={name: ["不能更改"]})
        obj = self.service_update(instance, data)
        return Response(self.get_serializer(self._reload(obj)).data)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)


class ServiceViewSet(
    ScopedQuerysetMixin,
    _ServiceWrites,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    model = None  # for the schema generator, which must not run the selectors

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return super().get_queryset()


def write_schemas(summary, read, write):
    return {
        "create": extend_schema(summary=f"新建{summary}", request=write, responses={201: read, 400: ERROR, 403: ERROR}),
        "update": extend_schema(
            summary=f"修改{summary}", request=write, responses={200: read, 400: ERROR, 403: ERROR, 409: ERROR}
        ),
        "partial_update": extend_schema(
            summary=f"部分修改{summary}", request=write, responses={200: read, 400: ERROR, 403: ERROR, 409: ERROR}
        ),
        "list": extend_schema(summary=f"{summary}列表"),
        "retrieve": extend_schema(summary=f"{summary}详情"),
    }
