"""The words of an export mapped to the system's: 诉求类型 → 问题类别, 满意度 → Satisfaction,
被投诉对象 → a department or person of ours.

A word is taken when the source's ``value_map`` decides it, or when it is the system's own word
(a category's name, a satisfaction label, a department's name or alias, a person's unique
name). Any other word is *unmapped*: listed for a decision and the file is refused — never
guessed. A subject word may be decided as ``NO_SUBJECT`` (none of ours; the text stays in the
content).
"""

from collections import defaultdict

from organization.models import Department, DepartmentAlias, Person
from petitions.hotline import fields as F
from petitions.models import Category, Satisfaction

DEPARTMENT = "department"
PERSON = "person"


class Vocabulary:
    def __init__(self, value_map: dict):
        value_map = value_map or {}
        categories = {c.name: c for c in Category.objects.filter(is_active=True)}
        self.categories = dict(categories)
        self.category_words = {
            w: categories[name] for w, name in (value_map.get(F.CATEGORY) or {}).items() if name in categories
        }
        self.satisfaction_words = {label: value for value, label in Satisfaction.choices}
        valid = set(Satisfaction.values)
        self.satisfaction_words |= {w: v for w, v in (value_map.get(F.SATISFACTION) or {}).items() if v in valid}
        self.subject_words = dict(value_map.get(F.SUBJECT) or {})
        self._departments = {d.name: d.pk for d in Department.objects.only("pk", "name")}
        self._departments |= dict(DepartmentAlias.objects.values_list("alias", "department_id"))
        by_name = defaultdict(list)
        for pk, name in Person.objects.values_list("pk", "name"):
            by_name[name].append(pk)
        self._persons = {name: pks[0] for name, pks in by_name.items() if len(pks) == 1}
        self.unmapped: dict[str, dict[str, int]] = {f: {} for f in F.MAPPED}

    def _miss(self, field, word):
        counts = self.unmapped[field]
        counts[word] = counts.get(word, 0) + 1

    def category(self, word):
        found = self.category_words.get(word) or self.categories.get(word)
        if found is None:
            self._miss(F.CATEGORY, word)
        return found

    def satisfaction(self, word) -> str | None:
        found = self.satisfaction_words.get(word)
        if found is None:
            self._miss(F.SATISFACTION, word)
        return found

    def subject(self, word) -> tuple[str, int] | None | bool:
        """(DEPARTMENT|PERSON, pk); None for a word decided as none of ours; False when unmapped."""
        decided = self.subject_words.get(word)
        if decided == F.NO_SUBJECT:
            return None
        if decided:
            kind, _, pk = str(decided).partition(":")
            if kind in (DEPARTMENT, PERSON) and pk.isdigit():
                return kind, int(pk)
        if word in self._departments:
            return DEPARTMENT, self._departments[word]
        if word in self._persons:
            return PERSON, self._persons[word]
        self._miss(F.SUBJECT, word)
        return False

    def unmapped_words(self) -> dict[str, dict[str, int]]:
        return {field: dict(sorted(words.items())) for field, words in self.unmapped.items() if words}
