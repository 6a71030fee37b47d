"""File names for exported images and label files that never collide.

The SDK names label files after the image's basename, so `a/img.jpg` and `b/img.jpg` overwrite each
other. Here the first image keeps its plain stem and every later, different image with the same stem
gets a digest of its own URL and task; every name is checked before it is given (`Names`).
"""

from __future__ import annotations

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
        # A plain absolute path (/data/upload/...): what urlsplit and unquote would return, so its
        # base name is the text after the last slash.
        base = url[url.rfind("/") + 1 :] or "image"
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
    """Unique stems for the images of an export, one per distinct (URL, task, image of the task).

    The first image with a stem keeps it; a later, different image gets the stem plus a digest of its
    own URL and task (16 hex digits of BLAKE2b: no two images in an export are likely to share one,
    and it does not depend on the images before it). Every claim is checked against every name given
    so far, so two images never share a file: a digest that is taken grows by hex digits until free.
    Deterministic: the same input gives the same names in every run and process."""

    def __init__(self) -> None:
        self._holder: dict[str, str] = {}  # stem -> the key of the image holding it
        self._given: set[str] = set()  # keys of the images named so far
        self.repeats = 0  # images named a second time (a task repeated in the input)

    def __len__(self) -> int:
        return len(self._holder)

    def stem(
        self, url: str, task_id: Any, item: int = 0, split: tuple[str, str] | None = None
    ) -> tuple[str, str]:
        """(stem, extension) of a new file for image `item` of a task (0: its only or first image);
        `split` is `split_url(url)` when the caller has it (a Dask worker computed it)."""
        stem, ext = split or split_url(url)
        key = f"{url}\x00{task_id}" if not item else f"{url}\x00{task_id}\x00{item}"
        if key in self._given:
            # The same image of the same task again (a task repeated in the input): a file of its own,
            # so the repeat never overwrites the first.
            self.repeats += 1
            key = f"{key}\x00repeat {self.repeats}"
        self._given.add(key)
        if self._holder.setdefault(stem, key) == key:  # `_claim`, inline: every image comes here
            return stem, ext
        hexed = digest(key)
        for size in range(_DIGITS, len(hexed) + 1):
            named = f"{stem}__{hexed[:size]}"
            if self._claim(named, key):
                return named, ext
        raise AssertionError(f"two images with one 256-bit digest: {url!r}")  # pragma: no cover

    def _claim(self, stem: str, key: str) -> bool:
        """Whether `stem` is now held by `key` (free, or already its own)."""
        return self._holder.setdefault(stem, key) == key


_DIGITS: Final = 16  # hex digits of the digest a later image with a taken stem gets (64 bits)


def digest(key: str) -> str:
    """The hex digest naming an image whose stem is taken (the same in every run and process)."""
    import hashlib  # loads OpenSSL (~5 ms): only an export whose image names collide needs it

    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=32).hexdigest()


def image_url(task: dict[str, Any], key: str | None, item: int = 0) -> str:
    """The URL of image `item` of the task (an object reading `$key`; `valueList` tasks have several),
    or a name from the task id."""
    value = task.get("data", {}).get(key) if key else None
    if isinstance(value, list):
        value = value[item] if 0 <= item < len(value) else None
    if isinstance(value, str) and value:
        return value
    return f"task-{task.get('id', 'unknown')}{f'-{item + 1}' if item else ''}.jpg"
