"""`labelconfig export --annotations consensus`: one annotation per task, decided as `labelconfig
consensus` decides it (the quality package), on a hand-made export of three annotators."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from export_fixtures import IMAGE_CONFIG, box, result, write

import labelconfig
from labelconfig.cli import main
from labelconfig.export import export
from labelconfig.quality import consensus


def _quality(rid: str, answer: str) -> dict[str, Any]:
    return result(rid, "quality", "choices", {"choices": [answer]})


def _by(who: int, results: list[dict[str, Any]], **kw: Any) -> dict[str, Any]:
    return {"id": who * 10, "completed_by": who, "result": results, **kw}


TASKS = [
    {  # Good 2 to 1; two boxes overlap (IoU 0.82 in pixels), the third stands alone
        "id": 1,
        "data": {"image": "a.jpg"},
        "annotations": [
            _by(1, [_quality("q1", "Good"), box("b1", 10, 10, 20, 20, "Car")]),
            _by(2, [_quality("q2", "Good"), box("b2", 12, 10, 20, 20, "Car")]),
            _by(3, [_quality("q3", "Bad"), box("b3", 60, 60, 10, 10, "Car")]),
        ],
    },
    {  # one each way once the cancelled annotation is left out: a tie
        "id": 2,
        "data": {"image": "b.jpg"},
        "annotations": [
            _by(1, [_quality("q1", "Good")]),
            _by(2, [_quality("q2", "Bad")]),
            _by(3, [_quality("q3", "Good")], was_cancelled=True),
        ],
    },
    {"id": 3, "data": {"image": "c.jpg"}, "annotations": [_by(1, [_quality("q1", "Bad")])]},
]


def test_consensus_annotation_per_task(tmp_path: Path) -> None:
    src = write(tmp_path / "export.json", TASKS)
    (tmp_path / "config.xml").write_text(IMAGE_CONFIG, encoding="utf-8")
    out = tmp_path / "out.json"
    args = ["export", str(src), "--config", str(tmp_path / "config.xml"), "--to", "json", "-o", str(out)]
    run = CliRunner().invoke(main, [*args, "--annotations", "consensus"])
    assert run.exit_code == 0, run.output
    tasks = json.loads(out.read_text(encoding="utf-8"))

    (agreed,) = tasks[0]["annotations"]
    car, quality = agreed["result"]  # controls in name order
    assert (quality["value"], quality["meta"]) == ({"choices": ["Good"]}, {"support": 2, "annotators": 3})
    assert car["value"] == {
        "x": 11,
        "y": 10,
        "width": 20,
        "height": 20,
        "rotation": 0,
        "rectanglelabels": ["Car"],
    }
    assert car["meta"] == {"support": 2, "annotators": 3}
    assert [t["annotations"] for t in tasks[1:]] == [[], []]  # a tie; a single annotator
    cfg = labelconfig.parse(IMAGE_CONFIG)
    assert [d for d in cfg.check_annotation(agreed, tasks[0]) if d.is_error] == []

    # The same decision as `labelconfig consensus`: both read the quality package.
    consensus(src, cfg, tmp_path / "consensus.json")
    decided = json.loads((tmp_path / "consensus.json").read_text(encoding="utf-8"))
    assert agreed["result"] == decided[0]["annotations"][0]["result"]
    assert [("annotations" in t) for t in decided[1:]] == [False, False]


def test_tasks_without_consensus_are_counted_by_reason(tmp_path: Path) -> None:
    src = write(tmp_path / "export.json", TASKS)
    tally = export(src, IMAGE_CONFIG, "json", tmp_path / "out.json", annotations="consensus")
    assert tally.skipped == {
        "task without consensus: no control resolved (--annotations consensus)": 1,
        "task without consensus: fewer than 2 usable annotations (--annotations consensus)": 1,
        "cancelled (`was_cancelled`) (--annotations consensus)": 1,
        # Each unresolved control as well, with its own reason: the tie, the lone answer.
        "control without consensus: tie (--annotations consensus)": 1,
        "control without consensus: support (--annotations consensus)": 1,
    }
    newest = export(src, IMAGE_CONFIG, "json", tmp_path / "newest.json")
    assert "task without consensus" not in " ".join(newest.skipped)  # only asked for, never by default


def test_a_required_control_without_consensus_costs_the_task_and_its_resolved_results_are_counted(
    tmp_path: Path,
) -> None:
    required = IMAGE_CONFIG.replace('<Choices name="quality"', '<Choices name="quality" required="true"')
    same_box = box("b", 10, 10, 20, 20, "Car")
    tasks = [
        {
            "id": 1,
            "data": {"image": "a.jpg"},
            "annotations": [
                _by(1, [_quality("q1", "Good"), same_box]),
                _by(2, [_quality("q2", "Bad"), same_box]),
            ],
        }
    ]
    src = write(tmp_path / "export.json", tasks)
    tally = export(src, required, "coco", tmp_path / "out.json", annotations="consensus")
    assert tally.results_written == 0
    assert tally.skipped == {
        "control without consensus: tie (--annotations consensus)": 1,
        "task without consensus: a required control has none (--annotations consensus)": 1,
        # The box both drew was decided, but the task's annotation would not lint without `quality`.
        "resolved result of a task whose required control has no consensus (--annotations consensus)": 1,
        "task without a usable annotation: image not listed": 1,  # what the COCO file then lacks
    }
