"""The public `Config` and `Control`: the typed view of a checked config (`view.py`) plus payload
checks and builders, and the two ways to get one, from text or from a file. Defined above both the
view and the payload checkers, so neither imports the other; `labelconfig.parse` and `labelconfig.load`
add the argument checks and `strict`."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from . import view
from .check import EVERYTHING, Selection, check_source
from .diagnostics import Diagnostic
from .inputs import InputError, read
from .parse import decode
from .source import Source
from .view import Object, Option

if TYPE_CHECKING:
    from .payloads.records import PayloadChecker

# The checkers and builders load on first use: `import labelconfig` stays light for config linting.


class Control(view.Control):
    __slots__ = ()

    def result(self, *, to_name: str | None = None, **fields: Any) -> dict[str, Any]:
        """A result of this control, checked now: `region(x=.., y=.., width=.., height=..,
        label="Car", score=0.9)`. `label`/`labels` (or `choice`/`choices`) fill the labels key; `id`,
        `score`, `original_width` ... go beside `value`; other keywords go into `value`.
        Raises `PayloadError` when Label Studio would not accept the result."""
        from .payloads.builders import build_result

        owner = self.config
        if not isinstance(owner, Config):
            raise TypeError("build results from the controls of a config parsed with labelconfig.parse")
        return build_result(self, owner.payloads, to_name, dict(fields))

    region = result  # reads better for region tools: cfg.controls["label"].region(...)


class Config(view.Config):
    """A parsed and checked labeling config. Build it with `labelconfig.parse`."""

    control_class: ClassVar[type[view.Control]] = Control

    @cached_property
    def payloads(self) -> PayloadChecker:
        """This config compiled for checking payloads (built on first use, then reused)."""
        from .payloads.records import PayloadChecker

        return PayloadChecker(self)

    def check_task(self, task: Any) -> list[Diagnostic]:
        """Diagnostics for one task (`{"data": ...}` or a bare data dict), with its embedded
        predictions and annotations."""
        return self.payloads.check_task(task)

    def check_prediction(self, prediction: Any, task: Any = None) -> list[Diagnostic]:
        """Diagnostics for one prediction (`{"result": [...], "score": ...}`); with `task`, spans are
        also checked against the task's text."""
        return self.payloads.check_prediction(prediction, task)

    def check_annotation(self, annotation: Any, task: Any = None) -> list[Diagnostic]:
        """As `check_prediction`, and controls marked `required="true"` must be answered."""
        return self.payloads.check_annotation(annotation, task)

    def prediction(
        self, results: Iterable[dict[str, Any]], score: float | None = None, model_version: str | None = None
    ) -> dict[str, Any]:
        """A prediction of `results` (built with `Control.result`), checked as a whole: region ids,
        relations and per-region answers must fit together. Raises `PayloadError` otherwise."""
        from .payloads.builders import build_prediction

        return build_prediction(self.payloads, results, score, model_version)

    def relation(
        self,
        from_region: dict[str, Any] | str,
        to_region: dict[str, Any] | str,
        *labels: str,
        direction: str = "right",
    ) -> dict[str, Any]:
        """A relation between two regions (results or their ids), labeled with `<Relation>` values."""
        from .payloads.builders import build_relation

        ends = [r["id"] if isinstance(r, dict) else r for r in (from_region, to_region)]
        return build_relation(self.payloads, ends[0], ends[1], direction, labels)


def from_text(text: str | bytes, filename: str = "<string>", selection: Selection = EVERYTHING) -> Config:
    """The config in `text` (bytes are decoded as a file would be), parsed and checked."""
    if isinstance(text, bytes):
        decoded, problems = decode(text, filename)
        if decoded is None:
            return Config(None, [replace(d, file=filename) for d in problems if selection.wants(d.code)], "")
        text = decoded
    return check_source(Source(text, filename), selection, factory=Config)


def from_file(path: str, selection: Selection = EVERYTHING) -> Config:
    """The config in the file at `path` (XML, a project JSON export or a template YAML), parsed and
    checked; positions point into that file. Raises `FileNotFoundError` naming a missing file, else
    `OSError` when the file cannot be read."""
    if path != "-" and not os.path.exists(path):
        raise FileNotFoundError(errno.ENOENT, "no such config file", path)
    try:
        first = read(path)[0]
    except InputError as exc:
        raise OSError(str(exc)) from exc
    if first.source is None:
        return Config(None, [d for d in first.diagnostics if selection.wants(d.code)], "")
    return check_source(first.source, selection, factory=Config)


def as_config(config: Config | str | bytes | os.PathLike[str]) -> Config:
    """`config` as the Python API takes it: a Config as given, XML text (bytes, or a str whose first
    non-space character is `<`), else the path of a config file."""
    if isinstance(config, Config):
        return config
    if isinstance(config, bytes) or (isinstance(config, str) and config.lstrip().startswith("<")):
        return from_text(config)
    return from_file(os.fspath(config))


__all__ = ["Config", "Control", "Object", "Option", "as_config", "from_file", "from_text"]
