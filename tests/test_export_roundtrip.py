"""Round trips (Label Studio -> format -> Label Studio) as Hypothesis properties, imports that lint
clean against the config they come with, brush RLE against an independent encoder, and COCO output
read by pycocotools."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from export_fixtures import IMAGE_CONFIG, NER_CONFIG, encode, image_tasks, ner_tasks, write
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import labelconfig
from labelconfig.cli import main
from labelconfig.export import export, rle
from labelconfig.export import geometry as geo
from labelconfig.export.textfmt import Span, tokens
from labelconfig.imports import ImportInputError, import_tasks

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
BOX_CONFIG = """<View><Image name="image" value="$image"/>
<RectangleLabels name="label" toName="image"><Label value="A"/><Label value="B"/></RectangleLabels>
<PolygonLabels name="polygon" toName="image"><Label value="A"/><Label value="B"/></PolygonLabels></View>"""

pct = st.floats(0, 100, allow_nan=False)
sizes = st.tuples(st.integers(1, 5000), st.integers(1, 5000))


@st.composite
def boxes(draw: st.DrawFn, rotated: bool) -> dict[str, Any]:
    x, y = draw(st.floats(0, 99)), draw(st.floats(0, 99))
    w, h = draw(st.floats(0.01, 100 - x)), draw(st.floats(0.01, 100 - y))
    rotation = draw(st.floats(0, 359.9)) if rotated else 0.0
    return {"x": x, "y": y, "width": w, "height": h, "rotation": rotation}


def _task(
    size: tuple[int, int], values: list[dict[str, Any]], kind: str = "rectanglelabels"
) -> list[dict[str, Any]]:
    name = "label" if kind == "rectanglelabels" else "polygon"
    results = [
        {
            "id": f"r{i}",
            "from_name": name,
            "to_name": "image",
            "type": kind,
            "original_width": size[0],
            "original_height": size[1],
            "value": {**v, kind: ["AB"[i % 2]]},
        }
        for i, v in enumerate(values)
    ]
    return [
        {"id": 1, "data": {"image": "/data/upload/1/img.png"}, "annotations": [{"id": 1, "result": results}]}
    ]


def _corners(v: dict[str, Any], size: tuple[float, float]) -> list[geo.Point]:
    if "points" in v:
        return geo.to_pixels(v["points"], *size)
    return geo.box_corners(v["x"], v["y"], v["width"], v["height"], v.get("rotation", 0), *size)


def _round_trip(tmp: Path, fmt: str, tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    src = write(tmp / "in.json", tasks)
    out = tmp / ("out.json" if fmt == "coco" else fmt)
    export(src, BOX_CONFIG, fmt, out)
    import_tasks(fmt, out, tmp / "back.json", config_out=tmp / "back.xml")
    back = json.loads((tmp / "back.json").read_text())
    cfg = labelconfig.load(tmp / "back.xml")
    assert cfg.ok
    assert [d for t in back for d in cfg.check_task(t) if d.is_error] == []  # the import lints clean
    return back[0]["annotations"][0]["result"]


def _assert_same(
    before: list[dict[str, Any]], after: list[dict[str, Any]], size: tuple[int, int], tol: float
) -> None:
    assert len(after) == len(before)
    for a, b in zip(before, after, strict=True):
        assert [b["value"][k] for k in b["value"] if k.endswith("labels")] == [
            a["value"][k] for k in a["value"] if k.endswith("labels")
        ]
        for p, q in zip(_corners(a["value"], size), _corners(b["value"], size), strict=True):
            assert abs(p[0] - q[0]) <= tol and abs(p[1] - q[1]) <= tol, (a, b)


@SETTINGS
@given(size=sizes, values=st.lists(boxes(rotated=True), min_size=1, max_size=4))
@example(  # found by the suite: a box 0.0025 px thick and 2500 px long, turned 1 degree, was no rectangle
    size=(3907, 1),
    values=[
        {"x": 0.0, "y": 0.0, "width": 1.0, "height": 1.0, "rotation": 0.0},
        {"x": 0.0, "y": 0.0, "width": 64.0, "height": 0.25, "rotation": 1.0},
    ],
)
def test_coco_round_trip_keeps_rotated_boxes(
    tmp_path_factory: pytest.TempPathFactory, size: tuple[int, int], values: list[dict[str, Any]]
) -> None:
    tasks = _task(size, values)
    after = _round_trip(tmp_path_factory.mktemp("coco"), "coco", tasks)
    _assert_same(tasks[0]["annotations"][0]["result"], after, size, 1e-6)


@SETTINGS
@given(
    size=sizes,
    polygons=st.lists(
        st.lists(st.tuples(pct, pct).map(list), min_size=3, max_size=8), min_size=1, max_size=3
    ),
)
def test_coco_and_yolo_seg_round_trip_keep_polygons(
    tmp_path_factory: pytest.TempPathFactory, size: tuple[int, int], polygons: list[list[list[float]]]
) -> None:
    tasks = _task(size, [{"points": p} for p in polygons], "polygonlabels")
    for fmt in ("coco", "yolo-seg"):
        after = _round_trip(tmp_path_factory.mktemp(fmt), fmt, tasks)
        _assert_same(tasks[0]["annotations"][0]["result"], after, size, 1e-6)


@SETTINGS
@given(size=sizes, values=st.lists(boxes(rotated=True), min_size=1, max_size=4))
@example(  # found in CI: a 0.01 px wide box on a 1 x 1495 image, turned 1 degree
    size=(1, 1495),
    values=[
        {"x": 0.0, "y": 0.0, "width": 1.0, "height": 1.0, "rotation": 0.0},
        {"x": 0.0, "y": 10.0, "width": 1.0, "height": 1.0, "rotation": 1.0},
    ],
)
def test_yolo_obb_round_trip_keeps_rotated_boxes(
    tmp_path_factory: pytest.TempPathFactory, size: tuple[int, int], values: list[dict[str, Any]]
) -> None:
    tasks = _task(size, values)
    after = _round_trip(tmp_path_factory.mktemp("obb"), "yolo-obb", tasks)
    _assert_same(tasks[0]["annotations"][0]["result"], after, size, 1e-6)


@SETTINGS
@given(size=sizes, values=st.lists(boxes(rotated=False), min_size=1, max_size=4))
def test_yolo_and_voc_round_trip_keep_boxes(
    tmp_path_factory: pytest.TempPathFactory, size: tuple[int, int], values: list[dict[str, Any]]
) -> None:
    tasks = _task(size, values)
    before = tasks[0]["annotations"][0]["result"]
    _assert_same(before, _round_trip(tmp_path_factory.mktemp("yolo"), "yolo", tasks), size, 1e-6)
    _assert_same(before, _round_trip(tmp_path_factory.mktemp("voc"), "voc", tasks), size, 0.5)  # whole pixels


def test_yolo_pose_and_conll_imports_lint_clean(tmp_path: Path) -> None:
    export(write(tmp_path / "i.json", image_tasks()), IMAGE_CONFIG, "yolo-pose", tmp_path / "pose")
    import_tasks(
        "yolo-pose", tmp_path / "pose", tmp_path / "p.json", as_="predictions", config_out=tmp_path / "p.xml"
    )
    cfg = labelconfig.load(tmp_path / "p.xml")
    tasks = json.loads((tmp_path / "p.json").read_text())
    people = next(t for t in tasks if t["data"]["image"].endswith("people.png"))
    kinds = [(r["type"], r.get("parentID")) for r in people["predictions"][0]["result"]]
    assert kinds == [
        ("rectanglelabels", None),
        ("keypointlabels", "people-1"),
        ("keypointlabels", "people-1"),
        ("rectanglelabels", None),
        ("keypointlabels", "people-2"),
    ]
    assert [d for t in tasks for d in cfg.check_task(t) if d.is_error] == []
    export(write(tmp_path / "n.json", ner_tasks()), NER_CONFIG, "conll2003", tmp_path / "n.conll")
    import_tasks("conll2003", tmp_path / "n.conll", tmp_path / "n2.json", config_out=tmp_path / "n.xml")
    back = json.loads((tmp_path / "n2.json").read_text())
    spans = [r["value"]["text"] for r in back[0]["annotations"][0]["result"]]
    assert spans == ["张三", "北京", "Zoë", "São Paulo"]
    cfg = labelconfig.load(tmp_path / "n.xml")
    assert [d for t in back for d in cfg.check_task(t) if d.is_error] == []


def test_yolo_confidence_column_becomes_the_score(tmp_path: Path) -> None:
    (tmp_path / "labels").mkdir()
    (tmp_path / "classes.txt").write_text("A\nB\n")
    (tmp_path / "labels/x.txt").write_text("1 0.5 0.5 0.2 0.4 0.0\n0 0.5 0.5 0.2 0.4 0.75\n")
    import_tasks("yolo", tmp_path, tmp_path / "o.json", as_="predictions", config_out=tmp_path / "c.xml")
    (task,) = json.loads((tmp_path / "o.json").read_text())
    results = task["predictions"][0]["result"]
    assert [(r["value"]["rectanglelabels"], r["score"]) for r in results] == [(["B"], 0.0), (["A"], 0.75)]
    assert results[0]["value"]["x"] == pytest.approx(40) and results[0]["value"]["height"] == pytest.approx(
        40
    )
    cfg = labelconfig.load(tmp_path / "c.xml")
    assert [d for d in cfg.check_task(task) if d.is_error] == []


def test_bad_import_input_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "labels").mkdir()
    (tmp_path / "classes.txt").write_text("A\n")
    (tmp_path / "labels/x.txt").write_text("0 0.5 0.5 0.1 0.1\n0 0.1 0.1 0.2 0.1 0.3 0.3 0.1 0.3\n")
    with pytest.raises(
        ImportInputError, match=r"x\.txt:2: 9 columns; a `yolo` line is `cls xc yc w h \[confidence\]`"
    ):
        import_tasks("yolo", tmp_path, tmp_path / "o.json")
    failed = CliRunner().invoke(main, ["import", "yolo", str(tmp_path), "-o", str(tmp_path / "o.json")])
    assert failed.exit_code == 2 and "x.txt:2" in failed.output


# --- brush RLE -------------------------------------------------------------------------------------


def test_sdk_test_vector_decodes() -> None:
    stream = [0, 0, 0, 18, 57, 27, 252, 96, 32, 1, 0, 6, 0, 40, 0, 192, 3, 128, 17, 56, 32]
    assert list(rle.decode(stream)) == [1, 1, 1, 1, 2, 3, 5, 6, 7, 8, 4, 4, 4, 4, 4, 4, 4, 4]


@settings(max_examples=60, deadline=None)
@given(st.binary(min_size=1, max_size=400))
def test_decoder_inverts_an_independent_encoder(words: bytes) -> None:
    assert rle.decode(encode(words)) == words


def _mask(w: int, h: int) -> bytes:
    """A filled rectangle and a soft-edged pixel: what a brush stroke leaves in the alpha channel."""
    m = bytearray(w * h)
    for y in range(2, 5):
        for x in range(1, 6):
            m[y * w + x] = 255
    m[0] = 128
    return bytes(m)


def _brush_tasks(w: int, h: int) -> list[dict[str, Any]]:
    rgba = bytes(v for a in _mask(w, h) for v in (a, a, a, a))
    value = {"format": "rle", "rle": encode(rgba), "brushlabels": ["Cat"]}
    result = {
        "id": "m",
        "from_name": "brush",
        "to_name": "image",
        "type": "brushlabels",
        "original_width": w,
        "original_height": h,
        "value": value,
    }
    return [{"id": 1, "data": {"image": "/x/cat.png"}, "annotations": [{"id": 1, "result": [result]}]}]


BRUSH_CONFIG = """<View><Image name="image" value="$image"/>
<BrushLabels name="brush" toName="image"><Label value="Cat"/></BrushLabels></View>"""


def _read_png(data: bytes) -> tuple[int, int, bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, idat, (w, h) = 8, b"", (0, 0)
    while at < len(data):
        (n,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + n]
        assert struct.unpack(">I", data[at + 8 + n : at + 12 + n])[0] == zlib.crc32(kind + body)
        if kind == b"IHDR":
            w, h = struct.unpack(">II", body[:8])
            assert body[8:10] == b"\x08\x00"  # 8-bit greyscale
        idat += body if kind == b"IDAT" else b""
        at += 12 + n
    raw = zlib.decompress(idat)
    rows = [raw[y * (w + 1) : (y + 1) * (w + 1)] for y in range(h)]
    assert all(r[0] == 0 for r in rows)  # filter type None
    return w, h, b"".join(r[1:] for r in rows)


def test_brush_png_and_npy_hold_the_painted_alpha(tmp_path: Path) -> None:
    w, h = 7, 6
    src = write(tmp_path / "b.json", _brush_tasks(w, h))
    export(src, BRUSH_CONFIG, "brush-png", tmp_path / "png")
    assert _read_png((tmp_path / "png/masks/cat/1_Cat.png").read_bytes()) == (w, h, _mask(w, h))
    export(src, BRUSH_CONFIG, "brush-npy", tmp_path / "npy")
    np = pytest.importorskip("numpy")
    array = np.load(tmp_path / "npy/masks/cat/1_Cat.npy")
    assert array.shape == (h, w) and array.dtype == np.uint8 and array.tobytes() == _mask(w, h)


def test_coco_masks_load_in_pycocotools(tmp_path: Path) -> None:
    coco_mod = pytest.importorskip("pycocotools.coco", reason="pycocotools did not install from PyPI here")
    np = pytest.importorskip("numpy")
    w, h = 7, 6
    export(write(tmp_path / "b.json", _brush_tasks(w, h)), BRUSH_CONFIG, "coco", tmp_path / "m.json")
    coco = coco_mod.COCO(str(tmp_path / "m.json"))
    (ann,) = coco.loadAnns(coco.getAnnIds())
    expected = (np.frombuffer(_mask(w, h), np.uint8).reshape(h, w) > 0).astype(np.uint8)
    assert (coco.annToMask(ann) == expected).all()
    assert ann["bbox"] == [0, 0, 6, 5] and ann["area"] == 16


def test_coco_detection_export_loads_in_pycocotools(tmp_path: Path) -> None:
    coco_mod = pytest.importorskip("pycocotools.coco", reason="pycocotools did not install from PyPI here")
    export(write(tmp_path / "i.json", image_tasks()), IMAGE_CONFIG, "coco", tmp_path / "c.json")
    coco = coco_mod.COCO(str(tmp_path / "c.json"))
    assert len(coco.getAnnIds()) == 4 and coco.loadCats(2)[0]["keypoints"] == ["nose", "hand"]
    people = coco.getAnnIds(imgIds=[2])
    assert [a["num_keypoints"] for a in coco.loadAnns(people)] == [2, 1]
    rotated = coco.loadAnns(coco.getAnnIds(imgIds=[1], catIds=[1]))[0]
    assert coco.annToMask(rotated).sum() > 0  # the rotated box's polygon rasterises


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str]]]:
    alphabet = st.characters(codec="utf-8", categories=("L", "N", "P"), exclude_characters="\u3002")
    words = draw(st.lists(st.text(alphabet, min_size=1, max_size=6), min_size=1, max_size=15))
    words = [w for w in words if not any(ch in w for ch in "-")] or ["x"]
    text = " ".join(words)
    starts = [sum(len(w) + 1 for w in words[:i]) for i in range(len(words))]
    spans, i = [], 0
    while i < len(words):
        n = draw(st.integers(0, 3))
        if n and i + n <= len(words):
            spans.append(
                (starts[i], starts[i + n - 1] + len(words[i + n - 1]), draw(st.sampled_from(["PER", "LOC"])))
            )
            i += n + draw(st.integers(0, 1))
        else:
            i += 1
    return text, spans


def _words(text: str) -> list[str]:
    return [text[s:e] for s, e in tokens(text)]


@SETTINGS
@given(doc=documents())
def test_conll_round_trip_is_exact_at_token_boundaries(
    tmp_path_factory: pytest.TempPathFactory, doc: tuple[str, list[tuple[int, int, str]]]
) -> None:
    text, spans = doc
    tmp = tmp_path_factory.mktemp("conll")
    results = [
        {
            "id": f"s{i}",
            "from_name": "ner",
            "to_name": "text",
            "type": "labels",
            "value": {"start": s, "end": e, "labels": [label]},
        }
        for i, (s, e, label) in enumerate(spans)
    ]
    src = write(tmp / "t.json", [{"id": 1, "data": {"text": text}, "annotations": [{"result": results}]}])
    export(src, NER_CONFIG, "conll2003", tmp / "o.conll")
    import_tasks("conll2003", tmp / "o.conll", tmp / "back.json")
    (back,) = json.loads((tmp / "back.json").read_text())
    tokens_text = back["data"]["text"]
    got = [(_words(r["value"]["text"]), r["value"]["labels"][0]) for r in back["annotations"][0]["result"]]
    want = [(_words(text[s:e]), label) for s, e, label in spans]  # CoNLL keeps tokens, not spacing
    assert tokens_text.replace(" ", "") == text.replace(" ", "")  # CJK characters come back unspaced
    assert got == want


@settings(max_examples=50, deadline=None)
@given(w=st.integers(1, 9), h=st.integers(1, 9), data=st.data())
def test_coco_rle_decodes_in_pycocotools(w: int, h: int, data: st.DataObject) -> None:
    mask_api = pytest.importorskip("pycocotools.mask", reason="pycocotools did not install from PyPI here")
    np = pytest.importorskip("numpy")
    mask = data.draw(st.binary(min_size=w * h, max_size=w * h))
    encoded = rle.coco_rle(mask, w, h)
    decoded = mask_api.decode(mask_api.frPyObjects(encoded, h, w))
    expected = (np.frombuffer(mask, np.uint8).reshape(h, w) > 0).astype(np.uint8)
    assert (decoded == expected).all()
    box = rle.mask_bbox(mask, w, h)
    assert (box is None) == (not expected.any())
    if box is not None:
        assert box[1] == int(expected.sum()) and box[0] == [
            float(v) for v in mask_api.toBbox(mask_api.frPyObjects(encoded, h, w))
        ]


POSE_CONFIG = """<View><Image name="image" value="$image"/>
<RectangleLabels name="label" toName="image"><Label value="A"/><Label value="B"/></RectangleLabels>
<KeyPointLabels name="keypoints" toName="image"><Label value="nose"/><Label value="tail"/>
</KeyPointLabels></View>"""


@st.composite
def people(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Boxes, each with some of its keypoints (linked by parentID)."""
    out: list[dict[str, Any]] = []
    for i, b in enumerate(draw(st.lists(boxes(rotated=False), min_size=1, max_size=3))):
        out.append(
            {
                "id": f"b{i}",
                "from_name": "label",
                "type": "rectanglelabels",
                "value": {**b, "rectanglelabels": ["AB"[i % 2]]},
            }
        )
        for name in draw(st.lists(st.sampled_from(["nose", "tail"]), unique=True)):
            point = {"x": draw(pct), "y": draw(pct), "width": 1.0, "keypointlabels": [name]}
            out.append(
                {
                    "id": f"b{i}{name}",
                    "parentID": f"b{i}",
                    "from_name": "keypoints",
                    "type": "keypointlabels",
                    "value": point,
                }
            )
    return out


