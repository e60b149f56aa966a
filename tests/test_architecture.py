"""The tree reads like the architecture: every module imports, no import cycle anywhere in pipeline/ and eval/
(imports inside functions count, and so do the stage registry's "module:Class" entries), no module of pipeline/
over 450 lines, and the stage registry stays lazy."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.stages import REGISTRY

REPO = Path(__file__).resolve().parent.parent
MAX_LINES = 450
#: Modules that act when imported: `python -m pipeline` runs the command line.
SCRIPTS = {"pipeline.__main__"}


def module_files() -> dict[str, Path]:
    files = {}
    for root in ("pipeline", "eval"):
        for path in sorted((REPO / root).rglob("*.py")):
            parts = path.relative_to(REPO).with_suffix("").parts
            files[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return files


MODULES = module_files()


def imported(name: str, path: Path) -> set[str]:
    """The modules of MODULES that `name` imports anywhere in its code, at the top or inside functions."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:  # `import a.b.c` of a name inside a module: that module
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    graph = {name: imported(name, path) for name, path in MODULES.items()}
    graph["pipeline.stages"] |= {entry.partition(":")[0] for entry in REGISTRY.values()}  # imported by name
    return graph


@pytest.mark.parametrize("name", sorted(set(MODULES) - SCRIPTS))
def test_every_module_imports(name, monkeypatch):
    monkeypatch.syspath_prepend(str(REPO))  # eval/ is a folder of scripts run from the checkout
    importlib.import_module(name)


def test_no_import_cycles():
    graph = import_graph()
    cycles = [cycle_through(component, graph) for component in strongly_connected(graph)
              if len(component) > 1]
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components: the modules of each import cycle, found once each."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    components = []

    def visit(name: str) -> None:
        index[name] = low[name] = len(index)
        stack.append(name)
        for target in sorted(graph[name]):
            if target not in index:
                visit(target)
                low[name] = min(low[name], low[target])
            elif target in stack:
                low[name] = min(low[name], index[target])
        if low[name] == index[name]:
            component = []
            while not component or component[-1] != name:
                component.append(stack.pop())
            components.append(sorted(component))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return components


def cycle_through(component: list[str], graph: dict[str, set[str]]) -> str:
    """One shortest cycle from the first module of a component back to it, as `a -> b -> a`."""
    start, members = component[0], set(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        name = queue.pop(0)
        for target in sorted(graph[name] & members):
            if target == start:
                return " -> ".join([*paths[name], start]) + f" ({len(component)} modules in this cycle)"
            if target not in paths:
                paths[target] = [*paths[name], target]
                queue.append(target)
    raise AssertionError(f"{component} is not a cycle")


def test_no_module_of_the_package_is_over_450_lines():
    sizes = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in MODULES.items()
             if name.startswith("pipeline")}
    assert {name: lines for name, lines in sizes.items() if lines > MAX_LINES} == {}


def test_the_stage_registry_imports_no_stage_and_no_model_library():
    code = ("import sys, pipeline.stages; "
            "print(sorted(m for m in sys.modules if m.startswith(('torch', 'transformers', 'pipeline.stages.'))))")
    loaded = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert loaded.strip() == "['pipeline.stages.base']"
