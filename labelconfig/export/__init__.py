"""Export Label Studio annotations to training formats, streaming: `labelconfig.export.export(...)`.

Stages, in one pass per process: read tasks one at a time (`records`), choose and lint their
annotations, read regions through the payload model (`regions`), and hand them to one writer per
format (`FORMATS`), which writes as it goes into a staging folder beside the target (`files`); the
output takes the target's place only at the end. What a format cannot carry is counted per reason in
a `Tally`: every result is written or counted. `ExportError` is the one error of the API.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from importlib import import_module
from pathlib import Path
from typing import Any, Protocol

from ..payloads.api import Config
from .errors import ExportError, ExportInputError, ImportInputError
from .files import staged
from .formats import FORMATS, FormatSpec
from .plan import Plan, feeders, lacking, why_not
from .records import SOURCES, WHICH, Chosen, Source, Which, selected
from .tally import Tally


class Writer(Protocol):
    """One format's writer: `plan.out` is the staged output, `plan.scratch` a folder for spools."""

    def __init__(self, plan: Plan) -> None: ...
    def write(self, task: dict[str, Any], chosen: list[Chosen]) -> None: ...
    def close(self) -> Any: ...


def format_spec(name: str) -> FormatSpec:
    spec = FORMATS.get(name)
    if spec is None:
        from ..suggest import did_you_mean

        help, _ = did_you_mean(name, list(FORMATS))
        raise ExportError(
            f"unknown format `{name}`" + (f"; {help}" if help else f" (one of {', '.join(FORMATS)})")
        )
    return spec


def make_plan(
    cfg: Config,
    to: str,
    out: Path,
    controls: Iterable[str] = (),
    clamp: bool = False,
    tally: Tally | None = None,
    image_size: tuple[float, float] | None = None,
    image_root: str | os.PathLike[str] | None = None,
) -> Plan:
    """The plan of an export of `cfg` to format `to`; `ExportError` says why it cannot run.
    `image_size` (width, height) and `image_root` (a folder of the images, whose headers tell their
    size) give pixel sizes to regions that lack `original_width`/`original_height`."""
    fmt = format_spec(to)
    model = cfg.payloads.results.model
    feeding = feeders(model, fmt)
    if fmt.targets and not feeding:
        raise ExportError(f"this config cannot feed {fmt.name}: it {why_not(fmt)}")
    wanted = list(dict.fromkeys(controls))
    if wanted:
        names = {c.name: c for c in feeding}
        unknown = [n for n in wanted if n not in names]
        if unknown:
            raise ExportError(
                f"--control {', '.join(unknown)}: not a control that feeds {fmt.name} "
                f"(candidates: {', '.join(names) or 'none'})"
            )
        feeding = [names[n] for n in wanted]
    problem = lacking(model, fmt, feeding)
    if problem is not None:
        raise ExportError(f"{fmt.name} {problem} (exported: {', '.join(c.name for c in feeding)})")
    if image_size is not None and not (len(image_size) == 2 and all(v > 0 for v in image_size)):
        raise ExportError(f"image size {image_size}: give (width, height) in pixels, both above 0")
    root = Path(image_root) if image_root is not None else None
    if root is not None and not root.is_dir():
        raise ExportError(f"{root}: not a folder (--image-root names the folder holding the images)")
    size = (float(image_size[0]), float(image_size[1])) if image_size is not None else None
    return Plan(cfg, model, fmt, feeding, out, tally or Tally(), clamp, size, root)


def preflight(cfg: Config) -> list[tuple[str, bool, str]]:
    """(format, usable, which controls feed it or why not) for every format."""
    model = cfg.payloads.results.model
    rows = []
    for fmt in FORMATS.values():
        feeding = feeders(model, fmt)
        if not fmt.targets:
            rows.append((fmt.name, True, "every control"))
        elif feeding and (problem := lacking(model, fmt, feeding)) is not None:
            rows.append((fmt.name, False, problem))
        elif feeding:
            rows.append((fmt.name, True, ", ".join(f"{c.name} ({c.tag})" for c in feeding)))
        else:
            rows.append((fmt.name, False, why_not(fmt)))
    return rows


