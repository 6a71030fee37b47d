"""The msgspec shortcut is sound: whenever it accepts a record, the complete checker finds nothing.

It is also exercised for completeness on the common cases (a shortcut that accepts nothing would be
sound and useless): valid choices, boxes, spans and classifications must take it.
"""

from __future__ import annotations

import copy
from typing import Any

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import labelconfig
from labelconfig.payloads.context import Sink
from labelconfig.payloads.fast import FastPath
from labelconfig.payloads.records import PayloadChecker

CONFIG = """
<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="box" toName="image">
    <Label value="Car"/><Label value="Person" alias="P"/>
  </RectangleLabels>
  <PolygonLabels name="poly" toName="image"><Label value="Road"/></PolygonLabels>
  <BrushLabels name="mask" toName="image"><Label value="Sky"/></BrushLabels>
  <Text name="text" value="$text"/>
  <Labels name="ner" toName="text"><Label value="PER"/><Label value="ORG"/></Labels>
  <Choices name="sentiment" toName="text" choice="single">
    <Choice value="Positive"/><Choice value="Negative"/>
  </Choices>
  <Choices name="tags" toName="text" choice="multiple" required="true">
    <Choice value="a"/><Choice value="b"/>
  </Choices>
  <TextArea name="summary" toName="text"/>
  <Rating name="stars" toName="text" maxRating="5"/>
  <Number name="count" toName="text" min="0" max="10"/>
  <Pairwise name="pair" toName="image,text"/>
</View>
"""
SIZE = {"original_width": 640, "original_height": 480}
RESULTS: list[dict[str, Any]] = [
    {
        "id": "b1",
        "from_name": "box",
        "to_name": "image",
        "type": "rectanglelabels",
        **SIZE,
        "value": {"x": 10, "y": 20.5, "width": 30, "height": 40, "rotation": 0, "rectanglelabels": ["Car"]},
    },
    {
        "id": "p1",
        "from_name": "poly",
        "to_name": "image",
        "type": "polygonlabels",
        **SIZE,
        "value": {"points": [[1, 1], [20, 1], [10, 15]], "closed": True, "polygonlabels": ["Road"]},
    },
    {
        "id": "m1",
        "from_name": "mask",
        "to_name": "image",
        "type": "brushlabels",
        **SIZE,
        "value": {"format": "rle", "rle": [0, 1, 2, 255], "brushlabels": ["Sky"]},
    },
    {
        "id": "s1",
        "from_name": "ner",
        "to_name": "text",
        "type": "labels",
        "value": {"start": 0, "end": 5, "text": "Alice", "labels": ["PER"]},
    },
    {"from_name": "sentiment", "to_name": "text", "type": "choices", "value": {"choices": ["Positive"]}},
    {"from_name": "tags", "to_name": "text", "type": "choices", "value": {"choices": ["a", "b"]}},
    {"from_name": "summary", "to_name": "text", "type": "textarea", "value": {"text": ["short"]}},
    {"from_name": "stars", "to_name": "text", "type": "rating", "value": {"rating": 4}},
    {"from_name": "count", "to_name": "text", "type": "number", "value": {"number": 3.5}},
    {"from_name": "pair", "to_name": "pair", "type": "pairwise", "value": {"selected": "left"}},
]
CFG = labelconfig.parse(CONFIG)
PREDICTIONS = FastPath(CFG, CFG.payloads.results, "predictions")
ANNOTATIONS = FastPath(CFG, CFG.payloads.results, "annotations")


REFERENCE = PayloadChecker(CFG, shortcuts=False)  # the complete checker, no fast path


def full(record: Any, kind: str) -> list[labelconfig.Diagnostic]:
    sink = Sink()
    REFERENCE.check_record(record, kind, sink, "$")  # type: ignore[arg-type]
    return sink.out


def test_config_is_clean() -> None:
    assert CFG.ok, CFG.diagnostics


def test_valid_records_take_the_shortcut() -> None:
    record = {"model_version": "v1", "score": 0.8, "result": RESULTS}
    assert full(record, "predictions") == []
    assert PREDICTIONS.accepts(orjson.dumps(record))
    assert PREDICTIONS.accepts_object(record)
    assert ANNOTATIONS.accepts(orjson.dumps(record))
    for r in RESULTS:
        single = {"result": [r]}
        assert full(single, "predictions") == [], r
        assert PREDICTIONS.accepts(orjson.dumps(single)), r


def test_errors_never_take_the_shortcut() -> None:
    bad = copy.deepcopy(RESULTS)
    bad[0]["value"]["x"] = 90  # past the right edge
    bad[3]["value"]["start"] = 9  # reversed span
    bad[4]["value"]["choices"] = ["Positive", "Negative"]  # single choice
    for r in bad[:1] + bad[3:5]:
        record = {"result": [r]}
        assert full(record, "predictions"), r
        assert not PREDICTIONS.accepts(orjson.dumps(record)), r
    dup = {"result": [RESULTS[0], RESULTS[0]]}
    assert full(dup, "predictions") and not PREDICTIONS.accepts(orjson.dumps(dup))
    unanswered = {"result": [RESULTS[4]]}  # `tags` is required in annotations
    assert full(unanswered, "annotations") and not ANNOTATIONS.accepts(orjson.dumps(unanswered))
    assert PREDICTIONS.accepts(orjson.dumps(unanswered))
    as_task = {"data": {"text": 1}, "result": [RESULTS[4]]}
    assert full(as_task, "predictions") and not PREDICTIONS.accepts(orjson.dumps(as_task))


_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5000),
    st.floats(-1e3, 1e3, allow_nan=False),
    st.sampled_from(["Car", "car", "P", "Person", "PER", "text", "image", "box", "", "x", "left", "rle"]),
)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    results = copy.deepcopy(draw(st.lists(st.sampled_from(RESULTS), min_size=1, max_size=4)))
    for _ in range(draw(st.integers(0, 3))):
        r = draw(st.sampled_from(results))
        target = r["value"] if draw(st.booleans()) and isinstance(r.get("value"), dict) else r
        key = draw(st.sampled_from([*target, "extra", "parentID", "id", "score"]))
        action = draw(st.sampled_from(["set", "delete", "list"]))
        if action == "delete":
            target.pop(key, None)
        elif action == "list":
            target[key] = [draw(_leaf)]
        else:
            target[key] = draw(_leaf)
    record: dict[str, Any] = {"result": results}
    if draw(st.booleans()):
        record["score"] = draw(_leaf)
    if draw(st.booleans()):
        record["was_cancelled"] = draw(st.booleans())
    return record, draw(st.sampled_from(["predictions", "annotations"]))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_shortcut_is_sound(case: tuple[dict[str, Any], str]) -> None:
    record, kind = case
    shortcut = PREDICTIONS if kind == "predictions" else ANNOTATIONS
    raw = orjson.dumps(record)
    assert shortcut.accepts(raw) == shortcut.accepts_object(record)
    if shortcut.accepts(raw):
        assert full(record, kind) == [], record
    # What users see (shortcut on) equals the complete check.
    sink = Sink()
    CFG.payloads.check_record(record, kind, sink, "$")  # type: ignore[arg-type]
    assert sink.out == full(record, kind)
