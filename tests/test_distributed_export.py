"""`export --scheduler` on a real distributed.LocalCluster writes what a local export writes."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dask_support import local_client
from export_fixtures import IMAGE_CONFIG, NER_CONFIG, encode, image_tasks, ner_tasks, output_of, output_tree

from labelconfig import parse
from labelconfig.distributed.export import convert_partition, kind
from labelconfig.distributed.export import export as export_on
from labelconfig.distributed.partitions import partitions
from labelconfig.export import ExportInputError, export, make_plan
from labelconfig.payloads import reader


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with local_client() as c:
        yield c


def many(tasks: list[dict[str, Any]], copies: int) -> list[dict[str, Any]]:
    """`copies` rounds of the tasks with new ids; image URLs repeat across rounds, so later images
    with a taken file name get digests, wherever their partition falls."""
    out = []
    for k in range(copies):
        for t in tasks:
            t = copy.deepcopy(t)
            t["id"] = k * 100 + t["id"]
            out.append(t)
    return out


BRUSH_CONFIG = """<View><Image name="image" value="$image"/>
<BrushLabels name="brush" toName="image" choice="multiple"><Label value="Cat"/><Label value="Dog"/>
</BrushLabels></View>"""


def brush_tasks() -> list[dict[str, Any]]:
    """Masks of two sizes, a region with two labels (two files), one whose RLE does not decode
    (counted), and a task without an annotation."""
    w, h = 5, 4

    def mask(rid: str, fill: int, labels: list[str], rle: list[int] | None = None) -> dict[str, Any]:
        rgba = bytes(v for i in range(w * h) for v in (4 * (fill + i),) * 4)
        value = {"format": "rle", "rle": encode(rgba) if rle is None else rle, "brushlabels": labels}
        return {"id": rid, "from_name": "brush", "to_name": "image", "type": "brushlabels",
                "original_width": w, "original_height": h, "value": value}  # fmt: skip

    def task(tid: int, url: str, *results: dict[str, Any]) -> dict[str, Any]:
        anns = [{"id": tid, "result": list(results)}] if results else []
        return {"id": tid, "data": {"image": url}, "annotations": anns}

    return [
        task(1, "/a/cat.png", mask("m1", 1, ["Cat"])),
        task(2, "/b/cat.png", mask("m2", 2, ["Cat", "Dog"]), mask("m3", 3, ["Dog"], [1, 2])),
        task(3, "/c/dog.png"),
    ]


def write(path: Path, tasks: list[dict[str, Any]], layout: str) -> Path:
    if layout == "lines":
        path.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in tasks), encoding="utf-8")
    else:
        path.write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


@pytest.mark.parametrize("layout", ["lines", "array"])
@pytest.mark.parametrize(
    ("fmt", "config", "tasks"),
    [
        ("coco", IMAGE_CONFIG, image_tasks),
        ("yolo", IMAGE_CONFIG, image_tasks),
        ("yolo-pose", IMAGE_CONFIG, image_tasks),
        ("conll2003", NER_CONFIG, ner_tasks),
        ("spacy", NER_CONFIG, ner_tasks),
        ("voc", IMAGE_CONFIG, image_tasks),
        ("brush-png", BRUSH_CONFIG, brush_tasks),
        ("json", IMAGE_CONFIG, image_tasks),
    ],
)
def test_equals_a_local_export(
    tmp_path: Path,
    client: Any,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
    config: str,
    tasks: Any,
    layout: str,
) -> None:
    monkeypatch.setattr(reader, "ARRAY_CHUNK", 1024)  # runs of a few tasks: many array partitions
    source = write(tmp_path / f"tasks.{layout}", many(tasks(), 25), layout)
    assert len(partitions(str(source), target=4096)) > 3
    cfg = parse(config)
    local = export(source, cfg, fmt, output_of(tmp_path / "local", fmt))
    plan = make_plan(cfg, fmt, Path("."))
    out = output_of(tmp_path / "dask", fmt)
    tally = export_on(client, str(source), plan, str(out), target=4096)
    assert tally.as_dict() == local.as_dict() and tally.written > 0
    assert output_tree(tmp_path / "dask") == output_tree(tmp_path / "local")


@pytest.mark.parametrize(
    ("fmt", "travels"),
    [
        ("coco", "images"),
        ("yolo", "images"),
        ("voc", "images"),
        ("conll2003", "lines"),
        ("spacy", "lines"),
        ("json", "tasks"),
        ("brush-png", "images"),
    ],
)
def test_what_comes_back_from_a_worker(fmt: str, travels: str) -> None:
    """Per-image formats convert on the worker and return file names to give; text formats return
    their lines; the rest return linted tasks for the client's writer."""
    from importlib import import_module

    from labelconfig.export.formats import FORMATS

    assert kind(import_module(f"labelconfig.export.{FORMATS[fmt].module}")) == travels


