"""`labelconfig agreement` and its API on hand-checked exports: figures, skips, inputs and errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import labelconfig
from labelconfig.cli import main
from labelconfig.measure.reliability import Level, cohen_kappa, krippendorff_alpha
from labelconfig.quality import ExportError, agreement

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "agreement"
CONFIG = EXAMPLES / "config.xml"
EXPORT = EXAMPLES / "export.json"

CHOICES = """<View><Text name="text" value="$text"/>
<Choices name="cls" toName="text" choice="single">
  <Choice value="A"/><Choice value="B"/><Choice value="C"/>
</Choices>
</View>"""


def choice(label: str) -> dict[str, Any]:
    return {"from_name": "cls", "to_name": "text", "type": "choices", "value": {"choices": [label]}}


def task(i: int, answers: dict[Any, str], **extra: Any) -> dict[str, Any]:
    return {
        "id": i,
        "data": {"text": f"task {i}"},
        "annotations": [{"completed_by": who, "result": [choice(label)]} for who, label in answers.items()],
        **extra,
    }


def write(tmp_path: Path, tasks: list[dict[str, Any]], lines: bool = False) -> Path:
    path = tmp_path / ("export.jsonl" if lines else "export.json")
    text = "\n".join(json.dumps(t) for t in tasks) if lines else json.dumps(tasks, indent=1)
    path.write_text(text, encoding="utf-8")
    return path


def test_example_export_figures() -> None:
    report = agreement(EXPORT, CONFIG)
    by_task = {t.id: t for t in report.tasks}
    # Task 3: everyone disagrees on sentiment and spans; one annotator drew the only box (F1 0 with
    # each of the other two; the two empty ones are not compared); ratings 1, 4, 2 on the 1..5 scale
    # of a Rating: pair scores 1 - 3/4, 1 - 1/4, 1 - 2/4, mean 0.5. Task score (0 + 0 + 0 + 0.5) / 4.
    assert by_task[3].controls == pytest.approx({"sentiment": 0.0, "ner": 0.0, "box": 0.0, "quality": 0.5})
    assert by_task[3].agreement == pytest.approx(0.125)
    # Task 2: the third annotator's box is 2 % (12.8 px) off: IoU 51.2/76.8 = 2/3 >= 0.5, so it
    # matches; their extra Car box does not: F1 with each of the others 2/3, the first two agree fully.
    assert by_task[2].controls["box"] == pytest.approx((1 + 2 / 3 + 2 / 3) / 3)
    sentiment = {c.control: c for c in report.controls}["sentiment"]
    units = [
        ["Positive"] * 3,
        ["Neutral", "Positive", "Neutral"],
        ["Negative", "Positive", "Neutral"],
        ["Neutral", "Neutral", None],
    ]
    assert sentiment.metrics["krippendorff_alpha_nominal"].value == pytest.approx(krippendorff_alpha(units))
    assert sentiment.metrics["percent_agreement"].value == pytest.approx((1 + 1 / 3 + 0 + 1) / 4)
    assert (
        sentiment.metrics["percent_agreement"].tasks,
        sentiment.metrics["percent_agreement"].annotations,
    ) == (
        4,
        11,
    )
    matrix = sentiment.confusion
    assert all(matrix[i][j] == matrix[j][i] for i in range(3) for j in range(3))
    assert sum(map(sum, matrix)) == 2 * (3 + 3 + 3 + 1)  # every compared pair, both ways
    assert [(s.reason, s.count) for s in report.skipped] == [("cancelled (`was_cancelled`)", 1)]


def test_two_annotators_get_cohen_kappa(tmp_path: Path) -> None:
    a, b = "AABBCACBAA", "ABBBCACCAC"
    export = write(tmp_path, [task(i, {1: x, 2: y}) for i, (x, y) in enumerate(zip(a, b, strict=True))])
    report = agreement(export, labelconfig.parse(CHOICES))
    metrics = report.controls[0].metrics
    assert metrics["cohen_kappa"].value == pytest.approx(cohen_kappa(list(a), list(b)))
    assert report.pairs[0].kappa["cls"].value == pytest.approx(cohen_kappa(list(a), list(b)))
    assert metrics["cohen_kappa"].tasks == 10


def test_annotators_by_object_lines_and_lint(tmp_path: Path) -> None:
    broken = task(2, {})
    broken["annotations"] = [
        {"completed_by": {"id": 7, "email": "x@example.com"}, "result": [choice("A")]},
        {"completed_by": {"id": 8}, "result": [choice("Nope")]},  # not a declared choice
        {"result": [choice("A")]},
    ]
    export = write(tmp_path, [task(1, {"x@example.com": "A", 8: "A"}), broken], lines=True)
    report = agreement(export, labelconfig.parse(CHOICES))
    reasons = {s.reason: s.count for s in report.skipped}
    assert reasons["no annotator (`completed_by`)"] == 1
    assert any(r.startswith("LC") for r in reasons)  # rejected by the linter, by code
    assert [(p.a, p.b) for p in report.pairs] == [("8", "x@example.com")]
    assert report.overall.tasks == 1


def test_rating_alpha_uses_ordinal_and_interval(tmp_path: Path) -> None:
    cfg = labelconfig.parse(
        '<View><Text name="t" value="$t"/><Rating name="r" toName="t" maxRating="5"/></View>'
    )
    units = [[1, 2, None], [3, 3, 4], [5, 4, 5], [2, 2, 2]]
    tasks = [
        {
            "data": {"t": "x"},
            "annotations": [
                {
                    "completed_by": k,
                    "result": [{"from_name": "r", "to_name": "t", "type": "rating", "value": {"rating": v}}],
                }
                for k, v in enumerate(u)
                if v is not None
            ],
        }
        for u in units
    ]
    metrics = agreement(write(tmp_path, tasks), cfg).controls[0].metrics
    assert metrics["krippendorff_alpha_ordinal"].value == pytest.approx(
        krippendorff_alpha(units, Level.ORDINAL)
    )
    assert metrics["krippendorff_alpha_interval"].value == pytest.approx(
        krippendorff_alpha(units, Level.INTERVAL)
    )
    # |1-2| = 1; |3-3| |3-4| |3-4| = 2; |5-4| |5-5| |4-5| = 2; 0 0 0 -> 5 over 10 pairs
    assert metrics["mean_absolute_difference"].value == pytest.approx(0.5)


def test_broken_export_raises_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(task(1, {1: "A"})) + "\n{broken\n", encoding="utf-8")
    with pytest.raises(ExportError, match=r"bad.jsonl:2: invalid JSON"):
        agreement(path, labelconfig.parse(CHOICES))


def _run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("fmt", ["text", "json", "html"])
def test_cli_formats(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"report.{fmt}"
    result = _run("agreement", str(EXPORT), "--config", str(CONFIG), "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    body = out.read_text(encoding="utf-8")
    if fmt == "json":
        data = json.loads(body)
        assert data["overall"]["tasks"] == 4
        assert {c["control"] for c in data["controls"]} == {"box", "ner", "quality", "sentiment"}
    elif fmt == "text":
        assert "krippendorff_alpha_nominal" in body and "least agreed tasks" in body
    else:
        assert body.startswith("<!DOCTYPE html>") and 'class="heatmap confusion"' in body


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such file"),
        ("[{]", "invalid json"),
    ],
)
def test_cli_bad_export_exits_2(tmp_path: Path, content: str | None, expected: str) -> None:
    path = tmp_path / "export.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    for command in ("agreement", "review-sample"):
        result = _run(command, str(path), "--config", str(CONFIG))
        assert result.exit_code == 2, result.output
        assert expected in result.output.lower() and "export.json" in result.output
        assert "Traceback" not in result.output


def test_cli_bad_config_exits_2(tmp_path: Path) -> None:
    config = tmp_path / "config.xml"
    config.write_text('<View><Choices name="c" toName="nowhere"><Choice value="A"/></Choices></View>')
    result = _run("agreement", str(EXPORT), "--config", str(config))
    assert result.exit_code == 2
    assert "config.xml" in result.output and "labelconfig check" in result.output
    missing = _run("agreement", str(EXPORT), "--config", str(tmp_path / "none.xml"))
    assert missing.exit_code == 2 and "none.xml" in missing.output and "Traceback" not in missing.output


MIXED = """<View>
  <Text name="text" value="$text"/>
  <Taxonomy name="tax" toName="text">
    <Choice value="Animal"><Choice value="Cat"/><Choice value="Dog"/></Choice>
  </Taxonomy>
  <Labels name="ner" toName="text"><Label value="PER"/><Label value="ORG"/></Labels>
  <Relations><Relation value="works_at"/></Relations>
  <Image name="img" value="$image"/>
  <KeyPointLabels name="kp" toName="img"><Label value="Eye"/></KeyPointLabels>
  <PolygonLabels name="poly" toName="img"><Label value="Road"/></PolygonLabels>
  <TextArea name="note" toName="text"/>
