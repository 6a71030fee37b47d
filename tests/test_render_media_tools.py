"""Ranking, chat and paragraph forms in a real Chromium, operated with the mouse and keys as an annotator
would: what the page records is compared value by value with what Label Studio's editor records for the
same gesture, and linted with labelconfig's own checker."""

from __future__ import annotations

import time
from typing import Any

import pytest
from render_support import codes, select_text, wav_data_url
from test_render_a11y import _serious, axe  # noqa: F401  (the axe-core fixture, skipped or failed as there)

import labelconfig
from labelconfig.render import render_html

ITEMS = [
    {"id": "blog", "title": "10 tips", "body": "Write a better function"},
    {"id": "mdn", "title": "Arrow functions", "body": "A compact alternative"},
    {"id": "wiki", "title": "Arrow (computer science)", "body": "A type class"},
]
RANK = """
<View>
  <List name="results" value="$items" title="Results"/>
  <Ranker name="rank" toName="results"/>
</View>"""
BUCKETS = """
<View>
  <List name="results" value="$items" title="Results"/>
  <Ranker name="rank" toName="results">
    <Bucket name="best" title="Best results"/>
    <Bucket name="ads" title="Paid results"/>
  </Ranker>
</View>"""


def _ranker(page: Any) -> dict[str, list[str]]:
    (r,) = page.annotation()["result"]
    assert (r["from_name"], r["to_name"], r["type"]) == ("rank", "results", "ranker")
    return dict(r["value"]["ranker"])


def _columns(p: Any) -> list[str]:
    return list(p.locator("[data-column]").evaluate_all("els => els.map(e => e.dataset.column)"))


def _item(p: Any, item_id: str) -> Any:
    return p.locator(f'.lc-ranker-item[data-id="{item_id}"]')


def _column(p: Any, name: str) -> list[str]:
    return list(p.locator(f'[data-column="{name}"] li').evaluate_all("els => els.map(e => e.dataset.id)"))


def test_ranker_reordered_by_drag_and_keys(page: Any) -> None:
    cfg = labelconfig.parse(RANK)
    task = {"items": ITEMS}
    p = page.open(render_html(cfg, task))
    assert p.locator("[data-lc-control=rank]").get_attribute("data-readonly") is None
    assert _column(p, "rank") == ["blog", "mdn", "wiki"]
    assert page.annotation() == {"result": []}  # nothing is recorded before the annotator acts
    _item(p, "wiki").drag_to(_item(p, "blog"))
    assert _ranker(page) == {"rank": ["wiki", "blog", "mdn"]}
    assert _column(p, "rank") == ["wiki", "blog", "mdn"]
    _item(p, "blog").focus()
    p.keyboard.press("Alt+ArrowDown")
    assert _ranker(page) == {"rank": ["wiki", "mdn", "blog"]}
    assert p.evaluate("document.activeElement.dataset.id") == "blog"  # the focus follows the item
    p.keyboard.press("ArrowUp")
    p.keyboard.press("Alt+ArrowUp")
    assert _ranker(page) == {"rank": ["mdn", "wiki", "blog"]}  # the example Label Studio's docs record
    p.keyboard.press("Control+z")
    assert _ranker(page) == {"rank": ["wiki", "mdn", "blog"]}
    assert codes(cfg.check_annotation(page.annotation(), task)) == []
    assert page.errors == []


def test_ranker_buckets_by_drag_and_keys(page: Any, axe: Any) -> None:  # noqa: F811
    cfg = labelconfig.parse(BUCKETS)
    task = {"items": ITEMS}
    p = page.open(render_html(cfg, task))
    # No bucket is the default: the items start in the unsorted column `_`, before the buckets.
    assert _columns(p) == ["_", "best", "ads"]
    assert _column(p, "_") == ["blog", "mdn", "wiki"]
    _item(p, "mdn").drag_to(p.locator("[data-column=best]"))
    assert _ranker(page) == {"_": ["blog", "wiki"], "best": ["mdn"], "ads": []}
    _item(p, "blog").focus()
    p.keyboard.press("Alt+ArrowRight")
    p.keyboard.press("Alt+ArrowRight")
    assert _ranker(page) == {"_": ["wiki"], "best": ["mdn"], "ads": ["blog"]}
    p.keyboard.press("Alt+ArrowLeft")
    p.keyboard.press("Alt+ArrowUp")
    assert _ranker(page) == {"_": ["wiki"], "best": ["blog", "mdn"], "ads": []}
    assert _column(p, "best") == ["blog", "mdn"]
    assert _serious(axe, p) == []
    assert codes(cfg.check_annotation(page.annotation(), task)) == []
    assert page.errors == []


