"""House style: interfaces call selectors and services, never the other way round."""

import ast
from pathlib import Path

import rectification

ROOT = Path(rectification.__file__).parent
INTERFACES = {"api", "management", "bench.py", "admin.py"}


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def test_core_modules_do_not_import_the_api():
    offenders = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in INTERFACES or "migrations" in relative.parts:
            continue
        offenders += [f"{relative}: {m}" for m in _imports(path) if m.startswith("rectification.api")]
    assert offenders == []
