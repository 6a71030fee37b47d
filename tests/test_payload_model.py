"""The one payload model: every reader (checker, shortcut, schema, samples, builders) derives from the
registry's value shapes and constraints, handles every entry, and agrees with the others.

- regressions for the disagreements the copies had (each failed before the model existed);
- the model is complete: every constraint has every reading, every shape's example passes;
- the shortcut is sound over every config of the corpus, with mutated payloads (differential);
- the schema and the linter agree: schema-generated instances lint without errors except where the
  schema says it cannot express a constraint; refused values are refused by the schema.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

import labelconfig
from labelconfig.payloads import kinds
from labelconfig.payloads.constraints import READERS, Target
from labelconfig.payloads.context import Sink
from labelconfig.payloads.model import ResultModel
from labelconfig.payloads.records import PayloadChecker
from labelconfig.payloads.sample import sample
from labelconfig.payloads.schema import json_schema
from labelconfig.tags import ALL
from labelconfig.tags.model import F, Field, ValueShape

VALID = sorted((Path(__file__).parent / "fixtures" / "valid").glob("*.xml"))
CONFIGS = {p.name: labelconfig.parse(p.read_bytes(), filename=p.name) for p in VALID}
USABLE = sorted(name for name, cfg in CONFIGS.items() if cfg.root is not None and cfg.controls)
# Differential runs: a quick default in CI; LABELCONFIG_EXAMPLES=5000 for a long run by hand.
EXAMPLES = int(os.environ.get("LABELCONFIG_EXAMPLES", "600"))


# --- regressions: each of these failed before the model ------------------------------------------

SENTIMENT = (
    '<View><Text name="review" value="$text"/><Choices name="sentiment" toName="review">'
    '<Choice value="Positive"/><Choice value="Negative"/></Choices></View>'
)
TWO_CONTROLS = SENTIMENT.replace("</View>", '<TextArea name="note" toName="review"/></View>')


@pytest.mark.parametrize("config", [SENTIMENT, TWO_CONTROLS])
def test_result_without_from_name_is_reported_through_the_shortcut(config: str, tmp_path: Path) -> None:
    line = {"result": [{"to_name": "review", "type": "choices", "value": {"choices": ["Positive"]}}]}
    path = tmp_path / "p.jsonl"
    path.write_bytes(orjson.dumps(line) + b"\n")
    cfg = labelconfig.parse(config)
    assert [d.code for d in labelconfig.check_files(cfg, predictions=str(path))] == ["LC801"]
    assert [d.code for d in cfg.check_prediction(line)] == ["LC801"]


HYPERTEXT = (
    '<View><HyperText name="page" value="$html"/><Labels name="lab" toName="page">'
    '<Label value="A"/></Labels></View>'
)


def test_hypertext_span_ends_are_xpaths_on_both_paths() -> None:
    cfg = labelconfig.parse(HYPERTEXT)
    value = {"start": "5", "end": "3", "startOffset": 0, "endOffset": 2, "labels": ["A"]}
    record = {"result": [{"from_name": "lab", "to_name": "page", "type": "labels", "value": value}]}
    fast = PayloadChecker(cfg).check_prediction(record)
    full = PayloadChecker(cfg, shortcuts=False).check_prediction(record)
    assert [(d.code, d.path) for d in fast] == [(d.code, d.path) for d in full]
    assert [(d.code, d.path) for d in full] == [
        ("LC815", "$.result[0].value.start"),
        ("LC815", "$.result[0].value.end"),
    ]


def test_control_result_is_the_builder() -> None:
    cfg = labelconfig.parse(SENTIMENT)
    result = cfg.controls["sentiment"].result(choice="Positive", score=0.5)
    assert result["value"] == {"choices": ["Positive"]} and result["score"] == 0.5
    assert cfg.controls["sentiment"].result_spec is not None
    with pytest.raises(labelconfig.PayloadError):
        cfg.controls["sentiment"].result(choice="positive")
    with pytest.raises(TypeError, match="no 'colour'"):
        cfg.controls["sentiment"].result(choice="Positive", colour="red")


BRUSH = (
    '<View><Image name="img" value="$image"/><BrushLabels name="mask" toName="img">'
    '<Label value="Sky"/></BrushLabels></View>'
)


def test_schema_refuses_an_empty_rle() -> None:
    cfg = labelconfig.parse(BRUSH)
    result = {
        "from_name": "mask",
        "to_name": "img",
        "type": "brushlabels",
        "original_width": 10,
        "original_height": 10,
        "value": {"format": "rle", "rle": [], "brushlabels": ["Sky"]},
    }
    assert [d.code for d in cfg.check_prediction({"result": [result]})] == ["LC812"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"result": [result]}, json_schema(cfg, "prediction"))


# --- the model is complete -------------------------------------------------------------------------


def _shapes() -> Iterator[tuple[str, ValueShape]]:
    def walk(name: str, shape: ValueShape) -> Iterator[tuple[str, ValueShape]]:
        yield name, shape
        for f in shape.fields:
            if f.items is not None:
                yield from walk(f"{name}.{f.key}", f.items)

    for spec in ALL:
        if spec.result is not None and spec.result.type is not None:
            for shape in spec.result.shapes():
                yield from walk(spec.result.type, shape)


def test_every_constraint_and_kind_has_every_reading() -> None:
    used = {type(c) for _, shape in _shapes() for c in shape.constraints}
    assert used == set(READERS), "a constraint without readings, or a reading of nothing"
    assert set(kinds.TYPES) == set(F) == set(kinds.DEFAULT_EXAMPLES)
    for reader in READERS.values():
        assert all(
            callable(x) for x in (reader.check, reader.fast, reader.types, reader.unexpressed, reader.sample)
        )


def test_every_shape_example_passes_its_field_checks() -> None:
    def nested(f: Field, obj: dict[str, Any], sink: Sink, path: str) -> bool:
        assert f.items is not None
        return all(g.key in obj or not g.required for g in f.items.fields)

    for name, shape in _shapes():
        for f in shape.fields:
            if f.holds_labels:
                continue
            sink = Sink()
            assert kinds.check(f, kinds.example(f), sink, f"{name}.{f.key}", nested), sink.out


def test_every_result_type_is_in_the_corpus_and_its_sample_lints_clean() -> None:
    types = {spec.result.type for spec in ALL if spec.result is not None and spec.result.type is not None}
    seen: set[str] = set()
    for name in USABLE:
        cfg = CONFIGS[name]
        task = sample(cfg)
        seen |= {r["type"] for r in task["predictions"][0]["result"]}
        assert cfg.check_task(task) == [], name
    assert types - seen == set()


def test_constraints_hold_on_the_samples_of_each_control() -> None:
    for name in USABLE:
        cfg = CONFIGS[name]
        model = ResultModel(cfg)
        task = sample(cfg)
        for r in task["predictions"][0]["result"]:
            found = model.lookup(r.get("from_name"))
            if found is None:
                continue
            c, targets = found
            shape = c.shape_for(targets.get(r["to_name"], ""), r["value"])
            for constraint in shape.constraints:
                sink = Sink()
                READERS[type(constraint)].check(
                    constraint, c, r["value"], set(r["value"]), sink, "$", Target(r["to_name"], task["data"])
                )
                assert sink.out == [], (name, constraint)


# --- the shortcut is sound over the corpus (differential) ------------------------------------------

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 2_000),
    st.floats(-5, 250, allow_nan=False),
    st.sampled_from(["", "Car", "positive", "/p[1]/text()[1]", "1", "2024-05-17", "x"]),
)


def _paths(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [at]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*at, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*at, i))
    return out


@st.composite
def _mutated(draw: st.DrawFn) -> tuple[str, dict[str, Any], dict[str, Any]]:
    name = draw(st.sampled_from(USABLE))
    task = sample(CONFIGS[name])
    record = copy.deepcopy(task["predictions"][0])
    for _ in range(draw(st.integers(0, 3))):
        paths = [p for p in _paths(record) if p]
        if not paths:
            break
        where = draw(st.sampled_from(paths))
        parent: Any = record
        for step in where[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["set", "delete", "swap", "duplicate"]))
        if action == "set":
            parent[where[-1]] = draw(_SCALARS)
        elif action == "delete":
            del parent[where[-1]]
        elif action == "swap" and isinstance(parent, dict):
            parent[where[-1] + "s"] = parent.pop(where[-1])
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[where[-1]]))
    return name, record, task["data"]


CHECKERS = {
    name: (PayloadChecker(CONFIGS[name]), PayloadChecker(CONFIGS[name], shortcuts=False)) for name in USABLE
}


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutated(), st.booleans())
def test_shortcut_is_sound_on_every_config(
    case: tuple[str, dict[str, Any], dict[str, Any]], annotated: bool
) -> None:
    name, record, _data = case
    fast, full = CHECKERS[name]
    kind = "annotations" if annotated else "predictions"
    shortcut = fast.shortcut(kind)
    reference = full.check_annotation(record) if annotated else full.check_prediction(record)
    if shortcut.accepts_object(record):
        assert reference == [], (name, record)
    if shortcut.decoder is not None:
        assert shortcut.accepts(orjson.dumps(record)) == shortcut.accepts_object(record)
    seen = fast.check_annotation(record) if annotated else fast.check_prediction(record)
    assert seen == reference


def test_the_shortcut_takes_the_valid_samples() -> None:
    """Soundness alone would allow a shortcut that accepts nothing: most valid samples must take it."""
    taken = 0
    for name in USABLE:
        fast, _ = CHECKERS[name]
        prediction = sample(CONFIGS[name])["predictions"][0]
        taken += fast.shortcut("predictions").accepts_object(prediction)
    assert taken >= len(USABLE) // 3, taken


# --- the schema and the linter agree --------------------------------------------------------------

# Codes of what the schema declares it cannot express: cross-field constraints, and what spans a
# whole result list (unique ids, references between results) or needs the task.
_UNEXPRESSED = {r.code.code for r in READERS.values()} | {"LC816", "LC817", "LC818"}
SCHEMA_CONFIGS = [n for n in USABLE if "Repeater" not in CONFIGS[n].text][:12]


@pytest.mark.parametrize("name", SCHEMA_CONFIGS)
def test_schema_instances_lint_without_other_errors(name: str) -> None:
    cfg = CONFIGS[name]
    schema = json_schema(cfg, "prediction")

    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
    @given(from_schema(schema))
    def check(instance: dict[str, Any]) -> None:
        errors = [d for d in cfg.check_prediction(instance) if d.is_error and d.code not in _UNEXPRESSED]
        assert errors == [], [f"{d.code} {d.path} {d.message}" for d in errors]

    check()


@pytest.mark.parametrize("name", USABLE)
def test_schema_refuses_single_field_errors_the_linter_refuses(name: str) -> None:
    """Each value field set to a wrong JSON type: the linter errs, and so does the schema."""
    cfg = CONFIGS[name]
    schema = json_schema(cfg, "prediction")
    prediction = sample(cfg)["predictions"][0]
    for i, r in enumerate(prediction["result"]):
        for key in list(r.get("value", {})):
            broken = copy.deepcopy(prediction)
            broken["result"][i]["value"][key] = {"\x00": "not this"}
            errors = [d for d in cfg.check_prediction(broken) if d.is_error]
            if errors and all(d.code not in _UNEXPRESSED for d in errors):
                with pytest.raises(jsonschema.ValidationError):
                    jsonschema.validate(broken, schema)


def test_the_unions_sentinel_name_is_refused_not_a_crash(tmp_path: Path) -> None:
    """The single-control union carries a sentinel member; a payload naming it takes the full check."""
    line = {"result": [{"from_name": "\x00none", "to_name": "review", "type": "choices", "value": {}}]}
    path = tmp_path / "p.jsonl"
    path.write_bytes(orjson.dumps(line) + b"\n")
    cfg = labelconfig.parse(SENTIMENT)
    assert not PayloadChecker(cfg).shortcut("predictions").accepts(orjson.dumps(line))
    assert [d.code for d in labelconfig.check_files(cfg, predictions=str(path))] == ["LC802"]