DYNAMIC = """<View><Image name="image" value="$image"/>
<RectangleLabels name="box" toName="image" value="$labels"><Label value="Car"/></RectangleLabels></View>"""


def dynamic_tasks(n: int) -> list[dict[str, Any]]:
    """Labels beyond the declared one, first met in different partitions and in another order than
    their classes are listed in a single partition."""
    order = ["Car", "Tram", "Bus", "Car", "Bus", "Ferry", "Tram"]
    tasks = []
    for i in range(n):
        label = order[(i * 3) % len(order)]
        value = {"x": 1, "y": 1, "width": 5, "height": 5, "rectanglelabels": [label]}
        r = {"id": f"r{i}", "from_name": "box", "to_name": "image", "type": "rectanglelabels",
             "original_width": 100, "original_height": 100, "value": value}  # fmt: skip
        data = {"image": f"/d/{i % 9}.jpg", "labels": [{"value": v} for v in sorted(set(order))]}
        tasks.append({"id": i, "data": data, "annotations": [{"id": i, "result": [r]}]})
    return tasks


@pytest.mark.parametrize("fmt", ["coco", "yolo", "voc"])
def test_dynamic_labels_get_the_ids_of_a_local_export(tmp_path: Path, client: Any, fmt: str) -> None:
    source = write(tmp_path / "tasks.jsonl", dynamic_tasks(60), "lines")
    assert len(partitions(str(source), target=1024)) > 5
    cfg = parse(DYNAMIC)
    local = export(source, cfg, fmt, output_of(tmp_path / "local", fmt))
    out = output_of(tmp_path / "dask", fmt)
    tally = export_on(client, str(source), make_plan(cfg, fmt, Path(".")), str(out), target=1024)
    assert tally.as_dict() == local.as_dict()
    assert local.converted["label not declared in the config (dynamic labels): appended as a class"] == 3
    assert output_tree(tmp_path / "dask") == output_tree(tmp_path / "local")


def test_per_task_files(tmp_path: Path, client: Any) -> None:
    folder = tmp_path / "tasks"  # Label Studio's cloud export storage: one JSON file per task
    folder.mkdir()
    tasks = many(image_tasks(), 3)
    for t in tasks:
        (folder / f"{t['id']:04}.json").write_text(json.dumps(t))
    cfg = parse(IMAGE_CONFIG)
    local = export(write(tmp_path / "all.json", tasks, "array"), cfg, "coco", tmp_path / "local" / "out.json")
    tally = export_on(
        client, str(folder), make_plan(cfg, "coco", Path(".")), str(tmp_path / "dask" / "out.json")
    )
    assert tally.as_dict() == local.as_dict()
    assert output_tree(tmp_path / "dask") == output_tree(tmp_path / "local")


def test_input_error_names_the_file_and_line(tmp_path: Path, client: Any) -> None:
    lines = [json.dumps(t) for t in many(image_tasks(), 30)]
    lines[97] = '{"data": {"image": "x"}, broken'
    source = tmp_path / "tasks.jsonl"
    source.write_text("\n".join(lines) + "\n")
    cfg = parse(IMAGE_CONFIG)
    with pytest.raises(ExportInputError) as local:
        export(source, cfg, "coco", tmp_path / "local.json")
    with pytest.raises(ExportInputError) as remote:
        export_on(
            client, str(source), make_plan(cfg, "coco", Path(".")), str(tmp_path / "d.json"), target=2048
        )
    assert str(remote.value) == str(local.value) and f"{source}:98:" in str(local.value)
    assert not (tmp_path / "d.json").exists()  # complete or absent


