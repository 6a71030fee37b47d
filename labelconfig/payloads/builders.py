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
from ..tags.model import F
from .context import PayloadError, Sink
from .results import REGION_KEYS

if TYPE_CHECKING:
    from ..view import Control
    from .records import PayloadChecker

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


def new_id() -> str:
    """A region id like the editor's (10 URL-safe characters)."""
    return secrets.token_urlsafe(8)[:10]


def build_result(
    control: Control, checker: PayloadChecker, to_name: str | None, fields: dict[str, Any]
) -> dict[str, Any]:
    c = checker.results.controls.get(control.name)
    if c is None:
        raise TypeError(f"<{control.tag} name={control.name!r}> does not produce results")
    target = to_name or next(iter(c.targets))
    result: dict[str, Any] = {
        "id": fields.pop("id", None) or new_id(),
        "from_name": c.name,
        "to_name": target,
        "type": c.type,
    }
    value: dict[str, Any] = dict(fields.pop("value", None) or {})
    labels = {word: fields.pop(word) for word in _LABEL_WORDS if word in fields}
    for key in list(fields):
        if key in TOP_LEVEL:
            result[key] = fields.pop(key)
    value.update(fields)
    shape = c.shape_for(c.targets.get(target, ""), value)
    if labels:
        if shape.labels_key is None:
            raise TypeError(f"<{control.tag} name={control.name!r}> has no labels")
        for word, given in labels.items():
            value[shape.labels_key] = list(given) if _LABEL_WORDS[word] else [given]
    text = shape.field("text")
    if text is not None and text.type is F.STRING_LIST and isinstance(value.get("text"), str):
        value["text"] = [value["text"]]  # TextArea: one text given for the list of texts
    unknown = [k for k in value if shape.field(k) is None and not (c.repeats_region and k in REGION_KEYS)]
    if unknown:
        known = ", ".join(sorted({f.key for f in shape.fields} | TOP_LEVEL | set(_LABEL_WORDS)))
        raise TypeError(
            f"<{control.tag} name={control.name!r}> results have no {unknown[0]!r}; known: {known}"
        )
    result["value"] = value
    _validate(checker, [result])
    return result


def build_prediction(
    checker: PayloadChecker,
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
    checker.prediction(prediction, sink, "$", None)
    _raise_errors(sink.out)
    return prediction


def build_relation(
    checker: PayloadChecker, from_id: str, to_id: str, direction: str = "right", labels: Iterable[str] = ()
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
    checker.results.check_relation(relation, {from_id, to_id}, sink, "$")
    _raise_errors(sink.out)
    return relation


def _validate(checker: PayloadChecker, results: list[dict[str, Any]]) -> None:
    sink = Sink()
    # A lone per-region answer cannot point at its region yet; its id is checked with the prediction.
    checker.results.check(results, sink, "$.result", None, lone=True)
    _raise_errors(sink.out)


def _raise_errors(found: list[Diagnostic]) -> None:
    errors = [d for d in found if d.is_error]
    if errors:
        raise PayloadError(errors)
