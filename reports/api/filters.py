import datetime as dt

import django_filters

from reports.models import Activity, ActivityKind, AnnualReport, RiskCategory, RiskPoint


def _year(queryset, name, value):
    return queryset.filter(date__gte=dt.date(int(value), 1, 1), date__lt=dt.date(int(value) + 1, 1, 1))


class ActivityFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(method=_year, label="年度", min_value=1900, max_value=9999)
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="日期起")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label="日期止")
    kind = django_filters.ModelChoiceFilter(queryset=ActivityKind.objects.all(), label="类型")
    kind_code = django_filters.CharFilter(field_name="kind__code", label="类型代码")
    title = django_filters.CharFilter(lookup_expr="icontains", label="标题包含")

    class Meta:
        model = Activity
        fields = ["year", "date_from", "date_to", "kind", "kind_code", "department", "is_seminar", "title"]


class RiskPointFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(method=_year, label="年度", min_value=1900, max_value=9999)
    category = django_filters.ModelChoiceFilter(queryset=RiskCategory.objects.all(), label="工作类别")

    class Meta:
        model = RiskPoint
        fields = ["year", "category", "department"]


class ReportFilter(django_filters.FilterSet):
    class Meta:
        model = AnnualReport
        fields = ["year", "status"]
