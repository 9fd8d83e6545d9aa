"""What a round already holds, so that a ledger imported into it adds only the rows it lacks.

A row of the file is already present when it carries the key of one of the round's (not archived)
measures (the hidden 措施标识 of a fill-in sheet, ``rectification.ledger.fill.key``), or when the round
has such a measure with the same problem text and measure text, compared without spaces and after
NFKC; its problem, when the round has it, receives the file's new measures after its own; aspects
are the round's own when title and level match under the same parent.
"""

from dataclasses import dataclass, field

from rectification.ledger import columns as C
from rectification.ledger.fill.key import read_key
from rectification.ledger.names import normal
from rectification.models import Aspect, Measure, Problem


def text_key(text: str) -> str:
    return normal(text)


@dataclass
class RoundContents:
    measures: dict = field(default_factory=dict)  # (problem key, measure key) -> measure id
    ids: set = field(default_factory=set)  # the round's measure ids
    problems: dict = field(default_factory=dict)  # problem key -> Problem (the first by order)
    aspects: dict = field(default_factory=dict)  # (parent id, level, title key) -> Aspect
    measure_order: dict = field(default_factory=dict)  # problem id -> highest measure order
    aspect_order: dict = field(default_factory=dict)  # parent id -> highest aspect order
    problem_order: int = 0

    @classmethod
    def load(cls, round) -> "RoundContents":
        contents = cls()
        if round is None or round.pk is None:
            return contents
        problems = Problem.objects.filter(round=round, archived_at__isnull=True).order_by("order", "pk")
        for problem in problems:
            contents.problems.setdefault(text_key(problem.text), problem)
            contents.problem_order = max(contents.problem_order, problem.order)
        rows = Measure.objects.filter(
            problem__round=round, problem__archived_at__isnull=True, archived_at__isnull=True
        ).values_list("pk", "problem_id", "problem__text", "content", "order")
        for pk, problem_id, problem_text, content, order in rows.iterator():
            contents.measures.setdefault((text_key(problem_text), text_key(content)), pk)
            contents.ids.add(pk)
            contents.measure_order[problem_id] = max(contents.measure_order.get(problem_id, 0), order)
        aspects = Aspect.objects.filter(round=round, archived_at__isnull=True).order_by("order", "pk")
        for aspect in aspects:
            level = 2 if aspect.parent_id else 1
            contents.aspects.setdefault((aspect.parent_id, level, text_key(aspect.title)), aspect)
            contents.aspect_order[aspect.parent_id] = max(contents.aspect_order.get(aspect.parent_id, 0), aspect.order)
        return contents

    def present(self, parsed) -> dict:
        """id(RawMeasure) -> the id of the round's measure the row repeats."""
        found = {}
        for problem in parsed.problems:
            problem_key = text_key(problem.text)
            for raw in problem.measures:
                key = read_key(raw.cells.get(C.MEASURE_KEY))
                if key is not None and key.measure_id in self.ids:
                    found[id(raw)] = key.measure_id
                    continue
                measure_id = self.measures.get((problem_key, text_key(raw.text(C.MEASURE))))
                if measure_id is not None:
                    found[id(raw)] = measure_id
        return found

    def aspect(self, parent, raw):
        return self.aspects.get((parent.pk if parent else None, raw.level, text_key(raw.title)))

    def next_aspect_order(self, parent) -> int:
        key = parent.pk if parent else None
        self.aspect_order[key] = self.aspect_order.get(key, 0) + 1
        return self.aspect_order[key]

    def next_problem_order(self) -> int:
        self.problem_order += 1
        return self.problem_order

    def next_measure_order(self, problem) -> int:
        self.measure_order[problem.pk] = self.measure_order.get(problem.pk, 0) + 1
        return self.measure_order[problem.pk]