def test_ranker_default_bucket_recorded_on_submit(page: Any) -> None:
    cfg = labelconfig.parse(BUCKETS.replace('title="Best results"', 'title="Best results" default="true"'))
    task = {"items": ITEMS}
    p = page.open(render_html(cfg, task))
    assert _columns(p) == ["best", "ads"]
    assert page.annotation() == {"result": []}
    # As Label Studio's editor does, an untouched Ranker is recorded on submit: every item where it starts.
    p.get_by_role("button", name="Submit").click()
    assert _ranker(page) == {"best": ["blog", "mdn", "wiki"], "ads": []}
    assert codes(cfg.check_annotation(page.annotation(), task)) == []


def test_ranker_prelabel_with_items_left_out(page: Any) -> None:
    cfg = labelconfig.parse(BUCKETS)
    task = {"items": ITEMS}
    pre = {"id": "rk2", "from_name": "rank", "to_name": "results", "type": "ranker"}
    pre["value"] = {"ranker": {"best": ["mdn"], "ads": []}}
    p = page.open(render_html(cfg, {"data": task, "predictions": [{"result": [pre]}]}))
    # Items no column holds are shown unsorted, as the editor does; the stored result is unchanged.
    assert _column(p, "_") == ["blog", "wiki"]
    assert _ranker(page) == {"best": ["mdn"], "ads": []}
    _item(p, "wiki").focus()
    p.keyboard.press("Alt+ArrowRight")
    assert _ranker(page) == {"_": ["blog"], "best": ["mdn", "wiki"], "ads": []}
    assert page.annotation()["result"][0]["origin"] == "prediction-changed"
    assert page.errors == []


PARAGRAPHS = """
<View>
  <Paragraphs name="chat_log" value="$utterances" layout="dialogue" nameKey="author" textKey="text"/>
  <ParagraphLabels name="intents" toName="chat_log">
    <Label value="Question" background="#9b59b6"/>
    <Label value="Complaint" background="rgb(230, 126, 34)"/>
    <Label value="Other"/>
  </ParagraphLabels>
</View>"""

# Each highlight on the page: the text of its ranges and the colours its `::highlight()` rule paints.
PAINTED = """() => {
    const rules = new Map();
    for (const sheet of [...document.styleSheets, ...document.adoptedStyleSheets]) {
        for (const rule of sheet.cssRules) {
            const m = /::highlight\\(([\\w-]+)\\)/.exec(rule.selectorText || "");
            if (m) rules.set(m[1], [rule.style.backgroundColor, rule.style.color]);
        }
    }
    const out = {};
    for (const [name, h] of CSS.highlights) {
        for (const r of h) out[r.toString()] = rules.get(name);
    }
    return out;
}"""


def test_paragraph_spans_in_their_label_colour(page: Any) -> None:
    cfg = labelconfig.parse(PARAGRAPHS)
    utterances = [
        {"author": "Ann", "text": "Where is my order"},
        {"author": "Bob", "text": "It is very late"},
    ]
    task = {"utterances": utterances}
    pre = {"id": "p1", "from_name": "intents", "to_name": "chat_log", "type": "paragraphlabels"}
    pre["value"] = {"start": "0", "end": "0", "startOffset": 0, "endOffset": 5, "text": "Where"}
    pre["value"]["paragraphlabels"] = ["Question"]
    p = page.open(render_html(cfg, {"data": task, "predictions": [{"result": [pre]}]}))
    assert page_painted(p) == {"Where": ["rgb(155, 89, 182)", "rgb(255, 255, 255)"]}
    p.get_by_role("button", name="Complaint").click()
    select_text(p, ".lc-paragraphs li:nth-child(2) .lc-utterance", 11, 15)
    assert page.annotation()["result"][1]["value"]["paragraphlabels"] == ["Complaint"]
    assert page_painted(p) == {
        "Where": ["rgb(155, 89, 182)", "rgb(255, 255, 255)"],
        "late": ["rgb(230, 126, 34)", "rgb(0, 0, 0)"],  # the ink that reads best on that orange
    }
    # A label without a colour keeps the page's own span colour, as on Text.
    p.get_by_role("button", name="Other").click()
    select_text(p, ".lc-paragraphs li:nth-child(1) .lc-utterance", 12, 17)
    assert page_painted(p)["order"] == ["rgb(255, 224, 138)", ""]
    assert codes(cfg.check_annotation(page.annotation(), task)) == []
    assert page.errors == []


