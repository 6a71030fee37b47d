"""Typed builders for ML backends: results and predictions that are checked when they are made.

    box = cfg.controls["label"].region(x=10, y=20, width=30, height=15, label="Car", score=0.93,
                                        original_width=1920, original_height=1080)
    prediction = cfg.prediction([box], score=0.93, model_version="yolo-v8")

Anything the linter would report as an error raises `PayloadError` right away, with the diagnostics.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic
from .context import Sink

if TYPE_CHECKING:
    from ..config import Config, Control

# Result fields that sit beside `value` rather than in it.
TOP_LEVEL = frozenset(
    {
        "id",
        "score",
        "parentID",
        "readonly",
        "hidden",
        "meta",
        "origin",
        "original_width",
        "original_height",
        "image_rotation",
        "original_length",
        "item_index",
    }
)
# Singular and plural spellings for the value key that carries the control's labels.
_LABEL_WORDS = {"label": False, "labels": True, "choice": False, "choices": True}


class PayloadError(ValueError):
    """A built result or prediction that Label Studio would not accept; carries the diagnostics."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        lines = [f"{d.code} {d.path}: {d.message}" + (f" ({d.help})" if d.help else "") for d in diagnostics]
        super().__init__("invalid payload:\n  " + "\n  ".join(lines))


def new_id() -> str:
    """A region id like the editor's (10 URL-safe characters)."""
    return secrets.token_urlsafe(8)[:10]


def build_result(
    control: Control, cfg: Config, to_name: str | None, fields: dict[str, Any]
) -> dict[str, Any]:
    spec = control.spec
    if spec is None or spec.result is None or spec.result.type is None:
        raise TypeError(f"<{control.tag} name={control.name!r}> does not produce results")
    result: dict[str, Any] = {
        "id": fields.pop("id", None) or new_id(),
        "from_name": control.name,
        "to_name": to_name or (control.to_name[0] if control.to_name else control.name),
        "type": spec.result.type,
    }
    value: dict[str, Any] = dict(fields.pop("value", None) or {})
    labels_key = spec.result.labels_key or _by_target_labels_key(spec.result.by_target)
    for word, plural in _LABEL_WORDS.items():
        if word in fields:
            given = fields.pop(word)
            if labels_key is None:
                raise TypeError(f"<{control.tag} name={control.name!r}> has no labels")
            value[labels_key] = list(given) if plural else [given]
    if spec.result.type == "textarea" and isinstance(fields.get("text"), str):
        value["text"] = [fields.pop("text")]
    for key in list(fields):
        if key in TOP_LEVEL:
            result[key] = fields.pop(key)
    value.update(fields)
    result["value"] = value
    _validate(cfg, [result])
    return result


def _by_target_labels_key(by_target: Any) -> str | None:
    for fields in by_target.values():
        for f in fields:
            if f.holds_labels:
                return str(f.key)
    return None


def build_prediction(
    cfg: Config,
    results: Iterable[dict[str, Any]],
    score: float | None = None,
    model_version: str | None = None,
) -> dict[str, Any]:
    prediction: dict[str, Any] = {"result": list(results)}
    if score is not None:
        prediction["score"] = score
    if model_version is not None:
        prediction["model_version"] = model_version
    sink = Sink()
    cfg.payloads.prediction(prediction, sink, "$", None)
    _raise_errors(sink.out)
    return prediction


def build_relation(
    cfg: Config, from_id: str, to_id: str, direction: str = "right", labels: Iterable[str] = ()
) -> dict[str, Any]:
    relation: dict[str, Any] = {
        "type": "relation",
        "from_id": from_id,
        "to_id": to_id,
        "direction": direction,
    }
    if labels:
        relation["labels"] = list(labels)
    # Checked alone the ends cannot resolve; check the direction and labels with stand-in regions.
    sink = Sink()
    cfg.payloads.results.check_relation(relation, {from_id, to_id}, sink, "$")
    _raise_errors(sink.out)
    return relation


def _validate(cfg: Config, results: list[dict[str, Any]]) -> None:
    sink = Sink()
    # A lone per-region answer cannot point at its region yet; its id is checked with the prediction.
    cfg.payloads.results.check(results, sink, "$.result", None, lone=True)
    _raise_errors(sink.out)


def _raise_errors(found: list[Diagnostic]) -> None:
    errors = [d for d in found if d.is_error]
    if errors:
        raise PayloadError(errors)
