"""The config-independent JSON Schemas in schemas/: current, and in agreement with the linter."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

import labelconfig
from labelconfig.cli import main
from labelconfig.payload_schemas import KINDS, json_schema, schema_text
from labelconfig.payloads.sample import sample

HERE = Path(__file__).resolve().parent
SCHEMAS = HERE.parent / "schemas"
FIXTURES = HERE / "fixtures"
PAYLOADS = FIXTURES / "payloads"
KIND = {"tasks": "task", "predictions": "prediction", "annotations": "annotation"}

# Bad payload fixtures whose fault no config is needed to see: a record's shape, a value's keys and
# JSON types, bounds that hold for every config (percentages, RLE bytes), directions, scores.
GENERAL_FAULTS = (
    "LC704/bad_not_object.json",
    "LC801/bad_missing_keys.json",
    "LC801/bad_relation_without_to_id.json",
    "LC801/bad_string_result.json",
    "LC803/bad_list.json",
    "LC804/bad_camel_case.json",
    "LC804/bad_singular.json",
    "LC805/bad_box_without_height.json",
    "LC805/bad_paragraph_labels_key.json",
    "LC806/bad_bool_as_number.json",
    "LC806/bad_labels_string.json",
    "LC806/bad_string_coordinate.json",
    "LC806/bad_textarea_string.json",
    "LC807/bad_misspelt_labels_key.json",
    "LC810/bad_negative_width.json",
    "LC810/bad_percent_over_100.json",
    "LC810/bad_rle_byte.json",
    "LC812/bad_empty_rle.json",
    "LC812/bad_two_point_polygon.json",
    "LC815/bad_pairwise_side.json",
    "LC818/bad_direction.json",
    "LC902/bad_annotations_not_list.json",
    "LC902/bad_no_result.json",
    "LC903/bad_scores.json",
)


def _validator(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json_schema(kind))


def _records(path: Path) -> tuple[str, list[Any]]:
    fixture = json.loads(path.read_text(encoding="utf-8"))
    return KIND[fixture["kind"]], fixture["records"]


@pytest.mark.parametrize("kind", KINDS)
def test_checked_in_schemas_are_current(kind: str) -> None:
    path = SCHEMAS / f"{kind}.schema.json"
    assert path.read_text(encoding="utf-8") == schema_text(kind), (
        "schemas/ is stale: run `labelconfig json-schemas --dir schemas`"
    )
    jsonschema.Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))


def test_cli_writes_every_schema(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["json-schemas", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{k}.schema.json" for k in KINDS)
    printed = CliRunner().invoke(main, ["json-schemas", "--kind", "task"])
    assert printed.output == schema_text("task")


def test_cli_creates_the_schema_folder(tmp_path: Path) -> None:
    target = tmp_path / "new" / "schemas"
    result = CliRunner().invoke(main, ["json-schemas", "--dir", str(target)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in target.iterdir()) == sorted(f"{k}.schema.json" for k in KINDS)
    blocked = tmp_path / "file"
    blocked.write_text("")
    refused = CliRunner().invoke(main, ["json-schemas", "--dir", str(blocked / "sub")])
    assert refused.exit_code == 2
    assert "cannot create" in refused.output


GOOD = sorted(p for p in PAYLOADS.glob("*/good_*.json") if "records" in json.loads(p.read_text()))


@pytest.mark.parametrize("path", GOOD, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_accepts_records_the_linter_accepts(path: Path) -> None:
    kind, records = _records(path)
    validator = _validator(kind)
    for record in records:
        assert validator.is_valid(record), next(validator.iter_errors(record)).message


@pytest.mark.parametrize("name", GENERAL_FAULTS)
def test_rejects_faults_that_need_no_config(name: str) -> None:
    kind, records = _records(PAYLOADS / name)
    validator = _validator(kind)
    assert not all(validator.is_valid(r) for r in records)


CONFIGS = sorted((FIXTURES / "valid").glob("*.xml")) + sorted((FIXTURES / "realworld").glob("*.xml"))


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.name)
def test_accepts_samples_of_every_config(path: Path) -> None:
    cfg = labelconfig.load(path)
    if not cfg.ok:
        pytest.skip("no samples for a config with errors")
    task = sample(cfg)
    for kind, record in (
        ("task", task),
        ("export", [task]),
        *(("prediction", p) for p in task["predictions"]),
    ):
        validator = _validator(kind)
        assert validator.is_valid(record), next(validator.iter_errors(record)).message


def test_real_exports_are_rejected_only_when_the_linter_finds_errors() -> None:
    """The general schema sees less than the linter (no labels, no task text), never more."""
    rejected = accepted = 0
    for tasks in sorted((FIXTURES / "realworld").glob("*.tasks.json")):
        cfg = labelconfig.load(tasks.with_name(tasks.name.replace(".tasks.json", ".xml")))
        records = json.loads(tasks.read_text(encoding="utf-8"))
        # Task data (LC7xx) is judged against one config; the general schema only types it an object.
        found = [d for task in records for d in cfg.check_task(task) if not d.code.startswith("LC7")]
        if _validator("export").is_valid(records):
            accepted += 1
        else:
            assert any(d.severity == "error" for d in found), tasks.name
            rejected += 1
    assert accepted >= 10 and rejected >= 1  # ls-html-entity-recognition writes `htmllabels`
