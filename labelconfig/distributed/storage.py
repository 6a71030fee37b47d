"""Files named by path or URL, through fsspec: local paths, directories, globs, `s3://bucket/prefix/`.

S3 credentials and endpoint come from the usual AWS variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
AWS_SESSION_TOKEN, AWS_PROFILE, AWS_DEFAULT_REGION, and AWS_ENDPOINT_URL for MinIO, Ceph or moto), read
by botocore on each machine that opens a file, so workers need the same variables as the client.
"""

from __future__ import annotations

import glob
import json
import os
import re
import uuid
from typing import Any, Final

_GLOB: Final = re.compile(r"[*?\[]")


def is_url(name: str) -> bool:
    return "://" in name and not name.startswith("file://")


def filesystem(url: str) -> tuple[Any, str]:
    """(fsspec file system, path within it) for a path or URL."""
    from fsspec.core import url_to_fs  # type: ignore[import-untyped]

    options: dict[str, Any] = {}
    endpoint = os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
    if url.startswith(("s3://", "s3a://")) and endpoint:
        options["client_kwargs"] = {"endpoint_url": endpoint}
    fs, path = url_to_fs(url, **options)
    return fs, path


def expand(name: str) -> list[str]:
    """The files `name` stands for, sorted by name: itself, every file under a directory or prefix
    (Label Studio's cloud export writes one file per task), or the files a glob matches. Local names
    are expanded without fsspec, so a run without `--scheduler` needs no extra."""
    if not is_url(name):
        if _GLOB.search(name):
            return sorted(p for p in glob.glob(name, recursive=True) if os.path.isfile(p))
        if os.path.isdir(name):
            found = [os.path.join(d, f) for d, _, files in os.walk(name) for f in files]
            return sorted(p for p in found if not os.path.basename(p).startswith("."))
        return [name]
    fs, path = filesystem(name)
    if _GLOB.search(path):
        found = [p for p in fs.glob(path) if fs.isfile(p)]
    elif fs.isdir(path):
        found = [p for p in fs.find(path) if not p.rsplit("/", 1)[-1].startswith(".")]
    else:
        return [name]
    return [fs.unstrip_protocol(p) for p in sorted(found)]


def size(url: str) -> int:
    if not is_url(url):
        return os.path.getsize(url)
    fs, path = filesystem(url)
    return int(fs.size(path))


def read_range(url: str, start: int, end: int) -> bytes:
    """Bytes `start` to `end` of a file."""
    if not is_url(url):
        with open(url, "rb") as fh:
            fh.seek(start)
            return fh.read(end - start)
    fs, path = filesystem(url)
    return bytes(fs.cat_file(path, start=start, end=end))


def open_binary(url: str) -> Any:
    if not is_url(url):
        return open(url, "rb")
    fs, path = filesystem(url)
    return fs.open(path, "rb")


MARKER: Final = ".labelconfig-complete"  # written last into a directory output at a URL


def upload(local: str, url: str) -> None:
    """Copy a finished local output to `url`, complete or absent as far as object storage allows.

    A file is one object, which S3 shows only once its upload has completed. A directory is many
    objects and S3 cannot rename a prefix, so its files go first under a hidden staging prefix beside
    the target (a failed upload removes them and leaves the target untouched), then are copied into
    place by the server, and `MARKER` (listing the files) is written last: a directory without it,
    or whose marker does not list a file, was not completed by that export. A copy that fails
    half-way can leave some files replaced and no marker; the error says so."""
    fs, path = filesystem(url)
    if not os.path.isdir(local):
        fs.put_file(local, path)
        return
    root = path.rstrip("/")
    names = sorted(
        os.path.relpath(os.path.join(folder, f), local).replace(os.sep, "/")
        for folder, _, files in os.walk(local)
        for f in files
    )
    stage = f"{root}/.labelconfig-{uuid.uuid4().hex}"
    try:
        for name in names:
            fs.put_file(os.path.join(local, name), f"{stage}/{name}")
        if fs.exists(f"{root}/{MARKER}"):
            fs.rm_file(f"{root}/{MARKER}")  # the old output stops being marked complete first
        for name in names:
            fs.copy(f"{stage}/{name}", f"{root}/{name}")
        fs.pipe_file(f"{root}/{MARKER}", json.dumps({"files": names}, indent=1).encode() + b"\n")
    finally:
        if fs.exists(stage):
            fs.rm(stage, recursive=True)
