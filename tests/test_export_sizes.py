"""Repros `dropped-regions-empty-label` and `no-size-empty-label`: an empty label file means "nothing
here" to Ultralytics, so an image gets one only when its annotation has no regions; an image whose
regions were all dropped is left out and counted. Regions without a pixel size stay in the normalised
formats, and `--image-size` / `--image-root` give one to the pixel formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from export_fixtures import IMAGE_CONFIG, ann, box, write

from labelconfig.cli import main
from labelconfig.export import ExportError, export
from labelconfig.export.images import png

FIXTURES = Path(__file__).parent / "fixtures" / "export"


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["export", *args])
    return result.exit_code, result.output


def test_sdk_obb_fixture_writes_no_false_backgrounds(tmp_path: Path) -> None:
    """24 of 25 boxes say "Butterfly" where the config says "butterfly": images 1 and 2 lose every
    box, so they get no label file (not an empty one), and both are counted."""
    d = FIXTURES / "dropped-regions-empty-label"
    tally = export(d / "data_obb.json", d / "label_config_obb.xml", "yolo-obb", tmp_path / "o")
    assert sorted(p.name for p in (tmp_path / "o/labels").iterdir()) == ["image3.txt"]
    assert (tmp_path / "o/labels/image3.txt").read_text().count("\n") == 1
    assert tally.written == 1 and tally.skipped["invalid result: LC808 unknown-label"] == 24
    assert tally.skipped["image whose every region was left out: no label file (no negative sample)"] == 2


def test_ml_backend_polygons_without_a_size_are_kept_by_yolo_seg(tmp_path: Path) -> None:
    """HumanSignal's YOLO backend sends polygons without original_width: their percentages are all
    yolo-seg needs, so bus.txt holds the three polygons instead of nothing."""
    d = FIXTURES / "dropped-regions-empty-label"
    tally = export(
        d / "poly_tasks.json", d / "poly_cfg.xml", "yolo-seg", tmp_path / "o", source="predictions"
    )
    lines = (tmp_path / "o/labels/bus.txt").read_text().splitlines()
    assert len(lines) == 3 and tally.written == 3 and not tally.skipped
    preds = json.loads((d / "poly_tasks.json").read_text())[0]["predictions"][0]["result"]
    first = [float(v) for v in lines[0].split()[1:3]]
    assert first == pytest.approx([c / 100 for c in preds[0]["value"]["points"][0]])


def test_a_box_without_a_size_goes_to_yolo_and_is_counted_out_of_coco(tmp_path: Path) -> None:
    d = FIXTURES / "no-size-empty-label"
    tally = export(d / "export.json", d / "config.xml", "yolo", tmp_path / "y")
    assert (tmp_path / "y/labels/a.txt").read_text() == "0 0.15 0.15 0.1 0.1\n" and tally.written == 1
    sources = json.loads((tmp_path / "y/sources.jsonl").read_text())
    assert sources["width"] is None and sources["height"] is None  # not invented
    tally = export(d / "export.json", d / "config.xml", "coco", tmp_path / "c.json")
    coco = json.loads((tmp_path / "c.json").read_text())
    assert coco["images"] == [] and coco["annotations"] == [] and tally.written == 0
    assert sum(tally.skipped.values()) == 2  # the box (no size), and its image (not a negative sample)


def test_image_size_gives_pixel_formats_their_size(tmp_path: Path) -> None:
    d = FIXTURES / "no-size-empty-label"
    code, err = _cli(str(d / "export.json"), "--config", str(d / "config.xml"), "--to", "coco", "-o",
                     str(tmp_path / "c.json"), "--image-size", "640x480")  # fmt: skip
    assert code == 0, err
    coco = json.loads((tmp_path / "c.json").read_text())
    assert coco["images"][0]["width"] == 640 and coco["annotations"][0]["bbox"] == [64, 48, 64, 48]
    code, err = _cli(str(d / "export.json"), "--config", str(d / "config.xml"), "--to", "coco", "-o",
                     str(tmp_path / "c.json"), "--image-size", "640by480")  # fmt: skip
    assert code == 2 and "WIDTHxHEIGHT" in err


def test_image_root_reads_sizes_from_image_headers(tmp_path: Path) -> None:
    """The path the URL names under the root (else its file name); a rotated box in yolo-obb needs
    the size, a missing file leaves it counted."""
    root = tmp_path / "images"
    (root / "data/upload/1").mkdir(parents=True)
    (root / "data/upload/1/a.jpg").write_bytes(png(bytes(64 * 48), 64, 48))  # a PNG header, any name
    d = FIXTURES / "no-size-empty-label"
    tally = export(d / "export.json", d / "config.xml", "voc", tmp_path / "v", image_root=root)
    xml = (tmp_path / "v/Annotations/a.xml").read_text()
    assert "<width>64</width>" in xml and "<xmin>6</xmin>" in xml and tally.written == 1
    task = json.loads((d / "export.json").read_text())
    task[0]["annotations"][0]["result"][0]["value"]["rotation"] = 30
    task.append({**task[0], "id": 2, "data": {"image": "/elsewhere/missing.jpg"}})
    src = write(tmp_path / "rotated.json", task)
    tally = export(src, d / "config.xml", "yolo-obb", tmp_path / "o", image_root=root)
    assert [p.name for p in (tmp_path / "o/labels").iterdir()] == ["a.txt"] and tally.written == 1
    assert tally.skipped["box region without a pixel size (no original_width/height; give --image-size "
                         "or --image-root)"] == 1  # fmt: skip
    with pytest.raises(ExportError, match="not a folder"):
        export(src, d / "config.xml", "yolo-obb", tmp_path / "o", image_root=tmp_path / "nope")


def test_an_annotation_without_regions_is_still_a_negative_sample(tmp_path: Path) -> None:
    tasks = [
        {"id": 1, "data": {"image": "/a/empty.jpg"}, "annotations": [ann(1, [])]},
        {"id": 2, "data": {"image": "/a/lost.jpg"}, "annotations": [ann(2, [box("x", 1, 1, 5, 5, "Truck")])]},
    ]
    tally = export(write(tmp_path / "t.json", tasks), IMAGE_CONFIG, "yolo", tmp_path / "y")
    assert [p.name for p in (tmp_path / "y/labels").iterdir()] == ["empty.txt"]
    assert (tmp_path / "y/labels/empty.txt").read_text() == ""
    assert tally.skipped["image whose every region was left out: no label file (no negative sample)"] == 1
