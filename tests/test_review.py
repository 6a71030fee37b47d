"""Review sampling: reproducible with the seed, the asked share, weighted toward low agreement."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from labelconfig.cli import main
from labelconfig.quality.report import TaskAgreement
from labelconfig.quality.review import review_sample, sample_size, weight

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "agreement"


def _tasks(scores: list[float | None]) -> list[TaskAgreement]:
    return [TaskAgreement(i, i, s, 2, ("a", "b"), {}) for i, s in enumerate(scores)]


def test_same_seed_same_tasks_and_the_asked_share() -> None:
    tasks = _tasks([i / 100 for i in range(100)])
    first = review_sample(tasks, 0.2, seed=7)
    assert first == review_sample(tasks, 0.2, seed=7)
    assert len(first) == 20
    assert first != review_sample(tasks, 0.2, seed=8)
    assert [p.index for p in first] == sorted(p.index for p in first)


def test_low_agreement_is_picked_more_often() -> None:
    # Half the tasks agree fully (weight 0.05), half not at all (weight 1.05): over many seeds the
    # disagreeing half should hold far more than half of the picks (expected ~ 1.05 / 1.10 of them).
    tasks = _tasks([1.0] * 50 + [0.0] * 50)
    low = sum(p.agreement == 0.0 for seed in range(200) for p in review_sample(tasks, 0.1, seed))
    assert low / (200 * 10) > 0.85
    assert weight(None) == weight(0.0)


def test_sample_size() -> None:
    assert (sample_size(0, 0.2), sample_size(3, 0.2), sample_size(10, 0.25), sample_size(4, 1.0)) == (
        0,
        1,
        3,
        4,
    )
    assert sample_size(10, 0.0) == 0


def test_cli_is_reproducible() -> None:
    args = ["review-sample", str(EXAMPLES / "export.json"), "--config", str(EXAMPLES / "config.xml")]
    runs = [
        CliRunner().invoke(main, [*args, "--rate", "0.5", "--seed", "3", "--format", "json"])
        for _ in range(2)
    ]
    assert runs[0].exit_code == 0, runs[0].output
    assert runs[0].output == runs[1].output
    assert len(json.loads(runs[0].output)["sample"]) == 2
