"""Real-world corpus: Label Studio's own templates with their sample tasks, and payloads written here
in the shapes the official ML backends emit (tests/fixtures/realworld/SOURCES.md).

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
    # The template's sample task has `timeseriesUrl`; the config reads `$csv`.
    "ls-change-point-detection": Counter({("tasks", "LC701"): 1}),
    # The template's sample keeps labels under the legacy `htmllabels` key, not `hypertextlabels`.
    "ls-html-entity-recognition": Counter({("tasks", "LC805"): 3}),
    # The sample's last span says "At 3am in the morning, please" but its offsets cover "3am in the morni".
    "ls-intent-classification-and-slot-filling": Counter({("tasks", "LC813"): 1}),
    # The template's sample has annotations but no data at all, so `$dialogue` is missing.
    "ls-response-generation": Counter({("tasks", "LC701"): 1}),
    # model_add_bboxes makes the pose backend emit a hidden box under `keypoints_bbox`, a control the
    # config does not have (the editor drops it); the keypoints' parentID still resolves to its id.
    "own-yolo-keypoints": Counter({("predictions", "LC802"): 1}),
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


def test_the_corpus_is_there() -> None:
    assert len(STEMS) >= 17
    assert sum(bool(_payloads(s)) for s in STEMS) >= 15
    assert set(EXPECTED) <= set(STEMS)


@pytest.mark.parametrize("stem", STEMS)
def test_real_world_file(stem: str) -> None:
    found = Counter((where, d.code) for where, ds in _errors(stem).items() for d in ds)
    assert found == EXPECTED.get(stem, Counter())


def test_the_keypoints_hidden_box_is_one_finding_not_a_cascade() -> None:
    [unknown] = _errors("own-yolo-keypoints")["predictions"]
    assert (unknown.code, unknown.path) == ("LC802", "$[0].result[0].from_name")


def test_every_file_is_sourced() -> None:
    sources = (HERE / "SOURCES.md").read_text()
    assert [p.name for p in sorted(HERE.iterdir()) if p.suffix != ".md" and p.name not in sources] == []
