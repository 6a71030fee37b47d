"""Exports in parts: a large input is cut into worker shares (`reader.parts`), each worker runs the
format's writer on its share, and the writer's `merge` joins the parts' outputs in file order.

One pass and parts give the same bytes. Where parts would decide differently from one pass (an image
name an earlier part already took, a dynamic label an earlier part appended first), `merge` raises
`Conflict`; a share that does not read cleanly (a broken file, or a guessed cut that the reading
disproves) fails its part. Either way the export runs again in one pass, which also reports a broken
file where it breaks.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from operator import itemgetter, methodcaller
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final

from .naming import Names

if TYPE_CHECKING:
    from .plan import Plan


class Conflict(Exception):
    """The parts decided something one pass would decide differently."""


def spool(plan: Plan, what: str) -> Path:
    """A new empty file for a part's output, in the export's scratch directory (removed with it)."""
    assert plan.spools is not None, "writers that run in parts are run by export.run"
    fd, name = tempfile.mkstemp(dir=plan.spools, prefix=f"{what}.", suffix=".part")
    os.close(fd)
    return Path(name)


def remove(paths: Iterable[Path]) -> None:
    for p in paths:
        p.unlink(missing_ok=True)


def classes(parts: list[list[str]]) -> list[str]:
    """The class list one pass makes from the parts' lists (each the declared classes, then the ones
    it appended); `Conflict` when a part gave an id that one pass gives another class."""
    merged = list(parts[0])
    for names in parts[1:]:
        common = min(len(merged), len(names))
        if names[:common] != merged[:common]:
            raise Conflict("parts appended different classes")
        merged.extend(names[common:])
    return merged


def names(parts: list[Names]) -> None:
    """`Conflict` when a later part gave a file name to another image than an earlier part did (one
    pass would have given the later image a hashed name)."""
    taken = Names(sum(map(len, parts)))
    if any(taken.conflicts(later) for later in parts):
        raise Conflict("two parts gave one file name to different images")


CHUNK: Final = 1 << 20


def concat(parts: Iterable[Path], out: IO[bytes], sep: bytes = b"") -> None:
    """The parts' bytes, in order, to `out` (with `sep` between non-empty parts); the kernel copies
    them (`os.copy_file_range`) where it can, without passing them through Python."""
    wrote = False
    for path in parts:
        size = path.stat().st_size
        if not size:
            continue
        if wrote:
            out.write(sep)
        wrote = True
        with open(path, "rb") as fh:
            _copy(fh, out, size)


def _copy(src: IO[bytes], dst: IO[bytes], size: int) -> None:
    dst.flush()
    copy_range = getattr(os, "copy_file_range", None)
    done = 0
    try:
        while copy_range is not None and done < size:
            n = copy_range(src.fileno(), dst.fileno(), size - done)
            if n == 0:
                break
            done += n
    except OSError:  # another file system, or a kernel without it: the rest through Python
        pass
    # Both descriptors' offsets have moved past what the kernel copied; Python copies the rest.
    shutil.copyfileobj(src, dst, CHUNK)


MARK: Final = b'{"id":'  # how every spooled object starts: writers put "id" first


def object_start(path: Path, near: int) -> int | None:
    """The offset of the first object start at or after `near` in a spool, or None."""
    with open(path, "rb") as fh:
        fh.seek(near)
        at, tail = near, b""
        while chunk := fh.read(CHUNK):
            data = tail + chunk
            found = data.find(MARK)
            if found >= 0:
                return at - len(tail) + found
            tail = data[-(len(MARK) - 1) :]
            at += len(chunk)
    return None


def objects_before(path: Path, offset: int) -> int:
    """How many objects of a spool start before `offset`."""
    n, tail = 0, b""
    with open(path, "rb") as fh:
        while offset > 0:
            chunk = fh.read(min(CHUNK, offset))
            if not chunk:
                break
            offset -= len(chunk)
            data = tail + chunk
            n += data.count(MARK)
            # A mark cut by the chunk's edge is whole next time; a tail shorter than a mark holds none
            # whole, so no mark is counted twice.
            tail = data[-(len(MARK) - 1) :]
    return n


def renumbered(
    path: Path, out: IO[bytes], fields: int, heads: Iterator[bytes], start: int = 0, end: int | None = None
) -> None:
    """Copy the spool at `path` (bytes `start` to `end`) to `out`, its objects' first `fields` fields
    replaced by `heads`, one per object in order (each starting with `{"id":`), in flat memory and
    without Python code per object: JSON strings escape their quotes, so `{"id":` occurs only where
    an object starts."""
    drop = methodcaller("split", b",", fields)
    rest = itemgetter(fields)
    with open(path, "rb") as fh:
        fh.seek(start)
        left = (end - start) if end is not None else -1
        carry = b""
        while True:
            chunk = fh.read(CHUNK if left < 0 else min(CHUNK, left))
            left -= len(chunk) if left >= 0 else 0
            data = carry + chunk
            if chunk:  # cut before the last object start: that object may go on in the next chunk
                cut = data.rfind(MARK)
                if cut <= 0:
                    carry = data
                    continue
                data, carry = data[:cut], data[cut:]
            pieces = data.split(MARK)
            bodies = list(map(rest, map(drop, pieces[1:])))
            out.write(pieces[0])
            out.write(b"".join(chain.from_iterable(zip(islice(heads, len(bodies)), bodies, strict=True))))
            if not chunk:
                return


class OneFile:
    """For writers whose parts are pieces of one output file: each part writes `self.fh` (a spool),
    and the merge writes `HEAD`, then the pieces in order."""

    HEAD: bytes = b""
    fh: IO[Any]
    _piece: Path

    def _open(self, plan: Plan, part: int, text: bool = False) -> None:
        self._piece = spool(plan, f"{part}.piece")
        if text:
            self.fh = open(self._piece, "w", encoding="utf-8", newline="\n")  # noqa: SIM115 - see close()
        else:
            self.fh = open(self._piece, "wb")  # noqa: SIM115

    def close(self) -> Path:
        self.fh.close()
        return self._piece

    @classmethod
    def merge(cls, plan: Plan, states: list[Path]) -> None:
        plan.out.parent.mkdir(parents=True, exist_ok=True)
        with open(plan.out, "wb") as out:
            out.write(cls.HEAD)
            concat(states, out)

    @staticmethod
    def undo(plan: Plan, states: list[Path]) -> None:
        """Nothing to undo: the parts wrote only their pieces."""
