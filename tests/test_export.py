"""Exporters against hand-computed outputs on the small fixtures of `export_fixtures`."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from export_fixtures import IMAGE_CONFIG, NER_CONFIG, ann, box, image_tasks, ner_tasks, write

import labelconfig
from labelconfig.cli import main
from labelconfig.export import FORMATS, ExportError, export, preflight
from labelconfig.export import geometry as geo
from labelconfig.tags import ALL


@pytest.fixture
def images(tmp_path: Path) -> Path:
    return write(tmp_path / "export.json", image_tasks())


def _coco(images: Path, tmp_path: Path, **kw: Any) -> dict[str, Any]:
    export(images, IMAGE_CONFIG, "coco", tmp_path / "coco.json", **kw)
    return json.loads((tmp_path / "coco.json").read_text())


def test_issue_example_rotated_hull_in_pixels() -> None:
    corners = geo.box_corners(10, 10, 20, 20, 90, 200, 100)
    x0, y0, x1, y1 = geo.hull(corners)
    assert [x0, y0, x1 - x0, y1 - y0] == [0, 10, 20, 40]


def test_every_registry_export_name_is_a_format() -> None:
    named = {f for t in ALL if t.result is not None for f in t.result.exports}
    assert named <= set(FORMATS)
    # every region format is fed by some tag (a format nobody can feed would be dead code)
    assert {f.name for f in FORMATS.values() if f.targets} <= named


def test_coco_boxes_polygons_keypoints(images: Path, tmp_path: Path) -> None:
    coco = _coco(images, tmp_path)
    assert [(c["id"], c["name"]) for c in coco["categories"]] == [(1, "Car"), (2, "Person"), (3, "Road")]
    assert coco["categories"][1]["keypoints"] == ["nose", "hand"]
    files = [i["file_name"] for i in coco["images"]]
    assert files[:2] == ["street.jpg", "people.png"] and files[2].startswith("street__") and len(files) == 3
    anns = coco["annotations"]
    rotated, polygon = anns[0], anns[1]
    assert rotated["bbox"] == [0, 10, 20, 40] and rotated["area"] == 800 and rotated["category_id"] == 1
    assert rotated["segmentation"] == [[20, 10, 20, 50, 0, 50, 0, 10]] and rotated["annotation_id"] == 12
    assert polygon["bbox"] == [20, 10, 80, 50] and polygon["area"] == 2000 and polygon["category_id"] == 3
    a, b = anns[2], anns[3]
    assert (
        a["bbox"] == [40, 20, 80, 80] and a["keypoints"] == [60, 40, 2, 48, 80, 2] and a["num_keypoints"] == 2
    )
    assert (
        b["bbox"] == [200, 40, 80, 80] and b["keypoints"] == [220, 60, 2, 0, 0, 0] and b["num_keypoints"] == 1
    )
    assert [x["id"] for x in anns] == [1, 2, 3, 4]


def test_coco_tally_names_every_left_out_result(images: Path, tmp_path: Path) -> None:
    tally = export(images, IMAGE_CONFIG, "coco", tmp_path / "c.json")
    assert tally.skipped == {
        "older annotation of the same task (--annotations newest)": 1,
        "cancelled or skipped annotation": 1,
        "`quality` choices result: coco carries regions only": 1,
        "task without a usable annotation: image not listed": 1,
    }
    assert tally.results_written == 7  # 2 + 2 boxes + 3 keypoints
    assert tally.written == 4  # annotations: the keypoints are inside their boxes' ones


def test_all_annotations_keeps_the_older_one_too(images: Path, tmp_path: Path) -> None:
    coco = _coco(images, tmp_path, annotations="all")
    assert sorted({a["annotation_id"] for a in coco["annotations"]}) == [11, 12, 21]


def test_predictions_can_be_exported(tmp_path: Path) -> None:
    tasks = [
        {
            "id": 1,
            "data": {"image": "a.jpg"},
            "predictions": [{"result": [box("p", 0, 0, 50, 50, "Car")], "score": 0.5}],
        }
    ]
    path = write(tmp_path / "p.json", tasks)
    export(path, IMAGE_CONFIG, "coco", tmp_path / "c.json", source="predictions")
    (a,) = json.loads((tmp_path / "c.json").read_text())["annotations"]
    assert a["bbox"] == [0, 0, 100, 50] and a["score"] == 0.5


def test_yolo_layout_classes_and_newest(images: Path, tmp_path: Path) -> None:
    out = tmp_path / "yolo"
    tally = export(images, IMAGE_CONFIG, "yolo", out)
    assert (out / "classes.txt").read_text() == "Car\nPerson\n"  # no Choices, no polygon labels
    assert 'names:\n  0: "Car"\n  1: "Person"\n' in (out / "data.yaml").read_text()
    assert (out / "labels/street.txt").read_text() == "0 0.05 0.3 0.1 0.4\n"  # the rotated box's hull
    assert (out / "labels/people.txt").read_text() == "1 0.2 0.3 0.2 0.4\n1 0.6 0.4 0.2 0.4\n"
    (negative,) = [p for p in (out / "labels").iterdir() if p.name.startswith("street__")]
    assert negative.read_text() == ""
    assert not (out / "labels/empty.txt").exists()  # never annotated: not a negative sample
    assert tally.skipped["polygon region of `poly`: yolo cannot carry it"] == 1
    assert tally.converted["rotated box: written as its pixel hull (yolo-obb keeps the angle)"] == 1


def test_yolo_obb_corners_in_pixel_space(images: Path, tmp_path: Path) -> None:
    export(images, IMAGE_CONFIG, "yolo-obb", tmp_path / "obb")
    assert (tmp_path / "obb/labels/street.txt").read_text() == "0 0.1 0.1 0.1 0.5 0 0.5 0 0.1\n"


def test_yolo_seg_and_pose(images: Path, tmp_path: Path) -> None:
    export(images, IMAGE_CONFIG, "yolo-seg", tmp_path / "seg")
    assert (tmp_path / "seg/labels/street.txt").read_text() == "0 0.1 0.1 0.5 0.1 0.5 0.6\n"
    assert (tmp_path / "seg/classes.txt").read_text() == "Road\n"
    export(images, IMAGE_CONFIG, "yolo-pose", tmp_path / "pose", controls=["box", "kp"])
    assert (tmp_path / "pose/labels/people.txt").read_text() == (
        "1 0.2 0.3 0.2 0.4 0.15 0.2 2 0.12 0.4 2\n1 0.6 0.4 0.2 0.4 0.55 0.3 2 0 0 0\n"
    )
    assert "kpt_shape: [2, 3]" in (tmp_path / "pose/data.yaml").read_text()


def test_voc_integer_pixels(images: Path, tmp_path: Path) -> None:
    export(images, IMAGE_CONFIG, "voc", tmp_path / "voc")
    xml = (tmp_path / "voc/Annotations/street.xml").read_text()
    assert "<xmin>0</xmin>" in xml and "<ymin>10</ymin>" in xml and "<xmax>20</xmax>" in xml
    assert "<ymax>50</ymax>" in xml and "<name>Car</name>" in xml and "<width>200</width>" in xml


def test_clamp_is_explicit(tmp_path: Path) -> None:
    tasks = [
        {
            "id": 1,
            "data": {"image": "a.jpg"},
            "annotations": [{"result": [box("b", 90, 0, 10, 10, "Car", 270)]}],
        }
    ]
    path = write(tmp_path / "t.json", tasks)
    kept = export(path, IMAGE_CONFIG, "voc", tmp_path / "v1")
    # turned 270° about (180, 0): corners (180, 0) (180, -20) (190, -20) (190, 0)
    assert "<ymin>-20</ymin>" in (tmp_path / "v1/Annotations/a.xml").read_text()
    assert kept.converted == {
        "reaches outside the image (kept; --clamp clips it)": 1,
        "rotated box: written as its pixel hull": 1,
    }
    export(path, IMAGE_CONFIG, "voc", tmp_path / "v2", clamp=True)
    xml = (tmp_path / "v2/Annotations/a.xml").read_text()
    assert "<xmin>180</xmin>" in xml and "<xmax>190</xmax>" in xml and "<ymin>0</ymin>" in xml


def test_conll_unicode_cjk_and_exact_boundaries(tmp_path: Path) -> None:
    path = write(tmp_path / "ner.json", ner_tasks())
    export(path, NER_CONFIG, "conll2003", tmp_path / "out.conll")
    expected = """-DOCSTART- -X- O