@SETTINGS
@given(size=sizes, regions=people())
def test_coco_and_yolo_pose_round_trips_keep_keypoints(
    tmp_path_factory: pytest.TempPathFactory, size: tuple[int, int], regions: list[dict[str, Any]]
) -> None:
    results = [
        {**r, "to_name": "image", "original_width": size[0], "original_height": size[1]} for r in regions
    ]
    tasks = [{"id": 1, "data": {"image": "/x/img.png"}, "annotations": [{"id": 1, "result": results}]}]

    def points(rs: list[dict[str, Any]]) -> list[tuple[str, float, float]]:
        return sorted(
            (r["value"]["keypointlabels"][0], r["value"]["x"], r["value"]["y"])
            for r in rs
            if r["type"] == "keypointlabels"
        )

    for fmt in ("coco", "yolo-pose"):
        tmp = tmp_path_factory.mktemp(fmt)
        src = write(tmp / "in.json", tasks)
        out = tmp / ("out.json" if fmt == "coco" else "out")
        export(src, POSE_CONFIG, fmt, out)
        import_tasks(fmt, out, tmp / "back.json", config_out=tmp / "back.xml")
        (back,) = json.loads((tmp / "back.json").read_text())
        after = back["annotations"][0]["result"]
        assert [d for d in labelconfig.load(tmp / "back.xml").check_task(back) if d.is_error] == []
        boxes_before = [r for r in results if r["type"] == "rectanglelabels"]
        _assert_same(boxes_before, [r for r in after if r["type"] == "rectanglelabels"], size, 1e-6)
        got, want = points(after), points(results)
        assert [g[0] for g in got] == [w[0] for w in want]
        for name, gx, gy in got:  # each point back within 1e-6 px of one sent (sorting cannot pair
            # them: 5e-324 % of a pixel comes back as 0 and reorders points that tie otherwise)
            match = next(
                w
                for w in want
                if w[0] == name
                and abs(gx - w[1]) * size[0] / 100 <= 1e-6
                and abs(gy - w[2]) * size[1] / 100 <= 1e-6
            )
            want.remove(match)
        parents = {r["id"] for r in after if r["type"] == "rectanglelabels"}
        assert all(r["parentID"] in parents for r in after if r["type"] == "keypointlabels")


