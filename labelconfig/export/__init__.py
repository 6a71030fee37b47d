"""Export Label Studio annotations to training formats, streaming: `labelconfig.export.export(...)`.

Stages: read tasks one at a time (`records`), choose and lint their annotations, read regions through
the payload model (`regions`), and hand them to one writer per format (`FORMATS`), which writes as it
goes. What a format cannot carry is counted per reason in a `Tally`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from importlib import import_module
from pathlib import Path
from typing import Any, Protocol

from ..payloads.api import Config
from .formats import FORMATS, FormatSpec
from .plan import Plan, feeders, lacking, why_not
from .records import SOURCES, WHICH, Chosen, ExportInputError, Source, Which, selected
from .tally import Tally


class ExportError(ValueError):
    """The export cannot run as asked (unknown format or control, a config that cannot feed it)."""


class Writer(Protocol):
    def __init__(self, plan: Plan) -> None: ...
    def write(self, task: dict[str, Any], chosen: list[Chosen]) -> None: ...
    def close(self) -> Any: ...


class PartWriter(Writer, Protocol):
    """A writer that can run in parts (see `parts`): `close` returns the part's state. It may also
    have `prepare(plan, state, before, run)`, called on each part once the parts before it are done
    (COCO shifts its ids there)."""

    def __init__(self, plan: Plan, part: int = 0) -> None: ...
    @classmethod
    def merge(cls, plan: Plan, states: list[Any]) -> None: ...
    @staticmethod
    def undo(plan: Plan, states: list[Any]) -> None: ...


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
) -> Plan:
    """The plan of an export of `cfg` to format `to`; `ExportError` says why it cannot run."""
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
    return Plan(cfg, model, fmt, feeding, out, tally or Tally(), clamp)


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


# Below this, sharing out costs what it saves (box tasks to COCO on two cores: 3 MB 0.24 s either way,
# 8 MB 0.38 s alone against 0.33 s in parts, 16 MB 0.63 s against 0.47 s).
PARALLEL_ABOVE = 4 * 1024 * 1024


def jobs_default() -> int:
    """Worker processes when none are asked for: the CPUs this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run(
    plan: Plan,
    tasks: str,
    which: Which = "newest",
    source: Source = "annotations",
    progress: Callable[[int], None] | None = None,
    jobs: int = 1,
) -> Tally:
    """Stream `tasks` through the plan's writer; returns the tally. With `jobs` > 1, a large input is
    exported by that many worker processes, with the same output as one."""
    if which not in WHICH or source not in SOURCES:
        raise ExportError(f"annotations must be one of {WHICH} and source one of {SOURCES}")
    if plan.out.exists() and plan.out.resolve() == Path(tasks).resolve():
        raise ExportError(f"{tasks}: the output would overwrite the input; choose another -o")
    writer_class = import_module(f".{plan.fmt.module}", __package__).Writer
    scratch = plan.out if plan.fmt.output == "dir" else plan.out.parent
    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".labelconfig-", dir=scratch) as spools:
        plan.spools = Path(spools)
        try:
            _run(plan, writer_class, tasks, which, source, progress, jobs)
        finally:
            plan.spools = None
    return plan.tally


def _run(
    plan: Plan,
    writer_class: Any,
    tasks: str,
    which: Which,
    source: Source,
    progress: Callable[[int], None] | None,
    jobs: int,
) -> None:
    suspect = _suspect(plan, writer_class)
    lane = _lane(plan, which, source, suspect)
    mergeable = hasattr(writer_class, "merge")
    if (
        jobs > 1
        and mergeable
        and which != "consensus"  # consensus reads quality's whole-task view, in one pass
        and os.path.getsize(tasks) > PARALLEL_ABOVE
    ):
        from .workers import in_parts

        if in_parts(plan, writer_class, tasks, which, source, lane, suspect, progress, jobs):
            return
    writer = writer_class(plan)
    try:
        for _, task, chosen in selected(plan.cfg, tasks, which, source, plan.tally, suspect, lane):
            writer.write(task, chosen)
            if progress is not None:
                progress(1)
    finally:
        state = writer.close()
    if mergeable:
        writer_class.merge(plan, [state])


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
    from .textfmt import TextSuspect

    return TextSuspect(plan) if getattr(writer_class, "suspects", False) else None


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
    jobs: int = 1,
) -> Tally:
    """Export a Label Studio JSON/JSON Lines export `tasks` to format `to` at `out` (a file or a
    directory, per format). `config` is a parsed Config, XML text or a config file path. `jobs` worker
    processes share a large input (the output is the same). Returns the `Tally` of what was written,
    skipped and converted. Raises `ExportError` or `ExportInputError`."""
    from ..config import from_file, from_text

    if isinstance(config, Config):
        cfg = config
    elif isinstance(config, str) and config.lstrip().startswith("<"):
        cfg = from_text(config)
    else:
        cfg = from_file(os.fspath(config))
    if cfg.root is None or not cfg.ok:
        first = cfg.errors[0].message if cfg.errors else "no config"
        raise ExportError(f"the config has errors ({first}); fix them with `labelconfig check` first")
    plan = make_plan(cfg, to, Path(out), controls, clamp)
    return run(plan, os.fspath(tasks), annotations, source, jobs=jobs)


__all__ = [
    "FORMATS",
    "ExportError",
    "ExportInputError",
    "Plan",
    "Tally",
    "export",
    "make_plan",
    "preflight",
    "run",
]
