"""`labelconfig export --scheduler`: partitions converted on workers, merged as records in input order.

A worker reads a partition the way a local export reads a file (`labelconfig.export.read`, fast lane
included) and converts each task with its format's `Converter`, the same code a local export's writer
runs. What comes back to the client is small:

- Text formats (CoNLL, spaCy): each task's output depends on that task alone, so a partition's
  lines come back whole and are written in input order.
- Per-image formats (COCO, YOLO, VOC, brush masks): the converted images stay on the worker; the
  client gets each image's key (URL, task id, item) and the class names the partition added. It
  names the images by the one rule (`naming.Names`, in input order), maps the partition's class ids
  to the export's, and tells the worker where its COCO ids start. The worker then numbers and
  serialises its images (the format's `emit`, which a local export runs per image) and the client
  writes the result.
- Any other format: the worker returns the linted tasks and the client runs the format's writer.

The tally is the sum of the partitions' tallies; the output equals a local export's.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

from ..export import ExportError, ExportInputError, Plan, Tally, make_plan, read
from ..export.files import staged
from ..export.imagefmt import Image, PerImage, name
from ..export.plan import Classes
from ..export.records import Chosen
from . import RETRIES, DistributedError, storage
from .check import compiled, spooled
from .partitions import PARTITION_BYTES, Partition, partitions

Progress = Callable[[int], None]  # told the bytes of each partition merged


@dataclass(frozen=True, slots=True)
class Options:
    """What a worker needs to read, choose and lint records as the export does."""

    config_text: str
    to: str
    controls: tuple[str, ...]
    which: Any
    source: Any


@dataclass(slots=True)
class Part:
    """One partition's output: text lines, converted images (kept on the worker), or linted tasks;
    or the input error that stops the export."""

    tally: Tally
    error: tuple[int, str] | None  # (line within the partition, message) of an input error
    newlines: int
    tasks: int = 0
    lines: Any = None  # text formats: the partition's output
    images: list[Image] | None = None  # per-image formats: converted, not yet named
    classes: Classes | None = None  # per-image formats: the converter's, with the names it appended
    with_kp: frozenset[int] = frozenset()  # COCO: category ids whose annotations carry keypoints
    linted: list[tuple[dict[str, Any], list[Chosen]]] | None = None  # other formats
    size: int = 0  # bytes of input the partition held

    def __sizeof__(self) -> int:
        # What Dask weighs a result by (`dask.sizeof` falls back to sys.getsizeof, which sees only
        # this object's slots): converted records take a few times their JSON's size. Weighed right,
        # the scheduler numbers a partition on the worker that holds it instead of moving it there.
        return 4 * self.size


@dataclass(frozen=True, slots=True)
class Summary:
    """What the client needs of a partition of images to name and number them."""

    tally: Tally
    error: tuple[int, str] | None
    newlines: int
    tasks: int
    keys: list[tuple[str, Any, int, tuple[str, str]]]  # (url, task id, item, split url) of each image
    classes: Classes | None
    with_kp: frozenset[int]
    annotations: int  # COCO: how many annotations the images hold


def kind(module: Any) -> str:
    """How a format's partitions travel: `images`, `lines` or `tasks`."""
    converter = getattr(module, "Converter", None)
    if converter is None:
        return "tasks"
    return "images" if issubclass(converter, PerImage) else "lines"