def page_painted(p: Any) -> dict[str, list[str]]:
    return dict(p.evaluate(PAINTED))


def test_hypertext_spans_in_their_label_colour(page: Any) -> None:
    cfg = labelconfig.parse(
        '<View><HyperText name="doc" value="$html"/><HyperTextLabels name="ner" toName="doc">'
        '<Label value="Person" background="#1a5fb4"/></HyperTextLabels></View>'
    )
    task = {"html": "<p>Ada Lovelace wrote</p>"}
    pre = {"id": "h1", "from_name": "ner", "to_name": "doc", "type": "hypertextlabels"}
    pre["value"] = {"start": "/p[1]/text()[1]", "end": "/p[1]/text()[1]", "startOffset": 0, "endOffset": 3}
    pre["value"] |= {"globalOffsets": {"start": 0, "end": 3}, "text": "Ada", "hypertextlabels": ["Person"]}
    p = page.open(render_html(cfg, {"data": task, "predictions": [{"result": [pre]}]}))
    assert page_painted(p) == {"Ada": ["rgb(26, 95, 180)", "rgb(255, 255, 255)"]}
    assert codes(cfg.check_annotation(page.annotation(), task)) == []
    assert page.errors == []


CHAT = """
<View>
  <Chat name="chat" value="$chat" messageRoles="user,assistant" minMessages="3" maxMessages="4"/>
  <View visibleWhen="region-selected" whenRole="assistant">
    <Choices name="quality" toName="chat" perRegion="true">
      <Choice value="Helpful"/>
      <Choice value="Harmful"/>
    </Choices>
  </View>
  <Choices name="overall" toName="chat">
    <Choice value="Safe"/>
    <Choice value="Unsafe"/>
  </Choices>
</View>"""


def test_chat_messages_and_per_message_answers(page: Any, axe: Any) -> None:  # noqa: F811
    cfg = labelconfig.parse(CHAT)
    task = {"chat": [{"role": "user", "content": "Where is my parcel?"}]}
    p = page.open(render_html(cfg, task))
    assert p.locator("[data-lc-control=chat]").get_attribute("data-readonly") is None
    assert p.locator(".lc-dialogue [data-region]").count() == 0  # the task's messages are not regions
    p.get_by_role("button", name="Submit").click()
    assert "chat needs at least 3 messages (it has 1)" in p.locator("#lc-message").inner_text()
    before = time.time() * 1000
    p.get_by_label("Role").select_option("assistant")
    p.get_by_label("Message").fill("It ships tomorrow.")
    p.get_by_label("Message").press("Enter")
    after = time.time() * 1000
    (msg,) = page.annotation()["result"]
    assert (msg["from_name"], msg["to_name"], msg["type"]) == ("chat", "chat", "chatmessage")
    assert msg["value"]["chatmessage"]["role"] == "assistant"
    assert msg["value"]["chatmessage"]["content"] == "It ships tomorrow."
    assert before - 1 <= msg["value"]["chatmessage"]["createdAt"] <= after + 1
    assert isinstance(msg["value"]["chatmessage"]["createdAt"], int)
    # The new message is selected, so the assistant-only answers show at once and answer about it.
    assert (
        p.get_by_role("button", name="assistant It ships tomorrow.").get_attribute("aria-pressed") == "true"
    )
    p.get_by_label("Helpful").check()
    answer = page.annotation()["result"][1]
    assert answer["id"] == msg["id"]  # a per-region answer shares its message's id, and repeats no text
    assert (answer["from_name"], answer["to_name"], answer["type"]) == ("quality", "chat", "choices")
    assert answer["value"] == {"choices": ["Helpful"]}
    p.get_by_label("Role").select_option("user")
    p.get_by_label("Message").fill("Thanks")
    p.get_by_role("button", name="Send").click()
    assert p.get_by_label("Helpful").is_hidden()  # a user message is selected: whenRole="assistant"
    p.get_by_role("button", name="assistant It ships tomorrow.").click()
    assert p.get_by_label("Helpful").is_checked()
    p.get_by_label("Message").fill("Great")
    p.get_by_label("Message").press("Enter")
    assert p.get_by_role("button", name="Send").is_disabled()  # maxMessages="4", the task's one included
    p.get_by_label("Safe", exact=True).check()
    roles = [
        r["value"]["chatmessage"]["role"] for r in page.annotation()["result"] if r["type"] == "chatmessage"
    ]
    assert roles == ["assistant", "user", "user"]
    assert _serious(axe, p) == []
    assert codes(cfg.check_annotation(page.annotation(), task)) == []
    assert p.evaluate("window.labelconfig.submit()") is not None
    assert page.errors == []


