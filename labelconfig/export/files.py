"""Outputs that are complete or absent: an export writes beside its target and moves into place last.

Everything is written into a fresh hidden directory next to the target (same file system, so the
final move is a rename). Only when the whole input has been read does the output take the target's
place; an input error, a Ctrl-C or a crash leaves no new output and an existing one untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final, Literal

STAGE_PREFIX = ".labelconfig-"  # hidden directories an export writes in before it publishes


@contextmanager
def staged(target: Path, kind: Literal["file", "dir"]) -> Iterator[tuple[Path, Path]]:
    """(where the writer writes the output, a scratch directory for its spools); on a clean exit the
    output replaces `target`, and the staging directory goes whatever happens."""
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f"{STAGE_PREFIX}{target.name}.", dir=parent))
    try:
        out = stage / "out"
        scratch = stage / "scratch"
        scratch.mkdir()
        if kind == "dir":
            out.mkdir()
        yield out, scratch
        publish(out, target, kind)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def publish(out: Path, target: Path, kind: Literal["file", "dir"]) -> None:
    """Move a finished output to `target`. A file replaces the old one atomically; a directory takes
    the target's place when there is none, else its files replace their namesakes in it (a folder
    users keep images in next to the labels stays as it is)."""
    if kind == "file" or not target.exists():
        os.replace(out, target)
        return
    for folder, dirs, files in os.walk(out):
        rel = Path(folder).relative_to(out)
        (target / rel).mkdir(exist_ok=True)
        for name in files:
            os.replace(os.path.join(folder, name), target / rel / name)
        dirs.sort()


# A new file in the fresh staging directory: opened, written and closed with three system calls.
# `open()` adds a stat, a terminal check and a seek, and builds two buffer objects around the
# descriptor; exports to YOLO or VOC create one file per image, so that overhead was most of their
# time after the kernel's own.
_NEW: Final = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def put(path: str, data: bytes) -> None:
    """Write a small file of the staged output (always a new file: the staging directory is fresh)."""
    fd = os.open(path, _NEW, 0o666)
    try:
        done = os.write(fd, data) if data else 0
        while done < len(data):  # a short write (a signal, a full disk): write the rest, or raise
            done += os.write(fd, data[done:])
    finally:
        os.close(fd)


class NewFiles:
    """The new files of a staged output that an export makes one per image (label files, XML
    annotations, masks), created a batch at a time by `put`; `flush` writes the rest, and a writer
    calls it when it closes.

    Creating each file as soon as it was made cost more than the system calls themselves: the
    kernel's file creation and the conversion's Python took turns image by image, and both ran
    slower for it. 50,000 images, medians of interleaved runs (`bench/bench_export.py` inputs): YOLO
    5.47 s wall (3.11 s user) one file at a time, 4.54 s (2.52 s user) in batches; VOC 9.19 s and
    7.30 s. Batches of 64 gained as much as batches of 4,096. A batch is also bounded in bytes,
    so large files (masks) are not held."""

    COUNT: Final = 256
    BYTES: Final = 1 << 20

    def __init__(self) -> None:
        self._pending: list[tuple[str, bytes]] = []
        self._bytes = 0

    def add(self, path: str, data: bytes) -> None:
        self._pending.append((path, data))
        self._bytes += len(data)
        if len(self._pending) >= self.COUNT or self._bytes >= self.BYTES:
            self.flush()

    def flush(self) -> None:
        pending, self._pending, self._bytes = self._pending, [], 0
        for path, data in pending:
            put(path, data)


def header_size(path: str | os.PathLike[str]) -> tuple[float, float] | None:
    """An image file's pixel size from its header only (JPEG, PNG, GIF, TIFF, WebP ...: `imagesize`);
    None when the file is missing or not an image it knows."""
    import imagesize

    try:
        w, h = imagesize.get(os.fspath(path))
    except (OSError, ValueError):
        return None
    return (float(w), float(h)) if w > 0 and h > 0 else None
