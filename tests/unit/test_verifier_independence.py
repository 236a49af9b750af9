"""The verifier shares no code with the writer beyond the hash functions and the head format."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# What the checks may use: hashing, the signed form of a head, the proof checks, the
# checkpoint file format, settings and table names. Never the writer's tree, store or key.
ALLOWED = {
    "services.transparency.hashing",
    "services.transparency.heads",
    "services.transparency.proofs",
    "services.transparency.export",
    "services.transparency.audit",
    "services.settings",
    "services.append_only",
}


def _own_imports(module: str) -> set[str]:
    path = ROOT / (module.replace(".", "/") + ".py")
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {
        name for name in found if name.split(".")[0] in {"domain", "services", "projections", "api"}
    }


def test_the_verifier_and_the_proof_checks_import_nothing_of_the_writer() -> None:
    for module in (
        "services.transparency.audit",
        "services.transparency.snapshot",
        "services.transparency.proofs",
    ):
        assert _own_imports(module) <= ALLOWED, module


def test_the_proof_checks_need_only_the_standard_library_and_cryptography() -> None:
    imports = _own_imports("services.transparency.proofs")
    assert imports <= {"services.transparency.hashing", "services.transparency.heads"}
    path = ROOT / "services/transparency/proofs.py"
    third_party = {
        (n.module or "").split(".")[0]
        for n in ast.walk(ast.parse(path.read_text()))
        if isinstance(n, ast.ImportFrom) and n.level == 0
    } - {"__future__", "collections", "dataclasses", "typing", "uuid", "services"}
    assert third_party == {"cryptography"}
