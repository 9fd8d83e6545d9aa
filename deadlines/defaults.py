"""The default time limits of DOMAIN.md §3, seeded as data by a migration.

After seeding they belong to the admin: code never reads these amounts.
"""

DEFAULT_RULES = [
    # code, name, applies_to, event, amount, unit, max_extension, legal_basis
    ("accusation-notify", "实名检举控告：告知受理情况", "实名检举控告（重复检举不再告知）", "receipt", 15, "workday", 0,
     "《纪检监察机关处理检举控告工作规则》（2020）第四章"),
    ("accusation-feedback", "实名检举控告：反馈处理结果", "实名检举控告", "conclusion", 15, "workday", 0,
     "《纪检监察机关处理检举控告工作规则》（2020）第四章"),
    ("accusation-escalate", "上级管辖的检举控告：报送上级", "属上级管辖或反映本机关主要负责人的检举控告", "receipt", 5,
     "workday", 0, "《纪检监察机关处理检举控告工作规则》（2020）第十五条"),
    ("referral-accept", "下级收到转办件：受理或转办", "上级转办的检举控告", "receipt", 5, "workday", 0,
     "《纪检监察机关处理检举控告工作规则》（2020）第十六条"),
    ("petition-notify", "信访事项：书面告知", "信访事项", "receipt", 15, "day", 0, "《信访工作条例》（2022）第二十三条"),
    ("petition-conclude", "信访事项：办结", "信访事项（申诉求决）", "acceptance", 60, "day", 30,
     "《信访工作条例》（2022）第三十四条"),
    ("complaint-notify", "投诉：告知", "投诉（本单位规定）", "receipt", 7, "workday", 0, "本单位投诉处理规定"),
    ("clue-disposal", "问题线索：提出处置意见", "问题线索", "receipt", 1, "month", 0,
     "《中国共产党纪律检查机关监督执纪工作规则》（待核，可调整）"),
    ("inquiry-reply", "函询：被函询人书面回复", "谈话函询", "letter_sent", 15, "workday", 0, "本地做法"),
    ("inspection-clue-feedback", "巡察移交线索：反馈办理情况", "巡察移交的问题线索", "receipt", 3, "month", 0,
     "《中国共产党巡视工作条例》（2015）第二十九条"),
    ("deferred-review", "暂存待查线索：定期复查", "暂存待查的问题线索", "deferral", 3, "month", 0, "本地做法"),
    ("recommendation-reply", "纪律检查建议书：回复", "纪律检查建议书（可逐份设定）", "issue", 30, "day", 0, "本地做法"),
    ("round-report", "巡察反馈后：报送整改情况报告", "巡察整改", "feedback", 2, "month", 0,
     "《中国共产党巡视工作条例》（2015）第二十七条"),
    ("measure-immediate", "立行立改措施：完成", "立行立改的整改措施", "feedback", 1, "month", 0, "本地做法"),
    ("transfer-reply", "转办件：责任部门回复", "转办给责任部门的投诉、信访件", "transfer", 5, "workday", 0, "本地做法"),
]
