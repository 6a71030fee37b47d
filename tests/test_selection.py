"""The one rule for which annotations count (`labelconfig.payloads.selection`), and every tool that
reads annotations (export, agreement, consensus, review-sample) following it."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import labelconfig
from labelconfig.cli import main
from labelconfig.export import export
from labelconfig.payloads.selection import CANCELLED, SUPERSEDED, counted, newest, recency
from labelconfig.quality import agreement, consensus, review_sample

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "quality"
DUPLICATE = FIXTURES / "duplicate-annotator-oldest-wins"


def _who(a: Any) -> Any:
    return a.get("completed_by")


def test_newest_by_updated_then_created_then_id() -> None:
    a = {"id": 1, "updated_at": "2024-05-02T10:00:00Z"}
    b = {"id": 2, "updated_at": "2024-05-01T10:00:00Z", "created_at": "2024-06-01T00:00:00Z"}
    assert newest([b, a]) is a and newest([a, b]) is a
    c = {"id": 3, "created_at": "2024-05-01T00:00:00Z"}
    d = {"id": 4, "created_at": "2024-05-02T00:00:00Z"}
    assert newest([d, c]) is d
    assert newest([{"id": 9}, {"id": 10}, {"id": 2}])["id"] == 10
    # A timestamp without a zone is UTC: 11:00 naive is later than 10:30+00:00.
    naive, zoned = {"updated_at": "2024-05-01T11:00:00"}, {"updated_at": "2024-05-01T10:30:00+00:00"}
    assert newest([naive, zoned]) is naive and newest([zoned, naive]) is naive
    # Everything equal: the later in the file.
    e, f = {"id": 5}, {"id": 5}
    assert newest([e, f]) is f


def test_ground_truth_wins_only_when_asked() -> None:
    old = {"id": 1, "ground_truth": True, "updated_at": "2024-01-01T00:00:00Z"}
    new = {"id": 2, "updated_at": "2024-02-01T00:00:00Z"}
    assert newest([old, new]) is new
    assert newest([old, new], ground_truth=True) is old


def test_counted_reports_every_annotation_left_out() -> None:
    anns = [
        {"completed_by": 1, "id": 1},
        {"completed_by": 1, "id": 2},
        {"completed_by": 2, "id": 3, "was_cancelled": True},
        {"completed_by": 2, "id": 4},
    ]
    s = counted(anns, _who)
    assert [a["id"] for a in s.kept] == [2, 4]
    assert {(reason, a["id"]) for reason, a in s.left_out} == {(CANCELLED, 3), (SUPERSEDED, 1)}


annotation = st.fixed_dictionaries(
    {
        "completed_by": st.sampled_from([1, 2, 3]),
        "id": st.integers(0, 5),
        "sentiment": st.sampled_from(["Positive", "Negative"]),
    },
    optional={
        "updated_at": st.sampled_from(
            ["2024-05-01T10:00:00Z", "2024-05-02T10:00:00Z", "2024-05-01T12:00:00"]
        ),
        "created_at": st.sampled_from(["2024-04-01T10:00:00Z", "2024-04-02T10:00:00Z"]),
        "was_cancelled": st.booleans(),
    },
)


@settings(max_examples=60, deadline=None)
@given(anns=st.lists(annotation, max_size=6), seed=st.integers(0, 1000))
def test_every_annotation_kept_or_left_out_and_order_free(anns: list[dict[str, Any]], seed: int) -> None:
    s = counted(anns, _who)
    assert len(s.kept) + len(s.left_out) == len(anns)
    assert len({_who(a) for a in s.kept}) == len(s.kept)  # one per annotator
    # Which annotation counts does not depend on file order (when no two of one annotator tie).
    keys = [(_who(a), recency(a)[:-1]) for a in anns if not a.get("was_cancelled")]
    assume(len(set(keys)) == len(keys))
    shuffled = anns[:]
    random.Random(seed).shuffle(shuffled)
    assert sorted(map(repr, counted(shuffled, _who).kept)) == sorted(map(repr, s.kept))


def test_duplicate_annotator_newest_counts_everywhere(tmp_path: Path) -> None:
    """Reproducer duplicate-annotator-oldest-wins: annotator 1's newest annotation (id 11, Negative)
    counts in agreement, consensus and review-sample, as in export, whatever the file order."""
    cfg = DUPLICATE / "config.xml"
    src = DUPLICATE / "export.json"
    report = agreement(src, cfg)
    assert report.overall.value == 1.0
    assert [(s.reason, s.count) for s in report.skipped] == [(SUPERSEDED, 1)]
    out = tmp_path / "out.json"
    summary = consensus(src, cfg, out)
    assert summary.resolved == 1 and not summary.unresolved
    (task,) = json.loads(out.read_text())
    assert task["annotations"][0]["result"][0]["value"] == {"choices": ["Negative"]}
    assert review_sample(src, cfg, rate=1).picks[0].agreement == 1.0
    # Export keeps one annotation per task: the newest of all by the same rule (id 11, 05-02).
    exported = tmp_path / "export.json"
    export(src, labelconfig.load(cfg), "json", exported)
    (row,) = json.loads(exported.read_text())
    assert row["annotations"][0]["id"] == 11


def test_ground_truth_counts_when_asked(tmp_path: Path) -> None:
    """With `--ground-truth`, annotator 1's older ground-truth annotation (Positive) counts over their
    newer one (Negative): agreement with annotator 2 (Positive) goes from 0 to 1."""
    tasks = json.loads((DUPLICATE / "export.json").read_text(encoding="utf-8"))
    tasks[0]["annotations"][1]["ground_truth"] = True  # id 10, older, Positive
    tasks[0]["annotations"][2]["result"][0]["value"] = {"choices": ["Positive"]}
    src = tmp_path / "export.json"
    src.write_text(json.dumps(tasks), encoding="utf-8")
    cfg = DUPLICATE / "config.xml"
    assert agreement(src, cfg).overall.value == 0.0
    assert agreement(src, cfg, ground_truth=True).overall.value == 1.0
    args = ["consensus", str(src), "--config", str(cfg), "-o", str(tmp_path / "out.json"), "--ground-truth"]
    run = CliRunner().invoke(main, args)
    assert run.exit_code == 0 and "1 with a consensus annotation" in run.output, run.output
