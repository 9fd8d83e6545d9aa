"""Work records (Activity with files) and 廉政风险点: create, update, archive."""

from django.db import transaction

from core.errors import ApplicationError, field_error, require
from core.files import validate_upload
from core.history import attribute
from reports.models import Activity, ActivityAttachment, ActivityKind, RiskCategory, RiskPoint
from reports.permissions import can_manage_kinds, can_write_records
from reports.services._common import apply_fields, check_not_future

ACTIVITY_FIELDS = ("kind", "date", "title", "quantity", "is_seminar", "department", "notes")
RISK_FIELDS = (
    "date",
    "category",
    "department",
    "title",
    "shortcoming_count",
    "shortcomings",
    "suggestion_count",
    "suggestions",
    "notes",
)


def _validate_activity(data, *, instance=None):
    kind = data.get("kind", instance.kind if instance else None)
    if kind is None:
        raise field_error("kind", "请选择类型")
    if not kind.is_active and (instance is None or instance.kind_id != kind.pk):
        raise field_error("kind", f"类型“{kind.name}”已停用")
    check_not_future("date", data.get("date"), "日期")
    seminar = data.get("is_seminar", instance.is_seminar if instance else False)
    if seminar and not kind.allows_seminar:
        raise field_error("is_seminar", f"“{kind.name}”不能标记为专题研讨")
    if "quantity" in data and data["quantity"] is not None and data["quantity"] < 1:
        raise field_error("quantity", "数量至少为 1")


def _quantity(data, kind, persons):
    """A kind counted in persons takes the number of persons listed when no quantity is given."""
    if data.get("quantity"):
        return data["quantity"]
    if kind.counts_persons and persons:
        return len(persons)
    return 1


@transaction.atomic
def activity_create(*, user, data: dict) -> Activity:
    require(can_write_records(user))
    _validate_activity(data)
    persons = list(data.get("persons") or [])
    activity = Activity(created_by=user, **{k: data[k] for k in ACTIVITY_FIELDS if k in data and k != "quantity"})
    activity.quantity = _quantity(data, data["kind"], persons)
    attribute(activity, reason="登记工作记录")
    activity.save()
    if persons:
        activity.persons.set(persons)
    return activity


@transaction.atomic
def activity_update(*, user, activity: Activity, data: dict) -> Activity:
    require(can_write_records(user))
    if activity.is_archived:
        raise ApplicationError("已归档的记录不能修改", code="archived", status=409)
    _validate_activity(data, instance=activity)
    changed = apply_fields(activity, data, ACTIVITY_FIELDS)
    if changed:
        attribute(activity, reason="修改工作记录")
        activity.save()
    if "persons" in data:
        activity.persons.set(list(data["persons"] or []))
    return activity


@transaction.atomic
def activity_archive(*, user, activity: Activity) -> Activity:
    require(can_write_records(user))
    attribute(activity, reason="归档工作记录")
    activity.archive()
    return activity


@transaction.atomic
def attachment_add(*, user, activity: Activity, upload) -> ActivityAttachment:
    require(can_write_records(user))
    if activity.is_archived:
        raise ApplicationError("已归档的记录不能添加附件", code="archived", status=409)
    validate_upload(upload)
    attachment = ActivityAttachment(activity=activity, name=upload.name[:200], size=upload.size, uploaded_by=user)
    attachment.file.save(upload.name, upload, save=False)
    attribute(attachment, reason="上传附件")
    attachment.save()
    return attachment


def _validate_risk(data):
    check_not_future("date", data.get("date"), "排查日期")
    category = data.get("category")
    if category is not None and not category.is_active:
        raise field_error("category", f"工作类别“{category.name}”已停用")
    for count_field, text_field, label in (
        ("shortcoming_count", "shortcomings", "短板"),
        ("suggestion_count", "suggestions", "意见建议"),
    ):
        if data.get(count_field) and not (data.get(text_field) or "").strip():
            raise field_error(text_field, f"请写明{label}的具体内容")


@transaction.atomic
def risk_point_create(*, user, data: dict) -> RiskPoint:
    require(can_write_records(user))
    _validate_risk(data)
    point = RiskPoint(created_by=user, **{k: data[k] for k in RISK_FIELDS if k in data})
    attribute(point, reason="登记廉政风险点")
    point.save()
    return point


@transaction.atomic
def risk_point_update(*, user, point: RiskPoint, data: dict) -> RiskPoint:
    require(can_write_records(user))
    if point.is_archived:
        raise ApplicationError("已归档的记录不能修改", code="archived", status=409)
    merged = {k: data.get(k, getattr(point, k)) for k in RISK_FIELDS}
    _validate_risk(merged)
    if apply_fields(point, data, RISK_FIELDS):
        attribute(point, reason="修改廉政风险点")
        point.save()
    return point


@transaction.atomic
def risk_point_archive(*, user, point: RiskPoint) -> RiskPoint:
    require(can_write_records(user))
    attribute(point, reason="归档廉政风险点")
    point.archive()
    return point


KIND_FIELDS = ("code", "name", "unit", "counts_persons", "allows_seminar", "order", "is_active")


@transaction.atomic
def kind_save(*, user, data: dict, kind: ActivityKind | None = None) -> ActivityKind:
    """Create or change an activity kind; a system kind keeps its code (the report counts by it)."""
    require(can_manage_kinds(user))
    if kind is not None and kind.is_system:
        if "code" in data and data["code"] != kind.code:
            raise field_error("code", "系统内置类型的代码不能修改（年度报告按代码统计）")
        if data.get("is_active") is False:
            raise field_error("is_active", "系统内置类型不能停用（年度报告按它统计）")
    kind = kind or ActivityKind()
    apply_fields(kind, data, KIND_FIELDS)
    attribute(kind, reason="维护工作记录类型")
    kind.save()
    return kind


@transaction.atomic
def category_save(*, user, data: dict, category: RiskCategory | None = None) -> RiskCategory:
    require(can_manage_kinds(user))
    category = category or RiskCategory()
    apply_fields(category, data, ("name", "order", "is_active"))
    attribute(category, reason="维护风险排查工作类别")
    category.save()
    return category
