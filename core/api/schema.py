"""The OpenAPI schema says everything the API can answer, errors included.

drf-spectacular documents the success of an operation; this schema class adds, to every
operation, the error answers ``core.api.exceptions`` (and ``core.errorpages``) give, each
with the one JSON error body ``{"code", "message", "detail"}`` (component ``Error``):

- 400 where the request carries anything to validate (parameters or a body),
- 401 where the request is authenticated (every view but the token exchange),
- 403 and 404 everywhere (role checks; objects one may not see, pages that do not exist),
- 409 on every write (a refused transition, a stale ``version``, an archived record),
- 415 where there is a request body (a content type the view does not parse),
- on the creates wrapped by ``core.api.idempotency``: the ``Idempotency-Key`` header, the
  200 of a replay and the 422 of a reused key.

Responses a view documents itself keep their description; an error response (4xx) documented
without a body gets the error body.

It also reads a read-only choice field of a blank model field as allowing "", and marks as
nullable a read-only field whose value can be null although the field's
class cannot tell: one with ``default=None`` (DRF answers the default when the source is
missing, e.g. ``source="head.name"`` without a head), or one whose dotted source passes a
nullable relation or ends on a nullable model field.
"""

import copy

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers

from core.api.idempotency import HEADER as IDEMPOTENCY_HEADER


class ErrorSerializer(serializers.Serializer):
    """The body of every API error (core.api.exceptions, core.errorpages)."""

    code = serializers.CharField(help_text="稳定的英文错误代码，如 invalid、not_found、permission_denied")
    message = serializers.CharField(help_text="给用户看的中文说明")
    detail = serializers.DictField(help_text="补充信息：输入有误时按字段（或 non_field_errors）列出原因；无则为空对象")

    class Meta:
        ref_name = "Error"


ERROR_DESCRIPTIONS = {
    "400": "输入有误（detail 按字段列出原因）",
    "401": "未登录，或令牌无效、已过期",
    "403": "无权执行此操作",
    "404": "不存在或无权查看",
    "409": "当前状态不允许此操作，或记录已被他人修改",
    "415": "不支持的请求内容类型",
    "422": "该 Idempotency-Key 已用于另一请求",
}

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def is_idempotent_create(view, method) -> bool:
    handler = getattr(view, getattr(view, "action", None) or method.lower(), None)
    return method == "POST" and getattr(handler, "idempotent_create", False)


class AutoSchema(SpectacularAutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation.setdefault("responses", {})
        idempotent = is_idempotent_create(self.view, method)
        if idempotent:
            operation.setdefault("parameters", []).append(
                {
                    "in": "header",
                    "name": IDEMPOTENCY_HEADER,
                    "schema": {"type": "string", "minLength": 1, "maxLength": 200},
                    "description": "可选。同一键的重试不会重复登记：返回 200 和首次登记的记录",
                }
            )
            if "201" in responses and "200" not in responses:
                responses["200"] = {**responses["201"], "description": "重试（同一 Idempotency-Key）：首次登记的记录"}
        codes = ["403", "404"]
        if operation.get("parameters") or operation.get("requestBody"):
            codes.append("400")
        if self.view.authentication_classes:
            codes.append("401")
        if method in WRITE_METHODS:
            codes.append("409")
        if operation.get("requestBody"):
            codes.append("415")
        if idempotent:
            codes.append("422")
        error = None
        for code in sorted(set(codes) | {code for code in responses if code.startswith("4")}):
            documented = responses.get(code)
            if documented is not None and documented.get("content"):
                continue
            if error is None:
                error = self.resolve_serializer(ErrorSerializer, "response").ref
            description = (documented or {}).get("description") or ERROR_DESCRIPTIONS.get(code, "错误")
            responses[code] = {"content": {"application/json": {"schema": error}}, "description": description}
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        # DRF drops allow_blank from read-only model fields, yet a blank choice field reads as "".
        if (
            direction == "response"
            and isinstance(field, serializers.ChoiceField)
            and field.read_only
            and not field.allow_blank
            and _may_be_blank(field)
        ):
            field = copy.copy(field)
            field.allow_blank = True
        return super()._map_serializer_field(field, direction, bypass_extensions)

    def _get_serializer_field_meta(self, field, direction):
        meta = super()._get_serializer_field_meta(field, direction)
        if direction == "response" and field.read_only and not meta.get("nullable") and _may_be_null(field):
            meta["nullable"] = True
        return meta


def _model_path(field):
    """The model fields a serializer field's source walks through (empty when not a model path)."""
    model = getattr(getattr(getattr(field, "parent", None), "Meta", None), "model", None)
    path = []
    for attr in getattr(field, "source_attrs", None) or []:
        if model is None:
            return []
        try:
            model_field = model._meta.get_field(attr)
        except FieldDoesNotExist:
            return []
        path.append(model_field)
        model = model_field.related_model
    return path


def _may_be_null(field) -> bool:
    if getattr(field, "default", serializers.empty) is None:
        return True
    path = _model_path(field)
    # A one-step source is the serializer's own model field: DRF already said allow_null.
    return len(path) > 1 and any(
        model_field.null or (model_field.one_to_one and model_field.auto_created) for model_field in path
    )


def _may_be_blank(field) -> bool:
    path = _model_path(field)
    return bool(path) and path[-1].get_internal_type() in ("CharField", "TextField") and path[-1].blank
