"""The reminders modules import one way: the tasks on top, nothing importing back.

Every import is counted, those inside functions too: a deferred import that closes a
cycle is still a cycle, only hidden until the function runs.
"""

import ast
from pathlib import Path

import reminders

ROOT = Path(reminders.__file__).parent


def _module_name(path: Path) -> str:
    parts = ["reminders", *path.relative_to(ROOT).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _graph() -> dict[str, set[str]]:
    paths = {_module_name(p): p for p in ROOT.rglob("*.py") if "migrations" not in p.parts}
    graph = {}
    for name, path in paths.items():
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets.add(node.module)
                targets.update(f"{node.module}.{alias.name}" for alias in node.names)
        graph[name] = {t for t in targets if t in paths and t != name and t != "reminders"}
    return graph


def _cycle(graph):
    done, stack = set(), []

    def visit(node):
        if node in stack:
            return stack[stack.index(node) :] + [node]
        if node in done:
            return None
        stack.append(node)
        for target in sorted(graph[node]):
            found = visit(target)
            if found:
                return found
        stack.pop()
        done.add(node)
        return None

    for node in sorted(graph):
        found = visit(node)
        if found:
            return found
    return None


def test_no_reminders_module_imports_one_that_imports_it_back():
    assert _cycle(_graph()) is None


def test_nothing_imports_the_tasks():
    importers = sorted(name for name, targets in _graph().items() if "reminders.tasks" in targets)
    assert importers == []


def test_the_tasks_sit_on_the_scan_the_outbox_and_the_sweeper():
    assert {"reminders.scan", "reminders.delivery.outbox", "reminders.delivery.sweeper"} <= _graph()["reminders.tasks"]
    assert _graph()["reminders.delivery.sweeper"] >= {"reminders.catch_up", "reminders.delivery.outbox"}


def test_the_cycle_check_sees_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"a"}}) == ["a", "b", "a"]
