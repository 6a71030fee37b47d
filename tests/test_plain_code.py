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


def test_no_generated_loops() -> None:
    """The payload shortcut's record loop is plain Python calling the complete checker's `RegionIds` and
    `unanswered` (an `exec`-generated copy of those checks gained ~1 µs a record, which no target
    needed: bench/bench_payloads.py)."""
    calls = [
        f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
        for path in PACKAGE.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "exec"
    ]
    assert calls == []
    from labelconfig.payloads import fast, results

    assert fast.RegionIds is results.RegionIds and fast.unanswered is results.unanswered


def test_the_shortcut_refuses_what_the_shared_predicates_refuse() -> None:
    import labelconfig
    from labelconfig.payloads.fast import FastPath
    from labelconfig.payloads.model import ResultModel

    cfg = labelconfig.parse(
        '<View><Text name="t" value="$t"/><Labels name="l" toName="t"><Label value="A"/></Labels>'
        '<Choices name="c" toName="t" required="true"><Choice value="Y"/></Choices></View>'
    )
    span = {
        "from_name": "l",
        "to_name": "t",
        "type": "labels",
        "value": {"start": 0, "end": 1, "labels": ["A"]},
    }
    choice = {"from_name": "c", "to_name": "t", "type": "choices", "value": {"choices": ["Y"]}}
    shortcut = FastPath(cfg, ResultModel(cfg), "annotations")
    cases = [
        ([{**span, "id": "a"}, {**span, "id": "b"}, choice], True, []),
        ([{**span, "id": "a"}, {**span, "id": "a"}, choice], False, ["LC816"]),
        ([{**span, "id": "a"}, {**span, "id": 7}, {**span, "id": "7"}, choice], False, ["LC816"]),
        ([{**span, "id": "a"}], False, ["LC819"]),
    ]
    for result, accepted, found in cases:
        assert shortcut.accepts_object({"result": result}) is accepted
        assert [d.code for d in cfg.check_annotation({"result": result})] == found
    cancelled = {"result": [{**span, "id": "a"}], "was_cancelled": True}
    assert shortcut.accepts_object(cancelled) and cfg.check_annotation(cancelled) == []
