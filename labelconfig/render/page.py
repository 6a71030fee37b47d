"""Stage 4, render: a config and a task -> one self-contained HTML page (inline CSS and JS, no
network), each tag drawn by its own partial, the page's state being the annotation itself."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from ..diagnostics import Diagnostic
from ..payloads.api import Config
from ..payloads.model import ResultModel
from ..rules import BY_CODE
from ..tags.model import Kind
from .controls import control_model, settle
from .env import csp_hash, environment, page_style, template_dir
from .markdown import markdown_html
from .offline import media_sources, sanitize
from .scripts import modules_for, page_script
from .task import start
from .timeseries import Series, Unavailable, block_undrawn, load, preview
from .tree import Builder, Node


def render_html(
    cfg: Config,
    task: Mapping[str, Any] | None = None,
    *,
    submit_url: str | None = None,
    task_dir: str | Path | None = None,
) -> str:
    """The labeling form for `cfg` as one HTML page, pre-labelled from `task` when it has predictions
    or annotations. A config with errors that Label Studio still loads (a comma `toName`, a repeated
    option) is drawn with those findings in a banner above the form. Raises ValueError for a config
    Label Studio cannot load (see `refusals`). Files the task names by a relative path (a TimeSeries
    CSV) are read from `task_dir`, the task file's folder, and embedded: the page fetches nothing."""
    check_config_argument(cfg, "render_html")
    if task is not None and not isinstance(task, Mapping):
        raise TypeError(f"render_html() takes the task as a dict (or None), not {type(task).__name__}")
    parts = form_parts(cfg, task, submit_url=submit_url, task_dir=task_dir)
    model_json = Markup(htmlsafe_json_dumps(parts.model, sort_keys=True))
    return shell(parts.styles, parts.csp, parts.body, model_json, parts.script)


@dataclass(frozen=True, slots=True)
class FormParts:
    """What one task's page is made of; the multi-task page shares the styles, script and CSP."""

    data: Any
    editing: int | None  # which of the task's annotations the form starts from
    body: Markup
    model: dict[str, Any]
    styles: list[str]
    media: list[str]  # CSP sources of the objects' media
    modules: tuple[str, ...]  # the JavaScript modules this form needs (`scripts.modules_for`)
    script: str  # those modules inlined
    csp: str


def shell(styles: list[str], csp: str, body: Markup, model_json: Markup, script: str) -> str:
    """The form page around a body and its model (already JSON, safe inside a <script> element), run by
    `script` (the page's JavaScript, which `csp` must allow)."""
    return (
        environment()
        .get_template("page.html.j2")
        .render(body=body, styles=styles, script=Markup(script), csp=csp, model_json=model_json)
    )


def form_csp(
    styles: list[str], submit_url: str | None, *, scripts: tuple[str, ...], media: Iterable[str] = ()
) -> str:
    """Only the page's own inline code runs (`scripts`: the form's, and the multi-task page's), and only
    the objects' own media load (`media`: CSP sources from `media_sources`)."""
    loads = " ".join(["data:", "blob:", *dict.fromkeys(media)])
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src {' '.join(csp_hash(s) for s in scripts)}",
            f"style-src {' '.join(csp_hash(s) for s in styles)}",
            f"img-src {loads}",
            f"media-src {loads}",
            f"connect-src {_origin(submit_url)}" if submit_url else "connect-src 'none'",
            "form-action 'none'",
            "base-uri 'none'",
        ]
    )


def check_config_argument(cfg: object, func: str) -> None:
    """A renderer takes a parsed Config; XML text or a path is the commonest slip, so say what to do."""
    if isinstance(cfg, Config):
        return
    hint = "; parse it first: labelconfig.parse(text) or labelconfig.load(path)"
    raise TypeError(f"{func}() takes a labelconfig Config, not {type(cfg).__name__}{hint}")


def refusals(cfg: Config) -> tuple[Diagnostic, ...]:
    """The findings for which Label Studio cannot load `cfg` at all (`Rule.refused`): the only ones
    rendering refuses. Other errors load in Label Studio and lose results later."""
    return tuple(d for d in cfg.errors if (rule := BY_CODE.get(d.code)) is not None and rule.refused)


def form_parts(
    cfg: Config,
    task: Mapping[str, Any] | None,
    *,
    submit_url: str | None = None,
    task_dir: str | Path | None = None,
) -> FormParts:
    refused = refusals(cfg)
    if cfg.root is None or refused:
        shown = "; ".join(f"{d.code} line {d.line}: {d.message}" for d in refused[:3])
        raise ValueError(f"Label Studio cannot load this config ({shown or 'it did not parse'})")
    begin = start(cfg, task)
    nodes = Builder(begin.data).build(cfg.root)
    model = ResultModel(cfg)
    folder = Path(task_dir) if task_dir is not None else None
    series = {
        n.name: load(n, folder) if task is not None else preview(cfg, n)
        for n in _walk(nodes)
        if n.tag == "TimeSeries"
    }
    controls = {n.name: m for n in _walk(nodes) if n.name and (m := control_model(model, n.name))}
    controls = settle(block_undrawn(controls, series))
    page_model = {
        "controls": controls,
        "results": begin.results,
        "origin": begin.origin,
        "submitUrl": submit_url,
        "relations": list(model.relation_labels) if model.has_relations else None,
    }
    renderer = _Renderer(controls, begin.results, series)
    body = Markup("").join(renderer.node(n) for n in nodes)
    styles = [page_style(), *(_css(n.text) for n in _walk(nodes) if n.tag == "Style" and n.text)]
    if cfg.errors:
        body = Markup(environment().get_template("findings.html.j2").render(findings=cfg.errors)) + body
        styles.append(_findings_style())
    media = media_sources(_walk(nodes))
    modules = modules_for(
        {n.tag for n in _walk(nodes)}, {c["widget"] for c in controls.values() if c["widget"]}
    )
    script = page_script(modules)
    csp = form_csp(styles, submit_url, scripts=(script,), media=media)
    return FormParts(begin.data, begin.editing, body, page_model, styles, media, modules, script, csp)


@cache
def _findings_style() -> str:
    return (template_dir() / "findings.css").read_text(encoding="utf-8")


def _css(text: str) -> str:
    """A config's <Style> CSS, unable to close its <style> element: `<` is only ever valid inside CSS
    strings and comments, where the escape `\\3C ` means the same character."""
    return text.replace("<", "\\3C ")


def _origin(url: str) -> str:
    """The CSP source for the submit URL: its scheme, host and port only."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"--submit-url must be an http(s) URL, not {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


def _walk(nodes: tuple[Node, ...] | list[Node]) -> Iterator[Node]:
    for n in nodes:
        yield n
        yield from _walk(n.children)


class _Renderer:
    def __init__(
        self,
        controls: dict[str, dict[str, Any]],
        results: list[Any],
        series: dict[str, Series | Unavailable],
    ) -> None:
        self.controls = controls
        self.results = results
        self.series = series

    def node(self, node: Node) -> Markup:
        children = Markup("").join(
            self.node(c) for c in node.children if c.spec is None or c.spec.kind is not Kind.LABEL
        )
        template = environment().get_template(node.template)
        return Markup(
            template.render(
                node=node,
                children=children,
                control=self.controls.get(node.name),
                prelabels=self._prelabels(node.name),
                sanitize=sanitize,
                markdown=markdown_html,
                series=self.series.get(node.name),
                kind=node.spec.kind.value if node.spec is not None else "html",
            )
        )

    def _prelabels(self, name: str) -> list[Any]:
        if not name:
            return []
        return [r for r in self.results if isinstance(r, dict) and r.get("from_name") == name]