SPEAKERS = """
  <Labels name="speaker" toName="call" choice="single">
    <Label value="Agent" background="#1f77b4"/>
    <Label value="Customer" background="#ff7f0e"/>
  </Labels>
"""
AUDIO = f"""
<View>
  <Audio name="call" value="$audio"/>
{SPEAKERS}  <TextArea name="transcript" toName="call" perRegion="true" rows="2"/>
</View>"""


def _audio_page(page: Any, config: str, seconds: float) -> tuple[labelconfig.Config, dict[str, Any], Any]:
    """The form of `config` on a clip of `seconds` (a tone, then silence), once its waveform is drawn."""
    cfg = labelconfig.parse(config)
    task = {"audio": wav_data_url(seconds)}
    p = page.open(render_html(cfg, task))
    p.wait_for_function("document.querySelector('.lc-wave').dataset.waveform === 'drawn'")
    return cfg, task, p


def _inked(p: Any, x: float, y0: float = 0.0, y1: float = 1.0) -> int:
    """Pixels drawn on the waveform's canvas in the column at fraction `x` of its width, between the
    fractions `y0` and `y1` of its height."""
    return int(
        p.evaluate(
            """([x, y0, y1]) => {
                const c = document.querySelector('.lc-wave canvas'), h = c.height, g = c.getContext('2d');
                const d = g.getImageData(Math.floor(x * c.width), y0 * h, 1, (y1 - y0) * h).data;
                let n = 0;
                for (let i = 3; i < d.length; i += 4) if (d[i]) n++;
                return n;
            }""",
            [x, y0, y1],
        )
    )


def test_audio_segments_on_the_waveform(page: Any, axe: Any) -> None:  # noqa: F811
    cfg, task, p = _audio_page(page, AUDIO, 2.0)
    stage = p.get_by_role("application", name="Waveform of call")
    assert float(stage.get_attribute("data-duration")) == 2.0
    # The waveform is drawn from the samples: the tone's half is tall, the silent half one pixel high.
    assert _inked(p, 0.25) > 40 and _inked(p, 0.75) <= 1
    box = stage.bounding_box()
    p.get_by_role("button", name="Agent", exact=True).click()
    x0, x1, y = box["x"] + box["width"] * 0.25, box["x"] + box["width"] * 0.75, box["y"] + box["height"] / 2
    p.mouse.move(x0, y)
    p.mouse.down()
    p.mouse.move(x1, y, steps=5)
    p.mouse.up()
    (r,) = page.annotation()["result"]
    assert (r["from_name"], r["to_name"], r["type"], r["original_length"]) == (
        "speaker",
        "call",
        "labels",
        2.0,
    )
    assert r["value"]["start"] == pytest.approx(0.5, abs=2.0 / box["width"])  # within one pixel
    assert r["value"]["end"] == pytest.approx(1.5, abs=2.0 / box["width"])
    assert (r["value"]["channel"], r["value"]["labels"]) == (0, ["Agent"])
    # The new segment is selected: its transcript is typed for it.
    p.get_by_role("textbox", name="transcript").fill("hello there")
    p.get_by_role("textbox", name="transcript").press("Enter")
    answer = page.annotation()["result"][1]
    assert (answer["id"], answer["from_name"], answer["type"]) == (r["id"], "transcript", "textarea")
    assert answer["original_length"] == 2.0
    assert answer["value"] == {k: r["value"][k] for k in ("start", "end", "channel")} | {
        "text": ["hello there"]
    }
    # With no label pressed, a click on the segment plays it from its start.
    p.get_by_role("button", name="Agent", exact=True).click()
    p.locator(f'.lc-wave-region[data-region="{r["id"]}"]').click()
    played = p.evaluate("document.querySelector('figure[data-lc-object=call] audio').currentTime")
    assert r["value"]["start"] - 0.01 <= played <= r["value"]["end"]
    assert codes(cfg.check_annotation(page.annotation(), task)) == []
    assert _serious(axe, p) == []
    assert page.errors == []


