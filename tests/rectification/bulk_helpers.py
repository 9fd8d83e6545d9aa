"""Measures brought to 申请销号 the way an office does it (progress, then the request)."""

from rectification import services
from tests.rectification.factories import MeasureFactory


def submitted_measures(office, department, count, **kwargs):
    measures = []
    for n in range(count):
        measure = MeasureFactory(lead_department=department, content=f"待销号措施{n + 1}：完善学习制度", **kwargs)
        services.progress_add(user=office, measure=measure, text="已修订制度并印发")
        measure.refresh_from_db()
        services.measure_submit(user=office, measure=measure)
        measure.refresh_from_db()
        measures.append(measure)
    return measures