def run(
    plan: Plan,
    tasks: str,
    which: Which = "newest",
    source: Source = "annotations",
    progress: Callable[[int], None] | None = None,
) -> Tally:
    """Stream `tasks` through the plan's writer in one pass; returns the tally. The output appears
    at `plan.out` only once every task is read (see `files.staged`): an error leaves none."""
    if which not in WHICH or source not in SOURCES:
        raise ExportError(f"annotations must be one of {WHICH} and source one of {SOURCES}")
    target = plan.out
    if target.exists() and target.resolve() == Path(tasks).resolve():
        raise ExportError(f"{tasks}: the output would overwrite the input; choose another -o")
    if target.exists() and target.is_dir() != (plan.fmt.output == "dir"):
        want = "a directory" if plan.fmt.output == "dir" else "a file"
        raise ExportError(f"{target}: {plan.fmt.name} writes {want}; choose another -o")
    writer_class = import_module(f".{plan.fmt.module}", __package__).Writer
    with staged(target, plan.fmt.output) as (out, scratch):
        plan.out, plan.scratch = out, scratch
        try:
            writer = writer_class(plan)
            try:
                for task, chosen in read(plan, tasks, which, source):
                    writer.write(task, chosen)
                    if progress is not None:
                        progress(1)
            finally:
                writer.close()
        finally:
            plan.out, plan.scratch = target, None
    return plan.tally


def read(
    plan: Plan, tasks: str, which: Which = "newest", source: Source = "annotations"
) -> Iterator[tuple[dict[str, Any], list[Chosen]]]:
    """(task, its linted records) for every task of the file `tasks`, as the plan's writer takes
    them: the export's one way of reading, whoever writes (`run`, or a Dask worker's converter)."""
    writer_class = import_module(f".{plan.fmt.module}", __package__).Writer
    suspect = _suspect(plan, writer_class)
    lane = _lane(plan, which, source, suspect)
    for _, task, chosen in selected(plan.cfg, tasks, which, source, plan.tally, suspect, lane):
        yield task, chosen


def _lane(plan: Plan, which: Which, source: Source, suspect: Any) -> Any:
    """The fast lane for this export, when it has one (region formats; not for consensus)."""
    if not plan.fmt.regions_only or which == "consensus":  # other formats write whole records
        return None
    from . import lane as fast

    if not fast.ENABLED:
        return None
    built = fast.Lane(plan.cfg, source, suspect)
    return built if built.ready else None


def _suspect(plan: Plan, writer_class: type) -> Any:
    """The writer's test of which records must be linted against their task (text formats)."""
    if not getattr(writer_class, "suspects", False):
        return None
    from .textfmt import TextSuspect  # its regular expressions take a few ms to compile

    return TextSuspect(plan)


def export(
    tasks: str | os.PathLike[str],
    config: Config | str | os.PathLike[str],
    to: str,
    out: str | os.PathLike[str],
    *,
    annotations: Which = "newest",
    source: Source = "annotations",
    controls: Iterable[str] = (),
    clamp: bool = False,
    image_size: tuple[float, float] | None = None,
    image_root: str | os.PathLike[str] | None = None,
) -> Tally:
    """Export a Label Studio JSON/JSON Lines export `tasks` to format `to` at `out` (a file or a
    directory, per format), complete or not at all. `config` is a parsed Config, XML text or a config
    file path. `image_size` and `image_root` give pixel sizes to regions without them (see
    `make_plan`). Returns the `Tally` of what was written,
    skipped and converted. Raises `ExportError` or `ExportInputError`."""
    from ..config import as_config

    cfg = as_config(config)
    if cfg.root is None or not cfg.ok:
        first = cfg.errors[0].message if cfg.errors else "no config"
        raise ExportError(f"the config has errors ({first}); fix them with `labelconfig check` first")
    plan = make_plan(cfg, to, Path(out), controls, clamp, None, image_size, image_root)
    return run(plan, os.fspath(tasks), annotations, source)


__all__ = [
    "FORMATS",
    "ExportError",
    "ExportInputError",
    "ImportInputError",
    "Plan",
    "Tally",
    "export",
    "make_plan",
    "preflight",
    "read",
    "run",
]