def test_audio_segment_from_the_keyboard(page: Any) -> None:
    cfg, task, p = _audio_page(page, AUDIO, 2.0)
    p.get_by_role("button", name="Customer", exact=True).click()
    p.get_by_role("application", name="Waveform of call").focus()
    for _ in range(5):
        p.keyboard.press("ArrowRight")  # the cursor to 5% of 2 s
    for _ in range(10):
        p.keyboard.press("Shift+ArrowRight")
    p.keyboard.press("Enter")
    (r,) = page.annotation()["result"]
    assert r["value"] == {"start": 0.1, "end": 0.3, "channel": 0, "labels": ["Customer"]}
    assert r["original_length"] == 2.0
    assert codes(cfg.check_annotation(page.annotation(), task)) == []
    assert page.errors == []


def test_audio_segment_edge_dragged(page: Any) -> None:
    cfg = labelconfig.parse(AUDIO)
    task = {"audio": wav_data_url(2.0)}
    span = {"start": 0.5, "end": 1.5, "channel": 0}
    seg = {"id": "s1", "from_name": "speaker", "to_name": "call", "type": "labels", "original_length": 2.0}
    text = {**seg, "from_name": "transcript", "type": "textarea", "value": {**span, "text": ["hi"]}}
    seg["value"] = {**span, "labels": ["Agent"]}
    p = page.open(render_html(cfg, {"data": task, "predictions": [{"result": [seg, text]}]}))
    p.wait_for_function("document.querySelector('.lc-wave').dataset.duration !== undefined")
    box = p.get_by_role("application", name="Waveform of call").bounding_box()
    region = p.locator('.lc-wave-region[data-region="s1"]').bounding_box()
    y = region["y"] + region["height"] / 2
    p.mouse.move(region["x"] + region["width"] - 2, y)  # on the end edge
    p.mouse.down()
    p.mouse.move(box["x"] + box["width"] * 0.875, y, steps=5)
    p.mouse.up()
    moved, answer = page.annotation()["result"]
    assert moved["value"]["start"] == 0.5 and moved["value"]["labels"] == ["Agent"]
    assert moved["value"]["end"] == pytest.approx(1.75, abs=2.0 / box["width"])
    # The transcript keeps its text and follows its segment.
    assert answer["value"] == {"start": 0.5, "end": moved["value"]["end"], "channel": 0, "text": ["hi"]}
    assert moved["origin"] == answer["origin"] == "prediction-changed"
    assert codes(cfg.check_annotation(page.annotation(), task)) == []
    assert page.errors == []


AUDIO_PLUS = f"""
<View>
  <AudioPlus name="call" value="$audio"/>
{SPEAKERS}  <Choices name="line" toName="call"><Choice value="Clear"/><Choice value="Noisy"/></Choices>
  <TextArea name="transcript" toName="call" perRegion="true" rows="2"/>
  <Choices name="mood" toName="call" perRegion="true"><Choice value="Calm"/><Choice value="Upset"/></Choices>
</View>"""


