"""The form reproducers of tests/fixtures/forms/: each a config with its task, opened in the browser."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from render_support import codes

import labelconfig
from labelconfig.render import render_html

FORMS = Path(__file__).parent / "fixtures" / "forms"


def load(name: str) -> tuple[labelconfig.Config, dict[str, Any]]:
    """The config and task of one reproducer."""
    folder = FORMS / name
    cfg = labelconfig.parse((folder / "config.xml").read_text(encoding="utf-8"))
    return cfg, json.loads((folder / "task.json").read_text(encoding="utf-8"))


def open_form(page: Any, name: str) -> tuple[Any, labelconfig.Config, dict[str, Any]]:
    cfg, task = load(name)
    return page.open(render_html(cfg, task)), cfg, task


def lint(cfg: labelconfig.Config, annotation: dict[str, Any], task: dict[str, Any]) -> list[str]:
    """What labelconfig's own checker says about an annotation the page emitted."""
    return codes(cfg.check_annotation(annotation, task))
