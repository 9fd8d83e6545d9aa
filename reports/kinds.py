"""Codes of the activity kinds the report's metrics count (seeded by migration 0002).

The kinds themselves are data (name, unit word, order are editable); the report
finds them by these codes, which a system kind can never change.
"""

PARTY_CONDUCT_MEETING = "party-conduct-meeting"
SUPERIOR_REPORT = "superior-report"
HEART_TALK = "heart-talk"
INTEGRITY_TALK = "integrity-talk"
WEB_ARTICLE = "web-article"
WALL_POSTER = "wall-poster"
WARNING_CASE = "warning-case"
THEORY_STUDY = "theory-study"
HISTORY_MOBILIZATION = "history-mobilization"
IDEOLOGY_MEETING = "ideology-meeting"
WORK_INFO = "work-info"

# code, name, unit, counts_persons, allows_seminar, order — mirrored in migration 0002.
SYSTEM_KINDS = [
    (PARTY_CONDUCT_MEETING, "党风廉政建设工作会议", "次", False, False, 10),
    (SUPERIOR_REPORT, "向上级纪检机构汇报", "次", False, False, 20),
    (HEART_TALK, "谈心谈话", "人次", True, False, 30),
    (INTEGRITY_TALK, "廉政提醒谈话", "人", True, False, 40),
    (WEB_ARTICLE, "网文", "篇", False, False, 50),
    (WALL_POSTER, "廉宣墙报", "块", False, False, 60),
    (WARNING_CASE, "警示教育典型案例", "个", False, False, 70),
    (THEORY_STUDY, "理论中心组学习", "次", False, True, 80),
    (HISTORY_MOBILIZATION, "党史学习教育动员会", "次", False, False, 90),
    (IDEOLOGY_MEETING, "意识形态工作专题会", "次", False, False, 100),
    (WORK_INFO, "工作信息报送", "篇", False, False, 110),
]

# The 八类工作 seeded as 廉政风险点 categories (data; a unit renames them freely).
DEFAULT_RISK_CATEGORIES = [
    "干部选拔任用",
    "财务管理",
    "政府采购",
    "工单受理",
    "转办督办",
    "考核评价",
    "信息数据管理",
    "资产管理",
]
