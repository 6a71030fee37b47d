"""File names for exported images and label files that never collide.

The SDK names label files after the image's basename, so `a/img.jpg` and `b/img.jpg` overwrite each
other. Here the first image keeps its plain stem and every later, different image with the same stem
gets a short hash of its URL (stable across runs, whatever the task order after it).
"""

from __future__ import annotations

import hashlib
import posixpath
import re
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
    """Unique stems for image URLs (one per distinct URL and task)."""

    def __init__(self) -> None:
        self._owner: dict[str, str] = {}  # stem -> the key that holds it

    @property
    def owners(self) -> dict[str, str]:
        """Each stem given, and the URL and task it was given to (exports in parts compare them)."""
        return self._owner

    def stem(self, url: str, task_id: Any) -> tuple[str, str]:
        stem, ext = split_url(url)
        key = f"{url}\x00{task_id}"
        owner = self._owner.setdefault(stem, key)
        if owner != key:
            stem = f"{stem}__{hashlib.sha1(key.encode()).hexdigest()[:8]}"
            self._owner.setdefault(stem, key)
        return stem, ext


def image_url(task: dict[str, Any], key: str | None) -> str:
    """The task's image URL for the object reading `$key`, or a name from the task id."""
    value = task.get("data", {}).get(key) if key else None
    if isinstance(value, list):  # valueList: multi-image tasks take their first image here
        value = value[0] if value else None
    return value if isinstance(value, str) and value else f"task-{task.get('id', 'unknown')}.jpg"
