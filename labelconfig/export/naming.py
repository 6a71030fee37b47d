"""File names for exported images and label files that never collide.

The SDK names label files after the image's basename, so `a/img.jpg` and `b/img.jpg` overwrite each
other. Here the first image keeps its plain stem and every later, different image with the same stem
gets a short hash of its URL (stable across runs, whatever the task order after it).
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from array import array
from typing import Any, Final
from urllib.parse import parse_qs, unquote, urlsplit

_UNSAFE: Final = re.compile(r"[^\w.\-]+")
_NOT_PLAIN: Final = re.compile(r"[?#%\\\t\r\n]")  # what urlsplit or unquote would change
_EXT: Final = re.compile(r"\.[A-Za-z0-9]{1,5}")
_MAX_STEM: Final = 200  # file systems stop at 255 bytes; leave room for the hash and extension


def split_url(url: str) -> tuple[str, str]:
    """(stem, extension) of the file a task's image URL names (local-files `?d=` paths included)."""
    if url.startswith("/") and not url.startswith("//") and not _NOT_PLAIN.search(url):
        path = url  # a plain absolute path (/data/upload/...): what urlsplit would return, faster
    else:
        try:
            parts = urlsplit(url)
        except ValueError:  # "//[x/img.jpg" is no URL (a bad IPv6 host): its text is the path
            parts = urlsplit("", allow_fragments=False)._replace(path=url)
        path = parts.path
        if parts.query:
            d = parse_qs(parts.query).get("d")
            if d:
                path = d[0]
    base = posixpath.basename(unquote(path).replace("\\", "/")) or "image"
    stem, ext = posixpath.splitext(base)
    stem = _UNSAFE.sub("_", stem).strip("._") or "image"
    ext = ext.lower() if _EXT.fullmatch(ext) else ".jpg"
    return stem[:_MAX_STEM], ext


class Names:
    """Unique stems for image URLs (one per distinct URL and task).

    Which image holds a stem is kept as 64-bit digests in two flat arrays (open addressing), not as
    strings: 16 bytes a slot instead of a few hundred, so an export of millions of images stays
    small. A digest collision between two stems only gives the later image a hashed name; two images
    would need equal 64-bit keyed digests of their URL and task to share a file."""

    def __init__(self, expected: int = 0) -> None:
        """`expected`: how many stems to make room for at once (growing rehashes every stem)."""
        slots = max(_FIRST_SLOTS, 1 << (2 * expected).bit_length())
        self._stems = array("Q", bytes(8 * slots))  # digest of a stem (0: empty slot)
        self._keys = array("Q", bytes(8 * slots))  # digest of the URL and task that hold it
        self._used = 0

    def __len__(self) -> int:
        return self._used

    def conflicts(self, later: Names) -> bool:
        """Whether `later` (the names of a later part of the file) gave a stem to another image than
        this table did; `later`'s stems are added to this table either way."""
        clash = False
        for stem, key in zip(later._stems, later._keys, strict=True):
            if stem and self._claim(stem, key) != key:
                clash = True
        return clash

    def stem(self, url: str, task_id: Any, item: int = 0) -> tuple[str, str]:
        """(stem, extension) for image `item` of a task (0: its only or first image)."""
        stem, ext = split_url(url)
        key = f"{url}\x00{task_id}" if not item else f"{url}\x00{task_id}\x00{item}"
        mine = _digest(key)
        if self._claim(_digest(stem), mine) != mine:
            stem = f"{stem}__{hashlib.sha1(key.encode()).hexdigest()[:8]}"
            self._claim(_digest(stem), mine)
        return stem, ext

    def _claim(self, stem: int, key: int) -> int:
        """The key holding `stem`: `key` when the stem was free."""
        stems, mask = self._stems, len(self._stems) - 1
        i = stem & mask
        while True:
            found = stems[i]
            if found == stem:
                return self._keys[i]
            if not found:
                stems[i], self._keys[i] = stem, key
                self._used += 1
                if 2 * self._used > len(stems):
                    self._grow()
                return key
            i = (i + 1) & mask

    def _grow(self) -> None:
        old = zip(self._stems, self._keys, strict=True)
        self._stems = array("Q", bytes(16 * len(self._stems)))
        self._keys = array("Q", bytes(8 * len(self._stems)))
        self._used = 0
        for stem, key in old:
            if stem:
                self._claim(stem, key)


_FIRST_SLOTS: Final = 1 << 15  # a power of two (256 KiB a table); doubles at half full


def _digest(text: str) -> int:
    """A non-zero 64-bit digest: Python's keyed string hash, random per run (so no one can craft two
    URLs that share a file name), the same in forked workers (exports in parts fork them), and never
    written anywhere."""
    return hash(text) & 0xFFFF_FFFF_FFFF_FFFF or 1


def image_url(task: dict[str, Any], key: str | None, item: int = 0) -> str:
    """The URL of image `item` of the task (an object reading `$key`; `valueList` tasks have several),
    or a name from the task id."""
    value = task.get("data", {}).get(key) if key else None
    if isinstance(value, list):
        value = value[item] if 0 <= item < len(value) else None
    if isinstance(value, str) and value:
        return value
    return f"task-{task.get('id', 'unknown')}{f'-{item + 1}' if item else ''}.jpg"
