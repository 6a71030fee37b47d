"""Cleverness only where a benchmark pays for it (STYLE.md, "Plain before clever")."""

from __future__ import annotations

import ast
import importlib
import sys
import types
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "labelconfig"


def test_no_module_swaps_its_class() -> None:
    """`labelconfig.export` is a plain package; the export is the function `labelconfig.export.export`."""
    import labelconfig

    assert type(labelconfig.export) is types.ModuleType
    assert labelconfig.export.export is importlib.import_module("labelconfig.export").export
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        swaps = [
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Attribute) and t.attr == "__class__" for t in node.targets)
        ]
        assert swaps == [], f"{path.relative_to(PACKAGE.parent)} assigns __class__ at lines {swaps}"
    assert all(type(m) is types.ModuleType for n, m in sys.modules.items() if n.startswith("labelconfig"))
