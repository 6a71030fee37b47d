"""An export is complete or absent (repro `partial-output-on-error`): an input error at task 2,001 of
3,000 exits with the file and line, leaves no new output and an existing one untouched; a Ctrl-C
exits 130 with one line and leaves nothing behind either."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from labelconfig.cli import main
from labelconfig.export.files import STAGE_PREFIX

CONFIG = """<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="label" toName="image"><Label value="Car"/></RectangleLabels>
</View>"""
BROKEN_AT = 2000  # 0-based: task 2,001 holds `NaN`, which is not JSON


def _export_file(path: Path, n: int = 3000, broken: int | None = BROKEN_AT) -> Path:
    """The reproducer's input, smaller: one box per task, one line per task."""
    lines = []
    for i in range(n):
        value = {"x": 10, "y": 10, "width": 10, "height": 10, "rotation": 0, "rectanglelabels": ["Car"]}
        r = {"id": "r", "from_name": "label", "to_name": "image", "type": "rectanglelabels"}
        r.update(original_width=640, original_height=480, value=value)
        task = {"id": i + 1, "data": {"image": f"/a/{i}.jpg"}, "annotations": [{"id": 1, "result": [r]}]}
        line = json.dumps(task)
        lines.append(line.replace('"x": 10', '"x": NaN') if i == broken else line)
    path.write_text("[\n" + ",\n".join(lines) + "\n]\n")
    return path


def _run(src: Path, fmt: str, out: Path) -> tuple[int, str]:
    config = str(src.parent / "config.xml")
    result = CliRunner().invoke(main, ["export", str(src), "--config", config, "--to", fmt, "-o", str(out)])
    return result.exit_code, result.output


OUTPUTS = [("json", "o.json"), ("csv", "o.csv"), ("coco", "o.coco"), ("voc", "o_voc"), ("yolo", "o_yolo")]


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize(("fmt", "name"), OUTPUTS)
def test_an_input_error_leaves_no_output(
    fmt: str, name: str, stream: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from labelconfig.export import records

    if stream:  # the streamed reading of large arrays, as for the reproducer's 9.5 MB
        monkeypatch.setattr(records, "STREAM_ABOVE", 0)
    src = _export_file(tmp_path / "export.json")
    (tmp_path / "config.xml").write_text(CONFIG)
    code, err = _run(src, fmt, tmp_path / name)
    assert code == 2
    assert f"export.json:{BROKEN_AT + 2}: invalid JSON" in err  # line 1 is the `[`
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.xml", "export.json"]


@pytest.mark.parametrize(("fmt", "name"), OUTPUTS)
def test_an_input_error_leaves_an_existing_output_untouched(fmt: str, name: str, tmp_path: Path) -> None:
    (tmp_path / "config.xml").write_text(CONFIG)
    good = _export_file(tmp_path / "good.json", n=3, broken=None)
    code, _ = _run(good, fmt, tmp_path / name)
    assert code == 0
    before = {p: p.read_bytes() for p in sorted((tmp_path / name).rglob("*")) if p.is_file()} or {
        tmp_path / name: (tmp_path / name).read_bytes()
    }
    bad = _export_file(tmp_path / "bad.json")
    code, _ = _run(bad, fmt, tmp_path / name)
    assert code == 2
    after = {p: p.read_bytes() for p in sorted((tmp_path / name).rglob("*")) if p.is_file()} or {
        tmp_path / name: (tmp_path / name).read_bytes()
    }
    assert after == before
    assert not list(tmp_path.glob(f"{STAGE_PREFIX}*"))


# Runs the CLI with the writer sending Ctrl-C to the process group at its fifth task: the signal
# always lands mid-export, however fast or loaded the machine (a timer could fire before or after).
_INTERRUPTED = """
import os, signal, sys
from labelconfig.export import coco
write = coco.Writer.write
def interrupting(self, task, chosen):
    if task["id"] == 5:
        os.killpg(0, signal.SIGINT)
    write(self, task, chosen)
coco.Writer.write = interrupting
from labelconfig.cli import main
sys.argv = ["labelconfig", "export", *sys.argv[1:]]
main()
"""


def test_ctrl_c_exits_130_with_one_line_and_no_output(tmp_path: Path) -> None:
    src = _export_file(tmp_path / "export.json", n=50, broken=None)
    (tmp_path / "config.xml").write_text(CONFIG)
    out = tmp_path / "o.coco"
    config = str(tmp_path / "config.xml")
    proc = subprocess.run(
        [sys.executable, "-c", _INTERRUPTED, str(src), "--config", config, "--to", "coco", "-o", str(out)],
        capture_output=True,
        start_new_session=True,  # its own process group, so the signal reaches no one else
        timeout=120,
    )
    err = proc.stderr.decode()
    assert proc.returncode == 130, err
    assert err.strip() == f"labelconfig: interrupted; nothing written to {out}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.xml", "export.json"]


def test_a_task_whose_id_is_an_object_gives_valid_coco(tmp_path: Path) -> None:
    """The linter accepts any task id; COCO is written as records (never by editing bytes), so an
    object id stays a valid JSON value in `task_id`."""
    from labelconfig.export import export

    src = _export_file(tmp_path / "export.json", n=3, broken=None)
    tasks = json.loads(src.read_text())
    tasks[1]["id"] = {"project": 7, "n": 2}
    src.write_text(json.dumps(tasks))
    tally = export(src, CONFIG, "coco", tmp_path / "o.json")
    coco = json.loads((tmp_path / "o.json").read_text())
    assert [i["task_id"] for i in coco["images"]] == [1, {"project": 7, "n": 2}, 3]
    assert [a["id"] for a in coco["annotations"]] == [1, 2, 3] and tally.written == 3


def test_new_files_are_created_in_bounded_batches_and_all_by_flush(tmp_path: Path) -> None:
    """`NewFiles` holds at most `COUNT` files or about `BYTES` bytes before creating them, and `flush`
    creates the rest: a writer that closes has written every file it was given."""
    from labelconfig.export.files import NewFiles

    files = NewFiles()
    for i in range(NewFiles.COUNT - 1):
        files.add(str(tmp_path / f"{i}.txt"), b"%d\n" % i)
    assert list(tmp_path.iterdir()) == []  # held
    files.add(str(tmp_path / "last.txt"), b"")
    assert len(list(tmp_path.iterdir())) == NewFiles.COUNT  # the batch is full: created, empty ones too
    big = b"x" * (NewFiles.BYTES // 2)
    files.add(str(tmp_path / "big1"), big)
    assert not (tmp_path / "big1").exists()
    files.add(str(tmp_path / "big2"), big)  # a batch of large files goes at once
    assert (tmp_path / "big1").read_bytes() == big and (tmp_path / "big2").read_bytes() == big
    files.add(str(tmp_path / "tail.txt"), b"tail\n")
    files.flush()
    assert (tmp_path / "tail.txt").read_bytes() == b"tail\n"
    assert (tmp_path / "0.txt").read_bytes() == b"0\n"
    files.flush()  # nothing left: flushing again creates nothing twice
    assert len(list(tmp_path.iterdir())) == NewFiles.COUNT + 3