</View>"""
TEXT = "Ada works at IBM"


def _mixed(who: int, tax: list[str], works: bool, kp_x: float, note: str, poly_dx: float) -> dict[str, Any]:
    size = {"original_width": 400, "original_height": 400, "image_rotation": 0}
    ner = [(f"p{who}", 0, 3, "PER"), (f"o{who}", 13, 16, "ORG")]
    result: list[dict[str, Any]] = [
        {"from_name": "tax", "to_name": "text", "type": "taxonomy", "value": {"taxonomy": [tax]}},
        {"from_name": "note", "to_name": "text", "type": "textarea", "value": {"text": [note]}},
        {"id": f"k{who}", "from_name": "kp", "to_name": "img", "type": "keypointlabels", **size,
         "value": {"x": kp_x, "y": 50, "width": 1, "keypointlabels": ["Eye"]}},
        {"id": f"g{who}", "from_name": "poly", "to_name": "img", "type": "polygonlabels", **size,
         "value": {"points": [[10 + poly_dx, 10], [50, 10], [50, 50], [10, 50]], "polygonlabels": ["Road"]}},
    ]  # fmt: skip
    for rid, s, e, label in ner:
        value = {"start": s, "end": e, "text": TEXT[s:e], "labels": [label]}
        result.append({"id": rid, "from_name": "ner", "to_name": "text", "type": "labels", "value": value})
    if works:
        result.append(
            {
                "from_id": f"p{who}",
                "to_id": f"o{who}",
                "type": "relation",
                "direction": "right",
                "labels": ["works_at"],
            }
        )
    return {"completed_by": who, "result": result}


def test_every_family_on_one_task(tmp_path: Path) -> None:
    annotations = [
        _mixed(1, ["Animal", "Cat"], True, 30.0, "a cat", 0),
        _mixed(2, ["Animal", "Cat"], True, 30.0, "a cat!", 20),
        _mixed(3, ["Animal", "Dog"], False, 90.0, "a cat", 0),
    ]
    export = write(
        tmp_path, [{"id": 1, "data": {"text": TEXT, "image": "/i.png"}, "annotations": annotations}]
    )
    report = agreement(export, labelconfig.parse(MIXED))
    assert report.skipped == ()
    scores = report.tasks[0].controls
    assert scores["tax"] == pytest.approx(1 / 3)
    # Relations: the same ends (matched spans) for 1 and 2; 3 has none, F1 0 with each.
    assert scores["relations"] == pytest.approx(1 / 3)
    assert scores["note"] == pytest.approx((1 - 1 / 6 + 1 + 1 - 1 / 6) / 3)
    # Keypoints 60 % of 400 px apart (far beyond sigma) never match; 1 and 2 coincide.
    assert scores["kp"] == pytest.approx(1 / 3)
    # Polygons: 2's square is cut to 30 of 40 px wide: IoU 0.75 >= 0.5 with both others.
    poly = {c.control: c for c in report.controls}["poly"]
    assert scores["poly"] == 1.0
    assert poly.metrics["mean_iou_of_matches"].value == pytest.approx((0.75 + 1 + 0.75) / 3)
    tax = {c.control: c for c in report.controls}["tax"]
    assert tax.labels == ("Animal / Cat", "Animal / Dog")
