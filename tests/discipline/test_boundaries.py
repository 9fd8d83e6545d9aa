"""Import seams of the discipline app: what it may reach of other apps, and what the web may
reach of it. Read from the source (ast), so a lazy import inside a function counts too."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, ``from a import b`` counted as both ``a`` and ``a.b``."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def discipline_modules():
    return sorted(p for p in (ROOT / "discipline").rglob("*.py") if "migrations" not in p.parts)


def _imports_under(path, package):
    return sorted(m for m in imported_modules(path) if m == package or m.startswith(f"{package}."))


def test_the_checker_sees_lazy_imports(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from petitions import models\n", encoding="utf-8")
    assert _imports_under(module, "petitions.models") == ["petitions.models"]


@pytest.mark.parametrize("path", discipline_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_discipline_imports_no_petitions_model(path):
    # the source petition is reached through Clue.source_petition (or a petitions selector)
    assert _imports_under(path, "petitions.models") == []


@pytest.mark.parametrize(
    "path",
    [p for p in discipline_modules() if {"services", "selectors"} & set(p.parts)]
    + [ROOT / "discipline" / "filters.py", ROOT / "discipline" / "permissions.py"],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_services_selectors_and_filters_never_import_the_api(path):
    assert _imports_under(path, "discipline.api") == []


@pytest.mark.parametrize("name", ["web/views/discipline.py", "web/forms/discipline.py"])
def test_the_web_pages_import_no_discipline_api_module(name):
    assert _imports_under(ROOT / name, "discipline.api") == []
