"""Exports in parts (`--jobs`) write the same bytes and tally as one pass, and fall back to one pass
where the parts would disagree or the input is broken."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from export_fixtures import IMAGE_CONFIG, NER_CONFIG, ann, box, image_tasks, ner_tasks, output_of, output_tree

from labelconfig.cli import main
from labelconfig.export import ExportInputError, export

PARTED: list[bool] = []  # what each export in parts returned: True when the parts were merged


@pytest.fixture(autouse=True)
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    from labelconfig.export import workers

    monkeypatch.setattr("labelconfig.export.PARALLEL_ABOVE", 0)  # every input is worth sharing out
    monkeypatch.setattr("labelconfig.export.coco.SPLIT_ABOVE", 0)  # and every COCO spool is split
    real = workers.in_parts

    def spy(*args: Any) -> bool:
        PARTED.append(real(*args))
        return PARTED[-1]

    PARTED.clear()
    monkeypatch.setattr(workers, "in_parts", spy)


def _same(tasks: list[Any], config: str, fmt: str, tmp: Path, jobs: int = 3, **kw: Any) -> dict[str, Any]:
    src = tmp / "tasks.json"
    src.write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf-8")
    got = {}
    for n in (1, jobs):
        dest = tmp / f"{fmt}-{n}"
        out = output_of(dest, fmt)
        tally = export(src, config, fmt, out, jobs=n, **kw)
        got[n] = (output_tree(dest), tally.as_dict())
        assert not [p for p in dest.parent.rglob(".labelconfig-*")], "scratch directory left behind"
    assert got[1] == got[jobs]
    return got[1][1]


def _many_images(n: int) -> list[dict[str, Any]]:
    """n tasks, with a repeated image basename, keypoints, cancelled and older annotations."""
    base = image_tasks()
    return [
        {**t, "id": i, "data": {"image": f"/d{i % 7}/{i % 5}.jpg"}}
        for i in range(n)
        for t in base[i % 4 : i % 4 + 1]
    ]


@pytest.mark.parametrize("fmt", ["coco", "yolo", "yolo-obb", "yolo-seg", "yolo-pose"])
def test_image_formats_in_parts_are_the_same_bytes(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stems repeat across parts only for the same image (same URL and task), so the parts agree.
    COCO's later parts are renumbered in two halves at once (checked: the halves were made)."""
    from labelconfig.export import coco

    pieces: list[int] = []
    prepare = coco.Writer.prepare.__func__  # type: ignore[attr-defined]

    def spy(cls: Any, plan: Any, state: Any, before: Any, run: Any = None) -> Any:
        done = prepare(cls, plan, state, before, run)
        pieces.append(len(done.annotations))
        return done

    monkeypatch.setattr(coco.Writer, "prepare", classmethod(spy))
    tasks = [{**t, "data": {"image": f"/data/{i}/img{i}.jpg"}} for i, t in enumerate(image_tasks() * 12)]
    tally = _same(tasks, IMAGE_CONFIG, fmt, tmp_path)
    assert tally["tasks"] == 48 and PARTED == [True]
    assert fmt != "coco" or 2 in pieces


@pytest.mark.parametrize("fmt", ["conll2003", "spacy"])
def test_text_formats_in_parts_are_the_same_bytes(fmt: str, tmp_path: Path) -> None:
    tally = _same(ner_tasks() * 25, NER_CONFIG, fmt, tmp_path)
    assert tally["tasks"] == 50 and tally["written"] > 0 and PARTED == [True]


@pytest.mark.parametrize("fmt", ["coco", "yolo"])
def test_a_name_taken_in_an_earlier_part_falls_back_to_one_pass(fmt: str, tmp_path: Path) -> None:
    """img.jpg in /a and /b, one in each part: one pass hashes the second's name; parts cannot know."""
    tasks = [
        {"id": i, "data": {"image": f"/{'a' if i < 10 else 'b'}/img.jpg" if i in (0, 19) else f"/c/{i}.jpg"},
         "annotations": [ann(i, [box(f"r{i}", 10, 10, 20, 20, "Car")])]}
        for i in range(20)
    ]  # fmt: skip
    _same(tasks, IMAGE_CONFIG, fmt, tmp_path, jobs=2)
    assert PARTED == [False]
    if fmt == "yolo":
        labels = sorted(p.name for p in (tmp_path / "yolo-2/labels").iterdir())
        assert "img.txt" in labels and any(n.startswith("img__") for n in labels) and len(labels) == 20


def test_dynamic_labels_seen_first_in_different_parts_fall_back_to_one_pass(tmp_path: Path) -> None:
    tasks = [
        {"id": i, "data": {"image": f"/c/{i}.jpg"},
         "annotations": [ann(i, [box(f"r{i}", 10, 10, 20, 20, "Car" if 0 < i < 19 else f"New{i}")])]}
        for i in range(20)
    ]  # fmt: skip
    config = IMAGE_CONFIG.replace(
        '<RectangleLabels name="box"', '<RectangleLabels name="box" value="$labels"'
    )
    tally = _same(tasks, config, "yolo", tmp_path, jobs=2)
    assert PARTED == [False]
    assert (tmp_path / "yolo-2/classes.txt").read_text() == "Car\nPerson\nNew0\nNew19\n"
    assert tally["converted"]


