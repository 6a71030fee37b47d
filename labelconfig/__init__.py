"""labelconfig: parse, lint and validate Label Studio labeling configs outside any server."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from .check import Selection, check_source
from .config import Config, Control, Object, Option
from .diagnostics import ConfigError, Diagnostic, Severity
from .inputs import InputError, read
from .parse import decode
from .payloads.builders import PayloadError
from .rules import RULES
from .source import Source

__version__ = "0.1.0"


def parse(
    text: str | bytes,
    *,
    filename: str = "<string>",
    strict: bool = False,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> Config:
    """Parse and check a labeling config.

    Returns a `Config` with typed access (`cfg.controls`, `cfg.objects`, `cfg.variables`) and every
    diagnostic. With `strict=True`, raises `ConfigError` (carrying all diagnostics) when there is an error.
    """
    selection = Selection.of(select, ignore)
    if isinstance(text, bytes):
        decoded, problems = decode(text, filename)
        if decoded is None:
            return _strict(
                Config(None, [replace(d, file=filename) for d in problems if selection.wants(d.code)], ""),
                strict,
            )
        text = decoded
    return _strict(check_source(Source(text, filename), selection), strict)


def load(
    path: str, *, strict: bool = False, select: Iterable[str] = (), ignore: Iterable[str] = ()
) -> Config:
    """Parse and check the config in a file: XML, a Label Studio project JSON export (`label_config`)
    or a template YAML (`config:`). Positions point into that file. Raises `OSError` when unreadable."""
    try:
        first = read(path)[0]
    except InputError as exc:
        raise OSError(str(exc)) from exc
    selection = Selection.of(select, ignore)
    if first.source is None:
        return _strict(Config(None, [d for d in first.diagnostics if selection.wants(d.code)], ""), strict)
    return _strict(check_source(first.source, selection), strict)


def _strict(cfg: Config, strict: bool) -> Config:
    if strict and not cfg.ok:
        raise ConfigError(list(cfg.diagnostics))
    return cfg


def check_config(
    text: str | bytes, *, filename: str = "<string>", select: Iterable[str] = (), ignore: Iterable[str] = ()
) -> list[Diagnostic]:
    """Every diagnostic for a config, sorted by position."""
    return list(parse(text, filename=filename, select=select, ignore=ignore).diagnostics)


def check_files(
    config: str | Config,
    *,
    tasks: str | None = None,
    predictions: str | None = None,
    annotations: str | None = None,
    jobs: int = 1,
) -> list[Diagnostic]:
    """Check a config and payload files against it; `config` is a parsed Config, XML text, or the path
    of a config file (XML, project JSON export, template YAML).

    Each payload file may be JSON Lines, a JSON array or one JSON object: tasks (with embedded
    predictions and annotations), predictions, annotations or ML-backend responses.
    """
    from .payloads.run import check_file

    if isinstance(config, Config):
        cfg = config
    elif config.lstrip().startswith("<"):
        cfg = parse(config)
    else:
        cfg = load(config)
    found = list(cfg.diagnostics)
    if cfg.root is None:
        return found
    for path, kind in ((tasks, "tasks"), (predictions, "predictions"), (annotations, "annotations")):
        if path is not None:
            found.extend(check_file(cfg, path, kind, jobs=jobs))  # type: ignore[arg-type]
    return found


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
    "load",
    "parse",
]