def test_cli(tmp_path: Path, client: Any) -> None:
    from click.testing import CliRunner

    from labelconfig.cli import main

    config = tmp_path / "config.xml"
    config.write_text(IMAGE_CONFIG)
    source = write(tmp_path / "tasks.json", many(image_tasks(), 4), "array")
    args = ["export", str(source), "--config", str(config), "--to", "yolo"]
    runner = CliRunner()
    local = runner.invoke(main, [*args, "-o", str(tmp_path / "local"), "--report", str(tmp_path / "a.json")])
    address = client.scheduler.address
    remote = runner.invoke(
        main,
        [*args, "-o", str(tmp_path / "dask"), "--report", str(tmp_path / "b.json")],
        env={"LABELCONFIG_SCHEDULER": address},
    )
    assert local.exit_code == remote.exit_code == 0, remote.output
    assert local.output == remote.output
    assert (tmp_path / "a.json").read_text() == (tmp_path / "b.json").read_text()
    assert output_tree(tmp_path / "dask") == output_tree(tmp_path / "local")


def test_progress_of_an_export(tmp_path: Path, client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    source = write(tmp_path / "tasks.jsonl", many(image_tasks(), 20), "lines")
    cfg = parse(IMAGE_CONFIG)
    done: list[int] = []
    plan = make_plan(cfg, "coco", Path("."))
    export_on(client, str(source), plan, str(tmp_path / "d.json"), target=2048, progress=done.append)
    assert len(done) == len(partitions(str(source), target=2048)) > 3
    assert sum(done) == source.stat().st_size

    from click.testing import CliRunner

    from labelconfig.cli import main

    config = tmp_path / "config.xml"
    config.write_text(IMAGE_CONFIG)
    monkeypatch.setattr("labelconfig.distributed._watching", lambda: True)
    monkeypatch.setattr("labelconfig.distributed.PROGRESS_ABOVE", 0)
    args = ["export", str(source), "--config", str(config), "--to", "coco", "-o", str(tmp_path / "o.json")]
    result = CliRunner().invoke(main, [*args, "--scheduler", client.scheduler.address])
    assert result.exit_code == 0 and "exporting" in result.stderr


def _dies_once(part: Any, options: Any) -> Any:
    """`convert_partition`, except that the worker converting the third partition first dies (once:
    a marker file beside the input remembers), as a machine of a cluster can."""
    import os

    marker = Path(part.url).with_suffix(".died")
    before = [p for p in partitions(part.url, target=TARGET) if p.start < part.start]
    if len(before) == 2 and not marker.exists():
        marker.write_text(str(os.getpid()))
        os._exit(1)
    return convert_partition(part, options)  # the function itself, not the patched name


TARGET = 2048


def test_a_lost_worker_is_replaced_and_nothing_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import sys

    import cloudpickle
    from distributed import LocalCluster

    from labelconfig.distributed import connect
    from labelconfig.distributed import export as on_dask

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers cannot import this file
    monkeypatch.setattr(on_dask, "convert_partition", _dies_once)
    source = write(tmp_path / "tasks.jsonl", many(image_tasks(), 30), "lines")
    cfg = parse(IMAGE_CONFIG)
    local = export(source, cfg, "coco", tmp_path / "local" / "out.json")
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0") as cluster:
        client = connect(cluster.scheduler_address)
        try:
            plan = make_plan(cfg, "coco", Path("."))
            tally = export_on(client, str(source), plan, str(tmp_path / "dask" / "out.json"), target=TARGET)
        finally:
            client.close()
    died = source.with_suffix(".died")
    assert died.exists() and int(died.read_text()) != os.getpid()  # a worker process did die
    assert tally.as_dict() == local.as_dict()
    assert output_tree(tmp_path / "dask") == output_tree(tmp_path / "local")


def _fails_on_third(part: Any, options: Any) -> Any:
    if sum(1 for p in partitions(part.url, target=TARGET) if p.start < part.start) == 2:
        raise OSError("device vanished")
    return convert_partition(part, options)


def test_a_failed_partition_names_its_file_and_line_and_writes_nothing(
    tmp_path: Path, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from labelconfig.distributed import DistributedError
    from labelconfig.distributed import export as on_dask

    monkeypatch.setattr(on_dask, "convert_partition", _fails_on_third)
    source = write(tmp_path / "tasks.jsonl", many(image_tasks(), 30), "lines")
    third = partitions(str(source), target=TARGET)[2]
    line = source.read_bytes()[: third.start].count(b"\n") + 1
    out = tmp_path / "out"
    with pytest.raises(
        DistributedError, match=rf"{source}:{line} \(the lines from there\): OSError: device vanished"
    ):
        export_on(
            client, str(source), make_plan(parse(IMAGE_CONFIG), "yolo", Path(".")), str(out), target=TARGET
        )
    assert not out.exists()  # complete or absent
