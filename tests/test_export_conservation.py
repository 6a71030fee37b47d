"""The conservation law of exports, over generated exports: every result of the records an export
reads is written or counted with its reason, never both, never neither:
`tally.results_written + tally.results_skipped() == results read`, for every format of the format
table (a format added to it is covered here without a word), whatever the mix of annotators,
cancelled records, predictions, results a format cannot carry and results the linter refuses.

With `--annotations consensus` the records read are the consensus annotations, so the law reads: each
task's resolved results are written or counted, each unresolved control is counted with its reason,
each task without a consensus annotation is counted with its reason (and results resolved in a task
that gets none are counted too), against the decision of `labelconfig consensus` on the same file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from export_fixtures import IMAGE_CONFIG, NER_CONFIG, ann, box, encode, point, result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import labelconfig
from labelconfig.export import FORMATS, Tally, export
from labelconfig.quality.consensus import DROPPED, consensus_tasks
from labelconfig.quality.export import Skipped

Make = Callable[[str], dict[str, Any]]  # a result with the given id

_POLY = {"points": [[10, 10], [50, 10], [50, 60]], "polygonlabels": ["Road"]}
_CHOICE = {"from_name": "quality", "to_name": "image", "type": "choices", "value": {"choices": ["Good"]}}
_W, _H = 20, 10  # brush masks on a small image, so their RLE stays short


def _brush(i: str, alpha: int, label: str = "Car") -> dict[str, Any]:
    rgba = bytes(alpha if 2 <= k // 4 % _W < 9 else 0 for k in range(_W * _H * 4))
    value = {"format": "rle", "rle": encode(rgba), "brushlabels": [label]}
    return result(i, "brush", "brushlabels", value, iw=_W, ih=_H)


IMAGE = IMAGE_CONFIG.replace(
    'name="box" toName="image"', 'name="box" toName="image" choice="multiple"'
).replace(
    "</View>",
    '<BrushLabels name="brush" toName="image"><Label value="Car"/><Label value="Sky"/></BrushLabels>'
    '<Relations><Relation value="near"/></Relations></View>',
)


def _labels(r: dict[str, Any], key: str, *labels: str) -> dict[str, Any]:
    """`r` with several labels: one result, written once per label where a format lists labels."""
    return {**r, "value": {**r["value"], key: list(labels)}}


IMAGE_RESULTS: list[Make] = [
    lambda i: box(i, 10, 10, 20, 20, "Car"),
    lambda i: _labels(box(i, 30, 30, 20, 20, "Car"), "rectanglelabels", "Car", "Person"),
    lambda i: box(i, 10, 10, 20, 20, "Person", rotation=30),
    lambda i: box(i, 90, 90, 20, 20, "Car"),  # reaches outside the image
    lambda i: box(i, 10, 10, 20, 20, "Truck"),  # an undeclared label: refused by the linter
    lambda i: box(i, 120, 10, 20, 20, "Car"),  # out of range: refused
    lambda i: {k: v for k, v in box(i, 10, 10, 20, 20, "Car").items() if k != "original_width"},  # no size
    lambda i: point(i, 15, 20, "nose", "p0"),  # a keypoint of box p0 (when the record has one)
    lambda i: point(i, 15, 20, "hand", None),  # an orphan keypoint
    lambda i: result(i, "poly", "polygonlabels", dict(_POLY)),
    lambda i: {"id": i, **_CHOICE},  # not a region
    lambda i: _brush(i, 255),
    lambda i: _brush(i, 0, "Sky"),  # an empty mask: nothing to outline in COCO
    lambda i: {"from_id": "p0", "to_id": "p1", "type": "relation", "direction": "right", "labels": ["near"]},
]
URLS = ["/data/a/img.jpg", "/data/b/img.jpg", "s3://x/img.jpg", "/data/a/other.png"]

TEXT = "Zoë lives in São Paulo.\n\n张三在北京工作。"


def _span(i: str, s: int, e: int, label: str) -> dict[str, Any]:
    value = {"start": s, "end": e, "text": TEXT[s:e], "labels": [label]}
    return {"id": i, "from_name": "ner", "to_name": "text", "type": "labels", "value": value}


SPANS: list[Make] = [
    lambda i: _span(i, 0, 3, "PER"),
    lambda i: _span(i, 13, 22, "LOC"),
    lambda i: _span(i, 1, 5, "LOC"),  # overlaps the first
    lambda i: _span(i, 23, 25, "PER"),  # whitespace only
    lambda i: _span(i, 25, 27, "PER"),  # CJK
    lambda i: _span(i, 0, 3, "ORG"),  # an undeclared label: refused
    lambda i: _labels(_span(i, 13, 22, "LOC"), "labels", "LOC", "PER"),
    lambda i: _labels(_span(i, 23, 25, "LOC"), "labels", "LOC", "PER"),  # whitespace only
]
NER = NER_CONFIG.replace('toName="text"', 'toName="text" choice="multiple"')

AUDIO = """<View><Audio name="audio" value="$audio"/>
<Labels name="seg" toName="audio"><Label value="Speech"/><Label value="Noise"/></Labels>
<TextArea name="transcription" toName="audio" perRegion="true"/>
<TextArea name="note" toName="audio"/>
<Choices name="lang" toName="audio"><Choice value="en"/><Choice value="de"/></Choices></View>"""


def _audio(i: str, control: str, kind: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"id": i, "from_name": control, "to_name": "audio", "type": kind, "value": value}


AUDIO_RESULTS: list[Make] = [
    lambda i: _audio(i, "note", "textarea", {"text": ["hello there"]}),  # a whole-clip transcription
    lambda i: _audio(i, "note", "textarea", {"text": ["a", "b"]}),
    lambda i: _audio(i, "note", "textarea", {"text": []}),  # no text
    lambda i: _audio(i, "seg", "labels", {"start": 0.5, "end": 1.5, "labels": ["Speech"]}),  # a segment
    lambda i: _audio(i, "transcription", "textarea", {"start": 0.5, "end": 1.5, "text": ["hi"]}),
    lambda i: _audio(i, "lang", "choices", {"choices": ["en"]}),
    lambda i: _audio(i, "seg", "labels", {"start": 0.5, "end": 1.5, "labels": ["Music"]}),  # refused
]


def _records(draw: st.DrawFn, t: int, makes: list[Make]) -> list[dict[str, Any]]:
    records = []
    for k in range(draw(st.integers(0, 3))):
        picks = draw(st.lists(st.integers(0, len(makes) - 1), max_size=5))
        results = [makes[p](f"p{j}") for j, p in enumerate(picks)]
        extra = {"was_cancelled": True} if draw(st.booleans()) and k else {}
        records.append(ann(10 * t + k, results, updated=f"2024-01-0{k + 1}T00:00:00Z", **extra))
    return records


def tasks_of(makes: list[Make], data: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[Any]:
    """Exports of 1-4 tasks whose records hold results built by `makes`: several annotators, some
    cancelled, a prediction now and then."""

    @st.composite
    def build(draw: st.DrawFn) -> list[dict[str, Any]]:
        tasks = []
        for t in range(draw(st.integers(1, 4))):
            records = _records(draw, t, makes)
            preds = [{**r, "score": 0.5} for r in records[:1] if draw(st.booleans())]
            tasks.append({"id": t, "data": draw(data), "annotations": records, "predictions": preds})
        return tasks

    return build()


_AUDIO_DATA = st.sampled_from([{"audio": "s3://a/1.wav", "duration": 2.5}, {"audio": "/a/2.wav"}, {"x": 1}])
# The exports a format is tried on, by the object tag it reads; formats without one read them all.
BY_OBJECT: dict[str, tuple[str, st.SearchStrategy[Any]]] = {
    "Image": (IMAGE, tasks_of(IMAGE_RESULTS, st.sampled_from(URLS).map(lambda u: {"image": u}))),
    "Text": (NER, tasks_of(SPANS, st.just({"text": TEXT}))),
    "Audio": (AUDIO, tasks_of(AUDIO_RESULTS, _AUDIO_DATA)),
}


def _cases(fmt: str) -> st.SearchStrategy[tuple[str, Any]]:
    targets = FORMATS[fmt].targets
    found = [BY_OBJECT[t] for t in targets if t in BY_OBJECT][:1] if targets else list(BY_OBJECT.values())
    assert found, f"{fmt} reads {targets}: give BY_OBJECT an export generator for it"
    return st.one_of([tasks.map(lambda ts, c=config: (c, ts)) for config, tasks in found])


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


@pytest.mark.parametrize("fmt", list(FORMATS))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_result_is_written_or_counted(fmt: str, data: st.DataObject, tmp_path_factory: Any) -> None:
    config, tasks = data.draw(_cases(fmt))
    which = data.draw(st.sampled_from(["newest", "all"]))
    source = data.draw(st.sampled_from(["annotations", "predictions", "both"]))
    d = tmp_path_factory.mktemp("c")
    src = d / "t.json"
    src.write_text(json.dumps(tasks, ensure_ascii=False))
    out = d / ("o" if FORMATS[fmt].output == "dir" else "o.out")
    tally = export(src, config, fmt, out, annotations=which, source=source)  # type: ignore[arg-type]
    assert tally.results_written + tally.results_skipped() == _read(tasks, which, source), tally.as_dict()


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


def agreeing_tasks_of(makes: list[Make], data: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[Any]:
    """Exports of 1-4 tasks, each labelled by 0-4 annotators who pick among the same few results (so
    they agree, disagree and tie on controls), some cancelled, a prediction now and then."""

    @st.composite
    def build(draw: st.DrawFn) -> list[dict[str, Any]]:
        tasks = []
        for t in range(draw(st.integers(1, 4))):
            records = []
            for k in range(draw(st.integers(0, 4))):
                picks = draw(st.lists(st.integers(0, len(makes) - 1), max_size=4, unique=True))
                # Ids follow the pick, so a keypoint's parent p0 is the same box for everyone.
                results = [makes[p](f"p{p}") for p in picks]
                extra = {"was_cancelled": True} if k and draw(st.booleans()) else {}
                when = f"2024-01-0{k + 1}T00:00:00Z"
                records.append(ann(10 * t + k, results, updated=when, completed_by=k + 1, **extra))
            preds = [{**r, "score": 0.5} for r in records[:1] if draw(st.booleans())]
            tasks.append({"id": t, "data": draw(data), "annotations": records, "predictions": preds})
        return tasks

    return build()


AGREEING: dict[str, tuple[str, st.SearchStrategy[Any]]] = {
    "Image": (IMAGE, agreeing_tasks_of(IMAGE_RESULTS, st.sampled_from(URLS).map(lambda u: {"image": u}))),
    "Text": (NER, agreeing_tasks_of(SPANS, st.just({"text": TEXT}))),
    "Audio": (AUDIO, agreeing_tasks_of(AUDIO_RESULTS, _AUDIO_DATA)),
}


def counted(tally: Tally, prefix: str) -> int:
    return sum(n for reason, n in tally.skipped.items() if reason.startswith(prefix))


@pytest.mark.parametrize("fmt", list(FORMATS))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_consensus_results_and_unresolved_controls_are_all_accounted(
    fmt: str, data: st.DataObject, tmp_path_factory: Any
) -> None:
    targets = FORMATS[fmt].targets
    found = [AGREEING[t] for t in targets if t in AGREEING][:1] if targets else list(AGREEING.values())
    config, tasks = data.draw(st.one_of([t.map(lambda ts, c=c: (c, ts)) for c, t in found]))
    source = data.draw(st.sampled_from(["annotations", "both"]))
    d = tmp_path_factory.mktemp("c")
    src = d / "t.json"
    src.write_text(json.dumps(tasks, ensure_ascii=False))
    out = d / ("o" if FORMATS[fmt].output == "dir" else "o.out")
    tally = export(src, config, fmt, out, annotations="consensus", source=source)  # type: ignore[arg-type]

    # What `labelconfig consensus` decides for the same file.
    resolved = unresolved = without = 0
    left_out = Skipped()
    for record, problems in consensus_tasks(str(src), labelconfig.parse(config), left_out=left_out):
        given_one = record.get("annotations")
        resolved += len(given_one[0]["result"]) if given_one else 0
        without += not given_one
        unresolved += sum(1 for p in problems if p.control)
    predicted = sum(len(p["result"]) for t in tasks for p in t["predictions"][-1:]) if source == "both" else 0

    facts = tally.as_dict()
    assert tally.results_written + tally.results_skipped() == resolved + predicted, facts
    assert counted(tally, "control without consensus") == unresolved, facts
    assert counted(tally, "task without consensus") == without, facts
    assert tally.skipped[f"{DROPPED} (--annotations consensus)"] == left_out.counts[DROPPED], facts
