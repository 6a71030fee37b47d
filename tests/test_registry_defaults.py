"""One place per fact (issue 18, item 10): attribute defaults are read from the registry
(`Element.setting`), never restated at a call site, and each task-data `Shape` is declared once
(`payloads/shapes.py`) for the checker, the samples and the schema."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import labelconfig
from labelconfig.payloads.data import data_uses
from labelconfig.payloads.shapes import SHAPES
from labelconfig.tags import ALL
from labelconfig.tags.model import Shape

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    p
    for p in [*(ROOT / "labelconfig").rglob("*.py"), *(ROOT / "templates").rglob("*.j2")]
    if p.relative_to(ROOT).parts[:2] != ("labelconfig", "tags")
]
DEFAULTS = sorted({(a.name, a.effective_default) for t in ALL for a in t.attrs if a.effective_default})
# Not a restated default but a deliberate difference: Label Studio writes its default step="1" on the
# input and still records any number typed; "any" keeps the browser from refusing those.
OVERRIDES = {("number.html.j2", "step")}


def test_element_setting_reads_the_registry_default() -> None:
    cfg = labelconfig.parse(
        '<View><Repeater on="$items"><Text name="t_{{idx}}" value="$items[{{idx}}].text"/></Repeater>'
        '<Paragraphs name="p" value="$dialogue" textKey="line"/></View>'
    )
    assert cfg.root is not None
    repeater, paragraphs = cfg.root.children
    assert repeater.setting("indexFlag") == "{{idx}}"
    assert (paragraphs.setting("nameKey"), paragraphs.setting("textKey")) == ("author", "line")
    assert paragraphs.setting("notAnAttribute") is None


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_call_site_restates_a_registry_default(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for name, default in DEFAULTS:
        if (path.name, name) in OVERRIDES:
            continue
        # `el.value("indexFlag") or "{{idx}}"`, `node.get('nameKey') or 'author'`, `get('rows', '3')`
        restated = re.search(
            rf"""(?:value|get)\(\s*["']{re.escape(name)}["']\s*(?:\)\s*or\s*|,\s*)["']""", text, re.IGNORECASE
        )
        assert restated is None, f"{path.name} restates the default of `{name}` ({default!r}): use .setting()"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_shapes_are_not_restated_as_strings(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    values = "|".join(re.escape(s.value) for s in Shape)
    assert re.search(rf"""expects\s*(?:==|!=|in)\s*\(?["'](?:{values})["']""", text) is None, path.name
    # Names only a shape has ("text" or "url" are also JSON keys everywhere).
    own = "|".join(
        re.escape(s.value) for s in (Shape.URLS, Shape.PARAGRAPHS, Shape.TIMESERIES, Shape.LIST_ITEMS)
    )
    if "payloads" in path.parts:  # elsewhere these may name other things (the page's widgets)
        assert re.search(rf"""["'](?:{own})["']""", text) is None, f"{path.name}: use `Shape`, read `SHAPES`"


def test_every_shape_accepts_its_own_example() -> None:
    configs = {
        Shape.URL: '<Image name="i" value="$x"/>',
        Shape.URLS: '<Image name="i" valueList="$x"/>',
        Shape.TEXT: '<Text name="t" value="$x"/>',
        Shape.HTML: '<HyperText name="h" value="$x"/>',
        Shape.PARAGRAPHS: '<Paragraphs name="p" value="$x" nameKey="who" textKey="said"/>',
        Shape.TIMESERIES: '<TimeSeries name="s" value="$x" valueType="json" timeColumn="t">'
        '<Channel column="v"/></TimeSeries>',
        Shape.TABLE: '<Table name="t" value="$x"/>',
        Shape.LIST_ITEMS: '<List name="l" value="$x"/>',
        Shape.CHAT: '<Chat name="c" value="$x"/>',
        Shape.LIST: '<Repeater on="$x"><Text name="t_{{idx}}" value="$x[{{idx}}].a"/></Repeater>',
        Shape.NUMBER: '<Video name="v" value="$v" frameRate="$x"/>',
    }
    seen = set()
    for shape, body in configs.items():
        cfg = labelconfig.parse(f"<View>{body}</View>")
        [use] = [u for u in data_uses(cfg) if u.reference == "x"]
        assert use.expects is shape
        assert use.problem(SHAPES[shape].example(use)) == "", shape
        assert use.problem(object()) != "" or shape is Shape.ANY
        seen.add(shape)
    assert seen | {Shape.DIALOG, Shape.ANY} == set(Shape)
