"""Forms that record exactly what the annotator did (issue 16's reproducers, tests/fixtures/forms/):
each operated in the browser, the annotation checked value by value and linted by labelconfig."""

from __future__ import annotations

from typing import Any

import pytest
from forms_support import FORMS, lint, load, open_form
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from render_support import select_text

import labelconfig
from labelconfig.render import render_html


def test_crlf_text_offsets_count_the_stored_text(page: Any) -> None:
    p, cfg, task = open_form(page, "crlf-offsets")
    text = task["data"]["text"]
    assert p.locator("[data-lc-text=text]").evaluate("b => b.textContent") == text  # CR kept
    assert p.locator("mark.lc-span").inner_text() == "Beta Ltd"  # the pre-label 12..20
    p.get_by_role("button", name="ORG").click()
    select_text(p, "[data-lc-text=text]", text.index("Beta"), len(text))
    new = page.annotation()["result"][-1]
    assert new["value"] == {"start": 12, "end": 20, "text": "Beta Ltd", "labels": ["ORG"]}
    assert text[12:20] == "Beta Ltd"
    select_text(p, "[data-lc-text=text]", 0, 5)
    assert page.annotation()["result"][-1]["value"]["start"] == 0
    assert lint(cfg, page.annotation(), task) == []
    assert page.errors == []


def test_per_region_text_stays_with_the_region_it_was_typed_for(page: Any) -> None:
    p, cfg, task = open_form(page, "perregion-textarea-text-lost")
    regions = p.locator(".lc-regions[data-lc-for=box] li")
    box = p.locator("[data-lc-control=note] textarea")
    regions.nth(0).get_by_role("button").first.click()  # region A
    box.fill("meant for A")  # typed, Enter not pressed
    notes = [r for r in page.annotation()["result"] if r["from_name"] == "note"]
    assert [(r["id"], r["value"]["text"]) for r in notes] == [("A", ["meant for A"])]
    assert notes[0]["value"] == {
        "x": 10,
        "y": 10,
        "width": 20,
        "height": 20,
        "rotation": 0,
        "text": ["meant for A"],
    }
    submitted = p.evaluate("window.labelconfig.submit()")
    assert [(r["id"], r["value"]["text"]) for r in submitted["result"] if r["from_name"] == "note"] == [
        ("A", ["meant for A"])
    ]

    regions.nth(1).get_by_role("button").first.click()  # region B: its own, empty draft
    assert box.input_value() == ""
    box.press("Enter")  # nothing typed for B: nothing added to it
    box.fill("for B")
    box.press("Enter")
    notes = {r["id"]: r["value"]["text"] for r in page.annotation()["result"] if r["from_name"] == "note"}
    assert notes == {"A": ["meant for A"], "B": ["for B"]}
    regions.nth(0).get_by_role("button").first.click()  # back to A: its draft is still there
    assert box.input_value() == "meant for A"
    assert lint(cfg, page.annotation(), task) == []
    assert page.errors == []


def test_number_out_of_range_is_kept_as_shown_and_refused_at_submit(page: Any) -> None:
    p, cfg, task = open_form(page, "number-out-of-range-stale")
    n = p.locator("[data-lc-control=count] input")
    n.fill("5")
    assert [r["value"] for r in page.annotation()["result"]] == [{"number": 5}]
    assert lint(cfg, page.annotation(), task) == []
    n.fill("15")  # as in Label Studio: the answer is what the box shows, and it is named as invalid
    assert n.input_value() == "15"
    assert [r["value"] for r in page.annotation()["result"]] == [{"number": 15}]
    message = 'Number "15" is not valid: Value must be less than or equal to 10.'
    assert p.locator("#lc-message").inner_text() == message
    assert p.evaluate("window.labelconfig.submit()") is None
    assert p.locator("#lc-message").inner_text() == message
    assert lint(cfg, page.annotation(), task) == ["LC810 `number` is 15, outside 1 to 10"]
    n.fill("")
    n.press_sequentially("1e")  # not a number yet: nothing kept, rather than the 15 before
    assert page.annotation()["result"] == []
    n.fill("10")
    assert p.locator("#lc-message").inner_text() == ""
    assert p.evaluate("window.labelconfig.submit()")["result"][0]["value"] == {"number": 10}
    assert lint(cfg, page.annotation(), task) == []


def test_max_submissions_closes_the_box(page: Any) -> None:
    p, cfg, task = open_form(page, "textarea-maxsubmissions-bypassed")
    box = p.locator("[data-lc-control=summary] textarea")
    box.fill("first")
    box.press("Enter")
    assert box.is_disabled()
    assert "takes 1 entry" in p.locator("[data-lc-control=summary] .lc-full-note").inner_text()
    assert [r["value"] for r in page.annotation()["result"]] == [{"text": ["first"]}]
    p.get_by_role("button", name="Remove entry 1").click()
    assert box.is_enabled()
    box.fill("second")
    assert [r["value"] for r in p.evaluate("window.labelconfig.submit()")["result"]] == [{"text": ["second"]}]
    assert lint(cfg, page.annotation(), task) == []


