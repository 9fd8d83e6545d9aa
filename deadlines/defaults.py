"""The default time limits of DOMAIN.md §3, seeded as data by migrations.

After seeding they belong to the admin: code never reads these amounts.

Citations were re-checked against the texts (rules-and-formats.md and the documents
found): where the article number or the period could not be read in the text itself,
the basis says 待核 so that nobody takes it for verified.

* 《纪检监察机关处理检举控告工作规则》(2020): arts. 15, 16, 18 read; the 实名 chapter's
  article numbers not read (第四章, 条号待核).
* 《信访工作条例》(2022): arts. 23, 34, 35, 36 read.
* 《中国共产党巡视工作条例》(2024 revision, 2024-02-08): the revised text's article
  numbers on 整改 and 移交线索 were not read (the 2015 text's arts. 27/29 say 2 个月 and
  3 个月); cited as the 2024 revision with 条号待核.
* 《中国共产党纪律检查机关监督执纪工作规则》(2019): 谈话函询 is its 第五章; the 30 日
  办结 is local practice as retold (条号待核).

Bases that change here are brought into existing installs by a migration that only
rewrites a row still holding the old default (an admin's own wording is kept).
"""

# Bases replaced since the first seed: code -> the old default text.
SUPERSEDED_BASES = {
    "inspection-clue-feedback": "《中国共产党巡视工作条例》（2015）第二十九条",
    "round-report": "《中国共产党巡视工作条例》（2015）第二十七条",
    "accusation-notify": "《纪检监察机关处理检举控告工作规则》（2020）第四章",
    "accusation-feedback": "《纪检监察机关处理检举控告工作规则》（2020）第四章",
}

XUNSHI_2024 = "《中国共产党巡视工作条例》（2024年修订）"