张 -X- _ B-PER
三 -X- _ I-PER
在 -X- _ O
北 -X- _ B-LOC
京 -X- _ I-LOC
工 -X- _ O
作 -X- _ O
。 -X- _ O
Zoë -X- _ B-PER
lives -X- _ O
in -X- _ O
São -X- _ B-LOC
Paulo -X- _ I-LOC
. -X- _ O

nothing -X- _ O
here -X- _ O

"""
    assert (tmp_path / "out.conll").read_text(encoding="utf-8") == expected


def test_conll_overlap_is_counted(tmp_path: Path) -> None:
    def span(i: int, s: int, e: int, label: str) -> dict[str, Any]:
        return {
            "id": f"s{i}",
            "from_name": "ner",
            "to_name": "text",
            "type": "labels",
            "value": {"start": s, "end": e, "labels": [label]},
        }

    tasks = [
        {
            "id": 1,
            "data": {"text": "John Smith lives"},
            "annotations": [{"result": [span(0, 0, 10, "PER"), span(1, 5, 16, "LOC")]}],
        }
    ]
    tally = export(write(tmp_path / "t.json", tasks), NER_CONFIG, "conll2003", tmp_path / "o.conll")
    assert (tmp_path / "o.conll").read_text().splitlines()[2:5] == [
        "John -X- _ B-PER",
        "Smith -X- _ I-PER",
        "lives -X- _ O",
    ]
    assert tally.skipped == {"span overlaps an earlier span (CoNLL tags one entity per token)": 1}


def test_spacy_spans(tmp_path: Path) -> None:
    export(write(tmp_path / "ner.json", ner_tasks()), NER_CONFIG, "spacy", tmp_path / "s.jsonl")
    first = json.loads((tmp_path / "s.jsonl").read_text(encoding="utf-8").splitlines()[0])
    text = first["text"]
    assert [text[s["start"] : s["end"]] for s in first["spans"]] == ["张三", "北京", "Zoë", "São Paulo"]
    assert [s["label"] for s in first["ents"]] == ["PER", "LOC", "PER", "LOC"]


def test_json_min_and_csv_follow_label_studio(images: Path, tmp_path: Path) -> None:
    export(images, IMAGE_CONFIG, "json-min", tmp_path / "m.json")
    rows = json.loads((tmp_path / "m.json").read_text())
    assert rows[0]["quality"] == "Good" and rows[0]["id"] == 1 and rows[0]["annotation_id"] == 12
    assert rows[0]["box"][0]["rectanglelabels"] == ["Car"] and rows[0]["box"][0]["original_width"] == 200
    assert rows[2] == {
        "image": "/data/upload/1/empty.jpg",
        "id": 3,
        "annotator": None,
        "annotation_id": None,
        "created_at": None,
        "updated_at": None,
        "lead_time": None,
    }
    export(images, IMAGE_CONFIG, "csv", tmp_path / "m.csv")
    with open(tmp_path / "m.csv", newline="", encoding="utf-8") as fh:
        table = list(csv.reader(fh))
    assert table[0] == sorted(table[0]) and "quality" in table[0] and len(table) == 5


def test_data_key_named_like_a_control_is_kept(tmp_path: Path) -> None:
    tasks = [
        {
            "id": 1,
            "data": {"image": "a.jpg", "quality": "raw"},
            "annotations": [
                {
                    "result": [
                        {
                            "from_name": "quality",
                            "to_name": "image",
                            "type": "choices",
                            "value": {"choices": ["Bad"]},
                        }
                    ]
                }
            ],
        }
    ]
    export(write(tmp_path / "t.json", tasks), IMAGE_CONFIG, "json-min", tmp_path / "m.json")
    (row,) = json.loads((tmp_path / "m.json").read_text())
    assert row["_data_quality"] == "raw" and row["quality"] == "Bad"


def test_invalid_results_are_linted_out_and_counted(tmp_path: Path) -> None:
    bad = box("b", 10, 10, 200, 10, "Car")
    unknown = box("u", 10, 10, 10, 10, "Bus")
    tasks = [{"id": 1, "data": {"image": "a.jpg"}, "annotations": [{"result": [bad, unknown]}]}]
    tally = export(write(tmp_path / "t.json", tasks), IMAGE_CONFIG, "yolo", tmp_path / "y")
    assert not (tmp_path / "y/labels/a.txt").exists()  # an empty file would claim "nothing here"
    lost = "image whose every region was left out: no label file (no negative sample)"
    assert tally.skipped.pop(lost) == 1
    assert sum(tally.skipped.values()) == 2 and all(
        k.startswith("invalid result: LC8") for k in tally.skipped
    )


def test_json_lines_input(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join(json.dumps(t) for t in image_tasks()) + "\n")
    export(path, IMAGE_CONFIG, "yolo", tmp_path / "y")
    assert (tmp_path / "y/labels/street.txt").read_text() == "0 0.05 0.3 0.1 0.4\n"


def test_preflight_says_why_not() -> None:
    rows = {name: (ok, why) for name, ok, why in preflight(labelconfig.parse(NER_CONFIG))}
    assert rows["conll2003"] == (True, "ner (Labels)")
    assert rows["coco"][0] is False and "RectangleLabels" in rows["coco"][1] and "on Image" in rows["coco"][1]


def test_unknown_control_and_unfit_config_are_errors(images: Path, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="candidates: box"):
        export(images, IMAGE_CONFIG, "yolo", tmp_path / "y", controls=["quality"])
    with pytest.raises(ExportError, match="cannot feed conll2003"):
        export(images, IMAGE_CONFIG, "conll2003", tmp_path / "c.conll")


def test_cli_export_report_and_errors(images: Path, tmp_path: Path) -> None:
    config = tmp_path / "c.xml"
    config.write_text(IMAGE_CONFIG)
    runner = CliRunner()
    report = tmp_path / "r.json"
    args = ["export", str(images), "--config", str(config), "--to", "coco", "-o", str(tmp_path / "o.json")]
    done = runner.invoke(main, [*args, "--report", str(report)])
    assert done.exit_code == 0, done.output
    assert json.loads(report.read_text())["skipped"]["cancelled or skipped annotation"] == 1
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"data": {"image": "a.jpg"}}\n{"data": \n')
    failed = runner.invoke(main, ["export", str(broken), *args[2:]])
    assert failed.exit_code == 2 and f"{broken}:2: invalid JSON" in failed.output
    assert failed.exception is None or isinstance(failed.exception, SystemExit)
    pre = runner.invoke(main, ["export", "--preflight", "--config", str(config)])
    assert pre.exit_code == 0 and "conll2003     no" in pre.output


def test_input_file_is_never_overwritten(images: Path) -> None:
    before = images.read_bytes()
    with pytest.raises(ExportError, match="overwrite the input"):
        export(images, IMAGE_CONFIG, "json", images)
    assert images.read_bytes() == before


SPLIT_CONFIG = """<View><Image name="image" value="$image"/><Polygon name="poly" toName="image"/>
<Rectangle name="rect" toName="image"/><Labels name="lab" toName="image"><Label value="Road"/>
<Label value="Sign"/></Labels></View>"""


def test_tools_with_a_separate_labels_tag_are_one_region(tmp_path: Path) -> None:
    """Label Studio writes a `polygon` and a `labels` result with one id; the SDK dropped such polygons."""
    pts = {"points": [[10, 10], [50, 10], [50, 60]]}
    rect = {"x": 10, "y": 10, "width": 20, "height": 20, "rotation": 0}

    def res(rid: str, name: str, kind: str, value: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": rid,
            "from_name": name,
            "to_name": "image",
            "type": kind,
            "original_width": 200,
            "original_height": 100,
            "value": value,
        }

    results = [
        res("p", "poly", "polygon", pts),
        res("p", "lab", "labels", {**pts, "labels": ["Road"]}),
        res("b", "rect", "rectangle", rect),
        res("b", "lab", "labels", {**rect, "labels": ["Sign"]}),
    ]
    src = write(
        tmp_path / "t.json", [{"id": 1, "data": {"image": "a.jpg"}, "annotations": [{"result": results}]}]
    )
    tally = export(src, SPLIT_CONFIG, "coco", tmp_path / "c.json")
    anns = json.loads((tmp_path / "c.json").read_text())["annotations"]
    assert [(a["category_id"], a["bbox"]) for a in anns] == [(1, [20, 10, 80, 50]), (2, [20, 10, 40, 20])]
    assert "keypoints" not in anns[1] and tally.skipped == {}
    export(src, SPLIT_CONFIG, "yolo-seg", tmp_path / "seg")
    assert (tmp_path / "seg/labels/a.txt").read_text() == "0 0.1 0.1 0.5 0.1 0.5 0.6\n"
    rows = {name: (ok, why) for name, ok, why in preflight(labelconfig.parse(SPLIT_CONFIG))}
    assert rows["yolo-pose"] == (False, "needs point regions as well")


ASR_CONFIG = """<View><Audio name="audio" value="$audio"/>
<TextArea name="transcription" toName="audio"/></View>"""


def test_asr_manifest(tmp_path: Path) -> None:
    def answer(*texts: str) -> dict[str, Any]:
        return {
            "from_name": "transcription",
            "to_name": "audio",
            "type": "textarea",
            "value": {"text": list(texts)},
        }

    tasks = [
        {
            "id": 1,
            "data": {"audio": "s3://a/1.wav", "duration": 2.5},
            "annotations": [{"result": [answer("hello")]}],
        },
        {"id": 2, "data": {"audio": "s3://a/2.wav"}, "annotations": [{"result": [answer("a", "b")]}]},
        {"id": 3, "data": {"audio": "s3://a/3.wav"}, "annotations": [{"result": []}]},
    ]
    tally = export(write(tmp_path / "t.json", tasks), ASR_CONFIG, "asr-manifest", tmp_path / "m.jsonl")
    lines = [json.loads(x) for x in (tmp_path / "m.jsonl").read_text().splitlines()]
    assert [(x["audio_filepath"], x["duration"], x["text"]) for x in lines] == [
        ("s3://a/1.wav", 2.5, "hello"),
        ("s3://a/2.wav", None, "a b"),
    ]
    assert tally.skipped == {"annotation without a transcription": 1}
    assert tally.converted["several transcriptions joined with spaces"] == 1


def test_json_keeps_only_chosen_linted_annotations(images: Path, tmp_path: Path) -> None:
    export(images, IMAGE_CONFIG, "json", tmp_path / "n.json")
    first = json.loads((tmp_path / "n.json").read_text())[0]
    assert [a["id"] for a in first["annotations"]] == [12] and first["predictions"] == []
    assert [r["id"] for r in first["annotations"][0]["result"]] == ["r1", "p1", "c1"]


def test_spans_that_do_not_fit_the_text_are_linted_against_it(tmp_path: Path) -> None:
    """Text records are linted alone unless a span looks off; then the linter sees the task's text."""
    shifted = {
        "id": "s",
        "from_name": "ner",
        "to_name": "text",
        "type": "labels",
        "value": {"start": 0, "end": 4, "text": "Jane", "labels": ["PER"]},
    }
    tasks = [{"id": 1, "data": {"text": "John met Jane"}, "annotations": [{"result": [shifted]}]}]
    tally = export(write(tmp_path / "t.json", tasks), NER_CONFIG, "conll2003", tmp_path / "o.conll")
    assert list(tally.skipped) == [
        f"invalid result: {d.code} {d.name}"
        for d in labelconfig.parse(NER_CONFIG).check_annotation(tasks[0]["annotations"][0], tasks[0])
    ]
    assert tally.skipped and "B-PER" not in (tmp_path / "o.conll").read_text()


