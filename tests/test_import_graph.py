"""The import graph of jixiao/, read with ast: no cycles in the core, and every import points down.

Layers, lowest first; a module may import its own package and the packages of lower layers,
never a package of its own layer or of a higher one:

0. ``numbers`` — printing and rounding numbers; imports nothing of jixiao.
1. ``model`` — the records; imports nothing of jixiao but ``model`` and ``numbers``.
2. ``findings`` (the catalogue), ``grammar`` (target values), ``serialize`` (model → JSON),
   ``xlsx_layout`` (the Excel templates' fixed layout, shared
   by the reader and the writer) — small modules over the model.
3. ``ingest`` (reading files), ``rules`` (scoring rules), ``export`` (writing templates):
   side by side, none imports another (reading never imports writing).
4. ``checks`` — findings on read documents, by the rules.
5. ``monitor`` — the monitoring of target tables (reads, writes templates, applies rules).
6. ``report`` — reports, rendered from the checks and the monitoring.
7. ``web`` (Django, with its store) — the web application.
8. ``cli`` — the command line (``jixiao serve`` starts the web application).
9. ``__main__`` — ``python -m jixiao``.

Every import counts, also one inside a function: a lazy import is still a dependency.
The cycle check covers the core, i.e. everything but ``jixiao.web`` (Django's apps may import
each other); imports only for type checkers (``if TYPE_CHECKING:``) create no cycle at run
time and are left out of it, not out of the layers.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "jixiao"
LAYERS: tuple[tuple[str, ...], ...] = (
    ("numbers",),  # how numbers are printed and rounded: the one home of that fact, below everything
    ("model",),
    ("findings", "grammar", "serialize", "xlsx_layout"),
    ("ingest", "rules", "export"),
    ("checks",),
    ("monitor",),
    ("report",),
    ("web",),
    ("cli",),
    ("__main__",),
)
RANK = {name: n for n, layer in enumerate(LAYERS) for name in layer}


def _modules() -> dict[str, Path]:
    out = {}
    for path in ROOT.rglob("*.py"):
        parts = ["jixiao", *path.relative_to(ROOT).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _type_checking_only(tree: ast.AST) -> set[int]:
    """The ids of import nodes under ``if TYPE_CHECKING:``."""
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            ids.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    return ids


def _graph(*, typing_too: bool) -> dict[str, set[str]]:
    """module → the jixiao modules it imports (``from pkg import name`` counts as importing
    the submodule ``pkg.name`` when there is one, else ``pkg``)."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = set() if typing_too else _type_checking_only(tree)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets = set()
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names if a.name.split(".")[0] == "jixiao")
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*up, base] if base else up)
                if base.split(".")[0] != "jixiao":
                    continue
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    targets.add(sub if sub in modules else base)
        graph[name] = {t for t in targets if t != name}
    return graph


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "jixiao"


def test_every_package_has_a_layer():
    packages = {_package(m) for m in _modules()} - {"jixiao"}
    assert packages <= set(RANK), f"put these in LAYERS: {sorted(packages - set(RANK))}"


def test_imports_point_down_the_layers():
    wrong = []
    for module, targets in sorted(_graph(typing_too=True).items()):
        source = _package(module)
        if source == "jixiao":
            continue
        for target in sorted(targets):
            dest = _package(target)
            if dest == source or dest == "jixiao":
                continue
            if RANK.get(dest, len(LAYERS)) >= RANK.get(source, len(LAYERS)):
                wrong.append(f"{module} → {target}")
    assert not wrong, "imports that do not point down the layers:\n" + "\n".join(wrong)


def test_model_imports_only_the_model_and_numbers():
    graph = _graph(typing_too=True)
    allowed = {"model", "numbers"}
    wrong = [f"{m} → {t}" for m, ts in graph.items() if _package(m) == "model" for t in ts if _package(t) not in allowed]
    assert not wrong
    assert not [t for t in graph.get("jixiao.numbers", ()) if t.startswith("jixiao")]  # numbers imports nothing


def test_no_import_cycles_in_the_core():
    graph = {m: ts for m, ts in _graph(typing_too=False).items() if _package(m) != "web"}
    cycles = _cycles(graph)
    assert not cycles, "import cycles:\n" + "\n".join(" → ".join(c) for c in cycles)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_checker_sees_a_cycle_and_an_upward_import():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert RANK["model"] < RANK["ingest"] < RANK["checks"] < RANK["report"] < RANK["web"]
