"""The keyboard workflow and the layout: a span made from the keyboard only, the page's keys, the key
panel, the region sidebar, Header captions and read-only controls."""

from __future__ import annotations

from typing import Any

from forms_support import lint

import labelconfig
from labelconfig.render import render_html

NER = """
<View>
  <Header value="Who works where?"/>
  <Labels name="ner" toName="text"><Label value="PER" hotkey="p"/><Label value="ORG" hotkey="o"/></Labels>
  <Text name="text" value="$text"/>
</View>"""
TEXT = "Ada works at IBM."


def _span(rid: str, start: int, end: int, label: str) -> dict[str, Any]:
    value = {"start": start, "end": end, "text": TEXT[start:end], "labels": [label]}
    return {"id": rid, "from_name": "ner", "to_name": "text", "type": "labels", "value": value}


def _values(page: Any) -> list[tuple[int, int, str, list[str]]]:
    return [
        (r["value"]["start"], r["value"]["end"], r["value"]["text"], r["value"]["labels"])
        for r in page.annotation()["result"]
    ]


def test_span_from_the_keyboard_only(page: Any) -> None:
    cfg = labelconfig.parse(NER)
    p = page.open(render_html(cfg, {"text": TEXT}))
    for _ in range(3):  # PER, ORG, then the text
        p.keyboard.press("Tab")
    assert p.evaluate("document.activeElement.dataset.lcText") == "text"
    for _ in range(3):
        p.keyboard.press("Shift+ArrowRight")
    assert p.evaluate("getSelection().toString()") == "Ada"
    p.keyboard.press("p")  # the label's hotkey marks the selection
    p.keyboard.press("End")
    p.keyboard.press("Control+ArrowLeft")  # back over "IBM." to the start of the word
    p.keyboard.press("Control+Shift+ArrowRight")
    assert p.evaluate("getSelection().toString()") == "IBM"
    p.keyboard.press("o")
    assert _values(page) == [(0, 3, "Ada", ["PER"]), (13, 16, "IBM", ["ORG"])]
    assert [m.inner_text() for m in p.locator("mark.lc-span").all()] == ["Ada", "IBM"]
    assert lint(cfg, page.annotation(), {"text": TEXT}) == []
    assert page.errors == []


def test_keyboard_selection_across_lines(page: Any) -> None:
    cfg = labelconfig.parse(NER)
    text = "Ada\nworks at\nIBM"
    p = page.open(render_html(cfg, {"text": text}))
    p.locator("[data-lc-text=text]").focus()
    p.keyboard.press("Shift+ArrowDown")  # from the start of line 1 to the start of line 2
    assert p.evaluate("getSelection().toString()") == "Ada\n"
    p.keyboard.press("Shift+ArrowDown")
    assert p.evaluate("getSelection().toString()") == "Ada\nworks at\n"
    p.keyboard.press("Home")
    p.keyboard.press("ArrowDown")
    p.keyboard.press("ArrowDown")
    p.keyboard.press("Shift+ArrowRight")
    p.keyboard.press("Shift+ArrowRight")
    p.keyboard.press("Shift+ArrowRight")
    p.keyboard.press("o")
    assert _values(page) == [(13, 16, "IBM", ["ORG"])]
    assert lint(cfg, page.annotation(), {"text": text}) == []


def test_page_keys_select_delete_undo_redo_submit(page: Any) -> None:
    cfg = labelconfig.parse(NER)
    pre = [_span("a", 0, 3, "PER"), _span("b", 13, 16, "ORG")]
    task = {"data": {"text": TEXT}, "predictions": [{"result": pre}]}
    p = page.open(render_html(cfg, task))
    pick = p.get_by_role("button", name="Select region 1")
    pick.focus()
    p.keyboard.press("Enter")
    assert p.get_by_role("button", name="Select region 1").get_attribute("aria-pressed") == "true"
    p.keyboard.press("Escape")
    assert p.locator(".lc-regions [aria-pressed=true]").count() == 0
    p.get_by_role("button", name="Select region 2").focus()
    p.keyboard.press("Enter")
    p.keyboard.press("Delete")
    assert [v[2] for v in _values(page)] == ["Ada"]
    p.keyboard.press("Control+z")
    assert [v[2] for v in _values(page)] == ["Ada", "IBM"]
    p.keyboard.press("Control+Shift+Z")
    assert [v[2] for v in _values(page)] == ["Ada"]
    p.keyboard.press("Control+z")
    assert [v[2] for v in _values(page)] == ["Ada", "IBM"]
    p.evaluate("document.addEventListener('labelconfig:submit', (e) => { window.__sent = e.detail; })")
    p.keyboard.press("Control+Enter")
    sent = p.evaluate("window.__sent")
    assert [r["value"]["text"] for r in sent["result"]] == ["Ada", "IBM"]
    assert lint(cfg, sent, task) == []
    assert page.errors == []


