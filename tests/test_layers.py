"""Imports flow one way, from the declarations through the four stages to the front ends, with no
cycles, lazy imports inside functions included (imports under `TYPE_CHECKING` are not run). Every
module and package has its rank, front ends included: a new one is placed here deliberately.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "labelconfig"

# Lowest first. A module may import its own rank or lower. Declarations that everything reads (the
# tag registry, the rule declarations of the parser and of the payload checks, positions,
# diagnostics) sit at the bottom; the report formats only format diagnostics (the front end hands
# them the rule table). `__init__` is the package root: the public surface re-exports from below it,
# and nothing inside the package imports it.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset(
        {
            "source",
            "suggest",
            "diagnostics",
            "tags",
            "syntax",
            "payloads.codes",
            "backend.codes",
            "report._safe",
            "version",
        }
    ),
    frozenset({"nodes", "report"}),
    frozenset({"parse"}),
    frozenset({"bind", "inputs"}),
    frozenset({"rules"}),
    frozenset({"view", "check"}),
    frozenset({"payloads"}),
    # The public Config (the typed view plus payload checks); `payloads.api` re-exports it.
    frozenset({"config", "payloads.api"}),
    # Shared by the front ends below the package root.
    frozenset({"measure", "fmt", "diff", "xsd", "payload_schemas", "builder", "settings", "reformat"}),
    frozenset({"render", "quality", "backend"}),
    frozenset({"export", "imports", "migrate"}),
    frozenset({"__init__", "generate", "commands", "migrate_command", "distributed"}),
    # The export and import commands: export sends work to Dask (`--scheduler`), which runs the
    # export's own writers, and import shares its options.
    frozenset({"cli", "lsp", "export.cli", "imports.cli"}),
)
TOP = len(LAYERS)


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _rank(module: str) -> int:
    inner = module.split(".", 1)[1] if "." in module else "__init__"
    for rank, names in enumerate(LAYERS):
        if inner in names or (inner.split(".", 1)[0] in names and inner not in _PINNED):
            return rank
    return TOP


_PINNED = {name for names in LAYERS for name in names if "." in name}


def _runtime_imports(path: Path) -> set[str]:
    """Modules of the package that `path` imports when it runs (lazy imports too)."""
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for n in ast.walk(node)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped or not isinstance(node, ast.ImportFrom | ast.Import):
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("labelconfig")}
            continue
        if node.level:
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            target = ".".join([*base, node.module] if node.module else base)
        elif node.module and node.module.startswith("labelconfig"):
            target = node.module
        else:
            continue
        submodules = {f"{target}.{a.name}" for a in node.names if _exists(f"{target}.{a.name}")}
        # `from . import x` imports submodule x; the package itself is already being imported
        found |= submodules if len(submodules) == len(node.names) else {target, *submodules}
    return {t for t in found if _exists(t) and t != module}


def _exists(module: str) -> bool:
    path = PACKAGE.parent.joinpath(*module.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


GRAPH = {_module(p): _runtime_imports(p) for p in PACKAGE.rglob("*.py")}


def test_imports_flow_one_way() -> None:
    upward = [
        f"{m} (layer {_rank(m)}) imports {t} (layer {_rank(t)})"
        for m, targets in sorted(GRAPH.items())
        for t in sorted(targets)
        if _rank(t) > _rank(m) and not t.startswith(m + ".")  # a package may import its own modules
    ]
    assert upward == []


def test_no_import_cycles() -> None:
    # A package's __init__ importing its own submodules is not a cycle of the design; leave those out.
    edges = {m: {t for t in ts if not t.startswith(m + ".")} for m, ts in GRAPH.items()}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_the_layers_are_real() -> None:
    """The table names modules that exist, and each layer is used."""
    modules = set(GRAPH) | {"labelconfig.__init__"}
    for names in LAYERS:
        assert all(
            any(m == f"labelconfig.{n}" or m.startswith(f"labelconfig.{n}.") for m in modules) for n in names
        )


def test_every_module_has_a_rank() -> None:
    """Front ends too: a module left out would rank above everything and could import anything."""
    assert sorted(m for m in GRAPH if _rank(m) == TOP) == []
