"""Labeling forms: a config (and a task) rendered as one self-contained HTML page."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from markupsafe import escape

from ..payloads.api import Config
from .page import refusals, render_html
from .tasks import render_tasks_html


class Form:
    """A rendered form; shows itself in Jupyter inside a sandboxed iframe (the page keeps its own CSP)."""

    def __init__(
        self,
        cfg: Config,
        task: Mapping[str, Any] | None = None,
        *,
        submit_url: str | None = None,
        task_dir: str | Path | None = None,
    ):
        self.html = render_html(cfg, task, submit_url=submit_url, task_dir=task_dir)

    def _repr_html_(self) -> str:
        # srcdoc keeps the page's scripts and styles away from the notebook's own DOM.
        return (
            f'<iframe srcdoc="{escape(self.html)}" sandbox="allow-scripts" '
            'style="width:100%;height:640px;border:1px solid #ddd" title="Labeling form"></iframe>'
        )

    def __str__(self) -> str:
        return self.html


__all__ = ["Form", "refusals", "render_html", "render_tasks_html"]