@settings(max_examples=400, deadline=None)
@given(
    text=st.text(alphabet="ab. ,\t\n\u00a0\u2003é-", max_size=30),
    raw=st.lists(
        st.tuples(st.integers(0, 30), st.integers(0, 30), st.sampled_from(["PER", "LOC"])), max_size=5
    ),
)
def test_conll_pieces_write_what_tokens_write(text: str, raw: list[tuple[int, int, str]]) -> None:
    """CoNLL lines for text without CJK come from whole pieces between span boundaries; they must be
    the lines (and the tally) that tagging token by token gives."""
    from labelconfig.export import make_plan
    from labelconfig.export.conll import _by_pieces, tags

    spans = sorted(
        {Span(min(a, b), max(a, b), label) for a, b, label in raw if min(a, b) < max(a, b) <= len(text)},
        key=lambda s: (s[0], -s[1]),
    )
    cfg = labelconfig.parse(NER_CONFIG)
    plans = [make_plan(cfg, "conll2003", Path("unused.txt")) for _ in range(2)]
    toks, tagged = tags(plans[0], text, spans)
    by_tokens = "".join(f"{text[s:e]} -X- _ {t}\n" for (s, e), t in zip(toks, tagged, strict=True))
    assert _by_pieces(plans[1], text, spans) == by_tokens
    assert plans[0].tally.as_dict() == plans[1].tally.as_dict()
