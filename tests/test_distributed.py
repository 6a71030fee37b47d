"""`--scheduler`: checks on a real distributed.LocalCluster report what a local run reports."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from dask_support import local_cluster
from hypothesis import given, settings
from hypothesis import strategies as st

from labelconfig import parse
from labelconfig.distributed import DistributedError, connect, ordered, scheduler_address
from labelconfig.distributed.check import check_files
from labelconfig.distributed.partitions import Partition, partitions
from labelconfig.payloads import reader
from labelconfig.payloads.run import check_file

CONFIG = """<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="label" toName="image">
    <Label value="Cat"/><Label value="Dog"/>
  </RectangleLabels>
</View>"""


def box(label: str, x: float = 10) -> dict:
    return {
        "from_name": "label",
        "to_name": "image",
        "type": "rectanglelabels",
        "original_width": 640,
        "original_height": 480,
        "value": {"x": x, "y": 20, "width": 30, "height": 40, "rectanglelabels": [label]},
    }


def predictions(n: int) -> list[dict]:
    """Clean records, with a wrong label, a box past the edge and a non-object every few records."""
    out: list[dict] = []
    for i in range(n):
        label = "Bird" if i % 7 == 3 else "Cat"
        out.append({"result": [box(label, 90 if i % 11 == 5 else 10)], "score": 0.5})
    return out


@pytest.fixture(autouse=True)
def quick_refusal(monkeypatch: pytest.MonkeyPatch) -> None:
    """An unreachable scheduler is reported after 2 s here, not the 20 s a real network deserves."""
    monkeypatch.setattr("labelconfig.distributed.CONNECT_TIMEOUT", 2)


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    with local_cluster() as address:
        yield address


@pytest.fixture(scope="module")
def client(cluster: str) -> Iterator[object]:
    c = connect(cluster)
    yield c
    c.close()


def local(cfg: object, path: Path, kind: str) -> list:
    return check_file(cfg, str(path), kind)  # type: ignore[arg-type]


def remote(client: object, cfg: object, path: Path, kind: str, target: int) -> list:
    return [d for chunk in check_files(client, cfg, [(str(path), str(path))], kind, target) for d in chunk]  # type: ignore[arg-type]


def test_json_lines_by_line_ranges(tmp_path: Path, client: object) -> None:
    path = tmp_path / "preds.jsonl"
    lines = [json.dumps(p) for p in predictions(300)]
    lines[40] = '{"result": [broken'
    lines.insert(77, "")  # a blank line does not shift record numbers
    path.write_text("\n".join(lines) + "\n")
    cfg = parse(CONFIG)
    parts = partitions(str(path), target=4096)
    assert len(parts) > 5 and all(p.layout == "lines" for p in parts)
    want = local(cfg, path, "predictions")
    assert want and any(d.line > 200 for d in want)
    assert remote(client, cfg, path, "predictions", 4096) == want


def test_json_array_by_elements(tmp_path: Path, client: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "ARRAY_CHUNK", 512)  # runs of a few elements, so many partitions
    cfg = parse(CONFIG)
    tasks = [{"data": {"image": f"/img/{i}.jpg"}, "predictions": [p]} for i, p in enumerate(predictions(120))]
    for name, text in {
        "pretty.json": json.dumps(tasks, indent=2),
        "compact.json": json.dumps(tasks),  # one line: columns must be shifted, not lines
        "mixed.json": "[\n" + ",\n".join(json.dumps(t) for t in tasks) + "\n]\n",
    }.items():
        path = tmp_path / name
        path.write_text(text)
        parts = partitions(str(path), target=2048)
        assert len(parts) > 3 and all(p.layout == "array" for p in parts), name
        want = local(cfg, path, "tasks")
        assert want and len({d.item for d in want}) > 10
        assert remote(client, cfg, path, "tasks", 2048) == want, name


def test_whole_file_when_it_cannot_be_cut(tmp_path: Path, client: object) -> None:
    cfg = parse(CONFIG)
    path = tmp_path / "broken.json"
    path.write_text("[" + ",".join(json.dumps({"data": {"image": "x"}}) for _ in range(200)) + ",]")
    assert [p.layout for p in partitions(str(path), target=1024)] == ["whole"]
    want = local(cfg, path, "tasks")
    assert want and remote(client, cfg, path, "tasks", 1024) == want


def test_scheduler_address_precedence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LABELCONFIG_SCHEDULER", raising=False)
    assert scheduler_address(None, None) is None
    assert scheduler_address(None, "tcp://s:1") == "tcp://s:1"
    monkeypatch.setenv("LABELCONFIG_SCHEDULER", "tcp://env:2")
    assert scheduler_address(None, "tcp://s:1") == "tcp://env:2"
    assert scheduler_address("tcp://flag:3", "tcp://s:1") == "tcp://flag:3"


def test_unreachable_scheduler_is_a_clear_error() -> None:
    with pytest.raises(DistributedError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9"):
        connect("tcp://127.0.0.1:9")


def run_cli(args: list[str], env: dict[str, str] | None = None) -> tuple[int, str]:
    from click.testing import CliRunner

    from labelconfig.cli import main

    result = CliRunner().invoke(main, args, env=env)
    return result.exit_code, result.output


def test_check_cli_with_and_without_scheduler(
    tmp_path: Path, cluster: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.xml"
    config.write_text(CONFIG)
    per_task = tmp_path / "tasks"  # Label Studio's cloud export: one file per task
    per_task.mkdir()
    for i, p in enumerate(predictions(30)):
        task = {"id": i, "data": {"image": "x"}, "predictions": [p]}
        (per_task / f"{i:03}.json").write_text(json.dumps(task))
    lines = tmp_path / "preds.jsonl"
    lines.write_text("".join(json.dumps(p) + "\n" for p in predictions(50)))
    args = ["check", str(config), "--tasks", str(per_task), "--predictions", str(lines), "--format", "json"]
    code, out = run_cli(args)
    assert code == 1 and json.loads(out)  # findings in both files
    assert run_cli([*args, "--scheduler", cluster]) == (code, out)
    assert run_cli(args, env={"LABELCONFIG_SCHEDULER": cluster}) == (code, out)
    monkeypatch.chdir(tmp_path)  # the settings of the working directory name a scheduler
    (tmp_path / "labelconfig.toml").write_text('scheduler = "tcp://127.0.0.1:9"\n')
    failed, message = run_cli(args)
    assert failed == 2 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in message
    assert run_cli([*args, "--scheduler", cluster]) == (code, out)  # the flag wins


def test_check_cli_unreachable_scheduler(tmp_path: Path) -> None:
    config = tmp_path / "config.xml"
    config.write_text(CONFIG)
    lines = tmp_path / "preds.jsonl"
    lines.write_text(json.dumps(predictions(1)[0]) + "\n")
    code, out = run_cli(
        ["check", str(config), "--predictions", str(lines), "--scheduler", "tcp://127.0.0.1:9"]
    )
    assert code == 2 and "cannot reach the Dask scheduler" in out


def test_no_dask_without_scheduler(tmp_path: Path) -> None:
    config = tmp_path / "config.xml"
    config.write_text(CONFIG)
    lines = tmp_path / "preds.jsonl"
    lines.write_text("".join(json.dumps(p) + "\n" for p in predictions(20)))
    script = (
        "import sys\nfrom labelconfig.cli import main\n"
        f"try:\n    main(['check', {str(config)!r}, '--predictions', {str(lines)!r}])\n"
        "except SystemExit as e:\n    code = e.code\n"
        "heavy = ('dask', 'distributed', 'fsspec', 's3fs')\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in heavy)\n"
        "print(code, loaded, file=sys.stderr)\nassert code == 1 and not loaded, loaded\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_missing_extra_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    with pytest.raises(DistributedError, match=r"pip install 'labelconfig\[dask\]'"):
        connect("tcp://127.0.0.1:9")


LINE = st.one_of(
    st.sampled_from(["Cat", "Dog", "Bird"]).map(lambda label: json.dumps({"result": [box(label)]})),
    st.just('{"result": [oops'),  # broken JSON
    st.just(""),  # a blank line
    st.just(json.dumps({"result": "not a list"})),
)


@settings(max_examples=15, deadline=None)
@given(lines=st.lists(LINE, min_size=1, max_size=60), target=st.integers(64, 2048))
def test_partitions_never_change_findings(client: object, lines: list[str], target: int) -> None:
    """Whatever the cut, the findings (and so the exit status) are a local run's, in its order."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "p.jsonl")
        path.write_text("\n".join(lines) + "\n")
        cfg = parse(CONFIG)
        assert remote(client, cfg, path, "predictions", target) == local(cfg, path, "predictions")


