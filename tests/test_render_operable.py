"""Every rendered form of the suite's real-config corpora offers something to operate, unless its
config has no control at all (issue 21). The renderer marks a control it cannot operate with
`data-readonly` (its pre-labels listed, with a note); an operable one carries its `data-widget`.
Whether a control is operable is decided once, server-side (`render.controls.widget_for` and
`settle`), so the rendered HTML is enough: no browser needed to count."""

from __future__ import annotations

import functools
import re
from collections import Counter
from pathlib import Path

import lxml.html
from render_support import EXTRA, REALWORLD, VALID

import labelconfig
from labelconfig.render import render_html
from labelconfig.render.controls import WIDGETS
from labelconfig.tags import REGISTRY
from labelconfig.tags.model import Status

CORPORA = VALID + REALWORLD + EXTRA

# Tags Label Studio's open-source editor does not offer (Label Studio Enterprise only) and the page
# cannot operate: ReactCode runs the config's own script, which the page's CSP forbids by design;
# OcrLabels needs a PDF renderer; VideoVector draws on a video. Derived, so it cannot grow silently:
# the registry's enterprise tags that record results and have no page widget.
NOT_OFFERED: frozenset[str] = frozenset(
    name
    for name, spec in REGISTRY.items()
    if spec.status is Status.ENTERPRISE and spec.result is not None and name not in WIDGETS
)


@functools.cache
def _form(path: Path) -> tuple[labelconfig.Config, set[str], set[str]]:
    """The config and, in its rendered form, the names of operable and of read-only controls. The form
    is rendered as `labelconfig render CONFIG` shows it, without a task (sample data previews the
    objects): a task whose time-series CSV is a remote URL leaves its labels read-only with a note,
    since the page fetches nothing, and that is a property of the task, not of the config."""
    cfg = labelconfig.parse(path.read_bytes(), filename=str(path))
    doc = lxml.html.document_fromstring(render_html(cfg))
    live = {e.get("data-lc-control") for e in doc.xpath("//*[@data-lc-control][@data-widget]")}
    readonly = {e.get("data-lc-readonly") for e in doc.xpath("//*[@data-lc-readonly][@data-readonly='true']")}
    return cfg, live, readonly


def _shown(name: str, names: set[str]) -> bool:
    """The control is in the form: by its name, or as a Repeater's copies (`q_{{idx}}` as q_0, q_1 ...)."""
    pattern = re.compile(re.escape(name).replace(re.escape("{{idx}}"), r"\d+"))
    return any(pattern.fullmatch(n) for n in names)


def test_not_offered_is_what_the_registry_says() -> None:
    assert {"ReactCode", "OcrLabels", "VideoVector", "VideoVectorLabels"} == NOT_OFFERED


def _verdict(path: Path) -> str:
    """Why this form has nothing to operate ("operable" when it has something): "no control",
    "not offered", or "WRONG ..." for any other reason."""
    cfg, live, readonly = _form(path)
    # Nothing is lost silently: each control is operable or shown read-only, or is a tag the page does
    # not offer at all.
    vanished = {
        n for n in cfg.controls if not _shown(n, live | readonly) and cfg.controls[n].tag not in NOT_OFFERED
    }
    if vanished:
        return f"WRONG: controls neither operable nor shown read-only: {sorted(vanished)}"
    if live:
        return "operable"
    if not cfg.controls:
        return "no control"
    if all(c.tag in NOT_OFFERED for c in cfg.controls.values()):
        return "not offered"
    return f"WRONG: nothing to operate, read-only: {sorted(readonly)}"


def test_forms_with_nothing_to_operate_have_no_control() -> None:
    verdicts = {f"{p.parent.name}/{p.stem}": _verdict(p) for p in CORPORA}
    counts = Counter(v.split(":")[0] for v in verdicts.values())
    readonly_tags = Counter(
        cfg.controls[n].tag
        for cfg, _live, readonly in map(_form, CORPORA)
        for n in readonly
        if n in cfg.controls
    )
    print(
        f"\n{len(CORPORA)} forms: {counts['operable']} operable; nothing to operate in"
        f" {len(CORPORA) - counts['operable']}: {counts['no control']} with no control,"
        f" {counts['not offered']} of tags the editor does not"
        f" offer, {counts['WRONG']} for another reason"
    )
    print("read-only controls by tag:", dict(sorted(readonly_tags.items())))
    assert {k: v for k, v in verdicts.items() if v.startswith("WRONG")} == {}
    assert counts["no control"], "the corpora hold a config with no control (ls-pdf-multipage-annotation)"


def test_a_form_left_without_an_operable_control_is_caught(tmp_path: Path) -> None:
    """The rule can fail: a per-region transcript on Text with no Labels to make regions is shown
    read-only, so its form offers nothing, though it has a control."""
    path = tmp_path / "orphan.xml"
    path.write_text(
        '<View><Text name="t" value="$text"/><TextArea name="note" toName="t" perRegion="true"/></View>'
    )
    assert _verdict(path) == "WRONG: nothing to operate, read-only: ['note']"
    fixed = tmp_path / "fixed.xml"
    fixed.write_text('<View><Text name="t" value="$text"/><TextArea name="note" toName="t"/></View>')
    assert _verdict(fixed) == "operable"
