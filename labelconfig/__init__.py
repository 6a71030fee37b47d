"""labelconfig: parse, lint and validate Label Studio labeling configs outside any server."""

from __future__ import annotations

import errno
import importlib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from .check import Selection
from .config import Config, Control, Object, Option, from_file, from_text
from .diagnostics import ConfigError, Diagnostic, Severity
from .payloads.context import PayloadError
from .rules import RULES
from .version import __version__ as __version__

PathArg = str | os.PathLike[str]


def _text(value: object, func: str) -> str | bytes:
    """Config text as given; anything else is a caller's mistake, named rather than failing deep inside."""
    if isinstance(value, str | bytes):
        return value
    if isinstance(value, os.PathLike):
        raise TypeError(f"{func}() takes the config text, not a path; use labelconfig.load({value!r})")
    raise TypeError(f"{func}() takes the config as str or bytes, not {type(value).__name__}")


def _path(value: object, func: str, what: str) -> str:
    """A str or os.PathLike path as str; bytes paths are not supported (messages and positions are text)."""
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if isinstance(value, str):
        return value
    raise TypeError(f"{func}() takes {what} as a str or pathlib.Path, not {type(value).__name__}")


def _selection(select: Iterable[str] | str, ignore: Iterable[str] | str) -> Selection:
    """`select`/`ignore` as the CLI takes them: a lone string is one entry (`"LC3,LC401"`), and a code
    that names no rule is refused (ValueError) rather than silently selecting nothing."""
    given = {"select": [select] if isinstance(select, str) else select}
    given["ignore"] = [ignore] if isinstance(ignore, str) else ignore
    for what, codes in given.items():
        if not isinstance(codes, Iterable) or not all(isinstance(c, str) for c in codes):
            raise TypeError(f"`{what}` takes rule codes as strings (['LC3', 'LC401']), not {codes!r}")
    selection = Selection.of(given["select"], given["ignore"])
    unknown = selection.unknown()
    if unknown:
        raise ValueError(f"unknown rule code or prefix: {', '.join(unknown)} (see `labelconfig rules`)")
    return selection


def _existing(path: str, what: str) -> str:
    """A missing file is the caller's to fix: FileNotFoundError naming it, before any work is done."""
    if path != "-" and not os.path.exists(path):
        raise FileNotFoundError(errno.ENOENT, f"no such {what}", path)
    return path


