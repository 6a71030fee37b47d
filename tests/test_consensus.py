"""Consensus: the documented policies by hand, and properties over generated exports (Hypothesis):
unanimous annotators give their annotation back, their order never matters, the output lints clean."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import labelconfig
from labelconfig.cli import main
from labelconfig.payloads.model import ResultModel
from labelconfig.quality import consensus
from labelconfig.quality.agreement import Agreement
from labelconfig.quality.compare import Settings
from labelconfig.quality.consensus import Policy, consensus_task
from labelconfig.quality.export import Annotation, Skipped, Task

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "agreement"

CONFIG = labelconfig.parse(
    """<View>
  <Text name="text" value="$text"/>
  <Choices name="sentiment" toName="text" choice="single"><Choice value="Pos"/><Choice value="Neg"/></Choices>
  <Rating name="stars" toName="text" maxRating="5"/>
  <Number name="score" toName="text"/>
  <TextArea name="note" toName="text"/>
  <Labels name="ner" toName="text"><Label value="PER"/><Label value="ORG"/></Labels>
  <Image name="img" value="$image"/>
  <RectangleLabels name="box" toName="img"><Label value="Car"/><Label value="Dog"/></RectangleLabels>
  <EllipseLabels name="blob" toName="img"><Label value="Cell"/></EllipseLabels>
  <PolygonLabels name="area" toName="img"><Label value="Road"/></PolygonLabels>
  <KeyPointLabels name="kp" toName="img"><Label value="Eye"/></KeyPointLabels>
