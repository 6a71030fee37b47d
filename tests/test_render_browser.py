"""Rendered forms in a real browser: operated like an annotator, what the page emits is linted with
labelconfig's own payload linter; every config round-trips its sample prediction."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from render_support import EXTRA, REALWORLD, VALID, codes, png_data_url, point_of, select_text, without_origin

import labelconfig
from labelconfig.payloads.sample import sample
from labelconfig.render import render_html

FIXTURES = Path(__file__).parent / "fixtures" / "valid"


def _cfg(name: str) -> labelconfig.Config:
    return labelconfig.parse((FIXTURES / name).read_text(encoding="utf-8"))


def _lint_clean(cfg: labelconfig.Config, annotation: dict[str, Any], task: dict[str, Any]) -> None:
    assert codes(cfg.check_annotation(annotation, task)) == []


@pytest.mark.parametrize("path", VALID + REALWORLD + EXTRA, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_round_trip_of_sample_prediction(page: Any, path: Path) -> None:
    cfg = labelconfig.parse(path.read_text(encoding="utf-8"))
    task = sample(cfg)
    page.open(render_html(cfg, task))
    got = page.annotation()["result"]
    assert without_origin(got) == task["predictions"][0]["result"]
    assert all(r["origin"] == "prediction" for r in got)
    assert page.errors == []


def test_sentiment_by_click_and_hotkey(page: Any) -> None:
    cfg = _cfg("sentiment_text_choices.xml")
    task = {"review": "Great blender, but loud."}
    p = page.open(render_html(cfg, task))
    assert page.annotation() == {"result": []}
    p.get_by_label("Neutral").check()
    (r,) = page.annotation()["result"]
    assert (r["from_name"], r["to_name"], r["type"], r["value"]) == (
        "sentiment",
        "review",
        "choices",
        {"choices": ["Neutral"]},
    )
    p.keyboard.press("3")  # Negative's hotkey; a radio group keeps one answer
    (r,) = page.annotation()["result"]
    assert r["value"] == {"choices": ["Negative"]}
    assert r["origin"] == "manual"
    _lint_clean(cfg, page.annotation(), task)
    assert page.errors == []


def test_image_classification_multiple_and_required(page: Any) -> None:
    cfg = _cfg("image_classification.xml")
    task = {"image_url": png_data_url(64, 48)}
    p = page.open(render_html(cfg, task))
    p.get_by_role("button", name="Submit").click()
    assert "Pick at least one animal" in p.locator("#lc-message").inner_text()
    p.get_by_label("Cat").check()
    p.get_by_label("Nothing").check()
    (r,) = page.annotation()["result"]
    assert r["value"] == {"choices": ["Cat", "none"]}  # the alias is what results carry
    p.get_by_label("Cat").uncheck()
    assert page.annotation()["result"][0]["value"] == {"choices": ["none"]}
    _lint_clean(cfg, page.annotation(), task)


def test_boxes_by_dragging(page: Any) -> None:
    cfg = _cfg("object_detection_rectangles.xml")
    task = {"image": png_data_url(400, 300)}
    p = page.open(render_html(cfg, task))
    p.get_by_role("button", name="Car").click()
    box = p.locator(".lc-stage").bounding_box()
    p.mouse.move(box["x"] + box["width"] * 0.1, box["y"] + box["height"] * 0.2)
    p.mouse.down()
    p.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.4, steps=5)
    p.mouse.up()
    # The new box is selected (a label pressed now would relabel it, as in Label Studio): Escape
    # unselects, then Pedestrian by hotkey and a second box.
    p.keyboard.press("Escape")
    p.keyboard.press("p")
    p.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    p.mouse.down()
    p.mouse.move(box["x"] + box["width"] * 0.9, box["y"] + box["height"] * 0.95, steps=5)
    p.mouse.up()
    car, person = page.annotation()["result"]
    assert (car["type"], car["value"]["rectanglelabels"]) == ("rectanglelabels", ["Car"])
    assert person["value"]["rectanglelabels"] == ["person"]
    for r in (car, person):
        assert (r["original_width"], r["original_height"]) == (400, 300)
    v = car["value"]
    assert v["x"] == pytest.approx(10, abs=0.6) and v["y"] == pytest.approx(20, abs=0.6)
    assert v["width"] == pytest.approx(20, abs=0.6) and v["height"] == pytest.approx(20, abs=0.6)
    _lint_clean(cfg, page.annotation(), task)
    p.get_by_role("button", name="Delete region 1").click()
    assert [r["value"]["rectanglelabels"] for r in page.annotation()["result"]] == [["person"]]
    p.keyboard.press("Control+z")
    assert len(page.annotation()["result"]) == 2
    assert page.errors == []


def test_ner_by_selecting_and_double_clicking(page: Any) -> None:
    cfg = _cfg("ner_labels_before_text.xml")
    text = "🎉 Ada Lovelace met Charles Babbage in London."
    task = {"text": text}
    p = page.open(render_html(cfg, task))
    p.get_by_role("button", name="Person").click()
    units = (
        len("🎉 ".encode("utf-16-le")) // 2
    )  # 3 units before "Ada" in the browser, 2 code points in results
    select_text(p, "[data-lc-text=article]", units, units + len("Ada Lovelace"))
    p.get_by_role("button", name="Location").click()
    x, y = point_of(p, "[data-lc-text=article]", text.index("London") + 2)  # UTF-16 units
    p.mouse.dblclick(x, y)
    person, place = page.annotation()["result"]
    assert person["value"] == {"start": 2, "end": 14, "text": "Ada Lovelace", "labels": ["Person"]}
    assert text[2:14] == "Ada Lovelace"
    start = text.index("London")
    assert place["value"] == {"start": start, "end": start + 6, "text": "London", "labels": ["Location"]}
    _lint_clean(cfg, page.annotation(), task)
    assert page.errors == []


def test_summary_typed_counts_before_it_is_added(page: Any) -> None:
    cfg = _cfg("summarization_textarea.xml")
    task = {"article": "Long article text."}
    p = page.open(render_html(cfg, task))
    p.get_by_role("textbox").fill("A short summary.")
    (r,) = page.annotation()["result"]
    assert (r["type"], r["value"]) == ("textarea", {"text": ["A short summary."]})
    p.get_by_role("textbox").press("Enter")
    assert page.annotation()["result"][0]["value"] == {"text": ["A short summary."]}
    assert p.get_by_role("textbox").input_value() == ""
    _lint_clean(cfg, page.annotation(), task)


def test_survey_controls(page: Any) -> None:
    cfg = _cfg("survey_controls.xml")
    task = {"prompt": "Explain tides.", "context": "Physics class"}
    p = page.open(render_html(cfg, task))
    assert p.locator("[data-lc-control=issue]").is_hidden()  # visibleWhen: has_issue = Yes
    p.get_by_label("4 of 5").check()
    p.locator("[data-lc-control=word_count] input").fill("250")
    p.locator("[data-lc-control=published] input").fill("2024-05-17")
    p.get_by_label("Physics").check()
    p.get_by_label("Yes").check()
    assert p.locator("[data-lc-control=issue]").is_visible()
    p.locator("[data-lc-control=issue] textarea").fill("Wrong formula")
    p.locator("[data-lc-control=issue] textarea").press("Enter")
    values = {r["from_name"]: r["value"] for r in page.annotation()["result"]}
    assert values == {
        "helpfulness": {"rating": 4},
        "word_count": {"number": 250},
        "published": {"datetime": "2024-05-17"},
        "topics": {"taxonomy": [["Science", "Physics"]]},
        "has_issue": {"choices": ["Yes"]},
        "issue": {"text": ["Wrong formula"]},
    }
    _lint_clean(cfg, page.annotation(), task)
    assert page.errors == []


def test_pairwise_and_repeater(page: Any) -> None:
    cfg = _cfg("pairwise_repeater.xml")
    task = {"answer_a": "A", "answer_b": "B", "attachments": [{"url": png_data_url(8, 8)}] * 2}
    p = page.open(render_html(cfg, task))
    p.get_by_label("Right is better").check()
    p.locator("[data-lc-control=attachment_ok_1]").get_by_label("Relevant", exact=True).check()
    results = page.annotation()["result"]
    assert [(r["from_name"], r["value"]) for r in results] == [
        ("preference", {"selected": "right"}),
        ("attachment_ok_1", {"choices": ["Relevant"]}),
    ]
    _lint_clean(cfg, page.annotation(), task)


def test_submit_event_carries_the_annotation(page: Any) -> None:
    cfg = _cfg("sentiment_text_choices.xml")
    p = page.open(render_html(cfg, {"review": "ok"}))
    p.evaluate("document.addEventListener('labelconfig:submit', e => { window.__sent = e.detail; })")
    p.get_by_label("Positive").check()
    p.get_by_role("button", name="Submit").click()
    sent = p.evaluate("window.__sent")
    assert sent == page.annotation()
    assert sent["result"][0]["value"] == {"choices": ["Positive"]}


def _click_at(p: Any, fractions: list[tuple[float, float]]) -> None:
    box = p.locator(".lc-stage").first.bounding_box()
    for fx, fy in fractions:
        p.mouse.click(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)


def test_polygon_keypoint_and_ellipse(page: Any) -> None:
    cfg = _cfg("image_segmentation_shapes.xml")
    task = {"image": png_data_url(200, 100)}
    p = page.open(render_html(cfg, task))
    p.get_by_role("button", name="Building").click()
    _click_at(p, [(0.1, 0.1), (0.5, 0.1), (0.3, 0.6), (0.1, 0.1)])  # back on the first point closes
    p.get_by_role("button", name="Well").click()
    _click_at(p, [(0.75, 0.25)])
    p.get_by_role("button", name="Tree").click()
    box = p.locator(".lc-stage").bounding_box()
    p.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.5)
    p.mouse.down()
    p.mouse.move(box["x"] + box["width"] * 0.8, box["y"] + box["height"] * 0.9, steps=4)
    p.mouse.up()
    poly, point, tree = page.annotation()["result"]
    assert tree["value"]["ellipselabels"] == ["Tree"]
    # Centred where the drag began, radii the drag's reach, as the editor's two-point tool draws it.
    assert (tree["value"]["x"], tree["value"]["y"]) == (
        pytest.approx(60, abs=0.6),
        pytest.approx(50, abs=1.1),
    )
    assert (tree["value"]["radiusX"], tree["value"]["radiusY"]) == (
        pytest.approx(20, abs=0.6),
        pytest.approx(40, abs=1.1),
    )
    assert (poly["type"], poly["value"]["polygonlabels"]) == ("polygonlabels", ["Building"])
    assert poly["value"]["points"] == [
        [pytest.approx(10, abs=0.6), pytest.approx(10, abs=1.1)],
        [pytest.approx(50, abs=0.6), pytest.approx(10, abs=1.1)],
        [pytest.approx(30, abs=0.6), pytest.approx(60, abs=1.1)],
    ]
    assert poly["value"]["closed"] is True
    assert point["value"]["keypointlabels"] == ["Well"]
    assert point["value"]["x"] == pytest.approx(75, abs=0.6)
    assert (point["original_width"], point["original_height"]) == (200, 100)
    _lint_clean(cfg, page.annotation(), task)
    assert page.errors == []


RELATIONS = """
<View>
  <Labels name="ner" toName="text"><Label value="PER"/><Label value="ORG"/></Labels>
  <Text name="text" value="$text"/>
  <Relations><Relation value="works_for"/></Relations>
