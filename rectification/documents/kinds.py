"""Each round document's editable texts, their default wording and the figures they may insert.

A text is plain, one paragraph a line; a line starting "一、" is a heading (黑体), "（一）" a
second-level one (楷体); ``{{code}}`` inserts a figure of the version (see ``FIGURES``).
"""

from dataclasses import dataclass

from rectification.models import DocumentKind

# Figures a text may insert: code -> label. Counts carry the ids of their records.
FIGURES = {
    "unit": "被巡察单位",
    "party": "被巡察单位党组织",
    "team": "巡察组",
    "feedback_date": "反馈日期",
    "as_of": "统计截至",
    "aspects": "方面（个）",
    "problems": "问题（个）",
    "measures": "整改措施（项）",
    "done": "已完成（项）",
    "in_progress": "正在推进（项）",
    "long_term": "长期坚持（项）",
    "problems_done": "已整改到位的问题（个）",
}
COUNT_FIGURES = ("aspects", "problems", "measures", "done", "in_progress", "long_term", "problems_done")


@dataclass(frozen=True)
class TextField:
    name: str
    label: str
    multiline: bool = True


RECIPIENT = TextField("recipient", "主送机关", multiline=False)
SIGNATURE = TextField("signature", "署名", multiline=False)

FIELDS = {
    DocumentKind.PLAN: (
        RECIPIENT,
        TextField("preamble", "开头"),
        TextField("requirements", "一、总体要求"),
        TextField("safeguards", "保障措施"),
        SIGNATURE,
    ),
    DocumentKind.REPORT: (
        RECIPIENT,
        TextField("preamble", "开头"),
        TextField("next_steps", "下一步工作打算"),
        SIGNATURE,
    ),
    DocumentKind.LEADER_REPORT: (
        RECIPIENT,
        TextField("leader_voice", "主要负责人履行整改第一责任人职责情况"),
        TextField("next_steps", "下一步工作打算"),
        SIGNATURE,
    ),
    DocumentKind.PUBLIC: (
        TextField("preamble", "开头"),
        TextField("next_steps", "下一步工作打算"),
        SIGNATURE,
    ),
}

TITLES = {
    DocumentKind.PLAN: "{org}关于落实{team}巡察反馈意见的整改方案",
    DocumentKind.REPORT: "{org}关于{team}巡察反馈意见整改情况的报告",
    DocumentKind.LEADER_REPORT: "{org}主要负责人关于组织落实{team}巡察反馈意见整改情况的报告",
    DocumentKind.PUBLIC: "{org}关于{team}巡察整改进展情况的通报",
}

_PLAN_PREAMBLE = (
    "{{feedback_date}}，{{team}}向{{party}}反馈了巡察意见，指出了{{aspects}}个方面{{problems}}个问题。"
    "党组高度重视，坚持把巡察整改作为重大政治任务，逐条对照反馈意见，深入查找根源，"
    "研究制定整改措施{{measures}}项，明确责任领导、责任部门、责任人和完成时限。现制定整改方案如下。"
)
_REQUIREMENTS = (
    "（一）指导思想\n"
    "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，切实增强“四个意识”、"
    "坚定“四个自信”、做到“两个维护”，以高度的政治自觉抓好巡察反馈意见整改落实。\n"
    "（二）工作目标\n"
    "坚持问题导向、目标导向、结果导向，对反馈问题照单全收、逐条整改、逐项销号，"
    "做到整改不到位不放过、群众不满意不放过，确保件件有着落、事事有回音。"
)
_SAFEGUARDS = (
    "（一）加强组织领导\n"
    "成立巡察整改工作领导小组，党组书记任组长，履行整改第一责任人职责；班子成员履行“一岗双责”，"
    "抓好分管领域整改任务落实。领导小组办公室设在纪检部门，负责统筹协调、督促检查。\n"
    "（二）压实整改责任\n"
    "各责任部门主要负责同志是本部门整改工作的直接责任人，对照整改任务清单逐项制定具体措施，"
    "按时报送整改进展，做到责任到人、措施到位。\n"
    "（三）强化督促检查\n"
    "纪检部门对整改工作进行全程跟踪督办，实行台账管理、对账销号，对整改不力、敷衍整改的严肃问责。\n"
    "（四）建立长效机制\n"
    "坚持边整改、边总结、边完善，把解决具体问题与完善制度机制结合起来，巩固整改成果。"
)
_REPORT_PREAMBLE = (
    "根据巡察工作安排，{{team}}于{{feedback_date}}向{{party}}反馈了巡察意见。"
    "党组坚决扛起巡察整改政治责任，对反馈问题照单全收、逐条整改。现将整改情况报告如下。"
)
_NEXT_STEPS = (
    "（一）持续推进未完成事项\n"
    "对正在推进的整改任务，逐项明确时间表和路线图，挂图作战、对账销号，确保按期完成。\n"
    "（二）巩固拓展整改成果\n"
    "对已完成的整改任务适时开展“回头看”，防止问题反弹回潮；对长期坚持的事项，常态化推进、长效化落实。\n"
    "（三）健全完善长效机制\n"
    "举一反三，把巡察整改与日常工作结合起来，完善制度、堵塞漏洞，以整改实效推动各项工作高质量发展。"
)
_LEADER_VOICE = (
    "作为党组书记，我坚决扛起巡察整改第一责任人责任，把巡察整改作为检验“四个意识”的重要标尺，"
    "对重要问题亲自过问、重点环节亲自协调、重大事项亲自督办。\n"
    "巡察反馈后，我主持召开党组会议专题研究整改工作，组织制定整改方案，"
    "将反馈的{{problems}}个问题细化为{{measures}}项整改措施，逐项明确责任领导、责任部门和完成时限。"
    "截至{{as_of}}，已完成{{done}}项，正在推进{{in_progress}}项，长期坚持{{long_term}}项。"
)
_PUBLIC_PREAMBLE = (
    "根据巡察工作安排，{{team}}于{{feedback_date}}向{{party}}反馈了巡察意见。"
    "按照党务公开和巡察整改公开的有关要求，现将整改进展情况予以公布，欢迎广大干部群众监督。"
)

DEFAULTS = {
    DocumentKind.PLAN: {"preamble": _PLAN_PREAMBLE, "requirements": _REQUIREMENTS, "safeguards": _SAFEGUARDS},
    DocumentKind.REPORT: {"preamble": _REPORT_PREAMBLE, "next_steps": _NEXT_STEPS},
    DocumentKind.LEADER_REPORT: {"leader_voice": _LEADER_VOICE, "next_steps": _NEXT_STEPS},
    DocumentKind.PUBLIC: {"preamble": _PUBLIC_PREAMBLE, "next_steps": _NEXT_STEPS},
}


def field_names(kind) -> tuple[str, ...]:
    return tuple(f.name for f in FIELDS[DocumentKind(kind)])


def default_texts(kind, frame: dict) -> dict:
    """The default wording of ``kind``; 主送机关 and 署名 from the round (``frame``)."""
    kind = DocumentKind(kind)
    texts = {"recipient": f"{frame.get('team', '')}：", "signature": frame.get("org", "")}
    if kind == DocumentKind.LEADER_REPORT:
        texts["signature"] = f"{frame.get('org', '')}书记"
    texts.update(DEFAULTS[kind])
    return {name: texts.get(name, "") for name in field_names(kind)}