</View>"""
)
TEXT = "Ada met Bob at ACME in Paris"
IMAGE = {"original_width": 800, "original_height": 600, "image_rotation": 0}
MODEL = ResultModel(CONFIG)


def _r(name: str, kind: str, value: dict[str, Any], to: str = "text", **extra: Any) -> dict[str, Any]:
    return {"from_name": name, "to_name": to, "type": kind, "value": value, **extra}


SPANS = [(0, 3, "PER"), (8, 11, "PER"), (15, 19, "ORG"), (23, 28, "ORG"), (0, 7, "PER")]


def _region_pool(draw: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for x, y in draw(
        st.lists(st.sampled_from([(10, 10), (12, 11), (50, 40), (70.5, 60.25)]), max_size=3, unique=True)
    ):
        label = draw(st.sampled_from(["Car", "Dog"]))
        rotation = draw(st.sampled_from([0, 0, 30, 350]))
        box = {"x": x, "y": y, "width": 20, "height": 15.5, "rotation": rotation, "rectanglelabels": [label]}
        out.append(_r("box", "rectanglelabels", box, "img", **IMAGE))
    for cx in draw(st.lists(st.sampled_from([20, 22, 60]), max_size=2, unique=True)):
        blob = {"x": cx, "y": 30, "radiusX": 8, "radiusY": 5, "rotation": 0, "ellipselabels": ["Cell"]}
        out.append(_r("blob", "ellipselabels", blob, "img", **IMAGE))
    if draw(st.booleans()):
        dx = draw(st.sampled_from([0, 1]))
        pts = [[10 + dx, 70], [40, 70], [40 + dx, 90], [20, 95], [10, 80]]
        out.append(_r("area", "polygonlabels", {"points": pts, "polygonlabels": ["Road"]}, "img", **IMAGE))
    for px in draw(st.lists(st.sampled_from([30.0, 30.5, 80.0]), max_size=2, unique=True)):
        out.append(
            _r(
                "kp",
                "keypointlabels",
                {"x": px, "y": 20, "width": 1, "keypointlabels": ["Eye"]},
                "img",
                **IMAGE,
            )
        )
    return out


@st.composite
def annotation_results(draw: Any) -> list[dict[str, Any]]:
    results = [_r("sentiment", "choices", {"choices": [draw(st.sampled_from(["Pos", "Neg"]))]})]
    if draw(st.booleans()):
        results.append(_r("stars", "rating", {"rating": draw(st.integers(1, 5))}))
    if draw(st.booleans()):
        results.append(_r("score", "number", {"number": draw(st.sampled_from([1, 2.5, -3, 10]))}))
    if draw(st.booleans()):
        results.append(_r("note", "textarea", {"text": [draw(st.sampled_from(["ok", "fine", "ok!"]))]}))
    for s, e, label in draw(st.lists(st.sampled_from(SPANS), max_size=3, unique=True)):
        results.append(_r("ner", "labels", {"start": s, "end": e, "text": TEXT[s:e], "labels": [label]}))
    results.extend(_region_pool(draw))
    for k, r in enumerate(results):
        r["id"] = f"r{k}"
    return results


def _task(annotations: list[list[dict[str, Any]]], names: list[str] | None = None) -> Task:
    names = names or [f"ann{k}" for k in range(len(annotations))]
    return Task(
        1,
        0,
        0,
        {"id": 1, "data": {"text": TEXT, "image": "/x.jpg"}},
        tuple(Annotation(n, tuple(rs)) for n, rs in zip(names, annotations, strict=True)),
    )


def _strip(results: list[dict[str, Any]]) -> list[str]:
    """Results without the fields consensus sets itself, as sortable text."""
    out = []
    for r in results:
        r = {k: v for k, v in r.items() if k not in ("id", "meta")}
        out.append(json.dumps(r, sort_keys=True))
    return sorted(out)


def _lints_clean(results: list[dict[str, Any]]) -> None:
    record = {"id": 1, "data": {"text": TEXT, "image": "/x.jpg"}, "annotations": [{"result": results}]}
    problems = [d for d in CONFIG.check_task(record) if d.is_error]
    assert problems == []


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(annotation_results(), st.integers(2, 4))
def test_unanimous_annotators_give_their_annotation_back(results: list[dict[str, Any]], n: int) -> None:
    found, problems = consensus_task(_task([copy.deepcopy(results) for _ in range(n)]), MODEL, Settings())
    assert problems == []
    assert found is not None
    assert _strip(found) == _strip(results)
    assert all(r["meta"]["support"] == n for r in found)


@FAST
@given(st.lists(annotation_results(), min_size=2, max_size=4), st.randoms(use_true_random=False))
def test_order_of_annotators_changes_nothing(annotations: list[list[dict[str, Any]]], rnd: Any) -> None:
    names = [f"ann{k}" for k in range(len(annotations))]
    pairs = list(zip(names, annotations, strict=True))
    first = consensus_task(_task(annotations, names), MODEL, Settings())
    rnd.shuffle(pairs)
    second = consensus_task(_task([a for _, a in pairs], [n for n, _ in pairs]), MODEL, Settings())
    assert first == second


@FAST
@given(st.lists(annotation_results(), min_size=2, max_size=4), st.randoms(use_true_random=False))
def test_order_of_annotators_changes_no_agreement_figure(
    annotations: list[list[dict[str, Any]]], rnd: Any
) -> None:
    names = [f"ann{k}" for k in range(len(annotations))]
    pairs = list(zip(names, annotations, strict=True))
    rnd.shuffle(pairs)
    reports = []
    for order in (list(zip(names, annotations, strict=True)), pairs):
        measured = Agreement(CONFIG)
        measured.add(_task([a for _, a in order], [n for n, _ in order]))
        reports.append(measured.report("export", Skipped()))
    assert reports[0] == reports[1]


@FAST
@given(st.lists(annotation_results(), min_size=1, max_size=4))
def test_consensus_always_lints_clean(annotations: list[list[dict[str, Any]]]) -> None:
    found, problems = consensus_task(_task(annotations), MODEL, Settings(), min_support=1)
    if found is None:
        assert problems  # no consensus is always explained
        return
    _lints_clean(found)
    assert len({r["id"] for r in found}) == len(found)


def test_policies_by_hand() -> None:
    a = [
        _r("sentiment", "choices", {"choices": ["Pos"]}),
        _r("stars", "rating", {"rating": 2}),
        _r("ner", "labels", {"start": 0, "end": 3, "text": "Ada", "labels": ["PER"]}),
        _r(
            "box",
            "rectanglelabels",
            {"x": 10, "y": 10, "width": 20, "height": 20, "rectanglelabels": ["Car"]},
            "img",
            **IMAGE,
        ),
    ]
    b = copy.deepcopy(a)
    b[1]["value"]["rating"] = 5
    b[3]["value"]["x"] = 12  # IoU with a's box: 18/22 in x, so 0.818 >= 0.5
    c = copy.deepcopy(a)
    c[0]["value"]["choices"] = ["Neg"]
    c[1]["value"]["rating"] = 4
    del c[2]  # no span: PER at 0-3 still has 2 of 3
    wide = Policy(max_spread=3)  # ratings 2, 5, 4 have a median only within a spread of 3
    found, problems = consensus_task(_task([a, b, c]), MODEL, Settings(), policy=wide)
    assert problems == [] and found is not None
    by_name = {r["from_name"]: r for r in found}
    assert by_name["sentiment"]["value"]["choices"] == ["Pos"]
    assert by_name["sentiment"]["meta"] == {"support": 2, "annotators": 3}
    assert by_name["stars"]["value"]["rating"] == 4  # median of 2, 5, 4
    assert by_name["ner"]["meta"]["support"] == 2
    assert by_name["box"]["value"]["x"] == pytest.approx((10 + 12 + 10) / 3)
    # Two annotators split on sentiment (a tie) and on stars (2 vs 4, wider than the default spread
    # of 1): those two controls are unresolved and reported, the box they agree on is kept.
    found, problems = consensus_task(_task([a, c]), MODEL, Settings())
    assert [(p.control, p.kind) for p in problems] == [("sentiment", "tie"), ("stars", "spread")]
    assert found is not None and [r["from_name"] for r in found] == ["box"]


def test_rotations_average_on_the_circle() -> None:
    boxes = [
        _r(
            "box",
            "rectanglelabels",
            {"x": 50, "y": 50, "width": 10, "height": 10, "rotation": r, "rectanglelabels": ["Car"]},
            "img",
            **IMAGE,
        )
        for r in (350, 10)
    ]
    found, _ = consensus_task(_task([[boxes[0]], [boxes[1]]]), MODEL, Settings())
    assert found is not None
    assert found[0]["value"]["rotation"] == pytest.approx(0, abs=1e-9) or found[0]["value"][
        "rotation"
    ] == pytest.approx(360)


def test_cli_writes_an_import_file_that_lints_clean(tmp_path: Path) -> None:
    out, unresolved = tmp_path / "tasks.json", tmp_path / "unresolved.json"
    result = CliRunner().invoke(
        main,
        [
            "consensus",
            str(EXAMPLES / "export.json"),
            "--config",
            str(EXAMPLES / "config.xml"),
            "-o",
            str(out),
            "--unresolved",
            str(unresolved),
        ],
    )
    assert result.exit_code == 0, result.output
    assert (
        "4 tasks, 3 with a consensus annotation, 0 with some controls unresolved, 1 without" in result.output
    )
    assert json.loads(unresolved.read_text())[0]["task"] == 3
    assert labelconfig.check_files(EXAMPLES / "config.xml", tasks=out) == []
    tasks = json.loads(out.read_text())
    assert [("annotations" in t) for t in tasks] == [True, True, False, True]


def test_api_summary(tmp_path: Path) -> None:
    summary = consensus(EXAMPLES / "export.json", EXAMPLES / "config.xml", tmp_path / "t.json")
    assert (summary.tasks, summary.resolved) == (4, 3)
    assert [(s.reason, s.count) for s in summary.skipped] == [("cancelled (`was_cancelled`)", 1)]