</View>"""


def test_relation_between_two_spans(page: Any) -> None:
    cfg = labelconfig.parse(RELATIONS)
    task = {"text": "Ada works at Acme."}
    p = page.open(render_html(cfg, task))
    p.get_by_role("button", name="PER").click()
    select_text(p, "[data-lc-text=text]", 0, 3)
    p.get_by_role("button", name="ORG").click()
    select_text(p, "[data-lc-text=text]", 13, 17)
    p.get_by_role("button", name="Link region 1 to another").click()
    p.get_by_role("button", name="Select region 2").click()
    ada, acme, rel = page.annotation()["result"]
    assert (ada["value"]["text"], acme["value"]["text"]) == ("Ada", "Acme")
    assert (rel["type"], rel["from_id"], rel["to_id"], rel["direction"]) == (
        "relation",
        ada["id"],
        acme["id"],
        "right",
    )
    _lint_clean(cfg, page.annotation(), task)
    p.get_by_role("button", name="Delete region 1").click()  # its relation goes with it
    assert [r["value"]["text"] for r in page.annotation()["result"]] == ["Acme"]


def test_readme_page_contract_runs(page: Any) -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("```js\n", 1)[1].split("```", 1)[0]
    p = page.open(render_html(_cfg("sentiment_text_choices.xml"), {"review": "ok"}))
    p.get_by_label("Positive").check()
    p.evaluate("document.addEventListener('labelconfig:submit', (e) => { window.__event = e.detail; })")
    p.evaluate(f"() => {{ const save = (a) => {{ window.__saved = a; }};\n{block}\n}}")
    sent = p.evaluate("window.__event")
    assert [r["value"] for r in sent["result"]] == [{"choices": ["Positive"]}]
    assert page.annotation() == {"result": []}  # the example ends with undo()
    assert page.errors == []


PER_REGION = """
<View>
  <Image name="img" value="$image"/>
  <RectangleLabels name="box" toName="img"><Label value="Car"/></RectangleLabels>
  <View visibleWhen="region-selected">
    <Choices name="colour" toName="img" perRegion="true"><Choice value="Red"/><Choice value="Blue"/></Choices>
    <TextArea name="plate" toName="img" perRegion="true"/>
  </View>