def _wave_scale(p: Any) -> tuple[float, float]:
    """The page's own scale: screen x of the clip's 0 s, and pixels per second at the current zoom."""
    left = p.evaluate("document.querySelector('.lc-wave-track').getBoundingClientRect().left")
    return left, float(p.locator(".lc-wave").get_attribute("data-px-per-second"))


def test_audio_zoom_scroll_adjust_relabel_and_answers(page: Any) -> None:
    cfg, task, p = _audio_page(page, AUDIO_PLUS, 8.0)
    stage = p.get_by_role("application", name="Waveform of call")
    box = stage.bounding_box()
    _, fitted = _wave_scale(p)
    assert fitted == pytest.approx(p.evaluate("document.querySelector('.lc-wave').clientWidth") / 8.0)
    # Zoom: two clicks make the clip 4 times as wide, drawn only where the view shows it.
    p.get_by_role("button", name="Zoom in").click()
    p.get_by_role("button", name="Zoom in").click()
    assert stage.get_attribute("data-zoom") == "4"
    assert _wave_scale(p)[1] == pytest.approx(4 * fitted)
    assert p.evaluate("document.querySelector('.lc-wave canvas').width") == p.evaluate(
        "document.querySelector('.lc-wave').clientWidth"
    )
    # Scroll: the wheel moves the view along the clip.
    y = box["y"] + 30
    p.mouse.move(box["x"] + box["width"] / 2, y)
    p.mouse.wheel(0, 400)
    p.wait_for_function("document.querySelector('.lc-wave').scrollLeft > 0")
    left, pps = _wave_scale(p)
    assert left < box["x"]
    # Drag with a label pressed: seconds are the pixels dragged at the page's own scale.
    p.get_by_role("button", name="Agent", exact=True).click()
    x0, x1 = box["x"] + 100, box["x"] + 300
    p.mouse.move(x0, y)
    p.mouse.down()
    p.mouse.move(x1, y, steps=5)
    p.mouse.up()
    (seg,) = page.annotation()["result"]
    one_px = 1.0 / pps
    assert seg["value"]["start"] == pytest.approx((x0 - left) / pps, abs=one_px)
    assert seg["value"]["end"] == pytest.approx((x1 - left) / pps, abs=one_px)
    assert (seg["type"], seg["to_name"], seg["original_length"], seg["value"]["labels"]) == (
        "labels",
        "call",
        8.0,
        ["Agent"],
    )
    # Drag the start edge 50 px to the left.
    region = p.locator(f'.lc-wave-region[data-region="{seg["id"]}"]').bounding_box()
    p.mouse.move(region["x"] + 2, y)
    p.mouse.down()
    p.mouse.move(region["x"] + 2 - 50, y, steps=5)
    p.mouse.up()
    (seg,) = page.annotation()["result"]
    assert seg["value"]["start"] == pytest.approx((region["x"] + 2 - 50 - left) / pps, abs=one_px)
    assert seg["value"]["end"] == pytest.approx((x1 - left) / pps, abs=one_px)
    # Ctrl+wheel zooms out around the pointer: the instant under it stays where it is.
    under = (x1 - left) / pps
    p.mouse.move(x1, y)
    p.keyboard.down("Control")
    p.mouse.wheel(0, 100)
    p.keyboard.up("Control")
    p.wait_for_function("document.querySelector('.lc-wave').dataset.zoom === '2'")
    left, pps = _wave_scale(p)
    assert pps == pytest.approx(2 * fitted)
    assert (x1 - left) / pps == pytest.approx(under, abs=2 / pps)
    # Relabel: with no label pressed a click selects (and plays) the segment; a label clicked relabels it.
    p.get_by_role("button", name="Agent", exact=True).click()
    p.locator(f'.lc-wave-region[data-region="{seg["id"]}"]').click()
    p.get_by_role("button", name="Customer", exact=True).click()
    (seg,) = page.annotation()["result"]
    assert seg["value"]["labels"] == ["Customer"]
    span = {k: seg["value"][k] for k in ("start", "end", "channel")}
    # Per-region answers for the selected segment, and a choice about the whole clip.
    p.get_by_role("textbox", name="transcript").fill("where is my parcel")
    p.get_by_role("textbox", name="transcript").press("Enter")
    p.locator("[data-lc-control=mood]").get_by_text("Upset").click()
    p.locator("[data-lc-control=line]").get_by_text("Noisy").click()
    by_name = {r["from_name"]: r for r in page.annotation()["result"]}
    assert by_name["transcript"]["value"] == span | {"text": ["where is my parcel"]}
    assert by_name["mood"]["value"] == span | {"choices": ["Upset"]}
    assert by_name["transcript"]["id"] == by_name["mood"]["id"] == seg["id"]
    assert by_name["mood"]["original_length"] == 8.0
    assert by_name["line"]["value"] == {"choices": ["Noisy"]} and by_name["line"]["id"] != seg["id"]
    assert codes(cfg.check_annotation(page.annotation(), task)) == []
    assert page.errors == []


