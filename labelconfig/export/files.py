"""Writing the many small files of per-image formats (YOLO labels, VOC XML, brush masks).

A file that already exists (an export run again into the same directory) is overwritten in place and
then cut to the new length, instead of opened with O_TRUNC: truncating to zero frees the file's
blocks and writing allocates them again, which costs ext4 about four times a plain write (measured:
10,000 label files, 0.36-0.48 s against 0.09 s). The result is the same bytes.
"""

from __future__ import annotations

import os


def put(path: str, data: bytes) -> None:
    """Make the file at `path` hold exactly `data`."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.ftruncate(fd, len(data))
    finally:
        os.close(fd)
