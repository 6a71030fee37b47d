"""The README's examples run, and its rule table lists exactly the registered rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from labelconfig.rules import RULES

README = Path(__file__).resolve().parents[1] / "README.md"
TEXT = README.read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", TEXT, re.S)


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_python_examples_run(block: str) -> None:
    exec(compile(block, str(README), "exec"), {})


def test_readme_has_examples() -> None:
    assert len(BLOCKS) >= 3


def test_rule_table_matches_registry() -> None:
    rows = re.findall(r"^\| (LC\d{3}) \| ([a-z-]+) \| (\w+) \|", TEXT, re.M)
    assert rows == [(r.code, r.name, str(r.severity)) for r in RULES]


def test_readme_starts_with_the_two_commands() -> None:
    first_block = re.search(r"```bash\n(.*?)```", TEXT, re.S)
    assert first_block is not None
    lines = first_block.group(1).strip().splitlines()
    assert lines[0].endswith("labelconfig check examples/")
    assert lines[1].endswith("pytest")


def test_benchmark_figures_are_stated_once() -> None:
    """The export figures live in the README only; bench/README.md explains the bench and points there
    (two copies drifted apart: 8.2 s in one, 1.48 s in the other for the same COCO run)."""
    bench = (README.parent / "bench" / "README.md").read_text(encoding="utf-8")
    # A table row naming a format in any cell (`| COCO | ...` or `| 10,000 | COCO | ...`).
    rows = re.compile(r"^\|(?:[^|\n]*\|)*? *(COCO|YOLO|CoNLL|CONLL)\b[^|\n]*\|", re.M | re.I)
    assert rows.search(README.read_text(encoding="utf-8"))
    assert not rows.search(bench)
    assert "README" in bench.split("bench_export.py`", 1)[1]
