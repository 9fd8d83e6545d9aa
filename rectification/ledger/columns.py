"""The ledger's columns: what each is called in real sheets, and which are required."""

import re
import unicodedata

SEQ = "seq"
ASPECT = "aspect"
PROBLEM = "problem"
MEASURE = "measure"
TARGET = "target"
LEADER = "leader"
DEPARTMENT = "department"
CO_DEPARTMENTS = "co_departments"
PERSON = "person"
DEADLINE = "deadline"
PROGRESS = "progress"
COMPLETION = "completion"
NOTE = "note"
# The hidden column of an exported ledger: the deadline as stored (rectification.ledger.record).
DEADLINE_RECORD = "deadline_record"
# The hidden key column of a fill-in sheet (rectification.ledger.fill.key).
MEASURE_KEY = "measure_key"

# field -> (the caption this system writes, the variants real ledgers use)
CAPTIONS = {
    SEQ: ("序号", ["编号"]),
    ASPECT: ("方面", ["问题类别", "类别", "问题类型", "反馈意见类别", "所属方面"]),
    PROBLEM: (
        "问题",
        ["存在问题", "反馈问题", "巡察反馈问题", "具体问题", "问题清单", "问题内容", "问题描述", "巡察发现问题"],
    ),
    MEASURE: ("整改措施", ["措施", "整改举措", "具体措施", "整改任务", "任务清单"]),
    TARGET: ("完成目标", ["整改目标", "整改标准", "目标"]),
    LEADER: ("责任领导", ["牵头领导", "分管领导", "责任领导班子成员"]),
    DEPARTMENT: (
        "责任部门",
        ["责任单位", "责任处室", "牵头部门", "牵头单位", "责任科室", "牵头处室", "责任部门（单位）"],
    ),
    CO_DEPARTMENTS: ("配合部门", ["配合单位", "协办部门", "配合处室", "协同部门"]),
    PERSON: ("责任人", ["具体责任人", "经办人", "具体经办人"]),
    DEADLINE: ("完成时限", ["整改时限", "完成时间", "整改期限", "时限要求", "完成期限"]),
    PROGRESS: ("整改进展", ["进展情况", "整改进展情况", "整改落实情况", "推进情况"]),
    COMPLETION: ("完成情况", ["整改情况", "整改状态", "是否完成", "完成状态"]),
    NOTE: ("备注", ["说明"]),
    DEADLINE_RECORD: ("完成时限数据（系统导出，请勿修改）", []),
    MEASURE_KEY: ("措施标识（系统导出，请勿修改）", []),
}

REQUIRED = (PROBLEM, MEASURE, DEPARTMENT, DEADLINE)

# The layout this system writes (export and template): field, caption, column width.
EXPORT_COLUMNS = [
    (SEQ, 6),
    (PROBLEM, 36),
    (MEASURE, 40),
    (TARGET, 24),
    (LEADER, 10),
    (DEPARTMENT, 14),
    (CO_DEPARTMENTS, 14),
    (PERSON, 10),
    (DEADLINE, 14),
    (COMPLETION, 12),
    (PROGRESS, 36),
    (NOTE, 24),
]


def caption(field: str) -> str:
    return CAPTIONS[field][0]


_BRACKETS = re.compile(r"\([^)]*\)")
_SPACE = re.compile(r"\s+")


def normalise(text) -> str:
    """Full-width to half-width, no whitespace, no trailing colon, no bracketed remark."""
    text = unicodedata.normalize("NFKC", str(text))
    text = _SPACE.sub("", text).rstrip(":")
    without = _BRACKETS.sub("", text)
    return without or text


_LOOKUP = {}
for _field, (_main, _variants) in CAPTIONS.items():
    for _name in (_main, *_variants):
        _LOOKUP[normalise(_name)] = _field
        _LOOKUP[_SPACE.sub("", unicodedata.normalize("NFKC", _name))] = _field


def match(value) -> str | None:
    """The field a header cell names, or None."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = unicodedata.normalize("NFKC", value)
    text = _SPACE.sub("", text).rstrip(":")
    return _LOOKUP.get(text) or _LOOKUP.get(normalise(value))


def variants_text(field: str) -> str:
    main, variants = CAPTIONS[field]
    return "、".join([main, *variants[:4]])
