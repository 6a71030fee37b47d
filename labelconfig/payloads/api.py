"""The public `Config` and `Control`: the typed view of a config (`labelconfig.config`) plus payload
checks and builders. Defined here, above both layers, so the config view never imports payloads."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from .. import config
from ..diagnostics import Diagnostic

if TYPE_CHECKING:
    from .records import PayloadChecker

# The checkers and builders load on first use: `import labelconfig` stays light for config linting.


class Control(config.Control):
    __slots__ = ()

    def result(self, *, to_name: str | None = None, **fields: Any) -> dict[str, Any]:
        """A result of this control, checked now: `region(x=.., y=.., width=.., height=..,
        label="Car", score=0.9)`. `label`/`labels` (or `choice`/`choices`) fill the labels key; `id`,
        `score`, `original_width` ... go beside `value`; other keywords go into `value`.
        Raises `PayloadError` when Label Studio would not accept the result."""
        from .builders import build_result

        owner = self.config
        if not isinstance(owner, Config):
            raise TypeError("build results from the controls of a config parsed with labelconfig.parse")
        return build_result(self, owner.payloads, to_name, dict(fields))

    region = result  # reads better for region tools: cfg.controls["label"].region(...)


class Config(config.Config):
    """A parsed and checked labeling config. Build it with `labelconfig.parse`."""

    control_class: ClassVar[type[config.Control]] = Control

    @cached_property
    def payloads(self) -> PayloadChecker:
        """This config compiled for checking payloads (built on first use, then reused)."""
        from .records import PayloadChecker

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
        from .builders import build_prediction

        return build_prediction(self.payloads, results, score, model_version)

    def relation(
        self,
        from_region: dict[str, Any] | str,
        to_region: dict[str, Any] | str,
        *labels: str,
        direction: str = "right",
    ) -> dict[str, Any]:
        """A relation between two regions (results or their ids), labeled with `<Relation>` values."""
        from .builders import build_relation

        ends = [r["id"] if isinstance(r, dict) else r for r in (from_region, to_region)]
        return build_relation(self.payloads, ends[0], ends[1], direction, labels)