def test_formatted_datetime_stays_shown_after_other_edits(page: Any) -> None:
    p, cfg, task = open_form(page, "datetime-format-cleared")
    dt = p.locator("[data-lc-control=when] input")
    dt.fill("2024-03-07")
    assert [r["value"] for r in page.annotation()["result"]] == [{"datetime": "07/03/2024"}]
    p.get_by_role("radio", name="A").check()
    assert dt.input_value() == "2024-03-07"
    values = {r["from_name"]: r["value"] for r in page.annotation()["result"]}
    assert values == {"when": {"datetime": "07/03/2024"}, "c": {"choices": ["A"]}}
    assert lint(cfg, page.annotation(), task) == []
    assert page.errors == []


@pytest.mark.parametrize(
    ("only", "fmt", "stored", "shown"),
    [
        ("date", "%d/%m/%Y", "31/12/2023", "2023-12-31"),
        ("", "%Y-%m-%d %H:%M", "2023-12-31 08:05", "2023-12-31T08:05"),
        ("time", "%H:%M", "08:05", "08:05"),
        ("month", "%m.%Y", "12.2023", "2023-12"),
        ("year", "%Y", "2023", "2023"),
    ],
)
def test_formatted_datetime_pre_label_is_shown(
    page: Any, only: str, fmt: str, stored: str, shown: str
) -> None:
    cfg = labelconfig.parse(
        '<View><Text name="text" value="$text"/>'
        f'<DateTime name="when" toName="text" only="{only}" format="{fmt}"/></View>'
    )
    pre = {
        "id": "d",
        "from_name": "when",
        "to_name": "text",
        "type": "datetime",
        "value": {"datetime": stored},
    }
    p = page.open(render_html(cfg, {"data": {"text": "When?"}, "predictions": [{"result": [pre]}]}))
    assert p.locator("[data-lc-control=when] input").input_value() == shown
    assert page.annotation()["result"][0]["value"] == {"datetime": stored}


def test_links_open_in_a_new_tab_and_leaving_with_work_asks(page: Any) -> None:
    p, cfg, task = open_form(page, "hypertext-link-loses-work")
    link = p.get_by_role("link", name="the source")
    assert (link.get_attribute("target"), link.get_attribute("rel")) == ("_blank", "noopener noreferrer")
    p.get_by_role("radio", name="Spam").check()
    with p.context.expect_page() as opened:
        link.click()
    opened.value.close()
    assert p.evaluate("typeof window.labelconfig") == "object"  # the form is still here
    assert [r["value"] for r in page.annotation()["result"]] == [{"choices": ["Spam"]}]
    assert lint(cfg, page.annotation(), task) == []

    asked: list[str] = []
    p.on("dialog", lambda d: (asked.append(d.type), d.dismiss()))
    p.close(run_before_unload=True)  # work not submitted: the browser asks first
    p.wait_for_timeout(200)
    assert asked == ["beforeunload"]
    assert not p.is_closed()


def test_submitted_work_leaves_without_asking(page: Any) -> None:
    p, _, _ = open_form(page, "hypertext-link-loses-work")
    p.get_by_role("radio", name="Spam").check()
    p.evaluate("window.labelconfig.submit()")
    asked: list[str] = []
    p.on("dialog", lambda d: (asked.append(d.type), d.dismiss()))
    p.close(run_before_unload=True)
    assert asked == []


def test_no_request_on_open_but_the_objects_media(page: Any) -> None:
    cfg, task = load("network-from-hypertext-and-style")
    requests: list[str] = []
    page.page.on("request", lambda r: requests.append(r.url) if r.url.startswith("http") else None)
    p = page.open(render_html(cfg, task))
    p.wait_for_timeout(300)
    assert requests == []
    csp = p.locator("meta[http-equiv=Content-Security-Policy]").get_attribute("content")
    assert "img-src data: blob:;" in csp and "http" not in csp
    assert "1 image from elsewhere not loaded" in p.locator("[data-lc-object=h]").inner_text()
    assert p.locator("[data-lc-object=h] img").get_attribute("src") is None
    assert page.errors == []

    shown = '<View><Image name="i" value="$i"/><HyperText name="h" value="$h"/></View>'
    cfg = labelconfig.parse(shown)
    p = page.open(render_html(cfg, {"i": "https://example.org/cat.png?v=2", "h": task["h"]}))
    p.wait_for_timeout(300)
    assert requests == ["https://example.org/cat.png?v=2"]  # the image the config shows, nothing else
    csp = p.locator("meta[http-equiv=Content-Security-Policy]").get_attribute("content")
    assert "img-src data: blob: https://example.org/cat.png;" in csp


def _submit_and_lint(p: Any, cfg: labelconfig.Config, task: dict[str, Any]) -> tuple[bool, list[str]]:
    """Whether the page accepts Submit, and what the checker says about the annotation it holds."""
    accepted = p.evaluate("window.labelconfig.submit()") is not None
    return accepted, lint(cfg, p.evaluate("window.labelconfig.annotation()"), task)