def _fails_on_third(part: Partition) -> int:
    if part.start == 2:
        raise OSError("device vanished")
    return part.start


def test_a_failed_partition_names_its_place(client: object) -> None:
    parts = [
        Partition("s3://b/tasks.json", "tasks.json", "array", k, k + 1, k * 10, k * 5 + 1) for k in range(5)
    ]
    done = []
    with pytest.raises(
        DistributedError, match=r"tasks\.json:11 \(records from 21\): OSError: device vanished"
    ):
        for _, n in ordered(client, _fails_on_third, parts):
            done.append(n)
    assert done == [0, 1]  # the partitions before it, in order; nothing after it is taken as written


def test_progress_counts_every_byte_of_the_file(tmp_path: Path, client: object) -> None:
    path = tmp_path / "preds.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in predictions(300)))
    done: list[int] = []
    cfg = parse(CONFIG)
    found = check_files(client, cfg, [(str(path), str(path))], "predictions", 4096, progress=done.append)
    assert [d for chunk in found for d in chunk] == local(cfg, path, "predictions")
    assert len(done) == len(partitions(str(path), target=4096)) > 3
    assert sum(done) == path.stat().st_size


def test_check_cli_shows_a_progress_bar_for_scheduler_runs(
    tmp_path: Path, cluster: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from labelconfig.cli import main

    config = tmp_path / "config.xml"
    config.write_text(CONFIG)
    lines = tmp_path / "preds.jsonl"
    lines.write_text("".join(json.dumps(p) + "\n" for p in predictions(50)))
    args = ["check", str(config), "--predictions", str(lines), "--format", "json", "--scheduler", cluster]
    quiet = CliRunner().invoke(main, args)
    assert "checking" not in quiet.stderr  # not a terminal: no bar
    monkeypatch.setattr("labelconfig.distributed._watching", lambda: True)  # a person is watching
    monkeypatch.setattr("labelconfig.distributed.PROGRESS_ABOVE", 0)
    shown = CliRunner().invoke(main, args)
    assert f"checking {lines}" in shown.stderr
    assert (shown.exit_code, shown.stdout) == (quiet.exit_code, quiet.stdout) == (1, quiet.stdout)
