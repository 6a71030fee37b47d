"""Hostile strings in task data and in config attributes are shown as text and never run."""

from __future__ import annotations

from typing import Any

import pytest

import labelconfig
from labelconfig.render import render_html

PAYLOADS = [
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned = 1">',
    '"><svg onload="window.__pwned = 1"></svg>',
    '<iframe srcdoc="<script>parent.__pwned = 1</script>"></iframe>',
    '<a href="javascript:window.__pwned = 1" id="evil">click</a>',
    "</script><script>window.__pwned = 1</script>",
    "<style>body{display:none}</style>{{ 7 * 7 }}",
]

CONFIG = """
<View style="$style">
  <Header value="$title"/>
  <Text name="text" value="$text"/>
  <HyperText name="html" value="$html"/>
  <Image name="img" value="$image"/>
  <Choices name="c" toName="text"><Choice value="A"/></Choices>
</View>"""


def _open(page: Any, html: str) -> Any:
    p = page.open(html)
    for link in p.locator("a").all():  # a link an annotator clicks must not run either
        link.click(no_wait_after=True, timeout=2000)
    return p


def _assert_inert(p: Any) -> None:
    assert p.evaluate("window.__pwned") is None
    assert p.locator("script").count() == 2  # the model (JSON) and the page's own code
    assert p.locator("iframe, object, embed").count() == 0
    handlers = p.evaluate(
        "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes]"
        ".filter(a => a.name.startsWith('on')).map(a => a.name))"
    )
    assert handlers == []
    assert p.evaluate("window.labelconfig.annotation()") == {"result": []}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_task_data_never_runs(page: Any, payload: str) -> None:
    cfg = labelconfig.parse(CONFIG)
    task = {
        "style": payload,
        "title": payload,
        "text": payload,
        "html": payload,
        "image": "javascript:" + payload,
    }
    p = _open(page, render_html(cfg, task))
    _assert_inert(p)
    assert payload in p.locator("[data-lc-text=text]").inner_text()  # shown as text, whole
    assert "49" not in p.locator("body").inner_text()  # no template evaluation of data either


@pytest.mark.parametrize("payload", PAYLOADS)
def test_config_attributes_never_run(page: Any, payload: str) -> None:
    from xml.sax.saxutils import quoteattr

    a = quoteattr(payload)
    cfg = labelconfig.parse(
        f"""<View style={a}><Header value={a}/><Text name="text" value="$text"/>
        <Choices name="c" toName="text"><Choice value={a} hotkey="1"/></Choices>
        <Style>.x {{ color: red }} {payload.replace("&", "&amp;").replace("<", "&lt;")}</Style></View>"""
    )
    assert cfg.root is not None
    p = _open(page, render_html(cfg, {"text": "hello"}))
    _assert_inert(p)
    p.keyboard.press("1")  # the hostile option, by its hotkey
    (r,) = p.evaluate("window.labelconfig.annotation()")["result"]
    assert r["value"] == {"choices": [payload]}  # the option's text, exactly, as its result