def test_audio_segment_adjusted_from_the_keyboard_and_undone(page: Any) -> None:
    cfg, task, p = _audio_page(page, AUDIO_PLUS, 8.0)
    p.get_by_role("button", name="Agent", exact=True).click()
    stage = p.get_by_role("application", name="Waveform of call")
    stage.focus()
    p.keyboard.press("+")  # ×2: a step is 0.5% of the clip, 0.04 s
    assert stage.get_attribute("data-zoom") == "2"
    for _ in range(10):
        p.keyboard.press("ArrowRight")
    for _ in range(25):
        p.keyboard.press("Shift+ArrowRight")
    p.keyboard.press("Enter")  # 0.4 s to 1.4 s, selected
    (seg,) = page.annotation()["result"]
    assert seg["value"] == {"start": 0.4, "end": 1.4, "channel": 0, "labels": ["Agent"]}
    for _ in range(5):
        p.keyboard.press("ArrowLeft")
    p.keyboard.press("]")  # the end to the cursor, 1.2 s
    assert page.annotation()["result"][0]["value"]["end"] == pytest.approx(1.2)
    p.keyboard.press("-")
    for _ in range(15):
        p.keyboard.press("ArrowLeft")  # ×1: 1% a step, back to 0 s
    p.keyboard.press("[")
    assert page.annotation()["result"][0]["value"] == {
        "start": 0.0,
        "end": 1.2,
        "channel": 0,
        "labels": ["Agent"],
    }
    # Undo steps back through each edit, redo brings them back.
    p.keyboard.press("Control+z")
    assert page.annotation()["result"][0]["value"]["start"] == 0.4
    p.keyboard.press("Control+z")
    assert page.annotation()["result"][0]["value"]["end"] == 1.4
    p.keyboard.press("Control+z")
    assert page.annotation()["result"] == []
    p.keyboard.press("Control+Shift+z")
    p.keyboard.press("Control+Shift+z")
    assert page.annotation()["result"][0]["value"] == {
        "start": 0.4,
        "end": 1.2,
        "channel": 0,
        "labels": ["Agent"],
    }
    assert codes(cfg.check_annotation(page.annotation(), task)) == []
    assert page.errors == []


def test_audio_not_inlined_says_how_to_get_its_timeline(page: Any) -> None:
    """The page fetches nothing, so a remote clip has no waveform and no length until it is played:
    a drag says so instead of doing nothing."""
    cfg = labelconfig.parse(AUDIO)
    p = page.open(render_html(cfg, {"audio": "https://example.com/call.mp3"}))
    p.get_by_role("button", name="Agent", exact=True).click()
    box = p.get_by_role("application", name="Waveform of call").bounding_box()
    p.mouse.move(box["x"] + 20, box["y"] + 20)
    p.mouse.down()
    p.mouse.move(box["x"] + 120, box["y"] + 20, steps=3)
    p.mouse.up()
    assert "call: play the audio once to load its length" in p.locator("#lc-message").inner_text()
    assert page.annotation()["result"] == []
    assert p.get_by_role("toolbar", name="Player of call").count() == 1
    # zoom="false": no zoom at all, as in the editor.
    unzoomed = labelconfig.parse(AUDIO.replace('value="$audio"', 'value="$audio" zoom="false"'))
    p = page.open(render_html(unzoomed, {"audio": "https://example.com/call.mp3"}))
    assert p.get_by_role("toolbar", name="Player of call").count() == 0


