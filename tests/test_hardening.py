"""Regression tests for the real-world hardening items (ML-backend attributes, empty chats,
did-you-mean cost, API inputs)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

import labelconfig
from labelconfig.tags.common import ML_BACKEND_CONTROL, ML_BACKEND_OPTION
from labelconfig.tags.model import Origin

YOLO_CONFIG = """<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="rect" toName="image" model_score_threshold="0.1" model_obb="true"
                   model_path="best.pt" model_skip="false" model_keypoints="17">
    <Label value="plane" predicted_values="plane,helicopter"/>
  </RectangleLabels>
  <KeyPointLabels name="kp" toName="image" model_point_threshold="0.5" model_add_bboxes="true">
    <Label value="nose" model_index="0"/>
  </KeyPointLabels>
  <VideoRectangle name="box" toName="video" model_tracker="botsort" botsort_track_low_thresh="0.1"/>
  <Video name="video" value="$video"/>
</View>"""


def test_documented_ml_backend_attributes_are_not_unknown() -> None:
    assert [d for d in labelconfig.check_config(YOLO_CONFIG) if d.code == "LC201"] == []


def test_misspelt_ml_backend_attribute_gets_did_you_mean() -> None:
    config = YOLO_CONFIG.replace("model_score_threshold", "model_score_treshold").replace(
        "predicted_values", "predicted_valeus"
    )
    found = {(d.code, d.suggestion) for d in labelconfig.check_config(config)}
    assert ("LC201", "model_score_threshold") in found
    assert ("LC201", "predicted_values") in found


def test_ml_backend_attributes_stay_off_object_tags() -> None:
    [d] = labelconfig.check_config(
        '<View><Text name="t" value="$t" model_score_threshold="1"/></View>', select=["LC201"]
    )
    assert "model_score_threshold" in d.message


def test_ml_backend_attributes_are_documented_as_such() -> None:
    assert {a.origin for a in ML_BACKEND_CONTROL + ML_BACKEND_OPTION} == {Origin.ML_BACKEND}


def test_empty_chat_is_its_starting_state() -> None:
    cfg = labelconfig.parse('<View><Chat name="chat" value="$messages"/><Text name="t" value="$t"/></View>')
    assert cfg.check_task({"data": {"messages": [], "t": "x"}}) == []
    # other empty lists still show nothing
    assert [d.code for d in cfg.check_task({"data": {"messages": [], "t": ""}})] == ["LC703"]


def _old_closest(word: str, pool: tuple[str, ...], cutoff: float = 0.6) -> str | None:
    """The plain difflib scan did-you-mean used before the index (the reference for equality)."""
    from difflib import get_close_matches

    lowered = word.lower()
    for c in pool:
        if c.lower() == lowered:
            return c
    squashed = lowered.replace(" ", "").replace("_", "").replace("-", "")
    for c in pool:
        if c.lower().replace(" ", "").replace("_", "").replace("-", "") == squashed:
            return c
    by_lower = {c.lower(): c for c in pool}
    match = get_close_matches(lowered, list(by_lower), n=1, cutoff=cutoff)
    return by_lower[match[0]] if match else None


def _case(n_labels: int, n_words: int) -> tuple[tuple[str, ...], list[str]]:
    import random
    import string

    rng = random.Random(11)
    stems = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 8))) for _ in range(60)]
    labels = tuple(dict.fromkeys(f"{rng.choice(stems)}_{rng.choice(stems)}{i % 7}" for i in range(n_labels)))
    words = []
    for _ in range(n_words):
        w = list(rng.choice(labels))
        w[rng.randrange(len(w))] = rng.choice(string.ascii_lowercase + " -_")
        words.append("".join(w) if rng.random() < 0.8 else "".join(rng.choices(string.ascii_lowercase, k=6)))
    return labels, words


def test_suggestions_match_the_difflib_scan() -> None:
    from labelconfig import suggest

    labels, words = _case(400, 300)
    assert [suggest.closest(w, labels) for w in words] == [_old_closest(w, labels) for w in words]


def test_a_search_scores_few_candidates_however_big_the_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    import difflib

    from labelconfig import suggest

    labels, words = _case(5000, 20)
    calls = 0
    real = difflib.SequenceMatcher.set_seq1

    def counting(self: difflib.SequenceMatcher, a: str) -> None:
        nonlocal calls
        calls += 1
        real(self, a)

    monkeypatch.setattr(difflib.SequenceMatcher, "set_seq1", counting)
    suggest._CACHE.clear()
    for w in words:
        suggest.closest(w, labels)
    assert calls <= 32 * len(words)  # suggest.EXACT_SCORES; difflib alone scored all 5,000


EXAMPLE = Path(__file__).parent.parent / "examples" / "sentiment.xml"
PREDICTIONS = EXAMPLE.parent / "payloads" / "predictions.jsonl"


def test_paths_may_be_pathlib_and_payloads_lists() -> None:
    assert labelconfig.load(EXAMPLE).ok
    one = labelconfig.check_files(EXAMPLE, predictions=PREDICTIONS)
    assert one == labelconfig.check_files(str(EXAMPLE), predictions=str(PREDICTIONS))
    two = labelconfig.check_files(EXAMPLE, predictions=[PREDICTIONS, str(PREDICTIONS)])
    assert [d.code for d in two] == [d.code for d in one] + [d.code for d in one]


@pytest.mark.parametrize(
    ("call", "needle"),
    [
        (lambda: labelconfig.parse(None), "not NoneType"),
        (lambda: labelconfig.parse({"View": []}), "not dict"),
        (lambda: labelconfig.check_config(EXAMPLE), "use labelconfig.load"),
        (lambda: labelconfig.load(None), "not NoneType"),
        (lambda: labelconfig.load(bytes(EXAMPLE)), "not bytes"),
        (lambda: labelconfig.check_files(None), "not NoneType"),
        (lambda: labelconfig.check_files(EXAMPLE, tasks={"data": {}}), "`tasks` as a str or pathlib.Path"),
    ],
)
def test_wrong_argument_types_are_named(call: Callable[[], object], needle: str) -> None:
    with pytest.raises(TypeError, match=re.escape(needle)):
        call()


def test_a_missing_file_is_named() -> None:
    with pytest.raises(FileNotFoundError, match=re.escape("no such config file: 'missing.xml'")):
        labelconfig.load("missing.xml")
    with pytest.raises(FileNotFoundError, match=re.escape("no such predictions file: 'missing.jsonl'")):
        labelconfig.check_files(EXAMPLE, predictions=[PREDICTIONS, "missing.jsonl"])


def test_a_huge_integer_score_is_out_of_range_not_a_crash() -> None:
    cfg = labelconfig.load(EXAMPLE)
    [d] = cfg.check_prediction({"result": [], "score": 10**400})
    assert d.code == "LC903"
    [d] = cfg.check_prediction({"result": [], "score": 10**400, "model_version": "v"})
    assert d.code == "LC903"
