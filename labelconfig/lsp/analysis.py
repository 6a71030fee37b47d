"""One open document linted as `labelconfig check` would lint its file: the configs it holds (one for
XML, each `label_config` of a project JSON, the `config:` of a template YAML), their findings with
suppression comments and `[tool.labelconfig]` applied, and the sample task beside it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..bind import Bound
from ..check import EVERYTHING, run
from ..diagnostics import Diagnostic
from ..inputs import load_bytes
from ..settings import Discovery, Settings, SettingsError
from ..source import Position, Source
from ..syntax import INVALID_INPUT

TASKS_BESIDE = "tasks.json"


@dataclass(slots=True)
class Embedded:
    """One config of the document and what the linter made of it."""

    source: Source
    bound: Bound | None
    diagnostics: list[Diagnostic]

    def offset_at(self, line: int, column: int) -> int | None:
        """The config offset at a 1-based position of the document (character columns); None when the
        position lies outside this config (elsewhere in the JSON or YAML around it)."""
        if self.source.origin is None:
            return self.source.offset(line, column)
        # Positions grow with offsets: the last offset at or before the position, by bisection.
        at, position = Position(line, column), self.source.position
        lo, hi = 0, len(self.source.text) + 1
        while lo < hi:
            mid = (lo + hi) // 2
            if position(mid) <= at:
                lo = mid + 1
            else:
                hi = mid
        found = lo - 1
        if found < 0 or (found == len(self.source.text) and position(found) != at):
            return None
        return found


@dataclass(slots=True)
class Analysis:
    path: str
    configs: list[Embedded]
    # Findings that belong to no config (a JSON file without `label_config`, invalid YAML ...).
    unattached: list[Diagnostic]
    settings: Settings | None
    settings_error: str | None = None

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [*self.unattached, *(d for c in self.configs for d in c.diagnostics)]

    def config_at(self, line: int, column: int) -> tuple[Embedded, int] | None:
        for c in self.configs:
            offset = c.offset_at(line, column)
            if offset is not None:
                return c, offset
        return None


def analyse(path: str, text: str, discovery: Discovery, lint: bool = True) -> Analysis:
    """Lint `text` as the file `path` (its name decides XML, JSON or YAML, as on the command line).
    Without `lint`, only find the configs (where the cursor is, for completion) and the settings.
    `exclude` does not apply: like a file named on the command line, an open file is checked."""
    settings: Settings | None = None
    error = None
    selection = EVERYTHING
    try:
        settings = discovery.for_path(path)
        selection = settings.selection(path)
    except SettingsError as exc:
        error = str(exc)  # shown to the user; the file is still checked with every rule
    configs: list[Embedded] = []
    unattached: list[Diagnostic] = []
    for loaded in load_bytes(text.encode("utf-8"), path):
        if loaded.source is None:
            # An editor attaches the server to every JSON and YAML file; one without a config (or
            # not parseable as JSON or YAML, which the editor's own support reports) is none of ours.
            unattached += [
                d for d in loaded.diagnostics if selection.wants(d.code) and d.code != INVALID_INPUT.code
            ]
            continue
        if lint:
            _, bound, found = run(loaded.source, selection)
            configs.append(Embedded(loaded.source, bound, found))
        else:
            configs.append(Embedded(loaded.source, None, []))
    return Analysis(path, configs, unattached, settings, error)


def task_file(path: str, settings: Settings | None) -> Path | None:
    """The sample task for a config: `tasks` of its settings, else a `tasks.json` beside it."""
    if settings is not None and settings.tasks is not None:
        return settings.tasks
    beside = Path(os.path.abspath(path)).parent / TASKS_BESIDE
    return beside if beside.is_file() else None


def sample_task(path: str, settings: Settings | None) -> dict[str, Any] | None:
    """The first task of the sample task file, or None when there is none or it cannot be read."""
    from ..render.files import TaskFileError, read_task

    found = task_file(path, settings)
    if found is None:
        return None
    try:
        return read_task(str(found))
    except TaskFileError:
        return None


def task_data(task: dict[str, Any] | None) -> dict[str, Any]:
    """The data of a task given as `{"data": ...}` or as bare data."""
    if task is None:
        return {}
    data = task.get("data", task)
    return data if isinstance(data, dict) else {}