</View>"""


def test_per_region_answers_follow_the_selected_box(page: Any) -> None:
    cfg = labelconfig.parse(PER_REGION)
    task = {"image": png_data_url(300, 200)}
    p = page.open(render_html(cfg, task))
    assert p.get_by_label("Red").is_hidden()  # visibleWhen="region-selected", none selected yet
    p.get_by_role("button", name="Car").click()
    box = p.locator(".lc-stage").bounding_box()
    p.mouse.move(box["x"] + 30, box["y"] + 20)
    p.mouse.down()
    p.mouse.move(box["x"] + 150, box["y"] + 120, steps=4)
    p.mouse.up()
    p.get_by_role("button", name="Car").click()  # release the label: clicks now select regions
    p.get_by_role("button", name="Select region 1").click()
    p.get_by_label("Blue").check()
    p.locator("[data-lc-control=plate] textarea").fill("AB 123")
    p.locator("[data-lc-control=plate] textarea").press("Enter")
    region, colour, plate = page.annotation()["result"]
    assert colour["id"] == plate["id"] == region["id"]
    geometry = {k: v for k, v in region["value"].items() if k != "rectanglelabels"}
    assert colour["value"] == {**geometry, "choices": ["Blue"]}
    assert plate["value"] == {**geometry, "text": ["AB 123"]}
    _lint_clean(cfg, page.annotation(), task)
    p.get_by_role("button", name="Delete region 1").click()  # the answers go with their region
    assert page.annotation() == {"result": []}
    assert page.errors == []


def test_datetime_written_in_the_controls_format(page: Any) -> None:
    cfg = labelconfig.parse(
        '<View><Text name="t" value="$t"/><DateTime name="when" toName="t" format="%d.%m.%Y %H:%M"/></View>'
    )
    task = {"t": "x"}
    p = page.open(render_html(cfg, task))
    p.locator("[data-lc-control=when] input").fill("2024-05-17T09:05")
    assert page.annotation()["result"][0]["value"] == {"datetime": "17.05.2024 09:05"}
    _lint_clean(cfg, page.annotation(), task)


def test_submit_posts_json_to_the_submit_url(page: Any) -> None:

    cfg = _cfg("sentiment_text_choices.xml")
    p = page.open(render_html(cfg, {"review": "ok"}, submit_url="https://labels.example.org/api/submit"))
    posted: list[Any] = []

    def capture(route: Any) -> None:
        posted.append((route.request.method, route.request.post_data_json))
        # A server that answers after the test starts waiting, as a loaded machine does: the wait
        # below must then poll, which is what once failed (see the comment there).
        time.sleep(0.2)
        route.fulfill(status=200, body="{}", headers={"Access-Control-Allow-Origin": "*"})

    p.route("https://labels.example.org/api/submit", capture)
    p.get_by_label("Negative").check()
    p.get_by_role("button", name="Submit").click()
    # Not wait_for_function with a string: Playwright polls it with eval() in the page, which the
    # form's CSP forbids, so it failed whenever the answer was not already there at the first check.
    expect(p.locator("#lc-message")).to_have_text("Submitted.")
    assert p.locator("#lc-message").text_content() == "Submitted."
    assert posted == [("POST", page.annotation())]
    assert posted[0][1]["result"][0]["value"] == {"choices": ["Negative"]}


def test_embedded_form_posts_to_its_parent_window(page: Any) -> None:
    from labelconfig.render import Form

    cfg = _cfg("sentiment_text_choices.xml")
    frame_html = Form(cfg, {"review": "ok"})._repr_html_()  # the sandboxed iframe Jupyter shows
    p = page.page
    p.set_content(
        "<script>window.got = []; addEventListener('message', e => got.push(e.data));</script>" + frame_html
    )
    frame = p.frame_locator("iframe")
    frame.get_by_label("Positive").check()
    frame.get_by_role("button", name="Submit").click()
    p.wait_for_function("window.got.length === 1")
    message = p.evaluate("window.got[0]")
    assert message["type"] == "labelconfig:submit"
    assert [r["value"] for r in message["annotation"]["result"]] == [{"choices": ["Positive"]}]


def test_max_usages_stops_a_label_from_being_used_again(page: Any) -> None:
    cfg = labelconfig.parse(
        '<View><Labels name="ner" toName="t"><Label value="Title" maxUsages="1"/>'
        '<Label value="Name"/></Labels><Text name="t" value="$t"/></View>'
    )
    task = {"t": "Dr Ada and Dr Grace"}
    p = page.open(render_html(cfg, task))
    p.get_by_role("button", name="Title").click()
    select_text(p, "[data-lc-text=t]", 0, 2)
    select_text(p, "[data-lc-text=t]", 11, 13)
    assert "Title may be used on 1 region(s) only" in p.locator("#lc-message").inner_text()
    p.get_by_role("button", name="Name").click()
    select_text(p, "[data-lc-text=t]", 14, 19)
    assert [r["value"]["text"] for r in page.annotation()["result"]] == ["Dr", "Grace"]
    _lint_clean(cfg, page.annotation(), task)


def test_hypertext_spans_by_selection(page: Any) -> None:
    cfg = _cfg("hypertext_relations.xml")
    task = {"html": "<h1>News</h1><p>Ada Lovelace met <b>Charles Babbage</b> in London.</p>"}
    p = page.open(render_html(cfg, task))
    p.get_by_role("button", name="Person").click()
    select_text(p, ".lc-html-body b", 0, len("Charles Babbage"))
    p.get_by_role("button", name="City").click()
    before = len("Ada Lovelace met Charles Babbage in ")
    select_text(p, ".lc-html-body p", before, before + len("London"))
    person, city = page.annotation()["result"]
    assert person["value"] == {
        "start": "/p[1]/b[1]/text()[1]",
        "end": "/p[1]/b[1]/text()[1]",
        "startOffset": 0,
        "endOffset": 15,
        "globalOffsets": {"start": 21, "end": 36},
        "text": "Charles Babbage",
        "hypertextlabels": ["Person"],
    }
    assert (city["value"]["start"], city["value"]["startOffset"], city["value"]["text"]) == (
        "/p[1]/text()[2]",  # after the <b>: the second text node of the paragraph
        4,
        "London",
    )
    assert city["value"]["globalOffsets"] == {"start": 40, "end": 46}
    assert p.evaluate("CSS.highlights.get('lc-html').size") == 2
    _lint_clean(cfg, page.annotation(), task)
    assert page.errors == []


def test_paragraph_spans_by_selection(page: Any) -> None:
    cfg = _cfg("dialogue_paragraphs.xml")
    utterances = [{"author": "Ann", "text": "Hi there"}, {"author": "Bob", "text": "Why is my 📦 late?"}]
    task = {"utterances": utterances, "dialog": []}
    p = page.open(render_html(cfg, task))
    p.get_by_role("button", name="Complaint").click()
    second = ".lc-paragraphs li:nth-child(2) .lc-utterance"
    start = "Why is my 📦 ".encode("utf-16-le")
    select_text(p, second, len(start) // 2, len(start) // 2 + 4)
    (r,) = page.annotation()["result"]
    assert r["value"] == {
        "start": "1",
        "end": "1",
        "startOffset": 12,  # code points: the parcel emoji counts once
        "endOffset": 16,
        "text": "late",
        "paragraphlabels": ["Complaint"],
    }
    assert utterances[1]["text"][12:16] == "late"
    _lint_clean(cfg, page.annotation(), task)
    assert page.errors == []
