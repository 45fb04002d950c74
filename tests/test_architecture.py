"""The architecture, checked: imports only go down the layers, no circles, no private names shared.

The layers, lowest first (a module may import modules of lower layers, and modules of its own
subpackage as long as that makes no circle). docs/design.md describes them.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "bargain"

LAYERS: list[set[str]] = [
    {"errors"},
    {"_checks", "_optional", "_text", "_files"},
    {"_registry", "_results"},
    {"model"},
    {"io", "frontier"},
    {"solutions"},
    {"games"},
    {"disagreement"},
    {"api"},
    {"protocols", "sweeps", "testing"},
    {"risk"},
    {"forecast"},
    {"plot"},
    {"cli"},
    {"__init__", "__main__"},
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        yield ".".join(("bargain", *parts)), path


def _unit(module: str) -> str:
    """The layer unit of a module: its top-level subpackage or module under ``bargain``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> Iterator[tuple[ast.ImportFrom | ast.Import, bool]]:
    """Every import of `path`, and whether it is at module level (not inside a function)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inner: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            inner |= {id(n) for n in ast.walk(node) if n is not node}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, id(node) not in inner


MODULES = dict(_modules())


def _targets(node: ast.ImportFrom | ast.Import) -> list[str]:
    """The bargain modules an import loads (``from bargain.cli import path``: the submodule)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.startswith("bargain")]
    if node.module and node.module.startswith("bargain"):
        subs = [f"{node.module}.{a.name}" for a in node.names]
        return [s for s in subs if s in MODULES] or [node.module]
    return []


def test_every_unit_has_a_layer() -> None:
    units = {_unit(m) for m in MODULES}
    assert units <= set(RANK), f"put {sorted(units - set(RANK))} in a layer of this test"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_only_go_down(module: str) -> None:
    mine = _unit(module)
    for node, top_level in _imports(MODULES[module]):
        for target in _targets(node):
            other = _unit(target)
            if other == mine:
                continue
            assert RANK[other] < RANK[mine] or (mine == "__init__" and target != module), (
                f"{module} imports {target}: layer {other} is not below {mine}"
            )
            if not top_level:
                # Deferred imports of bargain modules are for bargain.plot (matplotlib) only.
                assert target.startswith("bargain.plot"), f"{module} imports {target} in a function"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_private_name_crosses_modules(module: str) -> None:
    for node, _ in _imports(MODULES[module]):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("bargain"):
            private = [a.name for a in node.names if a.name.startswith("_")]
            assert not private, f"{module} imports {private} from {node.module}"


def test_no_module_level_circle() -> None:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for module, path in MODULES.items():
        for node, top_level in _imports(path):
            if top_level:
                graph[module] |= {t for t in _targets(node) if t in MODULES and t != module}
    state: dict[str, int] = {}

    def visit(m: str, trail: list[str]) -> None:
        state[m] = 1
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                pytest.fail("import circle: " + " -> ".join([*trail, m, n]))
            if n not in state:
                visit(n, [*trail, m])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [])


def test_the_engine_never_imports_the_test_oracles() -> None:
    users = [
        m
        for m, path in MODULES.items()
        for node, _ in _imports(path)
        if any(t == "bargain.testing" for t in _targets(node))
    ]
    assert users == []
