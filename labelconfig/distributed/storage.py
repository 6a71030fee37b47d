"""Files named by path or URL, through fsspec: local paths, directories, globs, `s3://bucket/prefix/`.

S3 credentials and endpoint come from the usual AWS variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
AWS_SESSION_TOKEN, AWS_PROFILE, AWS_DEFAULT_REGION, and AWS_ENDPOINT_URL for MinIO, Ceph or moto), read
by botocore on each machine that opens a file, so workers need the same variables as the client.
"""

from __future__ import annotations

import glob
import os
import re
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


def upload(local: str, url: str) -> None:
    """Copy a finished local output (a file, or a directory's files) to `url`."""
    fs, path = filesystem(url)
    if os.path.isdir(local):
        for folder, _, files in os.walk(local):
            rel = os.path.relpath(folder, local)
            for f in sorted(files):
                target = path.rstrip("/") + "/" + (f if rel == "." else f"{rel}/{f}")
                fs.put_file(os.path.join(folder, f), target)
    else:
        fs.put_file(local, path)
