"""The records behind a round document's figure: the ids frozen with the version, as the reader may see them."""

from reports.drill import Columns, frozen_records, register_columns


def _measure_row(m):
    departments = m.lead_department.name if m.lead_department_id else ""
    return [m.code, m.content, departments, m.deadline_text or (m.due_date.isoformat() if m.due_date else ""),
            m.get_status_display()]  # fmt: skip


def _problem_row(p):
    return [f"问题{p.order}", p.text, p.aspect.title if p.aspect_id else "", "是" if p.is_public else "否"]


register_columns(
    "rectification.Measure",
    Columns(
        headers=["编号", "整改措施", "牵头部门", "完成时限", "状态"],
        row=_measure_row,
        select_related=("problem", "lead_department"),
        order_by=("problem__order", "order", "pk"),
    ),
)
register_columns(
    "rectification.Problem",
    Columns(
        headers=["序号", "问题", "方面", "可公开"],
        row=_problem_row,
        select_related=("aspect",),
        order_by=("order", "pk"),
    ),  # fmt: skip
)
register_columns(
    "rectification.Aspect",
    Columns(headers=["方面"], row=lambda a: [a.title], order_by=("order", "pk")),
)


def figure_records(*, user, figure: dict):
    return frozen_records(user=user, figure=figure)
