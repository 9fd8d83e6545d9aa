"""The default wording of the report (default.txt): the example with its 45 blanks as placeholders.

Generated from ``annual-report-example.txt`` by replacing each blank, in order, with
``{{code}}`` (see ``BLANKS``). Two evident typos of the example are corrected:
"短板XXX次条" → "短板{{risk_shortcomings}}条" and the stray space in "制定 XXX项". The
superior body printed in clear ("向新区纪工委监察室汇报") comes from the profile too, and
"自XXX巡察组反馈" reads "自{{inspection_team}}反馈": the metric is the team's full name(s)
(e.g. 市委第三巡察组), so several rounds can each be named.
"""

from pathlib import Path

from reports.narrative.render import PLANS_HEADING, PROBLEMS_HEADING

# The example's 45 blanks, in order of appearance, and the metric that fills each.
BLANKS = (
    "unit_name",
    "unit_name",
    "unit_name",
    "party_conduct_meetings",
    "superior_reports",
    "heart_talks",
    "line_of_work",
    "campaign_name",
    "column_name",
    "web_articles",
    "wall_posters",
    "warning_cases",
    "integrity_talks",
    "recommendations_issued",
    "petitions_handled",
    "criticized_departments",
    "risk_category_1",
    "risk_category_2",
    "risk_category_3",
    "risk_shortcomings",
    "risk_suggestions",
    "inspection_team",
    "unit_name",
    "inspection_aspects",
    "inspection_problems",
    "inspection_measures",
    "unit_name",
    "unit_name",
    "theory_study_sessions",
    "theory_seminars",
    "mobilization_month",
    "mobilization_day",
    "unit_name",
    "petition_category_1",
    "petition_category_2",
    "petition_category_3",
    "petition_category_4",
    "petition_category_5",
    "ideology_meetings",
    "system_name",
    "work_info",
    "unit_name",
    "line_of_work",
    "unit_name",
    "line_of_work",
)

_HERE = Path(__file__).resolve().parent


def _sections():
    lines = (_HERE / "default.txt").read_text(encoding="utf-8").splitlines()
    i2 = lines.index(PROBLEMS_HEADING)
    i3 = lines.index(PLANS_HEADING)
    return "\n".join(lines[:i2]), "\n".join(lines[i2 + 1 : i3]), "\n".join(lines[i3 + 1 :])


WORK_TEXT, PROBLEMS_TEXT, PLANS_TEXT = _sections()


def default_narrative() -> dict:
    return {"work_text": WORK_TEXT, "problems_text": PROBLEMS_TEXT, "plans_text": PLANS_TEXT, "manual_values": {}}
