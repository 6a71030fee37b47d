"""labelconfig: parse, lint and validate Label Studio labeling configs outside any server."""

from __future__ import annotations

from collections.abc import Iterable

from .check import Selection, run
from .config import Config, Control, Object, Option
from .diagnostics import ConfigError, Diagnostic, Severity
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
    source, early = _source(text, filename)
    if source is None:
        diagnostics = [d.__class__(**{**d.__dict__, "file": filename}) if False else d for d in early]
        cfg = Config(None, [_with_file(d, filename) for d in diagnostics], "")
    else:
        _, bound, diagnostics = run(source, Selection.of(select, ignore))
        cfg = Config(bound, diagnostics, source.text)
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
    """Check a config and payload files against it; `config` is a path, XML text or a parsed Config.

    Each payload file may be JSON Lines, a JSON array or one JSON object: tasks (with embedded
    predictions and annotations), predictions, annotations or ML-backend responses.
    """
    from .payloads import check_file

    if isinstance(config, Config):
        cfg = config
        found: list[Diagnostic] = list(cfg.diagnostics)
    else:
        looks_like_xml = config.lstrip().startswith("<")
        if looks_like_xml:
            cfg = parse(config)
        else:
            with open(config, "rb") as fh:
                cfg = parse(fh.read(), filename=config)
        found = list(cfg.diagnostics)
    if cfg.root is None:
        return found
    for path, kind in ((tasks, "tasks"), (predictions, "predictions"), (annotations, "annotations")):
        if path is not None:
            found.extend(check_file(cfg, path, kind, jobs=jobs))  # type: ignore[arg-type]
    return found


def _source(text: str | bytes, filename: str) -> tuple[Source | None, list[Diagnostic]]:
    from .parse import decode

    if isinstance(text, bytes):
        decoded, problems = decode(text, filename)
        if decoded is None:
            return None, problems
        text = decoded
    return Source(text, filename), []


def _with_file(d: Diagnostic, filename: str) -> Diagnostic:
    from dataclasses import replace

    return replace(d, file=filename)


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
    "parse",
]