def test_question_mark_shows_every_key(page: Any) -> None:
    p = page.open(render_html(labelconfig.parse(NER), {"text": TEXT}))
    p.keyboard.press("?")
    panel = p.get_by_role("dialog", name="Keyboard shortcuts")
    assert panel.is_visible()
    rows = panel.locator("tr").all_inner_texts()
    assert "Ctrl+Enter\tSubmit" in rows
    assert "p\tPER (ner)" in rows and "o\tORG (ner)" in rows
    assert any(r.startswith("Shift+Arrows\t") for r in rows)  # the text tool's own keys
    # Only the tools on the page: no waveform, time series, video, brush, gallery or ranker keys.
    others = ("waveform", "time series", "video", "brush", "gallery", "ranked")
    assert not [r for r in rows if any(w in r for w in others)]
    p.keyboard.press("Escape")
    assert panel.is_hidden()
    assert page.errors == []


def test_question_mark_lists_each_tools_keys_once(page: Any) -> None:
    """A tool's module adds its keys to the panel: an audio form lists the waveform's, once each even
    with two Audio objects, and no text tool's."""
    two = """<View><Audio name="a" value="$a"/><Audio name="b" value="$b"/>
<Labels name="l" toName="a,b"><Label value="Speech"/></Labels></View>"""
    p = page.open(render_html(labelconfig.parse(two), None))
    p.keyboard.press("?")
    rows = p.get_by_role("dialog", name="Keyboard shortcuts").locator("tr").all_inner_texts()
    wave = [r for r in rows if "waveform" in r]
    assert len(wave) == 3 == len(set(wave))
    assert not [r for r in rows if r.startswith("Shift+Arrows")]
    assert rows[-1] == "?\tShow or hide these keys"
    assert page.errors == []


def test_region_list_sits_beside_a_long_text(page: Any) -> None:
    text = ("Ada Lovelace wrote the first program. " * 2700)[:100_000]
    pre = [_span("a", 0, 3, "PER")]
    p = page.open(
        render_html(labelconfig.parse(NER), {"data": {"text": text}, "predictions": [{"result": pre}]})
    )
    p.set_viewport_size({"width": 1400, "height": 900})
    body = p.locator("[data-lc-text=text]").bounding_box()
    side = p.locator(".lc-sidebar").bounding_box()
    assert body["height"] > 5000  # the text is long ...
    assert side["x"] >= body["x"] + body["width"]  # ... and the list is beside it, at the top
    assert side["y"] < 300
    assert p.get_by_role("button", name="Select region 1").is_visible()
    p.set_viewport_size({"width": 700, "height": 900})  # narrow: the list follows the content
    side = p.locator(".lc-sidebar").bounding_box()
    assert side["y"] > p.locator("[data-lc-text=text]").bounding_box()["y"]


def test_header_captions_its_control_once(page: Any) -> None:
    cfg = labelconfig.parse(
        '<View><Header value="How does it feel?"/><Text name="t" value="$t"/>'
        '<Choices name="sentiment_v2" toName="t"><Choice value="Good"/></Choices>'
        '<Choices name="second" toName="t"><Choice value="Bad"/></Choices></View>'
    )
    p = page.open(render_html(cfg, {"t": "x"}))
    assert p.get_by_text("sentiment_v2").is_hidden()  # the name is not shown beside the Header ...
    assert (
        p.get_by_role("radiogroup", name="How does it feel?").get_by_label("Good").count() == 1
    )  # ... which names it
    assert p.get_by_text("second").is_visible()  # a control further down keeps its own name


def test_readonly_control_says_so_in_markup_and_words(page: Any) -> None:
    cfg = labelconfig.parse(
        '<View><Image name="a" value="$a"/>'
        '<BitmaskLabels name="speaker" toName="a"><Label value="Host"/></BitmaskLabels></View>'
    )  # the page paints Brush masks, not Bitmask ones (their PNG data URLs)
    p = page.open(render_html(cfg, {"a": "data:image/png;base64,"}))
    section = p.locator("[data-readonly=true]")
    assert section.get_attribute("data-lc-readonly") == "speaker"
    assert "cannot operate" in section.get_by_role("note").inner_text()