DEFAULT_RULES = [
    # code, name, applies_to, event, amount, unit, max_extension, legal_basis
    (
        "accusation-notify",
        "实名检举控告：告知受理情况",
        "实名检举控告（重复检举不再告知）",
        "receipt",
        15,
        "workday",
        0,
        "《纪检监察机关处理检举控告工作规则》（2020）第四章实名检举控告的处理（条号待核）",
    ),
    (
        "accusation-feedback",
        "实名检举控告：反馈处理结果",
        "实名检举控告",
        "conclusion",
        15,
        "workday",
        0,
        "《纪检监察机关处理检举控告工作规则》（2020）第四章实名检举控告的处理（条号待核）",
    ),
    (
        "accusation-escalate",
        "上级管辖的检举控告：报送上级",
        "属上级管辖或反映本机关主要负责人的检举控告",
        "receipt",
        5,
        "workday",
        0,
        "《纪检监察机关处理检举控告工作规则》（2020）第十五条",
    ),
    (
        "accusation-direct",
        "反映本机关主要负责人的检举控告：径送上级",
        "反映本机关主要负责人问题的检举控告",
        "receipt",
        1,
        "workday",
        0,
        "《纪检监察机关处理检举控告工作规则》（2020）第十五条：径送，条文未设5个工作日期限；1个工作日为本地掌握，可调整",
    ),
    (
        "referral-accept",
        "下级收到转办件：受理或转办",
        "上级转办的检举控告",
        "receipt",
        5,
        "workday",
        0,
        "《纪检监察机关处理检举控告工作规则》（2020）第十六条",
    ),
    (
        "petition-notify",
        "信访事项：书面告知",
        "信访事项",
        "receipt",
        15,
        "day",
        0,
        "《信访工作条例》（2022）第二十三条",
    ),
    (
        "petition-conclude",
        "信访事项：办结",
        "信访事项（申诉求决）",
        "acceptance",
        60,
        "day",
        30,
        "《信访工作条例》（2022）第三十四条",
    ),
    (
        "petition-objection",
        "转送、交办的信访事项不属本单位职权范围：提出异议",
        "上级转送、交办的信访事项（不属本单位职权范围）",
        "receipt",
        5,
        "workday",
        0,
        "《信访工作条例》（2022）第二十三条",
    ),
    (
        "petition-review-request",
        "信访事项：信访人请求复查",
        "信访人对信访处理意见不服",
        "opinion",
        30,
        "day",
        0,
        "《信访工作条例》（2022）第三十五条",
    ),
    (
        "petition-review",
        "信访事项：提出复查意见",
        "信访事项复查",
        "request",
        30,
        "day",
        0,
        "《信访工作条例》（2022）第三十五条",
    ),
    (
        "petition-recheck-request",
        "信访事项：信访人请求复核",
        "信访人对复查意见不服",
        "review_opinion",
        30,
        "day",
        0,
        "《信访工作条例》（2022）第三十六条",
    ),
    (
        "petition-recheck",
        "信访事项：提出复核意见",
        "信访事项复核",
        "request",
        30,
        "day",
        0,
        "《信访工作条例》（2022）第三十六条",
    ),
    ("complaint-notify", "投诉：告知", "投诉（本单位规定）", "receipt", 7, "workday", 0, "本单位投诉处理规定"),
    (
        "clue-disposal",
        "问题线索：提出处置意见",
        "问题线索",
        "receipt",
        1,
        "month",
        0,
        "《中国共产党纪律检查机关监督执纪工作规则》（待核，可调整）",
    ),
    ("inquiry-reply", "函询：被函询人书面回复", "谈话函询", "letter_sent", 15, "workday", 0, "本地做法"),
    (
        "inquiry-conclude",
        "谈话函询：办结",
        "以谈话函询方式处置的问题线索",
        "talk_or_reply",
        30,
        "day",
        0,
        "《中国共产党纪律检查机关监督执纪工作规则》（2019）第五章谈话函询（30日办结据地方办法转述，条号待核）",
    ),
    (
        "accusation-quarterly-feedback",
        "检举控告：每季度向信访举报部门反馈处理结果",
        "来自信访举报的问题线索（已办结）",
        "quarter",
        3,
        "month",
        0,
        "《纪检监察机关处理检举控告工作规则》（2020）第十八条",
    ),
    (
        "inspection-clue-feedback",
        "巡察移交线索：反馈办理情况",
        "巡察移交的问题线索",
        "receipt",
        3,
        "month",
        0,
        XUNSHI_2024 + "：纪检监察机关、组织部门反馈移交问题线索办理情况（条号待核）",
    ),
    ("deferred-review", "暂存待查线索：定期复查", "暂存待查的问题线索", "deferral", 3, "month", 0, "本地做法"),
    ("recommendation-reply", "纪律检查建议书：回复", "纪律检查建议书（可逐份设定）", "issue", 30, "day", 0, "本地做法"),
    (
        "round-plan",
        "巡察反馈后：报送整改方案",
        "巡察整改",
        "feedback",
        1,
        "month",
        0,
        "本地做法：巡察反馈后制定并报送整改方案（" + XUNSHI_2024 + "要求制定整改方案，报送期限条号待核）",
    ),
    (
        "round-report",
        "巡察反馈后：报送整改情况报告",
        "巡察整改",
        "feedback",
        2,
        "month",
        0,
        XUNSHI_2024 + "：整改情况报告（条号待核）",
    ),
    (
        "round-leader-report",
        "巡察反馈后：报送主要负责人组织落实整改情况报告",
        "巡察整改",
        "feedback",
        2,
        "month",
        0,
        XUNSHI_2024 + "：主要负责人组织落实整改情况报告（条号待核）",
    ),
    ("measure-immediate", "立行立改措施：完成", "立行立改的整改措施", "feedback", 1, "month", 0, "本地做法"),
    ("transfer-reply", "转办件：责任部门回复", "转办给责任部门的投诉、信访件", "transfer", 5, "workday", 0, "本地做法"),
]