def convert_partition(part: Partition, options: Options) -> Part:
    cfg = compiled(options.config_text)
    tally = Tally()
    plan = make_plan(cfg, options.to, Path("."), options.controls, tally=tally)
    module = import_module(f"labelconfig.export.{plan.fmt.module}")
    how = kind(module)
    converter: Any = module.Converter(plan) if how != "tasks" else None
    if how == "images" and getattr(converter, "classes", None) is not None:  # brush masks number none
        converter.classes = converter.classes.quiet()  # new names are counted when merged
    path, newlines = _spool(part)
    out = Part(tally, None, newlines, size=part.end - part.start)
    images: list[Image] = []
    chunks: list[Any] = []
    linted = []
    try:
        for task, chosen in read(plan, path, options.which, options.source):
            out.tasks += 1
            if how == "images":
                images.extend(converter.convert(task, chosen))
            elif how == "lines":
                chunks.append(converter.convert(task, chosen))
            else:
                linted.append((task, chosen))
    except ExportInputError as exc:
        m = re.match(re.escape(path) + r"(?::(\d+))?: (.*)", str(exc), re.S)
        line, message = (int(m.group(1) or 0), m.group(2)) if m else (0, str(exc))
        return Part(tally, (line, message), 0)
    finally:
        os.unlink(path)
    if how == "images":
        out.images, out.classes = images, getattr(converter, "classes", None)
        out.with_kp = frozenset(getattr(converter, "with_kp", ()))
    elif how == "lines":
        out.lines = chunks[0][:0].join(chunks) if chunks else None  # str or bytes, per format
    else:
        out.linted = linted
    return out


def summarize(part: Part) -> Summary | Part:
    """The small part of a partition of images the client needs; other partitions whole."""
    if part.images is None:
        return part
    anns = sum(len(getattr(im.record, "annotations", ())) for im in part.images)
    keys = [(im.url, im.task_id, im.item, im.split) for im in part.images]
    return Summary(part.tally, part.error, part.newlines, part.tasks, keys, part.classes, part.with_kp, anns)


@dataclass(frozen=True, slots=True)
class Numbering:
    """What the client decided for a partition of images: their file names, where COCO's ids start,
    and the export's class id of each of the partition's. One object, so Dask does not walk the list
    of names looking for futures in it (measured: 3 s of the client's time for 50,000 names)."""

    fmt_module: str
    names: list[tuple[str, str]]
    start: tuple[int, int]
    ids: list[int] | None


def render(part: Part, numbering: Numbering) -> Any:
    """A partition's images named and numbered: the format's `emit`, on the worker holding them."""
    assert part.images is not None
    n = numbering
    module = import_module(f"labelconfig.export.{n.fmt_module}")
    pairs = [(im, stem, ext) for im, (stem, ext) in zip(part.images, n.names, strict=True)]
    if n.fmt_module == "coco":
        return module.emit(pairs, n.start[0], n.start[1], n.ids)
    return module.emit(pairs, n.ids)


def _spool(part: Partition) -> tuple[str, int]:
    """A local file of the partition, and its newlines (JSON Lines: to make its lines absolute)."""
    if part.layout != "lines":
        return spooled(part), 0
    data = storage.read_range(part.url, part.start, part.end)
    fd, path = tempfile.mkstemp(prefix="labelconfig-part-", suffix=".jsonl")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return path, data.count(b"\n")


def _raise(part: Partition, display: str, error: tuple[int, str], lines: int) -> None:
    line, message = error
    if line and part.layout == "lines":
        line += lines
    elif line and part.layout == "array":
        line += part.line - 1
    raise ExportInputError(f"{display}:{line}: {message}" if line else f"{display}: {message}")


def _result(future: Any, where: str) -> Any:
    try:
        return future.result()
    except Exception as exc:  # a worker's error comes back as the error it raised (after retries)
        raise DistributedError(f"{where}: {type(exc).__name__}: {exc}") from exc


