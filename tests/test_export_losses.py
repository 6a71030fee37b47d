"""Repros `asr-silent-drop` and `minor` (relations): what a format has no place for is counted, never
dropped silently."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from labelconfig.export import export

FIXTURES = Path(__file__).parent / "fixtures" / "export"


def test_asr_manifest_counts_segment_labels_choices_and_segment_times(tmp_path: Path) -> None:
    d = FIXTURES / "asr-silent-drop"
    tally = export(d / "export.json", d / "config.xml", "asr-manifest", tmp_path / "m.jsonl")
    (line,) = [json.loads(x) for x in (tmp_path / "m.jsonl").read_text().splitlines()]
    assert line["text"] == "hello there général Kenobi" and line["duration"] == 12.5
    assert tally.skipped["`labels` labels result: asr-manifest carries transcriptions only"] == 4
    assert tally.skipped["`lang` choices result: asr-manifest carries transcriptions only"] == 1
    assert tally.converted["segment transcription: its start/end dropped, text joined"] == 2


@pytest.mark.parametrize(("fmt", "out"), [("json-min", "o.json"), ("csv", "o.csv"), ("tsv", "o.tsv")])
def test_flat_layouts_count_the_relations_they_drop(fmt: str, out: str, tmp_path: Path) -> None:
    d = FIXTURES / "minor"
    tally = export(d / "img_export.json", d / "img_config.xml", fmt, tmp_path / out)
    assert '"near"' not in (tmp_path / out).read_text()
    assert tally.skipped[f"relation between regions: {fmt} has no column for it"] == 1


def test_json_keeps_relations(tmp_path: Path) -> None:
    d = FIXTURES / "minor"
    tally = export(d / "img_export.json", d / "img_config.xml", "json", tmp_path / "o.json")
    assert '"near"' in (tmp_path / "o.json").read_text() and not any("relation" in k for k in tally.skipped)


def test_whitespace_only_span_is_counted_by_spacy_as_by_conll(tmp_path: Path) -> None:
    """Task 4's span '\\n\\n' names no token: neither format writes it, both count it."""
    d = FIXTURES / "minor"
    for fmt in ("spacy", "conll2003"):
        tally = export(d / "ner_export.json", d / "ner_config.xml", fmt, tmp_path / f"o.{fmt}")
        assert tally.skipped["span covers only whitespace"] == 1, fmt
    assert '"start":8,"end":10' not in (tmp_path / "o.spacy").read_text()


def test_voc_negative_sample_without_a_size_is_counted_or_given_one(tmp_path: Path) -> None:
    d = FIXTURES / "minor"
    tally = export(d / "img_export.json", d / "img_config.xml", "voc", tmp_path / "v")
    assert "<width></width>" in (tmp_path / "v/Annotations/negative.xml").read_text()
    assert any(k.startswith("image without a pixel size") for k in tally.converted)
    export(d / "img_export.json", d / "img_config.xml", "voc", tmp_path / "w", image_size=(640, 480))
    assert "<width>640</width>" in (tmp_path / "w/Annotations/negative.xml").read_text()


def test_a_huge_rotation_turns_as_far_as_it_says(tmp_path: Path) -> None:
    """1e20 degrees is 280 (fmod is exact): the polygon is turned 280 degrees, not left upright."""
    from labelconfig.payloads.geometry import rotated_corners

    d = FIXTURES / "minor"
    export(d / "huge_neg.json", d / "car.xml", "coco", tmp_path / "o.json")
    a = json.loads((tmp_path / "o.json").read_text())["annotations"][0]
    x, y, w, h = 64.0, 48.0, 64.0, 48.0  # the box, in pixels
    expected = [c for p in rotated_corners(x, y, w, h, 280) for c in p]
    assert a["rotation"] == 280 and a["segmentation"][0] == pytest.approx(expected)


def test_clamp_clips_a_rotated_box_to_its_true_overlap(tmp_path: Path) -> None:
    """Clipping, not moving corners: area 898.53 px² as shapely computes the overlap (corners moved
    inside gave 874.26)."""
    from shapely.geometry import Polygon, box

    d = FIXTURES / "minor"
    export(d / "clamp.json", d / "img_config.xml", "coco", tmp_path / "o.json", clamp=True)
    a = json.loads((tmp_path / "o.json").read_text())["annotations"][0]
    seg = a["segmentation"][0]
    clipped = Polygon(list(zip(seg[::2], seg[1::2], strict=True)))
    assert a["area"] == pytest.approx(898.5281374, abs=1e-6) == pytest.approx(clipped.area)
    x0, y0, x1, y1 = clipped.bounds
    assert box(0, 0, 100, 100).contains(clipped) and a["bbox"] == pytest.approx([x0, y0, x1 - x0, y1 - y0])
