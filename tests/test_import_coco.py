"""Repro `import-coco-robustness` (and the orphan keypoint of `minor`): every COCO record is read
through checks, so a malformed one is counted with its reason or the file refused with its line,
never a traceback; what is written lints clean; `read == written + skipped`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import labelconfig
from labelconfig.imports import ImportInputError, import_tasks

FIXTURES = Path(__file__).parent / "fixtures" / "export"
COCO = FIXTURES / "import-coco-robustness"


def _import(src: Path, tmp_path: Path) -> tuple[labelconfig.imports.Seen, list[dict]]:  # type: ignore[type-arg]
    seen = import_tasks("coco", src, tmp_path / "t.json", config_out=tmp_path / "c.xml")
    tasks = json.loads((tmp_path / "t.json").read_text())
    cfg = labelconfig.parse((tmp_path / "c.xml").read_text())
    for t in tasks:  # imported tasks lint clean against the config written with them
        for a in t["annotations"]:
            assert not [d for d in cfg.check_annotation(a, t) if d.is_error], (src.name, a)
    assert seen.read == seen.written + sum(seen.skipped.values())
    return seen, tasks


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("bad_bbox3", "bbox that is not 4 numbers [x, y, width, height]"),
        ("bad_nobbox", "bbox that is not 4 numbers [x, y, width, height]"),
        ("bad_catnoname", "annotation of a category without a name"),
        ("bad_segstr", "polygon with a coordinate that is not a number"),
        ("bad_segodd", "polygon with an odd number of coordinates"),
        ("bad_negbbox", "bbox with a zero or negative width or height"),
        ("bad_hugebbox", "bbox reaching outside the image"),
    ],
)
def test_a_malformed_record_is_counted(name: str, reason: str, tmp_path: Path) -> None:
    seen, tasks = _import(COCO / f"{name}.json", tmp_path)
    assert seen.skipped == {reason: 1} and seen.regions == 0 and len(tasks) == 1


def test_an_image_that_is_not_an_object_is_noted(tmp_path: Path) -> None:
    seen, tasks = _import(COCO / "bad_imgstr.json", tmp_path)
    assert tasks == [] and seen.skipped == {"annotation on an image_id the file does not list": 1}
    assert seen.notes == {"image record that is not an object with an id: ignored": 1}


@pytest.mark.parametrize("name", ["bad_annsdict", "bad_nan"])
def test_a_file_not_shaped_like_coco_is_refused_with_its_line(name: str, tmp_path: Path) -> None:
    with pytest.raises(ImportInputError, match=rf"{name}\.json:1: "):
        import_tasks("coco", COCO / f"{name}.json", tmp_path / "t.json")
    assert not (tmp_path / "t.json").exists()


def test_third_party_coco_counts_every_annotation_it_leaves_out(tmp_path: Path) -> None:
    seen, tasks = _import(COCO / "third_coco.json", tmp_path)
    assert seen.skipped == {
        "RLE mask (iscrowd) annotation: not imported": 1,  # 100
        "polygon of fewer than 3 points": 1,  # 103
        "category_id not in categories": 1,  # 104
        "annotation on an image without width/height (it cannot be placed)": 1,  # 105
        "annotation on an image_id the file does not list": 1,  # 106
    }
    assert seen.read == 7 and seen.written == 2
    results = tasks[1]["annotations"][0]["result"]
    polygons = [r for r in results if r["type"] == "polygonlabels"]
    assert [r["id"] for r in polygons] == ["a101", "a101-1"]  # a multi-part polygon: one per part
    points = [r for r in results if r["type"] == "keypointlabels"]
    assert [r["value"]["keypointlabels"] for r in points] == [["nose"], ["left_eye"]]
    assert all(p["parentID"] == "a102" for p in points)


def test_duplicate_category_names_become_one_label(tmp_path: Path) -> None:
    seen, _tasks = _import(COCO / "bad_dupname.json", tmp_path)
    assert seen.regions == 2 and seen.notes == {"two categories named `car`: one label": 1}


def test_a_degenerate_rotated_square_is_imported_as_its_polygon(tmp_path: Path) -> None:
    _seen, tasks = _import(COCO / "bad_rot_square_degenerate.json", tmp_path)
    (r,) = tasks[0]["annotations"][0]["result"]
    assert r["type"] == "polygonlabels" and len(r["value"]["points"]) == 4


def test_iscrowd_is_kept_in_meta_and_an_orphan_keypoint_is_a_point(tmp_path: Path) -> None:
    doc = {
        "images": [{"id": 1, "file_name": "a.jpg", "width": 100, "height": 50}],
        "categories": [{"id": 1, "name": "crowd"}, {"id": 2, "name": "kp", "keypoints": ["nose"]}],
        "annotations": [
            {"id": 1, "image_id": 1, "category_id": 1, "iscrowd": 1, "segmentation": [[1, 1, 9, 1, 9, 9]]},
            {"id": 2, "image_id": 1, "category_id": 2, "bbox": [10, 5, 0, 0], "keypoints": [10, 5, 2]},
        ],
    }
    src = tmp_path / "c.json"
    src.write_text(json.dumps(doc))
    seen, tasks = _import(src, tmp_path)
    crowd, nose = tasks[0]["annotations"][0]["result"]
    assert crowd["meta"] == {"iscrowd": 1} and crowd["type"] == "polygonlabels"
    assert nose["type"] == "keypointlabels" and "parentID" not in nose and seen.regions == 2
