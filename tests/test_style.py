"""The code base stays ruff-clean: part of the test command, so CI enforces it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TARGETS = [str(ROOT / p) for p in ("labelconfig", "tests", "bench", "scripts") if (ROOT / p).exists()]


def _ruff() -> list[str]:
    exe = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(exe).exists():
        pytest.fail("ruff is not installed; `pip install -e '.[test]'` installs it")
    return [exe]


def test_ruff_check() -> None:
    result = subprocess.run([*_ruff(), "check", *TARGETS], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    result = subprocess.run(
        [*_ruff(), "format", "--check", *TARGETS], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_no_error_in_the_package() -> None:
    # A `type: ignore` that silences nothing is an error too: stale ones hide what the code really is.
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--warn-unused-ignores", "labelconfig"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
