"""The system fields a 12345 export maps onto, their built-in header variants, and the 工单族 rule.

A source's ``header_map`` ({field: [header, ...]}) is tried before the built-in variants, so a
fresh source reads the common exports and an odd one is taught its own headers once.
"""

import re

TICKET_NO = "ticket_no"
RECEIVED_AT = "received_at"
NAME = "name"
PHONE = "phone"
CONTENT = "content"
CATEGORY = "category"
SUBJECT = "subject"
TICKET_UNIT = "ticket_unit"
TICKET_DUE = "ticket_due"
TICKET_STATUS = "ticket_status"
CALLBACK = "callback_result"
SATISFACTION = "satisfaction"

# field -> (label shown to users, built-in header variants)
FIELDS = {
    TICKET_NO: ("工单编号", ["工单编号", "工单号", "工单编码"]),
    RECEIVED_AT: ("来电时间", ["来电时间", "受理时间", "登记时间", "来电日期"]),
    NAME: ("来电人", ["来电人", "市民姓名", "来电人姓名", "诉求人"]),
    PHONE: ("电话", ["电话", "联系电话", "来电号码", "联系方式"]),
    CONTENT: ("诉求内容", ["诉求内容", "工单内容", "来电内容", "反映内容"]),
    CATEGORY: ("诉求类型", ["诉求类型", "问题类别", "诉求分类", "问题分类"]),
    SUBJECT: ("被投诉对象", ["被投诉对象", "被反映对象", "被投诉部门", "被反映部门"]),
    TICKET_UNIT: ("承办单位", ["承办单位", "承办部门", "办理单位"]),
    TICKET_DUE: ("办理时限", ["办理时限", "处理时限", "办结时限"]),
    TICKET_STATUS: ("工单状态", ["工单状态", "办理状态"]),
    CALLBACK: ("回访结果", ["回访结果", "回访情况", "回访意见"]),
    SATISFACTION: ("满意度", ["满意度", "满意程度", "回访满意度"]),
}
REQUIRED = (TICKET_NO, RECEIVED_AT, CONTENT, CATEGORY)
# Fields whose words the source's value_map decides (category, satisfaction, subject).
MAPPED = (CATEGORY, SATISFACTION, SUBJECT)
IDENTITY = (NAME, PHONE)
# What a re-import may change on a petition already imported.
UPDATABLE = ("ticket_status", "callback_result", "satisfaction", "ticket_due")

# Value of a subject word that was decided as "no department or person of ours".
NO_SUBJECT = "-"

_SUFFIX = re.compile(r"(?:[-_](?:CB|cb|HF|hf)?\d{1,3}|[(（](?:重复|催办|回访|补充)\d*[)）])$")


def label(field) -> str:
    return FIELDS[field][0]


def header_variants(header_map: dict) -> dict[str, str]:
    """Normalised header text -> field: the source's own variants first, then the built-in ones."""
    found: dict[str, str] = {}
    for field, (_label, builtin) in FIELDS.items():
        own = header_map.get(field) or []
        if isinstance(own, str):
            own = [own]
        for header in [*own, *builtin]:
            found.setdefault(normal(header), field)
    return found


def normal(text) -> str:
    return re.sub(r"\s+", "", str(text or ""))


def ticket_family(ticket_no: str) -> str:
    """工单编号 minus its repeat/reminder suffixes (-1, _2, (重复), -CB1 …), applied until none is left."""
    family = ticket_no.strip()
    while True:
        shorter = _SUFFIX.sub("", family)
        if shorter == family or not shorter:
            return family
        family = shorter
