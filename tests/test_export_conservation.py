"""The conservation law of exports, over generated exports: every result of the records an export
reads is written or counted with its reason, never both, never neither:
`tally.written + tally.results_skipped() == results read`, for every format, whatever the mix of
annotators, cancelled records, predictions, regions a format cannot carry and results the linter
refuses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from export_fixtures import IMAGE_CONFIG, NER_CONFIG, ann, box, point, result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labelconfig.export import export

_POLY = {"points": [[10, 10], [50, 10], [50, 60]], "polygonlabels": ["Road"]}
_CHOICE = {"from_name": "quality", "to_name": "image", "type": "choices", "value": {"choices": ["Good"]}}

# Each builds a result with a given id; one label per region, so one result writes once.
IMAGE_RESULTS = [
    lambda i: box(i, 10, 10, 20, 20, "Car"),
    lambda i: box(i, 10, 10, 20, 20, "Person", rotation=30),
    lambda i: box(i, 90, 90, 20, 20, "Car"),  # reaches outside the image
    lambda i: box(i, 10, 10, 20, 20, "Truck"),  # an undeclared label: refused by the linter
    lambda i: box(i, 120, 10, 20, 20, "Car"),  # out of range: refused
    lambda i: {k: v for k, v in box(i, 10, 10, 20, 20, "Car").items() if k != "original_width"},  # no size
    lambda i: point(i, 15, 20, "nose", "p0"),  # a keypoint of box p0 (when the record has one)
    lambda i: point(i, 15, 20, "hand", None),  # an orphan keypoint
    lambda i: result(i, "poly", "polygonlabels", dict(_POLY)),
    lambda i: {"id": i, **_CHOICE},  # not a region
]
URLS = ["/data/a/img.jpg", "/data/b/img.jpg", "s3://x/img.jpg", "/data/a/other.png"]


@st.composite
def image_export(draw: st.DrawFn) -> list[dict[str, Any]]:
    tasks = []
    for t in range(draw(st.integers(1, 4))):
        records = []
        for k in range(draw(st.integers(0, 3))):
            picks = draw(st.lists(st.integers(0, len(IMAGE_RESULTS) - 1), max_size=5))
            results = [IMAGE_RESULTS[p](f"p{j}") for j, p in enumerate(picks)]
            extra = {"was_cancelled": True} if draw(st.booleans()) and k else {}
            records.append(ann(10 * t + k, results, updated=f"2024-01-0{k + 1}T00:00:00Z", **extra))
        preds = [{**r, "score": 0.5} for r in records[:1] if draw(st.booleans())]
        tasks.append(
            {
                "id": t,
                "data": {"image": draw(st.sampled_from(URLS))},
                "annotations": records,
                "predictions": preds,
            }
        )
    return tasks


def _read(tasks: list[dict[str, Any]], which: str, source: str) -> int:
    """Results in the records the export reads (independently of its code: newest = latest
    updated_at among the live annotations, which the generator makes distinct)."""
    n = 0
    for t in tasks:
        if source != "predictions":
            live = [a for a in t["annotations"] if not a.get("was_cancelled")]
            if which == "newest" and live:
                live = [max(live, key=lambda a: a["updated_at"])]
            n += sum(len(a["result"]) for a in live)
        if source != "annotations":
            n += sum(len(p["result"]) for p in t["predictions"][-1:] if which == "newest") + sum(
                len(p["result"]) for p in t["predictions"] if which == "all"
            )
    return n


IMAGE_FORMATS = ["coco", "yolo", "yolo-obb", "yolo-seg", "yolo-pose", "voc"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    tasks=image_export(),
    fmt=st.sampled_from(IMAGE_FORMATS),
    which=st.sampled_from(["newest", "all"]),
    source=st.sampled_from(["annotations", "predictions", "both"]),
)
def test_every_image_result_is_written_or_counted(
    tasks: list[dict[str, Any]], fmt: str, which: str, source: str, tmp_path_factory: Any
) -> None:
    d = tmp_path_factory.mktemp("c")
    src = d / "t.json"
    src.write_text(json.dumps(tasks))
    out = d / ("o.json" if fmt == "coco" else "o")
    tally = export(src, IMAGE_CONFIG, fmt, out, annotations=which, source=source)  # type: ignore[arg-type]
    assert tally.written + tally.results_skipped() == _read(tasks, which, source), tally.as_dict()


TEXT = "Zoë lives in São Paulo.\n\n张三在北京工作。"


def _span(i: str, s: int, e: int, label: str) -> dict[str, Any]:
    value = {"start": s, "end": e, "text": TEXT[s:e], "labels": [label]}
    return {"id": i, "from_name": "ner", "to_name": "text", "type": "labels", "value": value}


SPANS = [
    lambda i: _span(i, 0, 3, "PER"),
    lambda i: _span(i, 13, 22, "LOC"),
    lambda i: _span(i, 1, 5, "LOC"),  # overlaps the first
    lambda i: _span(i, 23, 25, "PER"),  # whitespace only
    lambda i: _span(i, 25, 27, "PER"),  # CJK
    lambda i: _span(i, 0, 3, "ORG"),  # an undeclared label: refused
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    picks=st.lists(st.lists(st.integers(0, len(SPANS) - 1), max_size=5), min_size=1, max_size=3),
    fmt=st.sampled_from(["conll2003", "spacy"]),
    which=st.sampled_from(["newest", "all"]),
)
def test_every_span_is_written_or_counted(
    picks: list[list[int]], fmt: str, which: str, tmp_path_factory: Any
) -> None:
    tasks = [
        {
            "id": t,
            "data": {"text": TEXT},
            "annotations": [ann(t, [SPANS[p](f"s{j}") for j, p in enumerate(ps)])],
            "predictions": [],
        }
        for t, ps in enumerate(picks)
    ]
    d = tmp_path_factory.mktemp("n")
    src = d / "t.json"
    src.write_text(json.dumps(tasks, ensure_ascii=False))
    tally = export(src, NER_CONFIG, fmt, d / "o.txt", annotations=which)  # type: ignore[arg-type]
    assert tally.written + tally.results_skipped() == _read(tasks, which, "annotations"), tally.as_dict()


def test_negative_samples_and_dropped_images_are_told_apart(tmp_path: Path) -> None:
    """The other half of the law for label files: an empty file only for a record with no regions."""
    tasks = [
        {"id": 1, "data": {"image": "/a/neg.jpg"}, "annotations": [ann(1, [])]},
        {"id": 2, "data": {"image": "/a/only-choice.jpg"}, "annotations": [ann(2, [{"id": "c", **_CHOICE}])]},
        {"id": 3, "data": {"image": "/a/lost.jpg"}, "annotations": [ann(3, [box("b", 1, 1, 5, 5, "Truck")])]},
    ]
    src = tmp_path / "t.json"
    src.write_text(json.dumps(tasks))
    export(src, IMAGE_CONFIG, "yolo", tmp_path / "y")
    assert sorted(p.name for p in (tmp_path / "y/labels").iterdir()) == ["neg.txt", "only-choice.txt"]
