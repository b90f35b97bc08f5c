"""The package's layers: lower layers never import upper ones, and no module imports itself
back through another (no import cycles)."""

from __future__ import annotations

import ast
from pathlib import Path

import hedgesim

ROOT = Path(hedgesim.__file__).parent
# Each layer may import the layers listed before it and itself.
LAYERS = ["game", "config", "analysis", "top", "app", "cli"]
TOP = {"runs", "plots", "__init__"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(("hedgesim",) + parts).removesuffix(".__init__")


def layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in TOP:
        return "top"
    if parts[1] in ("cli", "__main__"):
        return "cli"
    return parts[1]


def imports(path: Path, module: str) -> set[str]:
    """hedgesim modules imported by a file (at any depth, lazy imports included)."""
    found = set()
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("hedgesim")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            if base.startswith("hedgesim"):
                for alias in node.names:
                    candidate = f"{base}.{alias.name}"
                    found.add(candidate if (ROOT.parent / (candidate.replace(".", "/") + ".py")).exists()
                              or (ROOT.parent / candidate.replace(".", "/")).is_dir() else base)
    return found


GRAPH = {module_name(p): imports(p, module_name(p)) for p in ROOT.rglob("*.py")}


def test_lower_layers_never_import_upper_ones():
    bad = []
    for module, targets in GRAPH.items():
        if module == "hedgesim":
            continue  # the package's front door re-exports the game
        for target in targets:
            if target == "hedgesim":
                continue
            if LAYERS.index(layer(target)) > LAYERS.index(layer(module)):
                bad.append(f"{module} -> {target}")
    assert not bad, "imports from a higher layer: " + ", ".join(sorted(bad))


def test_no_import_cycles():
    graph = {m: {t for t in ts if t in GRAPH and t != m and not m.startswith(t + ".")}
             for m, ts in GRAPH.items()}
    seen, stack, cycles = set(), [], []

    def visit(node):
        if node in stack:
            cycles.append(stack[stack.index(node):] + [node])
            return
        if node in seen:
            return
        seen.add(node)
        stack.append(node)
        for nxt in graph[node]:
            visit(nxt)
        stack.pop()

    for node in sorted(graph):
        visit(node)
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)
