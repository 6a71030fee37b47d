"""Importers under malformed input (Hypothesis): every outcome is an import whose records are all
written or counted (`read == written + skipped`) and whose tasks lint clean, or an
`ImportInputError` naming the file; never a traceback."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import labelconfig
from labelconfig.imports import ImportInputError, import_tasks

_ANY = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 300) | st.floats(allow_nan=False) | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=8,
)
_NUM = st.integers(-10, 300) | st.floats(-10, 300, allow_nan=False) | st.sampled_from(["x", None, "1"])
_BBOX = st.lists(_NUM, min_size=0, max_size=5) | _ANY
_SEG = st.lists(st.lists(_NUM, max_size=9), max_size=3) | _ANY
_ANN = st.fixed_dictionaries(
    {"id": st.integers(0, 9), "image_id": st.integers(0, 3), "category_id": st.integers(0, 3)},
    optional={
        "bbox": _BBOX,
        "segmentation": _SEG,
        "iscrowd": st.integers(0, 1),
        "keypoints": st.lists(_NUM, max_size=7),
        "rotation": st.floats(0, 360),
    },
)
_IMAGE = st.fixed_dictionaries(
    {"id": st.integers(0, 3)}, optional={"width": _NUM, "height": _NUM, "file_name": st.text(max_size=5)}
)
_CAT = st.fixed_dictionaries(
    {"id": st.integers(0, 3)}, optional={"name": st.text(max_size=4) | _ANY, "keypoints": st.just(["a", "b"])}
)
_COCO = st.fixed_dictionaries(
    {"images": st.lists(_IMAGE | _ANY, max_size=3)},
    optional={
        "annotations": st.lists(_ANN | _ANY, max_size=5) | _ANY,
        "categories": st.lists(_CAT, max_size=3),
    },
)


def _check(fmt: str, src: Path, out: Path, **kw: Any) -> None:
    try:
        seen = import_tasks(fmt, src, out / "t.json", config_out=out / "c.xml", **kw)
    except ImportInputError as exc:
        assert str(src) in str(exc) or src.name in str(exc), exc
        return
    assert seen.read == seen.written + sum(seen.skipped.values())
    tasks = json.loads((out / "t.json").read_text())
    cfg = labelconfig.parse((out / "c.xml").read_text())
    for t in tasks:
        for a in t["annotations"]:
            errors = [d for d in cfg.check_annotation(a, t) if d.is_error]
            assert not errors, (errors, a)


SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(_COCO)
def test_coco_fuzz(doc: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp, "c.json")
        src.write_text(json.dumps(doc))
        _check("coco", src, Path(tmp))


_FIELD = st.sampled_from(["", "abc", "-1", "0", "5", "50.5", "1e309", "nan", "200"])


@SETTINGS
@given(
    st.lists(
        st.tuples(st.text(max_size=3), st.lists(_FIELD | st.none(), min_size=4, max_size=4)), max_size=3
    ),
    st.tuples(_FIELD, _FIELD),
    st.sampled_from(["0", "1", "x", None]),
)
def test_voc_fuzz(
    objects: list[tuple[str, list[str | None]]], size: tuple[str, str], flag: str | None
) -> None:
    parts = []
    for name, coords in objects:
        box = "".join(
            f"<{k}>{v}</{k}>"
            for k, v in zip(("xmin", "ymin", "xmax", "ymax"), coords, strict=True)
            if v is not None
        )
        difficult = f"<difficult>{flag}</difficult>" if flag is not None else ""
        parts.append(f"<object><name>{name}</name>{difficult}<bndbox>{box}</bndbox></object>")
    dims = f"<size><width>{size[0]}</width><height>{size[1]}</height></size>"
    xml = f"<annotation>{dims}{''.join(parts)}</annotation>"
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "Annotations").mkdir()
        (Path(tmp) / "Annotations/a.xml").write_text(xml.replace("&", "&amp;").replace("<>", ""))
        _check("voc", Path(tmp), Path(tmp))


_TOKEN = st.sampled_from(["0", "1", "2", "7", "0.5", "0.1", "1.5", "-0.2", "x", "nan", "0.25", "0.9"])


@SETTINGS
@given(
    st.sampled_from(["yolo", "yolo-obb", "yolo-seg", "yolo-pose"]),
    st.lists(st.lists(_TOKEN, min_size=1, max_size=11), max_size=4),
    st.sampled_from(["names: [a, b]", "names: {0: a, 2: c}", "names: {x: a}", "names: [a", "kpt_names: [p]"]),
)
def test_yolo_fuzz(layout: str, rows: list[list[str]], yaml_text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "labels/train").mkdir(parents=True)
        (root / "labels/train/a.txt").write_text("".join(" ".join(r) + "\n" for r in rows))
        (root / "data.yaml").write_text(yaml_text + "\n")
        _check(layout, root, root, image_size=(640, 480))


@SETTINGS
@given(
    st.lists(
        st.tuples(st.sampled_from(["John", "New", "York", "张", "-DOCSTART-", ""]), st.sampled_from(
            ["O", "B-PER", "I-PER", "E-LOC", "S-LOC", "L-X", "U-Y", "X-PER", "B-", "I", ""]
        )),
        max_size=8,
    )
)  # fmt: skip
def test_conll_fuzz(lines: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp, "a.conll")
        src.write_text("".join(f"{t} {tag}\n" for t, tag in lines))
        _check("conll2003", src, Path(tmp))
