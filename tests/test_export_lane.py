"""The export's fast lane (typed decoding of whole tasks) never changes an export: on any mix of
clean, broken and unusual tasks, every region format writes the same bytes and counts the same
tally with the lane as without it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from export_fixtures import (
    IMAGE_CONFIG,
    NER_CONFIG,
    ann,
    box,
    image_tasks,
    ner_tasks,
    output_of,
    output_tree,
    point,
    result,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import labelconfig
from labelconfig.export import export

IMAGE = labelconfig.parse(IMAGE_CONFIG)
NER = labelconfig.parse(NER_CONFIG)
TEXT = "Zoë lives in São Paulo, 张三在北京."


def _span(rid: str, s: int, e: int, label: str, text: str | None = None) -> dict[str, Any]:
    value = {"start": s, "end": e, "text": TEXT[s:e] if text is None else text, "labels": [label]}
    return {"id": rid, "from_name": "ner", "to_name": "text", "type": "labels", "value": value}


IMAGE_RESULTS = st.sampled_from(
    [
        box("a", 10, 10, 20, 20, "Car"),
        box("a", 10, 10, 20, 20, "Car"),  # the same id twice in one record: refused by the linter
        box("b", 10, 10, 20, 20, "Person", rotation=30),
        box("c", 90, 90, 20, 20, "Car"),  # reaches outside the image
        box("d", 10, 10, 20, 20, "Truck"),  # not a declared label
        box("e", 120, 10, 20, 20, "Car"),  # out of range
        box("f", 10.5, 10, 20, 20, "Car", iw=640, ih=480),
        {**box("g", 10, 10, 20, 20, "Car"), "score": 0.5},
        {**box("h", 10, 10, 20, 20, "Car"), "original_width": 1.5},  # a float width
        {**box("i", 10, 10, 20, 20, "Car"), "meta": {"text": ["x"]}},  # a key the lane does not read
        point("k", 15, 20, "nose", "b"),
        point("l", 15, 20, "nose", None),
        result(
            "p", "poly", "polygonlabels", {"points": [[1, 1], [50, 1], [50, 60]], "polygonlabels": ["Road"]}
        ),
        {
            "id": "q",
            "from_name": "quality",
            "to_name": "image",
            "type": "choices",
            "value": {"choices": ["Good"]},
        },
        {
            "id": "z",
            "from_name": "nope",
            "to_name": "image",
            "type": "choices",
            "value": {"choices": ["Good"]},
        },
    ]
)
TEXT_RESULTS = st.sampled_from(
    [
        _span("s1", 0, 3, "PER"),
        _span("s2", 13, 22, "LOC"),
        _span("s3", 0, 4, "PER", text="Zoe"),  # text differs from the task's characters
        _span("s4", 30, 90, "LOC"),  # past the end
        _span("s5", 24, 26, "PER"),
        _span("s6", 1, 2, "ORG"),
    ]
)


def _records(results: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(
        lambda aid, rs, when, cancelled, extra: ann(
            aid,
            rs,
            updated=f"2024-0{when}-01T00:00:00Z",
            **({"was_cancelled": True} if cancelled else {}),
            **extra,
        ),
        st.integers(1, 9),
        st.lists(results, max_size=4),
        st.integers(1, 9),
        st.booleans(),
        st.sampled_from([{}, {"completed_by": 3}, {"lead_time": 2.5}, {"updated_at": None}]),
    )


def _tasks(
    results: st.SearchStrategy[dict[str, Any]], data: st.SearchStrategy[Any]
) -> st.SearchStrategy[Any]:
    record = _records(results)
    task = st.fixed_dictionaries(
        {"data": data},
        optional={
            "id": st.integers(1, 5),
            "annotations": st.lists(record, max_size=3) | st.none(),
            "predictions": st.lists(record.map(lambda r: {**r, "score": 0.5}), max_size=2),
        },
    )
    return st.lists(task | st.just({"data": "not a dict"}) | st.just([1]), max_size=5)


IMAGE_DATA = st.sampled_from([{"image": "/data/a/img.jpg"}, {"image": "/data/b/img.jpg"}, {"image": 3}, {}])
TEXT_DATA = st.sampled_from([{"text": TEXT}, {"text": TEXT, "extra": [1]}, {"text": 5}, {}])


def _both(
    tasks: list[Any], config: str, fmt: str, tmp: Path, monkeypatch: pytest.MonkeyPatch, **kw: Any
) -> None:
    src = tmp / "tasks.json"
    src.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    out = {}
    for lane in (True, False):
        monkeypatch.setattr("labelconfig.export.lane.ENABLED", lane)
        dest = tmp / f"{fmt}-{lane}"
        tally = export(src, config, fmt, output_of(dest, fmt), **kw)
        out[lane] = (output_tree(dest), tally.as_dict())
    assert out[True] == out[False]


SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(
    tasks=_tasks(IMAGE_RESULTS, IMAGE_DATA),
    which=st.sampled_from(["newest", "all"]),
    source=st.sampled_from(["annotations", "predictions", "both"]),
)
def test_image_formats_write_the_same_with_the_lane(
    tasks: list[Any],
    which: str,
    source: str,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tmp = tmp_path_factory.mktemp("lane")
    for fmt in ("coco", "yolo", "yolo-obb", "voc"):
        _both(tasks, IMAGE_CONFIG, fmt, tmp, monkeypatch, annotations=which, source=source)


@SETTINGS
@given(tasks=_tasks(TEXT_RESULTS, TEXT_DATA), which=st.sampled_from(["newest", "all"]))
def test_text_formats_write_the_same_with_the_lane(
    tasks: list[Any], which: str, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmp = tmp_path_factory.mktemp("lane")
    for fmt in ("conll2003", "spacy"):
        _both(tasks, NER_CONFIG, fmt, tmp, monkeypatch, annotations=which)


@pytest.mark.parametrize("fmt", ["coco", "yolo", "yolo-pose", "yolo-seg", "voc"])
def test_fixture_exports_are_the_same_with_the_lane(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _both(image_tasks(), IMAGE_CONFIG, fmt, tmp_path, monkeypatch)


def test_the_lane_takes_clean_tasks(tmp_path: Path) -> None:
    """Not a speed test: the lane must actually read the clean tasks, or the property above is empty."""
    from labelconfig.export.lane import Lane

    lane = Lane(NER, "annotations", None)
    clean = json.dumps(ner_tasks()[0]).encode()
    broken = json.dumps({**ner_tasks()[0], "annotations": [ann(1, [_span("s", 0, 3, "ORG")])]}).encode()
    assert lane.ready and lane.task(clean) is not None and lane.task(broken) is None