def test_required_control_hidden_by_visible_when_page_and_checker_agree(page: Any) -> None:
    p, cfg, task = open_form(page, "hidden-required-fails-lint")
    assert _submit_and_lint(p, cfg, task) == (
        False,
        ['LC819 `sentiment` is required="true" but the annotation has no result for it'],
    )
    p.get_by_label("Positive").check()  # the reasons stay hidden: not asked for
    assert p.get_by_label("Rude").is_hidden()
    assert _submit_and_lint(p, cfg, task) == (True, [])
    p.get_by_label("Negative").check()  # now shown, so owed
    assert p.get_by_label("Rude").is_visible()
    assert _submit_and_lint(p, cfg, task) == (
        False,
        ['LC819 `reason` is required="true" but the annotation has no result for it'],
    )
    p.get_by_label("Rude").check()
    assert _submit_and_lint(p, cfg, task) == (True, [])
    assert page.errors == []


def test_relations_get_a_label_a_direction_and_readable_names(page: Any) -> None:
    p, cfg, task = open_form(page, "relations-unlabelled-raw-ids")
    regions = p.locator(".lc-regions[data-lc-for=label] li")
    regions.nth(0).get_by_role("button", name="Link").click()
    assert "pick the region" in p.locator("#lc-message").inner_text()
    regions.nth(1).get_by_role("button").first.click()
    assert "pick the region" not in p.locator("#lc-message").inner_text()
    item = p.locator(".lc-relation-list li")
    assert item.inner_text().startswith("PER: “Ada” → ORG: “IBM”")
    assert "r1" not in item.inner_text()
    # No `choice` on <Relations>: the editor's default, several labels per relation.
    p.get_by_label("Labels of relation 1").select_option("works_at")
    p.get_by_role("button", name="Direction of relation 1: right (change)").click()
    p.get_by_role("button", name="Direction of relation 1: left (change)").click()
    (rel,) = [r for r in page.annotation()["result"] if r["type"] == "relation"]
    assert rel == {
        "from_id": "r1",
        "to_id": "r2",
        "type": "relation",
        "direction": "bi",
        "labels": ["works_at"],
    }
    assert "↔" in item.inner_text()
    assert lint(cfg, page.annotation(), task) == []
    p.keyboard.press("Control+z")  # one step back: the direction before
    (rel,) = [r for r in page.annotation()["result"] if r["type"] == "relation"]
    assert rel["direction"] == "left"
    p.get_by_label("Labels of relation 1").select_option([])
    (rel,) = [r for r in page.annotation()["result"] if r["type"] == "relation"]
    assert "labels" not in rel
    assert lint(cfg, page.annotation(), task) == []
    assert page.errors == []


PIECES = ["a", "Z", " ", "\r\n", "\r", "\n", "\t", "é", "中", "🎉", "&", "<"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(st.sampled_from(PIECES), min_size=1, max_size=30), data=st.data())
def test_any_text_keeps_its_characters_and_pre_label_offsets(page: Any, pieces: list[str], data: Any) -> None:
    """Property: whatever line breaks and astral characters a text holds, the page holds it as stored
    and a pre-label at code points [start, end) highlights exactly text[start:end]."""
    text = "".join(pieces)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    cfg, _ = load("crlf-offsets")
    value = {"start": start, "end": end, "text": text[start:end], "labels": ["ORG"]}
    pre = {"id": "p", "from_name": "label", "to_name": "text", "type": "labels", "value": value}
    p = page.open(render_html(cfg, {"data": {"text": text}, "predictions": [{"result": [pre]}]}))
    assert p.locator("[data-lc-text=text]").evaluate("b => b.textContent") == text
    marks = p.locator("mark.lc-span").evaluate_all("ms => ms.map((m) => m.textContent).join('')")
    assert marks == text[start:end]
    assert page.annotation()["result"][0]["value"] == value


def test_relations_with_several_labels(page: Any) -> None:
    cfg, task = load("relations-unlabelled-raw-ids")
    xml = (FORMS / "relations-unlabelled-raw-ids" / "config.xml").read_text(encoding="utf-8")
    cfg = labelconfig.parse(xml.replace("<Relations>", '<Relations choice="multiple">'))
    p = page.open(render_html(cfg, task))
    regions = p.locator(".lc-regions[data-lc-for=label] li")
    regions.nth(1).get_by_role("button", name="Link").click()
    regions.nth(0).get_by_role("button").first.click()
    p.get_by_label("Labels of relation 1").select_option(["works_at", "founded"])
    (rel,) = [r for r in page.annotation()["result"] if r["type"] == "relation"]
    assert (rel["from_id"], rel["to_id"], rel["labels"]) == ("r2", "r1", ["works_at", "founded"])
    assert p.locator(".lc-relation-list li").inner_text().startswith("ORG: “IBM” → PER: “Ada”")
    assert lint(cfg, page.annotation(), task) == []
