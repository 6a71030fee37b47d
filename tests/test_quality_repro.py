"""The reproducers of the quality issue (consensus, rating scale, review-sample, HTML report), each with
its inputs under tests/fixtures/quality/, giving the right answer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

import labelconfig
from labelconfig.cli import main
from labelconfig.export import export
from labelconfig.quality import agreement, consensus, review_sample
from labelconfig.quality.render import html, text

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "quality"


def _run_consensus(folder: Path, export: str, tmp_path: Path, *extra: str) -> tuple[str, list[Any]]:
    out = tmp_path / "out.json"
    args = ["consensus", str(folder / export), "--config", str(folder / "config.xml"), "-o", str(out)]
    run = CliRunner().invoke(main, [*args, *extra])
    assert run.exit_code == 0, run.output
    assert labelconfig.check_files(folder / "config.xml", tasks=out) == []
    return run.output, json.loads(out.read_text(encoding="utf-8"))


def _by_control(task: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["from_name"]: r for a in task.get("annotations", []) for r in a["result"]}


def test_lone_and_contested_answers_are_not_consensus(tmp_path: Path) -> None:
    """consensus-lone-answer: 1 of 3 annotators answered `sentiment`, ratings 1 vs 5. Neither is a
    consensus, both are reported, and the task is not counted as resolved."""
    folder = FIXTURES / "consensus-lone-answer"
    output, (task,) = _run_consensus(folder, "export.json", tmp_path)
    assert "annotations" not in task
    assert "0 with a consensus annotation, 0 with some controls unresolved, 1 without" in output
    assert "sentiment: support 1 of 1 answer(s), 2 needed" in output
    assert "stars: answers 1 to 5 spread over 4, more than 1" in output
    # A lone answer is consensus only when asked for; the ratings stay contested.
    output, (task,) = _run_consensus(folder, "export.json", tmp_path, "--min-support", "1")
    assert _by_control(task)["sentiment"]["meta"] == {"support": 1, "annotators": 1}
    assert "stars" not in _by_control(task)
    assert "0 with a consensus annotation, 1 with some controls unresolved, 0 without" in output
    # With a spread wide enough, the ratings have a median (the lower one: 1).
    _, (task,) = _run_consensus(folder, "export.json", tmp_path, "--max-spread", "4")
    assert _by_control(task)["stars"]["value"] == {"rating": 1}
    assert _by_control(task)["stars"]["meta"] == {"support": 2, "annotators": 2}


def test_textarea_answers_differing_in_case_and_punctuation_agree(tmp_path: Path) -> None:
    """consensus-textarea-tie: "Two scientists meet." / "Two scientists meet" / "two scientists
    meet." are one answer; the task gets its consensus on every control."""
    folder = FIXTURES / "consensus-textarea-tie"
    output, (task,) = _run_consensus(folder, "tie.json", tmp_path)
    assert "1 with a consensus annotation" in output
    found = _by_control(task)
    assert set(found) == {"sentiment", "stars", "summary"}
    assert found["summary"]["value"] == {"text": ["Two scientists meet."]}
    assert found["summary"]["meta"] == {"support": 3, "annotators": 3}


def _answer(who: int, sentiment: str, stars: int, summary: str) -> dict[str, Any]:
    def r(name: str, kind: str, value: dict[str, Any]) -> dict[str, Any]:
        return {"from_name": name, "to_name": "text", "type": kind, "value": value}

    results = [
        r("sentiment", "choices", {"choices": [sentiment]}),
        r("stars", "rating", {"rating": stars}),
        r("summary", "textarea", {"text": [summary]}),
    ]
    return {"completed_by": who, "result": results}


