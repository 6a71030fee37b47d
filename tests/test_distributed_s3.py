"""Inputs and outputs at `s3://` URLs, against moto's S3 server on a free loopback port."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dask_support import local_client
from export_fixtures import IMAGE_CONFIG, image_tasks, output_tree

from labelconfig import parse
from labelconfig.distributed.check import check_files
from labelconfig.distributed.export import export as export_on
from labelconfig.distributed.storage import MARKER
from labelconfig.export import export, make_plan
from labelconfig.payloads.run import check_file

BUCKET = "labels"


@pytest.fixture(scope="module")
def s3() -> Iterator[Any]:
    """A boto3 client on moto's server; the AWS variables point every s3fs there too."""
    server_module = pytest.importorskip("moto.server")
    boto3 = pytest.importorskip("boto3")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    patch = pytest.MonkeyPatch()
    endpoint = f"http://127.0.0.1:{port}"
    for key, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": endpoint,
    }.items():
        patch.setenv(key, value)
    patch.delenv("AWS_PROFILE", raising=False)
    try:
        client = boto3.client("s3", endpoint_url=endpoint)
        client.create_bucket(Bucket=BUCKET)
        yield client
    finally:
        patch.undo()
        server.stop()


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    with local_client() as c:
        yield c


def many() -> list[dict[str, Any]]:
    out = []
    for k in range(5):
        for t in image_tasks():
            out.append({**t, "id": k * 100 + t["id"]})
    return out


def test_per_task_files_in_a_bucket_to_a_bucket(tmp_path: Path, s3: Any, dask_client: Any) -> None:
    tasks = many()
    for t in tasks:  # as Label Studio's S3 export storage writes them: one object per task
        s3.put_object(Bucket=BUCKET, Key=f"export/{t['id']:04}.json", Body=json.dumps(t).encode())
    cfg = parse(IMAGE_CONFIG)
    local_input = tmp_path / "all.json"
    local_input.write_text(json.dumps(tasks))
    want = export(local_input, cfg, "yolo", tmp_path / "local")
    got = export_on(
        dask_client, f"s3://{BUCKET}/export/", make_plan(cfg, "yolo", Path(".")), f"s3://{BUCKET}/out/yolo"
    )
    assert got.as_dict() == want.as_dict()
    downloaded = download(s3, "out/yolo/", tmp_path / "downloaded")
    marker = json.loads((downloaded / MARKER).read_bytes())  # written last: the output is complete
    (downloaded / MARKER).unlink()
    assert output_tree(downloaded) == output_tree(tmp_path / "local")
    assert marker["files"] == sorted(output_tree(downloaded))


def download(s3: Any, prefix: str, to: Path) -> Path:
    """Every object under `prefix`, as files under `to`."""
    for obj in s3.list_objects_v2(Bucket=BUCKET, Prefix=prefix).get("Contents", []):
        target = to / obj["Key"].removeprefix(prefix)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(s3.get_object(Bucket=BUCKET, Key=obj["Key"])["Body"].read())
    return to


class Flaky:
    """An fsspec file system whose third upload fails, as a network can."""

    def __init__(self, fs: Any) -> None:
        self.fs = fs
        self.puts = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.fs, name)

    def put_file(self, *args: Any, **kwargs: Any) -> None:
        self.puts += 1
        if self.puts == 3:
            raise ConnectionError("connection reset by peer")
        self.fs.put_file(*args, **kwargs)


def test_a_failed_upload_leaves_the_target_as_it_was(
    tmp_path: Path, s3: Any, dask_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from labelconfig.distributed import storage

    cfg = parse(IMAGE_CONFIG)
    source = tmp_path / "all.json"
    source.write_text(json.dumps(many()))
    url = f"s3://{BUCKET}/failed/yolo"
    export_on(dask_client, str(source), make_plan(cfg, "yolo", Path(".")), url)  # an earlier export
    before = download(s3, "failed/yolo/", tmp_path / "before")
    real = storage.filesystem
    monkeypatch.setattr(storage, "filesystem", lambda u: (Flaky(real(u)[0]), real(u)[1]))
    with pytest.raises(ConnectionError):
        export_on(dask_client, str(source), make_plan(cfg, "yolo", Path(".")), url)
    after = download(s3, "failed/yolo/", tmp_path / "after")
    assert output_tree(after) == output_tree(before)  # no staged file left, nothing replaced


def test_check_a_json_lines_object(tmp_path: Path, s3: Any, dask_client: Any) -> None:
    lines = [json.dumps(t) for t in many()]
    lines[7] = '{"data": broken'
    body = "\n".join(lines) + "\n"
    s3.put_object(Bucket=BUCKET, Key="check/tasks.jsonl", Body=body.encode())
    local = tmp_path / "tasks.jsonl"
    local.write_text(body)
    cfg = parse(IMAGE_CONFIG)
    url = f"s3://{BUCKET}/check/tasks.jsonl"
    found = [d for chunk in check_files(dask_client, cfg, [(url, str(local))], "tasks", 1024) for d in chunk]
    assert found and found == check_file(cfg, str(local), "tasks")
