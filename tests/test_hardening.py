"""Regression tests for the real-world hardening items (ML-backend attributes, empty chats,
did-you-mean cost, API inputs)."""

from __future__ import annotations

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
