"""A form carries only the JavaScript its config uses (labelconfig/render/scripts.py): the module set of a
page is closed under the modules' needs, every module defines what the modules needing it call, and
every corpus form runs in Chromium without a JavaScript error with every operable control wired."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st
from render_support import EXTRA, REALWORLD, VALID, png_data_url

import labelconfig
from labelconfig.payloads.sample import sample
from labelconfig.render import render_html, render_tasks_html, scripts
from labelconfig.render.controls import WIDGETS
from labelconfig.render.env import template_dir
from labelconfig.tags import REGISTRY
from labelconfig.tags.model import Kind

CORPORA = VALID + REALWORLD + EXTRA
JS = {name: (template_dir() / "js" / name).read_text(encoding="utf-8") for name in scripts.JS_MODULES}
OPTIONAL = [m for m in scripts.JS_MODULES if m not in scripts.CORE]

# Text + Choices: the tutorial's sentiment form.
SENTIMENT = (Path(__file__).parent / "fixtures" / "valid" / "sentiment_text_choices.xml").read_text(
    encoding="utf-8"
)


def _defines(source: str) -> set[str]:
    """The `LC` members a module assigns at its top level or inside its block."""
    return set(re.findall(r"\bLC\.(\w+)\s*=(?!=)", source))


def _uses(source: str) -> set[str]:
    return set(re.findall(r"\bLC\.(\w+)", source))


def _helpers(source: str) -> set[str]:
    """The page-level helpers (`const`/`function` at column 0) a module declares: other modules see them."""
    return set(re.findall(r"^(?:const|let|function)\s+(\w+)", source, re.M))


def _widgets(source: str) -> set[str]:
    """The widgets a module defines: `LC.widgets.name = ...` or a loop over names setting LC.widgets[w]."""
    named = set(re.findall(r"\bLC\.widgets\.(\w+)\s*=", source))
    for listed in re.findall(r"for \(const \w+ of \[([^\]]*)\]\) LC\.widgets\[", source):
        named |= set(re.findall(r'"(\w+)"', listed))
    return named


def _closure(*modules: str) -> set[str]:
    """What a page holding `modules` is guaranteed to hold: the core, them, and what they need."""
    return set(scripts.closure((*scripts.CORE, *modules)))


def _definers(name: str) -> set[str]:
    return {m for m, src in JS.items() if name in _defines(src)}


# Calls a module makes only under a condition that brings the callee's module: video.js draws boxes
# with the image tools only for a VideoRectangle on the video (its `boxes`).
GUARDED = {("video.js", "setupStage"): scripts.WIDGET_MODULES["videorectangle"]}


@pytest.mark.parametrize("module", [m for m in scripts.JS_MODULES if m != "start.js"])
def test_every_module_calls_only_into_modules_it_is_guaranteed(module: str) -> None:
    """Whatever `LC` member or page-level helper a module reads, a module of its closure defines."""
    present = _closure(module)
    src = JS[module]
    missing = {
        n: sorted(_definers(n))
        for n in _uses(src) - _defines(src)
        if _definers(n)
        and not _definers(n) & (_closure(*GUARDED[module, n]) if (module, n) in GUARDED else present)
    }
    for other in set(JS) - present:
        for helper in _helpers(JS[other]) - _helpers(src):
            if re.search(rf"(?<![\w.$]){re.escape(helper)}\(", src):
                missing[helper] = [other]
    assert missing == {}


# start.js calls each object's setup only inside the loop over figures of its tag, and the brush's only
# for an Image a brush control draws on; everything else it calls must be core.
SETUPS = {
    "setupGallery": scripts.OBJECT_MODULES["Image"],
    "setupStage": scripts.OBJECT_MODULES["Image"],
    "setupBrush": scripts.WIDGET_MODULES["brush"],
    "setupWave": scripts.OBJECT_MODULES["Audio"],
    "setupTimeSeries": scripts.OBJECT_MODULES["TimeSeries"],
    "setupVideo": scripts.OBJECT_MODULES["Video"],
}


def test_start_calls_an_optional_module_only_for_its_figures() -> None:
    src = JS["start.js"]
    core = _closure()
    optional = {n for n in _uses(src) if _definers(n) and not _definers(n) & core}
    assert optional == set(SETUPS)
    for name, needs in SETUPS.items():
        assert _definers(name) & _closure(*needs), name
    assert set(re.findall(r"data-tag=(\w+)", src)) == set(scripts.OBJECT_MODULES)


def test_the_tables_name_real_tags_widgets_and_modules() -> None:
    page_widgets = {w for table in WIDGETS.values() for w in table.values()}
    assert set(scripts.WIDGET_MODULES) == page_widgets
    assert all(REGISTRY[t].kind is Kind.OBJECT for t in scripts.OBJECT_MODULES)
    named = {
        m
        for table in (scripts.WIDGET_MODULES, scripts.OBJECT_MODULES, scripts.MODULE_NEEDS)
        for v in table.values()
        for m in v
    }
    assert named | set(scripts.MODULE_NEEDS) | set(scripts.CORE) <= set(scripts.JS_MODULES)
    # Every optional module is reachable from some widget or object: none is dead weight never shipped.
    reachable = scripts.closure(
        tuple(m for v in (*scripts.WIDGET_MODULES.values(), *scripts.OBJECT_MODULES.values()) for m in v)
    )
    assert set(OPTIONAL) <= set(reachable)


@pytest.mark.parametrize("widget", sorted(scripts.WIDGET_MODULES))
def test_each_widget_is_defined_by_its_modules(widget: str) -> None:
    present = set(scripts.modules_for((), (widget,)))
    assert any(widget in _widgets(JS[m]) for m in present)


@given(
    tags=st.sets(
        st.sampled_from([*sorted(scripts.OBJECT_MODULES), "Text", "HyperText", "Paragraphs", "Chat"])
    ),
    widgets=st.sets(st.sampled_from(sorted(scripts.WIDGET_MODULES))),
)
def test_a_module_set_is_closed_ordered_and_has_the_core(tags: set[str], widgets: set[str]) -> None:
    modules = scripts.modules_for(tags, widgets)
    assert set(scripts.CORE) <= set(modules)
    assert all(set(scripts.MODULE_NEEDS.get(m, ())) <= set(modules) for m in modules)
    assert list(modules) == [m for m in scripts.JS_MODULES if m in modules]
    assert len(set(modules)) == len(modules)


def test_an_unknown_widget_is_refused_not_left_dead() -> None:
    with pytest.raises(KeyError):
        scripts.modules_for(("Text",), ("sparkles",))


def test_image_and_video_pages_leave_out_what_they_do_not_use() -> None:
    assert "brush.js" not in scripts.modules_for(("Image",), ("rectangle",))
    assert {"brush.js", "brush_rle.js", "image.js"} <= set(scripts.modules_for(("Image",), ("brush",)))
    timeline = scripts.modules_for(("Video",), ("timeline",))
    assert "image.js" not in timeline and "image_geometry.js" in timeline
    assert "image.js" in scripts.modules_for(("Video",), ("videorectangle",))


def _inlined(html: str) -> list[str]:
    return re.findall(r"^// --- (\S+\.js)$", html, re.M)


def test_a_sentiment_form_carries_no_media_code_and_is_small() -> None:
    """Text + Choices: the core and the classification widgets only. Measured 50.7 KB; with every
    module inlined, as before, the same page was 195.2 KB."""
    html = render_html(labelconfig.parse(SENTIMENT), {"review": "Loved it"})
    assert _inlined(html) == [m for m in scripts.JS_MODULES if m in {*scripts.CORE, "classification.js"}]
    for word in ("setupStage", "setupBrush", "setupWave", "setupTimeSeries", "setupVideo", "brushRLE"):
        assert f"LC.{word} =" not in html
    assert len(html.encode("utf-8")) < 60 * 1024


def _operable(html: str) -> int:
    return len(lxml.html.document_fromstring(html).xpath("//*[@data-lc-control][@data-widget]"))


@pytest.mark.parametrize("path", CORPORA, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_corpus_form_runs_with_only_its_modules(page: Any, path: Path) -> None:
    """Without a task (as `labelconfig render CONFIG` shows it) and with a sample task: no page error, no
    console error (start.js reports a control whose widget has no code on the page), and every operable
    control of the HTML still there once the page is ready."""
    cfg = labelconfig.parse(path.read_bytes(), filename=str(path))
    for task in (None, sample(cfg)):
        html = render_html(cfg, task)
        p = page.open(html)
        assert page.errors == []
        assert p.evaluate("document.querySelectorAll('[data-lc-control][data-widget]').length") == _operable(
            html
        )
        p.evaluate("window.labelconfig.annotation()")
        p.evaluate("window.labelconfig.submit()")  # the Submit checks of every widget on the page run
        assert page.errors == []


def test_a_widget_without_its_module_is_reported(page: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above can fail: a page built without the classification module says which control is
    dead instead of leaving it silently unusable."""
    monkeypatch.setitem(scripts.WIDGET_MODULES, "choices", ())
    page.open(render_html(labelconfig.parse(SENTIMENT)))
    assert page.errors == ['labelconfig: no code for widget "choices" of control sentiment on this page']