def test_a_broken_file_is_reported_where_it_breaks(tmp_path: Path) -> None:
    items = [json.dumps({"id": i, "data": {"text": "x"}, "annotations": []}, indent=1) for i in range(40)]
    items[30] = items[30].replace('"annotations": []', '"annotations": [}')
    src = tmp_path / "t.json"
    src.write_text("[\n" + ",\n".join(items) + "\n]")
    messages = []
    for jobs in (1, 2):
        with pytest.raises(ExportInputError) as info:
            export(src, NER_CONFIG, "conll2003", tmp_path / f"o{jobs}.txt", jobs=jobs)
        messages.append(str(info.value))
    assert messages[0] == messages[1] and "invalid JSON" in messages[0] and PARTED == [False]


def test_cli_jobs_option(tmp_path: Path) -> None:
    src = tmp_path / "t.jsonl"
    src.write_text("".join(json.dumps(t) + "\n" for t in ner_tasks() * 30), encoding="utf-8")
    outs = []
    for jobs in ("1", "2", "0"):
        out = tmp_path / f"o{jobs}.txt"
        res = CliRunner().invoke(
            main,
            [
                "export",
                str(src),
                "--config",
                _config(tmp_path),
                "--to",
                "conll2003",
                "-o",
                str(out),
                "-j",
                jobs,
            ],
        )
        assert res.exit_code == 0, res.output
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] == outs[2]


def _config(tmp: Path) -> str:
    path = tmp / "ner.xml"
    path.write_text(NER_CONFIG)
    return str(path)


def test_ctrl_c_stops_every_worker_without_a_traceback(tmp_path: Path) -> None:
    """Ctrl-C reaches the whole process group: exit 130 with one line, no worker traceback, no worker
    left running, no scratch directory left behind."""
    import os
    import signal
    import subprocess
    import sys
    import time

    task = {"id": 0, "data": {"text": "John met Jane " * 40}, "annotations": [ann(1, [])]}
    src = tmp_path / "big.jsonl"
    src.write_text((json.dumps(task) + "\n") * 40_000)  # ~25 MB: over the size worth sharing out
    config = _config(tmp_path)
    out = tmp_path / "out" / "o.txt"
    argv = [sys.executable, "-m", "labelconfig.cli", "export", str(src), "--config", config]
    proc = subprocess.Popen(
        [*argv, "--to", "conll2003", "-o", str(out), "-j", "2"],
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if not children.exists() or children.read_text().split():
            break  # the workers exist (or there is no /proc to tell)
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the export finished before the signal")  # a very fast machine
    assert proc.returncode == 130, err.decode()
    assert b"Traceback" not in err and b"KeyboardInterrupt" not in err and b"interrupted" in err
    assert not list(out.parent.glob(".labelconfig-*"))
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)  # nothing of the group is left


@pytest.mark.parametrize(
    ("which", "source"), [("all", "annotations"), ("newest", "both"), ("all", "predictions")]
)
def test_parts_follow_every_choice_of_records(which: str, source: str, tmp_path: Path) -> None:
    tasks = [
        {
            **t,
            "data": {"image": f"/data/{i}/img{i}.jpg"},
            "predictions": [ann(90 + i, [box(f"p{i}", 5, 5, 10, 10, "Person")]) | {"score": 0.5}],
        }
        for i, t in enumerate(image_tasks() * 12)
    ]
    tally = _same(tasks, IMAGE_CONFIG, "coco", tmp_path, annotations=which, source=source)
    assert tally["tasks"] == 48 and PARTED == [True]


@pytest.mark.parametrize("chunk", [3, 7, 64, 1 << 20])
def test_spool_objects_are_counted_and_renumbered_across_chunk_edges(
    chunk: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What splitting a COCO spool relies on: objects counted before any offset, and a byte range
    renumbered on its own, whatever the chunk edges cut."""
    from itertools import count

    from labelconfig.export import parts

    monkeypatch.setattr(parts, "CHUNK", chunk)
    objects = [{"id": i, "image_id": 1, "name": "x" * (i % 5), "s": '{"id":'} for i in range(1, 30)]
    spool = tmp_path / "spool"
    spool.write_bytes(b",".join(json.dumps(o, separators=(",", ":")).encode() for o in objects))
    data = spool.read_bytes()
    starts = [i for i in range(len(data)) if data.startswith(b'{"id":', i)]
    assert len(starts) == len(objects)  # the string value holds `{\"id\":`, escaped: no mark
    for k, at in enumerate(starts):
        assert parts.objects_before(spool, at) == k
        assert parts.object_start(spool, at - 1 if k else 0) == at
    split = starts[len(starts) // 2]
    out = tmp_path / "out"
    with open(out, "wb") as fh:
        heads = map(b'{"id":%d,"image_id":7,'.__mod__, count(101))
        parts.renumbered(spool, fh, 2, heads, 0, split - 1)
        fh.write(b",")
        parts.renumbered(
            spool, fh, 2, map(b'{"id":%d,"image_id":7,'.__mod__, count(101 + len(starts) // 2)), split
        )
    got = json.loads(b"[" + out.read_bytes() + b"]")
    assert got == [{**o, "id": o["id"] + 100, "image_id": 7} for o in objects]
