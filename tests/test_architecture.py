"""Which module may import which, for the whole repository, from one table (house style: apps in
layers, interfaces call selectors and services, never the other way round; no import cycles).

Every ``.py`` outside ``.venv`` and migrations is parsed with ``ast``; every import counts, the
ones inside functions too (a late import is still a dependency, only a hidden one). Violations
that exist today are listed in KNOWN: the test fails on any other, and on a KNOWN entry that no
longer occurs — delete it then, so the list only ever shrinks.
"""

import ast
import fnmatch
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP_DIRS = {".venv", "migrations", "node_modules", "staticfiles", "data", "__pycache__"}

DOMAINS = ("rectification", "petitions", "discipline")
ABOVE_THE_BASE = (*DOMAINS, "reminders", "reports", "web")
NOT_APPS = ("config", "tests", "manage", "web")
# An app's modules that are its interfaces (second name component): they may call its API.
INTERFACES = {"api", "management", "admin", "urls", "tasks", "jobs"}
# Seeds and benchmarks are no interfaces; these measure the API on purpose (bench: list endpoints).
ALLOWED_API_IMPORTS = {
    ("discipline.bench", "discipline.api.serializers.clues"),
    ("petitions.bench", "petitions.api.serializers"),
    ("rectification.bench", "rectification.api.views"),
}


def within(module: str, *patterns: str) -> bool:
    """``petitions`` matches petitions and petitions.*; ``*.api`` any app's api and below."""
    return any(fnmatch.fnmatchcase(module, p) or fnmatch.fnmatchcase(module, p + ".*") for p in patterns)


def is_interface(module: str) -> bool:
    parts = module.split(".")
    return len(parts) > 1 and parts[1] in INTERFACES


@dataclass(frozen=True)
class Rule:
    name: str
    importers: Callable[[str], bool]
    forbidden: tuple[str, ...]
    why: str


RULES = (
    Rule("base", lambda m: within(m, "core"), ("organization", "deadlines", *ABOVE_THE_BASE), "core is the base layer"),
    Rule("base", lambda m: within(m, "organization"), ABOVE_THE_BASE, "organization sits under the apps"),
    Rule("base", lambda m: within(m, "deadlines"), ABOVE_THE_BASE, "deadlines sits under the apps"),
    Rule("domain", lambda m: within(m, "rectification"), ("petitions", "discipline"), "rectification stands alone"),
    Rule("domain", lambda m: within(m, "petitions"), ("discipline",), "discipline builds on petitions"),
    Rule(
        "domain",
        lambda m: within(m, "discipline"),
        ("petitions.models",),
        "discipline reaches petitions through their relation or petitions.selectors",
    ),
    Rule("domain", lambda m: within(m, *DOMAINS), ("reports",), "reports read the domains, not the reverse"),
    Rule("web", lambda m: not within(m, "web", "config", "tests"), ("web",), "only the URL conf mounts the pages"),
    Rule("web", lambda m: within(m, "web"), ("*.api",), "pages call selectors and services, not the API"),
    Rule(
        "api",
        lambda m: not within(m, *NOT_APPS) and not is_interface(m),
        ("*.api",),
        "selectors, services and models never import an API; interfaces call them",
    ),
)

# Present when this test was written; the apps' refactors (issue 13) remove them. Delete an
# entry when it no longer occurs (the test says which); never add one to let new code pass.
KNOWN: set[str] = set()  # every violation found when this test was written is fixed


def python_files(root: Path = ROOT):
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if not any(part in SKIP_DIRS or part.startswith(".") for part in relative.parts[:-1]):
            yield relative


def module_name(relative: Path) -> tuple[str, bool]:
    parts = list(relative.with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    return ".".join(parts[:-1] if is_package else parts), is_package


def imported_names(source: str, module: str, is_package: bool):
    """Every module name an import statement anywhere in ``source`` names (relative ones made absolute)."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, ()
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                name = f"{base}.{node.module}" if node.module else base
            else:
                name = node.module or ""
            yield name, tuple(alias.name for alias in node.names)


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """module → the first-party modules it imports (``from pkg import sub`` counts as pkg.sub)."""
    sources = {}
    for relative in python_files(root):
        module, is_package = module_name(relative)
        sources[module] = ((root / relative).read_text(encoding="utf-8"), is_package)

    def known(name):
        while name and name not in sources:
            name = name.rpartition(".")[0]
        return name

    graph = {}
    for module, (source, is_package) in sources.items():
        targets = set()
        for name, members in imported_names(source, module, is_package):
            submodules = {f"{name}.{m}" for m in members if f"{name}.{m}" in sources}
            targets |= submodules
            if len(submodules) < len(members) or not members:
                targets.add(known(name))
        targets.discard("")
        targets.discard(module)
        graph[module] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def reexport_only(component: list[str]) -> bool:
    """A package whose __init__ re-exports its own submodules, which import the package back."""
    return any(all(m == package or m.startswith(package + ".") for m in component) for package in component)


def violations(graph: dict[str, set[str]]) -> set[str]:
    found = set()
    for module, targets in graph.items():
        for rule in RULES:
            if not rule.importers(module):
                continue
            for target in targets:
                if within(target, *rule.forbidden) and (module, target) not in ALLOWED_API_IMPORTS:
                    found.add(f"{rule.name}: {module} -> {target}")
    found |= {f"cycle: {', '.join(c)}" for c in cycles(graph) if not reexport_only(c)}
    return found


def test_imports_follow_the_layers_and_form_no_cycle():
    found = violations(import_graph())
    new, gone = sorted(found - KNOWN), sorted(KNOWN - found)
    message = []
    if new:
        rules = sorted({f"{r.name}: not {', '.join(r.forbidden)} — {r.why}" for r in RULES})
        message.append("new violations:\n  " + "\n  ".join(new) + "\nthe rules:\n  " + "\n  ".join(rules))
    if gone:
        message.append("fixed — delete from KNOWN:\n  " + "\n  ".join(gone))
    assert not message, "\n".join(message)


def test_the_parser_sees_relative_and_function_level_imports(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("from app import models  # re-export\n")
    (tmp_path / "app" / "models.py").write_text("def f():\n    from .api import views\n")
    (tmp_path / "app" / "api").mkdir()
    (tmp_path / "app" / "api" / "__init__.py").write_text("")
    (tmp_path / "app" / "api" / "views.py").write_text("import app.models\n")
    graph = import_graph(tmp_path)
    assert graph["app.models"] == {"app.api.views"}
    assert graph["app"] == {"app.models"}
    assert cycles(graph) == [["app.api.views", "app.models"]]
    assert violations(graph) == {"api: app.models -> app.api.views", "cycle: app.api.views, app.models"}
    assert reexport_only(["app", "app.models"]) and not reexport_only(["app.models", "other"])
