"""Many tasks in one page (`labelconfig render --tasks`): each task is the single-task form, opened in
its own frame on first visit and kept, so every widget keeps its state (undo history and text typed
but not yet added included) without the form's code knowing about tasks. The forms share one copy
of the page's styles and script: each frame's document is put together in the browser from the
shared shell and the task's own body and model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any, Final

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from ..payloads.api import Config
from .env import environment, template_dir
from .page import check_config_argument, form_csp, form_parts, shell
from .scripts import closure, page_script

# Where a task's body and model go in the shared shell; neither can occur in rendered task data
# (text is escaped, sanitised HyperText loses its comments).
_BODY: Final = "<!--lc-task-body-->"
_MODEL: Final = "<!--lc-task-model-->"


@cache
def tasks_script() -> str:
    return (template_dir() / "js" / "tasks.js").read_text(encoding="utf-8")


@cache
def tasks_style() -> str:
    return (template_dir() / "tasks.css").read_text(encoding="utf-8")


def render_tasks_html(
    cfg: Config,
    tasks: Sequence[Mapping[str, Any]],
    *,
    submit_url: str | None = None,
    task_dir: str | Path | None = None,
) -> str:
    """One page stepping through `tasks` (each bare data or a task with predictions/annotations),
    offering every annotation as a Label Studio import file (`task_dir`: as for `render_html`). Raises
    ValueError for a config that did not parse or an empty task list."""
    check_config_argument(cfg, "render_tasks_html")
    if isinstance(tasks, str | bytes | Mapping) or not all(isinstance(t, Mapping) for t in tasks):
        raise TypeError("render_tasks_html() takes a list of tasks (dicts), as in a Label Studio export")
    if not tasks:
        raise ValueError("the task list is empty")
    parts = [form_parts(cfg, t, submit_url=submit_url, task_dir=task_dir) for t in tasks]
    # Config <Style>s are the same for every task; the union keeps the shared shell valid regardless.
    styles = list(dict.fromkeys(s for p in parts for s in p.styles))
    # A frame written from srcdoc inherits this page's CSP, so it must allow the form's code as well.
    media = sorted({m for p in parts for m in p.media})
    # One script for every frame: the modules any task's form needs (a Repeater's copies, a series
    # whose file is missing, can differ from task to task).
    script = page_script(closure(m for p in parts for m in p.modules))
    csp = form_csp([tasks_style(), *styles], submit_url, scripts=(script, tasks_script()), media=media)
    head, rest = shell(
        styles,
        form_csp(styles, submit_url, scripts=(script,), media=media),
        Markup(_BODY),
        Markup(_MODEL),
        script,
    ).split(_BODY)
    middle, tail = rest.split(_MODEL)
    spec = {
        "shell": [head, middle, tail],
        "tasks": [
            {
                "data": p.data,
                "record": _record(t),
                "editing": p.editing,
                "body": str(p.body),
                "model": htmlsafe_json_dumps(p.model, sort_keys=True),
                "results": p.model["results"],
            }
            for t, p in zip(tasks, parts, strict=True)
        ],
    }
    return (
        environment()
        .get_template("tasks.html.j2")
        .render(
            csp=csp,
            style=Markup(tasks_style()),
            script=Markup(tasks_script()),
            spec=Markup(htmlsafe_json_dumps(spec)),
            count=len(parts),
        )
    )


def _record(task: Mapping[str, Any]) -> dict[str, Any]:
    """What the download keeps of a task besides its data: `id`, predictions, existing annotations
    (with their `id` and `completed_by`) and every other field, so re-importing updates, not duplicates."""
    return {k: v for k, v in task.items() if k != "data"} if "data" in task else {}