def test_one_control_ties_the_others_are_resolved(tmp_path: Path) -> None:
    """A 3-annotator export where `sentiment` ties three ways on task 1: task 1 keeps its resolved
    `stars` and `summary`, task 2 is resolved whole, and the tie is reported for task 1 only."""
    tasks = [
        {
            "id": 1,
            "data": {"text": "Ada met Charles", "image": "a.jpg"},
            "annotations": [
                _answer(1, "Positive", 4, "A meeting."),
                _answer(2, "Negative", 4, "a meeting"),
                _answer(3, "Neutral", 5, "A  meeting"),
            ],
        },
        {
            "id": 2,
            "data": {"text": "Rain again", "image": "b.jpg"},
            "annotations": [
                _answer(1, "Negative", 2, "Bad weather"),
                _answer(2, "Negative", 2, "bad weather!"),
                _answer(3, "Positive", 1, "Nice rain"),
            ],
        },
    ]
    src = tmp_path / "export.json"
    src.write_text(json.dumps(tasks), encoding="utf-8")
    config = FIXTURES / "consensus-textarea-tie" / "config.xml"
    out = tmp_path / "out.json"
    summary = consensus(src, config, out)
    assert (summary.tasks, summary.resolved, summary.partial) == (2, 1, 1)
    assert [(u.task, u.control, u.kind) for u in summary.unresolved] == [(1, "sentiment", "tie")]
    first, second = json.loads(out.read_text(encoding="utf-8"))
    assert {k: v["value"] for k, v in _by_control(first).items()} == {
        "stars": {"rating": 4},
        "summary": {"text": ["A meeting."]},
    }
    found = _by_control(second)
    assert found["sentiment"]["value"] == {"choices": ["Negative"]}
    assert found["sentiment"]["meta"] == {"support": 2, "annotators": 3}
    assert found["stars"]["value"] == {"rating": 2}  # median of 2, 2, 1 within the spread of 1
    assert found["summary"]["value"] == {"text": ["Bad weather"]}
    assert found["summary"]["meta"]["support"] == 2
    assert labelconfig.check_files(config, tasks=out) == []
    # `labelconfig export --annotations consensus` decides the same and counts the tied control.
    tally = export(src, labelconfig.load(config), "json", tmp_path / "exported.json", annotations="consensus")
    assert tally.skipped == {"control without consensus: tie (--annotations consensus)": 1}
    exported = json.loads((tmp_path / "exported.json").read_text(encoding="utf-8"))
    assert [r["from_name"] for r in exported[0]["annotations"][0]["result"]] == ["stars", "summary"]


def test_rating_scale_runs_from_one_star(tmp_path: Path) -> None:
    """rating-scale: 1 star vs 5 stars are the two ends of the scale: agreement 0, not 0.2."""
    folder = FIXTURES / "rating-scale"
    report = agreement(folder / "export.json", folder / "config.xml")
    assert report.tasks[0].controls == {"stars": 0.0}
    assert report.overall.value == 0.0
    stars = report.controls[0].metrics
    assert stars["mean_absolute_difference"].value == 4.0


def test_review_sample_lists_unannotated_tasks_apart() -> None:
    """review-sample-unannotated: task 2 (no annotation) and task 3 (only a cancelled one) have
    nothing to review: they are never drawn and are listed apart; task 1 (total disagreement) is."""
    folder = FIXTURES / "review-sample-unannotated"
    args = ["review-sample", str(folder / "export.json"), "--config", str(folder / "config.xml")]
    run = CliRunner().invoke(main, [*args, "--rate", "1", "--format", "json"])
    assert run.exit_code == 0, run.output
    assert json.loads(run.output) == {
        "sample": [{"id": 1, "index": 0, "agreement": 0.0, "weight": 1.05}],
        "unannotated": [2, 3],
    }
    found = review_sample(folder / "export.json", folder / "config.xml", rate=1)
    assert [p.id for p in found.picks] == [1] and found.unannotated == [2, 3]
    text = CliRunner().invoke(main, [*args, "--rate", "1"])
    assert text.stdout == "1\t0.000\n"
    assert "not annotated (2 tasks, not sampled): 2, 3" in text.stderr


def test_html_report_escapes_names_as_the_text_report_does() -> None:
    """html-bidi: the U+202E in an annotator's email is written as a visible `\\u202e` in the HTML
    report as in the text report, never raw (it would reverse the displayed text)."""
    folder = FIXTURES / "html-bidi"
    report = agreement(folder / "hostile.json", folder / "config.xml")
    page, plain = html(report), text(report)
    assert "\u202e" not in page and "\u202e" not in plain
    assert "\x1b" not in page
    assert "@x\\u202e.org" in plain and "@x\\u202e.org" in page
    assert "\\x1b[31mred" in page  # the ANSI escape in the other annotator's name, shown
