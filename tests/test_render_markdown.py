"""<Markdown> shown as formatted text, never as a way into the page: hostile Markdown (raw script, event
handlers, `javascript:` links, remote images) renders inert, in Python and in a real Chromium."""

from __future__ import annotations

import re
from typing import Any

import lxml.html
import pytest

import labelconfig
from labelconfig.render import render_html
from labelconfig.render.markdown import markdown_html

CONFIG = """
<View>
  <Header value="Task $id"/>
  <Markdown value="$brief" className="brief" idAttr="brief"/>
  <Markdown>Pick **one**: see [the guide](https://example.com/guide)</Markdown>
  <Text name="text" value="$text"/>
  <Choices name="c" toName="text"><Choice value="A"/></Choices>
</View>"""

HOSTILE = [
    "<script>window.__pwned = 1</script>",
    '<img src="x" onerror="window.__pwned = 1">',
    "[click](javascript:window.__pwned=1)",
    "[click](JaVaScRiPt&colon;window.__pwned=1)",
    "[click](  javascript:window.__pwned=1 )",
    "![remote](https://tracker.example.com/pixel.png)",
    '<a href="#" onclick="window.__pwned = 1">x</a>',
    '<iframe src="javascript:parent.__pwned=1"></iframe>',
    "[x](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19wd25lZD0xPC9zY3JpcHQ+)",
    '<svg onload="window.__pwned = 1"></svg>',
]


def _markdown_blocks(html: str) -> list[str]:
    return re.findall(r'<div class="lc-markdown.*?</div>', html, re.S)


def test_markdown_is_formatted() -> None:
    shown = markdown_html("# Title\n\n*a* **b** ~~c~~\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n- one\n- two")
    html = str(shown.html)
    wanted = ("<h1>Title</h1>", "<em>a</em>", "<strong>b</strong>", "<s>c</s>", "<td>1</td>", "<li>two</li>")
    assert [f for f in wanted if f not in html] == []
    assert shown.remote_images == 0


def test_markdown_from_task_data_and_literal() -> None:
    cfg = labelconfig.parse(CONFIG)
    html = render_html(cfg, {"brief": "Tag *every* name", "text": "x", "id": 7})
    assert '<h4 class="lc-header">Task 7</h4>' in html  # a Header's `$field` is filled in as well
    first, second = _markdown_blocks(html)
    assert first.startswith('<div class="lc-markdown brief" id="brief"')
    assert "<p>Tag <em>every</em> name</p>" in first
    link = '<a href="https://example.com/guide" target="_blank" rel="noopener noreferrer">the guide</a>'
    assert link in second


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_markdown_renders_inert(payload: str) -> None:
    cfg = labelconfig.parse(CONFIG)
    (block, _) = _markdown_blocks(render_html(cfg, {"brief": payload, "text": "x"}))
    tree = lxml.html.fragment_fromstring(block)
    assert [e.tag for e in tree.iter("script", "iframe", "svg", "object", "embed", "style")] == []
    attributes = [(e.tag, name, value) for e in tree.iter() for name, value in e.attrib.items()]
    assert [a for a in attributes if a[1].startswith("on")] == []
    assert [a for a in attributes if a[1] == "href" and not a[2].startswith("https:")] == []
    assert [a for a in attributes if a[1] in ("src", "srcset")] == []  # no image loads from elsewhere
    if payload.startswith("<"):  # raw HTML is shown as the characters it is made of
        assert payload in tree.text_content()


def test_hostile_markdown_in_the_browser(page: Any) -> None:
    cfg = labelconfig.parse(CONFIG)
    requests: list[str] = []
    page.page.on("request", lambda r: requests.append(r.url))
    p = page.open(render_html(cfg, {"brief": "\n\n".join(HOSTILE), "text": "x"}))
    for link in p.locator(".lc-markdown a").all():
        link.click(no_wait_after=True, timeout=2000)
    assert p.evaluate("window.__pwned") is None
    inside = ", ".join(f".lc-markdown {s}" for s in ("script", "iframe", "svg", "img[src]"))
    assert p.locator(inside).count() == 0
    handlers = p.evaluate(
        "[...document.querySelectorAll('.lc-markdown *')].flatMap(e => [...e.attributes]"
        ".filter(a => a.name.startsWith('on')).map(a => a.name))"
    )
    assert handlers == []
    note = p.locator(".lc-markdown").first.get_by_role("note").inner_text()
    assert note.startswith("1 image from elsewhere")
    assert [u for u in requests if not u.startswith(("about:", "data:"))] == []
    assert page.errors == []