class Merge:
    """The client's side: partitions submitted a few per worker ahead, merged in input order."""

    def __init__(self, client: Any, plan: Plan, writer: Any, options: Options, progress: Progress | None):
        self.client = client
        self.plan = plan
        self.writer = writer
        self.options = options
        self.progress = progress
        self.kind = kind(import_module(f"labelconfig.export.{plan.fmt.module}"))
        self.workers = max(1, sum(client.nthreads().values()))
        self.window = 3 * self.workers

    def run(self, inputs: list[tuple[str, str]], target: int) -> None:
        todo = ((p, d) for url, d in inputs for p in partitions(url, d, target, self.workers))
        ahead: deque[tuple[Partition, str, Any, Any]] = deque()
        rendering: deque[tuple[str, Any]] = deque()  # (where the partition starts, its future)
        lines = 0
        display = None
        try:
            while True:
                while len(ahead) + len(rendering) < self.window:
                    nxt = next(todo, None)
                    if nxt is None:
                        break
                    part, shown = nxt
                    held = self.client.submit(
                        convert_partition, part, self.options, pure=False, retries=RETRIES
                    )
                    small = self.client.submit(summarize, held, pure=False, retries=RETRIES)
                    ahead.append((part, shown, held, small))
                if not ahead:
                    break
                part, shown, held, small = ahead.popleft()
                if shown != display:
                    display, lines = shown, 0
                where = part.at(lines)
                done = _result(small, where)
                self.plan.tally.add(done.tally)
                if done.error is not None:
                    _raise(part, shown, done.error, lines)
                lines += done.newlines
                if isinstance(done, Summary):
                    rendering.append((where, self._render(held, done)))
                    while len(rendering) > 1 or (rendering and not ahead):
                        self._write(*rendering.popleft())
                else:
                    self._take(done)
                del held
                if self.progress is not None:
                    self.progress(part.end - part.start)
            while rendering:
                self._write(*rendering.popleft())
        finally:
            for _, _, held, small in ahead:
                held.cancel()
                small.cancel()
            for _, future in rendering:
                future.cancel()

    def _render(self, held: Any, done: Summary) -> Any:
        w = self.writer
        plan, given = self.plan, w.names
        names = [name(plan, given, task_id, url, item, split) for url, task_id, item, split in done.keys]
        ids = w.classes.take(done.classes) if done.classes is not None else None
        if done.with_kp:
            w.with_kp.update(c if ids is None else ids[c - 1] + 1 for c in done.with_kp)
        start = (0, 0)
        if self.plan.fmt.module == "coco":
            start = (w.images + 1, w.anns + 1)
            w.images += len(done.keys)  # the next partition's ids follow these
            w.anns += done.annotations
        numbering = Numbering(self.plan.fmt.module, names, start, ids)
        # Ahead of the conversions queued on that worker: the client waits for it, and it frees a
        # converted partition.
        return self.client.submit(render, held, numbering, pure=False, retries=RETRIES, priority=1)

    def _write(self, where: str, future: Any) -> None:
        self.writer.put(*_result(future, where))

    def _take(self, done: Part) -> None:
        if done.lines is not None:
            self.writer.put(done.lines)
        for task, chosen in done.linted or ():
            self.writer.write(task, chosen)


def export(
    client: Any,
    tasks: str,
    plan: Plan,
    out: str,
    which: Any = "newest",
    source: Any = "annotations",
    target: int = PARTITION_BYTES,
    progress: Progress | None = None,
) -> Tally:
    """Export the files `tasks` names (a file, a directory or prefix of per-task files, a glob; local
    or a URL) to `out` (local or a URL), complete or absent, as `labelconfig.export.run` does."""
    inputs = [(u, u) for u in storage.expand(tasks)]
    if not inputs:
        raise ExportError(f"{tasks}: no files there")
    remote = storage.is_url(out)
    options = Options(plan.cfg.text, plan.fmt.name, tuple(c.name for c in plan.controls), which, source)
    writer_class = import_module(f"labelconfig.export.{plan.fmt.module}").Writer
    with tempfile.TemporaryDirectory(prefix="labelconfig-upload-") as upload:
        target_path = Path(upload) / "out" if remote else Path(out)
        if target_path.exists() and target_path.is_dir() != (plan.fmt.output == "dir"):
            want = "a directory" if plan.fmt.output == "dir" else "a file"
            raise ExportError(f"{target_path}: {plan.fmt.name} writes {want}; choose another -o")
        with staged(target_path, plan.fmt.output) as (staged_out, scratch):
            plan.out, plan.scratch = staged_out, scratch
            try:
                writer = writer_class(plan)
                try:
                    Merge(client, plan, writer, options, progress).run(inputs, target)
                finally:
                    writer.close()
            finally:
                plan.out, plan.scratch = target_path, None
        if remote:
            storage.upload(os.fspath(target_path), out)
    return plan.tally


__all__ = ["export"]
