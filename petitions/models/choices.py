"""The vocabularies of a petition: channels, kinds, states, and the due dates it stores."""

from django.db import models


class Channel(models.TextChoices):
    LETTER = "letter", "来信"
    VISIT = "visit", "来访"
    PHONE = "phone", "电话"
    ONLINE = "online", "网络"
    HOTLINE = "hotline", "12345热线"
    REFERRAL = "referral", "上级转办"
    INSPECTION = "inspection", "巡察移交"
    OTHER = "other", "其他"


class Kind(models.TextChoices):
    ACCUSATION = "accusation", "检举控告"
    PETITION = "petition", "信访"
    COMPLAINT = "complaint", "投诉"
    SUGGESTION = "suggestion", "意见建议"


class Status(models.TextChoices):
    REGISTERED = "registered", "已登记"
    ACCEPTED = "accepted", "已受理"
    REJECTED = "rejected", "不予受理"
    ESCALATED = "escalated", "已报送上级"
    TRANSFERRED = "transferred", "已转办"
    REPLIED = "replied", "部门已反馈"
    HANDLING = "handling", "直接办理中"
    CONCLUDED = "concluded", "已办结"


# States after which the petition's own handling is over (告知/反馈 may still be owed).
FINAL_STATUSES = (Status.REJECTED, Status.ESCALATED, Status.CONCLUDED)


class RestrictedReason(models.TextChoices):
    SUPERIOR = "superior", "属上级纪检监察机关管辖"
    PRINCIPAL_LEADER = "principal_leader", "反映本机关主要负责人"


class Satisfaction(models.TextChoices):
    """满意度 of a 12345 回访 (the hotline's own three grades, plus not reached)."""

    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"
    UNREACHED = "unreached", "未回访"


class ContactMethod(models.TextChoices):
    WRITTEN = "written", "书面"
    PHONE = "phone", "电话"
    IN_PERSON = "in_person", "当面"
    SMS = "sms", "短信"
    ONLINE = "online", "网络平台"
    OTHER = "other", "其他"


# (field, warning field) of every rule-derived due date a petition stores.
DUE_FIELDS = (
    "accept_due",
    "notify_due",
    "escalate_due",
    "transfer_due",
    "conclude_due",
    "feedback_due",
    "objection_due",
    "review_request_due",
    "review_due",
    "recheck_request_due",
    "recheck_due",
)
