"""What the names and numbers of a file refer to, looked up once for the whole file (a fixed
number of queries, whatever the rows): 问题类别, departments and people by exact name, the
numbers already taken and each year's last number.

Nothing is created: a name with no record is a row error naming its column.
"""

from collections import defaultdict

from django.utils import timezone

from organization.models import Department, Person
from petitions.models import Category, NumberCounter, Petition
from petitions.past_import import cells
from petitions.past_import import columns as C

DEPARTMENT_COLUMNS = (C.SUBJECT_DEPARTMENT, C.TRANSFER_DEPARTMENT, C.OUTCOME_DEPARTMENTS)
PERSON_COLUMNS = (C.SUBJECT_PERSON, C.OUTCOME_PEOPLE)


class Directory:
    def __init__(self, raw_rows, numbers):
        department_names, person_names, category_names = set(), set(), set()
        for raw in raw_rows:
            for column in DEPARTMENT_COLUMNS:
                department_names.update(cells.names(raw.cells.get(column)))
            for column in PERSON_COLUMNS:
                person_names.update(cells.names(raw.cells.get(column)))
            category_names.add(cells.text(raw.cells.get(C.CATEGORY)))
        self.categories = {c.name: c for c in Category.objects.filter(name__in=category_names)}
        self.departments = {d.name: d for d in Department.objects.filter(name__in=department_names)}
        self.people = defaultdict(list)
        for person in Person.objects.filter(name__in=person_names).order_by("pk"):
            self.people[person.name].append(person)
        # number -> its petition's local received date (a re-import of the same row is recognised by both)
        self.taken = {
            number: timezone.localdate(received)
            for number, received in Petition.objects.filter(number__in=numbers).values_list("number", "received_at")
        }
        years = {year for year, _ in numbers.values()}
        self.last = dict(
            NumberCounter.objects.filter(series=NumberCounter.Series.PETITION, year__in=years).values_list(
                "year", "last"
            )
        )

    def category(self, name):
        if name not in self.categories:
            raise cells.CellError(f"问题类别“{name}”不存在（请先在管理后台添加，或改为已有类别）")
        category = self.categories[name]
        if not category.is_active:
            raise cells.CellError(f"问题类别“{name}”已停用")
        return category

    def department(self, name):
        if name not in self.departments:
            raise cells.CellError(f"部门“{name}”不存在（名称须与系统中的部门完全一致）")
        return self.departments[name]

    def person(self, name):
        found = self.people.get(name, [])
        if not found:
            raise cells.CellError(f"人员“{name}”不存在（姓名须与系统中的人员完全一致）")
        if len(found) > 1:
            raise cells.CellError(f"系统中有 {len(found)} 名“{name}”，无法确定是哪一位")
        return found[0]
