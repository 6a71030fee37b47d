"""Project settings: `[tool.labelconfig]` in `pyproject.toml`, or a `labelconfig.toml`, found as ruff
finds its configuration.

Each checked file takes the settings of the nearest enclosing directory that has them (the file's own
directory first, then its parents); `labelconfig.toml` wins over `pyproject.toml` in one directory, and
a `pyproject.toml` without `[tool.labelconfig]` is passed over. Stdin and run-wide choices (the output
format) take the settings found from the working directory. Globs are relative to the directory of the
settings file. Codes combine as ruff combines them (`check.Layer`): the settings' `select` and `ignore`
first, then the flags (`--select` replaces, `--extend-select` and `--ignore` adjust), then the
per-file ignores.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .check import Layer, Selection, codes_of
from .inputs import expand
from .rules import BY_CODE

FILES = ("labelconfig.toml", "pyproject.toml")
NO_FLAGS = Layer()
KEYS = ("select", "ignore", "per-file-ignores", "exclude", "format", "tasks", "scheduler")


class SettingsError(Exception):
    """A settings file that cannot be used; the message names the file and, when known, the line."""


Fail = Callable[[str, str], SettingsError]


@dataclass(frozen=True, slots=True)
class Settings:
    root: Path  # globs are relative to this directory
    file: Path | None = None  # None: no settings file was found
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = ()
    format: str | None = None
    # A sample task file (JSON, a list's first task counts) for editor completion and previews.
    tasks: Path | None = None
    scheduler: str | None = None  # a dask.distributed scheduler's address (`--scheduler`)

    def _matches(self, path: str, pattern: str) -> bool:
        """Like ruff: a glob matches the path relative to the settings' directory, or the file name."""
        try:
            relative = Path(os.path.abspath(path)).relative_to(self.root).as_posix()
        except ValueError:
            relative = Path(path).as_posix()
        return fnmatch.fnmatchcase(relative, pattern) or fnmatch.fnmatchcase(Path(path).name, pattern)

    def excludes(self, path: str) -> bool:
        """Excluded: the file, or a directory above it within the settings' directory, matches."""
        absolute = Path(os.path.abspath(path))
        try:
            parts = absolute.relative_to(self.root).parts
        except ValueError:  # outside the settings' directory: only the file itself is matched
            return any(self._matches(path, g) for g in self.exclude)
        prefixes = [str(self.root.joinpath(*parts[: i + 1])) for i in range(len(parts))]
        return any(self._matches(p, g) for g in self.exclude for p in prefixes)

    def selection(self, path: str, flags: Layer = NO_FLAGS) -> Selection:
        """The codes to report for `path`: the settings' own, adjusted by the command line's `flags`,
        then the per-file ignores that match `path`."""
        extra = [c for glob, codes in self.per_file_ignores if self._matches(path, glob) for c in codes]
        own = Layer(self.select or (), (), self.ignore or ())
        return Selection().then(own).then(flags).then(Layer(ignore=tuple(extra)))


@dataclass
class Discovery:
    """Settings per directory, each directory read once per run."""

    formats: Collection[str]  # the output formats `format` may name (the front end's table)
    cwd: Path = field(default_factory=lambda: Path.cwd().resolve())
    _cache: dict[Path, Settings] = field(default_factory=dict)

    def for_path(self, path: str) -> Settings:
        start = self.cwd if path == "-" else Path(os.path.abspath(path)).parent
        return self.for_directory(start)

    def for_directory(self, directory: Path) -> Settings:
        seen: list[Path] = []
        found: Settings | None = None
        for d in (directory, *directory.parents):
            if d in self._cache:
                found = self._cache[d]
                break
            seen.append(d)
            found = _load_in(d, self.formats)
            if found is not None:
                break
        settings = found or Settings(root=self.cwd)
        for d in seen:
            self._cache[d] = settings
        return settings

    def files(self, args: Iterable[str], force_exclude: bool = False) -> Iterator[str]:
        """The files to check: directories searched with `exclude` applied; named files as given, or
        with `force_exclude` (as ruff's `--force-exclude`, for pre-commit, which names every file)
        left out when `exclude` matches them too."""
        for arg in args:
            if arg == "-" or not Path(arg).is_dir():
                if not (force_exclude and arg != "-" and self.for_path(arg).excludes(arg)):
                    yield from expand([arg])
                continue
            for path in expand([arg]):
                if not self.for_path(path).excludes(path):
                    yield path


def _load_in(directory: Path, formats: Collection[str]) -> Settings | None:
    for name in FILES:
        path = directory / name
        if not path.is_file():
            continue
        loaded = _table(path)
        if loaded is not None:
            return _parse(path, *loaded, formats)
    return None


def _table(path: Path) -> tuple[dict[str, Any], str] | None:
    """The settings table of `path` and the file's text (for line numbers: TOML parsers keep none)."""
    import tomllib  # only where a settings file exists: every command looks, few find one

    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: invalid TOML: {exc}") from exc
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        section = tool.get("labelconfig") if isinstance(tool, dict) else None
        if section is None:
            return None
        if not isinstance(section, dict):
            raise SettingsError(f"{path}: `tool.labelconfig` must be a table")
        data = section
    return data, text


def _line(text: str, key: str) -> int:
    """The line of `key` within the labelconfig section (pyproject's other tools have `select` too)."""
    section = re.search(r"^[ \t]*\[tool\.labelconfig\b", text, re.M)
    start = section.start() if section else 0
    match = re.compile(rf"^[ \t]*[\"']?{re.escape(key)}\b", re.M).search(text, start)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def _parse(path: Path, table: dict[str, Any], text: str, formats: Collection[str]) -> Settings:
    def fail(key: str, message: str) -> SettingsError:
        return SettingsError(f"{path}:{_line(text, key)}: `{key}` {message}")

    for key in table:
        if key not in KEYS:
            raise fail(key, f"is not a setting (known: {', '.join(KEYS)})")
    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise fail("per-file-ignores", "must be a table of glob = [codes]")
    fmt = table.get("format")
    if fmt is not None and fmt not in formats:
        raise fail("format", f"must be one of {', '.join(sorted(formats))}")
    select = table.get("select")
    ignore = table.get("ignore")
    tasks = table.get("tasks")
    if tasks is not None and not isinstance(tasks, str):
        raise fail("tasks", "must be a path to a task file (JSON), relative to this file")
    scheduler = table.get("scheduler")
    if scheduler is not None and not (isinstance(scheduler, str) and scheduler):
        raise fail("scheduler", 'must be a scheduler address, such as "tcp://10.0.0.5:8786"')
    return Settings(
        root=path.parent.resolve(),
        file=path,
        select=None if select is None else _codes(select, "select", fail),
        ignore=None if ignore is None else _codes(ignore, "ignore", fail),
        per_file_ignores=tuple((g, _codes(c, "per-file-ignores", fail)) for g, c in per_file.items()),
        exclude=_strings(table.get("exclude", []), "exclude", fail),
        format=fmt,
        tasks=None if tasks is None else (path.parent / tasks).resolve(),
        scheduler=scheduler,
    )


def _strings(value: object, key: str, fail: Fail) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail(key, "must be a list of strings")
    return tuple(value)


def _codes(value: object, key: str, fail: Fail) -> tuple[str, ...]:
    codes = codes_of(_strings(value, key, fail))
    unknown = [c for c in codes if not any(k.startswith(c) for k in BY_CODE)]
    if unknown:
        raise fail(key, f"names an unknown rule code or prefix: {', '.join(unknown)}")
    return codes
