"""Real-world corpus: Label Studio's templates, label-studio-sdk and -converter fixtures and the
official ML backends' configs and expected outputs (tests/fixtures/realworld/SOURCES.md).

Every config must lint, and every payload check against its config, with no error except the true
findings listed in EXPECTED (each explained there). Payloads sit next to their config:
`<stem>.xml` with `<stem>.tasks.json`, `<stem>.predictions.json` or `<stem>.annotations.json`.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import labelconfig
from labelconfig import Diagnostic, Severity

HERE = Path(__file__).parent / "fixtures" / "realworld"
KINDS = ("tasks", "predictions", "annotations")

# True findings on real data: (where, code) -> how many. `where` is "config" or the payload kind.
EXPECTED: dict[str, Counter[tuple[str, str]]] = {
    # label-studio-converter's OBB fixture labels boxes "Butterfly"; its config declares "butterfly".
    "conv-yolo-obb": Counter({("tasks", "LC808"): 24}),
    # The template's sample task has `timeseriesUrl`; the config reads `$csv`.
    "ls-change-point-detection": Counter({("tasks", "LC701"): 1}),
    # The template's sample keeps labels under the legacy `htmllabels` key, not `hypertextlabels`.
    "ls-html-entity-recognition": Counter({("tasks", "LC805"): 3}),
    # The sample's last span says "At 3am in the morning, please" but its offsets cover "3am in the morni".
    "ls-intent-classification-and-slot-filling": Counter({("tasks", "LC813"): 1}),
    # The template's sample has annotations but no data at all, so `$dialogue` is missing.
    "ls-response-generation": Counter({("tasks", "LC701"): 1}),
    # A stub config in the deepgram backend's tests: toName="audio" names no tag.
    "mlb-deepgram-test-api-2": Counter({("config", "LC302"): 1}),
    # The YOLO keypoint test repeats "right_ankle" on purpose (predicted_values="just_to_test_warning"),
    # and model_add_bboxes makes the backend emit a hidden box from `keypoints_bbox`, a control the
    # config does not have.
    "mlb-yolo-keypoint-labels-1": Counter({("config", "LC402"): 1, ("predictions", "LC802"): 1}),
    # The SDK's sample HyperTextLabels result has numeric start/end; the editor stores XPaths.
    "sdk-hypertext-labels-validation": Counter({("predictions", "LC806"): 2}),
    # `selected: "text1"`; Pairwise records "left" or "right" (the SDK skips this test itself).
    "sdk-pairwise-validation": Counter({("predictions", "LC815"): 1}),
    # <Choice> options inside <Ranker> (which takes <Bucket>s).
    "sdk-ranker-validation": Counter({("config", "LC107"): 3}),
    # A VideoRectangle prediction carries label "video_label" though no labels control exists.
    "sdk-video-rectangle-validation": Counter({("predictions", "LC808"): 1}),
}

# Errors that are labelconfig bugs, not findings: strict, so a fix shows up as XPASS to drop the mark.
XFAIL = {
    "mlb-yolo-rectangle-labels-obb-1": "issue 7: YOLO OBB `rotation` -89.44 gets LC810",
    "mlb-yolo-keypoint-labels-1": "issue 7: `parentID` of a region whose from_name is unknown gets LC817",
    "sdk-ranker-prediction-validation": "issue 7: a Ranker named `ranker` gets LC806",
    "sdk-ranker-validation": "issue 7: a Ranker named `ranker` gets LC806",
    "sdk-relations-validation": "labelconfig bug (results.py): a relation result with from_name gets LC801",
    "sdk-video-vector-separate-labels-validation": (
        "labelconfig bug (ResultSpec): <Labels> + <VideoVector> regions are `videovectorlabels` "
        "from the Labels control (SDK BROS-1144), reported LC804/LC805"
    ),
}

STEMS = sorted(p.name[: -len(".xml")] for p in HERE.glob("*.xml"))


def _payloads(stem: str) -> dict[str, Path]:
    found = {}
    for kind in KINDS:
        for ext in (".json", ".jsonl"):
            path = HERE / f"{stem}.{kind}{ext}"
            if path.exists():
                found[kind] = path
    return found


def _errors(stem: str) -> dict[str, list[Diagnostic]]:
    cfg = labelconfig.load(str(HERE / f"{stem}.xml"))
    out = {"config": [d for d in cfg.diagnostics if d.severity is Severity.ERROR]}
    for kind, path in _payloads(stem).items():
        found = labelconfig.check_files(cfg, **{kind: str(path)})
        out[kind] = [d for d in found[len(cfg.diagnostics) :] if d.severity is Severity.ERROR]
    return out


def _params() -> list[object]:
    return [
        pytest.param(s, marks=pytest.mark.xfail(strict=True, reason=XFAIL[s])) if s in XFAIL else s
        for s in STEMS
    ]


def test_the_corpus_is_there() -> None:
    assert len(STEMS) >= 100
    assert sum(bool(_payloads(s)) for s in STEMS) >= 50
    assert set(EXPECTED) | set(XFAIL) <= set(STEMS)


@pytest.mark.parametrize("stem", _params())
def test_real_world_file(stem: str) -> None:
    found = Counter((where, d.code) for where, ds in _errors(stem).items() for d in ds)
    assert found == EXPECTED.get(stem, Counter())


def test_case_mismatch_gets_the_right_spelling() -> None:
    [first, *_] = _errors("conv-yolo-obb")["tasks"]
    assert (first.message, first.suggestion) == ('"Butterfly" is not a label of `label`', "butterfly")


def test_every_file_is_sourced() -> None:
    sources = (HERE / "SOURCES.md").read_text()
    assert [p.name for p in sorted(HERE.iterdir()) if p.suffix != ".md" and p.name not in sources] == []
