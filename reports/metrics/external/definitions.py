"""Declarations of the metrics other apps' records feed (labels, units, models, wording)."""

from reports.metrics.base import TEXT, Metric, approx_count, percent_text, register_metric

RECT = "rectification"
PET = "petitions"
DISC = "discipline"

_DRILLS = {}  # code -> drill function, filled in by the source modules


def drill_for(code):
    def drill(year, params):
        return _DRILLS[code](year, params)

    return drill


def set_drill(code, func):
    _DRILLS[code] = func


def _m(code, label, source, *, unit="", kind="count", model=None, extra=False, fmt=None, description=""):
    register_metric(
        Metric(
            code=code,
            label=label,
            source=source,
            unit=unit,
            kind=kind,
            model=model,
            extra=extra,
            fmt=fmt,
            description=description,
            drill=drill_for(code) if model else None,
        )
    )


# --- 巡察整改 ---------------------------------------------------------------------------
ROUND = "rectification.InspectionRound"
_m(
    "inspection_team",
    "巡察组",
    RECT,
    kind=TEXT,
    model=ROUND,
    description="本年度反馈的巡察（多轮时逐一列名）；本年度无反馈时，为最近一轮仍在整改的巡察",
)
_m(
    "inspection_aspects",
    "巡察反馈意见方面",
    RECT,
    unit="个",
    model="rectification.Aspect",
    description="上述巡察反馈意见的方面数",
)
_m(
    "inspection_problems",
    "巡察反馈问题",
    RECT,
    unit="个",
    model="rectification.Problem",
    description="上述巡察反馈的问题数",
)
_m(
    "inspection_measures",
    "整改工作措施",
    RECT,
    unit="项",
    model="rectification.Measure",
    description="针对上述问题制定的整改措施数",
)
_m("measures_closed", "已销号整改措施", RECT, unit="项", model="rectification.Measure", extra=True)
_m("measures_in_progress", "推进中整改措施", RECT, unit="项", model="rectification.Measure", extra=True)
_m("measures_long_term", "长期坚持整改措施", RECT, unit="项", model="rectification.Measure", extra=True)
_m(
    "completion_rate",
    "整改完成率",
    RECT,
    unit="%",
    kind=TEXT,
    model="rectification.Measure",
    extra=True,
    fmt=percent_text,
    description="已销号措施占全部措施（不含长期坚持）的比例",
)
_m("measures_overdue", "逾期未完成整改措施", RECT, unit="项", model="rectification.Measure", extra=True)

# --- 信访举报 ---------------------------------------------------------------------------
_m(
    "petitions_handled",
    "调查处理信访（问题）线索、电话投诉",
    PET,
    unit="件",
    model="petitions.Petition",
    fmt=approx_count,
    description="本年度收到的信访举报件（按收件日期，按件数统计：确认的重复件并入原件）；20件以上写作“N余件”",
)
for _i in range(1, 6):
    _m(
        f"petition_category_{_i}",
        f"群众关切的问题类别（第{_i}位）",
        PET,
        kind=TEXT,
        model="petitions.Petition",
        description=f"本年度信访举报件最多的问题类别，第{_i}位",
    )

_m(
    "petition_on_time_rate",
    "信访件按期办结率",
    PET,
    unit="%",
    kind=TEXT,
    model="petitions.Petition",
    extra=True,
    fmt=percent_text,
    description="本年度收到、已办结且有办结期限的信访举报件中，办结日期不晚于办结期限（含批准延期后的期限）的比例",
)
_m(
    "petition_satisfaction_rate",
    "信访件满意度",
    PET,
    unit="%",
    kind=TEXT,
    model="petitions.Petition",
    extra=True,
    fmt=percent_text,
    description="本年度收到、有回访评价的信访举报件中，满意和基本满意所占的比例（未回访的不计入）",
)

# --- 问题线索与纪律检查建议书 ---------------------------------------------------------------
_m(
    "recommendations_issued",
    "制发《纪律检查建议书》",
    DISC,
    unit="份",
    model="discipline.Recommendation",
    description="本年度发出（按发出日期）的纪律检查建议书份数",
)
_m(
    "criticized_departments",
    "给予点名批评和限期改进的责任部门",
    DISC,
    unit="个",
    model="organization.Department",
    description="本年度作出点名批评或限期改进处理（按决定日期）涉及的责任部门数",
)
for _code, _label in (
    ("clue_disposal_talk", "线索处置：谈话函询"),
    ("clue_disposal_verify", "线索处置：初步核实"),
    ("clue_disposal_shelve", "线索处置：暂存待查"),
    ("clue_disposal_close", "线索处置：予以了结"),
):
    _m(
        _code,
        _label,
        DISC,
        unit="件",
        model="discipline.Clue",
        extra=True,
        description="本年度作出该处置决定（按首次批准日期）的问题线索数",
    )
