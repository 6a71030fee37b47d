"""Repros `import-voc-conll-yolo-robustness`, `import-yolo-splits` and `import-yolo-names-gaps`:
Ultralytics split layouts, class ids mapped exactly, VOC flags kept, every CoNLL tagging scheme, and
malformed records counted (or the file refused with its line), never a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import labelconfig
from labelconfig.imports import ImportInputError, Seen, import_tasks

FIXTURES = Path(__file__).parent / "fixtures" / "export"
ROBUST = FIXTURES / "import-voc-conll-yolo-robustness"


def _import(fmt: str, src: Path, tmp_path: Path, **kw: Any) -> tuple[Seen, list[dict[str, Any]]]:
    seen = import_tasks(fmt, src, tmp_path / "t.json", config_out=tmp_path / "c.xml", **kw)
    tasks = json.loads((tmp_path / "t.json").read_text())
    cfg = labelconfig.parse((tmp_path / "c.xml").read_text())
    for t in tasks:  # imported tasks lint clean against the config written with them
        for a in t["annotations"]:
            assert not [d for d in cfg.check_annotation(a, t) if d.is_error], a
    assert seen.read == seen.written + sum(seen.skipped.values())
    return seen, tasks


def test_ultralytics_split_layout_imports_every_split(tmp_path: Path) -> None:
    seen, tasks = _import("yolo", FIXTURES / "import-yolo-splits/ds", tmp_path)
    assert [t["data"]["image"] for t in tasks] == ["train/a.jpg", "val/b.png"]
    sizes = [t["annotations"][0]["result"][0]["original_width"] for t in tasks]
    assert sizes == [640, 1280]  # read from each image's header
    assert seen.regions == 3 and not seen.skipped


def test_names_with_gaps_keep_their_ids(tmp_path: Path) -> None:
    """data.yaml names {0: person, 2: car, 5: truck}: class 2 is "car", class 1 does not exist."""
    seen, tasks = _import("yolo", FIXTURES / "import-yolo-names-gaps/ds", tmp_path, image_size=(640, 480))
    labels = [r["value"]["rectanglelabels"] for r in tasks[0]["annotations"][0]["result"]]
    assert labels == [["person"], ["car"]]
    assert seen.skipped == {"line whose class id is not in the class names (classes.txt or data.yaml)": 1}
    assert list(seen.labels["rectanglelabels"]) == ["person", "car", "truck"]


def test_malformed_sources_jsonl_is_refused_with_its_line(tmp_path: Path) -> None:
    with pytest.raises(ImportInputError, match=r"sources\.jsonl:1: invalid JSON"):
        import_tasks("yolo", ROBUST / "yolo_src", tmp_path / "t.json")
    assert not (tmp_path / "t.json").exists()


def test_voc_keeps_flags_in_meta_and_counts_an_object_without_a_box(tmp_path: Path) -> None:
    seen, tasks = _import("voc", ROBUST / "voc_ok", tmp_path)
    person, dog = tasks[0]["annotations"][0]["result"]
    assert dog["meta"] == {"difficult": 1, "truncated": 1, "pose": "Left"}
    assert person["meta"] == {"difficult": 0, "truncated": 0}
    assert seen.skipped == {"object whose bndbox is not four numbers (xmin, ymin, xmax, ymax)": 1}
    assert seen.notes == {"object parts (<part>): not imported": 1}


def test_voc_non_numeric_coordinate_is_counted(tmp_path: Path) -> None:
    seen, tasks = _import("voc", ROBUST / "voc_bad", tmp_path)
    assert tasks[0]["annotations"][0]["result"] == [] and seen.read == 1 and len(seen.skipped) == 1


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        # BIOES (the repro): S- is one token, B- ... E- one entity
        (["S-PER", "O", "O", "B-LOC", "E-LOC", "O"], [("John", "PER"), ("New York", "LOC")]),
        # IOB2
        (["B-PER", "O", "O", "B-LOC", "I-LOC", "I-LOC"], [("John", "PER"), ("New York City", "LOC")]),
        # IOB1: I- begins an entity; B- only separates two of the same label
        (
            ["I-PER", "O", "O", "I-LOC", "B-LOC", "I-LOC"],
            [("John", "PER"), ("New", "LOC"), ("York City", "LOC")],
        ),
        # BILOU
        (["U-PER", "O", "O", "B-LOC", "I-LOC", "L-LOC"], [("John", "PER"), ("New York City", "LOC")]),
        # after E-, an I- of the same label starts anew
        (["B-PER", "E-PER", "I-PER", "O", "O", "O"], [("John lives", "PER"), ("in", "PER")]),
    ],
)
def test_conll_tagging_schemes(tags: list[str], expected: list[tuple[str, str]], tmp_path: Path) -> None:
    tokens = ["John", "lives", "in", "New", "York", "City"]
    src = tmp_path / "in.conll"
    src.write_text("".join(f"{t} -X- _ {tag}\n" for t, tag in zip(tokens, tags, strict=True)))
    seen, tasks = _import("conll2003", src, tmp_path)
    got = [(r["value"]["text"], r["value"]["labels"][0]) for r in tasks[0]["annotations"][0]["result"]]
    assert got == expected and not seen.skipped


def test_conll_bioes_repro_and_an_unknown_tag(tmp_path: Path) -> None:
    seen, tasks = _import("conll2003", ROBUST / "bioes.conll", tmp_path)
    got = [(r["value"]["text"], r["value"]["labels"]) for r in tasks[0]["annotations"][0]["result"]]
    assert got == [("John", ["PER"]), ("New York", ["LOC"])]
    src = tmp_path / "bad.conll"
    src.write_text("John X-PER\nlives O\n")
    seen, _ = _import("conll2003", src, tmp_path)
    assert seen.skipped == {"token with a tag that is not O, B-, I-, E-, L-, S- or U-": 1}
