"""The columns of a past year's 信访台账: the export's (``petitions.exports.COLUMNS``) plus a few it
leaves out and the annual report needs; the words of each, read from their Chinese labels.

Columns are found by their header text, in any order. The export's computed columns (due dates,
the light, the running number, the pseudonymous code) are recomputed or reassigned, so they are
ignored; so is any column not named here.
"""

from core.outcomes import OutcomeKind
from petitions.models import Channel, ContactMethod, Kind, RestrictedReason, Status

# key -> header label
NUMBER = "编号"
RECEIVED = "收到日期"
CHANNEL = "渠道"
KIND = "类别"
CATEGORY = "问题类别"
NAMED = "实名"
REPEAT = "重复件"
SUBJECT_PERSON = "被反映人"
SUBJECT_DEPARTMENT = "被反映单位"
SUMMARY = "内容摘要"
STATUS = "状态"
ACCEPTED = "受理日期"
TRANSFER_DEPARTMENT = "转办部门"
TRANSFERRED = "转办日期"
REPLIED = "部门反馈日期"
NOTIFIED = "告知日期"
CONCLUDED = "办结日期"
FEEDBACK = "反馈日期"
ESCALATED = "报送上级日期"
RESULT = "办理结果"
# not in the export: what the report or a step needs, each optional
OUTCOME_KINDS = "处理方式"
OUTCOME_PEOPLE = "被处理人"
OUTCOME_DEPARTMENTS = "被处理部门"
INFORMANT_NAME = "举报人姓名"
INFORMANT_PHONE = "联系电话"
INFORMANT_ID = "证件号码"
INFORMANT_ADDRESS = "联系地址"
CONTENT = "详细内容"
TRANSFER_SUMMARY = "转办摘要"
REPLY = "部门反馈内容"
REJECTED = "不予受理日期"
REJECT_REASON = "不予受理理由"
ESCALATE_REASON = "报送上级原因"
NOTIFY_METHOD = "告知方式"
FEEDBACK_METHOD = "反馈方式"

KNOWN = (
    NUMBER, RECEIVED, CHANNEL, KIND, CATEGORY, NAMED, REPEAT, SUBJECT_PERSON, SUBJECT_DEPARTMENT, SUMMARY,
    STATUS, ACCEPTED, TRANSFER_DEPARTMENT, TRANSFERRED, REPLIED, NOTIFIED, CONCLUDED, FEEDBACK, ESCALATED,
    RESULT, OUTCOME_KINDS, OUTCOME_PEOPLE, OUTCOME_DEPARTMENTS, INFORMANT_NAME, INFORMANT_PHONE, INFORMANT_ID,
    INFORMANT_ADDRESS, CONTENT, TRANSFER_SUMMARY, REPLY, REJECTED, REJECT_REASON, ESCALATE_REASON,
    NOTIFY_METHOD, FEEDBACK_METHOD,
)  # fmt: skip
REQUIRED = (NUMBER, RECEIVED, CHANNEL, KIND, STATUS)
# The reporter's details: never shown back in an error, a preview or a log.
IDENTITY = {INFORMANT_NAME: "name", INFORMANT_PHONE: "phone", INFORMANT_ID: "id_number", INFORMANT_ADDRESS: "address"}
# Recomputed by the system (due dates, light) or reassigned (序号, 举报人代号): read past, never stored.
IGNORED = ("序号", "举报人代号", "告知期限", "办结期限", "原办结期限（延期前）", "反馈期限", "最近期限", "亮灯")


def _labels(choices) -> dict[str, str]:
    return {str(label): value for value, label in choices.choices}


CHANNELS = _labels(Channel)
KINDS = _labels(Kind)
STATUSES = _labels(Status)
OUTCOMES = _labels(OutcomeKind)
CONTACT_METHODS = _labels(ContactMethod)
RESTRICTED_REASONS = _labels(RestrictedReason)
YES, NO = "是", "否"