def test_streamed_arrays_export_the_same(
    images: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export(images, IMAGE_CONFIG, "coco", tmp_path / "whole.json")
    monkeypatch.setattr("labelconfig.export.records.STREAM_ABOVE", 0)  # every array streams (ijson)
    export(images, IMAGE_CONFIG, "coco", tmp_path / "streamed.json")
    whole, streamed = (json.loads((tmp_path / f"{n}.json").read_text()) for n in ("whole", "streamed"))
    assert whole["annotations"] == streamed["annotations"] and whole["images"] == streamed["images"]


def test_every_image_of_a_multi_image_task_is_exported(tmp_path: Path) -> None:
    """valueList tasks: each image gets its own label file / COCO image with the regions drawn on it
    (item_index); an image nobody drew on is a negative sample; a region on an image the task does
    not have is counted."""
    config = IMAGE_CONFIG.replace('value="$image"', 'valueList="$images"')
    second = {**box("b", 10, 10, 20, 20, "Car"), "item_index": 1}
    past = {**box("c", 10, 10, 20, 20, "Car"), "item_index": 5}
    tasks = [
        {
            "id": 1,
            "data": {"images": ["/x/a.jpg", "/x/b.jpg", "/x/c.jpg"]},
            "annotations": [{"result": [box("a", 10, 10, 20, 20, "Car"), second, past]}],
        }
    ]
    src = write(tmp_path / "t.json", tasks)
    tally = export(src, config, "yolo", tmp_path / "y")
    labels = {p.name: p.read_text() for p in (tmp_path / "y/labels").iterdir()}
    assert labels == {"a.txt": "0 0.2 0.2 0.2 0.2\n", "b.txt": "0 0.2 0.2 0.2 0.2\n", "c.txt": ""}
    assert tally.skipped == {"region on an image the task does not have (item_index past its images)": 1}
    export(src, config, "coco", tmp_path / "c.json")
    coco = json.loads((tmp_path / "c.json").read_text())
    assert [i["file_name"] for i in coco["images"]] == ["a.jpg", "b.jpg", "c.jpg"]
    assert [a["image_id"] for a in coco["annotations"]] == [1, 2]


def test_a_multi_image_task_listing_one_url_twice_gets_two_files(tmp_path: Path) -> None:
    config = IMAGE_CONFIG.replace('value="$image"', 'valueList="$images"')
    tasks = [
        {
            "id": 1,
            "data": {"images": ["/x/a.jpg", "/x/a.jpg"]},
            "annotations": [{"result": [{**box("b", 10, 10, 20, 20, "Car"), "item_index": 1}]}],
        }
    ]
    export(write(tmp_path / "t.json", tasks), config, "yolo", tmp_path / "y")
    labels = sorted((p.name, p.read_text()) for p in (tmp_path / "y/labels").iterdir())
    assert labels[0] == ("a.txt", "") and labels[1][0].startswith("a__") and labels[1][1]


def test_an_image_url_that_urlsplit_refuses_still_names_a_file(tmp_path: Path) -> None:
    """`//[x/...` is a bad IPv6 host to urllib (ValueError): the export names the file from its path."""
    tasks = [
        {
            "id": 1,
            "data": {"image": "//[x/street.jpg"},
            "annotations": [ann(1, [box("a", 10, 10, 20, 20, "Car")])],
        }
    ]
    export(write(tmp_path / "t.json", tasks), IMAGE_CONFIG, "yolo", tmp_path / "y")
    assert (tmp_path / "y/labels/street.txt").read_text() == "0 0.2 0.2 0.2 0.2\n"


def test_exporting_again_into_the_same_directory_leaves_exactly_the_new_files(tmp_path: Path) -> None:
    """Label files are overwritten in place and cut to length (no O_TRUNC): a shorter file after a
    longer one must not keep the old tail."""
    many = [box(f"r{i}", 10, 10, 20, 20, "Car") for i in range(4)]
    tasks = [{"id": 1, "data": {"image": "/a/img.jpg"}, "annotations": [ann(1, many)]}]
    export(write(tmp_path / "t.json", tasks), IMAGE_CONFIG, "yolo", tmp_path / "y")
    tasks[0]["annotations"] = [ann(1, many[:1])]
    export(write(tmp_path / "t.json", tasks), IMAGE_CONFIG, "yolo", tmp_path / "y")
    assert (tmp_path / "y/labels/img.txt").read_text() == "0 0.2 0.2 0.2 0.2\n"


def test_100000_images_sharing_one_basename_get_100000_names() -> None:
    """Cloud storage keeps `.../<id>/image.jpg`: every image gets its own name, the same in another
    run whatever came before it (its digest is its own); a repeated task gets a file of its own."""
    from labelconfig.export.naming import Names

    names = Names()
    given = [names.stem(f"s3://bucket/{i}/image.jpg", i)[0] for i in range(100_000)]
    assert len(set(given)) == 100_000 and given[0] == "image"
    again = names.stem("s3://bucket/7/image.jpg", 7)[0]  # the same task twice in the input
    assert again not in given and names.repeats == 1
    other = Names()
    other.stem("/elsewhere/image.jpg", "x")  # another image takes the plain stem first
    assert other.stem("s3://bucket/7/image.jpg", 7)[0] == given[7]


def test_every_claim_is_checked_even_when_digests_collide(monkeypatch: pytest.MonkeyPatch) -> None:
    """A digest that another image already holds is never given twice: it grows until free."""
    from labelconfig.export import naming
    from labelconfig.export.naming import Names

    monkeypatch.setattr(naming, "digest", lambda key: "ab" * 32)  # every image: the same digest
    names = Names()
    got = [names.stem(f"/{i}/img.jpg", i)[0] for i in range(5)]
    assert got[0] == "img" and len(set(got)) == 5
    assert got[1] == "img__" + "ab" * 8 and got[2] == "img__" + "ab" * 8 + "a"
