"""Small Label Studio exports for the exporter tests, built in code so every number is visible."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

IMAGE_CONFIG = """<View>
  <Image name="image" value="$image"/>
  <Choices name="quality" toName="image"><Choice value="Good"/><Choice value="Bad"/></Choices>
  <RectangleLabels name="box" toName="image"><Label value="Car"/><Label value="Person"/></RectangleLabels>
  <PolygonLabels name="poly" toName="image"><Label value="Road"/></PolygonLabels>
  <KeyPointLabels name="kp" toName="image"><Label value="nose"/><Label value="hand"/></KeyPointLabels>
</View>"""

NER_CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Labels name="ner" toName="text"><Label value="PER"/><Label value="LOC"/></Labels>
</View>"""


def result(
    rid: str, control: str, kind: str, value: dict[str, Any], iw: int = 200, ih: int = 100, **extra: Any
) -> dict[str, Any]:
    return {
        "id": rid,
        "from_name": control,
        "to_name": "image",
        "type": kind,
        "original_width": iw,
        "original_height": ih,
        "value": value,
        **extra,
    }


def box(
    rid: str, x: float, y: float, w: float, h: float, label: str, rotation: float = 0, **kw: Any
) -> dict[str, Any]:
    value = {"x": x, "y": y, "width": w, "height": h, "rotation": rotation, "rectanglelabels": [label]}
    return result(rid, "box", "rectanglelabels", value, **kw)


def point(rid: str, x: float, y: float, label: str, parent: str | None, **kw: Any) -> dict[str, Any]:
    extra = {"parentID": parent} if parent else {}
    return result(
        rid, "kp", "keypointlabels", {"x": x, "y": y, "width": 1, "keypointlabels": [label]}, **extra, **kw
    )


def ann(
    aid: int, results: list[dict[str, Any]], updated: str = "2024-01-01T00:00:00Z", **kw: Any
) -> dict[str, Any]:
    return {"id": aid, "result": results, "created_at": "2023-01-01T00:00:00Z", "updated_at": updated, **kw}


def image_tasks() -> list[dict[str, Any]]:
    """Task 1: a rotated box, a polygon, a Choices answer; an older and a cancelled annotation.
    Task 2: two people with keypoints in one image (400×200). Task 3: no annotations.
    Task 4: an annotation with no regions (a negative sample); its image shares task 1's basename."""
    rotated = box("r1", 10, 10, 20, 20, "Car", rotation=90)
    polygon = result(
        "p1", "poly", "polygonlabels", {"points": [[10, 10], [50, 10], [50, 60]], "polygonlabels": ["Road"]}
    )
    choice = {
        "id": "c1",
        "from_name": "quality",
        "to_name": "image",
        "type": "choices",
        "value": {"choices": ["Good"]},
    }
    people = [
        box("a", 10, 10, 20, 40, "Person", iw=400, ih=200),
        box("b", 50, 20, 20, 40, "Person", iw=400, ih=200),
        point("a1", 15, 20, "nose", "a", iw=400, ih=200),
        point("a2", 12, 40, "hand", "a", iw=400, ih=200),
        point("b1", 55, 30, "nose", "b", iw=400, ih=200),
    ]
    return [
        {
            "id": 1,
            "data": {"image": "/data/upload/1/street.jpg"},
            "annotations": [
                ann(11, [box("old", 0, 0, 50, 50, "Person")], updated="2024-01-01T00:00:00Z"),
                ann(12, [rotated, polygon, choice], updated="2024-03-01T00:00:00Z"),
                ann(13, [box("x", 0, 0, 10, 10, "Car")], updated="2024-05-01T00:00:00Z", was_cancelled=True),
            ],
        },
        {"id": 2, "data": {"image": "s3://bucket/people.png"}, "annotations": [ann(21, people)]},
        {"id": 3, "data": {"image": "/data/upload/1/empty.jpg"}, "annotations": []},
        {"id": 4, "data": {"image": "/data/upload/2/street.jpg"}, "annotations": [ann(41, [])]},
    ]


def ner_tasks() -> list[dict[str, Any]]:
    text = "张三在北京工作。 Zoë  lives in São Paulo."
    spans = [
        (0, 2, "PER"),
        (3, 5, "LOC"),
        (text.index("Zoë"), text.index("Zoë") + 3, "PER"),
        (text.index("São"), text.index("Paulo") + 5, "LOC"),
    ]
    results = [
        {
            "id": f"s{i}",
            "from_name": "ner",
            "to_name": "text",
            "type": "labels",
            "value": {"start": s, "end": e, "text": text[s:e], "labels": [label]},
        }
        for i, (s, e, label) in enumerate(spans)
    ]
    return [
        {"id": 1, "data": {"text": text}, "annotations": [ann(1, results)]},
        {"id": 2, "data": {"text": "nothing here"}, "annotations": [ann(2, [])]},
    ]


def write(path: Path, tasks: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    return path


def output_of(dest: Path, fmt: str) -> Path:
    """Where an export to `fmt` writes under `dest`: a file for the one-file formats, else `dest`."""
    return {"coco": dest / "out.json", "conll2003": dest / "out.txt", "spacy": dest / "out.jsonl"}.get(
        fmt, dest
    )


def output_tree(root: Path) -> dict[str, bytes]:
    """Every file an export wrote under `root`, by relative path (COCO's `date_created`, the export's
    time, left out), to compare two exports byte for byte."""
    tree = {}
    for p in sorted(root.rglob("*")):
        if p.is_file():
            data = p.read_bytes()
            if p.name == "out.json":
                doc = json.loads(data)
                doc["info"].pop("date_created")
                data = json.dumps(doc).encode()
            tree[str(p.relative_to(root))] = data
    return tree


def encode(words: bytes) -> list[int]:
    """An encoder written from the format description (not the decoder's mirror): a repeat block for
    every run of 2 or more, a literal block for each stretch of single values, sizes [3, 4, 8, 16]."""
    sizes = [3, 4, 8, 16]
    bits: list[str] = [format(len(words), "032b"), format(7, "05b"), *(format(s - 1, "04b") for s in sizes)]

    def block(repeat: int, payload: bytes, count: int) -> None:
        k = next(i for i, s in enumerate(sizes) if count - 1 < 2**s)
        bits.extend([str(repeat), format(k, "02b"), format(count - 1, f"0{sizes[k]}b")])
        bits.extend(format(b, "08b") for b in payload)

    literal = bytearray()
    for run in re.finditer(rb"(.)\1*", words, re.DOTALL):  # found in C: a 12-megapixel mask in a second
        left = len(run.group())
        while left:
            n = min(left, 65536)
            left -= n
            if n >= 2:
                if literal:
                    block(0, bytes(literal), len(literal))
                    literal.clear()
                block(1, run.group()[:1], n)
            else:
                literal.append(run.group()[0])
                if len(literal) == 65536:
                    block(0, bytes(literal), len(literal))
                    literal.clear()
    if literal:
        block(0, bytes(literal), len(literal))
    stream = "".join(bits)
    stream += "0" * (-len(stream) % 8)
    return [int(stream[k : k + 8], 2) for k in range(0, len(stream), 8)]
