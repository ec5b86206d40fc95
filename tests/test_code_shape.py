"""The shape of the code: no module of jixiao uses another module's private (underscore) names.

A private name is one with a single leading underscore (``_total_line``, not ``__all__``). Importing it
(``from jixiao.rules.score_self import _run``) or reaching it through an imported module
(``self_rules._share_of``) ties a module to another's insides; a shared helper gets a public name.
Aliasing a public name as private (``from jixiao.report.common import money as _money``) is fine, and so
is a named tuple's public API (``Source._fields``, ``_replace``).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "jixiao"
NAMED_TUPLE_API = {"_fields", "_field_defaults", "_replace", "_asdict", "_make"}


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name not in NAMED_TUPLE_API


def _module_of(path: Path, package: Path) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _dotted(node: ast.expr) -> list[str] | None:
    names = []
    while isinstance(node, ast.Attribute):
        names.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return [node.id, *reversed(names)]


def private_uses(path: Path, package: Path = PACKAGE) -> list[str]:
    """``path:line: what`` for every use of another jixiao module's private name in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    module = _module_of(path, package)
    is_package = path.name == "__init__.py"
    imported: set[str] = set()  # local names bound to jixiao modules or their members
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = _absolute(node, module, is_package)
            if source.split(".")[0] != "jixiao":
                continue
            for alias in node.names:
                if _private(alias.name) and source != module:
                    found.append(f"{path}:{node.lineno}: from {source} import {alias.name}")
                imported.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "jixiao":
                    imported.add(alias.asname or alias.name.split(".")[0])
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            chain = _dotted(node)
            if chain is not None and chain[0] in imported:
                found.append(f"{path}:{node.lineno}: {'.'.join(chain)}")
    return found


def test_no_module_uses_another_modules_private_names():
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 100
    offences = [line for path in files for line in private_uses(path)]
    assert offences == []


def test_the_check_sees_imports_and_attributes(tmp_path):
    package = tmp_path / "jixiao"
    (package / "rules").mkdir(parents=True)
    code = (
        "from jixiao.rules.score_self import _run, total_line\n"
        "from jixiao.rules import self_rules\n"
        "from . import _own\n"
        "from .batch import _helper\n"
        "from jixiao.report.common import money as _money\n"
        "from collections import _private_of_the_stdlib\n"
        "x = self_rules._share_of(1)\n"
        "y = self_rules.__name__\n"
        "z = jixiao.model.source.Source._fields\n"
    )
    (package / "rules" / "batch.py").write_text(code, encoding="utf-8")
    found = private_uses(package / "rules" / "batch.py", package)
    assert [f.split(": ", 1)[1] for f in found] == [
        "from jixiao.rules.score_self import _run",
        "from jixiao.rules import _own",
        "self_rules._share_of",
    ]
