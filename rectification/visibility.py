"""Who sees what of 巡察整改 (core.scoping).

* 纪检干部, 纪检负责人 and 领导 see everything of this app.
* A 责任部门联络员 sees the measures whose lead (牵头) or co-operating (配合) department
  is one of their own, and — as context — only the problems, aspects and rounds those
  measures belong to; progress, evidence, extensions and reviews follow the measure.
* The round's own documents (整改方案, 整改情况报告 …) and their narratives are the unit's
  reports: 纪检干部, 纪检负责人 and 领导 only, never an office.
* Anyone else (the 系统管理员 as such included) sees nothing.
"""

from django.db.models import Exists, OuterRef, Q

from core.scoping import register_visibility
from organization.roles import Role
from rectification.models import (
    Aspect,
    Evidence,
    Extension,
    InspectionRound,
    Measure,
    MeasureCoDepartment,
    MeasureReview,
    Problem,
    ProgressUpdate,
    RoundDocument,
    RoundNarrative,
)

READ_ALL_ROLES = (Role.INSPECTOR, Role.SUPERVISOR, Role.LEADER)


def department_measures_q(department_ids, prefix=""):
    """Measures led by, or co-operated on by, one of ``department_ids``."""
    department_ids = list(department_ids)
    co = MeasureCoDepartment.objects.filter(measure_id=OuterRef(f"{prefix}pk"), department_id__in=department_ids)
    return Q(**{f"{prefix}lead_department_id__in": department_ids}) | Q(Exists(co))


def _office_measures(actor):
    return Measure.objects.filter(department_measures_q(actor.department_ids))


def _scope(actor, qs, office_filter):
    if actor.has_role(*READ_ALL_ROLES):
        return qs
    if actor.has_role(Role.OFFICE) and actor.department_ids:
        return qs.filter(office_filter())
    return qs.none()


@register_visibility(Measure)
def _measures(actor, qs):
    return _scope(actor, qs, lambda: department_measures_q(actor.department_ids))


@register_visibility(Problem)
def _problems(actor, qs):
    return _scope(actor, qs, lambda: Q(Exists(_office_measures(actor).filter(problem_id=OuterRef("pk")))))


@register_visibility(InspectionRound)
def _rounds(actor, qs):
    return _scope(actor, qs, lambda: Q(Exists(_office_measures(actor).filter(problem__round_id=OuterRef("pk")))))


@register_visibility(Aspect)
def _aspects(actor, qs):
    def office_filter():
        measures = _office_measures(actor)
        direct = measures.filter(problem__aspect_id=OuterRef("pk"))
        below = measures.filter(problem__aspect__parent_id=OuterRef("pk"))
        return Q(Exists(direct)) | Q(Exists(below))

    return _scope(actor, qs, office_filter)


def _through_measure(actor, qs):
    return _scope(actor, qs, lambda: Q(Exists(_office_measures(actor).filter(pk=OuterRef("measure_id")))))


for _model in (ProgressUpdate, Evidence, Extension, MeasureReview, MeasureCoDepartment):
    register_visibility(_model)(_through_measure)


@register_visibility(RoundDocument)
@register_visibility(RoundNarrative)
def _round_documents(actor, qs):
    return qs if actor.has_role(*READ_ALL_ROLES) else qs.none()
