"""`labelconfig sample` and `labelconfig schema`: samples lint clean and satisfy the schema, for every
config of the project's corpus; the schema refuses what the linter refuses on the common mistakes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

import labelconfig
from labelconfig.cli import main
from labelconfig.payloads.sample import sample
from labelconfig.payloads.schema import annotation_type, json_schema, prediction_type, task_type

VALID = sorted((Path(__file__).parent / "fixtures" / "valid").glob("*.xml"))
CONFIGS = {p.name: labelconfig.parse(p.read_bytes(), filename=p.name) for p in VALID}
USABLE = sorted(name for name, cfg in CONFIGS.items() if cfg.root is not None)


@settings(max_examples=len(USABLE) * 2, deadline=None)
@given(st.sampled_from(USABLE))
def test_sample_lints_clean_and_fits_the_schema(name: str) -> None:
    cfg = CONFIGS[name]
    task = sample(cfg)
    assert cfg.check_task(task) == [], name
    TypeAdapter(task_type(cfg)).validate_python(task)
    for prediction in task["predictions"]:
        assert cfg.check_prediction(prediction, task) == []
        TypeAdapter(prediction_type(cfg)).validate_python(prediction)
        TypeAdapter(annotation_type(cfg)).validate_python(prediction)


def test_every_corpus_config_yields_a_non_trivial_sample() -> None:
    with_results = [n for n in USABLE if sample(CONFIGS[n])["predictions"][0]["result"]]
    assert len(with_results) >= len(USABLE) - 3  # only configs without any result-producing control


SENTIMENT = (
    '<View><Text name="text" value="$review"/>'
    '<Choices name="sentiment" toName="text" choice="single">'
    '<Choice value="Positive"/><Choice value="Negative"/></Choices>'
    '<Rating name="stars" toName="text" maxRating="5"/></View>'
)


@pytest.mark.parametrize(
    "result",
    [
        {"from_name": "sentiment", "to_name": "text", "type": "choices", "value": {"choices": ["positive"]}},
        {
            "from_name": "sentiment",
            "to_name": "text",
            "type": "choices",
            "value": {"choices": ["Positive", "Negative"]},
        },
        {"from_name": "sentiment", "to_name": "txt", "type": "choices", "value": {"choices": ["Positive"]}},
        {"from_name": "stars", "to_name": "text", "type": "rating", "value": {"rating": 6}},
        {"from_name": "stars", "to_name": "text", "type": "rating", "value": {"rating": "3"}},
    ],
)
def test_schema_refuses_what_the_linter_refuses(result: dict[str, object]) -> None:
    cfg = labelconfig.parse(SENTIMENT)
    prediction = {"result": [result]}
    assert cfg.check_prediction(prediction)
    with pytest.raises(ValidationError):
        TypeAdapter(prediction_type(cfg)).validate_python(prediction)


def test_schema_puts_labels_and_bounds_in_json_schema() -> None:
    schema = json_schema(labelconfig.parse(SENTIMENT), "prediction")
    text = json.dumps(schema)
    assert '"enum": ["Positive", "Negative"]' in text or '"Positive", "Negative"' in text
    defs = schema["$defs"]
    assert defs["StarsValue"]["properties"]["rating"]["maximum"] == 5
    assert defs["SentimentValue"]["properties"]["choices"]["maxItems"] == 1


def test_cli_schema_and_sample(tmp_path: Path) -> None:
    config = tmp_path / "sentiment.xml"
    config.write_text(SENTIMENT)
    runner = CliRunner()
    result = runner.invoke(main, ["schema", str(config), "--for", "task"])
    assert result.exit_code == 0
    assert json.loads(result.output)["title"] == "Label Studio task"
    result = runner.invoke(main, ["sample", str(config)])
    assert result.exit_code == 0
    task = json.loads(result.output)
    assert labelconfig.parse(SENTIMENT).check_task(task) == []
    broken = tmp_path / "broken.xml"
    broken.write_text("<View><Choices name='c'/></View>")
    result = runner.invoke(main, ["sample", str(broken)])
    assert result.exit_code == 1 and "LC207" in result.output
