"""Import rules import-linter cannot state for submodules of external packages."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imports(package: str) -> set[str]:
    found: set[str] = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
    return found


def test_domain_imports_only_stdlib_pydantic_and_eventsourcing_domain() -> None:
    allowed_roots = set(sys.stdlib_module_names) | {"pydantic", "domain", "__future__"}
    offending = {
        name
        for name in _imports("domain")
        if name.split(".")[0] not in allowed_roots and name != "eventsourcing.domain"
    }
    assert offending == set()


def test_api_never_imports_the_postgres_module() -> None:
    assert not {n for n in _imports("api") if n.startswith(("eventsourcing.postgres", "psycopg"))}
