"""Repro `sdk-diff`: the inputs on which label-studio-sdk's Converter goes wrong, and the answers
labelconfig gives instead (geometry in pixel space, classes in declared order, no polygon in a
detection file, no label file for an unlabelled task, every image of a multi-image task, CJK tokens,
keypoints in declared order)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from labelconfig.export import export
from labelconfig.export.geometry import box_corners, hull

D = Path(__file__).parent / "fixtures" / "export" / "sdk-diff"


def test_coco_boxes_are_turned_in_pixel_space(tmp_path: Path) -> None:
    export(D / "det_export.json", D / "det_config.xml", "coco", tmp_path / "c.json")
    coco = json.loads((tmp_path / "c.json").read_text())
    tasks = json.loads((D / "det_export.json").read_text())
    boxes = [r["value"] for r in tasks[0]["annotations"][0]["result"] if r["type"] == "rectanglelabels"]
    expected = []
    for v in boxes:
        x0, y0, x1, y1 = hull(box_corners(v["x"], v["y"], v["width"], v["height"], v["rotation"], 1920, 1080))
        expected.append([x0, y0, x1 - x0, y1 - y0])
    got = [a["bbox"] for a in coco["annotations"] if a["image_id"] == 1 and a["category_id"] in (1, 2, 3)]
    assert [c for b in got[: len(expected)] for c in b] == pytest.approx([c for b in expected for c in b])
    assert len({i["file_name"] for i in coco["images"]}) == len(coco["images"])  # street.jpg twice


def test_yolo_detection_files_hold_boxes_only_and_no_unlabelled_image(tmp_path: Path) -> None:
    tally = export(D / "det_export.json", D / "det_config.xml", "yolo", tmp_path / "y")
    names = {p.name for p in (tmp_path / "y/labels").iterdir()}
    assert "unlabelled.txt" not in names  # never annotated: not a background image
    assert all(
        len(line.split()) == 5
        for p in (tmp_path / "y/labels").iterdir()
        for line in p.read_text().splitlines()
    )
    assert (tmp_path / "y/classes.txt").read_text().split() == ["Car", "Person", "Bike"]
    assert any("polygon" in reason for reason in tally.skipped)


def test_every_image_of_a_multi_image_task_is_exported(tmp_path: Path) -> None:
    tasks = json.loads((D / "mig_export.json").read_text())
    export(D / "mig_export.json", D / "mig_config.xml", "yolo", tmp_path / "y")
    images = sum(
        len(next(v for v in t["data"].values() if isinstance(v, list))) for t in tasks if t.get("annotations")
    )
    assert len(list((tmp_path / "y/labels").iterdir())) == images


def test_conll_splits_cjk_into_characters(tmp_path: Path) -> None:
    export(D / "ner_export.json", D / "ner_config.xml", "conll2003", tmp_path / "o.conll")
    lines = (tmp_path / "o.conll").read_text().splitlines()
    assert "東 -X- _ B-ORG" in lines and "京 -X- _ I-ORG" in lines


def test_keypoints_follow_the_declared_order(tmp_path: Path) -> None:
    export(D / "kp_model_index.json", D / "kp_model_index.xml", "yolo-pose", tmp_path / "k")
    cols = (tmp_path / "k/labels/p.txt").read_text().split()
    # declared order: nose, left_shoulder, left_elbow, right_shoulder (not model_index)
    points = [(float(cols[i]), float(cols[i + 1])) for i in range(5, len(cols), 3)]
    tasks = json.loads((D / "kp_model_index.json").read_text())
    by_label = {
        r["value"]["keypointlabels"][0]: (r["value"]["x"] / 100, r["value"]["y"] / 100)
        for r in tasks[0]["annotations"][0]["result"]
        if r["type"] == "keypointlabels"
    }
    assert points == [by_label[n] for n in ("nose", "left_shoulder", "left_elbow", "right_shoulder")]