REPEATED = """
<View>
  <Text name="caption" value="$caption"/>
  <Repeater on="$images" indexFlag="{{idx}}">
    <Image name="img_{{idx}}" value="$images[{{idx}}].url"/>
    <RectangleLabels name="box_{{idx}}" toName="img_{{idx}}"><Label value="Car"/></RectangleLabels>
  </Repeater>
</View>"""


def test_a_multi_task_page_runs_the_modules_of_every_task(page: Any) -> None:
    """A Repeater over no images leaves the first task's form without image code; the second task's
    image, in a frame of the same page, needs it: the shared script is the union."""
    first = {"caption": "none", "images": []}
    second = {"caption": "one", "images": [{"url": png_data_url(40, 30)}]}
    cfg = labelconfig.parse(REPEATED)
    assert "image.js" not in _inlined(render_html(cfg, first))
    p = page.open(render_tasks_html(cfg, [first, second]), form=False)
    p.wait_for_selector("html[data-lc-ready=true][data-lc-task='0']", state="attached", timeout=10000)
    p.get_by_role("button", name="Next").click()
    p.wait_for_selector("html[data-lc-ready=true][data-lc-task='1']", state="attached", timeout=10000)
    form = p.frame_locator("iframe:not([hidden])")
    assert form.locator("[data-lc-object=img_0] .lc-stage").count() == 1
    assert page.errors == []