def parse(
    text: str | bytes,
    *,
    filename: str = "<string>",
    strict: bool = False,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> Config:
    """Parse and check a labeling config given as XML text (str, or bytes in any encoding XML allows).

    Returns a `Config` with typed access (`cfg.controls`, `cfg.objects`, `cfg.variables`) and every
    diagnostic; malformed XML is a diagnostic (LC001, with its line), not an exception. `select` and
    `ignore` take rule codes or prefixes as `labelconfig check --select` does (`["LC3", "LC401"]`).

    Raises `TypeError` for text that is not str or bytes (a path: use `load`), `ValueError` for a
    code that names no rule, and with `strict=True` `ConfigError` (carrying every diagnostic) when
    the config has an error.
    """
    text = _text(text, "parse")
    return _strict(from_text(text, filename, _selection(select, ignore)), strict)


def load(
    path: PathArg, *, strict: bool = False, select: Iterable[str] = (), ignore: Iterable[str] = ()
) -> Config:
    """Parse and check the config in a file (a str or `pathlib.Path`): XML, a Label Studio project JSON
    export (`label_config`) or a template YAML (`config:`). Positions point into that file; `select`,
    `strict` and `ignore` work as in `parse`. Raises `FileNotFoundError` naming a missing file,
    `OSError` when unreadable, `TypeError` for a non-path, `ValueError` for a code that names no rule."""
    path = _existing(_path(path, "load", "the config file"), "config file")
    return _strict(from_file(path, _selection(select, ignore)), strict)


def _strict(cfg: Config, strict: bool) -> Config:
    if strict and not cfg.ok:
        raise ConfigError(list(cfg.diagnostics))
    return cfg


def check_config(
    text: str | bytes, *, filename: str = "<string>", select: Iterable[str] = (), ignore: Iterable[str] = ()
) -> list[Diagnostic]:
    """Every diagnostic for a config given as XML text, sorted by position: `parse(...).diagnostics`
    as a list. Raises as `parse` does: `TypeError` for text that is not str or bytes, `ValueError`
    for a rule code that names no rule."""
    text = _text(text, "check_config")
    return list(parse(text, filename=filename, select=select, ignore=ignore).diagnostics)


def check_files(
    config: str | bytes | os.PathLike[str] | Config,
    *,
    tasks: PathArg | Sequence[PathArg] | None = None,
    predictions: PathArg | Sequence[PathArg] | None = None,
    annotations: PathArg | Sequence[PathArg] | None = None,
    jobs: int = 1,
) -> list[Diagnostic]:
    """Check a config and payload files against it; `config` is a parsed Config, XML text, or the path
    (str or `pathlib.Path`) of a config file (XML, project JSON export, template YAML).

    Each payload argument is a path or a list of paths; each file may be JSON Lines, a JSON array or
    one JSON object: tasks (with embedded predictions and annotations), predictions, annotations or
    ML-backend responses. A missing file raises `FileNotFoundError` naming it, before anything is read.
    """
    from .payloads.run import check_file

    payloads: list[tuple[str, str]] = []
    for given, kind in ((tasks, "tasks"), (predictions, "predictions"), (annotations, "annotations")):
        if given is None:
            continue
        many = given if isinstance(given, list | tuple) else [given]
        for p in many:
            payloads.append((_existing(_path(p, "check_files", f"`{kind}`"), f"{kind} file"), kind))
    if isinstance(config, Config):
        cfg = config
    elif isinstance(config, bytes) or (isinstance(config, str) and config.lstrip().startswith("<")):
        cfg = parse(config)
    else:
        cfg = load(_path(config, "check_files", "the config (a Config, XML text or a path)"))
    found = list(cfg.diagnostics)
    if cfg.root is None:
        return found
    for path, kind in payloads:
        found.extend(check_file(cfg, path, kind, jobs=jobs))  # type: ignore[arg-type]
    return found


def render_html(
    cfg: Config,
    task: dict[str, object] | None = None,
    *,
    submit_url: str | None = None,
    task_dir: str | Path | None = None,
) -> str:
    """The labeling form for `cfg` (a `Config` from `parse` or `load`) as one self-contained HTML page
    (inline CSS and JS, no network), pre-labelled from `task`'s latest annotation or first prediction.
    Errors Label Studio loads the config with are shown in a banner above the form. Files the task
    names by a relative path (a TimeSeries CSV) are read from `task_dir` and embedded.
    `labelconfig.render.Form` wraps it for Jupyter. The page contract (`window.labelconfig.annotation()`
    ...) is in the README.

    Raises `TypeError` when `cfg` is not a Config (text: `render_html(labelconfig.parse(text))`) or
    `task` is not a dict, and `ValueError` for a config Label Studio cannot load or a `submit_url`
    that is not http(s)."""
    from .render import render_html as render

    return render(cfg, task, submit_url=submit_url, task_dir=task_dir)


def __getattr__(name: str) -> object:
    # `labelconfig.export.export(tasks, config, "coco", "out.json")`: the export package loads on first
    # use so that `import labelconfig` stays light.
    if name == "export":
        return importlib.import_module(".export", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "RULES",
    "Config",
    "ConfigError",
    "Control",
    "Diagnostic",
    "Object",
    "Option",
    "PayloadError",
    "Severity",
    "check_config",
    "check_files",
    "export",
    "load",
    "parse",
    "render_html",
]