def test_audio_split_channels_zoomed_at_start(page: Any) -> None:
    """splitchannels draws each channel in its own band and records the band dragged on as `channel`;
    defaultzoom and height are the editor's settings for the player."""
    config = f"""
<View>
  <Audio name="call" value="$audio" splitchannels="true" defaultzoom="2" height="160"/>
{SPEAKERS}</View>"""
    cfg = labelconfig.parse(config)
    task = {"audio": wav_data_url(4.0, channels=2)}
    p = page.open(render_html(cfg, task))
    p.wait_for_function("document.querySelector('.lc-wave').dataset.waveform === 'drawn'")
    stage = p.get_by_role("application", name="Waveform of call")
    assert stage.get_attribute("data-zoom") == "2"
    # The view shows the first half: the first channel's tone on top, the second channel silent below.
    assert _inked(p, 0.5, 0, 0.5) > 30 and _inked(p, 0.5, 0.5, 1) <= 1
    box = stage.bounding_box()
    assert box["height"] == pytest.approx(160, abs=2)
    left, pps = _wave_scale(p)
    p.get_by_role("button", name="Customer", exact=True).click()
    for band, y in ((1, box["y"] + 120), (0, box["y"] + 30)):
        p.mouse.move(box["x"] + 50, y)
        p.mouse.down()
        p.mouse.move(box["x"] + 250, y, steps=4)
        p.mouse.up()
        seg = page.annotation()["result"][-1]
        assert seg["value"]["channel"] == band
        assert seg["value"]["start"] == pytest.approx((box["x"] + 50 - left) / pps, abs=1 / pps)
        drawn = p.locator(f'.lc-wave-region[data-region="{seg["id"]}"]').bounding_box()
        assert (drawn["y"] + drawn["height"] / 2 > box["y"] + box["height"] / 2) == (band == 1)
    assert codes(cfg.check_annotation(page.annotation(), task)) == []
    assert page.errors == []


def test_audio_drag_past_the_view_scrolls_it(page: Any) -> None:
    cfg, task, p = _audio_page(page, AUDIO, 8.0)
    stage = p.get_by_role("application", name="Waveform of call")
    for _ in range(3):
        p.get_by_role("button", name="Zoom in").click()
    box = stage.bounding_box()
    p.get_by_role("button", name="Agent", exact=True).click()
    y, x0 = box["y"] + 30, box["x"] + box["width"] / 2
    left, pps = _wave_scale(p)
    start, shown_until = (x0 - left) / pps, (box["x"] + box["width"] - left) / pps
    p.mouse.move(x0, y)
    p.mouse.down()
    p.mouse.move(box["x"] + box["width"] + 60, y, steps=6)  # 60 px past the right side of the view
    p.mouse.up()
    scrolled = p.evaluate("document.querySelector('.lc-wave').scrollLeft")
    assert scrolled > 0
    left, _ = _wave_scale(p)  # the track moved left as the view scrolled
    (seg,) = page.annotation()["result"]
    assert seg["value"]["start"] == pytest.approx(start, abs=1 / pps)
    assert seg["value"]["end"] == pytest.approx((box["x"] + box["width"] + 60 - left) / pps, abs=1 / pps)
    assert seg["value"]["end"] > shown_until + 50 / pps  # past what the view showed before the drag
    assert codes(cfg.check_annotation(page.annotation(), task)) == []
    assert page.errors == []


def test_audio_hotkey_plays_and_pauses(page: Any) -> None:
    config = AUDIO.replace('value="$audio"', 'value="$audio" hotkey="p"')
    _, _, p = _audio_page(page, config, 2.0)
    paused = "document.querySelector('figure[data-lc-object=call] audio').paused"
    assert p.evaluate(paused) is True
    p.keyboard.press("p")
    p.wait_for_function(f"!{paused}")
    p.keyboard.press("p")
    p.wait_for_function(paused)
    assert p.get_by_role("button", name="Play or pause call").get_attribute("data-hotkey") == "p"
    assert page.errors == []
